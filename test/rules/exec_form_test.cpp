// DF201 exec-form: input and expected output side by side, with the ENTRYPOINT/CMD interplay
// and every case that must stay in shell form.
#include <catch2/catch.hpp>

#include "engine/optimizer.h"
#include "transforms/registry.h"

using namespace dfopt;

namespace {

OptimizeResult run_rule(const std::string& input, bool unsafe = false) {
  OptimizeOptions options;
  options.apply_unsafe_fixes = unsafe;
  return optimize(input, "Dockerfile", {find_rule("DF201")}, options);
}

std::string fixed(const std::string& input, bool unsafe = false) {
  return run_rule(input, unsafe).output;
}

}  // namespace

TEST_CASE("DF201: literal commands become JSON exec form", "[rules][DF201]") {
  CHECK(fixed("FROM debian\nCMD nginx -g 'daemon off;'\n") ==
        "FROM debian\nCMD [\"nginx\", \"-g\", \"daemon off;\"]\n");
  CHECK(fixed("FROM debian\nCMD exec python3 app.py\n") == "FROM debian\nCMD [\"python3\", \"app.py\"]\n");
  CHECK(fixed("FROM scratch\nENTRYPOINT /bin/server --port=80\n") ==
        "FROM scratch\nENTRYPOINT [\"/bin/server\", \"--port=80\"]\n");
  CHECK(fixed("FROM node\nHEALTHCHECK --interval=5s CMD curl -f http://localhost/\n") ==
        "FROM node\nHEALTHCHECK --interval=5s CMD [\"curl\", \"-f\", \"http://localhost/\"]\n");
  // JSON escapes quotes and backslashes; keyword case, CRLF and continuation lines are handled.
  CHECK(fixed("FROM alpine\ncmd printf-like \"a\\\"b\" 'c\\d'\r\n") ==
        "FROM alpine\ncmd [\"printf-like\", \"a\\\"b\", \"c\\\\d\"]\r\n");
  CHECK(fixed("FROM alpine\nCMD app \\\n    --flag\n") == "FROM alpine\nCMD [\"app\", \"--flag\"]\n");
}

TEST_CASE("DF201: expansion keeps shell form and gets exec", "[rules][DF201]") {
  CHECK(fixed("FROM node\nENTRYPOINT java $JAVA_OPTS -jar /app.jar\n") ==
        "FROM node\nENTRYPOINT exec java $JAVA_OPTS -jar /app.jar\n");
  CHECK(fixed("FROM node\nCMD ./run --home=~ > /log 2>&1\n") ==
        "FROM node\nCMD exec ./run --home=~ > /log 2>&1\n");
}

TEST_CASE("DF201: CMD under an ENTRYPOINT that may receive it is unsafe", "[rules][DF201]") {
  for (std::string input : {"FROM node:20\nCMD node server.js\n",
                            "FROM debian\nENTRYPOINT [\"/entry.sh\"]\nCMD serve\n",
                            "FROM registry.example.com/debian\nCMD serve\n"}) {
    INFO(input);
    auto result = run_rule(input);
    CHECK(result.output == input);
    REQUIRE(result.findings.size() == 1);
    REQUIRE(result.findings[0].fix);
    CHECK(result.findings[0].fix->safety == FixSafety::Unsafe);
    CHECK(fixed(input, true) != input);
  }
  // A shell-form ENTRYPOINT ignores CMD; an inherited stage's known entrypoint counts.
  CHECK(fixed("FROM python:3.12-slim AS base\nFROM base\nCMD python app.py\n") ==
        "FROM python:3.12-slim AS base\nFROM base\nCMD [\"python\", \"app.py\"]\n");
}

TEST_CASE("DF201: ENTRYPOINT with a CMD in the stage is unsafe", "[rules][DF201]") {
  std::string input = "FROM debian\nENTRYPOINT server\nCMD [\"--verbose\"]\n";
  auto result = run_rule(input);
  CHECK(result.output == input);
  REQUIRE(result.findings.size() == 1);
  CHECK(result.findings[0].fix->safety == FixSafety::Unsafe);
}

TEST_CASE("DF201: not safe - stays as written", "[rules][DF201]") {
  for (std::string input : {
           "FROM debian\nCMD a && b\n",
           "FROM debian\nCMD a | b\n",
           "FROM debian\nCMD a; b\n",
           "FROM debian\nCMD FOO=1 app\n",
           "FROM debian\nCMD app # comment\n",
           "FROM debian\nCMD echo hello\n",
           "FROM debian\nCMD cd /app\n",
           "FROM debian\nCMD $APP\n",
           "FROM debian\nCMD exec\n",
           "FROM debian\nCMD [\"app\"]\n",
           "FROM debian\nHEALTHCHECK NONE\n",
           "FROM debian\nHEALTHCHECK CMD curl -f x || exit 1\n",
           "FROM debian\nSHELL [\"pwsh\", \"-c\"]\nCMD app\n",
           "FROM mcr.microsoft.com/windows/nanoserver\nCMD app.exe\n",
           "FROM debian\nCMD app \\\n# note\n  --x\n",
           "FROM debian\nONBUILD CMD app\n",
       }) {
    INFO(input);
    CHECK(fixed(input, true) == input);
  }
}

TEST_CASE("DF201: idempotent", "[rules][DF201]") {
  std::string once = fixed("FROM debian\nCMD app x\nHEALTHCHECK CMD check\n");
  CHECK(fixed(once) == once);
  CHECK(run_rule(once).findings.empty());
}
