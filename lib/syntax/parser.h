#pragma once
// Dockerfile text -> lossless syntax tree. Never fails: any byte sequence gives a tree that prints
// back to the same bytes; what BuildKit would reject is listed in Document::errors.
#include <string>

#include "syntax/syntax_tree.h"

namespace dfopt {

Document parse_dockerfile(std::string source, std::string path = "Dockerfile");

}  // namespace dfopt
