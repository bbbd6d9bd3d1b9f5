#pragma once
// Which programs a script really runs. A simple command's first word is often not the program
// that matters: `sudo apt-get install`, `env DEBIAN_FRONTEND=noninteractive apt-get install`,
// `xargs -a pkgs apt-get install -y`, `bash -c "apt-get update"`, `$(npm bin)/x`. The model
// sees through wrappers that only change how a program runs (user, environment, priority,
// buffering, argument source, an inner shell), parses the scripts given to `sh -c`, `su -c` and
// `eval`, and those in `$(…)` and backquotes, and says when it could not (a computed command
// name, `sh -c "$X"`): rules that must see *every* command then treat the script as unknown.
//
// Wrappers that change *where* a program acts (`chroot`, `ssh`, `docker exec`) are not seen
// through: an install inside a chroot is not an install in the image's root.
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "shell/command_name.h"
#include "shell/shell_syntax.h"

namespace dfopt {

struct ProgramCall {
  const ShellCommand* command = nullptr;  // the simple command holding the call
  std::size_t name_index = 0;             // the program's name is command->words[name_index]
  std::string_view program;               // that name's last path component: "apt-get";
                                          // empty when the name is computed ("$CMD")

  // Inside a script given to `sh -c`/`su -c`/`eval` or a `$(…)`/backquote body: its spans are
  // offsets into that inner text, not into the RUN's script, so no fix may edit it.
  bool nested = false;
  // Runs in a child process or subshell of the script's shell (a wrapper program, `( … )`, a
  // pipeline of several commands, an inner shell): its shell-state changes do not persist.
  bool in_child = false;
  // Run through sudo, su, gosu, su-exec, chpst or setpriv: as another user, usually root.
  bool switches_user = false;
  bool through_sudo = false;  // `sudo` itself: an appended cleanup needs it too
  // Through `xargs`: more arguments come from its input.
  bool reads_arguments = false;
  // Its standard output is read, not left to the build log: by the next command of its
  // pipeline (`curl … | sh`), or by the word a `$(…)` or backquote makes (`V=$(curl …)`).
  bool output_consumed = false;
  // May not run, or may fail unseen, when the script succeeds: in an if/for/while/until/case or
  // function body, before or after an `||`, negated, backgrounded, before the last command of a
  // pipeline, or in a `$(…)`. A call that is not conditional has run and succeeded whenever the
  // script succeeds under errexit-like chaining (`a; b` counts `a` too, as authors mean it).
  bool conditional = false;

  const std::vector<ShellWord>& words() const { return command->words; }
  // Argument `i` of the program (0 = first after its name), or nullptr.
  const ShellWord* argument(std::size_t i) const {
    return name_index + 1 + i < command->words.size() ? &command->words[name_index + 1 + i]
                                                      : nullptr;
  }
  std::size_t argument_count() const { return command->words.size() - name_index - 1; }
};

class ProgramCalls {
 public:
  explicit ProgramCalls(const ShellScript& script);

  // Every call in source order (a `$(…)` before the command whose word holds it); wrappers
  // themselves are not calls. Only parsed scripts have calls.
  const std::vector<ProgramCall>& calls() const { return calls_; }
  // False when some program could not be known: a computed command name (`$CMD install`), an
  // inner script that is not literal (`sh -c "$X"`) or does not parse.
  bool complete() const { return complete_; }
  // Why not complete: "runs a command whose name is computed ('$CMD')".
  std::string_view unknown_reason() const { return unknown_reason_; }

 private:
  // `where` carries the context flags (nested, in_child, switches_user, ...) of what is added.
  void add_list(const ShellList& list, const ProgramCall& where, unsigned depth);
  void add_command(const ShellCommand& command, const ProgramCall& where, unsigned depth);
  void add_nested_script(std::string text, const ProgramCall& where, unsigned depth);
  void add_substitutions(const ShellWord& word, const ProgramCall& where, unsigned depth);
  void mark_unknown(std::string reason);

  std::vector<ProgramCall> calls_;
  std::vector<std::shared_ptr<const ShellScript>> nested_;  // owns the inner scripts' trees
  bool complete_ = true;
  std::string unknown_reason_;
};

// The calls of a script, computed once per script tree (memoized on it).
const ProgramCalls& program_calls(const ShellScript& script);


// True when the program name is one of the wrappers the model sees through, or a shell that
// runs a `-c` string ("sudo", "env", "bash", ...).
bool is_wrapper_program(std::string_view name);

}  // namespace dfopt
