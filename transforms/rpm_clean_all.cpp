// DF117 rpm-clean-all: a RUN that installs with yum, dnf, microdnf or zypper cleans the package
// manager's cache before the layer is committed.
#include <array>
#include <initializer_list>
#include <span>

#include "analysis/posix_runs.h"
#include "analysis/program_calls.h"
#include "analysis/run_mounts.h"
#include "analysis/stages.h"
#include "rewrite/run_edits.h"
#include "shell/package_commands.h"
#include "shell/shell_queries.h"
#include "transforms/registry.h"

namespace dfopt {
namespace {

constexpr std::string_view kDoc = R"md(## What it does
Appends the package manager's cleanup to a `RUN` that installs or updates packages with `yum`,
`dnf`, `microdnf` or `zypper` without cleaning up afterwards: `yum clean all`, `dnf clean all`,
`microdnf clean all` (after the manager that ran last), or `zypper clean -a`.

## Why is this bad?
These managers keep the repository metadata they downloaded, and often the packages too, in
`/var/cache/yum`, `/var/cache/dnf` or `/var/cache/zypp`: tens to hundreds of MB that nothing in
the image needs. A cleanup in a later `RUN` does not help, because the files still weigh in the
earlier layer.

## Example
```dockerfile
RUN yum install -y httpd && \
    yum-config-manager --disable updates
```

## Use instead
```dockerfile
RUN yum install -y httpd && \
    yum-config-manager --disable updates && \
    yum clean all
```

## Fix safety
Safe: only cached metadata and packages are removed; a later `RUN` that needs the metadata
downloads it again. The cleanup goes at the end of the `RUN`, in the file's style, and only when
the script is one `&&` chain that does not end with a shell comment, nor in a compound command
while errexit may be on (`&&` would suspend errexit inside it); otherwise, e.g. with a `;`,
`||` or `&` at its top level, the finding is reported without a fix. The commands that count
as installing are `install`, `groupinstall`, `localinstall`, `reinstall`, `update`, `upgrade`,
`update-minimal`, `upgrade-minimal`, `downgrade`, `distro-sync`, `group`, `module`, `swap`,
`makecache` (yum family) and `install`/`in`, `update`/`up`, `dist-upgrade`/`dup`, `patch`,
`source-install`/`si`, `refresh`/`ref` (zypper): every action that fills the cache.
Nothing is reported when:
- the `RUN` already cleans up after its last install: `yum`/`dnf`/`microdnf clean all` (any of
  the three, they share a family), `zypper clean` or `zypper cc`, or an `rm` of a path under
  `/var/cache/yum`, `/var/cache/dnf`, `/var/cache/libdnf5` or `/var/cache/zypp`;
- the `RUN` mounts a build cache (`--mount=type=cache`) over one of those folders;
- the `RUN` is exec form, has a heredoc, or is an `ONBUILD` trigger; the stage runs no POSIX
  shell; or the script cannot be parsed.

The rule does not add `-y` to `yum`/`dnf install` or `-n` to `zypper` (hadolint DL3030, DL3038,
DL3034): without them the build already fails at the prompt, so real Dockerfiles have them.
)md";

const RuleInfo kInfo{
    .id = "DF117",
    .name = "rpm-clean-all",
    .summary = "Clean the yum, dnf, microdnf or zypper cache in the RUN that installs",
    .doc = kDoc,
    .fix = FixAvailability::Sometimes,
    .fix_safeties = {.safe = true},
    .references = {"DL3032", "DL3040", "DL3036"},
};

enum class Family { Yum, Zypper };  // yum, dnf and microdnf are one family

std::optional<Family> family_of(PackageManager manager) {
  switch (manager) {
    case PackageManager::Yum:
    case PackageManager::Dnf:
    case PackageManager::Microdnf: return Family::Yum;
    case PackageManager::Zypper: return Family::Zypper;
    default: return std::nullopt;
  }
}

// The actions that download packages or metadata into the cache.
bool fills_cache(const PackageCommand& pc) {
  PackageAction kind = pc.action_kind();
  return kind == PackageAction::Install || kind == PackageAction::Upgrade ||
         kind == PackageAction::Refresh;
}

bool is_clean(Family family, const PackageCommand& pc) {
  if (family == Family::Zypper) return pc.action == "clean" || pc.action == "cc";
  if (pc.action != "clean") return false;
  for (const ShellWord* operand : pc.operands())
    if (operand->value == "all") return true;
  return false;
}

std::span<const std::string_view> cache_folders(Family family) {
  static constexpr std::array<std::string_view, 3> kYum = {"/var/cache/yum", "/var/cache/dnf",
                                                           "/var/cache/libdnf5"};
  static constexpr std::array<std::string_view, 1> kZypper = {"/var/cache/zypp"};
  if (family == Family::Zypper) return kZypper;
  return kYum;
}

bool removes_cache(Family family, const ProgramCall& call) {
  if (call.program != "rm") return false;
  for (std::size_t i = 0; i < call.argument_count(); ++i)
    for (std::string_view folder : cache_folders(family))
      if (call.argument(i)->text.starts_with(folder)) return true;
  return false;
}

bool mounts_cache(const Instruction& run, Family family) {
  for (std::string_view target : cache_mount_targets(run)) {
    if (target.find('$') != std::string_view::npos) return true;
    for (std::string_view folder : cache_folders(family))
      if (target.starts_with(folder)) return true;
  }
  return false;
}

std::string cleanup_command(PackageManager manager) {
  if (manager == PackageManager::Zypper) return "zypper clean -a";
  return std::string(package_manager_name(manager)) + " clean all";
}

class RpmCleanAll final : public Rule {
 public:
  const RuleInfo& info() const override { return kInfo; }

