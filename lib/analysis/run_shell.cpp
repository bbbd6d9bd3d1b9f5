#include "analysis/run_shell.h"

#include <array>

#include "syntax/text.h"

namespace dfopt {
namespace {

std::string_view program_name(std::string_view path) {
  std::size_t slash = path.find_last_of("/\\");
  if (slash != std::string_view::npos) path = path.substr(slash + 1);
  return path;
}

}  // namespace

bool is_posix_shell_program(std::string_view program) {
  static constexpr std::array<std::string_view, 7> kPosix = {"sh",  "bash", "ash", "dash",
                                                             "ksh", "zsh",  "mksh"};
  for (std::string_view name : kPosix)
    if (program == name) return true;
  return false;
}

RunShell shell_from_instruction(const Instruction& shell) {
  RunShell out;
  out.default_shell = false;
  if (shell.form != ArgumentForm::Exec || shell.arguments.empty()) {
    out.argv.clear();
    out.posix = false;
    return out;
  }
  out.argv.assign(shell.arguments.begin(), shell.arguments.end());
  out.posix = is_posix_shell_program(program_name(shell.arguments.front()));
  if (!out.posix) return out;
  for (std::size_t i = 1; i < shell.arguments.size(); ++i) {
    std::string_view arg = shell.arguments[i];
    if (arg == "--login") out.login = true;
    if (arg.size() < 2 || arg[0] != '-' || arg[1] == '-') continue;
    // A cluster of short options: "-ec", "-lc", "-eux", "-euo pipefail".
    for (char c : arg.substr(1)) {
      if (c == 'e') out.errexit = true;
      if (c == 'l') out.login = true;
      if (c == 'i') out.interactive = true;
    }
    if (arg.back() == 'o' && i + 1 < shell.arguments.size()) {
      std::string_view option = shell.arguments[++i];
      if (option == "errexit") out.errexit = true;
      if (option == "pipefail") out.pipefail = true;
    }
  }
  return out;
}

RunShell windows_default_shell() {
  RunShell out;
  out.argv = {"cmd", "/S", "/C"};
  out.posix = false;
  return out;
}

}  // namespace dfopt
