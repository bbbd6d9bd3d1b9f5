#pragma once
// What BuildKit rejects after parsing, when it turns the tree into build instructions: unknown
// instructions and flags, wrong argument counts, malformed FROM, HEALTHCHECK and SHELL, and
// instructions before the first FROM. The parser's own errors stay in Document::errors, since
// BuildKit's parser (and its conformance fixtures) accept these.
#include <vector>

#include "syntax/syntax_tree.h"

namespace dfopt {

std::vector<SyntaxError> check_instructions(const Document& doc);

}  // namespace dfopt
