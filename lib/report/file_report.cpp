#include "report/file_report.h"

#include "rules/rule.h"

namespace dfopt {

FileReport make_file_report(const std::string& path, const OptimizeResult& result,
                            const std::string& original, const std::vector<const Rule*>& rules) {
  auto info_of = [&rules](const std::string& id) -> const RuleInfo* {
    for (const Rule* rule : rules)
      if (rule->info().id == id) return &rule->info();
    return nullptr;
  };
  FileReport report;
  report.path = path;
  report.changed = result.changed(original);
  report.fixes_applied = result.fixes_applied;
  for (const NewFile& file : result.new_files) report.created_files.push_back(file.path.string());
  if (!result.errors.empty()) {
    LineIndex lines(original);
    for (const SyntaxError& e : result.errors) report.errors.push_back({lines.position(e.offset), e.message});
    return report;
  }
  for (const std::string& e : result.internal_errors)
    report.errors.push_back({std::nullopt, "internal error: " + e});
  LineIndex lines(result.output);
  for (const Finding& f : result.findings) {
    ReportedFinding r;
    r.rule_id = f.rule_id;
    const RuleInfo* info = info_of(f.rule_id);
    r.rule_name = info ? std::string(info->name) : std::string();
    r.severity = severity_name(info ? info->severity : Severity::Warning);
    r.message = f.message;
    r.position = lines.position(f.offset);
    if (f.fix && !f.fix->edits.empty()) {
      r.fix = f.fix->safety;
      for (const TextEdit& e : f.fix->edits)
        r.edits.push_back({lines.position(e.span.begin), lines.position(e.span.end), e.replacement});
    }
    report.findings.push_back(std::move(r));
  }
  return report;
}

}  // namespace dfopt
