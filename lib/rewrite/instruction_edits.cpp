#include "rewrite/instruction_edits.h"

#include "syntax/text.h"

namespace dfopt {

std::optional<Span> instruction_text_span(const Document& doc, const Node& node,
                                          const Instruction& instruction, std::size_t from) {
  std::size_t begin = instruction.line.to_source(from);
  std::optional<std::size_t> end;
  for (const Token& token : node.tokens) {
    if (token.kind == TokenKind::HeredocBody || token.kind == TokenKind::HeredocEnd) break;
    if (token.kind == TokenKind::CommentLine && token.span.begin > begin) return std::nullopt;
    if (token.kind == TokenKind::LineText && !trim(doc.text(token.span)).empty())
      end = token.span.end;
  }
  if (!end || *end < begin) return std::nullopt;
  while (*end > begin && is_blank(doc.source()[*end - 1])) --*end;
  return Span{begin, *end};
}

}  // namespace dfopt
