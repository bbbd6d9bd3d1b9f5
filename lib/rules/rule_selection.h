#pragma once
// Which rules run: --select and --ignore take rule ids, names, id prefixes ("DF2") or ALL.
#include <string>
#include <vector>

#include "rules/rule.h"

namespace dfopt {

struct RuleSelection {
  std::vector<std::string> select;  // empty: the rules enabled by default
  std::vector<std::string> ignore;
};

// The rules that run, in registry order. Throws std::invalid_argument naming an unknown selector.
std::vector<const Rule*> select_rules(const std::vector<const Rule*>& all,
                                      const RuleSelection& selection);

}  // namespace dfopt
