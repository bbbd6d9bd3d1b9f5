// DF115 apk-no-cache: each case shows the input and the expected output side by side; the
// not-safe cases expect the input back unchanged.
#include <catch2/catch.hpp>

#include "engine/optimizer.h"
#include "rules/rule_fixture.h"
#include "transforms/registry.h"

using namespace dfopt;

namespace {

constexpr std::string_view kRule = "DF115";

OptimizeResult run_rule(const std::string& input) { return test::run_rule(kRule, input, false); }
std::string fixed(const std::string& input) { return run_rule(input).output; }
void check_idempotent(const std::string& input) { test::check_idempotent(kRule, input, false); }

}  // namespace

TEST_CASE("DF115: --no-cache goes right after add", "[rules][DF115]") {
  CHECK(fixed("FROM alpine\nRUN apk add curl\n") == "FROM alpine\nRUN apk add --no-cache curl\n");
  CHECK(fixed("FROM alpine\nRUN apk add --update curl git\n") ==
        "FROM alpine\nRUN apk add --no-cache --update curl git\n");
  CHECK(fixed("FROM alpine\nRUN apk -U add curl\n") == "FROM alpine\nRUN apk -U add --no-cache curl\n");
  CHECK(fixed("FROM alpine\nRUN apk add --virtual .deps gcc && make && apk del .deps\n") ==
        "FROM alpine\nRUN apk add --no-cache --virtual .deps gcc && make && apk del .deps\n");
  auto result = run_rule("FROM alpine\nRUN apk add a; apk add b\n");
  CHECK(result.output == "FROM alpine\nRUN apk add --no-cache a; apk add --no-cache b\n");
  CHECK(result.findings.empty());
}

TEST_CASE("DF115: multi-line RUNs, CRLF and the backtick escape", "[rules][DF115]") {
  CHECK(fixed("FROM alpine\nRUN set -x && \\\n    apk add \\\n      curl\n") ==
        "FROM alpine\nRUN set -x && \\\n    apk add --no-cache \\\n      curl\n");
  CHECK(fixed("FROM alpine\r\nRUN apk add curl\r\n") == "FROM alpine\r\nRUN apk add --no-cache curl\r\n");
  CHECK(fixed("# escape=`\nFROM alpine\nRUN apk add `\n    curl\n") ==
        "# escape=`\nFROM alpine\nRUN apk add --no-cache `\n    curl\n");
}

TEST_CASE("DF115: apk update right before the add goes", "[rules][DF115]") {
  CHECK(fixed("FROM alpine\nRUN apk update && apk add curl\n") ==
        "FROM alpine\nRUN apk add --no-cache curl\n");
  // && at line end and at line start: the update's line goes with it.
  CHECK(fixed("FROM alpine\nRUN apk update && \\\n    apk add curl && \\\n    make\n") ==
        "FROM alpine\nRUN apk add --no-cache curl && \\\n    make\n");
  CHECK(fixed("FROM alpine\nRUN set -x \\\n    && apk update \\\n    && apk add curl\n") ==
        "FROM alpine\nRUN set -x \\\n    && apk add --no-cache curl\n");
  CHECK(fixed("FROM alpine\r\nRUN apk update && \\\r\n    apk add curl\r\n") ==
        "FROM alpine\r\nRUN apk add --no-cache curl\r\n");
  CHECK(fixed("# escape=`\nFROM alpine\nRUN apk update && `\n    apk add curl\n") ==
        "# escape=`\nFROM alpine\nRUN apk add --no-cache curl\n");
  // Also before an add that already has --no-cache.
  CHECK(fixed("FROM alpine\nRUN apk update && apk add --no-cache curl\n") ==
        "FROM alpine\nRUN apk add --no-cache curl\n");
}

