// DF110-DF113, the apt hygiene rules: each case shows the input and the expected output side by
// side; the not-safe cases expect the input back unchanged.
#include <catch2/catch.hpp>

#include "engine/optimizer.h"
#include "transforms/registry.h"

using namespace dfopt;

namespace {

OptimizeResult run_rule(const std::string& rule, const std::string& input) {
  OptimizeOptions options;
  options.apply_unsafe_fixes = true;  // DF112's fix is unsafe; the others are safe anyway
  return optimize(input, "Dockerfile", {find_rule(rule)}, options);
}

std::string fixed(const std::string& rule, const std::string& input) {
  return run_rule(rule, input).output;
}

// The rule finds nothing to fix in its own output, and a second run changes nothing.
void check_idempotent(const std::string& rule, const std::string& input) {
  INFO(input);
  OptimizeResult once = run_rule(rule, input);
  for (const Finding& f : once.findings) CHECK_FALSE(f.fix.has_value());
  CHECK(fixed(rule, once.output) == once.output);
}

// Inputs no apt rule may touch: not a POSIX shell, not shell form, not parsable, not apt-get.
const std::vector<std::string> kNotApplicable = {
    "FROM debian\nRUN [\"apt-get\", \"install\", \"curl\"]\n",
    "FROM debian\nRUN <<EOF\napt-get update\napt install curl\nEOF\n",
    "FROM debian\nSHELL [\"powershell\", \"-Command\"]\nRUN apt update; apt install curl\n",
    "FROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN apt update && apt install curl\n",
    "FROM debian\nRUN apt update && apt install curl && echo \"unterminated\n",
    "FROM debian\nONBUILD RUN apt update && apt install curl\n",
};

}  // namespace

// ---------------------------------------------------------------------------------------------
// DF110 apt-get-yes

TEST_CASE("DF110: -y goes right after the action", "[rules][DF110]") {
  CHECK(fixed("DF110", "FROM debian\nRUN apt-get update && apt-get install curl\n") ==
        "FROM debian\nRUN apt-get update && apt-get install -y curl\n");
  CHECK(fixed("DF110", "FROM debian\nRUN apt install curl\n") ==
        "FROM debian\nRUN apt install -y curl\n");
  CHECK(fixed("DF110", "FROM debian\nRUN /usr/bin/apt-get install curl\n") ==
        "FROM debian\nRUN /usr/bin/apt-get install -y curl\n");
  CHECK(fixed("DF110", "FROM debian\nRUN DEBIAN_FRONTEND=noninteractive apt-get install curl\n") ==
        "FROM debian\nRUN DEBIAN_FRONTEND=noninteractive apt-get install -y curl\n");
}

TEST_CASE("DF110: options before the action stay, -y follows the action", "[rules][DF110]") {
  CHECK(fixed("DF110", "FROM debian\nRUN apt-get -q install curl\n") ==
        "FROM debian\nRUN apt-get -q install -y curl\n");
  CHECK(fixed("DF110", "FROM debian\nRUN apt-get -o Dpkg::Options::=--force-confold install x\n") ==
        "FROM debian\nRUN apt-get -o Dpkg::Options::=--force-confold install -y x\n");
  // --force-yes does not answer the prompt.
  CHECK(fixed("DF110", "FROM debian\nRUN apt-get --force-yes install x\n") ==
        "FROM debian\nRUN apt-get --force-yes install -y x\n");
}

TEST_CASE("DF110: every prompting action, not the others", "[rules][DF110]") {
  for (std::string action :
       {"upgrade", "dist-upgrade", "remove", "purge", "autoremove", "full-upgrade", "build-dep"}) {
    INFO(action);
    CHECK(fixed("DF110", "FROM debian\nRUN apt-get " + action + " x\n") ==
          "FROM debian\nRUN apt-get " + action + " -y x\n");
  }
  for (std::string action : {"update", "clean", "source", "download", "check"}) {
    std::string in = "FROM debian\nRUN apt-get " + action + " x\n";
    INFO(action);
    CHECK(fixed("DF110", in) == in);
    CHECK(run_rule("DF110", in).findings.empty());
  }
}

