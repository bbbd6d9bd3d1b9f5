#pragma once
// Project configuration: a `.dfopt.ini` found by walking up from each Dockerfile's folder (or
// the file given with --config), read with Boost.Program_options' config-file parser:
//
//   select = DF1,DF2          # rules to run (ids, names, prefixes, ALL); replaces the default set
//   ignore = DF304            # rules not to run; may be repeated
//   unsafe-fixes = true
//   run-merge = adjacent      # DF102's policy
//   exclude = */testdata/*    # may be repeated
//
// The command line wins: --select starts the selection afresh (the file's select and ignore no
// longer apply), --ignore and --exclude add to the file's lists, --unsafe-fixes and --run-merge
// override.
#include <filesystem>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "cli_options.h"
#include "rules/rule.h"

namespace dfopt::cli {

struct ProjectConfig {
  std::optional<std::filesystem::path> file;  // where it came from; none: defaults
  std::vector<std::string> select, ignore, exclude;
  std::optional<bool> unsafe_fixes;
  std::optional<std::string> run_merge;
};

// What applies to one Dockerfile once the file and the command line are combined.
struct EffectiveSettings {
  std::optional<std::filesystem::path> config_file;
  std::vector<const Rule*> rules;
  RuleSelection selection;
  std::vector<std::string> exclude;
  bool unsafe_fixes = false;
  std::map<std::string, std::string, std::less<>> rule_options;
};

// Throws std::invalid_argument with "FILE: message" for a malformed file.
ProjectConfig read_project_config(const std::filesystem::path& file);

// Finds and caches configurations by folder; safe to call from several threads.
class ConfigResolver {
 public:
  explicit ConfigResolver(const CliOptions& options) : options_(options) {}

  // For a Dockerfile (or, for standard input, the folder of --stdin-filename or the current one).
  const EffectiveSettings& settings_for(const std::filesystem::path& dockerfile);

 private:
  const ProjectConfig& config_in(const std::filesystem::path& folder);

  const CliOptions& options_;
  std::mutex mutex_;
  std::map<std::filesystem::path, ProjectConfig> by_folder_;
  std::map<std::filesystem::path, EffectiveSettings> settings_;
};

// The effective settings, as `dfopt --show-config` prints them.
std::string describe(const EffectiveSettings& settings);

}  // namespace dfopt::cli