TEST_CASE("DF115: apk update stays when something still needs its index", "[rules][DF115]") {
  // Not directly before the add, or after ||, or a comment line in between.
  CHECK(fixed("FROM alpine\nRUN apk update && apk upgrade && apk add curl\n") ==
        "FROM alpine\nRUN apk update && apk upgrade && apk add --no-cache curl\n");
  CHECK(fixed("FROM alpine\nRUN false || apk update && apk add curl\n") ==
        "FROM alpine\nRUN false || apk update && apk add --no-cache curl\n");
  CHECK(fixed("FROM alpine\nRUN apk update -q && apk add curl\n") ==
        "FROM alpine\nRUN apk update -q && apk add --no-cache curl\n");
  CHECK(fixed("FROM alpine\nRUN apk update; apk add curl\n") ==
        "FROM alpine\nRUN apk update; apk add --no-cache curl\n");
  CHECK(fixed("FROM alpine\nRUN apk update && \\\n# comment\n    apk add curl\n") ==
        "FROM alpine\nRUN apk update && \\\n# comment\n    apk add --no-cache curl\n");
  // Later apk commands that read the index: in the RUN, or in a later RUN of the stage.
  CHECK(fixed("FROM alpine\nRUN apk update && apk add curl && apk search git\n") ==
        "FROM alpine\nRUN apk update && apk add --no-cache curl && apk search git\n");
  CHECK(fixed("FROM alpine\nRUN apk update && apk add curl\nRUN apk upgrade\n") ==
        "FROM alpine\nRUN apk update && apk add --no-cache curl\nRUN apk upgrade\n");
  CHECK(fixed("FROM alpine\nRUN apk update && apk add curl\nRUN [\"apk\", \"add\", \"git\"]\n") ==
        "FROM alpine\nRUN apk update && apk add --no-cache curl\nRUN [\"apk\", \"add\", \"git\"]\n");
  CHECK(fixed("FROM alpine AS a\nRUN apk update && apk add curl\nFROM a\nRUN apk info -a git\n") ==
        "FROM alpine AS a\nRUN apk update && apk add --no-cache curl\nFROM a\nRUN apk info -a git\n");
  // Later adds get --no-cache themselves, so the update can go (in a later round).
  CHECK(fixed("FROM alpine\nRUN apk update && apk add curl\nRUN apk add git\n") ==
        "FROM alpine\nRUN apk add --no-cache curl\nRUN apk add --no-cache git\n");
  // Another stage does not read this one's index.
  CHECK(fixed("FROM alpine\nRUN apk update && apk add curl\nFROM alpine\nRUN apk upgrade\n") ==
        "FROM alpine\nRUN apk add --no-cache curl\nFROM alpine\nRUN apk upgrade\n");
}

TEST_CASE("DF115: a redundant rm -rf /var/cache/apk/* goes with the fix", "[rules][DF115]") {
  CHECK(fixed("FROM alpine\nRUN apk add curl && rm -rf /var/cache/apk/*\n") ==
        "FROM alpine\nRUN apk add --no-cache curl\n");
  CHECK(fixed("FROM alpine\nRUN apk update && \\\n    apk add curl git && \\\n    rm -rf /var/cache/apk/*\n") ==
        "FROM alpine\nRUN apk add --no-cache curl git\n");
  CHECK(fixed("FROM alpine\nRUN apk add --update \\\n    curl \\\n  && rm -rf /var/cache/apk/*\n") ==
        "FROM alpine\nRUN apk add --no-cache --update \\\n    curl\n");
  CHECK(fixed("FROM alpine\nRUN apk add curl && apk del x && rm -rf /var/cache/apk/*;\n") ==
        "FROM alpine\nRUN apk add --no-cache curl && apk del x;\n");
}