TEST_CASE("DF110: commands inside compound commands", "[rules][DF110]") {
  CHECK(fixed("DF110", "FROM debian\nRUN if [ -n \"$X\" ]; then apt-get install x; fi\n") ==
        "FROM debian\nRUN if [ -n \"$X\" ]; then apt-get install -y x; fi\n");
  CHECK(fixed("DF110", "FROM debian\nRUN apt-get install a || apt-get install b\n") ==
        "FROM debian\nRUN apt-get install -y a || apt-get install -y b\n");
}

TEST_CASE("DF110: continuation lines, CRLF and the backtick escape", "[rules][DF110]") {
  CHECK(fixed("DF110",
              "FROM debian\nRUN apt-get update && \\\n    apt-get install \\\n      curl\n") ==
        "FROM debian\nRUN apt-get update && \\\n    apt-get install -y \\\n      curl\n");
  CHECK(fixed("DF110",
              "FROM debian\n"
              "RUN apt-get update \\\n"
              "    && apt-get install curl \\\n"
              "    && echo ok\n") ==
        "FROM debian\n"
        "RUN apt-get update \\\n"
        "    && apt-get install -y curl \\\n"
        "    && echo ok\n");
  CHECK(fixed("DF110", "FROM debian\r\nRUN apt-get update && \\\r\n    apt-get install curl\r\n") ==
        "FROM debian\r\nRUN apt-get update && \\\r\n    apt-get install -y curl\r\n");
  CHECK(fixed("DF110",
              "# escape=`\nFROM debian\nRUN apt-get update && `\n    apt-get install curl\n") ==
        "# escape=`\nFROM debian\nRUN apt-get update && `\n    apt-get install -y curl\n");
}

TEST_CASE("DF110: not safe - the prompt is already answered", "[rules][DF110]") {
  for (std::string cmd : {"apt-get install -y x",
                          "apt-get -y install x",
                          "apt-get install x -y",
                          "apt-get --yes install x",
                          "apt-get install --assume-yes x",
                          "apt-get -qy install x",
                          "apt-get install -yq x",
                          "apt-get -qq install x",
                          "apt-get -q -q install x",
                          "apt-get -q=2 install x",
                          "apt-get --quiet=2 install x",
                          "apt-get --quiet --quiet install x",
                          "apt-get -o APT::Get::Assume-Yes=true install x",
                          "apt-get -o apt::get::assume-yes=1 install x",
                          "apt-get -oAPT::Get::Assume-Yes=true install x",
                          "apt-get --option=APT::Get::Assume-Yes=yes install x",
                          "apt-get -o quiet=2 install x",
                          "apt-get --assume-no install x",
                          "apt-get -s install x",
                          "apt-get --simulate install x",
                          "apt-get --dry-run install x",
                          "yes | apt-get install x",
                          "echo y | apt-get install x",
                          "apt-get install x < /dev/null",
                          "yes | (apt-get install x)",
                          "DEBIAN_FRONTEND=noninteractive apt-get -yqq install x"}) {
    std::string in = "FROM debian\nRUN " + cmd + "\n";
    INFO(cmd);
    CHECK(fixed("DF110", in) == in);
    CHECK(run_rule("DF110", in).findings.empty());
  }
}

TEST_CASE("DF110: an option value or a false setting is not -y", "[rules][DF110]") {
  CHECK(fixed("DF110", "FROM debian\nRUN apt-get -o APT::Get::Assume-Yes=false install x\n") ==
        "FROM debian\nRUN apt-get -o APT::Get::Assume-Yes=false install -y x\n");
  // "-t" takes the next word: the "y" in it is no option.
  CHECK(fixed("DF110", "FROM debian\nRUN apt-get -t yy install x\n") ==
        "FROM debian\nRUN apt-get -t yy install -y x\n");
  CHECK(fixed("DF110", "FROM debian\nRUN apt-get -q install x\n") ==
        "FROM debian\nRUN apt-get -q install -y x\n");
}

