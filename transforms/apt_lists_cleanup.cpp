// DF111 apt-lists-cleanup: a RUN that fetches apt's package lists or installs with apt removes
// /var/lib/apt/lists/* at its end, so the lists never reach the image's layers.
#include <algorithm>
#include <array>

#include "analysis/posix_runs.h"
#include "analysis/program_calls.h"
#include "analysis/run_mounts.h"
#include "analysis/stage_chain_search.h"
#include "analysis/stages.h"
#include "rewrite/run_edits.h"
#include "shell/package_commands.h"
#include "shell/shell_queries.h"
#include "syntax/text.h"
#include "transforms/registry.h"

namespace dfopt {
namespace {

constexpr std::string_view kDoc = R"md(## What it does
Appends `rm -rf /var/lib/apt/lists/*` to a `RUN` that runs `apt-get update` or installs packages
with `apt-get`/`apt` and does not remove the package lists itself.

## Why is this bad?
`apt-get update` downloads the package lists of every configured repository into
`/var/lib/apt/lists`, tens of megabytes. The installed packages do not need them, and files
deleted by a later `RUN` still weigh in the layer that created them, so they must go in the same
`RUN`. Docker's best-practice guide recommends it, and the Docker Official Images built on
Debian and Ubuntu do it in every `RUN` that installs packages.

## Example
```dockerfile
RUN apt-get update && \
    apt-get install -y --no-install-recommends curl
```

## Use instead
```dockerfile
RUN apt-get update && \
    apt-get install -y --no-install-recommends curl && \
    rm -rf /var/lib/apt/lists/*
```

## Fix safety
Safe. The lists are only read by apt itself; removing them at the very end of the `RUN` changes
nothing the `RUN` does, and its exit status stays the same. apt commands are recognised behind
`sudo`, `env`, `xargs`, `nice` and the like, and inside `sh -c '…'` and `$(…)`; when the install
runs through `sudo` (a `RUN` as a user other than root), so does the cleanup:
`sudo rm -rf /var/lib/apt/lists/*`. Nothing is reported when:
- the `RUN` already removes them after its last `apt-get update`/`install`: an `rm` of
  `/var/lib/apt/lists`, of something under it or of a folder above it (`/var/lib/apt`), any
  other command naming a path under `/var/lib/apt/lists`, or `apt-get distclean`. An `rm` that
  runs *before* `apt-get update` cleans nothing and does not count;
- the `RUN` mounts a cache or tmpfs on `/var/lib/apt` or `/var/cache/apt`
  (`--mount=type=cache,target=/var/lib/apt/lists`): such caches are kept on purpose;
- the stage does not end up in the image being built: only the last stage and the stages it is
  built `FROM` (directly or through other stages) are checked. Lists in a build stage that is
  only read through `COPY --from` never reach the final image. Building with `--target` some other
  stage is not foreseen.

The finding is reported without a fix when:
- a later `RUN` of the stage, or of a stage built on it, runs an apt command that needs the
  lists (`apt-get install`, `sudo apt-get install`, `xargs apt-get install`, `bash -c "apt-get
  install …"`, `apt-cache`, ...) before its own `apt-get update`, or is a `RUN` dfopt cannot read
  (exec form, heredoc, unparsable, a computed command name) that mentions apt without `update`;
- the script is not a single `&&` chain (a `;`, `||` or `&` at its top level), ends with a shell
  comment, or ends with `exit` or `exec`, where an appended `&& rm ...` would not run as the
  last step; or it ends in a compound command (`if … fi`, `{ …; }`, a loop) while errexit may
  be on (`set -e` in the script, or a `SHELL` with `-e`): `&&` after it would suspend errexit
  inside it, and a failure there would no longer stop the build.

A `RUN` that runs a script file which itself calls `apt-get install` without `apt-get update`
is not seen by dfopt: such a `RUN` after the fixed one would find no lists.
The new command goes on a new continuation line in a multi-line `RUN`, following the file's
`&&` placement, indent, escape character and line endings.
)md";

const RuleInfo kInfo{
    .id = "DF111",
    .name = "apt-lists-cleanup",
    .summary = "Remove apt's package lists in the RUN that installs packages",
    .doc = kDoc,
    .fix = FixAvailability::Sometimes,
    .fix_safeties = {.safe = true},
    .references = {"DL3009"},
};

constexpr std::string_view kLists = "/var/lib/apt/lists";
constexpr std::string_view kCleanup = "rm -rf /var/lib/apt/lists/*";

bool is_apt(const PackageCommand& pc) {
  return pc.manager == PackageManager::AptGet || pc.manager == PackageManager::Apt;
}

// The word's text with quotes dropped: "/var/lib/apt/lists/"* -> /var/lib/apt/lists/*.
std::string unquoted(const ShellWord& word) {
  std::string out;
  for (char c : word.text)
    if (c != '"' && c != '\'') out += c;
  return out;
}

// True when removing `path` removes the lists: it is /var/lib/apt/lists, something under it, or
// a folder above it ("/var/lib/apt", "/var/lib/apt/*").
bool removes_lists(std::string_view path) {
  if (path.starts_with(kLists)) return true;
  while (path.ends_with("/*") || path.ends_with("/"))
    path.remove_suffix(path.ends_with("/") ? 1 : 2);
  return !path.empty() && kLists.starts_with(path) && kLists[path.size()] == '/';
}

// The script removes the lists itself after `after` (the position, in program-call order, of its
// last apt command that fetches or reads them): an `rm` before `apt-get update` cleans nothing.
bool cleans_lists(const RunScript& run, std::size_t after) {
  const auto& calls = program_calls(run.shell).calls();
  for (std::size_t c = after + 1; c < calls.size(); ++c) {
    const ProgramCall& call = calls[c];
    if (auto pc = package_command(*call.command, call.name_index);
        pc && is_apt(*pc) && (pc->action == "distclean" || pc->action == "dist-clean"))
      return true;
    for (std::size_t i = 0; i < call.argument_count(); ++i) {
      std::string path = unquoted(*call.argument(i));
      if (call.program == "rm" ? removes_lists(path) : std::string_view(path).starts_with(kLists))
        return true;
    }
  }
  return false;
}

// `--mount=type=cache,target=/var/lib/apt/lists` and the like: the lists do not reach the layer,
// or the author keeps them on purpose.
bool mounts_apt_state(const Instruction& ins) {
  for (std::string_view target : cache_mount_targets(ins, /*tmpfs=*/true))
    if (target.starts_with("/var/lib/apt") || target.starts_with("/var/cache/apt")) return true;
  return false;
}

// apt actions that work without package lists.
bool works_without_lists(std::string_view action) {
  static constexpr std::array<std::string_view, 12> kActions = {
      "update", "clean",     "autoclean", "auto-clean", "distclean", "dist-clean",
      "remove", "purge",     "autoremove", "auto-remove", "autopurge", "check"};
  for (std::string_view a : kActions)
    if (a == action) return true;
  return false;
}

enum class ListUse { None, Refreshes, Needs };

// How a script treats the lists it finds: refreshes them first, needs them, or neither. Every
// program counts, behind sudo, env or xargs and inside `sh -c` or `$(…)` too.
ListUse list_use(const ShellScript& script) {
  for (const ProgramCall& call : program_calls(script).calls()) {
    if (call.program == "apt-cache") return ListUse::Needs;
    auto pc = package_command(*call.command, call.name_index);
    if (!pc || !is_apt(*pc)) continue;
    if (pc->action == "update") return ListUse::Refreshes;
    if (!works_without_lists(pc->action)) return ListUse::Needs;
  }
  return ListUse::None;
}

// The same question for an instruction dfopt may not be able to parse.
bool relies_on_lists(const Document& doc, const Node& node, const Instruction& ins, bool posix) {
  if (ins.keyword == Keyword::Onbuild && ins.trigger)
    return relies_on_lists(doc, node, *ins.trigger, posix);
  if (ins.keyword != Keyword::Run) return false;
  if (posix) {
    if (auto run = parse_run_script(ins); run && run->shell.parsed) {
      ListUse use = list_use(run->shell);
      // A program dfopt could not name (`$APT install`) may be apt: the text decides then.
      if (use != ListUse::None || program_calls(run->shell).complete())
        return use == ListUse::Needs;
    }
  }
  std::string text = to_lower(doc.text(node.span));
  return text.find("apt") != std::string::npos && text.find("update") == std::string::npos;
}

// The script's last command ends the shell, so nothing appended after it would run.
bool ends_the_shell(const ShellScript& script) {
  if (script.list.items.empty()) return false;
  const ShellAndOr& last = script.list.items.back().and_or;
  if (last.pipelines.empty() || last.pipelines.back().commands.empty()) return false;
  std::string_view name = last.pipelines.back().commands.back().name();
  return name == "exit" || name == "exec" || name == "return";
}

// Stages whose files end up in the default build's image: the last one and its ancestors.
std::vector<bool> final_image_stages(const StageMap& stages) {
  std::vector<bool> out(stages.stages().size(), false);
  if (stages.stages().empty()) return out;
  std::optional<std::size_t> s = stages.stages().size() - 1;
  while (s && !out[*s]) {
    out[*s] = true;
    s = stages.stages()[*s].parent;
  }
  return out;
}

class AptListsCleanup final : public Rule {
 public:
  const RuleInfo& info() const override { return kInfo; }

