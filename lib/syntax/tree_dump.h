#pragma once
// A readable dump of the concrete syntax tree, for debugging and for `dfopt --dump=tree`.
#include <string>

#include "syntax/syntax_tree.h"

namespace dfopt {

std::string tree_dump(const Document& doc);

}  // namespace dfopt