TEST_CASE("DF110: not safe - exec form, heredoc, other shells, unparsable",
          "[rules][DF110]") {
  for (const std::string& in : kNotApplicable) {
    INFO(in);
    CHECK(fixed("DF110", in) == in);
    CHECK(run_rule("DF110", in).findings.empty());
  }
}

TEST_CASE("DF110: reports point at the command and the fix is idempotent", "[rules][DF110]") {
  std::string in = "FROM debian\nRUN apt-get update && apt-get install curl\n";
  auto report = optimize(in, "Dockerfile", {find_rule("DF110")}, {});
  CHECK(report.fixes_applied.at("DF110") == 1);
  check_idempotent("DF110", in);
  check_idempotent("DF110",
                   "FROM debian\nRUN apt-get install a && apt-get remove b && apt upgrade\n");
}

// ---------------------------------------------------------------------------------------------
// DF111 apt-lists-cleanup

TEST_CASE("DF111: the cleanup is appended to a one-line RUN", "[rules][DF111]") {
  CHECK(fixed("DF111", "FROM debian\nRUN apt-get update && apt-get install -y curl\n") ==
        "FROM debian\nRUN apt-get update && apt-get install -y curl && rm -rf "
        "/var/lib/apt/lists/*\n");
  CHECK(fixed("DF111", "FROM debian\nRUN apt-get install -y curl\n") ==
        "FROM debian\nRUN apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n");
  CHECK(fixed("DF111", "FROM debian\nRUN apt update && apt upgrade -y\n") ==
        "FROM debian\nRUN apt update && apt upgrade -y && rm -rf /var/lib/apt/lists/*\n");
  // A final ";" stays last.
  CHECK(fixed("DF111", "FROM debian\nRUN apt-get update && apt-get install -y curl;\n") ==
        "FROM debian\nRUN apt-get update && apt-get install -y curl && rm -rf "
        "/var/lib/apt/lists/*;\n");
}

TEST_CASE("DF111: multi-line RUNs keep the file's && placement", "[rules][DF111]") {
  CHECK(fixed("DF111",
              "FROM debian\n"
              "RUN apt-get update && \\\n"
              "    apt-get install -y curl\n") ==
        "FROM debian\n"
        "RUN apt-get update && \\\n"
        "    apt-get install -y curl && \\\n"
        "    rm -rf /var/lib/apt/lists/*\n");
  CHECK(fixed("DF111",
              "FROM debian\n"
              "RUN apt-get update \\\n"
              "    && apt-get install -y curl\n") ==
        "FROM debian\n"
        "RUN apt-get update \\\n"
        "    && apt-get install -y curl \\\n"
        "    && rm -rf /var/lib/apt/lists/*\n");
  // Comment lines inside the instruction stay where they are.
  CHECK(fixed("DF111",
              "FROM debian\n"
              "RUN apt-get update && \\\n"
              "# the tools\n"
              "    apt-get install -y curl\n"
              "CMD [\"bash\"]\n") ==
        "FROM debian\n"
        "RUN apt-get update && \\\n"
        "# the tools\n"
        "    apt-get install -y curl && \\\n"
        "    rm -rf /var/lib/apt/lists/*\n"
        "CMD [\"bash\"]\n");
}

TEST_CASE("DF111: CRLF and the backtick escape", "[rules][DF111]") {
  CHECK(fixed("DF111",
              "FROM debian\r\nRUN apt-get update && \\\r\n    apt-get install -y curl\r\n") ==
        "FROM debian\r\nRUN apt-get update && \\\r\n    apt-get install -y curl && \\\r\n"
        "    rm -rf /var/lib/apt/lists/*\r\n");
  CHECK(fixed("DF111",
              "# escape=`\nFROM debian\nRUN apt-get update && `\n    apt-get install -y curl\n") ==
        "# escape=`\nFROM debian\nRUN apt-get update && `\n    apt-get install -y curl && `\n"
        "    rm -rf /var/lib/apt/lists/*\n");
}

