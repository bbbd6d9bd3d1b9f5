#include "rewrite/file_style.h"

#include <map>

#include "syntax/text.h"

namespace dfopt {
namespace {

template <typename Key>
Key most_common(const std::map<Key, int>& counts, Key fallback) {
  int best = 0;
  for (const auto& [key, count] : counts)
    if (count > best) {
      best = count;
      fallback = key;
    }
  return fallback;
}

std::string_view leading_blanks(std::string_view line) {
  std::size_t n = 0;
  while (n < line.size() && (line[n] == ' ' || line[n] == '\t')) ++n;
  return line.substr(0, n);
}

}  // namespace

std::string node_newline(const Document& doc, const Node& node, std::string_view fallback) {
  std::string_view text = doc.text(node.span);
  if (text.size() >= 2 && text.substr(text.size() - 2) == "\r\n") return "\r\n";
  if (!text.empty() && text.back() == '\n') return "\n";
  return std::string(fallback);
}

FileStyle detect_style(const Document& doc) {
  FileStyle style;
  style.escape = doc.escape;
  std::map<std::string, int> newlines;
  std::map<std::string, int> indents;
  int operator_at_end = 0;
  int operator_at_start = 0;
  for (const Node& node : doc.nodes) {
    ++newlines[node_newline(doc, node, "")];
    if (node.kind != NodeKind::Instruction || node.instruction->keyword != Keyword::Run) continue;
    bool after_continuation = false;
    for (const Token& token : node.tokens) {
      std::string_view text = doc.text(token.span);
      if (token.kind == TokenKind::Continuation) {
        after_continuation = true;
        continue;
      }
      if (token.kind != TokenKind::LineText) continue;
      std::string_view trimmed = trim(text);
      if (after_continuation) {
        if (!trimmed.empty()) ++indents[std::string(leading_blanks(text))];
        if (trimmed.starts_with("&&") || trimmed.starts_with("||")) ++operator_at_start;
      }
      if (trimmed.size() >= 2 &&
          (trimmed.ends_with("&&") || trimmed.ends_with("||")))
        ++operator_at_end;
      after_continuation = false;
    }
  }
  newlines.erase("");
  style.newline = most_common<std::string>(newlines, "\n");
  indents.erase("");
  style.indent = most_common<std::string>(indents, "    ");
  style.chain = operator_at_start > operator_at_end ? ChainPlacement::LineStart : ChainPlacement::LineEnd;
  return style;
}

const FileStyle& file_style(const Document& doc) {
  return doc.memo.get<FileStyle>([&doc] { return detect_style(doc); });
}

}  // namespace dfopt
