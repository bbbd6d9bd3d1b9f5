#include "engine/optimizer.h"

#include <algorithm>
#include <exception>
#include <iterator>
#include <map>
#include <new>
#include <optional>
#include <set>
#include <utility>

#include "engine/suppressions.h"
#include "rewrite/text_edit.h"
#include "syntax/instruction_checks.h"
#include "syntax/parser.h"

namespace dfopt {
namespace {

bool fix_allowed(const Finding& finding, const OptimizeOptions& options) {
  if (!finding.fix || (finding.fix->edits.empty() && finding.fix->new_files.empty())) return false;
  switch (finding.fix->safety) {
    case FixSafety::Safe: return true;
    case FixSafety::Unsafe: return options.apply_unsafe_fixes;
    case FixSafety::ReportOnly: return false;
  }
  return false;
}

// What went wrong with rules on this file: each is a bug in a rule, reported once as an internal
// error, while the other rules carry on.
struct RuleFailures {
  std::set<std::string> failed;  // threw from check(): not run again on this file
  std::set<std::string> broken;  // a fix broke the file or could not be applied: no more fixes
  std::vector<std::string>& errors;
};

// One rule's check. A rule that throws loses the findings of that call and is not run again on
// this file. Running out of memory is not a rule's bug: it ends the file (the caller reports it).
void run_check(const Rule& rule, const Document& doc, const RuleContext& context,
               std::vector<Finding>& findings, RuleFailures& failures) {
  std::string id(rule.info().id);
  if (failures.failed.count(id)) return;
  const std::size_t before = findings.size();
  std::string what;
  try {
    rule.check(doc, context, findings);
    return;
  } catch (const std::bad_alloc&) {
    throw;
  } catch (const std::exception& e) {
    what = e.what();
  } catch (...) {
    what = "unknown exception";
  }
  findings.erase(findings.begin() + static_cast<std::ptrdiff_t>(std::min(before, findings.size())),
                 findings.end());
  failures.failed.insert(id);
  failures.errors.push_back(id + ": the rule failed (" + what + "); its findings are dropped");
}

// Why a fix's own edits cannot be applied, if they cannot: an edit out of the file's range, or
// two edits that overlap or start at the same point (their order would be undefined).
std::optional<std::string> malformed_edits(const Fix& fix, std::size_t size) {
  for (const TextEdit& edit : fix.edits) {
    if (edit.span.end < edit.span.begin) return "an edit ends before it begins";
    if (edit.span.end > size) return "an edit reaches past the end of the file";
  }
  if (fix.edits.size() < 2) return std::nullopt;
  std::vector<const TextEdit*> edits;
  for (const TextEdit& edit : fix.edits) edits.push_back(&edit);
  std::sort(edits.begin(), edits.end(), [](const TextEdit* a, const TextEdit* b) {
    return std::pair(a->span.begin, a->span.end) < std::pair(b->span.begin, b->span.end);
  });
  // Sorted by start, edits that do not overlap their neighbour overlap none.
  for (std::size_t i = 1; i < edits.size(); ++i)
    if (edits_conflict(*edits[i - 1], *edits[i])) return "its edits overlap each other";
  return std::nullopt;
}

// The findings of `run` (all of `rules` by default), minus those the file's suppression comments
// ignore, without the fixes of broken rules; a fix that cannot be applied breaks its rule.
std::vector<Finding> collect(const Document& doc, const std::vector<const Rule*>& rules,
                             const RuleContext& context, RuleFailures& failures,
                             const std::vector<const Rule*>* run = nullptr) {
  std::vector<Finding> findings;
  for (const Rule* rule : run ? *run : rules) run_check(*rule, doc, context, findings, failures);
  Suppressions suppressions(doc, rules);
  std::erase_if(findings, [&](const Finding& f) { return suppressions.suppressed(f); });
  for (Finding& f : findings) {
    if (!f.fix) continue;
    if (!failures.broken.count(f.rule_id)) {
      std::optional<std::string> why = malformed_edits(*f.fix, doc.source().size());
      if (!why) continue;
      failures.broken.insert(f.rule_id);
      failures.errors.push_back(f.rule_id + ": fix dropped, " + *why);
    }
    f.fix.reset();  // a rule whose fix once broke this file gets no further fixes applied to it
  }
  return findings;
}

// The edits chosen so far in a round, ordered by position, so that testing a fix against them
// costs a logarithm rather than a scan (a file with 100,000 fixes would be quadratic).
class ChosenEdits {
 public:
  bool conflicts_with(const Fix& fix) const {
    for (const TextEdit& edit : fix.edits) {
      // Chosen edits never conflict with each other, so only the ones starting at or after
      // this edit's begin, or the last ones before it, can overlap it.
      auto it = by_begin_.lower_bound(edit.span.begin);
      if (it != by_begin_.end() && edits_conflict(edit, it->second)) return true;
      if (it != by_begin_.begin()) {
        std::size_t before = std::prev(it)->first;
        for (auto same = by_begin_.lower_bound(before); same != it; ++same)
          if (edits_conflict(edit, same->second)) return true;
      }
    }
    return false;
  }
  void add(const Fix& fix) {
    for (const TextEdit& edit : fix.edits) by_begin_.emplace(edit.span.begin, edit);
  }
  std::vector<TextEdit> edits() const {
    std::vector<TextEdit> out;
    for (const auto& [begin, edit] : by_begin_) out.push_back(edit);
    return out;
  }

