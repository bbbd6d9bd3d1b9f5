// DF114 pip-no-cache-dir: `pip install` gets `--no-cache-dir`, so pip's download and wheel
// cache does not end up in the layer.
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
Adds `--no-cache-dir` to `pip install` (also `pip3`, `pip3.12`, `python -m pip`) in a `RUN`.

## Why is this bad?
pip keeps every downloaded archive and every wheel it builds in its cache (`~/.cache/pip`,
usually `/root/.cache/pip`). Nothing in the image ever reads that cache again, but it stays in
the layer and often weighs as much as the installed packages themselves.

## Example
```dockerfile
RUN pip install -r requirements.txt
```

## Use instead
```dockerfile
RUN pip install --no-cache-dir -r requirements.txt
```

## Fix safety
Safe: the cache only speeds up later installs in the same container, and a build starts each
`RUN` from the previous layer, not from a warm cache. The option is inserted right after
`install`. pip older than 6.0 (2014) has no cache and does not know the option: a command
with `--use-mirrors`, an option only pip before 7.0 knows, is therefore reported without a fix.
Nothing is reported when:
- the command already has `--no-cache-dir` (or an unambiguous abbreviation such as `--no-cache`);
- `PIP_NO_CACHE_DIR` is set by an `ENV` or `ARG` of the stage (or of a stage it builds on), or
  appears anywhere in the `RUN`'s script (`PIP_NO_CACHE_DIR=1 pip install ...`, `export ...`);
- the `RUN` mounts a build cache (`--mount=type=cache`) over pip's cache folder (a target
  ending in `/.cache`, or naming `pip`, or computed from a variable): the cache is wanted there;
- `pip install` has nothing to install (`pip install --help`);
- the `RUN` is exec form, has a heredoc, or is an `ONBUILD` trigger; the stage runs no POSIX
  shell (`SHELL ["powershell", ...]`, Windows base image); or the script cannot be parsed.
)md";

const RuleInfo kInfo{
    .id = "DF114",
    .name = "pip-no-cache-dir",
    .summary = "Pass --no-cache-dir to pip install",
    .doc = kDoc,
    .fix = FixAvailability::Sometimes,
    .fix_safeties = {.safe = true},
    .references = {"DL3042"},
};

constexpr std::string_view kVariable = "PIP_NO_CACHE_DIR";


bool mounts_pip_cache(const Instruction& run) {
  for (std::string_view target : cache_mount_targets(run)) {
    while (target.size() > 1 && target.back() == '/') target.remove_suffix(1);
    if (target.ends_with("/.cache") || target.find("pip") != std::string_view::npos ||
        target.find('$') != std::string_view::npos)
      return true;
  }
  return false;
}

// True when an ENV or ARG instruction declares `name`.
bool declares_variable(const Instruction& ins, std::string_view name) {
  if (ins.keyword == Keyword::Env) {
    for (std::size_t k = 0; k < ins.arguments.size(); k += 3)
      if (ins.arguments[k] == name) return true;
  } else if (ins.keyword == Keyword::Arg) {
    for (const std::string& arg : ins.arguments)
      if (std::string_view(arg).substr(0, arg.find('=')) == name) return true;
  }
  return false;
}

// pip accepts any unambiguous abbreviation of a long option: "--no-cache" is "--no-cache-dir".
bool has_no_cache_dir(const ShellCommand& command, std::size_t name_index) {
  constexpr std::string_view kOption = "--no-cache-dir";
  for (std::size_t i = name_index + 1; i < command.words.size(); ++i) {
    std::string_view word = command.words[i].value;
    word = word.substr(0, word.find('='));
    if (word.size() >= 7 && kOption.starts_with(word)) return true;
  }
  return false;
}

class PipNoCacheDir final : public Rule {
 public:
  const RuleInfo& info() const override { return kInfo; }

  void check(const Document& doc, const RuleContext&, std::vector<Finding>& findings) const override {
    std::optional<StageChainSearch> declared;  // built on the first RUN that needs it
    for (const PosixRun& posix_run : posix_runs(doc)) {
      const Instruction& ins = *posix_run.script.run;
      if (mounts_pip_cache(ins)) continue;
      const RunScript* run = &posix_run.script;
      if (run->shell.text.find(kVariable) != std::string::npos) continue;
      if (!declared)
        declared.emplace(StageMap::of(doc), [](const Node& node) {
          return declares_variable(*node.instruction, kVariable);
        });
      if (declared->any_before(posix_run.index)) continue;
      for (const PackageCall& call : package_calls(run->shell)) {
        const PackageCommand* pc = &call.package;
        const ShellCommand* command = pc->command;
        if (pc->manager != PackageManager::Pip || pc->action != "install") continue;
        if (has_no_cache_dir(*command, pc->name_index) || pc->operands().empty()) continue;
        Finding finding{std::string(kInfo.id),
                        call.editable() ? run->to_source(command->span).begin : run->to_source(0),
                        "pip install without --no-cache-dir keeps pip's cache in the layer",
                        std::nullopt};
        if (!call.editable()) {
          finding.message += " (not added: the install runs inside an inner shell script)";
        } else if (pc->has_option("--use-mirrors")) {
          finding.message += " (not added: --use-mirrors means a pip older than 7.0, which may "
                             "not know --no-cache-dir)";
        } else {
          const ShellWord& action = command->words[pc->action_index];
          finding.fix =
              Fix{FixSafety::Safe, {insert_after_word(*run, action, "--no-cache-dir")}};
        }
        findings.push_back(std::move(finding));
      }
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_pip_no_cache_dir() { return std::make_unique<PipNoCacheDir>(); }

}  // namespace dfopt
