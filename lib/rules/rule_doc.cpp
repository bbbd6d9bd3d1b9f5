#include "rules/rule_doc.h"

namespace dfopt {

std::string render_rule_doc(const RuleInfo& info) {
  std::string refs;
  for (std::string_view ref : info.references) refs += (refs.empty() ? "" : ", ") + std::string(ref);
  std::string out;
  out += "# " + std::string(info.id) + " " + std::string(info.name) + "\n\n";
  out += std::string(info.summary) + ".\n\n";
  out += "| fix | fix available | severity | enabled by default | corresponds to |\n"
         "|---|---|---|---|---|\n";
  out += "| " + fix_label(info) + " | " + std::string(fix_availability_name(info.fix)) + " | " +
         std::string(severity_name(info.severity)) + " | " + (info.enabled_by_default ? "yes" : "no") +
         " | " + (refs.empty() ? "-" : refs) + " |\n\n";
  out += std::string(info.doc);
  return out;
}

std::string rule_doc_file_name(const RuleInfo& info) {
  return std::string(info.id) + "-" + std::string(info.name) + ".md";
}

}  // namespace dfopt
