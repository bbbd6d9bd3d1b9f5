// DF119 no-sudo: `sudo` in a RUN; removed where the stage already runs as root.
#include "analysis/posix_runs.h"
#include "analysis/stages.h"
#include "shell/run_script.h"
#include "shell/shell_queries.h"
#include "syntax/text.h"
#include "transforms/registry.h"

namespace dfopt {
namespace {

constexpr std::string_view kDoc = R"md(## What it does
Finds `sudo` in `RUN` commands. Where the stage is known to run as root, a plain `sudo cmd ...`
becomes `cmd ...`.

## Why is this bad?
A build step runs as the stage's `USER`; `sudo` adds nothing when that is root, and for another
user it hides a privilege switch inside a script. It also behaves differently from running the
command directly: it resets the environment (`env_reset` drops the variables set by `ENV`,
`secure_path` replaces `PATH`), may ask for a password or a terminal, and has to be installed
at all. Switch users with `USER root` ... `USER app` around the steps that need root instead
(or use `gosu`/`su-exec` in an entrypoint).

## Example
```dockerfile
USER root
RUN sudo apt-get update && sudo apt-get install -y curl
```

## Use instead
```dockerfile
USER root
RUN apt-get update && apt-get install -y curl
```

## Fix safety
Unsafe, applied only with `--unsafe-fixes`: without `sudo` the command sees the full
environment of the build (the `ENV` variables and `PATH` that `sudo` would have reset), which can
change what it does; and where `sudo` was missing or refused, the build now succeeds where it
failed before. The fix is offered only when the stage's user is known to be root: the last
`USER` of the stage (or of the stage it builds on) is `root` or `0` (with any group), or the
stage starts `FROM scratch`. Without a `USER` instruction the user is the base image's, which
dfopt cannot know, so the finding is reported only; for a known non-root user too (there `sudo`
really switches users: use `USER root` for that step instead). Only a plain `sudo cmd ...` is
fixed: with options (`-u`, `-E`, `-H`, `-i`, `-s`, `--`, ...), without a command, or with a line
break right after `sudo` it is reported only. Not checked: exec-form `RUN`s, `RUN`s with
heredocs, `ONBUILD` triggers, stages without a POSIX shell, and scripts that cannot be parsed.
)md";

const RuleInfo kInfo{
    .id = "DF119",
    .name = "no-sudo",
    .summary = "Do not use sudo in RUN",
    .doc = kDoc,
    .fix = FixAvailability::Sometimes,
    .fix_safeties = {.unsafe = true},
    .references = {"DL3004"},
};

bool is_sudo(const ShellCommand& command) {
  std::string_view name = command.name();
  std::size_t slash = name.rfind('/');
  if (slash != std::string_view::npos) name = name.substr(slash + 1);
  return name == "sudo";
}

class NoSudo final : public Rule {
 public:
  const RuleInfo& info() const override { return kInfo; }

  void check(const Document& doc, const RuleContext&, std::vector<Finding>& findings) const override {
    const StageMap& stages = StageMap::of(doc);
    for (const PosixRun& posix_run : posix_runs(doc)) {
      const std::size_t i = posix_run.index;
      const RunScript* run = &posix_run.script;
      const std::optional<std::string>& user = stages.facts(i).user;
      for (const ShellCommand* command : simple_commands(run->shell.list))
        if (is_sudo(*command)) findings.push_back(check_sudo(doc, *run, *command, user));
    }
  }

 private:
  static Finding check_sudo(const Document& doc, const RunScript& run, const ShellCommand& sudo,
                            const std::optional<std::string>& user) {
    Finding finding{std::string(kInfo.id), run.to_source(sudo.span).begin, "", std::nullopt};
    if (!user) {
      finding.message = "sudo in RUN: the stage's user comes from the base image; use USER root "
                        "for steps that need root instead";
      return finding;
    }
    if (!is_root_user(*user)) {
      finding.message = "sudo in RUN while USER is " + *user +
                        ": switch to USER root for this step instead";
      return finding;
    }
    finding.message = "sudo is not needed: the stage already runs as root";
    const ShellWord* next = sudo.argument(0);
    if (!next || next->value.starts_with("-") || next->text.starts_with("-")) {
      finding.message += " (not removed: sudo has options or no command)";
      return finding;
    }
    Span span{run.to_source(sudo.words.front().span).begin, run.to_source(next->span).begin};
    Span gap{run.to_source(sudo.words.front().span).end, span.end};
    for (char c : doc.text(gap))
      if (!is_blank(c)) {
        finding.message += " (not removed: a line break follows sudo)";
        return finding;
      }
    finding.fix = Fix{FixSafety::Unsafe, {{span, ""}}};
    return finding;
  }
};

}  // namespace

std::unique_ptr<Rule> make_no_sudo() { return std::make_unique<NoSudo>(); }

}  // namespace dfopt