TEST_CASE("DF111: RUNs that already clean or cache the lists", "[rules][DF111]") {
  for (std::string in : {
           "FROM debian\nRUN apt-get update && apt-get install -y x && rm -rf "
           "/var/lib/apt/lists/*\n",
           "FROM debian\nRUN apt-get update && apt-get install -y x && rm -rf /var/lib/apt/lists\n",
           "FROM debian\nRUN apt-get update && apt-get install -y x && rm -r "
           "\"/var/lib/apt/lists/\"*\n",
           "FROM debian\nRUN apt-get update && apt-get install -y x && rm -rf /var/lib/apt/* "
           "/tmp/*\n",
           "FROM debian\nRUN apt-get update && apt-get install -y x && rm -rf /var/lib/apt\n",
           "FROM debian\nRUN apt-get update && apt-get install -y x; rm -rf /var/lib/apt/lists/*\n",
           "FROM debian\nRUN apt-get update && apt-get install -y x && find /var/lib/apt/lists "
           "-delete\n",
           "FROM debian\nRUN apt-get update && apt-get install -y x && apt-get distclean\n",
           "FROM debian\nRUN --mount=type=cache,target=/var/lib/apt/lists apt-get update && "
           "apt-get install -y x\n",
           "FROM debian\nRUN --mount=type=cache,target=/var/cache/apt,sharing=locked \\\n"
           "    --mount=type=cache,target=/var/lib/apt,sharing=locked \\\n"
           "    apt-get update && apt-get install -y x\n",
           "FROM debian\nRUN --mount=type=tmpfs,target=/var/lib/apt/lists apt-get update && "
           "apt-get install -y x\n",
       }) {
    INFO(in);
    CHECK(fixed("DF111", in) == in);
    CHECK(run_rule("DF111", in).findings.empty());
  }
}

TEST_CASE("DF111: no apt, no finding", "[rules][DF111]") {
  for (std::string in :
       {"FROM debian\nRUN apk add curl\n", "FROM debian\nRUN apt-get remove -y x\n",
        "FROM debian\nRUN apt-get clean\n", "FROM debian\nRUN echo apt-get install\n"}) {
    INFO(in);
    CHECK(run_rule("DF111", in).findings.empty());
  }
}

TEST_CASE("DF111: only stages that reach the final image", "[rules][DF111]") {
  // The build stage is only copied from: its lists never reach the image.
  std::string builder =
      "FROM debian AS build\nRUN apt-get update && apt-get install -y gcc\n"
      "FROM debian\nCOPY --from=build /out /out\n";
  CHECK(fixed("DF111", builder) == builder);
  CHECK(run_rule("DF111", builder).findings.empty());
  // A stage the final one is built on is checked.
  CHECK(fixed("DF111",
              "FROM debian AS base\nRUN apt-get update && apt-get install -y curl\n"
              "FROM base\nCMD [\"curl\"]\n") ==
        "FROM debian AS base\nRUN apt-get update && apt-get install -y curl && rm -rf "
        "/var/lib/apt/lists/*\n"
        "FROM base\nCMD [\"curl\"]\n");
}

