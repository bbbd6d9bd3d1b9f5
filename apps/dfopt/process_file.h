#pragma once
// One file through the pipeline: read, optimize, and everything the run prints about it,
// collected instead of printed so files can be processed in parallel and shown in order.
#include <map>
#include <string>
#include <vector>

#include "cli_options.h"
#include "project_config.h"
#include "report/file_report.h"
#include "rules/rule.h"

namespace dfopt::cli {

struct Input {
  std::string path;  // as shown to the user; "-" for standard input
  bool is_stdin = false;
};

struct FileOutcome {
  std::string out;  // for standard output
  std::string err;  // for standard error
  bool failed = false;
  bool changed = false;
  FileReport report;
};

FileOutcome process_file(const Input& input, const CliOptions& options,
                         const EffectiveSettings& settings);

}  // namespace dfopt::cli
