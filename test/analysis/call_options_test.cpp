// Whether a call has an option, in every getopt spelling.
#include <catch2/catch.hpp>

#include "analysis/call_options.h"
#include "shell/shell_parser.h"

using namespace dfopt;

namespace {

constexpr OptionSpelling kL{.long_name = "--no-log-init", .short_name = 'l',
                            .value_letters = "gu", .value_longs = {"--comment"}};

bool has(std::string_view text) {
  ShellScript script = parse_shell(text);
  REQUIRE(script.parsed);
  ProgramCalls calls(script);
  REQUIRE(calls.calls().size() == 1);
  return has_option(calls.calls()[0], kL);
}

}  // namespace

TEST_CASE("call options: every spelling of an option, and what only looks like one", "[analysis][call-options]") {
  for (std::string_view yes : {"useradd -l a", "useradd --no-log-init a", "useradd --no-log-init=1 a",
                               "useradd -rlm a", "useradd -lu 1 a", "sudo useradd -m -l a"})
    CHECK(has(yes));
  for (std::string_view no : {"useradd a", "useradd -gl a", "useradd -g -l a", "useradd --comment -l a",
                              "useradd -- -l", "useradd --no-log-initx a", "useradd l"})
    CHECK_FALSE(has(no));
}
