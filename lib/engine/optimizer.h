#pragma once
// Runs the selected rules over one Dockerfile until no more fixes apply, re-parsing after every
// round so each rule sees the text as it now stands and every output is known to parse.
#include <map>
#include <string>
#include <vector>

#include "rules/rule.h"
#include "syntax/syntax_tree.h"

namespace dfopt {

struct OptimizeOptions {
  bool apply_unsafe_fixes = false;
  // Rounds of fixing; each applies every fix that does not overlap another. Fixes that depend on
  // each other land in one round (Fix::after_fix_at), so reaching the cap means a rule keeps
  // rewriting its own output: a bug, reported through OptimizeResult::converged.
  int max_rounds = 32;
  RuleContext context;
};

struct OptimizeResult {
  std::string output;                      // the fixed text; equal to the input when nothing applied
  std::vector<Finding> findings;           // not fixed; offsets refer to `output`
  std::map<std::string, int> fixes_applied;  // rule id -> number of fixes
  std::vector<SyntaxError> errors;         // the input's syntax errors; nothing is fixed then
  // Bugs in rules, as "DFnnn: what happened": a check that threw (its findings are dropped and
  // the rule is not run again), a fix whose result did not parse or whose own edits overlap (it
  // is dropped and the rule gets no more fixes). The other rules' fixes still apply.
  std::vector<std::string> internal_errors;
  std::vector<NewFile> new_files;          // files the applied fixes create, by path, first wins
  // False when max_rounds rounds all applied fixes: `output` is not a fixed point (fixing it
  // again would change it), and the caller must not write it.
  bool converged = true;

  bool changed(std::string_view input) const { return output != input || !new_files.empty(); }
};

// Exceptions from a rule are caught (see internal_errors), except std::bad_alloc, which ends the
// file as other exceptions from parsing or applying do: the caller reports them.
OptimizeResult optimize(std::string source, const std::string& path,
                        const std::vector<const Rule*>& rules, const OptimizeOptions& options);

}  // namespace dfopt
