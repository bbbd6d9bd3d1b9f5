// Report-only rules: DF301 untagged-base-image, DF302 root-user, DF303 secret-in-arg-or-env.
// Each case states the findings expected (rule and line) and that nothing is rewritten.
#include <catch2/catch.hpp>

#include "engine/optimizer.h"
#include "syntax/parser.h"
#include "transforms/registry.h"

using namespace dfopt;

namespace {

// "RULE@LINE" for each finding, in order.
std::vector<std::string> findings(std::string_view id, const std::string& input) {
  OptimizeResult result = optimize(input, "Dockerfile", {find_rule(id)}, OptimizeOptions{});
  REQUIRE(result.output == input);
  Document doc = parse_dockerfile(input, "Dockerfile");
  std::vector<std::string> out;
  for (const Finding& f : result.findings) {
    CHECK_FALSE(f.fix);
    out.push_back(f.rule_id + "@" + std::to_string(doc.position(f.offset).line));
  }
  return out;
}

using List = std::vector<std::string>;

}  // namespace

TEST_CASE("DF301: untagged or latest base images", "[rules][DF301]") {
  CHECK(findings("DF301", "FROM ubuntu\nFROM node:latest AS b\nFROM b\nFROM scratch\n") ==
        List{"DF301@1", "DF301@2"});
  CHECK(findings("DF301", "FROM python:3.12\nFROM ghcr.io/x/y@sha256:abc\nFROM $BASE\n").empty());
  CHECK(findings("DF301", "FROM localhost:5000/app\nFROM --platform=linux/amd64 alpine\n") ==
        List{"DF301@1", "DF301@2"});
}

TEST_CASE("DF302: the final stage ends as root", "[rules][DF302]") {
  CHECK(findings("DF302", "FROM a\nUSER root\nRUN x\n") == List{"DF302@2"});
  CHECK(findings("DF302", "FROM a\nUSER 0:0\n") == List{"DF302@2"});
  CHECK(findings("DF302", "FROM a\nUSER root\nRUN x\nUSER app\n").empty());
  CHECK(findings("DF302", "FROM a\nUSER root\nFROM b\nRUN x\n").empty());
  CHECK(findings("DF302", "FROM a\nRUN x\n").empty());
}

TEST_CASE("DF303: secrets in ARG and ENV names", "[rules][DF303]") {
  CHECK(findings("DF303", "FROM a\nARG NPM_TOKEN\nENV DB_PASSWORD=x OTHER=y\nARG api_key=1\n") ==
        List{"DF303@2", "DF303@3", "DF303@4"});
  CHECK(findings("DF303", "FROM a\nENV GPG_KEY=abc\nARG PASSWORD_FILE=/run/x\nENV PUBLIC_KEY=k\n"
                          "ENV KEYBOARD=us\nARG SWIFT_SIGNING_KEY=f\nENV TOKENIZERS_PARALLELISM=1\n")
            .empty());
}
