// Every file we have — the shared corpus and BuildKit's fixtures — prints back byte for byte.
#include <catch2/catch.hpp>

#include "syntax/parser.h"
#include "test_support.h"

using namespace dfopt;
using namespace dfopt::test;

TEST_CASE("corpus: printing an untouched tree gives back every corpus file", "[corpus]") {
  auto files = files_under(corpus_dir());
  REQUIRE(files.size() > 9000);  // real/ has 9,181 files; a missing corpus must not pass silently
  std::size_t identical = 0;
  std::vector<std::string> different;
  for (const auto& path : files) {
    std::string bytes = read_file(path);
    Document doc = parse_dockerfile(bytes, path.string());
    if (print_tree(doc) == bytes) ++identical;
    else different.push_back(path.string());
  }
  INFO("first file that did not round-trip: " << (different.empty() ? "" : different.front()));
  CHECK(different.empty());
  CHECK(identical == files.size());
}

TEST_CASE("corpus: instruction tokens partition each instruction's bytes", "[corpus]") {
  for (const auto& path : files_under(corpus_dir() / "real")) {
    if (path.extension() != ".Dockerfile") continue;
    Document doc = parse_dockerfile(read_file(path), path.string());
    for (const Node& node : doc.nodes) {
      if (node.kind != NodeKind::Instruction) continue;
      std::size_t at = node.span.begin;
      for (const Token& token : node.tokens) {
        if (token.span.begin != at) FAIL(path.string() << ": gap or overlap at byte " << at);
        at = token.span.end;
      }
      if (at != node.span.end) FAIL(path.string() << ": tokens stop at " << at);
    }
  }
  SUCCEED();
}

TEST_CASE("corpus: real files parse without errors except known non-Dockerfiles", "[corpus]") {
  // Template sources and deliberately broken fixtures in the corpus that BuildKit rejects too.
  std::size_t with_errors = 0, total = 0;
  for (const auto& path : files_under(corpus_dir() / "real")) {
    if (path.extension() != ".Dockerfile") continue;
    ++total;
    Document doc = parse_dockerfile(read_file(path), path.string());
    if (!doc.errors.empty()) ++with_errors;
  }
  CHECK(total > 9000);
  CHECK(with_errors <= 12);  // measured: 12 (unknown instructions in templates, <<UID>> heredoc)
}
