// A bug in one rule, or an exception while processing one file, stays with that rule or file:
// the optimizer reports a rule that throws, or whose fix has overlapping edits, as an internal
// error of that rule and still applies the other rules' fixes; process_file turns anything
// thrown into the file's error; run_ordered never lets an exception leave a worker thread.
// The failing rules exist only here: they are handed to optimize() and process_file() directly.
#include <catch2/catch.hpp>

#include <atomic>
#include <filesystem>
#include <new>
#include <stdexcept>
#include <string>
#include <vector>

#include "dfopt/ordered_parallel.h"
#include "dfopt/process_file.h"
#include "engine/optimizer.h"
#include "test_support.h"
#include "transforms/registry.h"

using namespace dfopt;
using namespace dfopt::test;

namespace {

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

// A rule that reports a finding at the start of the file and then throws what `fail` throws.
template <typename Fail>
class ThrowingRule : public Rule {
 public:
  explicit ThrowingRule(Fail fail) : fail_(fail) {}
  const RuleInfo& info() const override { return info_; }
  void check(const Document&, const RuleContext&, std::vector<Finding>& findings) const override {
    ++calls;
    findings.push_back({std::string(info_.id), 0, "a finding made before the failure", std::nullopt});
    fail_();
  }
  mutable std::atomic<int> calls{0};

 private:
  RuleInfo info_{.id = "DF990", .name = "test-throws", .summary = "Throws", .doc = ""};
  Fail fail_;
};

template <typename Fail>
ThrowingRule<Fail> throwing_rule(Fail fail) {
  return ThrowingRule<Fail>(fail);
}

// A rule whose one fix is made of the given edits (for its own finding at the start of the file).
class BadFixRule : public Rule {
 public:
  explicit BadFixRule(std::vector<TextEdit> edits, FixSafety safety = FixSafety::Safe)
      : edits_(std::move(edits)), safety_(safety) {}
  const RuleInfo& info() const override { return info_; }
  void check(const Document&, const RuleContext&, std::vector<Finding>& findings) const override {
    findings.push_back({std::string(info_.id), 0, "a finding with a malformed fix",
                        Fix{safety_, edits_}});
  }

 private:
  RuleInfo info_{.id = "DF991", .name = "test-bad-fix", .summary = "Malformed fixes", .doc = "",
                 .fix = FixAvailability::Always, .fix_safeties = {.safe = true, .unsafe = true}};
  std::vector<TextEdit> edits_;
  FixSafety safety_;
};

// A rule whose info() throws: the optimizer asks for it outside any rule's check, so this
// escapes optimize() and reaches process_file's own guard.
class BrokenInfoRule : public Rule {
 public:
  const RuleInfo& info() const override { throw std::runtime_error("no info today"); }
  void check(const Document&, const RuleContext&, std::vector<Finding>&) const override {}
};

// ENV's legacy form: DF502 fixes it safely, so its fix shows that the other rules still apply.
const std::string kInput = "FROM debian:12\nENV A b\nENV C d\n";
const std::string kFixed = "FROM debian:12\nENV A=b\nENV C=d\n";

std::vector<const Rule*> with_env_rule(const Rule* other) {
  const Rule* env = find_rule("DF502");
  REQUIRE(env != nullptr);
  return {other, env};
}

std::size_t findings_of(const OptimizeResult& result, const std::string& id) {
  std::size_t n = 0;
  for (const Finding& f : result.findings) n += f.rule_id == id;
  return n;
}

}  // namespace

TEST_CASE("isolation: a rule that throws is an internal error of that rule; the others still fix",
          "[engine][isolation]") {
  auto rule = throwing_rule([] { throw std::runtime_error("boom"); });
  OptimizeResult result;
  REQUIRE_NOTHROW(result = optimize(kInput, "Dockerfile", with_env_rule(&rule), {}));
  CHECK(result.output == kFixed);
  CHECK(result.fixes_applied["DF502"] == 2);
  REQUIRE(result.internal_errors.size() == 1);
  CHECK(contains(result.internal_errors[0], "DF990"));
  CHECK(contains(result.internal_errors[0], "boom"));
  CHECK(findings_of(result, "DF990") == 0);  // what it found before throwing is dropped
  CHECK(rule.calls == 1);                    // and it is not run again on this file
}

TEST_CASE("isolation: a rule that throws something not derived from std::exception", "[engine][isolation]") {
  auto rule = throwing_rule([] { throw 42; });
  OptimizeResult result;
  REQUIRE_NOTHROW(result = optimize(kInput, "Dockerfile", with_env_rule(&rule), {}));
  CHECK(result.output == kFixed);
  REQUIRE(result.internal_errors.size() == 1);
  CHECK(contains(result.internal_errors[0], "DF990: the rule failed (unknown exception)"));
}

