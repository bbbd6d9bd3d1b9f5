// DF103 cd-to-workdir: `RUN [mkdir -p X &&] cd X && rest` becomes `WORKDIR X` + `RUN rest`,
// restoring the previous WORKDIR afterwards when a later instruction depends on it.
#include "analysis/copy_paths.h"
#include "analysis/program_calls.h"
#include "analysis/run_mounts.h"
#include "analysis/stages.h"
#include "rewrite/file_style.h"
#include "rewrite/keyword_case.h"
#include "shell/run_script.h"
#include "shell/shell_queries.h"
#include "syntax/json_array.h"
#include "transforms/registry.h"

namespace dfopt {
namespace {

constexpr std::string_view kDoc = R"md(## What it does
Turns a `RUN` that starts by changing into a directory (`cd X && ...`, or
`mkdir -p X && cd X && ...`) into `WORKDIR X` followed by the rest of the `RUN`.

## Why is this bad?
`cd` inside a `RUN` lasts only for that `RUN`, which readers easily forget: the next `RUN`
starts in the old directory again. `WORKDIR` states the directory once, creates it when it is
missing and is visible to every later instruction. hadolint (DL3003) and Docker's guide
recommend it.

## Example
```dockerfile
WORKDIR /app
RUN mkdir -p /tmp/build && cd /tmp/build && cmake /src && make install
COPY config.yml .
```

## Use instead
```dockerfile
WORKDIR /app
WORKDIR /tmp/build
RUN cmake /src && make install
WORKDIR /app
COPY config.yml .
```

## Fix safety
Safe where the rewrite keeps the build's meaning, unsafe where the previous directory cannot be
restored (below).
- `X` is a literal path (no variables, `~`, globs or `-`), `cd` takes no options, and the `RUN`
  is one `&&` chain, so nothing of it ran outside `X` or after a failed `cd`;
  `mkdir` must be `mkdir -p X` with the same `X`.
- The rest of the script does not read `$OLDPWD` or run `cd -` (the shell would not know the
  old directory any more).
- `WORKDIR` changes the directory for every later instruction, `cd` did not. When a later
  instruction of the stage depends on the working directory (`RUN`, `COPY`/`ADD` to a relative
  destination, `CMD`, `ENTRYPOINT`, `HEALTHCHECK`, `ONBUILD`, a relative `WORKDIR`, or the end of
  the stage, whose `WORKDIR` is part of the image) before an absolute `WORKDIR` resets it, the
  previous directory is restored with a second `WORKDIR`. That needs the previous directory to
  be known from the Dockerfile (an earlier `WORKDIR` of the stage or of a stage it builds on,
  an `ONBUILD WORKDIR` of that stage, or `FROM scratch`). The base image's is not: then the fix
  is unsafe, and with `--unsafe-fixes` it writes `WORKDIR X` with nothing after it, so every
  later instruction of the stage, and the image, run in `X`; the `cd`s of later RUNs are then
  judged from `X` (a relative `cd d2` becomes `WORKDIR d2`, which is `X/d2`, as the rewritten
  build would enter it), all in one run.
- A `cd` into the directory the working directory already is (`WORKDIR /app` then
  `RUN cd /app && make`) is removed, safely.
- `--mount` flags: a relative mount target is resolved against the working directory, which the
  fix would change, and a `cd` into a mount target (or below it) enters a directory that exists
  only while the `RUN` runs, where `WORKDIR` would leave one in the image: both are reported
  without a fix.
- Shell-form `RUN` under a POSIX shell only; comments inside the removed `cd` part, heredocs and
  `ONBUILD RUN` are left alone.
Two behaviours differ only where the original build failed: `cd` into a missing directory
fails, `WORKDIR` creates it. A directory `WORKDIR` creates belongs to the current `USER`, as one
made by `mkdir -p` in a `RUN` does.
)md";

const RuleInfo kInfo{
    .id = "DF103",
    .name = "cd-to-workdir",
    .summary = "Use WORKDIR instead of cd at the start of a RUN",
    .doc = kDoc,
    .fix = FixAvailability::Sometimes,
    .fix_safeties = {.safe = true, .unsafe = true},
    .references = {"DL3003"},
    .phase = RuleInfo::Phase::Restructure,
};

bool is_plain_directory(const ShellWord& word) {
  return word.literal && !word.value.empty() && word.value != "-" && !word.value.starts_with("-");
}

// The directory of `cd X` (a single command, no options); nullopt otherwise.
std::optional<std::string> cd_target(const ShellPipeline& pipeline) {
  if (pipeline.negated || pipeline.commands.size() != 1) return std::nullopt;
  const ShellCommand& cmd = pipeline.commands.front();
  if (cmd.name() != "cd" || cmd.words.size() != 2 || !cmd.assignments.empty() ||
      !cmd.redirects.empty() || !is_plain_directory(cmd.words[1]))
    return std::nullopt;
  return cmd.words[1].value;
}

bool is_mkdir_p(const ShellPipeline& pipeline, std::string_view directory) {
  if (pipeline.negated || pipeline.commands.size() != 1) return false;
  const ShellCommand& cmd = pipeline.commands.front();
  if (cmd.name() != "mkdir" || !cmd.assignments.empty() || !cmd.redirects.empty()) return false;
  const auto& w = cmd.words;
  return (w.size() == 3 && w[1].value == "-p" && w[2].literal && w[2].value == directory) ||
         (w.size() == 4 && w[1].value == "-p" && w[2].value == "--" && w[3].literal &&
          w[3].value == directory);
}

// `cd -` or $OLDPWD anywhere, inner scripts included; a script whose programs are not all
// known may do it too.
bool uses_old_directory(const ShellScript& script) {
  if (script.text.find("OLDPWD") != std::string::npos) return true;
  const ProgramCalls& calls = program_calls(script);
  for (const ProgramCall& call : calls.calls())
    if (call.program == "cd" && call.argument(0) && call.argument(0)->value == "-") return true;
  return !calls.complete();
}

bool is_absolute_literal(std::string_view path) {
  return path.starts_with("/") && path.find('$') == std::string_view::npos;
}

// The directory `cd X` would enter, resolved against the known working directory.
std::optional<std::string> resolve(std::string_view directory, const std::optional<std::string>& cwd) {
  std::string path(directory);
  if (!path.starts_with("/")) {
    if (!cwd) return std::nullopt;
    path = (*cwd == "/" ? "" : *cwd) + "/" + path;
  }
  while (path.size() > 1 && path.back() == '/') path.pop_back();
  return path;
}

// The leading `cd X` (or `mkdir -p X && cd X`) of a RUN that is one && chain: the pipeline
// index of the cd and X.
struct LeadingCd {
  std::size_t index;
  std::string directory;
};

std::optional<LeadingCd> leading_cd(const ShellScript& script) {
  if (!is_and_chain(script) || trailing_comment(script)) return std::nullopt;
  const auto& pipelines = script.list.items.front().and_or.pipelines;
  if (auto directory = cd_target(pipelines[0])) return LeadingCd{0, *directory};
  if (pipelines.size() > 1)
    if (auto directory = cd_target(pipelines[1]); directory && is_mkdir_p(pipelines[0], *directory))
      return LeadingCd{1, *directory};
  return std::nullopt;
}

// A RUN that first enters an absolute directory does not care where it starts.
bool starts_with_absolute_cd(const Instruction& ins) {
  std::optional<RunScript> run = parse_run_script(ins);
  if (!run) return false;
  auto cd = leading_cd(run->shell);
  return cd && cd->directory.starts_with("/");
}

// Whether an instruction after the RUN, before an absolute WORKDIR, depends on the working
// directory - including the end of the stage, whose WORKDIR is part of the image.
bool later_instruction_depends_on_workdir(const StageMap& stages, std::size_t index) {
  const auto& instructions = stages.instructions();
  for (std::size_t j = index + 1; j < instructions.size(); ++j) {
    const Instruction& ins = *instructions[j]->instruction;
    switch (ins.keyword) {
      case Keyword::From: return true;
      case Keyword::Workdir:
        return ins.arguments.empty() || !is_absolute_literal(ins.arguments.front());
      case Keyword::Copy:
      case Keyword::Add:
        if (ins.arguments.empty() || !is_absolute_literal(ins.arguments.back())) return true;
        break;
      case Keyword::Volume:
        for (const std::string& v : ins.arguments)
          if (!is_absolute_literal(v)) return true;
        break;
      case Keyword::Run:
        if (starts_with_absolute_cd(ins)) break;
        return true;
      case Keyword::Cmd:
      case Keyword::Entrypoint:
      case Keyword::Healthcheck:
      case Keyword::Onbuild:
      case Keyword::Unknown: return true;
      default: break;
    }
  }
  return true;  // the end of the stage
}

// Why `WORKDIR X` cannot stand in for this RUN's `cd X` because of its `--mount` flags: a
// relative mount target is resolved against the working directory WORKDIR would change, and a
// mount point exists only while the RUN runs, while WORKDIR leaves its directory in the image.
std::optional<std::string> mount_blocker(const Instruction& run,
                                         const std::optional<std::string>& directory) {
  for (const RunMount& mount : run_mounts(run)) {
    if (mount.target.empty()) continue;  // secrets and ssh agents mount under /run
    if (!mount.target.starts_with("/"))
      return "the --mount target '" + std::string(mount.target) +
             "' is relative to the working directory WORKDIR would change";
    if (!directory) return "the RUN has --mount flags and the directory is not known";
    std::string target = clean_path(mount.target);
    if (is_ancestor_or_self(target, *directory))
      return "cd enters the --mount target " + target + ", which exists only while the RUN runs";
  }
  return std::nullopt;
}

bool span_has_comment_line(const Node& node, Span span) {
  for (const Token& token : node.tokens)
    if (token.kind == TokenKind::CommentLine && token.span.begin >= span.begin &&
        token.span.end <= span.end)
      return true;
  return false;
}

class CdToWorkdir final : public Rule {
 public:
  const RuleInfo& info() const override { return kInfo; }

