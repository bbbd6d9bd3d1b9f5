#pragma once
// Dependency installs and what they read: `npm ci`, `pip install -r requirements.txt`, `poetry
// install`, `go mod download`, `bundle install`, `composer install`, ... with the manifests and
// lock files each needs at the working directory's top, the folders it fills, and the files
// whose presence means the manifests are not enough (workspaces, Plug'n'Play). Rules that
// reorder COPYs around an install (DF205) or check what a manifest pins ask this, not the
// command words.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "shell/shell_syntax.h"

namespace dfopt {

enum class DependencyTool {
  Npm, Yarn, Pnpm, Pip, Pipenv, Poetry, Go, Cargo, Maven, Gradle, Bundler, Composer
};

// A dependency install and what a manifest-first layout needs for it.
struct DependencyInstall {
  DependencyTool tool;
  std::vector<std::string> required;  // must exist at the context root
  std::vector<std::string> optional;  // copied when they exist
  std::vector<std::string> outputs;   // folders the install fills in the working directory
  std::vector<std::string> blockers;  // their presence means the manifests are not enough
  std::optional<std::string> no_fix;  // why the manifest-first layout does not fit the command
  bool ignore_scripts = false;        // npm/yarn/pnpm --ignore-scripts
  bool no_scripts = false;            // composer --no-scripts
  bool no_autoloader = false;         // composer --no-autoloader
};

// The install a simple command runs from the working directory's manifests (`npm ci`, `yarn`,
// `pip install -r req.txt`); nullopt for anything else, including installs of named packages
// (`npm install express`, `pip install flask`) and commands with computed words.
std::optional<DependencyInstall> dependency_install(const ShellCommand& cmd);

std::string_view dependency_tool_name(DependencyTool tool);

// A plain file name at the working directory's top: "requirements.txt", "./req.txt" ->
// "requirements.txt"; nullopt for paths below it, above it, or with shell characters.
std::optional<std::string> top_level_file(std::string_view path);

}  // namespace dfopt
