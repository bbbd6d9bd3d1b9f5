#pragma once
// What dfopt found and did in one file, in a form every output format can render: positions as
// line:column, rules with their names and severities, fixes with their edits.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "engine/optimizer.h"
#include "syntax/source_location.h"

namespace dfopt {

struct ReportedEdit {
  Position begin, end;  // in the file as dfopt leaves it (the fixed text when fixes applied)
  std::string replacement;
};

struct ReportedFinding {
  std::string rule_id;
  std::string rule_name;
  std::string severity;  // "warning" or "info"
  std::string message;
  Position position;
  std::optional<FixSafety> fix;  // a fix that was not applied (unsafe, or report-only)
  std::vector<ReportedEdit> edits;
};

struct ReportedError {
  std::optional<Position> position;
  std::string message;
};

struct FileReport {
  std::string path;
  bool changed = false;  // the fixed text differs from the input
  std::map<std::string, int> fixes_applied;
  std::vector<std::string> created_files;  // by the applied fixes (a .dockerignore)
  std::vector<ReportedFinding> findings;
  std::vector<ReportedError> errors;  // syntax errors, unreadable input, failed writes
};

// `rules` names the rules the findings may come from (their names and severities: RuleInfo).
FileReport make_file_report(const std::string& path, const OptimizeResult& result,
                            const std::string& original, const std::vector<const Rule*>& rules);

}  // namespace dfopt
