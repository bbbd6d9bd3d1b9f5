// DF201 exec-form: CMD, ENTRYPOINT and HEALTHCHECK CMD in shell form become JSON exec form when
// every word is literal; a single command that needs the shell only for expansion gets `exec`.
#include <array>
#include <filesystem>
#include <fstream>

#include "analysis/base_images.h"
#include "analysis/context_origin.h"
#include "analysis/copy_paths.h"
#include "analysis/stages.h"
#include "context/path_probe.h"
#include "rewrite/instruction_edits.h"
#include "shell/shell_parser.h"
#include "shell/shell_queries.h"
#include "syntax/json_array.h"
#include "syntax/text.h"
#include "transforms/registry.h"

namespace dfopt {
namespace {

constexpr std::string_view kDoc = R"md(## What it does
Rewrites `CMD`, `ENTRYPOINT` and `HEALTHCHECK CMD` from shell form to JSON exec form when the
command is one simple command whose words are all literal. When the command needs the shell only
to expand variables (`java $JAVA_OPTS -jar app.jar`), it stays in shell form and gets an `exec`
prefix instead.

## Why is this bad?
Shell form runs the command as a child of `/bin/sh -c`. The shell becomes PID 1, and `docker
stop`'s SIGTERM goes to the shell, which does not pass it on: the application is killed after
the grace period instead of shutting down cleanly. Exec form (or `exec` in shell form) makes the
application PID 1, so it receives signals. BuildKit warns about this (JSONArgsRecommended), and
so does hadolint (DL3025).

## Example
```dockerfile
CMD nginx -g 'daemon off;'
ENTRYPOINT java $JAVA_OPTS -jar /app.jar
```

## Use instead
```dockerfile
CMD ["nginx", "-g", "daemon off;"]
ENTRYPOINT exec java $JAVA_OPTS -jar /app.jar
```

## Fix safety
Exec form is written only when the whole argument is one simple command (no `;`, `&&`, `|`,
redirections, `VAR=value` prefixes, subshells or comments) and every word is literal after quote
removal (no `$`, backquotes, globs, leading `~` or brace expansion); a leading `exec` is dropped.
Commands that exist only as shell builtins or behave differently outside the shell (`cd`,
`export`, `source`, `echo`, `printf`, `test`, `kill`, ...) are left alone. Stages under a
non-POSIX `SHELL` or a Windows base image are skipped.

- `HEALTHCHECK CMD`: safe.
- `CMD`: an exec-form `ENTRYPOINT` receives `CMD` as its arguments, so a shell-form `CMD` reaches
  it as `/bin/sh -c "..."` and an exec-form one as the bare words. The fix is safe when the
  stage's `ENTRYPOINT` is known: set in shell form in this Dockerfile (then `CMD` is ignored), or
  unset on a base image known to have none (`scratch`, `debian`, `ubuntu`, `alpine`, `python`,
  `golang`, ...). Otherwise (for example `FROM node`, whose image has an entrypoint script) it is
  unsafe.
- `ENTRYPOINT`: exec form receives `CMD` and `docker run` arguments, shell form ignores them.
  The fix is safe when the stage has no `CMD` and no later stage builds on it; otherwise it is
  unsafe. Even then, arguments given to `docker run` now reach the program.
- The `exec` prefix is safe: the shell still expands the words, then replaces itself with the
  program.
- A program named by a path (`./start.sh`, `/app/run`) or ending in `.sh` may be a script without
  a `#!` line: `sh -c` runs such a file as a shell script, exec form fails with "exec format
  error". dfopt finds the file in the build context through the `COPY` that put it in the image
  and reads its first bytes: with `#!` (or a binary) the fix keeps its safety, without it there is
  no fix. When the file cannot be found (no build context, a `RUN` made it, a glob copied it, the
  base image has it), a name ending in `.sh` makes the fix unsafe; other names are taken for
  installed programs, which are binaries or start with `#!`.
- Under a `SHELL` that reads startup files (`-l`, `--login`, `-i`), the shell form sees the
  `PATH`, variables and aliases those files set and exec form does not: no exec form is written
  there (an `exec` prefix still is, where it applies).
- `exec` with options (`exec -a NAME prog`, `exec -c prog`) is not `prog`: it stays as it is.
Commands that need the shell for more than expansion (lists, pipes) are reported without a fix:
move them into a script and `exec` the final command.
)md";

const RuleInfo kInfo{
    .id = "DF201",
    .name = "exec-form",
    .summary = "Use JSON exec form (or exec) for CMD, ENTRYPOINT and HEALTHCHECK so signals "
               "reach the process",
    .doc = kDoc,
    .fix = FixAvailability::Sometimes,
    .fix_safeties = {.safe = true, .unsafe = true},
    .references = {"DL3025", "BuildKit: JSONArgsRecommended"},
};

// Builtins, and programs whose standalone binary may behave differently from the builtin.
bool needs_the_shell(std::string_view name) {
  static constexpr std::array<std::string_view, 33> kShellOnly = {
      "cd",      "source", ".",     "export", "set",     "unset", "eval",    "trap",  "exit",
      "return",  "shift",  "wait",  "read",   "ulimit",  "umask", "alias",   "readonly",
      "local",   "type",   "command", "hash", "jobs",    "fg",    "bg",      "getopts",
      "times",   "echo",   "printf", "test",  "[",       "kill",  "pwd",     ":"};
  for (std::string_view builtin : kShellOnly)
    if (name == builtin) return true;
  return false;
}

// The single simple command of a script, if that is all it is.
const ShellCommand* single_command(const ShellScript& script) {
  if (!script.parsed || !script.comments.empty() || script.list.items.size() != 1) return nullptr;
  const ShellListItem& item = script.list.items.front();
  if (item.terminator == ShellTerminator::Ampersand || item.and_or.pipelines.size() != 1)
    return nullptr;
  const ShellPipeline& pipeline = item.and_or.pipelines.front();
  if (pipeline.negated || pipeline.commands.size() != 1) return nullptr;
  const ShellCommand& command = pipeline.commands.front();
  return command.kind == ShellCommandKind::Simple && !command.words.empty() ? &command : nullptr;
}

std::optional<std::string> exec_form_json(const ShellCommand& command) {
  if (!command.assignments.empty() || !command.redirects.empty()) return std::nullopt;
  std::size_t first = command.name() == "exec" ? 1 : 0;
  if (first >= command.words.size()) return std::nullopt;
  // `exec -a NAME prog`, `exec -c prog`: the options change what runs.
  if (first == 1 && command.words[1].value.starts_with("-")) return std::nullopt;
  for (std::size_t i = first; i < command.words.size(); ++i)
    if (!command.words[i].literal) return std::nullopt;
  if (needs_the_shell(command.words[first].value)) return std::nullopt;
  std::string json = "[";
  for (std::size_t i = first; i < command.words.size(); ++i)
    json += (i == first ? "" : ", ") + json_quote(command.words[i].value);
  return json + "]";
}

bool can_take_exec_prefix(const ShellCommand& command) {
  if (!command.assignments.empty() || command.words.front().has_expansion) return false;
  std::string_view name = command.name();
  return name != "exec" && !needs_the_shell(name);
}

struct Command {
  const Instruction* instruction;
  std::size_t offset;  // logical offset of the command text
  ShellScript script;
};

std::optional<Command> shell_form_command(const Instruction& ins) {
  if (ins.form != ArgumentForm::Shell) return std::nullopt;
  std::string_view text = ins.arguments_text();
  if (ins.keyword == Keyword::Healthcheck) {
    if (ins.arguments.size() != 2 || !iequals(ins.arguments[0], "CMD")) return std::nullopt;
    text = trim_left(text.substr(3));
  } else if (ins.keyword != Keyword::Cmd && ins.keyword != Keyword::Entrypoint) {
    return std::nullopt;
  }
  if (text.empty()) return std::nullopt;
  auto offset = static_cast<std::size_t>(text.data() - ins.line.text().data());
  return Command{&ins, offset, parse_shell(text)};
}

enum class ScriptCheck { NotAScript, HasShebang, NoShebang, Unknown };

// Exec form starts the program with execve, which fails on a script without a `#!` line
// ("exec format error"), while `sh -c` runs such a file as a shell script. A program named by a
// path (`./start.sh`, `/app/run`) or ending in `.sh` is looked up in the build context through
// the COPY that put it in the image.
ScriptCheck check_script(const Document& doc, const StageMap& stages, std::size_t index,
                         const RuleContext& context, std::string_view program) {
  bool path = program.find('/') != std::string_view::npos;
  // A program whose file dfopt cannot see is taken for what its name says: a shell script when
  // it ends in .sh, a binary (or a script with #!, as installed programs are) otherwise.
  const ScriptCheck unseen =
      program.ends_with(".sh") ? ScriptCheck::Unknown : ScriptCheck::NotAScript;
  if (!path || !context.build_context) return unseen;
  std::string image_path;
  if (program.starts_with("/")) {
    image_path = clean_path(program);
  } else {
    const std::optional<std::string>& workdir = stages.facts(index).workdir;
    if (!workdir) return unseen;
    image_path = clean_path(*workdir + "/" + std::string(program));
  }
  std::optional<std::string> source =
      context_source_of(doc, stages, index, image_path, *context.build_context);
  if (!source) return unseen;
  std::filesystem::path file = *context.build_context / *source;
  if (probe_path(file) != PathKind::Regular) return unseen;
  std::ifstream in(file, std::ios::binary);
  char head[2] = {0, 0};
  if (!in.read(head, 2)) return in.eof() ? ScriptCheck::NoShebang : ScriptCheck::Unknown;
  if (head[0] == '#' && head[1] == '!') return ScriptCheck::HasShebang;
  // An ELF or other binary runs under execve too; only text without `#!` fails.
  return head[0] == 0x7f ? ScriptCheck::HasShebang : ScriptCheck::NoShebang;
}

// Where the stage's ENTRYPOINT comes from, as far as CMD is concerned.
enum class Entrypoint { None, ShellForm, ExecForm, Unknown };

Entrypoint effective_entrypoint(const StageMap& stages, std::size_t stage_index) {
  const Stage& stage = stages.stages()[stage_index];
  for (std::size_t i = stage.end; i-- > stage.first + 1;) {
    const Instruction& ins = *stages.instructions()[i]->instruction;
    if (ins.keyword == Keyword::Entrypoint)
      return ins.form == ArgumentForm::Exec && !ins.arguments.empty() ? Entrypoint::ExecForm
             : ins.form == ArgumentForm::Exec                         ? Entrypoint::None
                                                                      : Entrypoint::ShellForm;
  }
  if (stage.parent) return effective_entrypoint(stages, *stage.parent);
  return known_without_entrypoint(stage.base) ? Entrypoint::None : Entrypoint::Unknown;
}

bool stage_has_cmd(const StageMap& stages, std::size_t stage_index) {
  const Stage& stage = stages.stages()[stage_index];
  for (std::size_t i = stage.first + 1; i < stage.end; ++i)
    if (stages.instructions()[i]->instruction->keyword == Keyword::Cmd) return true;
  return false;
}

class ExecForm final : public Rule {
 public:
  const RuleInfo& info() const override { return kInfo; }

