#pragma once
// One source for a rule's documentation: `dfopt --explain` prints it and docs/rules/ holds it.
#include <string>

#include "rules/rule.h"

namespace dfopt {

// Markdown: title, summary, a facts table (fix safeties and availability, severity, default,
// references), then the rule's doc.
std::string render_rule_doc(const RuleInfo& info);

// docs/rules/<file name> for the rule: "DF202-add-to-copy.md".
std::string rule_doc_file_name(const RuleInfo& info);

}  // namespace dfopt
