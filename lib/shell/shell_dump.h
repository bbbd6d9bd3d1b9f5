#pragma once
// A compact S-expression of a shell tree, for tests and `dfopt --dump=shell`:
// (list (and-or (pipeline (simple "apt-get" "update")) && (pipeline ...)) ;)
#include <string>

#include "shell/shell_syntax.h"

namespace dfopt {

std::string dump_shell(const ShellScript& script);

}  // namespace dfopt