  void check(const Document& doc, const RuleContext& context, std::vector<Finding>& findings) const override {
    const StageMap& stages = StageMap::of(doc);
    const FileStyle& style = file_style(doc);
    const auto& instructions = stages.instructions();
    // A fix that leaves the new WORKDIR in place changes what every later RUN of the stage is
    // judged against, up to an absolute WORKDIR. With chained fixes the rest of the stage is judged as that fix leaves it
    // (each later fix marked as holding only after it); otherwise it waits for the next round.
    struct Chain {
      std::size_t stage;
      std::size_t premise;                  // offset of the fix the rest is judged after
      std::optional<std::string> workdir;   // the working directory that fix leaves
    };
    std::optional<Chain> chain;
    // Up to the next absolute WORKDIR, after which nothing depends on the fix any more.
    auto skip_rest_of_stage = [&](std::size_t& i, std::size_t stage) {
      while (i + 1 < instructions.size() && stages.facts(i + 1).stage.value_or(0) == stage) {
        const Instruction& next = *instructions[i + 1]->instruction;
        if (next.keyword == Keyword::Workdir && !next.arguments.empty() &&
            is_absolute_literal(next.arguments.front()))
          break;
        ++i;
      }
      chain.reset();
    };
    for (std::size_t i = 0; i < instructions.size(); ++i) {
      const Node& node = *instructions[i];
      std::size_t stage = stages.facts(i).stage.value_or(0);
      if (chain && chain->stage != stage) chain.reset();
      if (chain && node.instruction->keyword == Keyword::Workdir) {
        // An absolute WORKDIR ends what the chain's premise decides; a relative one builds on it.
        const auto& args = node.instruction->arguments;
        if (!args.empty() && is_absolute_literal(args.front())) chain.reset();
        else if (args.empty() || args.front().find('$') != std::string::npos) chain->workdir.reset();
        else chain->workdir = resolve(args.front(), chain->workdir);
        continue;
      }
      if (node.instruction->keyword != Keyword::Run || !stages.facts(i).posix_shell) continue;
      std::optional<RunScript> run = parse_run_script(*node.instruction);
      if (!run) continue;
      auto cd = leading_cd(run->shell);
      if (!cd) continue;
      const std::optional<std::string> current = chain ? chain->workdir : stages.facts(i).workdir;
      const std::size_t before = findings.size();
      Outcome outcome = check_run(doc, stages, style, i, current, *run, *cd, findings);
      if (findings.size() == before) continue;
      Finding& finding = findings.back();
      if (chain) {
        if (!finding.fix) {  // a report is made on the text as it stands, next round
          findings.pop_back();
          skip_rest_of_stage(i, stage);
          continue;
        }
        finding.fix->after_fix_at = chain->premise;
      }
      if (outcome != Outcome::WorkdirChanged) continue;
      bool applies = finding.fix && (finding.fix->safety == FixSafety::Safe ||
                                     (finding.fix->safety == FixSafety::Unsafe && context.unsafe_fixes_apply));
      if (context.chained_fixes && applies)
        chain = Chain{stage, finding.offset, resolve(cd->directory, current)};
      else
        skip_rest_of_stage(i, stage);
    }
  }

