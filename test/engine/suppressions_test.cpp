// Suppression comments: `# dfopt: ignore=` for the next instruction, `global ignore=` for the
// file, and hadolint's spelling mapped through each rule's references.
#include <catch2/catch.hpp>

#include "engine/optimizer.h"
#include "transforms/registry.h"

using namespace dfopt;

namespace {
OptimizeResult run_all(const std::string& input) {
  return optimize(input, "Dockerfile", all_rules(), OptimizeOptions{});
}
bool has_finding(const OptimizeResult& r, std::string_view id) {
  for (const Finding& f : r.findings)
    if (f.rule_id == id) return true;
  return false;
}
}  // namespace

TEST_CASE("suppressions: the next instruction, by id, name or hadolint id", "[suppressions]") {
  for (std::string comment : {"# dfopt: ignore=DF202", "# dfopt: ignore=add-to-copy",
                              "# hadolint ignore=DL3020", "#dfopt:ignore=DF301,DF202 reason"}) {
    std::string input = "FROM a:1\n" + comment + "\nADD x /y\nADD z /w\n";
    INFO(comment);
    CHECK(run_all(input).output == "FROM a:1\n" + comment + "\nADD x /y\nCOPY z /w\n");
  }
  // Only comment lines may stand between the suppression and its instruction.
  CHECK(run_all("FROM a:1\n# dfopt: ignore=DF202\n\nADD x /y\n").output ==
        "FROM a:1\n# dfopt: ignore=DF202\n\nCOPY x /y\n");
}

TEST_CASE("suppressions: global ignore covers the file, findings too", "[suppressions]") {
  std::string input = "# hadolint global ignore=DL3006,DL3020\nFROM a\nADD x /y\n";
  auto result = run_all(input);
  CHECK(result.output == input);
  CHECK_FALSE(has_finding(result, "DF301"));
  CHECK(has_finding(run_all("FROM a\n"), "DF301"));
}

TEST_CASE("suppressions: a merge that would swallow an ignored RUN is not made", "[suppressions]") {
  std::string input = "FROM a:1\nRUN a\n# dfopt: ignore=DF102\nRUN b\nRUN c\n";
  auto result = optimize(input, "Dockerfile", {find_rule("DF102")}, OptimizeOptions{});
  CHECK(result.output == input);
}

TEST_CASE("suppressions: no fix moves a directive into the instruction above", "[suppressions]") {
  // Merging `RUN cd /tmp && make` into the RUN above would put the comment inside the merged RUN,
  // where it applies to nothing, and the next run would rewrite what the author exempted.
  std::string input = "FROM debian:bookworm\nRUN apt-get update\n# dfopt: ignore=DF103\n"
                      "RUN cd /tmp && make\n";
  OptimizeOptions unsafe;
  unsafe.apply_unsafe_fixes = true;
  auto result = optimize(input, "Dockerfile", all_rules(), unsafe);
  CHECK(result.output.find("\nRUN apt-get update") != std::string::npos);
  CHECK(result.output.ends_with("\n# dfopt: ignore=DF103\nRUN cd /tmp && make\n"));
  // The same merge without the directive is made.
  auto plain = optimize("FROM debian:bookworm\nRUN apt-get update\n# build\nRUN cd /tmp && make\n",
                        "Dockerfile", {find_rule("DF102")}, OptimizeOptions{});
  CHECK(plain.output.find("# build") != std::string::npos);
  CHECK(plain.output.find("\nRUN cd") == std::string::npos);
  // A fix inside the directed instruction itself is still made.
  CHECK(run_all("FROM a:1\nRUN a\n# dfopt: ignore=DF103\nrun b\n").output.find("\nRUN b") !=
        std::string::npos);
}