TEST_CASE("isolation: std::bad_alloc in a rule is not the rule's bug: it leaves optimize()",
          "[engine][isolation]") {
  auto rule = throwing_rule([] { throw std::bad_alloc(); });
  CHECK_THROWS_AS(optimize(kInput, "Dockerfile", with_env_rule(&rule), {}), std::bad_alloc);
}

TEST_CASE("isolation: a fix whose own edits overlap is dropped as an internal error of its rule",
          "[engine][isolation]") {
  struct Case {
    const char* what;
    std::vector<TextEdit> edits;
    const char* error;
  };
  const std::size_t end = kInput.size();
  for (const Case& c : std::vector<Case>{
           {"overlapping replacements", {{{0, 4}, "X"}, {{2, 6}, "Y"}}, "its edits overlap each other"},
           {"a replacement inside another", {{{5, 6}, "Y"}, {{0, 9}, "X"}}, "its edits overlap each other"},
           {"two insertions at one point", {{{4, 4}, "X"}, {{4, 4}, "Y"}}, "its edits overlap each other"},
           {"an insertion where a replacement starts", {{{4, 8}, "X"}, {{4, 4}, "Y"}},
            "its edits overlap each other"},
           {"an edit past the end", {{{end, end + 3}, "X"}}, "an edit reaches past the end of the file"},
           {"an edit that ends before it begins", {{{6, 2}, "X"}}, "an edit ends before it begins"},
       }) {
    INFO(c.what);
    // An unsafe fix that is not applied is still shown (with its edits, in JSON): checked too.
    for (FixSafety safety : {FixSafety::Safe, FixSafety::Unsafe}) {
      BadFixRule rule(c.edits, safety);
      OptimizeResult result;
      REQUIRE_NOTHROW(result = optimize(kInput, "Dockerfile", with_env_rule(&rule), {}));
      CHECK(result.output == kFixed);
      CHECK(result.fixes_applied["DF502"] == 2);
      CHECK(result.fixes_applied.count("DF991") == 0);
      REQUIRE(result.internal_errors.size() == 1);  // once, though the finding comes back each round
      CHECK(result.internal_errors[0] == std::string("DF991: fix dropped, ") + c.error);
      REQUIRE(findings_of(result, "DF991") == 1);  // still reported, without the fix
      for (const Finding& f : result.findings)
        if (f.rule_id == "DF991") CHECK_FALSE(f.fix.has_value());
    }
  }
  SECTION("edits that touch without overlapping are fine") {
    BadFixRule rule({{{4, 4}, " "}, {{0, 4}, "from"}, {{5, 6}, "D"}});
    OptimizeOptions options;
    options.max_rounds = 1;  // the rule would fix its own output again and again
    OptimizeResult result = optimize(kInput, "Dockerfile", {&rule}, options);
    CHECK(result.internal_errors.empty());
    CHECK(result.output.starts_with("from  Debian:12\n"));
  }
}

// --- process_file: the whole of one file's work ---------------------------------------------

namespace {

struct FileRun {
  TempDir dir;
  cli::CliOptions options;
  cli::EffectiveSettings settings;
  cli::Input input;

  explicit FileRun(std::vector<const Rule*> rules) {
    write_file(dir.path() / "Dockerfile", kInput);
    options.max_file_size = 10 << 20;
    settings.rules = std::move(rules);
    input.path = (dir.path() / "Dockerfile").string();
  }
  cli::FileOutcome run() { return cli::process_file(input, options, settings); }
};

}  // namespace

TEST_CASE("isolation: process_file reports a failing rule and still fixes with the others",
          "[cli][isolation]") {
  auto rule = throwing_rule([] { throw std::runtime_error("boom"); });
  FileRun file(with_env_rule(&rule));
  file.options.mode = cli::Mode::Check;
  cli::FileOutcome outcome = file.run();
  CHECK_FALSE(outcome.failed);
  CHECK(outcome.rule_errors);
  CHECK(outcome.changed);
  CHECK(contains(outcome.err, file.input.path + ": error: internal error: DF990: the rule failed (boom)"));
  CHECK(contains(outcome.out, "would be rewritten (DF502 x2)"));
}

