// BuildKit's instruction-level rejections, each with its message and position.
#include <catch2/catch.hpp>

#include "syntax/instruction_checks.h"
#include "syntax/parser.h"

using namespace dfopt;

namespace {

// "line:col: message" of the first instruction-level error, or "" when there is none.
std::string first_error(const std::string& text) {
  Document doc = parse_dockerfile(text);
  REQUIRE(doc.errors.empty());
  auto errors = check_instructions(doc);
  if (errors.empty()) return "";
  Position p = doc.position(errors.front().offset);
  return std::to_string(p.line) + ":" + std::to_string(p.column) + ": " + errors.front().message;
}

}  // namespace

TEST_CASE("instruction checks: valid files pass", "[syntax][checks]") {
  CHECK(first_error("ARG V=1\nFROM a:${V} AS build\nRUN --mount=type=cache,target=/x make\n"
                    "COPY --from=build --chown=1:1 --chmod=644 --link a b\nADD --checksum=sha256:x u /d\n"
                    "HEALTHCHECK --interval=5s CMD true\nHEALTHCHECK NONE\nSHELL [\"bash\", \"-c\"]\n"
                    "ONBUILD RUN x\nEXPOSE 80\nVOLUME /v\nUSER me\nWORKDIR /w\nSTOPSIGNAL TERM\n"
                    "ENV a=b\nLABEL a=b\nMAINTAINER me\nCMD x\nENTRYPOINT [\"x\"]\n") == "");
}

TEST_CASE("instruction checks: unknown instructions and flags", "[syntax][checks]") {
  CHECK(first_error("FROM a\n  FOO bar\n") == "2:3: unknown instruction: FOO");
  CHECK(first_error("FROM a\nCOPY --user=me a b\n") == "2:1: unknown flag: user");
  CHECK(first_error("FROM --frob=1 a\n") == "1:1: unknown flag: frob");
  CHECK(first_error("FROM a\nCMD --doit [\"a\"]\n") == "2:1: unknown flag: doit");
  CHECK(first_error("FROM a\nONBUILD COPY --nope a b\n") == "2:1: unknown flag: nope");
}

TEST_CASE("instruction checks: argument counts", "[syntax][checks]") {
  CHECK(first_error("FROM\n") == "1:1: FROM requires either one or three arguments");
  CHECK(first_error("FROM a b\n") == "1:1: FROM requires either one or three arguments");
  CHECK(first_error("FROM a AS 1x\n") ==
        "1:1: invalid name for build stage: \"1x\", name can't start with a number or contain symbols");
  CHECK(first_error("FROM a\nCOPY a\n") ==
        "2:1: COPY requires at least two arguments, but only one was provided. Destination could not be determined.");
  CHECK(first_error("FROM a\nWORKDIR\n") == "2:1: WORKDIR requires exactly one argument");
  CHECK(first_error("FROM a\nUSER\n") == "2:1: USER requires exactly one argument");
  CHECK(first_error("FROM a\nEXPOSE\n") == "2:1: EXPOSE requires at least one argument");
  CHECK(first_error("FROM a\nONBUILD\n") == "2:1: ONBUILD requires at least one argument");
  CHECK(first_error("FROM a\nENV =x\n") == "2:1: ENV names can not be blank");
}

TEST_CASE("instruction checks: HEALTHCHECK, SHELL, ONBUILD triggers", "[syntax][checks]") {
  CHECK(first_error("FROM a\nHEALTHCHECK NONE x\n") == "2:1: HEALTHCHECK NONE takes no arguments");
  CHECK(first_error("FROM a\nHEALTHCHECK CONNECT TCP\n") == "2:1: Unknown type \"CONNECT\" in HEALTHCHECK (try CMD)");
  CHECK(first_error("FROM a\nHEALTHCHECK CMD\n") == "2:1: Missing command after HEALTHCHECK CMD");
  CHECK(first_error("FROM a\nSHELL bash -c\n") == "2:1: SHELL requires the arguments to be in JSON form");
  CHECK(first_error("FROM a\nONBUILD ONBUILD RUN x\n") == "2:1: Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed");
  CHECK(first_error("FROM a\nONBUILD FROM b\n") == "2:1: FROM isn't allowed as an ONBUILD trigger");
}

TEST_CASE("instruction checks: only ARG may come before the first FROM", "[syntax][checks]") {
  CHECK(first_error("ARG X\nFROM a\n") == "");
  CHECK(first_error("RUN x\nFROM a\n") == "1:1: no build stage in current context");
}