 private:
  std::multimap<std::size_t, TextEdit> by_begin_;
};

// Parses and adds BuildKit's instruction-level checks: a fix must not produce either kind of error.
Document parse_valid(std::string text, const std::string& path) {
  Document doc = parse_dockerfile(std::move(text), path);
  if (doc.errors.empty()) doc.errors = check_instructions(doc);
  return doc;
}

struct Round {
  ChosenEdits edits;
  std::vector<const Finding*> fixes;
  bool dropped_chained = false;  // a chained fix whose premise was not chosen was left out
};

// Every allowed fix of the earliest phase that has one, that does not overlap one chosen
// before it (rules run in registry order).
Round choose_fixes(const std::vector<Finding>& findings, const OptimizeOptions& options,
                   const std::map<std::string, RuleInfo::Phase>& phase_of) {
  auto phase = [&](const Finding& f) {
    auto it = phase_of.find(f.rule_id);
    return it == phase_of.end() ? RuleInfo::Phase::Refine : it->second;
  };
  RuleInfo::Phase first = RuleInfo::Phase::Refine;
  for (const Finding& finding : findings)
    if (fix_allowed(finding, options) && phase(finding) < first) first = phase(finding);
  Round round;
  std::set<std::pair<std::string_view, std::size_t>> chosen;  // (rule, offset) of chosen fixes
  for (const Finding& finding : findings) {
    if (finding.fix && finding.fix->after_fix_at &&
        !chosen.count({finding.rule_id, *finding.fix->after_fix_at})) {
      round.dropped_chained = true;
      continue;
    }
    if (!fix_allowed(finding, options) || phase(finding) != first ||
        round.edits.conflicts_with(*finding.fix))
      continue;
    round.edits.add(*finding.fix);
    round.fixes.push_back(&finding);
    chosen.insert({finding.rule_id, finding.offset});
  }
  return round;
}

}  // namespace

OptimizeResult optimize(std::string source, const std::string& path,
                        const std::vector<const Rule*>& rules, const OptimizeOptions& options) {
  OptimizeResult result;
  Document doc = parse_valid(std::move(source), path);
  if (!doc.errors.empty()) {
    result.errors = doc.errors;
    result.output = doc.source();
    return result;
  }

  std::map<std::string, RuleInfo::Phase> phase_of;
  std::vector<const Rule*> restructuring_rules;
  for (const Rule* rule : rules) {
    phase_of[std::string(rule->info().id)] = rule->info().phase;
    if (rule->info().phase == RuleInfo::Phase::Restructure) restructuring_rules.push_back(rule);
  }
  RuleFailures failures{{}, {}, result.internal_errors};
  RuleContext chained = options.context;
  chained.chained_fixes = true;
  chained.unsafe_fixes_apply = options.apply_unsafe_fixes;
  RuleContext unchained = chained;
  unchained.chained_fixes = false;
  // The findings of the round in which nothing more applied are the final ones.
  std::optional<std::vector<Finding>> settled;
  for (int round_number = 0; round_number < options.max_rounds; ++round_number) {
    // While a restructuring fix applies, a round applies nothing else, so the other rules'
    // findings would be thrown away: they are only computed once the structure has settled.
    auto gather = [&](const RuleContext& context) {
      std::vector<Finding> found;
      if (!restructuring_rules.empty())
        found = collect(doc, rules, context, failures, &restructuring_rules);
      if (std::none_of(found.begin(), found.end(), [&](const Finding& f) {
            return fix_allowed(f, options) && !f.fix->edits.empty();
          })) {
        found = collect(doc, rules, context, failures);
      }
      return found;
    };
    std::vector<Finding> findings = gather(chained);
    // A fix that only creates files is applied at once: the document does not change, and the
    // finding is settled (the file will exist).
    std::erase_if(findings, [&](const Finding& f) {
      if (!fix_allowed(f, options) || !f.fix->edits.empty()) return false;
      bool added = false;
      for (const NewFile& file : f.fix->new_files) {
        bool planned = false;
        for (const NewFile& done : result.new_files) planned |= done.path == file.path;
        if (!planned) {
          result.new_files.push_back(file);
          result.new_files.back().rule_id = f.rule_id;
        }
        added |= !planned;
      }
      if (added) ++result.fixes_applied[f.rule_id];  // the finding comes back every round
      return true;
    });
    Round round = choose_fixes(findings, options, phase_of);
    if (round.fixes.empty() && round.dropped_chained) {
      // The premise of a chain was suppressed or broken: its links were judged on a text that
      // will not exist. The findings as the file stands are the ones to report.
      findings = gather(unchained);
      round = choose_fixes(findings, options, phase_of);
    }
    if (round.fixes.empty()) {
      settled = std::move(findings);
      break;
    }

    Document next = parse_valid(apply_edits(doc.source(), round.edits.edits()), path);
    if (next.errors.empty()) {
      for (const Finding* f : round.fixes) ++result.fixes_applied[f->rule_id];
      doc = std::move(next);
      continue;
    }
    // Some fix broke the file: apply them one by one and drop the ones that break it. This is a
    // bug in a rule; the user's file stays valid and the bug is reported.
    for (const Finding* f : round.fixes) {
      if (f->fix->after_fix_at) continue;  // holds only beside its premise
      Document candidate = parse_valid(apply_edits(doc.source(), f->fix->edits), path);
      if (candidate.errors.empty()) {
        ++result.fixes_applied[f->rule_id];
        doc = std::move(candidate);
        break;  // offsets of the other fixes are stale now; the next round recomputes them
      }
      failures.broken.insert(f->rule_id);
      result.internal_errors.push_back(f->rule_id + ": fix dropped, its result does not parse (" +
                                       candidate.errors.front().message + ")");
    }
  }

  // Whatever remains (report-only, unsafe without --unsafe-fixes, or not converged) is reported.
  if (settled) {
    result.findings = std::move(*settled);
  } else {
    result.findings = collect(doc, rules, unchained, failures);
    // The cap is reached only when the last round still applied something; a fix left now means
    // the output is not a fixed point. (No rounds at all asks for findings only.)
    result.converged = options.max_rounds <= 0 ||
                       std::none_of(result.findings.begin(), result.findings.end(), [&](const Finding& f) {
                         if (!fix_allowed(f, options)) return false;
                         if (!f.fix->edits.empty()) return true;
                         return std::any_of(f.fix->new_files.begin(), f.fix->new_files.end(), [&](const NewFile& file) {
                           return std::none_of(result.new_files.begin(), result.new_files.end(),
                                               [&](const NewFile& done) { return done.path == file.path; });
                         });
                       });
  }
  result.output = doc.source();
  return result;
}

}  // namespace dfopt
