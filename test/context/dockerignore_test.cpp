#include <catch2/catch.hpp>

#include <string>

#include "context/dockerignore.h"
#include "context/path_pattern.h"

using namespace dfopt;

namespace {
bool matches(std::string_view pattern, std::string_view path) {
  auto compiled = PathPattern::compile(pattern);
  REQUIRE(compiled);
  return compiled->matches_path_or_parent(path);
}
}  // namespace

TEST_CASE("dockerignore: * and ? stay within one path component", "[context][dockerignore]") {
  CHECK(matches("*.md", "README.md"));
  CHECK_FALSE(matches("*.md", "docs/README.md"));
  CHECK(matches("docs/*.md", "docs/README.md"));
  CHECK(matches("a?c", "abc"));
  CHECK_FALSE(matches("a?c", "a/c"));
  CHECK_FALSE(matches("a?c", "ac"));
  CHECK(matches("*", "anything"));
}

TEST_CASE("dockerignore: ** spans any number of folders, none included", "[context][dockerignore]") {
  CHECK(matches("**/*.log", "a.log"));
  CHECK(matches("**/*.log", "a/b/c.log"));
  CHECK_FALSE(matches("**/*.log", "a/b/c.txt"));
  CHECK(matches("src/**", "src/a/b"));
  CHECK(matches("a/**/b", "a/b"));
  CHECK(matches("a/**/b", "a/x/y/b"));
  CHECK_FALSE(matches("a/**/b", "a/xb"));
  CHECK(matches("**", "x/y"));
}

TEST_CASE("dockerignore: a pattern matching a folder matches what is in it", "[context][dockerignore]") {
  CHECK(matches("node_modules", "node_modules/a/b.js"));
  CHECK(matches("build", "build/out"));
  CHECK_FALSE(matches("build", "rebuild/out"));
  CHECK_FALSE(matches("build", "src/build"));
}

TEST_CASE("dockerignore: classes and escapes", "[context][dockerignore]") {
  CHECK(matches("file[0-9].txt", "file7.txt"));
  CHECK_FALSE(matches("file[0-9].txt", "filex.txt"));
  CHECK(matches("file[^0-9].txt", "filex.txt"));
  CHECK(matches("[]a]", "]"));
  CHECK(matches("x[[:digit:]]", "x5"));
  CHECK_FALSE(matches("x[[:digit:]]", "xa"));
  CHECK(matches("\\*", "*"));
  CHECK_FALSE(matches("\\*", "a"));
  CHECK(matches("a.b", "a.b"));
  CHECK_FALSE(matches("a.b", "axb"));  // a dot is a dot, not a regular expression
  // BuildKit rejects these patterns; the line matches nothing.
  CHECK_FALSE(PathPattern::compile("a[bc"));
  CHECK_FALSE(PathPattern::compile("[z-a]"));
  CHECK_FALSE(PathPattern::compile("[[:nosuch:]]"));
}

TEST_CASE("dockerignore: the last matching pattern decides", "[context][dockerignore]") {
  DockerIgnore ignore("# comment\n*.md\n!README.md\n/tmp/\n  spaced  \r\nbad[\n");
  CHECK(ignore.excludes("CHANGES.md"));
  CHECK_FALSE(ignore.excludes("README.md"));
  CHECK(ignore.excludes("tmp/x"));
  CHECK(ignore.excludes("spaced"));
  CHECK_FALSE(ignore.excludes("src/main.c"));
  CHECK_FALSE(ignore.excludes("bad["));
  DockerIgnore everything_but_src("**\n!src\n!src/**\n");
  CHECK(everything_but_src.excludes("Makefile"));
  CHECK_FALSE(everything_but_src.excludes("src/a/b.c"));
}

// std::regex, which this matcher replaced, backtracked exponentially on such a pattern and
// overflowed its stack on long paths.
TEST_CASE("dockerignore: matching time does not explode", "[context][dockerignore]") {
  std::string stars;
  for (int i = 0; i < 200; ++i) stars += "*a";
  stars += "b";
  CHECK_FALSE(matches(stars, std::string(5000, 'a')));
  CHECK(matches("**/x", std::string(100000, 'a') + "/x"));
  std::string deep;
  for (int i = 0; i < 20000; ++i) deep += "d/";
  CHECK(matches("**/d/f", deep + "f"));
}
