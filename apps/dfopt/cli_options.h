#pragma once
// The command line, parsed.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "rules/rule_selection.h"

namespace dfopt::cli {

enum class Mode { Diff, Check, Fix };

struct CliOptions {
  Mode mode = Mode::Diff;
  std::vector<std::string> paths;  // "-" is standard input
  RuleSelection selection;
  bool unsafe_fixes = false;
  std::optional<std::string> context;  // build context folder
  std::map<std::string, std::string, std::less<>> rule_options;  // "consecutive-run.policy" -> ...
  std::uintmax_t max_file_size = 0;
  std::vector<std::string> exclude;            // glob patterns on paths and file names
  std::optional<std::string> files_from;       // a file (or -) listing paths, one per line
  std::optional<std::string> stdin_filename;   // the name standard input is shown (and judged) as
  std::optional<std::string> config_file;     // --config: this file instead of discovery
  bool no_config = false;                     // --no-config: defaults and the command line only
  bool show_config = false;
  unsigned jobs = 1;                    // files processed in parallel
  std::string output_format = "text";   // text, json, sarif, github, checkstyle
  bool statistics = false;
  std::string severity = "info";  // report findings at or above: info, warning
  std::string fail_on = "info";   // exit 1 for findings at or above: info, warning; or never
  bool progress = true;           // a progress line on stderr when it is a terminal
  bool quiet = false;
  bool verbose = false;
  std::optional<std::string> dump;     // "buildkit" or "tree"
  std::optional<std::string> explain;  // rule id or name
  bool list_rules = false;
  bool version = false;
  bool help = false;
  std::string help_text;
};

// Throws std::invalid_argument with a message for the user on bad usage.
CliOptions parse_command_line(int argc, const char* const argv[]);

}  // namespace dfopt::cli