TEST_CASE("DF115: rm -rf /var/cache/apk/* stays unless trivially redundant", "[rules][DF115]") {
  // Already redundant before: not this rule's business.
  std::string already = "FROM alpine\nRUN apk add --no-cache curl && rm -rf /var/cache/apk/*\n";
  CHECK(fixed(already) == already);
  // Other commands, other operands, not last, not a plain chain, an update that stays.
  CHECK(fixed("FROM alpine\nRUN apk add curl && make && rm -rf /var/cache/apk/*\n") ==
        "FROM alpine\nRUN apk add --no-cache curl && make && rm -rf /var/cache/apk/*\n");
  CHECK(fixed("FROM alpine\nRUN apk add curl && rm -rf /var/cache/apk/* /tmp/*\n") ==
        "FROM alpine\nRUN apk add --no-cache curl && rm -rf /var/cache/apk/* /tmp/*\n");
  CHECK(fixed("FROM alpine\nRUN apk add curl && rm -rf /var/cache/apk\n") ==
        "FROM alpine\nRUN apk add --no-cache curl && rm -rf /var/cache/apk\n");
  CHECK(fixed("FROM alpine\nRUN apk add curl && rm -fr /var/cache/apk/*\n") ==
        "FROM alpine\nRUN apk add --no-cache curl && rm -fr /var/cache/apk/*\n");
  CHECK(fixed("FROM alpine\nRUN apk add curl; rm -rf /var/cache/apk/*\n") ==
        "FROM alpine\nRUN apk add --no-cache curl; rm -rf /var/cache/apk/*\n");
  CHECK(fixed("FROM alpine\nRUN apk update && apk upgrade && apk add curl && rm -rf /var/cache/apk/*\n") ==
        "FROM alpine\nRUN apk update && apk upgrade && apk add --no-cache curl && rm -rf /var/cache/apk/*\n");
  // An earlier RUN of the stage may have left files there.
  CHECK(fixed("FROM alpine\nRUN apk update\nRUN apk add curl && rm -rf /var/cache/apk/*\n") ==
        "FROM alpine\nRUN apk update\nRUN apk add --no-cache curl && rm -rf /var/cache/apk/*\n");
  CHECK(fixed("FROM alpine\nRUN apk add curl && \\\n    # clean\n    rm -rf /var/cache/apk/*\n") ==
        "FROM alpine\nRUN apk add --no-cache curl && \\\n    # clean\n    rm -rf /var/cache/apk/*\n");
}

TEST_CASE("DF115: the option is already there", "[rules][DF115]") {
  for (std::string in : {"FROM alpine\nRUN apk add --no-cache curl\n",
                         "FROM alpine\nRUN apk --no-cache add curl\n",
                         "FROM alpine\nRUN apk add curl --no-cache\n",
                         "FROM alpine\nRUN apk del curl\n", "FROM alpine\nRUN apk upgrade\n"}) {
    INFO(in);
    CHECK(fixed(in) == in);
    CHECK(run_rule(in).findings.empty());
  }
}

TEST_CASE("DF115: not safe - cache mounts and RUNs the rule cannot follow", "[rules][DF115]") {
  for (std::string in : {
           "FROM alpine\nRUN --mount=type=cache,target=/var/cache/apk apk update && apk add curl\n",
           "FROM alpine\nRUN --mount=type=cache,target=/etc/apk/cache apk add curl\n",
           "FROM alpine\nRUN [\"apk\", \"add\", \"curl\"]\n",
           "FROM alpine\nRUN <<EOF\napk add curl\nEOF\n",
           "FROM alpine\nSHELL [\"powershell\", \"-Command\"]\nRUN apk add curl\n",
           "FROM mcr.microsoft.com/windows/nanoserver\nRUN apk add curl\n",
           "FROM alpine\nRUN apk add curl && echo \"unterminated\n",
           "FROM alpine\nONBUILD RUN apk add curl\n",
       }) {
    INFO(in);
    CHECK(fixed(in) == in);
    CHECK(run_rule(in).findings.empty());
  }
}

TEST_CASE("DF115: the fix is idempotent", "[rules][DF115]") {
  for (std::string in : {
           "FROM alpine\nRUN apk update && apk add curl && rm -rf /var/cache/apk/*\n",
           "FROM alpine\nRUN apk update && apk upgrade && apk add curl && rm -rf /var/cache/apk/*\n",
           "FROM alpine\nRUN set -x \\\n    && apk update \\\n    && apk add curl\nRUN apk add git\n",
           "FROM alpine\r\nRUN apk add a; apk add b\r\n",
       })
    check_idempotent(in);
}