  void check(const Document& doc, const RuleContext&, std::vector<Finding>& findings) const override {
    const StageMap& stages = StageMap::of(doc);
    const FileStyle& style = file_style(doc);
    std::vector<bool> in_image = final_image_stages(stages);
    std::optional<StageChainSearch> reliant;  // instructions that use the lists, built on demand
    for (const PosixRun& posix_run : posix_runs(doc)) {
      const std::size_t i = posix_run.index;
      const InstructionFacts& facts = stages.facts(i);
      if (!facts.stage || !in_image[*facts.stage] || mounts_apt_state(*posix_run.script.run)) continue;
      const RunScript* run = &posix_run.script;
      std::optional<std::size_t> first_apt = apt_call_leaving_lists(*run, false);
      if (!first_apt) continue;
      std::size_t last_apt = *apt_call_leaving_lists(*run, true);
      if (cleans_lists(*run, last_apt)) continue;
      const ProgramCall& apt = program_calls(run->shell).calls()[*first_apt];
      // An apt inside `sh -c '…'` has no span in the RUN: point at the command holding it.
      std::size_t at = apt.nested ? run->to_source(0) : run->to_source(apt.command->span).begin;

      Finding finding{std::string(kInfo.id), at,
                      "apt's package lists stay in this layer; remove /var/lib/apt/lists/* at the "
                      "end of the RUN",
                      std::nullopt};
      if (!reliant)
        reliant.emplace(stages, [&doc, &stages](const Node& node, std::size_t j) {
          return relies_on_lists(doc, node, *node.instruction, stages.facts(j).posix_shell);
        });
      std::optional<std::string> blocker = later_reliance(doc, *reliant, i);
      if (!blocker && trailing_comment(run->shell)) blocker = "the RUN ends with a shell comment";
      if (!blocker && ends_the_shell(run->shell)) blocker = "the RUN ends with exit or exec";
      if (!blocker) blocker = append_blocker(*run, stages.facts(i).shell);
      if (!blocker) {
        // The cleanup runs as the install did: behind sudo when the install was.
        const ProgramCall& last = program_calls(run->shell).calls()[last_apt];
        std::string cleanup = (last.through_sudo ? "sudo " : "") + std::string(kCleanup);
        if (auto edit = append_to_and_chain(doc, *stages.instructions()[i], *run, cleanup, style,
                                            stages.facts(i).shell))
          finding.fix = Fix{FixSafety::Safe, {std::move(*edit)}};
        else
          blocker = "the end of the RUN cannot be found";
      }
      if (blocker) finding.message += "; not fixed: " + *blocker;
      findings.push_back(std::move(finding));
    }
  }

