// DF102 consecutive-run: adjacent RUN instructions of one paragraph become one RUN (one layer).
#include "analysis/stages.h"
#include "rewrite/run_merge.h"
#include "transforms/registry.h"

namespace dfopt {
namespace {

constexpr std::string_view kDoc = R"md(## What it does
Merges consecutive `RUN` instructions into one `RUN` whose commands are joined with `&&`.
By default only the `RUN`s of one *paragraph* are merged: instructions with nothing but comment
lines between them. A blank line, or any other instruction, ends the group.

## Why is this bad?
Every `RUN` adds a layer. Files a later `RUN` deletes still weigh in the earlier layer, and many
small layers make pulls and builds slower. Merging everything into one giant `RUN` is not the
answer either: then any change re-runs all of it. The paragraphs the author already wrote are
the cache units dfopt keeps; within one, the commands belong together.

## Example
```dockerfile
RUN groupadd -r app
# the service account
RUN useradd -r -g app app

RUN mkdir -p /srv/data
```

## Use instead
```dockerfile
RUN groupadd -r app && \
    # the service account
    useradd -r -g app app

RUN mkdir -p /srv/data
```

## Fix safety
Safe. Two `RUN`s become `first && second`, which fails exactly when one of them would have
failed. A `RUN` is merged into the one before it only when: both are shell form without
heredocs and with the same flags (`--mount`, `--network`, `--security`); the stage runs a POSIX
shell (no `SHELL ["powershell", ...]`, no Windows base image); the earlier script changes no
shell state the later one would inherit (`cd`, `pushd`, `export`, `unset`, variable assignments,
`set`, `umask`, `ulimit`, `alias`, `source`, `eval`, `trap`, functions), cannot end the shell
early (`exit`, `exec`, `return`), starts no background job and does not end with a shell comment;
and the later script is a plain `&&` chain (a `;`, `||` or `&` at its top level would regroup).
Scripts the shell parser cannot follow are never merged. Comment lines between the `RUN`s are
kept as comment lines inside the merged instruction.

## Options
`consecutive-run.policy` (command line: `--run-merge`):
- `paragraph` (default): merge within a paragraph; a blank line keeps `RUN`s apart.
- `adjacent`: also merge across blank lines (the blank lines are dropped); only another
  instruction keeps `RUN`s apart.
)md";

const RuleInfo kInfo{
    .id = "DF102",
    .name = "consecutive-run",
    .summary = "Merge consecutive RUN instructions of a paragraph into one layer",
    .doc = kDoc,
    .fix = FixAvailability::Always,
    .fix_safeties = {.safe = true},
    .references = {"DL3059"},
    .phase = RuleInfo::Phase::Restructure,
};

struct Group {
  std::vector<const Node*> runs;
  std::vector<RunScript> scripts;
};

class ConsecutiveRun final : public Rule {
 public:
  const RuleInfo& info() const override { return kInfo; }

  void check(const Document& doc, const RuleContext& context,
             std::vector<Finding>& findings) const override {
    bool across_blank_lines = context.option("consecutive-run.policy", "paragraph") == "adjacent";
    const StageMap& stages = StageMap::of(doc);
    const FileStyle& style = file_style(doc);
    Group group;
    std::size_t instruction_index = 0;
    for (const Node& node : doc.nodes) {
      if (node.kind == NodeKind::Comment) continue;
      if (node.kind == NodeKind::BlankLine && across_blank_lines) continue;
      if (node.kind != NodeKind::Instruction) {
        flush(doc, style, group, findings);
        continue;
      }
      std::size_t index = instruction_index++;
      const Instruction& ins = *node.instruction;
      std::optional<RunScript> script = stages.facts(index).posix_shell
                                            ? parse_run_script(ins)
                                            : std::nullopt;
      if (!script) {
        flush(doc, style, group, findings);
        continue;
      }
      if (!group.scripts.empty() &&
          run_merge_blocker(group.scripts.back(), script, stages.facts(index).shell))
        flush(doc, style, group, findings);
      group.runs.push_back(&node);
      group.scripts.push_back(std::move(*script));
    }
    flush(doc, style, group, findings);
  }

 private:
  static void flush(const Document& doc, const FileStyle& style, Group& group,
                    std::vector<Finding>& findings) {
    if (group.runs.size() >= 2) {
      std::vector<const RunScript*> runs;
      for (const RunScript& s : group.scripts) runs.push_back(&s);
      auto edit = merge_runs_edit(doc, nodes_from_to(doc, group.runs.front(), group.runs.back()),
                                  runs, style);
      Finding finding{std::string(kInfo.id), group.scripts.front().run->keyword_span.begin,
                      std::to_string(group.runs.size()) +
                          " consecutive RUN instructions can be one layer",
                      std::nullopt};
      if (edit) findings.push_back({std::move(finding.rule_id), finding.offset,
                                    std::move(finding.message), Fix{FixSafety::Safe, {*edit}}});
    }
    group = Group{};
  }
};

}  // namespace

std::unique_ptr<Rule> make_consecutive_run() { return std::make_unique<ConsecutiveRun>(); }

}  // namespace dfopt
