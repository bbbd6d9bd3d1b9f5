// Each rule's metadata tells the truth. RuleInfo declares whether its findings have fixes
// (FixAvailability: none, sometimes, always), which safeties those fixes can have, and the
// findings' severity; here every finding a rule emits, in every round of the fixing loop, over
// the examples, the torture files and the first 500 corpus files (safe and unsafe runs), is held
// against that declaration. --list-rules, the SARIF rule descriptors and README's rules table
// must show the same.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <map>
#include <memory>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "engine/optimizer.h"
#include "report/formats.h"
#include "test_support.h"
#include "transforms/registry.h"

using namespace dfopt;
using namespace dfopt::test;
namespace fs = std::filesystem;

namespace {

bool has_fix(const Finding& f) {
  return f.fix && (!f.fix->edits.empty() || !f.fix->new_files.empty());
}

// What the rules emitted, and the first input where a rule broke its declaration.
struct Observations {
  std::map<std::string, std::set<std::string>> seen;        // rule id -> "safe", "unsafe", "no fix"
  std::map<std::string, std::string> violations;             // rule id + what -> first input
  std::string input;                                         // the one being run

  void record(const RuleInfo& info, const Finding& f) {
    std::string id(info.id);
    if (!has_fix(f)) {
      seen[id].insert("no fix");
      if (info.fix == FixAvailability::Always)
        violations.try_emplace(id + ": a finding without a fix, though fixes are declared always "
                                    "available (" + f.message + ")", input);
      return;
    }
    seen[id].insert(std::string(fix_safety_name(f.fix->safety)));
    if (!f.fix->new_files.empty() && !info.creates_files)
      violations.try_emplace(id + ": a fix that creates a file, though creates_files is not declared", input);
    if (info.fix == FixAvailability::None)
      violations.try_emplace(id + ": a fix from a report-only rule", input);
    else if (!info.fix_safeties.contains(f.fix->safety))
      violations.try_emplace(id + ": a " + std::string(fix_safety_name(f.fix->safety)) +
                                 " fix, declared " + fix_label(info),
                             input);
  }
};

// The rule it wraps, recording each of its findings as the optimizer asks for them.
class RecordingRule : public Rule {
 public:
  RecordingRule(const Rule& rule, Observations& observations) : rule_(rule), observations_(observations) {}
  const RuleInfo& info() const override { return rule_.info(); }
  void check(const Document& doc, const RuleContext& context,
             std::vector<Finding>& findings) const override {
    std::size_t before = findings.size();
    rule_.check(doc, context, findings);
    for (std::size_t i = before; i < findings.size(); ++i) observations_.record(rule_.info(), findings[i]);
  }

 private:
  const Rule& rule_;
  Observations& observations_;
};

struct Input {
  fs::path path;
  fs::path context;
};

std::vector<Input> sample_inputs() {
  std::vector<Input> inputs;
  fs::path root = test_data_dir().parent_path();
  for (const fs::path& p : files_under(root / "examples"))
    if (p.filename().string().find("Dockerfile") != std::string::npos) inputs.push_back({p, p.parent_path()});
  for (const fs::path& p : files_under(test_data_dir() / "torture")) inputs.push_back({p, p.parent_path()});
  fs::path real = corpus_dir() / "real";
  if (fs::is_directory(real)) {
    std::vector<fs::path> files = files_under(real);
    if (files.size() > 500) files.resize(500);
    for (const fs::path& p : files) inputs.push_back({p, real});
  } else {
    WARN("no corpus at " << real.string() << ": only the examples and torture files are sampled");
  }
  return inputs;
}

std::string refs_of(const RuleInfo& info) {
  std::string refs;
  for (std::string_view ref : info.references) refs += (refs.empty() ? "" : ", ") + std::string(ref);
  return refs.empty() ? "-" : refs;
}

}  // namespace

TEST_CASE("rules: fix availability, fix safeties and severity are declared consistently", "[rules][metadata]") {
  for (const Rule* rule : all_rules()) {
    const RuleInfo& info = rule->info();
    INFO(info.id);
    bool any_safety = info.fix_safeties.safe || info.fix_safeties.unsafe;
    CHECK((info.fix == FixAvailability::None) == !any_safety);
    CHECK((fix_label(info) == "report-only") == (info.fix == FixAvailability::None));
    // Modernisation and style (DF5xx) are information; the rest are warnings.
    CHECK((info.severity == Severity::Info) == info.id.starts_with("DF5"));
  }
}

