#include "analysis/dependency_installs.h"

#include <algorithm>
#include <initializer_list>

#include "shell/package_commands.h"

namespace dfopt {
namespace {

bool one_of(std::string_view word, std::initializer_list<std::string_view> names) {
  return std::find(names.begin(), names.end(), word) != names.end();
}

std::string_view base_name(std::string_view name) {
  std::size_t slash = name.rfind('/');
  return slash == std::string_view::npos ? name : name.substr(slash + 1);
}

bool all_literal(const ShellCommand& cmd) {
  return std::all_of(cmd.words.begin(), cmd.words.end(), [](const ShellWord& w) { return w.literal; });
}

bool has_word(const ShellCommand& cmd, std::initializer_list<std::string_view> options) {
  for (const ShellWord& w : cmd.words)
    for (std::string_view o : options)
      if (w.value == o || (w.value.starts_with(o) && w.value.size() > o.size() && w.value[o.size()] == '='))
        return true;
  return false;
}

// The words after position `from` that are not options, skipping the values of the options
// in `with_value` ("--jobs 4").
std::vector<std::string_view> operands(const ShellCommand& cmd, std::size_t from,
                                       std::initializer_list<std::string_view> with_value) {
  std::vector<std::string_view> out;
  for (std::size_t i = from; i < cmd.words.size(); ++i) {
    std::string_view w = cmd.words[i].value;
    if (w.starts_with('-')) {
      if (one_of(w, with_value)) ++i;
      continue;
    }
    out.push_back(w);
  }
  return out;
}

DependencyInstall node_install(DependencyTool tool, const ShellCommand& cmd) {
  DependencyInstall in{tool, {"package.json"}, {}, {"node_modules"}, {}, std::nullopt};
  switch (tool) {
    case DependencyTool::Npm: in.optional = {"package-lock.json", "npm-shrinkwrap.json", ".npmrc"}; break;
    case DependencyTool::Yarn:
      in.optional = {"yarn.lock", ".yarnrc", ".npmrc"};
      in.blockers = {".yarnrc.yml", ".pnp.cjs"};
      break;
    default:
      in.optional = {"pnpm-lock.yaml", ".npmrc", ".pnpmfile.cjs"};
      in.blockers = {"pnpm-workspace.yaml"};
      break;
  }
  in.ignore_scripts = has_word(cmd, {"--ignore-scripts"});
  return in;
}

bool is_local_path(std::string_view word) {
  return word == "." || word == ".." || word.starts_with("./") || word.starts_with("../") ||
         word.starts_with('/') || word.starts_with("file:") ||
         (word.find('/') != std::string_view::npos && word.find("://") == std::string_view::npos) ||
         word.ends_with(".whl") || word.ends_with(".tar.gz") || word.ends_with(".zip");
}

std::optional<DependencyInstall> pip_install(const PackageCommand& pkg) {
  const ShellCommand& cmd = *pkg.command;
  DependencyInstall in{DependencyTool::Pip, {}, {}, {".venv", "venv"}, {}, std::nullopt};
  bool local = false, requirement_files = false;
  std::optional<std::string> no_fix;
  for (std::size_t i = pkg.action_index + 1; i < cmd.words.size(); ++i) {
    std::string_view w = cmd.words[i].value;
    auto value_of = [&](std::string_view option) -> std::optional<std::string_view> {
      if (w == option) {
        if (i + 1 < cmd.words.size()) return std::string_view(cmd.words[++i].value);
        return std::nullopt;
      }
      if (option.starts_with("--") && w.starts_with(option) && w.size() > option.size() &&
          w[option.size()] == '=')
        return w.substr(option.size() + 1);
      if (!option.starts_with("--") && w.starts_with(option) && w.size() > option.size())
        return w.substr(option.size());  // -rrequirements.txt
      return std::nullopt;
    };
    std::optional<std::string_view> file;
    for (std::string_view o : {"-r", "--requirement", "-c", "--constraint"})
      if (!file) file = value_of(o);
    if (file) {
      requirement_files = true;
      if (auto name = top_level_file(*file)) in.required.push_back(*name);
      else no_fix = "the requirement file " + std::string(*file) + " is not at the top of the context";
      continue;
    }
    if (w == "-e" || w.starts_with("--editable") || w.starts_with("-e")) {
      local = true;
      if (w == "-e" || w == "--editable") ++i;
      continue;
    }
    std::optional<std::string_view> links;
    for (std::string_view o : {"-f", "--find-links"})
      if (!links) links = value_of(o);
    if (links) {
      if (links->find("://") == std::string_view::npos) no_fix = "--find-links names a local folder";
      continue;
    }
    bool into_folder = false;
    for (std::string_view o : {"-t", "--target", "--prefix", "--root", "--src"})
      if (!into_folder && value_of(o)) into_folder = true;
    if (into_folder) {
      no_fix = "the install writes into a folder of its own (--target, --prefix, --root)";
      continue;
    }
    bool valued = false;
    for (std::string_view o : {"-i", "--index-url", "--extra-index-url", "--trusted-host",
                               "--platform", "--python-version", "--implementation", "--abi",
                               "--only-binary", "--no-binary", "--progress-bar", "--log", "--proxy",
                               "--retries", "--timeout", "--cache-dir", "--upgrade-strategy",
                               "--global-option", "--config-settings", "-C"})
      if (!valued && (w == o || (o.starts_with("--") && w.starts_with(std::string(o) + "=")))) {
        valued = true;
        if (w == o) ++i;
      }
    if (valued || w.starts_with('-')) continue;
    if (is_local_path(w)) local = true;
  }
  if (!requirement_files && !local) return std::nullopt;  // `pip install flask`: no manifest
  if (local) no_fix = "it installs local code (`pip install .` or `-e`), which needs the sources";
  in.no_fix = no_fix;
  return in;
}

}  // namespace

std::optional<DependencyInstall> dependency_install(const ShellCommand& cmd) {
  if (cmd.kind != ShellCommandKind::Simple || cmd.words.empty() || !all_literal(cmd))
    return std::nullopt;
  if (auto pkg = package_command(cmd)) {
    std::string_view action = pkg->action;
    bool no_operands = pkg->operands().empty();
    switch (pkg->manager) {
      case PackageManager::Npm:
        if (one_of(action, {"ci", "install", "i"}) && no_operands &&
            !has_word(cmd, {"--prefix", "-g", "--global", "-w", "--workspace", "--workspaces"}))
          return node_install(DependencyTool::Npm, cmd);
        return std::nullopt;
      case PackageManager::Yarn:
        if (action == "install" && no_operands && !has_word(cmd, {"--cwd"}))
          return node_install(DependencyTool::Yarn, cmd);
        return std::nullopt;
      case PackageManager::Pnpm:
        if (one_of(action, {"install", "i"}) && no_operands &&
            !has_word(cmd, {"-C", "--dir", "--filter", "-F", "-r", "--recursive", "-g", "--global"}))
          return node_install(DependencyTool::Pnpm, cmd);
        return std::nullopt;
      case PackageManager::Pip:
        if (action == "install") return pip_install(*pkg);
        return std::nullopt;
      default: return std::nullopt;
    }
  }
  std::string_view name = base_name(cmd.name());
  std::vector<std::string_view> rest;
  if (name == "yarn" && operands(cmd, 1, {}).empty() && !has_word(cmd, {"--cwd"}))
    return node_install(DependencyTool::Yarn, cmd);  // bare `yarn`
  if (name == "pipenv") {
    rest = operands(cmd, 1, {"--python", "--pypi-mirror", "--categories"});
    if (rest.size() != 1 || !one_of(rest[0], {"install", "sync"})) return std::nullopt;
    return DependencyInstall{DependencyTool::Pipenv, {"Pipfile"}, {"Pipfile.lock"}, {".venv"}, {".env"}, std::nullopt};
  }
  if (name == "poetry") {
    rest = operands(cmd, 1, {"--only", "--with", "--without", "-E", "--extras", "-C", "--directory"});
    if (rest.size() != 1 || rest[0] != "install") return std::nullopt;
    DependencyInstall in{DependencyTool::Poetry, {"pyproject.toml"}, {"poetry.lock", "poetry.toml"}, {".venv"}, {}, std::nullopt};
    if (has_word(cmd, {"-C", "--directory"})) return std::nullopt;
    if (!has_word(cmd, {"--no-root"}))
      in.no_fix = "poetry install without --no-root installs the project itself, which needs its sources";
    return in;
  }
  if (name == "go") {
    rest = operands(cmd, 1, {});
    if (rest.size() != 2 || rest[0] != "mod" || rest[1] != "download") return std::nullopt;
    return DependencyInstall{DependencyTool::Go, {"go.mod"}, {"go.sum"}, {}, {"go.work"}, std::nullopt};
  }
  if (name == "cargo") {
    rest = operands(cmd, 1, {"-p", "--package", "--target", "--features", "-F", "-j", "--jobs",
                             "--manifest-path", "--bin", "--example", "--profile"});
    if (rest.empty() || !one_of(rest[0], {"build", "fetch", "install"})) return std::nullopt;
    if (rest[0] == "install" && rest.size() > 1) return std::nullopt;  // `cargo install ripgrep`
    return DependencyInstall{DependencyTool::Cargo, {"Cargo.toml"}, {"Cargo.lock"}, {}, {}, std::string(
        "cargo needs the crate's sources (src/main.rs or src/lib.rs) even to fetch its dependencies")};
  }
  if (name == "mvn" || name == "mvnw") {
    rest = operands(cmd, 1, {"-f", "--file", "-s", "--settings", "-P", "--activate-profiles", "-pl",
                             "--projects", "-T", "--threads", "-D", "-gs", "-t", "-rf", "-l", "--log-file"});
    if (rest.empty()) return std::nullopt;
    DependencyInstall in{DependencyTool::Maven, {"pom.xml"}, {}, {}, {".mvn"}, std::nullopt};
    bool resolve_only = std::all_of(rest.begin(), rest.end(), [](std::string_view goal) {
      return goal.starts_with("dependency:") || goal.find(":go-offline") != std::string_view::npos;
    });
    bool builds = std::any_of(rest.begin(), rest.end(), [](std::string_view goal) {
      return one_of(goal, {"compile", "test", "package", "verify", "install", "deploy"}) ||
             goal.starts_with("spring-boot:");
    });
    if (!resolve_only && !builds) return std::nullopt;
    if (!resolve_only)
      in.no_fix = "the Maven build itself needs the sources; resolve the dependencies first with "
                  "`mvn dependency:go-offline` after copying pom.xml";
    else if (name == "mvnw")
      in.no_fix = "the Maven wrapper needs mvnw and its .mvn folder";
    else if (has_word(cmd, {"-f", "--file"}))
      in.no_fix = "the POM is not the working directory's pom.xml";
    return in;
  }
  if (name == "gradle" || name == "gradlew") {
    rest = operands(cmd, 1, {"-p", "--project-dir", "-x", "--exclude-task", "-D", "-P", "-b", "-c",
                             "--build-file", "--settings-file", "-g", "--gradle-user-home"});
    if (rest.empty()) return std::nullopt;
    return DependencyInstall{DependencyTool::Gradle, {}, {}, {}, {}, std::string(
        "Gradle builds need the wrapper, the settings and the build logic, not only manifests")};
  }
  if (name == "bundle" || name == "bundler") {
    rest = operands(cmd, 1, {"--jobs", "-j", "--retry", "--path", "--without", "--with", "--binstubs",
                             "--standalone", "--gemfile", "--deployment-path"});
    if (rest.size() != 1 || rest[0] != "install") return std::nullopt;
    DependencyInstall in{DependencyTool::Bundler, {"Gemfile"}, {"Gemfile.lock"}, {"vendor/bundle"}, {".bundle"}, std::nullopt};
    if (has_word(cmd, {"--gemfile"})) in.no_fix = "the Gemfile is not the working directory's";
    return in;
  }
  std::size_t first = 1;
  if (name == "php" && cmd.words.size() > 1 && base_name(cmd.words[1].value) == "composer.phar") {
    name = "composer";
    first = 2;
  }
  if (name == "composer" || name == "composer.phar") {
    rest = operands(cmd, first, {"-d", "--working-dir"});
    if (rest.size() != 1 || rest[0] != "install" || has_word(cmd, {"-d", "--working-dir"}))
      return std::nullopt;
    DependencyInstall in{DependencyTool::Composer, {"composer.json"}, {"composer.lock", "auth.json"}, {"vendor"}, {}, std::nullopt};
    in.no_scripts = has_word(cmd, {"--no-scripts"});
    in.no_autoloader = has_word(cmd, {"--no-autoloader"});
    return in;
  }
  return std::nullopt;
}

std::string_view dependency_tool_name(DependencyTool tool) {
  switch (tool) {
    case DependencyTool::Npm: return "npm";
    case DependencyTool::Yarn: return "yarn";
    case DependencyTool::Pnpm: return "pnpm";
    case DependencyTool::Pip: return "pip";
    case DependencyTool::Pipenv: return "pipenv";
    case DependencyTool::Poetry: return "poetry";
    case DependencyTool::Go: return "go";
    case DependencyTool::Cargo: return "cargo";
    case DependencyTool::Maven: return "mvn";
    case DependencyTool::Gradle: return "gradle";
    case DependencyTool::Bundler: return "bundle";
    case DependencyTool::Composer: return "composer";
  }
  return "";
}

std::optional<std::string> top_level_file(std::string_view path) {
  while (path.starts_with("./")) path.remove_prefix(2);
  if (path.empty() || path.find_first_of("/\\$*?[ \t'\"") != std::string_view::npos || path == "..")
    return std::nullopt;
  return std::string(path);
}

}  // namespace dfopt
