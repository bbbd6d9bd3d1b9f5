// DF304 unpinned-packages: package installs without versions (report only).
#include <array>

#include "analysis/posix_runs.h"
#include "analysis/program_calls.h"
#include "analysis/stages.h"
#include "shell/package_commands.h"
#include "shell/run_script.h"
#include "shell/shell_queries.h"
#include "transforms/registry.h"

namespace dfopt {
namespace {

constexpr std::string_view kDoc = R"md(## What it does
Reports package installs that name packages without a version: `apt-get install` (`pkg=1.2-3`),
`apk add` (`pkg=1.2-r0`), `pip install` (`pkg==1.2`), `npm install` (`pkg@1.2.3`), `gem install`
(`-v 1.2` or `pkg:1.2`) and `go install` (`pkg@v1.2.3`, not `@latest`).

## Why is this bad?
An unpinned install takes whatever version the repository has on the day of the build. Two
builds of the same Dockerfile then differ, a rebuild can break on a new major version, and the
cached layer hides which version an image really has. hadolint: DL3008 (apt), DL3018 (apk),
DL3013 (pip), DL3016 (npm), DL3028 (gem), DL3062 (go).

## Example
```dockerfile
RUN pip install requests flask
```

## Use instead
```dockerfile
RUN pip install requests==2.32.3 flask==3.0.3
```

## Fix safety
Report only: dfopt cannot choose versions. Installs from files, folders, URLs and requirement
files (`-r requirements.txt`, `npm install` without names) are not reported here, and neither is
upgrading pip's own tooling (`pip install --upgrade pip setuptools wheel`).
)md";

const RuleInfo kInfo{
    .id = "DF304",
    .name = "unpinned-packages",
    .summary = "Pin the versions of installed packages",
    .doc = kDoc,
    .fix = FixAvailability::None,
    .references = {"DL3008", "DL3018", "DL3013", "DL3016", "DL3028", "DL3062"},
};

bool is_path_or_url(std::string_view word) {
  return word.starts_with(".") || word.starts_with("/") || word.starts_with("~") ||
         word.find("://") != std::string_view::npos || word.starts_with("git+") ||
         word.ends_with(".deb") || word.ends_with(".whl") || word.ends_with(".tar.gz") ||
         word.ends_with(".apk") || word.ends_with(".gem") || word.ends_with(".tgz");
}

// Options whose value is the next word (after the action word, for any of the managers).
bool takes_value(std::string_view option) {
  static constexpr std::array<std::string_view, 19> kValued = {
      "-o", "-t", "-c", "--target-release", "--virtual", "-X", "--repository", "-r",
      "--requirement", "--constraint", "-e", "--editable", "-i", "--index-url",
      "--extra-index-url", "-f", "--find-links", "-v", "--version"};
  for (std::string_view v : kValued)
    if (option == v) return true;
  return false;
}

bool pinned(PackageManager manager, std::string_view package, bool gem_version_option) {
  switch (manager) {
    case PackageManager::AptGet:
    case PackageManager::Apt: return package.find('=') != std::string_view::npos;
    case PackageManager::Apk: return package.find_first_of("=~<>") != std::string_view::npos;
    case PackageManager::Pip:
      return package.find("==") != std::string_view::npos || package.find('@') != std::string_view::npos;
    case PackageManager::Npm:
    case PackageManager::Yarn:
    case PackageManager::Pnpm: return package.find('@', 1) != std::string_view::npos;
    case PackageManager::Gem: return gem_version_option || package.find(':') != std::string_view::npos;
    default: return true;
  }
}

bool installs(const PackageCommand& pc) {
  switch (pc.manager) {
    case PackageManager::AptGet:
    case PackageManager::Apt:
    case PackageManager::Pip:
    case PackageManager::Gem: return pc.action == "install";
    case PackageManager::Apk: return pc.action == "add";
    case PackageManager::Npm: return pc.action == "install" || pc.action == "i" || pc.action == "add";
    case PackageManager::Yarn:
    case PackageManager::Pnpm: return pc.action == "add";
    default: return false;
  }
}

std::vector<std::string> unpinned_operands(const PackageCommand& pc) {
  const auto& words = pc.command->words;
  bool gem_version = pc.has_option("-v") || pc.has_option("--version");
  bool upgrading_pip_tools = pc.manager == PackageManager::Pip &&
                             (pc.has_option("--upgrade") || pc.has_option("-U"));
  std::vector<std::string> out;
  for (std::size_t i = pc.action_index + 1; i < words.size(); ++i) {
    const ShellWord& word = words[i];
    if (!word.literal) continue;  // a variable may well hold a version
    if (word.value.starts_with("-")) {
      if (takes_value(word.value)) ++i;
      continue;
    }
    std::string_view package = word.value;
    if (is_path_or_url(package)) continue;
    if (upgrading_pip_tools && (package == "pip" || package == "setuptools" || package == "wheel"))
      continue;
    if (!pinned(pc.manager, package, gem_version)) out.emplace_back(package);
  }
  return out;
}

// `go install pkg` or `go install pkg@latest`.
std::vector<std::string> unpinned_go(const ProgramCall& call) {
  std::vector<std::string> out;
  if (call.program != "go" || call.argument_count() < 2 || call.argument(0)->value != "install")
    return out;
  for (std::size_t i = 1; i < call.argument_count(); ++i) {
    const ShellWord& w = *call.argument(i);
    if (!w.literal || w.value.starts_with("-") || w.value.starts_with(".")) continue;
    std::size_t at = w.value.find('@');
    if (at == std::string::npos || w.value.substr(at + 1) == "latest") out.push_back(w.value);
  }
  return out;
}

class UnpinnedPackages final : public Rule {
 public:
  const RuleInfo& info() const override { return kInfo; }

  void check(const Document& doc, const RuleContext&, std::vector<Finding>& findings) const override {
    for (const PosixRun& posix_run : posix_runs(doc)) {
      const RunScript* run = &posix_run.script;
      for (const ProgramCall& call : program_calls(run->shell).calls()) {
        if (call.program.empty()) continue;
        const ShellCommand* command = call.command;
        std::vector<std::string> names = unpinned_go(call);
        std::string manager = "go";
        if (auto pc = package_command(*command, call.name_index); pc && installs(*pc)) {
          names = unpinned_operands(*pc);
          manager = std::string(package_manager_name(pc->manager));
        }
        if (names.empty()) continue;
        std::string list;
        for (std::size_t k = 0; k < names.size() && k < 5; ++k) list += (k ? ", " : "") + names[k];
        if (names.size() > 5) list += ", ... (" + std::to_string(names.size()) + " in all)";
        findings.push_back({std::string(kInfo.id),
                            call.nested ? run->to_source(0) : run->to_source(command->span).begin,
                            manager + " installs without a version: " + list, std::nullopt});
      }
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_unpinned_packages() { return std::make_unique<UnpinnedPackages>(); }

}  // namespace dfopt