TEST_CASE("rules: the fixes rules emit have the safeties and availability their RuleInfo declares",
          "[rules][metadata]") {
  Observations observations;
  std::vector<std::unique_ptr<RecordingRule>> owned;
  std::vector<const Rule*> rules;
  for (const Rule* rule : all_rules()) {
    owned.push_back(std::make_unique<RecordingRule>(*rule, observations));
    rules.push_back(owned.back().get());
  }
  std::vector<Input> inputs = sample_inputs();
  REQUIRE(inputs.size() > 10);
  for (const Input& input : inputs) {
    std::string text = read_file(input.path);
    for (bool unsafe : {false, true}) {
      observations.input = input.path.string() + (unsafe ? " (--unsafe-fixes)" : "");
      OptimizeOptions options;
      options.apply_unsafe_fixes = unsafe;
      options.context.build_context = input.context;
      optimize(text, input.path.string(), rules, options);
    }
  }
  for (const auto& [what, first] : observations.violations) UNSCOPED_INFO(what << ", first in " << first);
  CHECK(observations.violations.empty());
  // What each rule was seen to emit: shown when the check fails, and a prompt to widen the
  // declaration's evidence (a declared safety never seen here is not an error: the sample is
  // small and DF205/DF307 need real build contexts).
  if (!observations.violations.empty())
    for (const auto& [id, seen] : observations.seen) {
      std::string list;
      for (const std::string& s : seen) list += (list.empty() ? "" : ", ") + s;
      UNSCOPED_INFO(id << " emitted: " << list);
    }
  for (const Rule* rule : all_rules())
    if (rule->info().fix == FixAvailability::None) {
      INFO(rule->info().id);
      CHECK(observations.seen[std::string(rule->info().id)].count("safe") == 0);
      CHECK(observations.seen[std::string(rule->info().id)].count("unsafe") == 0);
    }
}

TEST_CASE("rules: --list-rules shows each rule's fix safeties, availability and severity", "[rules][metadata][cli]") {
  CommandResult r = run_dfopt({"--list-rules"});
  REQUIRE(r.exit_code == 0);
  std::istringstream lines(r.out);
  std::string line;
  REQUIRE(std::getline(lines, line));
  CHECK(std::regex_match(line, std::regex("id +name +fix +available +severity +default +references")));
  std::vector<std::string> kept;
  while (std::getline(lines, line)) kept.push_back(line);
  const std::regex row("(DF[0-9]{3}) +(\\S+) +(\\S+) +(\\S+) +(\\S+) +(on|off) +(.*)");
  std::map<std::string, std::vector<std::string>> columns;
  for (const std::string& l : kept) {
    std::smatch m;
    INFO(l);
    REQUIRE(std::regex_match(l, m, row));
    columns[m[1]] = {m[2], m[3], m[4], m[5], m[6], m[7]};
  }
  CHECK(columns.size() == all_rules().size());
  for (const Rule* rule : all_rules()) {
    const RuleInfo& info = rule->info();
    INFO(info.id);
    REQUIRE(columns.count(std::string(info.id)));
    const std::vector<std::string>& c = columns[std::string(info.id)];
    CHECK(c[0] == info.name);
    CHECK(c[1] == fix_label(info));
    CHECK(c[2] == fix_availability_name(info.fix));
    CHECK(c[3] == severity_name(info.severity));
    CHECK(c[4] == (info.enabled_by_default ? "on" : "off"));
    CHECK(c[5] == refs_of(info));
  }
}

TEST_CASE("rules: SARIF rule descriptors carry fix safeties, availability and the severity's level",
          "[rules][metadata]") {
  nlohmann::json sarif = nlohmann::json::parse(render_sarif({}, all_rules(), "0.0.0"));
  std::map<std::string, nlohmann::json> descriptors;
  for (const auto& d : sarif["runs"][0]["tool"]["driver"]["rules"]) descriptors[d["id"]] = d;
  for (const Rule* rule : all_rules()) {
    const RuleInfo& info = rule->info();
    INFO(info.id);
    REQUIRE(descriptors.count(std::string(info.id)));
    const nlohmann::json& d = descriptors[std::string(info.id)];
    CHECK(d["defaultConfiguration"]["level"] == (info.severity == Severity::Info ? "note" : "warning"));
    CHECK(d["properties"]["fixSafety"] == fix_label(info));
    CHECK(d["properties"]["fixAvailability"] == fix_availability_name(info.fix));
  }
}

TEST_CASE("rules: README's rules table shows each rule's fix as its RuleInfo declares", "[rules][metadata]") {
  std::istringstream readme(read_file(test_data_dir().parent_path() / "README.md"));
  // | [DF103](docs/rules/DF103-cd-to-workdir.md) | cd-to-workdir | safe / unsafe | sometimes | ... |
  const std::regex row("\\| \\[(DF[0-9]{3})\\]\\(docs/rules/([^)]+)\\) \\| ([a-z0-9-]+) \\| ([^|]+) \\| ([^|]+) \\|.*");
  std::map<std::string, std::vector<std::string>> rows;
  for (std::string line; std::getline(readme, line);) {
    std::smatch m;
    if (std::regex_match(line, m, row)) rows[m[1]] = {m[2], m[3], m[4], m[5]};
  }
  CHECK(rows.size() == all_rules().size());
  for (const Rule* rule : all_rules()) {
    const RuleInfo& info = rule->info();
    INFO(info.id);
    REQUIRE(rows.count(std::string(info.id)));
    const std::vector<std::string>& r = rows[std::string(info.id)];
    CHECK(r[0] == std::string(info.id) + "-" + std::string(info.name) + ".md");
    CHECK(r[1] == info.name);
    std::string label = fix_label(info);
    if (label == "safe/unsafe") label = "safe / unsafe";
    if (label == "report-only") label = "report";
    CHECK(r[2] == label);
    CHECK(r[3] == fix_availability_name(info.fix));
  }
}
