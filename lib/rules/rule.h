#pragma once
// What a rule is: an id, a name, a doc, whether and how safely it fixes, a severity, and a check
// that reads a document and reports findings, each with an optional fix made of text edits.
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "rewrite/text_edit.h"
#include "syntax/syntax_tree.h"

namespace dfopt {

// The safety of one fix (Fix::safety): a rule may give a safe fix where it can prove the
// rewrite keeps the build's meaning and an unsafe one elsewhere.
enum class FixSafety {
  Safe,        // keeps the build's meaning; applied by default
  Unsafe,      // can change behaviour in rare, documented cases; needs --unsafe-fixes
  ReportOnly,  // shown but never applied (no rule gives such a fix today)
};

std::string_view fix_safety_name(FixSafety safety);

// Whether a rule's findings come with a fix, as ruff says it.
enum class FixAvailability {
  None,       // report only: no finding has a fix
  Sometimes,  // some findings have a fix; the others say why not
  Always,     // every finding has a fix
};

std::string_view fix_availability_name(FixAvailability availability);  // "none", "sometimes", "always"

// The safeties a rule's fixes can have; each fix carries its own in Fix::safety.
struct FixSafeties {
  bool safe = false;
  bool unsafe = false;
  bool contains(FixSafety safety) const {
    return (safety == FixSafety::Safe && safe) || (safety == FixSafety::Unsafe && unsafe);
  }
  friend bool operator==(const FixSafeties&, const FixSafeties&) = default;
};

// A rule's findings are warnings, or for modernisation and style (DF5xx) information.
enum class Severity { Warning, Info };

std::string_view severity_name(Severity severity);  // "warning", "info"

struct RuleInfo {
  std::string_view id;       // stable: "DF202"
  std::string_view name;     // kebab-case: "add-to-copy"
  std::string_view summary;  // one line
  // Markdown in fixed sections: What it does, Why is this bad?, Example, Use instead, Fix safety.
  std::string_view doc;
  // Whether its findings have fixes, and which safeties those fixes can have (none when `fix`
  // is None); test/rules/rule_metadata_test.cpp checks both against what the rule emits.
  FixAvailability fix = FixAvailability::None;
  FixSafeties fix_safeties = {};
  Severity severity = Severity::Warning;
  std::vector<std::string_view> references = {};  // hadolint / BuildKit check ids: "DL3020"
  bool enabled_by_default = true;
  // Rules that restructure instructions (merging RUNs, cd -> WORKDIR) fix first; the others
  // wait until no restructuring fix is left, so their edits land on the final shape of each
  // RUN (an appended cleanup goes on its own line of the merged RUN, not inline in a part).
  enum class Phase { Restructure, Refine } phase = Phase::Refine;
  // Whether its fixes may create files beside the Dockerfile (NewFile): with --fix, the files
  // of one build context are then processed one after the other, so that the first creates the
  // file and the next ones see it, whatever the number of jobs.
  bool creates_files = false;
};

// What a rule's fixes are, in a word: "safe", "unsafe", "safe/unsafe", or "report-only" for a
// rule without fixes (what --list-rules and the rule pages show).
std::string fix_label(const RuleInfo& info);

// A file a fix creates beside the Dockerfile (a `.dockerignore`); never one that exists.
struct NewFile {
  std::filesystem::path path;
  std::string content;
  std::string rule_id = {};  // whose fix creates it; set by the optimizer
};

struct Fix {
  FixSafety safety = FixSafety::Safe;
  std::vector<TextEdit> edits = {};
  std::vector<NewFile> new_files = {};
  // A fix judged on the text as an earlier fix of the same rule leaves it: the offset of that
  // fix's finding. It is applied only in a round that applies that fix too, and never alone.
  // Rules offer such fixes only when RuleContext::chained_fixes is set.
  std::optional<std::size_t> after_fix_at = std::nullopt;
};

struct Finding {
  std::string rule_id;
  std::size_t offset = 0;  // where to point the user
  std::string message;
  std::optional<Fix> fix;
};

// What a rule may look at besides the document.
struct RuleContext {
  // The build context (`docker build DIR`); empty when unknown, e.g. for standard input.
  std::optional<std::filesystem::path> build_context;
  // Per-rule settings, "rule-name.setting" -> value ("consecutive-run.policy" -> "adjacent").
  std::map<std::string, std::string, std::less<>> options;

  // Set by the optimizer for each round. With chained_fixes a rule whose fix changes what the
  // rest of a stage is judged against (DF103's WORKDIR) may go on as if that fix had applied,
  // marking the later fixes Fix::after_fix_at, so a chain lands in one round instead of one
  // round per link; it does so only behind a fix this run applies (unsafe ones need
  // unsafe_fixes_apply).
  bool chained_fixes = false;
  bool unsafe_fixes_apply = false;

  std::string_view option(std::string_view key, std::string_view fallback) const {
    auto it = options.find(key);
    return it == options.end() ? fallback : std::string_view(it->second);
  }
};

class Rule {
 public:
  virtual ~Rule() = default;
  virtual const RuleInfo& info() const = 0;
  // Appends this rule's findings on `doc`. Only called on documents without syntax errors.
  virtual void check(const Document& doc, const RuleContext& context,
                     std::vector<Finding>& findings) const = 0;
};

}  // namespace dfopt
