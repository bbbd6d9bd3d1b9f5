#pragma once
// What running a script does to the shell that runs it, as far as a command run after it in the
// same shell could tell: the working directory, variables, options, functions, aliases, traps,
// limits, open files, background jobs, or the shell ending early. Merging `RUN X` and `RUN Y`
// into `RUN X && Y` is only safe when X changes none of it (brief §3), so the model is
// conservative: whatever it cannot prove state-free counts as a change.
#include <optional>
#include <string>

#include "shell/shell_syntax.h"

namespace dfopt {

// Why a command run after `script` in the same shell could behave differently from one run in a
// fresh shell; nullopt when the script provably leaves the shell as it found it.
std::optional<std::string> state_change(const ShellScript& script);

// Why `script` could behave differently when it runs after other commands in the same shell
// rather than in a fresh one, whatever those commands did to the state: it reads `$_` or
// `$LINENO`, whose values depend on what ran before. nullopt when it cannot tell the difference.
std::optional<std::string> reads_shell_history(const ShellScript& script);

// True when the script may turn errexit on for what follows it in the same shell: a `set` whose
// options may hold -e (`set -e`, `set -ex`, `set -o errexit`, `set $FLAGS`), a `source`/`.`, or
// a program dfopt cannot name. Inner shells (`sh -c`, `( … )`) do not count.
bool may_enable_errexit(const ShellScript& script);

}  // namespace dfopt
