// DF101 apt-update-separate: a RUN that refreshes the package index, followed by a RUN that
// installs, becomes one RUN, so a cached index can never feed a newer install.
#include "analysis/package_calls.h"
#include "analysis/stages.h"
#include "rewrite/run_merge.h"
#include "shell/package_commands.h"
#include "shell/shell_queries.h"
#include "transforms/registry.h"

namespace dfopt {
namespace {

constexpr std::string_view kDoc = R"md(## What it does
Merges a `RUN` whose last command refreshes the package index (`apt-get update`, `apt update`,
`apk update`, `yum`/`dnf makecache`, `zypper refresh`) with the `RUN` right after it that installs
packages with the same manager.

## Why is this bad?
Each `RUN` is its own cache entry. Once `RUN apt-get update` is cached, later builds reuse that
old index even after the install line changes, and `apt-get install` then fetches package
versions that no longer exist on the mirror (404 errors) or silently installs stale ones.
Docker's best-practice guide: "Always combine `RUN apt-get update` with `apt-get install` in the
same `RUN` statement."

## Example
```dockerfile
RUN apt-get update
# tools for the build
RUN apt-get install -y --no-install-recommends curl git
```

## Use instead
```dockerfile
RUN apt-get update && \
    # tools for the build
    apt-get install -y --no-install-recommends curl git
```

## Fix safety
Safe. The two instructions become `first && second`, which fails exactly when one of them would
have failed. The fix is applied only when nothing but comments and blank lines stands between the
two `RUN`s; both are shell form without heredocs and with the same flags (`--mount`, `--network`,
...); the stage runs a POSIX shell (no `SHELL ["powershell", ...]`, no Windows base image); the
first `RUN` changes no shell state the second would inherit (`cd`, `export`, `set`, variables,
`source`, functions, background jobs, `exit`/`exec`) and does not end with a shell comment; and
the second is a plain `&&` chain, so `&&` cannot regroup it. Comment lines between them are kept
as comment lines inside the merged instruction; blank lines between them are dropped.
When the two cannot be merged safely, or another instruction stands between them, the finding
is reported without a fix.
)md";

const RuleInfo kInfo{
    .id = "DF101",
    .name = "apt-update-separate",
    .summary = "Refresh the package index in the same RUN that installs packages",
    .doc = kDoc,
    .fix = FixAvailability::Sometimes,
    .fix_safeties = {.safe = true},
    .phase = RuleInfo::Phase::Restructure,
};

bool is_index_refresh(const PackageCommand& pc) {
  switch (pc.manager) {
    case PackageManager::AptGet:
    case PackageManager::Apt:
    case PackageManager::Apk: return pc.action == "update";
    case PackageManager::Yum:
    case PackageManager::Dnf:
    case PackageManager::Microdnf: return pc.action == "makecache";
    case PackageManager::Zypper: return pc.action == "refresh" || pc.action == "ref";
    default: return false;
  }
}

// The package manager whose index the script refreshes last, if its last program does that
// (`apt-get update`, `sudo apt-get update`).
std::optional<PackageManager> refreshed_index(const RunScript& run) {
  const auto& calls = program_calls(run.shell).calls();
  if (calls.empty()) return std::nullopt;
  const ProgramCall& last = calls.back();
  auto pc = package_command(*last.command, last.name_index);
  if (!pc || !is_index_refresh(*pc)) return std::nullopt;
  return pc->manager;
}

bool installs_with(const RunScript& run, PackageManager manager) {
  for (const PackageCall& pc : package_calls(run.shell))
    if (same_package_family(pc.package.manager, manager) && pc.package.action_kind() == PackageAction::Install) return true;
  return false;
}

class AptUpdateSeparate final : public Rule {
 public:
  const RuleInfo& info() const override { return kInfo; }

  void check(const Document& doc, const RuleContext&, std::vector<Finding>& findings) const override {
    const StageMap& stages = StageMap::of(doc);
    const FileStyle& style = file_style(doc);
    const auto& instructions = stages.instructions();
    for (std::size_t i = 0; i < instructions.size(); ++i) {
      const Instruction& ins = *instructions[i]->instruction;
      if (ins.keyword != Keyword::Run || !stages.facts(i).posix_shell) continue;
      std::optional<RunScript> first = parse_run_script(ins);
      if (!first || !first->shell.parsed) continue;
      std::optional<PackageManager> manager = refreshed_index(*first);
      if (!manager) continue;
      check_pair(doc, stages, style, i, *first, *manager, findings);
    }
  }

 private:
  static void check_pair(const Document& doc, const StageMap& stages, const FileStyle& style,
                         std::size_t index, const RunScript& first, PackageManager manager,
                         std::vector<Finding>& findings) {
    const auto& instructions = stages.instructions();
    // The next RUN of the stage, and whether other instructions stand before it.
    std::size_t j = index + 1;
    while (j < instructions.size() && instructions[j]->instruction->keyword != Keyword::Run &&
           instructions[j]->instruction->keyword != Keyword::From)
      ++j;
    if (j == instructions.size() || instructions[j]->instruction->keyword != Keyword::Run) return;
    const Instruction& next = *instructions[j]->instruction;
    std::optional<RunScript> second = parse_run_script(next);
    if (!second || !second->shell.parsed || !installs_with(*second, manager)) return;

    Finding finding{std::string(kInfo.id), first.run->keyword_span.begin, "", std::nullopt};
    std::optional<std::string> blocker;
    if (j != index + 1) blocker = "other instructions stand between them";
    if (!blocker && !stages.facts(j).posix_shell) blocker = "the stage does not run a POSIX shell";
    if (!blocker) blocker = run_merge_blocker(first, second, stages.facts(j).shell);
    if (!blocker) {
      std::vector<const RunScript*> runs = {&first, &*second};
      if (auto edit = merge_runs_edit(doc, nodes_from_to(doc, instructions[index], instructions[j]),
                                      runs, style))
        finding.fix = Fix{FixSafety::Safe, {std::move(*edit)}};
      else
        blocker = "the RUN's text ends in a continuation";
    }
    finding.message = "the package index is refreshed in a RUN of its own; refresh it in the "
                      "RUN that installs (line " +
                      std::to_string(doc.position(next.keyword_span.begin).line) + ")";
    if (blocker) finding.message += "; not merged: " + *blocker;
    findings.push_back(std::move(finding));
  }
};

}  // namespace

std::unique_ptr<Rule> make_apt_update_separate() { return std::make_unique<AptUpdateSeparate>(); }

}  // namespace dfopt
