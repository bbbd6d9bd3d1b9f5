// DF119 no-sudo: each case shows the input and the expected output side by side; the cases the
// rule only reports expect the input back unchanged. The fix is unsafe: applied only on request.
#include <catch2/catch.hpp>

#include "engine/optimizer.h"
#include "rules/rule_fixture.h"
#include "transforms/registry.h"

using namespace dfopt;

namespace {

constexpr std::string_view kRule = "DF119";

OptimizeResult run_rule(const std::string& input, bool unsafe = true) {
  return test::run_rule(kRule, input, unsafe);
}
std::string fixed(const std::string& input) { return run_rule(input).output; }
void check_reported_only(const std::string& input, std::size_t count = 1) {
  test::check_reported_only(kRule, input, count, true);
}
void check_idempotent(const std::string& input) { test::check_idempotent(kRule, input, true); }

}  // namespace

TEST_CASE("DF119: sudo goes where the stage runs as root", "[rules][DF119]") {
  CHECK(fixed("FROM debian\nUSER root\nRUN sudo apt-get update && sudo apt-get install -y curl\n") ==
        "FROM debian\nUSER root\nRUN apt-get update && apt-get install -y curl\n");
  CHECK(fixed("FROM debian\nUSER 0:0\nRUN echo x | sudo tee /etc/x\n") ==
        "FROM debian\nUSER 0:0\nRUN echo x | tee /etc/x\n");
  CHECK(fixed("FROM debian\nUSER root:root\nRUN /usr/bin/sudo  chown app /srv\n") ==
        "FROM debian\nUSER root:root\nRUN chown app /srv\n");
  CHECK(fixed("FROM scratch\nRUN sudo true\n") == "FROM scratch\nRUN true\n");
  // The user carries over to a stage built on this one.
  CHECK(fixed("FROM debian AS base\nUSER root\nFROM base\nRUN sudo make install\n") ==
        "FROM debian AS base\nUSER root\nFROM base\nRUN make install\n");
}

TEST_CASE("DF119: multi-line RUNs, CRLF and the backtick escape", "[rules][DF119]") {
  CHECK(fixed("FROM debian\nUSER root\nRUN set -x && \\\n    sudo make install\n") ==
        "FROM debian\nUSER root\nRUN set -x && \\\n    make install\n");
  CHECK(fixed("FROM debian\nUSER root\nRUN set -x \\\n    && sudo make \\\n    && sudo make install\n") ==
        "FROM debian\nUSER root\nRUN set -x \\\n    && make \\\n    && make install\n");
  CHECK(fixed("FROM debian\r\nUSER root\r\nRUN sudo make install\r\n") ==
        "FROM debian\r\nUSER root\r\nRUN make install\r\n");
  CHECK(fixed("# escape=`\nFROM debian\nUSER root\nRUN sudo make `\n    install\n") ==
        "# escape=`\nFROM debian\nUSER root\nRUN make `\n    install\n");
}

TEST_CASE("DF119: the fix is unsafe: reported only without --unsafe-fixes", "[rules][DF119]") {
  std::string in = "FROM debian\nUSER root\nRUN sudo make install\n";
  auto result = run_rule(in, false);
  CHECK(result.output == in);
  REQUIRE(result.findings.size() == 1);
  REQUIRE(result.findings[0].fix.has_value());
  CHECK(result.findings[0].fix->safety == FixSafety::Unsafe);
  CHECK(in.substr(result.findings[0].offset, 4) == "sudo");
}

TEST_CASE("DF119: unknown or non-root user: reported only", "[rules][DF119]") {
  check_reported_only("FROM debian\nRUN sudo make install\n");
  check_reported_only("FROM debian\nUSER app\nRUN sudo make install\n");
  check_reported_only("FROM debian\nUSER 1000:1000\nRUN sudo make install\n");
  check_reported_only("FROM debian\nUSER root\nUSER $APP_USER\nRUN sudo make install\n");
  check_reported_only("FROM debian\nUSER root\nRUN sudo -u app make\nUSER app\nRUN sudo make\n", 2);
  // A later stage from another image does not inherit USER.
  check_reported_only("FROM debian\nUSER root\nFROM debian\nRUN sudo make install\n");
}

TEST_CASE("DF119: sudo with options, without a command, or before a line break", "[rules][DF119]") {
  for (std::string args : {"-u app make", "-E make", "-H pip install x", "-i", "-s", "-- make",
                           "--preserve-env make"})
    check_reported_only("FROM debian\nUSER root\nRUN sudo " + args + "\n");
  check_reported_only("FROM debian\nUSER root\nRUN sudo\n");
  check_reported_only("FROM debian\nUSER root\nRUN sudo \\\n    make install\n");
}

TEST_CASE("DF119: not sudo, or RUNs the rule cannot follow", "[rules][DF119]") {
  for (std::string in : {
           "FROM debian\nUSER root\nRUN echo sudo\n",
           "FROM debian\nUSER root\nRUN apt-get install -y sudo\n",
           "FROM debian\nUSER root\nRUN [\"sudo\", \"make\"]\n",
           "FROM debian\nUSER root\nRUN <<EOF\nsudo make\nEOF\n",
           "FROM debian\nUSER root\nSHELL [\"powershell\", \"-Command\"]\nRUN sudo make\n",
           "FROM mcr.microsoft.com/windows/servercore:ltsc2022\nUSER root\nRUN sudo make\n",
           "FROM debian\nUSER root\nRUN sudo make && echo \"unterminated\n",
           "FROM debian\nUSER root\nONBUILD RUN sudo make\n",
       }) {
    INFO(in);
    CHECK(fixed(in) == in);
    CHECK(run_rule(in).findings.empty());
  }
}

TEST_CASE("DF119: the fix is idempotent", "[rules][DF119]") {
  for (std::string in : {"FROM debian\nUSER root\nRUN sudo a && sudo -E b | sudo c\n",
                         "FROM scratch\r\nRUN sudo true\r\n"})
    check_idempotent(in);
}
