// The whole pipeline with every rule and unsafe fixes: no crash; when the input is a valid
// Dockerfile, the output is one too, fixing the output again changes nothing, and what no rule
// may rewrite survives: every comment and every heredoc body of the input is in the output.
#include <cstdint>
#include <cstdlib>
#include <map>
#include <string>
#include <string_view>

#include "engine/optimizer.h"
#include "syntax/parser.h"
#include "syntax/text.h"
#include "transforms/registry.h"

namespace {

// Comment text (trimmed, from comment lines and comment lines inside continuations) and heredoc
// bodies, with how often each occurs.
std::map<std::string, int> untouchable_parts(const dfopt::Document& doc) {
  std::map<std::string, int> parts;
  for (const dfopt::Node& node : doc.nodes) {
    if (node.kind == dfopt::NodeKind::Comment)
      ++parts["#" + std::string(dfopt::trim(doc.text(node.span)))];
    for (const dfopt::Token& token : node.tokens) {
      if (token.kind == dfopt::TokenKind::CommentLine)
        ++parts["#" + std::string(dfopt::trim(doc.text(token.span)))];
      if (token.kind == dfopt::TokenKind::HeredocBody) ++parts["<" + std::string(doc.text(token.span))];
    }
  }
  return parts;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 64 * 1024) return 0;  // big inputs only slow the search down
  std::string input(reinterpret_cast<const char*>(data), size);
  dfopt::OptimizeOptions options;
  options.apply_unsafe_fixes = true;
  dfopt::OptimizeResult first = dfopt::optimize(input, "Dockerfile", dfopt::all_rules(), options);
  if (!first.errors.empty()) {
    if (first.output != input) std::abort();  // rejected input is never changed
    return 0;
  }
  if (!first.internal_errors.empty()) std::abort();  // a fix produced an unparsable file
  if (!first.converged) std::abort();
  dfopt::OptimizeResult second = dfopt::optimize(first.output, "Dockerfile", dfopt::all_rules(), options);
  if (!second.errors.empty()) std::abort();
  if (second.output != first.output) std::abort();  // not idempotent
  if (first.output != input) {
    std::map<std::string, int> before = untouchable_parts(dfopt::parse_dockerfile(input, "Dockerfile"));
    std::map<std::string, int> after = untouchable_parts(dfopt::parse_dockerfile(first.output, "Dockerfile"));
    for (const auto& [part, count] : before) {
      auto it = after.find(part);
      if (it == after.end() || it->second < count) std::abort();  // a comment or heredoc lost
    }
  }
  return 0;
}
