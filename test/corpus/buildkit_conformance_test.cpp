// BuildKit's own parser fixtures: the dump of every positive case matches its `result` file,
// and every negative case is rejected with a file:line:col error.
#include <catch2/catch.hpp>

#include "syntax/buildkit_dump.h"
#include "syntax/parser.h"
#include "test_support.h"

using namespace dfopt;
using namespace dfopt::test;
namespace fs = std::filesystem;

namespace {
fs::path buildkit_dir() { return corpus_dir() / "conformance" / "buildkit"; }
}  // namespace

TEST_CASE("conformance: every BuildKit testfiles case dumps exactly like its result", "[conformance]") {
  int cases = 0;
  for (const auto& entry : fs::directory_iterator(buildkit_dir() / "testfiles")) {
    ++cases;
    std::string name = entry.path().filename().string();
    Document doc = parse_dockerfile(read_file(entry.path() / "Dockerfile"), name);
    INFO("case " << name);
    CHECK(doc.errors.empty());
    CHECK(buildkit_dump(doc) == read_file(entry.path() / "result"));
  }
  CHECK(cases == 33);
}

TEST_CASE("conformance: every BuildKit negative case is rejected with a position", "[conformance]") {
  int cases = 0;
  for (const auto& entry : fs::directory_iterator(buildkit_dir() / "testfiles-negative")) {
    ++cases;
    std::string bytes = read_file(entry.path() / "Dockerfile");
    Document doc = parse_dockerfile(bytes, "Dockerfile");
    INFO("case " << entry.path().filename().string());
    REQUIRE_FALSE(doc.errors.empty());
    Position p = doc.position(doc.errors.front().offset);
    CHECK(p.line >= 1);
    CHECK_FALSE(doc.errors.front().message.empty());
    CHECK(print_tree(doc) == bytes);  // rejected files still round-trip
  }
  CHECK(cases == 4);
}

TEST_CASE("conformance: negative cases give BuildKit's messages", "[conformance]") {
  auto first_error = [](const std::string& c) {
    Document doc = parse_dockerfile(read_file(buildkit_dir() / "testfiles-negative" / c / "Dockerfile"));
    return doc.errors.empty() ? std::string() : doc.errors.front().message;
  };
  CHECK(first_error("empty_dockerfile") == "file with no instructions");
  CHECK(first_error("only_comments") == "file with no instructions");
  CHECK(first_error("env_no_value") == "ENV must have two arguments");
  CHECK(first_error("shykes-nested-json") ==
        "when using JSON array syntax, arrays must be comprised of strings only");
}

TEST_CASE("conformance: instruction line spans of testfile-line", "[conformance]") {
  Document doc = parse_dockerfile(read_file(buildkit_dir() / "testfile-line" / "Dockerfile"));
  std::vector<std::pair<std::uint32_t, std::uint32_t>> spans;
  for (const Node* node : doc.instructions()) {
    // BuildKit's span ends on the instruction's last line: the line of its last content byte.
    std::size_t last = node->span.end - 1;
    while (last > node->span.begin && (doc.source()[last] == '\n' || doc.source()[last] == '\r')) --last;
    spans.emplace_back(doc.position(node->span.begin).line, doc.position(last).line);
  }
  std::vector<std::pair<std::uint32_t, std::uint32_t>> expected{{5, 5}, {11, 12}, {17, 31}};
  CHECK(spans == expected);
}
