// Report-only rules: DF301 untagged-base-image, DF302 root-user, DF303 secret-in-arg-or-env,
// DF304 unpinned-packages, DF305 heavy-base-image, DF306 single-stage-build-tools,
// DF307 copy-whole-context.
// Each case states the findings expected (rule and line) and that nothing is rewritten.
#include <catch2/catch.hpp>

#include "engine/optimizer.h"
#include "syntax/parser.h"
#include "test_support.h"
#include "transforms/registry.h"

using namespace dfopt;

namespace {

// "RULE@LINE" for each finding, in order.
std::vector<std::string> findings(std::string_view id, const std::string& input,
                                  std::optional<std::filesystem::path> context = std::nullopt,
                                  std::vector<std::string>* messages = nullptr) {
  OptimizeOptions options;
  options.context.build_context = context;
  std::string path = context ? (*context / "Dockerfile").string() : "Dockerfile";
  OptimizeResult result = optimize(input, path, {find_rule(id)}, options);
  REQUIRE(result.output == input);
  Document doc = parse_dockerfile(input, "Dockerfile");
  std::vector<std::string> out;
  for (const Finding& f : result.findings) {
    if (f.rule_id != "DF307") CHECK_FALSE(f.fix);  // DF307 offers an unsafe .dockerignore
    out.push_back(f.rule_id + "@" + std::to_string(doc.position(f.offset).line));
    if (messages) messages->push_back(f.message);
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

TEST_CASE("DF304: installs without versions", "[rules][DF304]") {
  std::vector<std::string> messages;
  CHECK(findings("DF304",
                 "FROM a\nRUN apt-get install -y -o Dpkg::Options::=--force-confold curl=7.88 wget\n"
                 "RUN apk add --no-cache --virtual .deps gcc=13.2 musl-dev\n"
                 "RUN pip install -r requirements.txt flask==3.0 requests\n"
                 "RUN npm install -g typescript@5.4 eslint && gem install rails -v 7.1\n"
                 "RUN go install golang.org/x/tools/gopls@latest\n",
                 std::nullopt, &messages) == List{"DF304@2", "DF304@3", "DF304@4", "DF304@5", "DF304@6"});
  CHECK(messages == std::vector<std::string>{"apt-get installs without a version: wget",
                                             "apk installs without a version: musl-dev",
                                             "pip installs without a version: requests",
                                             "npm installs without a version: eslint",
                                             "go installs without a version: golang.org/x/tools/gopls@latest"});
  CHECK(findings("DF304", "FROM a\nRUN pip install --upgrade pip setuptools && pip install . ./pkg "
                          "https://x/y.whl -e .\nRUN npm install && npm ci\nRUN apt-get install ./x.deb "
                          "$PKGS\nRUN gem install bundler:2.5.6\nRUN go install ./cmd/...\n")
            .empty());
}

TEST_CASE("DF305: a full base image with a slim variant in the final stage", "[rules][DF305]") {
  std::vector<std::string> messages;
  CHECK(findings("DF305", "FROM golang:1.22 AS build\nFROM python:3.12-bookworm\n", std::nullopt,
                 &messages) == List{"DF305@2"});
  CHECK(messages == std::vector<std::string>{
                        "'python:3.12-bookworm' is a full image; consider python:3.12-slim"});
  CHECK(findings("DF305", "FROM debian:bookworm\n") == List{"DF305@1"});
  CHECK(findings("DF305", "FROM python:3.12-slim\n").empty());
  CHECK(findings("DF305", "FROM node:22-alpine\n").empty());
  CHECK(findings("DF305", "FROM eclipse-temurin:17-jre\n").empty());
  CHECK(findings("DF305", "FROM ghcr.io/acme/python:3.12\n").empty());
  CHECK(findings("DF305", "FROM python:3.12 AS base\nFROM base\n").empty());
}

TEST_CASE("DF306: single-stage builds that keep the toolchain", "[rules][DF306]") {
  std::vector<std::string> messages;
  CHECK(findings("DF306",
                 "FROM debian:12\nRUN apt-get update && apt-get install -y build-essential curl\n"
                 "COPY . /src\nRUN make -C /src\nCMD [\"/src/app\"]\n",
                 std::nullopt, &messages) == List{"DF306@1"});
  REQUIRE(messages.size() == 1);
  CHECK(messages[0].find("build-essential") != std::string::npos);
  CHECK(messages[0].find("after line 4") != std::string::npos);
  CHECK(findings("DF306", "FROM maven:3.9\nCOPY . .\nRUN mvn package\n") == List{"DF306@1"});
  // Multi-stage builds, toolchain images that do not build, and runtimes without tools: nothing.
  CHECK(findings("DF306", "FROM golang:1.22 AS b\nRUN go build ./...\nFROM scratch\n").empty());
  CHECK(findings("DF306", "FROM golang:1.22\nCMD [\"go\", \"version\"]\n").empty());
  CHECK(findings("DF306", "FROM debian:12\nRUN apt-get install -y curl\n").empty());
}

TEST_CASE("DF307: COPY . without a .dockerignore", "[rules][DF307]") {
  test::TempDir dir;
  std::filesystem::create_directories(dir.path() / ".git");
  std::filesystem::create_directories(dir.path() / "node_modules");
  test::write_file(dir.path() / ".env", "A=1\n");
  const std::string input = "FROM a\nCOPY . /app\nCOPY --from=b . /x\nCOPY src/ /src\n";
  std::vector<std::string> messages;
  CHECK(findings("DF307", input, dir.path(), &messages) == List{"DF307@2"});
  REQUIRE(messages.size() == 1);
  CHECK(messages[0] == "COPY copies the whole build context and there is no .dockerignore; "
                       "the context holds .git, node_modules, .env");
  test::write_file(dir.path() / "Dockerfile.dockerignore", ".git\n");
  CHECK(findings("DF307", input, dir.path()).empty());
  std::filesystem::remove(dir.path() / "Dockerfile.dockerignore");
  test::write_file(dir.path() / ".dockerignore", ".git\n");
  CHECK(findings("DF307", input, dir.path()).empty());
  CHECK(findings("DF307", input).empty());  // no context: nothing to say
}

TEST_CASE("DF307: with --unsafe-fixes, a .dockerignore of what the context holds", "[rules][DF307]") {
  test::TempDir dir;
  std::filesystem::create_directories(dir.path() / ".git");
  std::filesystem::create_directories(dir.path() / "node_modules");
  std::filesystem::create_directories(dir.path() / "build");
  test::write_file(dir.path() / ".env", "A=1\n");
  OptimizeOptions options;
  options.apply_unsafe_fixes = true;
  options.context.build_context = dir.path();
  // build/ is copied on purpose and .git read by a RUN: both stay out of the .dockerignore.
  const std::string input = "FROM a\nCOPY . /app\nCOPY build/ /srv/\nRUN git -C /app describe\n";
  OptimizeResult result = optimize(input, (dir.path() / "Dockerfile").string(), {find_rule("DF307")}, options);
  CHECK(result.output == input);
  CHECK(result.findings.empty());
  REQUIRE(result.new_files.size() == 1);
  CHECK(result.new_files[0].path == dir.path() / ".dockerignore");
  CHECK(result.new_files[0].content ==
        "# Written by dfopt (DF307): what this build context holds that the image does not need.\n"
        "node_modules\n.env\n");
  CHECK(result.fixes_applied.at("DF307") == 1);
  // Without --unsafe-fixes: reported, with the fix on offer.
  options.apply_unsafe_fixes = false;
  OptimizeResult safe = optimize(input, (dir.path() / "Dockerfile").string(), {find_rule("DF307")}, options);
  CHECK(safe.new_files.empty());
  REQUIRE(safe.findings.size() == 1);
  CHECK(safe.findings[0].fix->safety == FixSafety::Unsafe);
}
