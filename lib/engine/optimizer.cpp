#include "engine/optimizer.h"

#include <algorithm>
#include <iterator>
#include <map>
#include <optional>
#include <set>

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

// The findings of `run` (all of `rules` by default), minus those the file's suppression comments
// ignore.
std::vector<Finding> collect(const Document& doc, const std::vector<const Rule*>& rules,
                             const RuleContext& context,
                             const std::vector<const Rule*>* run = nullptr) {
  std::vector<Finding> findings;
  for (const Rule* rule : run ? *run : rules) rule->check(doc, context, findings);
  Suppressions suppressions(doc, rules);
  std::erase_if(findings, [&](const Finding& f) { return suppressions.suppressed(f); });
  return findings;
}

// A rule whose fix once broke this file gets no further fixes applied to it.
void drop_fixes_of(std::vector<Finding>& findings, const std::set<std::string>& rule_ids) {
  for (Finding& f : findings)
    if (rule_ids.count(f.rule_id)) f.fix.reset();
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
  for (const Finding& finding : findings) {
    if (!fix_allowed(finding, options) || phase(finding) != first ||
        round.edits.conflicts_with(*finding.fix))
      continue;
    round.edits.add(*finding.fix);
    round.fixes.push_back(&finding);
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
  std::set<std::string> broken_rules;
  // The findings of the round in which nothing more applied are the final ones.
  std::optional<std::vector<Finding>> settled;
  for (int round_number = 0; round_number < options.max_rounds; ++round_number) {
    // While a restructuring fix applies, a round applies nothing else, so the other rules'
    // findings would be thrown away: they are only computed once the structure has settled.
    std::vector<Finding> findings;
    if (!restructuring_rules.empty()) {
      findings = collect(doc, rules, options.context, &restructuring_rules);
      drop_fixes_of(findings, broken_rules);
    }
    if (std::none_of(findings.begin(), findings.end(), [&](const Finding& f) {
          return fix_allowed(f, options) && !f.fix->edits.empty();
        })) {
      findings = collect(doc, rules, options.context);
      drop_fixes_of(findings, broken_rules);
    }
    // A fix that only creates files is applied at once: the document does not change, and the
    // finding is settled (the file will exist).
    std::erase_if(findings, [&](const Finding& f) {
      if (!fix_allowed(f, options) || !f.fix->edits.empty()) return false;
      bool added = false;
      for (const NewFile& file : f.fix->new_files) {
        bool planned = false;
        for (const NewFile& done : result.new_files) planned |= done.path == file.path;
        if (!planned) result.new_files.push_back(file);
        added |= !planned;
      }
      if (added) ++result.fixes_applied[f.rule_id];  // the finding comes back every round
      return true;
    });
    Round round = choose_fixes(findings, options, phase_of);
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
      Document candidate = parse_valid(apply_edits(doc.source(), f->fix->edits), path);
      if (candidate.errors.empty()) {
        ++result.fixes_applied[f->rule_id];
        doc = std::move(candidate);
        break;  // offsets of the other fixes are stale now; the next round recomputes them
      }
      broken_rules.insert(f->rule_id);
      result.internal_errors.push_back(f->rule_id + ": fix dropped, its result does not parse (" +
                                       candidate.errors.front().message + ")");
    }
  }

  // Whatever remains (report-only, unsafe without --unsafe-fixes, or not converged) is reported.
  result.findings = settled ? std::move(*settled) : collect(doc, rules, options.context);
  result.output = doc.source();
  return result;
}

}  // namespace dfopt
