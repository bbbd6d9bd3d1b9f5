#pragma once
// Parses a POSIX sh script (a shell-form RUN body after continuation joining) into a tree.
// Never throws: what it cannot follow leaves `parsed == false` with a reason.
#include <string_view>

#include "shell/shell_syntax.h"

namespace dfopt {

ShellScript parse_shell(std::string_view script);

}  // namespace dfopt
