// DF115 apk-no-cache: `apk add` gets `--no-cache`, so the package index is fetched for the
// command and never stored in the layer; an `apk update` right before it, and a final
// `rm -rf /var/cache/apk/*` that nothing needs any more, go.
#include "analysis/package_calls.h"
#include "analysis/posix_runs.h"
#include "analysis/run_mounts.h"
#include "analysis/stage_chain_search.h"
#include "analysis/stages.h"
#include "rewrite/run_edits.h"
#include "shell/package_commands.h"
#include "shell/shell_queries.h"
#include "transforms/registry.h"

namespace dfopt {
namespace {

constexpr std::string_view kDoc = R"md(## What it does
Adds `--no-cache` to `apk add` in a `RUN`. When the `RUN` refreshes the index just for that
command (`apk update && apk add ...`), the `apk update` is removed too, and a final
`rm -rf /var/cache/apk/*` that has nothing left to remove goes with it.

## Why is this bad?
Without `--no-cache`, apk stores the package index (`APKINDEX.*.tar.gz`, a few MB per
repository) in `/var/cache/apk` and leaves it in the layer. With `--no-cache` apk fetches the
index for this one command and keeps nothing, so neither `apk update` before the install nor
`rm -rf /var/cache/apk/*` after it is needed.

## Example
```dockerfile
RUN apk update && \
    apk add curl git && \
    rm -rf /var/cache/apk/*
```

## Use instead
```dockerfile
RUN apk add --no-cache curl git
```

## Fix safety
Safe: only the package index and cached downloads disappear from the image. `--no-cache` is
inserted right after `add`. Nothing is reported when the command already has `--no-cache`, or
when the `RUN` mounts a build cache (`--mount=type=cache`) over `/var/cache/apk` or
`/etc/apk/cache`, where the cache is wanted.

An `apk update` written just so (no options or other words) is removed only when it stands
directly before an `apk add --no-cache` in an `&&` chain (`a && apk update && apk add ...`,
never after `||`), with no comment line between them, and nothing that follows in the `RUN`, in
later instructions of the stage or in stages built on it reads the stored index: every later
`apk` command must be `apk add --no-cache`, `apk del` or another `apk update`. This is also
reported for an `apk add` that already has `--no-cache`. Scripts the build runs are not looked
into: a script that calls `apk` itself and relies on the index the removed `apk update` stored
would find none.

A trailing `rm -rf /var/cache/apk/*` is removed only together with the fix that makes it
redundant, and only when it is trivially so: it is the last command of a plain `&&` chain,
written exactly `rm -rf /var/cache/apk/*`; all other
commands of the `RUN` are `apk add --no-cache` or `apk del`; and no earlier instruction of the
stage (or of a stage it builds on) mentions `apk`. Files the base image itself left in
`/var/cache/apk` (the official `alpine` images leave none) then stay visible. In every other
case the `rm` is left alone.

Not checked: exec-form `RUN`s, `RUN`s with heredocs, `ONBUILD` triggers, stages without a
POSIX shell, and scripts that cannot be parsed.
)md";

const RuleInfo kInfo{
    .id = "DF115",
    .name = "apk-no-cache",
    .summary = "Use apk add --no-cache instead of storing the package index",
    .doc = kDoc,
    .fix = FixAvailability::Always,
    .fix_safeties = {.safe = true},
    .references = {"DL3019"},
};


bool mounts_apk_cache(const Instruction& run) {
  for (std::string_view target : cache_mount_targets(run))
    if (target.starts_with("/var/cache/apk") || target.starts_with("/etc/apk") ||
        target.find('$') != std::string_view::npos)
      return true;
  return false;
}

// The apk command a program call runs (`apk`, `sudo apk`, `xargs apk`, inside `sh -c`).
std::optional<PackageCommand> apk_command(const ProgramCall& call) {
  std::optional<PackageCommand> pc = package_command(*call.command, call.name_index);
  if (!pc || pc->manager != PackageManager::Apk) return std::nullopt;
  return pc;
}

// An apk command that neither reads nor writes the stored index.
bool leaves_index_alone(const PackageCommand& pc) {
  return pc.has_option("--no-cache") || pc.action == "del";
}

// The single simple command of a pipeline, if that is all it is.
const ShellCommand* only_command(const ShellPipeline& pipeline) {
  if (pipeline.negated || pipeline.commands.size() != 1) return nullptr;
  const ShellCommand& command = pipeline.commands.front();
  return command.kind == ShellCommandKind::Simple ? &command : nullptr;
}

// What the rule plans for one `apk add` of a RUN.
struct AddPlan {
  const ShellCommand* command = nullptr;
  bool insert_no_cache = false;
  std::optional<Span> update;  // script span of "apk update && " to delete
};

class ApkNoCache final : public Rule {
 public:
  const RuleInfo& info() const override { return kInfo; }