  void check(const Document& doc, const RuleContext&, std::vector<Finding>& findings) const override {
    const StageMap& stages = StageMap::of(doc);
    const FileStyle& style = file_style(doc);
    for (const PosixRun& run : posix_runs(doc)) {
      const Node& node = *stages.instructions()[run.index];
      for (Family family : {Family::Yum, Family::Zypper})
        if (!mounts_cache(*node.instruction, family))
          check_family(doc, node, run.script, style, stages.facts(run.index).shell, family,
                       findings);
    }
  }

 private:
  static void check_family(const Document& doc, const Node& node, const RunScript& run,
                           const FileStyle& style, const RunShell& shell, Family family,
                           std::vector<Finding>& findings) {
    // Every program the RUN runs counts: `sudo dnf install`, `sh -c 'yum clean all'`.
    const ProgramCall* last_install = nullptr;
    PackageManager manager = PackageManager::Yum;
    for (const ProgramCall& call : program_calls(run.shell).calls()) {
      if (last_install && removes_cache(family, call)) {
        last_install = nullptr;
        continue;
      }
      std::optional<PackageCommand> pc = package_command(*call.command, call.name_index);
      if (!pc || family_of(pc->manager) != family) continue;
      if (fills_cache(*pc)) {
        last_install = &call;
        manager = pc->manager;
      } else if (last_install && is_clean(family, *pc)) {
        last_install = nullptr;
      }
    }
    if (!last_install) return;
    std::string cleanup =
        (last_install->through_sudo ? "sudo " : "") + cleanup_command(manager);
    std::size_t at = last_install->nested ? run.to_source(0)
                                          : run.to_source(last_install->command->span).begin;
    Finding finding{std::string(kInfo.id), at,
                    std::string(package_manager_name(manager)) +
                        " installs without cleaning its cache, which stays in the layer; add '" +
                        cleanup + "'",
                    std::nullopt};
    if (auto blocker = append_blocker(run, shell))
      finding.message += " (not added: " + *blocker + ")";
    else if (auto edit = append_to_and_chain(doc, node, run, cleanup, style, shell))
      finding.fix = Fix{FixSafety::Safe, {std::move(*edit)}};
    else
      finding.message += " (not added: the end of the RUN cannot be found)";
    findings.push_back(std::move(finding));
  }
};

}  // namespace

std::unique_ptr<Rule> make_rpm_clean_all() { return std::make_unique<RpmCleanAll>(); }

}  // namespace dfopt