TEST_CASE("DF111: not safe - a later RUN needs the lists", "[rules][DF111]") {
  for (std::string later :
       {"RUN apt-get install -y git", "RUN apt-cache policy git",
        "RUN [\"apt-get\", \"install\", \"-y\", \"git\"]", "RUN <<EOF\napt-get install -y git\nEOF",
        "RUN apt-get install -y git && apt-get update"}) {
    std::string in = "FROM debian\nRUN apt-get update && apt-get install -y curl\n" + later + "\n";
    INFO(in);
    auto result = run_rule("DF111", in);
    REQUIRE_FALSE(result.findings.empty());
    CHECK(result.findings[0].offset == in.find("apt-get update"));
    CHECK_FALSE(result.findings[0].fix.has_value());
    CHECK(result.findings[0].message.find("line 3") != std::string::npos);
  }
  // ... also in a stage built on this one.
  std::string child =
      "FROM debian AS base\nRUN apt-get update && apt-get install -y curl\n"
      "FROM base\nRUN apt-get install -y git && rm -rf /var/lib/apt/lists/*\n";
  CHECK(fixed("DF111", child) == child);
  // A later RUN that refreshes the lists first does not need the old ones.
  CHECK(
      fixed("DF111",
            "FROM debian\nRUN apt-get update && apt-get install -y curl\n"
            "RUN apt-get update && apt-get install -y git && rm -rf /var/lib/apt/lists/*\n") ==
      "FROM debian\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n"
      "RUN apt-get update && apt-get install -y git && rm -rf /var/lib/apt/lists/*\n");
}

TEST_CASE("DF111: not safe - ||, ; and & chains and trailing comments are reported only",
          "[rules][DF111]") {
  for (std::string in : {"FROM debian\nRUN apt-get update; apt-get install -y curl\n",
                         "FROM debian\nRUN apt-get update && apt-get install -y curl || true\n",
                         "FROM debian\nRUN set -e; apt-get update; apt-get install -y x\n",
                         "FROM debian\nRUN apt-get update && apt-get install -y curl # tools\n",
                         "FROM debian\nRUN apt-get update && apt-get install -y x &\n",
                         "FROM debian\nRUN apt-get update && apt-get install -y x && exit 0\n"}) {
    INFO(in);
    auto result = run_rule("DF111", in);
    CHECK(result.output == in);
    REQUIRE(result.findings.size() == 1);
    CHECK(result.findings[0].rule_id == "DF111");
    CHECK_FALSE(result.findings[0].fix.has_value());
  }
}

TEST_CASE("DF111: not safe - exec form, heredoc, other shells, unparsable, ONBUILD",
          "[rules][DF111]") {
  for (const std::string& in : kNotApplicable) {
    INFO(in);
    CHECK(fixed("DF111", in) == in);
    CHECK(run_rule("DF111", in).findings.empty());
  }
}

TEST_CASE("DF111: the fix is idempotent", "[rules][DF111]") {
  check_idempotent("DF111", "FROM debian\nRUN apt-get update && apt-get install -y curl\n");
  check_idempotent("DF111",
                   "FROM debian\nRUN apt-get update \\\n    && apt-get install -y curl;\n");
  check_idempotent("DF111",
                   "FROM debian\nRUN apt-get update && \\\n    apt-get install -y curl\n"
                   "RUN apt-get update && apt-get install -y git\n");
}

// ---------------------------------------------------------------------------------------------
// DF112 apt-no-install-recommends

TEST_CASE("DF112: --no-install-recommends after install and its plain options", "[rules][DF112]") {
  CHECK(fixed("DF112", "FROM debian\nRUN apt-get install jq\n") ==
        "FROM debian\nRUN apt-get install --no-install-recommends jq\n");
  CHECK(fixed("DF112", "FROM debian\nRUN apt-get install -y jq\n") ==
        "FROM debian\nRUN apt-get install -y --no-install-recommends jq\n");
  CHECK(fixed("DF112", "FROM debian\nRUN apt-get -q install -yq --fix-missing jq\n") ==
        "FROM debian\nRUN apt-get -q install -yq --fix-missing --no-install-recommends jq\n");
  CHECK(fixed("DF112", "FROM debian\nRUN apt install -y jq\n") ==
        "FROM debian\nRUN apt install -y --no-install-recommends jq\n");
  // An option that takes the next word as its value is not split from it.
  CHECK(fixed("DF112", "FROM debian\nRUN apt-get install -y -t bookworm-backports jq\n") ==
        "FROM debian\nRUN apt-get install -y --no-install-recommends -t bookworm-backports jq\n");
  CHECK(fixed("DF112", "FROM debian\nRUN apt-get install -yt bookworm-backports jq\n") ==
        "FROM debian\nRUN apt-get install --no-install-recommends -yt bookworm-backports jq\n");
}

