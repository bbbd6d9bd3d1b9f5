// DF101 apt-update-separate and DF102 consecutive-run: input and expected output side by side;
// every not-safe case of brief §3 expects the input back unchanged.
#include <catch2/catch.hpp>

#include "engine/optimizer.h"
#include "transforms/registry.h"

using namespace dfopt;

namespace {

OptimizeResult run_rules(const std::string& input, std::vector<std::string_view> ids,
                         std::string policy = "") {
  OptimizeOptions options;
  if (!policy.empty()) options.context.options["consecutive-run.policy"] = policy;
  std::vector<const Rule*> rules;
  for (std::string_view id : ids) rules.push_back(find_rule(id));
  return optimize(input, "Dockerfile", rules, options);
}

std::string merged(const std::string& input, std::string policy = "") {
  return run_rules(input, {"DF102"}, std::move(policy)).output;
}

std::string apt_merged(const std::string& input) { return run_rules(input, {"DF101"}).output; }

}  // namespace

TEST_CASE("DF102: a paragraph of RUNs becomes one RUN", "[rules][DF102]") {
  CHECK(merged("FROM a\nRUN a\nRUN b\nRUN c\n") ==
        "FROM a\nRUN a && \\\n    b && \\\n    c\n");
  // Multi-line RUNs keep their own lines; the file's indent is used for the joins.
  CHECK(merged("FROM a\nRUN a \\\n\t--x\nRUN b \\\n\t--y\n") ==
        "FROM a\nRUN a \\\n\t--x && \\\n\tb \\\n\t--y\n");
  // Keyword case and the first RUN's flags stay.
  CHECK(merged("from a\nrun --network=none a\nrun --network=none b\n") ==
        "from a\nrun --network=none a && \\\n    b\n");
}

TEST_CASE("DF102: && goes where the file puts it", "[rules][DF102]") {
  std::string input =
      "FROM a\nRUN x \\\n  && y\nRUN z\n";
  CHECK(merged(input) == "FROM a\nRUN x \\\n  && y \\\n  && z\n");
}

TEST_CASE("DF102: comments between RUNs become comment lines inside the merged RUN",
          "[rules][DF102]") {
  CHECK(merged("FROM a\nRUN a\n# why b\n  # and more\nRUN b\n") ==
        "FROM a\nRUN a && \\\n    # why b\n    # and more\n    b\n");
}

TEST_CASE("DF102: line endings, escape character and final newline follow the file",
          "[rules][DF102]") {
  CHECK(merged("FROM a\r\nRUN a\r\nRUN b\r\n") == "FROM a\r\nRUN a && \\\r\n    b\r\n");
  CHECK(merged("# escape=`\nFROM debian\nRUN a\nRUN b") == "# escape=`\nFROM debian\nRUN a && `\n    b");
}

TEST_CASE("DF102: a final ; of the earlier RUN is dropped, the later keeps its own",
          "[rules][DF102]") {
  CHECK(merged("FROM a\nRUN a;  \nRUN b;\n") == "FROM a\nRUN a && \\\n    b;\n");
  CHECK(merged("FROM a\nRUN a; b\nRUN c\n") == "FROM a\nRUN a; b && \\\n    c\n");
  CHECK(merged("FROM a\nRUN a || true\nRUN c\n") == "FROM a\nRUN a || true && \\\n    c\n");
}

TEST_CASE("DF102: paragraphs are the cache units, unless the policy says adjacent",
          "[rules][DF102]") {
  std::string input = "FROM a\nRUN a\nRUN b\n\nRUN c\n";
  CHECK(merged(input) == "FROM a\nRUN a && \\\n    b\n\nRUN c\n");
  CHECK(merged(input, "adjacent") == "FROM a\nRUN a && \\\n    b && \\\n    c\n");
}

TEST_CASE("DF102: not safe - the earlier RUN leaks shell state or ends the shell",
          "[rules][DF102]") {
  for (std::string first :
       {"cd /src", "export A=1", "A=1", "set -e", "source /env", ". /env", "exit 0",
        "exec make", "umask 077", "ulimit -n 10", "alias x=y", "eval \"$X\"", "trap x EXIT",
        "unset A", "f() { :; }", "sleep 9 &", "make # build", "pushd /x", "shopt -s nullglob",
        "echo 'unterminated"}) {
    std::string input = "FROM a\nRUN " + first + "\nRUN b\n";
    INFO(first);
    CHECK(merged(input) == input);
  }
}

