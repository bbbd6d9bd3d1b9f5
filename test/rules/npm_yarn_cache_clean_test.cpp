// DF116 npm-yarn-cache-clean: each case shows the input and the expected output side by side;
// the not-safe cases expect the input back unchanged.
#include <catch2/catch.hpp>

#include "engine/optimizer.h"
#include "rules/rule_fixture.h"
#include "test_support.h"
#include "transforms/registry.h"

using namespace dfopt;
using namespace dfopt::test;
namespace fs = std::filesystem;

namespace {

constexpr std::string_view kRule = "DF116";

OptimizeResult run_rule(const std::string& input, std::optional<fs::path> context = std::nullopt) {
  return test::run_rule(kRule, input, false, std::move(context));
}
std::string fixed(const std::string& input, std::optional<fs::path> context = std::nullopt) {
  return run_rule(input, std::move(context)).output;
}
void check_reported_only(const std::string& input, std::optional<fs::path> context = std::nullopt) {
  test::check_reported_only(kRule, input, 1, false, std::move(context));
}
void check_idempotent(const std::string& input) { test::check_idempotent(kRule, input, false); }

}  // namespace

TEST_CASE("DF116: yarn installs get yarn cache clean", "[rules][DF116]") {
  CHECK(fixed("FROM node\nRUN yarn install --frozen-lockfile\n") ==
        "FROM node\nRUN yarn install --frozen-lockfile && yarn cache clean\n");
  CHECK(fixed("FROM node\nRUN yarn\n") == "FROM node\nRUN yarn && yarn cache clean\n");
  CHECK(fixed("FROM node\nRUN yarn --production --network-timeout 100000\n") ==
        "FROM node\nRUN yarn --production --network-timeout 100000 && yarn cache clean\n");
  CHECK(fixed("FROM node\nRUN yarn global add serve\n") ==
        "FROM node\nRUN yarn global add serve && yarn cache clean\n");
  CHECK(fixed("FROM node\nRUN cd /app && yarn add left-pad && yarn build\n") ==
        "FROM node\nRUN cd /app && yarn add left-pad && yarn build && yarn cache clean\n");
}

TEST_CASE("DF116: npm installs get npm cache clean --force", "[rules][DF116]") {
  CHECK(fixed("FROM node\nRUN npm ci\n") == "FROM node\nRUN npm ci && npm cache clean --force\n");
  CHECK(fixed("FROM node\nRUN npm install -g pm2\n") ==
        "FROM node\nRUN npm install -g pm2 && npm cache clean --force\n");
  CHECK(fixed("FROM node\nRUN npm i && npm run build\n") ==
        "FROM node\nRUN npm i && npm run build && npm cache clean --force\n");
  // Both tools in one RUN: both cleanups, one per round.
  CHECK(fixed("FROM node\nRUN npm install -g yarn && yarn install\n") ==
        "FROM node\nRUN npm install -g yarn && yarn install && yarn cache clean && "
        "npm cache clean --force\n");
}

TEST_CASE("DF116: multi-line RUNs, CRLF and the backtick escape", "[rules][DF116]") {
  CHECK(fixed("FROM node\nRUN yarn install && \\\n    yarn build\n") ==
        "FROM node\nRUN yarn install && \\\n    yarn build && \\\n    yarn cache clean\n");
  CHECK(fixed("FROM node\nRUN npm ci \\\n  && npm run build\n") ==
        "FROM node\nRUN npm ci \\\n  && npm run build \\\n  && npm cache clean --force\n");
  CHECK(fixed("FROM node\r\nRUN npm ci && \\\r\n    npm test\r\n") ==
        "FROM node\r\nRUN npm ci && \\\r\n    npm test && \\\r\n    npm cache clean --force\r\n");
  CHECK(fixed("# escape=`\nFROM node\nRUN yarn && `\n    yarn build\n") ==
        "# escape=`\nFROM node\nRUN yarn && `\n    yarn build && `\n    yarn cache clean\n");
  // A final ';' stays last.
  CHECK(fixed("FROM node\nRUN npm ci;\n") == "FROM node\nRUN npm ci && npm cache clean --force;\n");
}

TEST_CASE("DF116: the cleanup is already there", "[rules][DF116]") {
  for (std::string in : {
           "FROM node\nRUN yarn install && yarn cache clean\n",
           "FROM node\nRUN yarn install && yarn cache clean --all\n",
           "FROM node\nRUN yarn install && rm -rf /usr/local/share/.cache/yarn\n",
           "FROM node\nRUN yarn install && rm -rf $(yarn cache dir)\n",
           "FROM node\nRUN npm ci && npm cache clean --force\n",
           "FROM node\nRUN npm ci; rm -rf ~/.npm\n",
           "FROM node\nRUN npm ci && rm -rf /root/.npm/_cacache/*\n",
           "FROM node\nRUN npm ci && rm -rf \"$HOME\"/.npm/\n",
           "FROM node\nRUN npm ci && rm -rf /tmp/npm-cache-123\n",
           "FROM node\nRUN npm ci --cache /tmp/npm-cache\n",
           "FROM node\nRUN yarn install --cache-folder /tmp/yc && rm -rf /tmp/yc\n",
           "FROM node\nENV npm_config_cache=/tmp/npm\nRUN npm ci\n",
       }) {
    INFO(in);
    CHECK(fixed(in) == in);
    CHECK(run_rule(in).findings.empty());
  }
  // A folder inside the cache, or another user's cache, is not the cache.
  for (std::string rm : {"rm -rf ~/.npm/_logs", "rm -rf /root/.npm/_logs/*", "rm -f ~/.npmrc", "rm -rf ~app/.npm"}) {
    std::string in = "FROM node\nRUN npm ci && " + rm + "\n";
    INFO(in);
    CHECK(fixed(in) == "FROM node\nRUN npm ci && " + rm + " && npm cache clean --force\n");
  }
  // A cleanup before the last install does not count.
  CHECK(fixed("FROM node\nRUN npm cache clean --force && npm ci\n") ==
        "FROM node\nRUN npm cache clean --force && npm ci && npm cache clean --force\n");
}