TEST_CASE("DF112: keeps ca-certificates where curl, wget or git had it only as a recommendation",
          "[rules][DF112]") {
  // libcurl4, wget, git and aria2 recommend it (Debian 12's metadata); without it HTTPS fails.
  CHECK(fixed("DF112", "FROM debian\nRUN apt-get install -y curl\n") ==
        "FROM debian\nRUN apt-get install -y --no-install-recommends curl ca-certificates\n");
  CHECK(fixed("DF112", "FROM debian\nRUN apt-get install -y git=1:2.39.2-1 jq\n") ==
        "FROM debian\nRUN apt-get install -y --no-install-recommends git=1:2.39.2-1 jq ca-certificates\n");
  auto result = run_rule("DF112", "FROM debian\nRUN apt-get install -y wget:amd64\n");
  REQUIRE(result.findings.empty());  // fixed
  OptimizeResult report = optimize("FROM debian\nRUN apt-get install -y wget\n", "Dockerfile",
                                   {find_rule("DF112")}, OptimizeOptions{});
  REQUIRE(report.findings.size() == 1);
  CHECK(report.findings[0].message ==
        "'apt-get install' also installs recommended packages; add --no-install-recommends (and "
        "ca-certificates, which wget needs for HTTPS and had only as a recommendation)");
  // A list written one per line gets it on a line of its own.
  CHECK(fixed("DF112", "FROM debian\nRUN apt-get install -y \\\n    curl \\\n    jq \\\n  && echo ok\n") ==
        "FROM debian\nRUN apt-get install -y --no-install-recommends \\\n    curl \\\n    jq \\\n"
        "    ca-certificates \\\n  && echo ok\n");
  CHECK(fixed("DF112", "FROM debian\r\nRUN apt-get install -y \\\r\n  wget\r\n") ==
        "FROM debian\r\nRUN apt-get install -y --no-install-recommends \\\r\n  wget \\\r\n  ca-certificates\r\n");
  // Named already, not needed, or hidden behind a variable: nothing added.
  CHECK(fixed("DF112", "FROM debian\nRUN apt-get install -y ca-certificates curl\n") ==
        "FROM debian\nRUN apt-get install -y --no-install-recommends ca-certificates curl\n");
  CHECK(fixed("DF112", "FROM debian\nRUN apt-get install -y curlftpfs gitk\n") ==
        "FROM debian\nRUN apt-get install -y --no-install-recommends curlftpfs gitk\n");
  CHECK(fixed("DF112", "FROM debian\nRUN apt-get install -y curl $EXTRA\n") ==
        "FROM debian\nRUN apt-get install -y --no-install-recommends curl $EXTRA\n");
  // Installed by another apt command of the RUN before the program can run: not added again.
  CHECK(fixed("DF112", "FROM debian\nRUN apt-get install -y curl && apt-get install -y ca-certificates\n") ==
        "FROM debian\nRUN apt-get install -y --no-install-recommends curl && "
        "apt-get install -y --no-install-recommends ca-certificates\n");
  CHECK(fixed("DF112", "FROM debian\nRUN apt-get install -y ca-certificates && apt-get install -y wget\n") ==
        "FROM debian\nRUN apt-get install -y --no-install-recommends ca-certificates && "
        "apt-get install -y --no-install-recommends wget\n");
  // ... but a download in between needs it at once.
  CHECK(fixed("DF112", "FROM debian\nRUN apt-get install -y curl && curl https://x && apt-get install -y ca-certificates\n") ==
        "FROM debian\nRUN apt-get install -y --no-install-recommends curl ca-certificates && curl https://x && "
        "apt-get install -y --no-install-recommends ca-certificates\n");
}