TEST_CASE("DF102: not safe - the later RUN would regroup under &&", "[rules][DF102]") {
  for (std::string second : {"a || b", "a; b", "a & b", "(( i++ ))"}) {
    std::string input = "FROM a\nRUN x\nRUN " + second + "\n";
    INFO(second);
    CHECK(merged(input) == input);
  }
}

TEST_CASE("DF102: not safe - forms, heredocs, flags, instructions and shells keep RUNs apart",
          "[rules][DF102]") {
  for (std::string input : {
           "FROM a\nRUN [\"a\"]\nRUN b\n",
           "FROM a\nRUN a\nRUN [\"b\"]\n",
           "FROM a\nRUN <<EOF\na\nEOF\nRUN b\n",
           "FROM a\nRUN a\nRUN <<EOF\nb\nEOF\n",
           "FROM a\nRUN --mount=type=cache,target=/c a\nRUN b\n",
           "FROM a\nRUN --network=none a\nRUN --network=host b\n",
           "FROM a\nRUN a\nENV X=1\nRUN b\n",
           "FROM a\nRUN a\nUSER app\nRUN b\n",
           "FROM a\nRUN a\nFROM b\nRUN b\n",
           "FROM a\nSHELL [\"powershell\", \"-Command\"]\nRUN a\nRUN b\n",
           "FROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN a\nRUN b\n",
           "FROM a\nONBUILD RUN a\nONBUILD RUN b\n",
           "FROM a\nRUN a \\\n",
       }) {
    INFO(input);
    CHECK(merged(input) == input);
  }
  // A POSIX SHELL is fine.
  CHECK(merged("FROM a\nSHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\nRUN a\nRUN b\n") ==
        "FROM a\nSHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\nRUN a && \\\n    b\n");
}

TEST_CASE("DF102: merging is idempotent and counted once per group", "[rules][DF102]") {
  auto first = run_rules("FROM a\nRUN a\nRUN b\nRUN c\n\nRUN d\nRUN e\n", {"DF102"});
  CHECK(first.fixes_applied.at("DF102") == 2);
  CHECK(first.findings.empty());
  auto second = run_rules(first.output, {"DF102"});
  CHECK(second.output == first.output);
  CHECK(second.fixes_applied.empty());
}

TEST_CASE("DF101: apt-get update joins the install RUN after it", "[rules][DF101]") {
  CHECK(apt_merged("FROM debian\nRUN apt-get update\n\n# tools\nRUN apt-get install -y curl\n") ==
        "FROM debian\nRUN apt-get update && \\\n    # tools\n    apt-get install -y curl\n");
  CHECK(apt_merged("FROM alpine\nRUN apk update\nRUN apk add curl\n") ==
        "FROM alpine\nRUN apk update && \\\n    apk add curl\n");
  CHECK(apt_merged("FROM fedora\nRUN dnf makecache\nRUN dnf install -y git\n") ==
        "FROM fedora\nRUN dnf makecache && \\\n    dnf install -y git\n");
  CHECK(apt_merged("FROM debian\nRUN apt-get -qq update\nRUN apt-get install -y x && rm -rf /var/lib/apt/lists/*\n") ==
        "FROM debian\nRUN apt-get -qq update && \\\n    apt-get install -y x && rm -rf /var/lib/apt/lists/*\n");
}

TEST_CASE("DF101: reported without a fix where merging is not safe", "[rules][DF101]") {
  for (std::string input : {
           "FROM debian\nRUN apt-get update\nENV DEBIAN_FRONTEND=noninteractive\nRUN apt-get install -y x\n",
           "FROM debian\nRUN apt-get update\nRUN apt-get install -y x || true\n",
           "FROM debian\nRUN --mount=type=cache,target=/var/cache/apt apt-get update\nRUN apt-get install -y x\n",
       }) {
    INFO(input);
    auto result = run_rules(input, {"DF101"});
    CHECK(result.output == input);
    REQUIRE(result.findings.size() == 1);
    CHECK(result.findings.front().rule_id == "DF101");
    CHECK(result.findings.front().message.find("not merged") != std::string::npos);
  }
  // Nothing to say when no install follows, or another manager installs.
  for (std::string input : {"FROM debian\nRUN apt-get update\nRUN make\n",
                            "FROM debian\nRUN apt-get update\n",
                            "FROM debian\nRUN apt-get update\nRUN apk add x\n",
                            "FROM debian\nRUN apt-get update\nFROM b\nRUN apt-get install x\n"}) {
    INFO(input);
    auto result = run_rules(input, {"DF101"});
    CHECK(result.output == input);
    CHECK(result.findings.empty());
  }
}