TEST_CASE("DF116: not installs", "[rules][DF116]") {
  for (std::string in : {"FROM node\nRUN yarn build\n", "FROM node\nRUN yarn --version\n",
                         "FROM node\nRUN npm run build\n", "FROM node\nRUN npm test\n",
                         "FROM node\nRUN npx tsc\n", "FROM node\nRUN pnpm install\n"}) {
    INFO(in);
    CHECK(fixed(in) == in);
    CHECK(run_rule(in).findings.empty());
  }
}

TEST_CASE("DF116: not safe - reported without a fix", "[rules][DF116]") {
  check_reported_only("FROM node\nRUN npm ci || true\n");
  check_reported_only("FROM node\nRUN npm ci; npm test\n");
  check_reported_only("FROM node\nRUN npm ci & wait\n");
  check_reported_only("FROM node\nRUN npm ci # dependencies\n");
  // Maybe Yarn 2+: cleaning the cache would delete what Plug'n'Play loads.
  check_reported_only("FROM node\nCOPY package.json yarn.lock .yarnrc.yml ./\nRUN yarn install\n");
  check_reported_only("FROM node\nRUN corepack enable && yarn install --immutable\n");
  check_reported_only("FROM node\nRUN yarn set version stable && yarn install\n");
  auto pinned = run_rule("FROM node\nRUN npm i -g yarn@3.6.4 && yarn install\n");
  CHECK(pinned.output ==
        "FROM node\nRUN npm i -g yarn@3.6.4 && yarn install && npm cache clean --force\n");
  REQUIRE(pinned.findings.size() == 1);
  CHECK_FALSE(pinned.findings[0].fix.has_value());
  // "berry" alone is no sign.
  CHECK(fixed("FROM raspberrypi/node\nRUN yarn\n") ==
        "FROM raspberrypi/node\nRUN yarn && yarn cache clean\n");
  // ... while npm in the same file is fixed.
  CHECK(fixed("FROM node\nCOPY .yarnrc.yml .\nRUN npm ci\n") ==
        "FROM node\nCOPY .yarnrc.yml .\nRUN npm ci && npm cache clean --force\n");
}

TEST_CASE("DF116: the build context tells Yarn 1 from Yarn 2+", "[rules][DF116]") {
  std::string in = "FROM node\nCOPY . .\nRUN yarn install\n";
  TempDir classic;
  write_file(classic.path() / "package.json", "{\"name\": \"app\"}\n");
  CHECK(fixed(in, classic.path()) == "FROM node\nCOPY . .\nRUN yarn install && yarn cache clean\n");
  TempDir pinned_classic;
  write_file(pinned_classic.path() / "package.json", "{\"packageManager\": \"yarn@1.22.19\"}\n");
  CHECK(fixed(in, pinned_classic.path()) ==
        "FROM node\nCOPY . .\nRUN yarn install && yarn cache clean\n");
  TempDir berry;
  write_file(berry.path() / "package.json", "{\"packageManager\": \"yarn@4.1.0\"}\n");
  check_reported_only(in, berry.path());
  TempDir yarnrc;
  write_file(yarnrc.path() / ".yarnrc.yml", "nodeLinker: pnp\n");
  check_reported_only(in, yarnrc.path());
}

TEST_CASE("DF116: not safe - cache mounts and RUNs the rule cannot follow", "[rules][DF116]") {
  for (std::string in : {
           "FROM node\nRUN --mount=type=cache,target=/root/.npm npm ci\n",
           "FROM node\nRUN --mount=type=cache,target=/usr/local/share/.cache/yarn yarn install\n",
           "FROM node\nRUN [\"npm\", \"ci\"]\n",
           "FROM node\nRUN <<EOF\nnpm ci\nEOF\n",
           "FROM node\nSHELL [\"powershell\", \"-Command\"]\nRUN npm ci\n",
           "FROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN npm ci\n",
           "FROM node\nRUN npm ci && echo \"unterminated\n",
           "FROM node\nONBUILD RUN npm ci\n",
       }) {
    INFO(in);
    CHECK(fixed(in) == in);
    CHECK(run_rule(in).findings.empty());
  }
}

TEST_CASE("DF116: the fix is idempotent", "[rules][DF116]") {
  for (std::string in : {"FROM node\nRUN npm install -g yarn && yarn install\n",
                         "FROM node\nRUN yarn install && \\\n    yarn build\n",
                         "FROM node\nRUN npm ci || true\n"})
    check_idempotent(in);
}