 private:
  // The first (or last) `apt-get update` or `apt-get install` of the script, wherever it runs
  // (`sudo apt-get install`, `bash -c "apt-get update"`): its index in the program calls.
  static std::optional<std::size_t> apt_call_leaving_lists(const RunScript& run, bool last) {
    std::optional<std::size_t> found;
    const auto& calls = program_calls(run.shell).calls();
    for (std::size_t c = 0; c < calls.size(); ++c) {
      auto pc = package_command(*calls[c].command, calls[c].name_index);
      if (pc && is_apt(*pc) && (pc->action == "update" || pc->action == "install")) {
        found = c;
        if (!last) break;
      }
    }
    return found;
  }

  // Why removing the lists at the end of RUN `index` could break a later instruction (in its
  // stage or one built on it).
  static std::optional<std::string> later_reliance(const Document& doc,
                                                   const StageChainSearch& reliant,
                                                   std::size_t index) {
    std::optional<std::size_t> j = reliant.first_after(index);
    if (!j) return std::nullopt;
    const Instruction& later = *StageMap::of(doc).instructions()[*j]->instruction;
    return "the RUN on line " + std::to_string(doc.position(later.keyword_span.begin).line) +
           " uses the package lists without 'apt-get update'";
  }
};

}  // namespace

std::unique_ptr<Rule> make_apt_lists_cleanup() { return std::make_unique<AptListsCleanup>(); }

}  // namespace dfopt