  void check(const Document& doc, const RuleContext&, std::vector<Finding>& findings) const override {
    if (doc.source().find("apk") == std::string_view::npos) return;
    const StageMap& stages = StageMap::of(doc);
    const StageChainSearch mentions_apk(stages, [&doc](const Node& node) {
      return doc.text(node.span).find("apk") != std::string_view::npos;
    });
    for (const PosixRun& posix_run : posix_runs(doc)) {
      const std::size_t i = posix_run.index;
      const Instruction& ins = *posix_run.script.run;
      if (mounts_apk_cache(ins)) continue;
      const RunScript* run = &posix_run.script;
      check_run(doc, stages, mentions_apk, i, *run, findings);
    }
  }

 private:
  static void check_run(const Document& doc, const StageMap& stages,
                        const StageChainSearch& mentions_apk, std::size_t index,
                        const RunScript& run, std::vector<Finding>& findings) {
    std::vector<AddPlan> plans;
    std::vector<PackageCommand> adds;  // beside plans: where each one's action word is
    for (const PackageCall& pc : package_calls(run.shell)) {
      // An `apk add` inside `sh -c '…'` cannot be edited through the RUN's text.
      if (pc.package.manager != PackageManager::Apk || pc.package.action != "add" ||
          !pc.editable())
        continue;
      plans.push_back({pc.call.command, !pc.package.has_option("--no-cache"), std::nullopt});
      adds.push_back(pc.package);
    }
    if (plans.empty()) return;
    for (AddPlan& plan : plans)
      plan.update = removable_update(doc, stages, index, run, plans, *plan.command);

    std::vector<Finding> out;
    for (std::size_t p = 0; p < plans.size(); ++p) {
      const AddPlan& plan = plans[p];
      if (!plan.insert_no_cache && !plan.update) continue;
      Finding finding{std::string(kInfo.id), run.to_source(plan.command->span).begin, "",
                      Fix{FixSafety::Safe, {}}};
      if (plan.insert_no_cache) {
        finding.message = "apk add without --no-cache leaves the package index in /var/cache/apk";
        finding.fix->edits.push_back(
            insert_after_word(run, plan.command->words[adds[p].action_index], "--no-cache"));
      } else {
        finding.message = "apk update is not needed before apk add --no-cache, which fetches a "
                          "fresh index and stores none";
      }
      if (plan.update) finding.fix->edits.push_back({run.to_source(*plan.update), ""});
      out.push_back(std::move(finding));
    }
    if (!out.empty())
      if (std::optional<Span> rm = removable_cache_rm(doc, mentions_apk, index, run, plans))
        out.back().fix->edits.push_back({*rm, ""});
    for (Finding& f : out) findings.push_back(std::move(f));
  }

  // True when the apk command will, after this round's fixes, neither read nor write the index.
  static bool index_free_after_fixes(const ShellCommand& command, const PackageCommand& pc,
                                     const std::vector<AddPlan>& plans) {
    if (leaves_index_alone(pc)) return true;
    for (const AddPlan& plan : plans)
      if (plan.command == &command && plan.insert_no_cache) return true;
    return false;
  }

  // The "apk update && " right before `add` in its && chain, when nothing needs the index it
  // stores: the script span to delete.
  static std::optional<Span> removable_update(const Document& doc, const StageMap& stages,
                                              std::size_t index, const RunScript& run,
                                              const std::vector<AddPlan>& plans,
                                              const ShellCommand& add) {
    const ShellAndOr* chain = nullptr;
    std::size_t k = 0;
    for (const ShellListItem& item : run.shell.list.items)
      for (std::size_t p = 0; p < item.and_or.pipelines.size(); ++p)
        if (only_command(item.and_or.pipelines[p]) == &add) {
          chain = &item.and_or;
          k = p;
        }
    if (!chain || k == 0 || chain->connectors[k - 1] != ShellConnector::And) return std::nullopt;
    if (k >= 2 && chain->connectors[k - 2] != ShellConnector::And) return std::nullopt;
    // Exactly `apk update`: options or stray words make it someone's deliberate choice.
    const ShellCommand* update = only_command(chain->pipelines[k - 1]);
    if (!update || !update->assignments.empty() || !update->redirects.empty() ||
        update->words.size() != 2 || update->words[0].text != "apk" ||
        update->words[1].text != "update")
      return std::nullopt;
    Span span{chain->pipelines[k - 1].span.begin, chain->pipelines[k].span.begin};
    if (doc.text(run.to_source(span)).find('#') != std::string_view::npos) return std::nullopt;

    // Later apk commands of this RUN, wherever they run, must not read the index.
    bool after = false;
    for (const ProgramCall& call : program_calls(run.shell).calls()) {
      if (call.command == update) after = true;
      if (!after || call.command == update) continue;
      if (call.program.empty()) return std::nullopt;  // a computed name may be apk
      std::optional<PackageCommand> later = apk_command(call);
      if (later && later->action != "update" &&
          !index_free_after_fixes(*call.command, *later, plans))
        return std::nullopt;
      if (!later && call.program.ends_with("apk")) return std::nullopt;
    }
    if (!later_instructions_leave_index_alone(doc, stages, index)) return std::nullopt;
    return span;
  }

