// Any bytes parse into a tree that prints back the input byte for byte, whose spans partition
// the input, and whose instruction checks and dumps do not crash.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "syntax/buildkit_dump.h"
#include "syntax/instruction_checks.h"
#include "syntax/parser.h"
#include "syntax/tree_dump.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string input(reinterpret_cast<const char*>(data), size);
  dfopt::Document doc = dfopt::parse_dockerfile(input, "fuzz");
  std::string printed;
  std::size_t expected_begin = 0;
  for (const dfopt::Node& node : doc.nodes) {
    if (node.span.begin != expected_begin) std::abort();  // nodes must partition the input
    expected_begin = node.span.end;
    printed += doc.text(node.span);
    std::size_t token_begin = node.span.begin;
    for (const dfopt::Token& token : node.tokens) {
      if (token.span.begin != token_begin) std::abort();
      token_begin = token.span.end;
    }
    if (!node.tokens.empty() && token_begin != node.span.end) std::abort();
  }
  if (printed != input) std::abort();
  if (doc.errors.empty()) {
    (void)dfopt::check_instructions(doc);
    (void)dfopt::buildkit_dump(doc);
  }
  (void)dfopt::tree_dump(doc);
  return 0;
}
