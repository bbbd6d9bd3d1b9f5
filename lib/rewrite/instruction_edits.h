#pragma once
// Where an instruction's text can be replaced as a whole.
#include <optional>

#include "syntax/syntax_tree.h"

namespace dfopt {

// The document span from logical offset `from` of the instruction to the end of its last
// non-blank text (trailing blanks, the newline and heredoc bodies excluded). nullopt when a
// comment line sits inside that span: replacing it would lose the comment.
std::optional<Span> instruction_text_span(const Document& doc, const Node& node,
                                          const Instruction& instruction, std::size_t from);

}  // namespace dfopt
