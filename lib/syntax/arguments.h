#pragma once
// BuildKit's per-instruction argument parsing ("line parsers"): turns the text after keyword and
// flags into the argument list BuildKit builds its AST from.
#include <optional>
#include <string>

#include "syntax/syntax_tree.h"

namespace dfopt {

// Fills `form` and `arguments` of an instruction whose keyword, line and arguments_offset are
// set. Returns the message of the error BuildKit would raise, if any.
std::optional<std::string> parse_arguments(Instruction& instruction, char escape);

}  // namespace dfopt
