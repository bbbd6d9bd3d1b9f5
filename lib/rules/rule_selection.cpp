#include "rules/rule_selection.h"

#include <stdexcept>

#include "syntax/text.h"

namespace dfopt {
namespace {

bool matches(const RuleInfo& info, const std::string& selector) {
  if (iequals(selector, "ALL")) return true;
  if (iequals(selector, info.name) || iequals(selector, info.id)) return true;
  // An id prefix such as "DF2" selects a group of rules.
  return selector.size() >= 2 && starts_with_icase(info.id, selector) &&
         starts_with_icase(selector, "DF");
}

void check_known(const std::vector<const Rule*>& all, const std::vector<std::string>& selectors) {
  for (const std::string& selector : selectors) {
    bool known = false;
    for (const Rule* rule : all) known = known || matches(rule->info(), selector);
    if (!known && !iequals(selector, "ALL"))
      throw std::invalid_argument("unknown rule selector '" + selector + "'");
  }
}

bool matches_any(const RuleInfo& info, const std::vector<std::string>& selectors) {
  for (const std::string& s : selectors)
    if (matches(info, s)) return true;
  return false;
}

}  // namespace

std::vector<const Rule*> select_rules(const std::vector<const Rule*>& all,
                                      const RuleSelection& selection) {
  check_known(all, selection.select);
  check_known(all, selection.ignore);
  std::vector<const Rule*> out;
  for (const Rule* rule : all) {
    const RuleInfo& info = rule->info();
    bool on = selection.select.empty() ? info.enabled_by_default : matches_any(info, selection.select);
    if (on && !matches_any(info, selection.ignore)) out.push_back(rule);
  }
  return out;
}

}  // namespace dfopt
