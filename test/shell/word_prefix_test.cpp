// The fixed start of a shell word: what every environment gives before the first expansion.
#include <catch2/catch.hpp>

#include "shell/shell_parser.h"
#include "shell/word_prefix.h"

using namespace dfopt;

namespace {
std::string prefix_of_first_argument(std::string_view script) {
  ShellScript parsed = parse_shell(script);
  REQUIRE(parsed.parsed);
  const ShellCommand& command = parsed.list.items.front().and_or.pipelines.front().commands.front();
  REQUIRE(command.words.size() >= 2);
  return fixed_prefix(command.words[1]);
}
}  // namespace

TEST_CASE("fixed prefix: quotes removed up to the first expansion or pattern", "[shell][prefix]") {
  struct Case {
    std::string_view script;
    std::string_view prefix;
  };
  for (const Case& c : {Case{"x http://a.org/b", "http://a.org/b"},
                        Case{"x http://a.org/n-${V}.tgz", "http://a.org/n-"},
                        Case{"x \"http://a.org/$V\"", "http://a.org/"},
                        Case{"x 'http://a.org/$V'", "http://a.org/$V"},
                        Case{"x 'a'\"b\"c$(d)e", "abc"},
                        Case{"x a\\ b*c", "a b"},
                        Case{"x \"a\\$b\\q\"`c`", "a$b\\q"},
                        Case{"x http://a.org/?q=1", "http://a.org/"},
                        Case{"x [ab]c", ""},
                        Case{"x ~/bin", ""},
                        Case{"x a~b$c", "a~b"}}) {
    INFO(c.script);
    CHECK(prefix_of_first_argument(c.script) == c.prefix);
  }
}