  void check(const Document& doc, const RuleContext& context,
             std::vector<Finding>& findings) const override {
    const StageMap& stages = StageMap::of(doc);
    const auto& instructions = stages.instructions();
    for (std::size_t i = 0; i < instructions.size(); ++i) {
      const InstructionFacts& facts = stages.facts(i);
      if (!facts.stage || !facts.posix_shell) continue;
      std::optional<Command> command = shell_form_command(*instructions[i]->instruction);
      if (command) check_command(doc, stages, context, i, *command, findings);
    }
  }

 private:
  static void check_command(const Document& doc, const StageMap& stages,
                            const RuleContext& context, std::size_t index,
                            const Command& command, std::vector<Finding>& findings) {
    const Node& node = *stages.instructions()[index];
    const InstructionFacts& facts = stages.facts(index);
    const std::size_t stage = *facts.stage;
    const Instruction& ins = *command.instruction;
    std::string keyword(keyword_name(ins.keyword));
    Finding finding{std::string(kInfo.id), ins.keyword_span.begin,
                    keyword + " in shell form: the shell is PID 1 and does not pass signals on",
                    std::nullopt};
    const ShellCommand* simple = single_command(command.script);
    std::optional<Span> text = instruction_text_span(doc, node, ins, command.offset);
    if (!simple || !text) {
      findings.push_back(std::move(finding));
      return;
    }
    std::optional<std::string> json = exec_form_json(*simple);
    std::string not_json;  // why exec form is not written although the words allow it
    if (json && facts.shell.reads_startup_files()) {
      not_json = "the SHELL reads startup files (-l/-i), so the shell form may find programs, "
                 "variables or aliases that exec form would not";
      json.reset();
    }
    ScriptCheck script = ScriptCheck::NotAScript;
    if (json) {
      std::string_view program = simple->words[simple->name() == "exec" ? 1 : 0].value;
      script = check_script(doc, stages, index, context, program);
      if (script == ScriptCheck::NoShebang) {
        not_json = "'" + std::string(program) +
                   "' has no '#!' line in the build context, so exec form would fail with "
                   "'exec format error'";
        json.reset();
      }
    }
    if (json) {
      finding.message = "use exec form: " + *json;
      FixSafety safety = exec_form_safety(stages, stage, ins.keyword, finding.message);
      if (script == ScriptCheck::Unknown && safety == FixSafety::Safe) {
        finding.message += " (unsafe: dfopt cannot see whether the script starts with '#!'; "
                           "without it exec form fails)";
        safety = FixSafety::Unsafe;
      }
      finding.fix = Fix{safety, {{*text, *json}}};
    } else if (ins.keyword != Keyword::Healthcheck && can_take_exec_prefix(*simple)) {
      finding.message = keyword + " needs the shell to expand it: prefix exec so the program is PID 1";
      finding.fix = Fix{FixSafety::Safe, {{{text->begin, text->begin}, "exec "}}};
    }
    if (!finding.fix && !not_json.empty()) finding.message += "; not fixed: " + not_json;
    findings.push_back(std::move(finding));
  }

  static FixSafety exec_form_safety(const StageMap& stages, std::size_t stage, Keyword keyword,
                                    std::string& message) {
    if (keyword == Keyword::Cmd) {
      switch (effective_entrypoint(stages, stage)) {
        case Entrypoint::None:
        case Entrypoint::ShellForm: return FixSafety::Safe;
        case Entrypoint::ExecForm:
          message += " (unsafe: the ENTRYPOINT would receive the bare words, not /bin/sh -c)";
          return FixSafety::Unsafe;
        case Entrypoint::Unknown:
          message += " (unsafe: the base image may have an ENTRYPOINT that receives CMD)";
          return FixSafety::Unsafe;
      }
    }
    if (keyword == Keyword::Entrypoint &&
        (stage_has_cmd(stages, stage) || stages.is_used_as_base(stage))) {
      message += " (unsafe: exec form would pass CMD to the ENTRYPOINT as arguments)";
      return FixSafety::Unsafe;
    }
    return FixSafety::Safe;
  }
};

}  // namespace

std::unique_ptr<Rule> make_exec_form() { return std::make_unique<ExecForm>(); }

}  // namespace dfopt
