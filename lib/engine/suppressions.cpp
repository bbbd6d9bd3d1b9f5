#include "engine/suppressions.h"

#include "syntax/text.h"

namespace dfopt {
namespace {

struct Directive {
  bool global = false;
  std::set<std::string> rules;
};

// The rule ids a list names: dfopt ids or names, or hadolint/BuildKit ids a rule references.
std::set<std::string> rules_named(std::string_view list, const std::vector<const Rule*>& rules) {
  std::set<std::string> out;
  std::size_t start = 0;
  while (start <= list.size()) {
    std::size_t end = std::min(list.find(',', start), list.size());
    std::string_view name = trim(list.substr(start, end - start));
    start = end + 1;
    if (name.empty()) continue;
    for (const Rule* rule : rules) {
      const RuleInfo& info = rule->info();
      bool match = iequals(info.id, name) || iequals(info.name, name);
      for (std::string_view ref : info.references) match |= iequals(ref, name);
      if (match) out.insert(std::string(info.id));
    }
  }
  return out;
}

// "# dfopt: [global] ignore=..." or "# hadolint [global] ignore=...".
std::optional<Directive> parse_directive(std::string_view line, const std::vector<const Rule*>& rules) {
  line = trim(line);
  if (!line.starts_with("#")) return std::nullopt;
  line = trim_left(line.substr(1));
  if (starts_with_icase(line, "dfopt:")) line = trim_left(line.substr(6));
  else if (starts_with_icase(line, "hadolint")) line = trim_left(line.substr(8));
  else return std::nullopt;
  Directive directive;
  if (starts_with_icase(line, "global")) {
    directive.global = true;
    line = trim_left(line.substr(6));
  }
  if (!starts_with_icase(line, "ignore")) return std::nullopt;
  line = trim_left(line.substr(6));
  if (!line.starts_with("=")) return std::nullopt;
  // Anything after the list (a space) is a free-text reason.
  line = trim_left(line.substr(1));
  line = line.substr(0, line.find_first_of(" \t"));
  directive.rules = rules_named(line, rules);
  return directive;
}

}  // namespace

// Whatever the rule: a fix that edits the directed instruction and also text before its directive
// comment makes one instruction of the two, with the comment inside it.
bool Suppressions::joins_across_directive(const Fix& fix, const Range& range) {
  bool touches_instruction = false, touches_above = false;
  for (const TextEdit& edit : fix.edits) {
    touches_instruction |= edit.span.begin < range.span.end && edit.span.end >= range.span.begin;
    touches_above |= edit.span.begin < range.comment_begin;
  }
  return touches_instruction && touches_above;
}

Suppressions::Suppressions(const Document& doc, const std::vector<const Rule*>& rules) {
  std::set<std::string> pending;  // from comment lines right above the next instruction
  std::size_t pending_begin = 0;
  for (const Node& node : doc.nodes) {
    if (node.kind == NodeKind::Comment) {
      if (auto d = parse_directive(doc.text(node.span), rules)) {
        if (d->global) {
          global_.insert(d->rules.begin(), d->rules.end());
        } else {
          if (pending.empty()) pending_begin = node.span.begin;
          pending.insert(d->rules.begin(), d->rules.end());
        }
      }
      continue;
    }
    if (node.kind == NodeKind::Instruction && !pending.empty())
      ranges_.push_back({node.span, pending, pending_begin});
    pending.clear();
  }
}

bool Suppressions::suppressed(const Finding& finding) const {
  if (global_.count(finding.rule_id)) return true;
  for (const Range& range : ranges_) {
    if (finding.fix && joins_across_directive(*finding.fix, range)) return true;
    if (!range.rules.count(finding.rule_id)) continue;
    if (finding.offset >= range.span.begin && finding.offset < range.span.end) return true;
    // A fix reaching into an ignored instruction (a merge that would swallow it) is dropped too.
    if (finding.fix)
      for (const TextEdit& edit : finding.fix->edits)
        if (edit.span.begin < range.span.end && edit.span.end > range.span.begin) return true;
  }
  return false;
}

}  // namespace dfopt
