#pragma once
// Machine-readable renderings of a run's file reports.
//
// json: {"version": 1, "files": [{"path", "changed", "fixes_applied": {id: n},
//        "errors": [{"line", "column", "message"}],
//        "findings": [{"rule", "name", "severity", "message", "line", "column",
//                      "fix": null | {"safety": "safe"|"unsafe", "applied": false,
//                                     "edits": [{"start": {"line","column"}, "end": {...},
//                                                "replacement"}]}}]}]}
// sarif: SARIF 2.1.0, one run, the rules as tool.driver.rules, one result per finding (with
//        fixes as artifactChanges) and one per error (ruleId "syntax-error", level "error").
// github: GitHub Actions workflow commands, "::warning file=F,line=L,col=C,title=DF102::msg".
// checkstyle: Checkstyle XML, as hadolint and many CI tools read it.
#include <string>
#include <vector>

#include "report/file_report.h"
#include "rules/rule.h"

namespace dfopt {

std::string render_json(const std::vector<FileReport>& files);
std::string render_sarif(const std::vector<FileReport>& files, const std::vector<const Rule*>& rules,
                         const std::string& version);
std::string render_github(const FileReport& file);
std::string render_checkstyle(const std::vector<FileReport>& files);

}  // namespace dfopt
