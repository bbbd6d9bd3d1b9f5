#pragma once
// The shell that runs a shell-form RUN, CMD, ENTRYPOINT or HEALTHCHECK: `/bin/sh -c` unless a
// `SHELL` instruction says otherwise, and what its options change for dfopt's rewrites.
//   errexit (`-e`, `-o errexit`): `X && Y` suspends errexit inside X, so merging RUNs whose
//     first ends in a compound command (`{ a; b; }`, `if … fi`) changes when the build stops;
//   login / interactive (`-l`, `--login`, `-i`): profile and rc files run first, so a shell
//     form finds programs, variables and aliases that exec form does not.
#include <string>
#include <vector>

#include "syntax/syntax_tree.h"

namespace dfopt {

struct RunShell {
  std::vector<std::string> argv = {"/bin/sh", "-c"};
  bool posix = true;        // sh, bash, dash, ash, ksh, zsh, mksh
  bool errexit = false;     // -e, -o errexit
  bool pipefail = false;    // -o pipefail
  bool login = false;       // -l, --login
  bool interactive = false; // -i
  bool default_shell = true;  // no SHELL instruction changed it

  // The options make a shell form run differently from the same program in exec form.
  bool reads_startup_files() const { return login || interactive; }
};

// The shell a `SHELL` instruction sets (its exec-form arguments); a SHELL dfopt cannot read is
// treated as not POSIX.
RunShell shell_from_instruction(const Instruction& shell);

// sh, bash, dash, ash, ksh, zsh, mksh: a program name without its folder.
bool is_posix_shell_program(std::string_view name);

// Windows' default: `cmd /S /C`.
RunShell windows_default_shell();

}  // namespace dfopt