  static bool in_stage_or_descendant(const StageMap& stages, std::size_t stage,
                                     std::optional<std::size_t> candidate) {
    while (candidate) {
      if (*candidate == stage) return true;
      candidate = stages.stages()[*candidate].parent;
    }
    return false;
  }

  // Every instruction after `index` in its stage and in stages built on it either does not
  // mention apk or runs only apk commands that do not need a stored index.
  static bool later_instructions_leave_index_alone(const Document& doc, const StageMap& stages,
                                                   std::size_t index) {
    std::optional<std::size_t> stage = stages.facts(index).stage;
    if (!stage) return false;
    const auto& instructions = stages.instructions();
    for (std::size_t j = index + 1; j < instructions.size(); ++j) {
      if (!in_stage_or_descendant(stages, *stage, stages.facts(j).stage)) continue;
      const Node& node = *instructions[j];
      bool mentions_apk = doc.text(node.span).find("apk") != std::string_view::npos;
      std::optional<RunScript> later = parse_run_script(*node.instruction);
      if (!later || !later->shell.parsed) {
        if (mentions_apk) return false;
        continue;
      }
      // A program dfopt cannot name (`$APK add`) may read the index.
      const ProgramCalls& calls = program_calls(later->shell);
      if (!calls.complete()) return false;
      if (!mentions_apk) continue;
      for (const ProgramCall& call : calls.calls()) {
        std::optional<PackageCommand> pc = apk_command(call);
        if (pc && pc->action != "update" && !leaves_index_alone(*pc)) return false;
        if (!pc && call.program.ends_with("apk")) return false;
      }
    }
    return true;
  }

  // The document span of " && rm -rf /var/cache/apk/*" ending the RUN, when it has nothing left
  // to remove once this round's fixes are in (see the doc for "trivially").
  static std::optional<Span> removable_cache_rm(const Document& doc,
                                                const StageChainSearch& mentions_apk,
                                                std::size_t index, const RunScript& run,
                                                const std::vector<AddPlan>& plans) {
    if (!is_and_chain(run.shell)) return std::nullopt;
    const ShellAndOr& chain = run.shell.list.items.front().and_or;
    if (chain.pipelines.size() < 2) return std::nullopt;
    const ShellCommand* rm = only_command(chain.pipelines.back());
    if (!rm || rm->name() != "rm" || !rm->assignments.empty() || !rm->redirects.empty())
      return std::nullopt;
    if (rm->words.size() != 3 || rm->words[1].text != "-rf" ||
        rm->words[2].text != "/var/cache/apk/*")
      return std::nullopt;
    const ProgramCalls& calls = program_calls(run.shell);
    if (!calls.complete()) return std::nullopt;
    for (const ProgramCall& call : calls.calls()) {
      if (call.command == rm) continue;
      bool removed = false;
      for (const AddPlan& plan : plans)
        if (!call.nested && plan.update && plan.update->begin <= call.command->span.begin &&
            call.command->span.end <= plan.update->end)
          removed = true;
      if (removed) continue;
      std::optional<PackageCommand> pc = apk_command(call);
      if (!pc || !index_free_after_fixes(*call.command, *pc, plans)) return std::nullopt;
    }
    // No instruction before it, in its stage or a stage it builds on, mentions apk.
    if (mentions_apk.any_before(index)) return std::nullopt;
    // From just after the previous command's last byte, so a continuation there goes too.
    const ShellPipeline& previous = chain.pipelines[chain.pipelines.size() - 2];
    Span span{run.to_source(Span{previous.span.end - 1, previous.span.end}).end,
              run.to_source(chain.pipelines.back().span).end};
    if (doc.text(span).find('#') != std::string_view::npos) return std::nullopt;
    return span;
  }
};

}  // namespace

std::unique_ptr<Rule> make_apk_no_cache() { return std::make_unique<ApkNoCache>(); }

}  // namespace dfopt