 private:
  enum class Outcome { Unchanged, WorkdirChanged };

  // `current` is the working directory the RUN starts in, when known.
  static Outcome check_run(const Document& doc, const StageMap& stages, const FileStyle& style,
                           std::size_t index, const std::optional<std::string>& current,
                           const RunScript& run, const LeadingCd& leading,
                           std::vector<Finding>& findings) {
    const auto& pipelines = run.shell.list.items.front().and_or.pipelines;
    const std::size_t cd_at = leading.index;
    const std::string& directory = leading.directory;
    if (cd_at + 1 >= pipelines.size()) return Outcome::Unchanged;  // a lone cd: nothing to keep
    if (uses_old_directory(run.shell)) return Outcome::Unchanged;
    const Node& node = *stages.instructions()[index];
    const Instruction& ins = *node.instruction;
    const ShellCommand& cd = pipelines[cd_at].commands.front();
    Finding finding{std::string(kInfo.id), run.to_source(cd.span).begin,
                    "use WORKDIR " + directory + " instead of cd", std::nullopt};

    Span removed{run.to_source(pipelines.front().span).begin,
                 run.to_source(pipelines[cd_at + 1].span).begin};
    // What is left must still read as a shell-form script: a leading "--" would be taken for a
    // RUN flag, a leading JSON array for exec form.
    std::string_view rest = std::string_view(run.shell.text).substr(pipelines[cd_at + 1].span.begin);
    if (rest.starts_with("--") || (rest.starts_with("[") &&
                                   parse_json_array(rest).status != JsonArray::Status::NotJson))
      return Outcome::Unchanged;
    if (span_has_comment_line(node, removed)) {
      findings.push_back(std::move(finding));
      return Outcome::Unchanged;
    }
    if (auto blocker = mount_blocker(ins, resolve(directory, current))) {
      finding.message += "; not fixed: " + *blocker;
      findings.push_back(std::move(finding));
      return Outcome::Unchanged;
    }
    if (current && resolve(directory, current) == current) {
      // Already there: the cd (and its mkdir -p) do nothing.
      finding.message = "cd " + directory + " is redundant: the working directory is already " + *current;
      finding.fix = Fix{FixSafety::Safe, {{removed, ""}}};
      findings.push_back(std::move(finding));
      return Outcome::Unchanged;
    }
    FixSafety safety = FixSafety::Safe;
    std::optional<std::string> restore;
    if (later_instruction_depends_on_workdir(stages, index)) {
      restore = current;
      if (!restore) {
        safety = FixSafety::Unsafe;
        finding.message += " (unsafe: later instructions and the image would see the new working "
                           "directory; the previous one is the base image's, unknown here)";
      }
    }

    std::string newline = node_newline(doc, node, style.newline);
    std::string indent(doc.text({node.span.begin, ins.keyword_span.begin}));
    std::string workdir = spell_like("WORKDIR", ins.keyword_text);
    Fix fix{safety, {}};
    fix.edits.push_back({{node.span.begin, node.span.begin}, indent + workdir + " " + directory + newline});
    fix.edits.push_back({removed, ""});
    if (restore) {
      std::string after = workdir + " " + *restore + newline;
      if (!doc.text(node.span).ends_with('\n')) after = newline + workdir + " " + *restore;
      fix.edits.push_back({{node.span.end, node.span.end}, indent + after});
    }
    finding.fix = std::move(fix);
    findings.push_back(std::move(finding));
    return restore ? Outcome::Unchanged : Outcome::WorkdirChanged;
  }
};

}  // namespace

std::unique_ptr<Rule> make_cd_to_workdir() { return std::make_unique<CdToWorkdir>(); }

}  // namespace dfopt
