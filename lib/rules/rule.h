#pragma once
// What a rule is: an id, a name, a doc, a fix-safety level, and a check that reads a document and
// reports findings, each with an optional fix made of text edits.
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "rewrite/text_edit.h"
#include "syntax/syntax_tree.h"

namespace dfopt {

enum class FixSafety {
  Safe,        // keeps the build's meaning; applied by default
  Unsafe,      // can change behaviour in rare, documented cases; needs --unsafe-fixes
  ReportOnly,  // no reliable fix; the finding is reported only
};

std::string_view fix_safety_name(FixSafety safety);

struct RuleInfo {
  std::string_view id;       // stable: "DF202"
  std::string_view name;     // kebab-case: "add-to-copy"
  std::string_view summary;  // one line
  // Markdown in fixed sections: What it does, Why is this bad?, Example, Use instead, Fix safety.
  std::string_view doc;
  FixSafety safety;
  std::vector<std::string_view> references;  // hadolint / BuildKit check ids: "DL3020"
  bool enabled_by_default = true;
  // Rules that restructure instructions (merging RUNs, cd -> WORKDIR) fix first; the others
  // wait until no restructuring fix is left, so their edits land on the final shape of each
  // RUN (an appended cleanup goes on its own line of the merged RUN, not inline in a part).
  enum class Phase { Restructure, Refine } phase = Phase::Refine;
};

// A file a fix creates beside the Dockerfile (a `.dockerignore`); never one that exists.
struct NewFile {
  std::filesystem::path path;
  std::string content;
};

struct Fix {
  FixSafety safety = FixSafety::Safe;
  std::vector<TextEdit> edits = {};
  std::vector<NewFile> new_files = {};
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
