#include "syntax/syntax_tree.h"

#include <algorithm>

#include "syntax/text.h"

namespace dfopt {

void LogicalLine::append(std::string_view bytes, std::size_t source_offset) {
  if (bytes.empty()) return;
  if (!pieces_.empty()) {
    Piece& last = pieces_.back();
    if (last.source + last.length == source_offset) {  // contiguous: extend, keep the map small
      last.length += bytes.size();
      text_.append(bytes);
      return;
    }
  }
  pieces_.push_back({text_.size(), source_offset, bytes.size()});
  text_.append(bytes);
}

LogicalLine LogicalLine::slice(std::size_t from) const {
  LogicalLine out;
  for (const Piece& piece : pieces_) {
    std::size_t end = piece.logical + piece.length;
    if (end <= from) continue;
    std::size_t skip = from > piece.logical ? from - piece.logical : 0;
    out.append(std::string_view(text_).substr(piece.logical + skip, piece.length - skip),
               piece.source + skip);
  }
  return out;
}

std::size_t LogicalLine::to_source(std::size_t logical) const {
  if (pieces_.empty()) return 0;
  auto it = std::upper_bound(pieces_.begin(), pieces_.end(), logical,
                             [](std::size_t value, const Piece& p) { return value < p.logical; });
  const Piece& piece = *std::prev(it);
  return piece.source + std::min(logical - piece.logical, piece.length);
}

Span LogicalLine::to_source(std::size_t begin, std::size_t end) const {
  if (begin >= end) {
    std::size_t at = to_source(begin);
    return {at, at};
  }
  // The end maps through its last byte so a span never swallows a following continuation.
  return {to_source(begin), to_source(end - 1) + 1};
}

std::string_view Flag::name() const {
  std::string_view t = text;
  if (t.starts_with("--")) t.remove_prefix(2);
  return t.substr(0, t.find('='));
}

std::optional<std::string_view> Flag::value() const {
  std::string_view t = text;
  auto eq = t.find('=');
  if (eq == std::string_view::npos) return std::nullopt;
  return t.substr(eq + 1);
}

std::string_view Instruction::arguments_text() const {
  return trim(std::string_view(line.text()).substr(std::min(arguments_offset, line.text().size())));
}

const Flag* Instruction::flag(std::string_view name) const {
  for (const Flag& f : flags)
    if (iequals(f.name(), name)) return &f;
  return nullptr;
}

bool Instruction::has_flag(std::string_view name) const { return flag(name) != nullptr; }

std::string_view node_kind_name(NodeKind kind) {
  switch (kind) {
    case NodeKind::ByteOrderMark: return "ByteOrderMark";
    case NodeKind::Directive: return "Directive";
    case NodeKind::Comment: return "Comment";
    case NodeKind::BlankLine: return "BlankLine";
    case NodeKind::Instruction: return "Instruction";
  }
  return "?";
}

std::string_view token_kind_name(TokenKind kind) {
  switch (kind) {
    case TokenKind::LineText: return "LineText";
    case TokenKind::Continuation: return "Continuation";
    case TokenKind::Newline: return "Newline";
    case TokenKind::CommentLine: return "CommentLine";
    case TokenKind::EmptyLine: return "EmptyLine";
    case TokenKind::HeredocBody: return "HeredocBody";
    case TokenKind::HeredocEnd: return "HeredocEnd";
  }
  return "?";
}

Document::Document(std::string source, std::string path)
    : source_(std::move(source)), path_(std::move(path)), lines_(source_) {}

const std::vector<const Node*>& Document::instructions() const {
  using InstructionList = std::vector<const Node*>;
  return memo.get<InstructionList>([this] {
    InstructionList out;
    for (const Node& node : nodes)
      if (node.kind == NodeKind::Instruction) out.push_back(&node);
    return out;
  });
}

}  // namespace dfopt
