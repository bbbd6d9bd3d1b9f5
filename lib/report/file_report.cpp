#include "report/file_report.h"

#include "rules/rule.h"

namespace dfopt {

std::string severity_of(std::string_view rule_id) {
  return rule_id.starts_with("DF5") ? "info" : "warning";
}

FileReport make_file_report(const std::string& path, const OptimizeResult& result,
                            const std::string& original, const std::vector<const Rule*>& rules) {
  auto name_of = [&rules](const std::string& id) {
    for (const Rule* rule : rules)
      if (rule->info().id == id) return std::string(rule->info().name);
    return std::string();
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
    r.rule_name = name_of(f.rule_id);
    r.severity = severity_of(f.rule_id);
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