TEST_CASE("DF112: the fix is unsafe", "[rules][DF112]") {
  std::string in = "FROM debian\nRUN apt-get install -y jq\n";
  auto result = optimize(in, "Dockerfile", {find_rule("DF112")}, OptimizeOptions{});
  CHECK(result.output == in);
  REQUIRE(result.findings.size() == 1);
  REQUIRE(result.findings[0].fix.has_value());
  CHECK(result.findings[0].fix->safety == FixSafety::Unsafe);
  CHECK(result.findings[0].offset == in.find("apt-get"));
}

TEST_CASE("DF112: continuation lines, CRLF and the backtick escape", "[rules][DF112]") {
  CHECK(fixed("DF112",
              "FROM debian\nRUN apt-get update && \\\n    apt-get install -y \\\n      jq\n") ==
        "FROM debian\nRUN apt-get update && \\\n    apt-get install -y --no-install-recommends "
        "\\\n      jq\n");
  CHECK(fixed("DF112",
              "FROM debian\nRUN apt-get update \\\n    && apt-get install -y jq \\\n    && echo "
              "ok\n") ==
        "FROM debian\nRUN apt-get update \\\n    && apt-get install -y --no-install-recommends "
        "jq \\\n"
        "    && echo ok\n");
  CHECK(fixed("DF112",
              "FROM debian\r\nRUN apt-get update && \\\r\n    apt-get install -y jq\r\n") ==
        "FROM debian\r\nRUN apt-get update && \\\r\n    apt-get install -y --no-install-recommends "
        "jq\r\n");
  CHECK(fixed("DF112",
              "# escape=`\nFROM debian\nRUN apt-get update && `\n    apt-get install jq\n") ==
        "# escape=`\nFROM debian\nRUN apt-get update && `\n    apt-get install "
        "--no-install-recommends jq\n");
}

TEST_CASE("DF112: not safe - the command or the file already decides", "[rules][DF112]") {
  for (std::string in : {
           "FROM debian\nRUN apt-get install -y --no-install-recommends x\n",
           "FROM debian\nRUN apt-get install --no-install-recommends -y x\n",
           "FROM debian\nRUN apt-get --no-install-recommends install -y x\n",
           "FROM debian\nRUN apt-get install --install-recommends -y x\n",
           "FROM debian\nRUN apt-get -o APT::Install-Recommends=false install -y x\n",
           "FROM debian\nRUN apt-get install -y -o APT::Install-Recommends=true x\n",
           "FROM debian\nRUN echo 'APT::Install-Recommends \"0\";' > /etc/apt/apt.conf.d/01norec\n"
           "RUN apt-get install -y x\n",
           "FROM debian\nRUN apt-get update && apt-get upgrade -y && apt-get remove -y x\n",
       }) {
    INFO(in);
    CHECK(fixed("DF112", in) == in);
    CHECK(run_rule("DF112", in).findings.empty());
  }
}

TEST_CASE("DF112: not safe - exec form, heredoc, other shells, unparsable",
          "[rules][DF112]") {
  for (const std::string& in : kNotApplicable) {
    INFO(in);
    CHECK(fixed("DF112", in) == in);
    CHECK(run_rule("DF112", in).findings.empty());
  }
}

TEST_CASE("DF112: the fix is idempotent", "[rules][DF112]") {
  check_idempotent("DF112", "FROM debian\nRUN apt-get install -y a && apt-get -q install b\n");
}

// ---------------------------------------------------------------------------------------------
// DF113 apt-to-apt-get

TEST_CASE("DF113: apt becomes apt-get for the actions they share", "[rules][DF113]") {
  CHECK(fixed("DF113", "FROM debian\nRUN apt update && apt install -y curl\n") ==
        "FROM debian\nRUN apt-get update && apt-get install -y curl\n");
  for (std::string action : {"install", "remove", "purge", "update", "autoremove", "clean"}) {
    INFO(action);
    CHECK(fixed("DF113", "FROM debian\nRUN apt " + action + " -y\n") ==
          "FROM debian\nRUN apt-get " + action + " -y\n");
  }
  CHECK(fixed("DF113", "FROM debian\nRUN apt -qq install x\n") ==
        "FROM debian\nRUN apt-get -qq install x\n");
}

