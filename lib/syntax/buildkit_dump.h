#pragma once
// The parse written the way BuildKit's `Node.Dump()` writes it, one S-expression per instruction
// (the format of BuildKit's parser test `result` files).
#include <string>
#include <string_view>

#include "syntax/syntax_tree.h"

namespace dfopt {

std::string buildkit_dump(const Document& doc);

// Go's strconv.Quote: a double-quoted string literal with Go escapes.
std::string go_quote(std::string_view text);

}  // namespace dfopt
