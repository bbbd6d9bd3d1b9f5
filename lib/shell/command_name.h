#pragma once
// Which program a command word names, when the word fixes it.
#include <optional>
#include <string_view>

#include "shell/shell_syntax.h"

namespace dfopt {

// The name a command word runs, as written ("/usr/bin/apt-get", "[", "~/bin/tool",
// "$VENV/bin/pip": only its folder is computed); nullopt when the program itself is computed
// (`$CMD`, `$(which x)`, `pip$V`) or a glob.
std::optional<std::string_view> command_name(const ShellWord& word);

}  // namespace dfopt