TEST_CASE("DF113: continuation lines, CRLF and the backtick escape", "[rules][DF113]") {
  CHECK(fixed("DF113", "FROM debian\nRUN apt update && \\\n    apt install -y curl\n") ==
        "FROM debian\nRUN apt-get update && \\\n    apt-get install -y curl\n");
  CHECK(fixed("DF113", "FROM debian\nRUN apt update \\\n    && apt install -y curl\n") ==
        "FROM debian\nRUN apt-get update \\\n    && apt-get install -y curl\n");
  CHECK(fixed("DF113", "FROM debian\r\nRUN apt update && \\\r\n    apt install -y curl\r\n") ==
        "FROM debian\r\nRUN apt-get update && \\\r\n    apt-get install -y curl\r\n");
  CHECK(fixed("DF113", "# escape=`\nFROM debian\nRUN apt update && `\n    apt install -y curl\n") ==
        "# escape=`\nFROM debian\nRUN apt-get update && `\n    apt-get install -y curl\n");
}

TEST_CASE("DF113: upgrade and full-upgrade are reported without a fix", "[rules][DF113]") {
  for (std::string action : {"upgrade", "full-upgrade"}) {
    std::string in = "FROM debian\nRUN apt update && apt " + action + " -y\n";
    INFO(in);
    auto result = run_rule("DF113", in);
    CHECK(result.output == "FROM debian\nRUN apt-get update && apt " + action + " -y\n");
    REQUIRE(result.findings.size() == 1);
    CHECK(result.findings[0].offset == result.output.rfind("apt " + action));
    CHECK_FALSE(result.findings[0].fix.has_value());
  }
}

TEST_CASE("DF113: not safe - other actions and other spellings stay", "[rules][DF113]") {
  for (std::string in :
       {"FROM debian\nRUN apt list --installed\n", "FROM debian\nRUN apt search x\n",
        "FROM debian\nRUN apt show x\n", "FROM debian\nRUN apt policy\n",
        "FROM debian\nRUN /usr/bin/apt install -y x\n", "FROM debian\nRUN \"apt\" install -y x\n",
        "FROM debian\nRUN ap\\t install -y x\n", "FROM debian\nRUN apt-get install -y x\n",
        "FROM debian\nRUN apt-cache show x\n", "FROM debian\nRUN echo apt install x\n"}) {
    INFO(in);
    CHECK(fixed("DF113", in) == in);
    CHECK(run_rule("DF113", in).findings.empty());
  }
}

TEST_CASE("DF113: not safe - exec form, heredoc, other shells, unparsable",
          "[rules][DF113]") {
  for (const std::string& in : kNotApplicable) {
    INFO(in);
    CHECK(fixed("DF113", in) == in);
    CHECK(run_rule("DF113", in).findings.empty());
  }
}

TEST_CASE("DF113: the fix is idempotent", "[rules][DF113]") {
  check_idempotent("DF113", "FROM debian\nRUN apt update && apt install -y a && apt upgrade -y\n");
}

// ---------------------------------------------------------------------------------------------
// All four together, as the default pipeline runs them.

TEST_CASE("DF110-DF113 together converge on the idiomatic line",
          "[rules][DF110][DF111][DF112][DF113]") {
  std::vector<const Rule*> rules = {find_rule("DF110"), find_rule("DF111"), find_rule("DF112"),
                                    find_rule("DF113")};
  OptimizeOptions options;
  options.apply_unsafe_fixes = true;
  std::string in = "FROM debian\nRUN apt update && \\\n    apt install curl\n";
  auto once = optimize(in, "Dockerfile", rules, options);
  CHECK(once.output ==
        "FROM debian\nRUN apt-get update && \\\n    apt-get install -y --no-install-recommends "
        "curl ca-certificates && \\\n"
        "    rm -rf /var/lib/apt/lists/*\n");
  CHECK(once.findings.empty());
  CHECK(once.internal_errors.empty());
  CHECK(optimize(once.output, "Dockerfile", rules, options).output == once.output);
}
