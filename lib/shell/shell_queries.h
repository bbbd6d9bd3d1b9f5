#pragma once
// Questions the RUN passes ask about a parsed script.
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "shell/shell_syntax.h"

namespace dfopt {

// Every simple command of the script in source order, inside compound commands and subshells
// too (command substitutions inside words are not walked).
std::vector<const ShellCommand*> simple_commands(const ShellList& list);

// Whether `command` (a simple command of `list`, found by address) writes its standard output
// into the next command of its pipeline (`curl … | tar x`), inside compound commands too.
bool pipes_into_next(const ShellList& list, const ShellCommand& command);

// True when the script is one `&&` chain (a final `;` allowed) with no `&`, `||` or list at the
// top level, so `X && <script>` fails exactly when X or the script fails.
bool is_and_chain(const ShellScript& script);

// The last pipeline of the script holds a compound command (`{ …; }`, `( … )`, `if`, a loop).
// Under errexit its inner failures stop the shell only while no `&&` follows it.
bool ends_in_compound_command(const ShellScript& script);

// The shell comment ending the script, if any ("RUN make # build").
std::optional<Span> trailing_comment(const ShellScript& script);

// The commands the shell would run, as "name arg arg" lines (raw words, joined by one space),
// in source order, with redirections; used to compare scripts before and after a rewrite.
std::vector<std::string> command_lines(const ShellScript& script);

}  // namespace dfopt