TEST_CASE("isolation: process_file turns an exception that escapes the optimizer into the file's error",
          "[cli][isolation]") {
  BrokenInfoRule broken;
  FileRun file(with_env_rule(&broken));
  cli::FileOutcome outcome;
  REQUIRE_NOTHROW(outcome = file.run());
  CHECK(outcome.failed);
  CHECK_FALSE(outcome.changed);
  CHECK(outcome.out.empty());
  CHECK(outcome.err == file.input.path + ": error: internal error: no info today\n");
  REQUIRE(outcome.report.errors.size() == 1);
  CHECK(outcome.report.errors[0].message == "internal error: no info today");
  CHECK(outcome.report.path == file.input.path);
  SECTION("with --fix the file is left as it was") {
    file.options.mode = cli::Mode::Fix;
    CHECK(file.run().failed);
    CHECK(read_file(file.input.path) == kInput);
  }
}

TEST_CASE("isolation: std::bad_alloc while processing a file is that file's 'out of memory'",
          "[cli][isolation]") {
  auto rule = throwing_rule([] { throw std::bad_alloc(); });
  FileRun file(with_env_rule(&rule));
  file.options.mode = cli::Mode::Fix;
  cli::FileOutcome outcome;
  REQUIRE_NOTHROW(outcome = file.run());
  CHECK(outcome.failed);
  CHECK(outcome.err == file.input.path + ": error: out of memory\n");
  CHECK(read_file(file.input.path) == kInput);
}

TEST_CASE("isolation: a failed standard input is echoed unchanged, as with a syntax error",
          "[cli][isolation]") {
  cli::CliOptions options;
  cli::Input input{"-", true};
  const std::string text = "FROM a\n";
  cli::FileOutcome outcome = cli::failed_outcome(input, options, "internal error: boom", &text);
  CHECK(outcome.failed);
  CHECK(outcome.out == text);
  CHECK(outcome.err == "-: error: internal error: boom\n");
  options.mode = cli::Mode::Check;
  CHECK(cli::failed_outcome(input, options, "internal error: boom", &text).out.empty());
}

TEST_CASE("isolation: exception_text names what was thrown", "[cli][isolation]") {
  auto text_of = [](auto thrown) {
    try {
      throw thrown;
    } catch (...) {
      return cli::exception_text(std::current_exception());
    }
  };
  CHECK(text_of(std::bad_alloc()) == "out of memory");
  CHECK(text_of(std::runtime_error("disk on fire")) == "disk on fire");
  CHECK(text_of(7) == "unknown exception");
  CHECK(cli::exception_text(nullptr) == "unknown exception");
  CHECK(text_of(std::bad_alloc()) == "out of memory");
  auto message_of = [](auto thrown) {
    try {
      throw thrown;
    } catch (...) {
      return cli::failure_message(std::current_exception());
    }
  };
  CHECK(message_of(std::bad_alloc()) == "out of memory");  // exhaustion, not a bug
  CHECK(message_of(std::runtime_error("disk on fire")) == "internal error: disk on fire");
}

// --- run_ordered: nothing escapes a worker thread --------------------------------------------

TEST_CASE("isolation: run_ordered turns a work item's exception into its result, in order",
          "[cli][isolation]") {
  for (unsigned jobs : {1u, 2u, 4u}) {
    INFO("jobs " << jobs);
    std::vector<std::string> emitted;
    cli::run_ordered<std::string>(
        40, jobs,
        [](std::size_t i) -> std::string {
          if (i % 7 == 3) throw std::runtime_error("failed " + std::to_string(i));
          if (i == 20) throw std::bad_alloc();
          if (i == 30) throw 30;
          return "ok " + std::to_string(i);
        },
        [&](std::string s) { emitted.push_back(std::move(s)); },
        [](std::size_t i, const std::exception_ptr& error) {
          return "recovered " + std::to_string(i) + ": " + cli::exception_text(error);
        });
    REQUIRE(emitted.size() == 40);
    for (std::size_t i = 0; i < 40; ++i) {
      INFO(i);
      if (i % 7 == 3) CHECK(emitted[i] == "recovered " + std::to_string(i) + ": failed " + std::to_string(i));
      else if (i == 20) CHECK(emitted[i] == "recovered 20: out of memory");
      else if (i == 30) CHECK(emitted[i] == "recovered 30: unknown exception");
      else CHECK(emitted[i] == "ok " + std::to_string(i));
    }
  }
}

TEST_CASE("isolation: an exception from emit reaches the caller after the workers are joined",
          "[cli][isolation]") {
  CHECK_THROWS_WITH(cli::run_ordered<int>(
                        1000, 2, [](std::size_t i) { return static_cast<int>(i); },
                        [](int i) {
                          if (i == 5) throw std::runtime_error("emit failed");
                        },
                        [](std::size_t, const std::exception_ptr&) { return -1; }),
                    "emit failed");
}
