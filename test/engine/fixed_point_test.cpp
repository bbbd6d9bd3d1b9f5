// One run reaches the fixed point: fixes that depend on an earlier fix of the same rule land in
// the same round (Fix::after_fix_at), so a chain of any length needs no round per link, and a
// run that still applies fixes when the round cap is reached says so instead of writing.
#include <catch2/catch.hpp>

#include <string>

#include "dfopt/process_file.h"
#include "engine/optimizer.h"
#include "rules/rule_selection.h"
#include "test_support.h"
#include "transforms/registry.h"

using namespace dfopt;
using namespace dfopt::test;

namespace {

std::string cd_chain(int links) {
  std::string text = "FROM debian:bookworm\n";
  for (int i = 1; i <= links; ++i) text += "RUN cd d" + std::to_string(i) + " && make\n";
  return text;
}

// With every rule, or with DF103 alone (DF102 would merge the RUNs the tests keep apart).
OptimizeResult fix_all(const std::string& text, bool unsafe, bool only_cd_to_workdir = false) {
  OptimizeOptions options;
  options.apply_unsafe_fixes = unsafe;
  std::vector<const Rule*> rules = all_rules();
  if (only_cd_to_workdir) rules = select_rules(rules, {{"DF103"}, {}});
  return optimize(text, "Dockerfile", rules, options);
}

// A rule that rewrites its own output forever: a comment appended at the end of the file.
class RestlessRule : public Rule {
 public:
  const RuleInfo& info() const override { return info_; }
  void check(const Document& doc, const RuleContext&, std::vector<Finding>& findings) const override {
    std::size_t end = doc.source().size();
    findings.push_back({"DF993", 0, "one more comment", Fix{FixSafety::Safe, {{{end, end}, "# more\n"}}}});
  }

 private:
  RuleInfo info_{.id = "DF993", .name = "test-restless", .summary = "Never done", .doc = "",
                 .fix = FixAvailability::Always, .fix_safeties = {.safe = true}};
};

}  // namespace

TEST_CASE("fixed point: a chain of 100 cd-to-WORKDIR fixes lands in one run", "[engine][fixed-point]") {
  const std::string input = cd_chain(100);
  OptimizeResult once = fix_all(input, true);
  CHECK(once.converged);
  CHECK(once.fixes_applied["DF103"] == 100);
  CHECK(once.output.find("RUN cd ") == std::string::npos);
  CHECK(once.output.find("WORKDIR d1\nRUN make\nWORKDIR d2\nRUN make\n") != std::string::npos);
  OptimizeResult twice = fix_all(once.output, true);
  CHECK(twice.output == once.output);
  CHECK(twice.fixes_applied.empty());
}

TEST_CASE("fixed point: without --unsafe-fixes the chain is one report, judged on the file as it is",
          "[engine][fixed-point]") {
  OptimizeResult result = fix_all(cd_chain(40), false);
  CHECK(result.converged);
  CHECK(result.output == cd_chain(40));
  int reports = 0;
  for (const Finding& f : result.findings) {
    if (f.rule_id != "DF103") continue;
    ++reports;
    REQUIRE(f.fix);
    CHECK(f.fix->safety == FixSafety::Unsafe);
    CHECK_FALSE(f.fix->after_fix_at);  // nothing reported rests on a fix that was not made
  }
  CHECK(reports == 1);  // the later RUNs are judged once the first is decided
}

TEST_CASE("fixed point: a suppressed link does not carry the fixes judged after it", "[engine][fixed-point]") {
  const std::string input =
      "FROM debian:bookworm\n"
      "RUN cd /a && make\n"
      "# dfopt: ignore=DF103\n"
      "RUN cd b && make\n"
      "RUN cd c && make\n";
  OptimizeResult result = fix_all(input, true, true);
  CHECK(result.converged);
  // /a became the WORKDIR; b stays a cd (suppressed), so c is entered from /a and /a restored.
  CHECK(result.output ==
        "FROM debian:bookworm\n"
        "WORKDIR /a\n"
        "RUN make\n"
        "# dfopt: ignore=DF103\n"
        "RUN cd b && make\n"
        "WORKDIR c\n"
        "RUN make\n"
        "WORKDIR /a\n");
}

TEST_CASE("fixed point: an absolute WORKDIR ends what an earlier fix decides", "[engine][fixed-point]") {
  const std::string input =
      "FROM debian:bookworm\n"
      "RUN cd /a && make\n"
      "RUN ls\n"
      "WORKDIR /w\n"
      "RUN cd b && make\n"
      "COPY x .\n";
  const std::string after_w =
      "WORKDIR /w\n"
      "WORKDIR b\n"
      "RUN make\n"
      "WORKDIR /w\n"
      "COPY x .\n";
  // The first cd is unsafe to replace (RUN ls would run in /a, and the base image's directory is
  // not known); the second is judged from /w either way and safely goes back to it.
  CHECK(fix_all(input, true, true).output == "FROM debian:bookworm\nWORKDIR /a\nRUN make\nRUN ls\n" + after_w);
  CHECK(fix_all(input, false, true).output == "FROM debian:bookworm\nRUN cd /a && make\nRUN ls\n" + after_w);
}

TEST_CASE("fixed point: a run that reaches the round cap is not a result", "[engine][fixed-point]") {
  RestlessRule restless;
  OptimizeResult result = optimize("FROM a\n", "Dockerfile", {&restless}, {});
  CHECK_FALSE(result.converged);

  TempDir dir;
  write_file(dir.path() / "Dockerfile", "FROM a\n");
  cli::CliOptions options;
  options.mode = cli::Mode::Fix;
  options.max_file_size = 1 << 20;
  cli::EffectiveSettings settings;
  settings.rules = {&restless};
  cli::Input input{(dir.path() / "Dockerfile").string(), false};
  cli::FileOutcome outcome = cli::process_file(input, options, settings);
  CHECK(outcome.failed);
  CHECK_FALSE(outcome.changed);
  CHECK(outcome.err == input.path + ": error: the fixes did not settle in 32 rounds (a rule keeps rewriting "
                                    "its own output; please report it); nothing is changed\n");
  CHECK(read_file(dir.path() / "Dockerfile") == "FROM a\n");
}
