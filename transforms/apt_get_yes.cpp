// DF110 apt-get-yes: apt-get/apt commands that would stop at a "Do you want to continue?" prompt
// get `-y`, so the build no longer aborts on it.
#include <array>
#include <charconv>
#include <unordered_set>

#include "analysis/package_calls.h"
#include "analysis/posix_runs.h"
#include "analysis/stages.h"
#include "rewrite/run_edits.h"
#include "shell/package_commands.h"
#include "syntax/text.h"
#include "transforms/registry.h"

namespace dfopt {
namespace {

constexpr std::string_view kDoc = R"md(## What it does
Adds `-y` right after the action of an `apt-get` or `apt` command that can ask for confirmation:
`install`, `reinstall`, `remove`, `purge`, `autoremove`, `autopurge`, `upgrade`,
`dist-upgrade`, `full-upgrade`, `build-dep` and `satisfy`.

## Why is this bad?
A build has no terminal. When apt wants to install more packages than were named (dependencies),
or to remove or upgrade anything, it asks "Do you want to continue? [Y/n]", reads end of input,
prints `Abort.` and exits with status 100, failing the build. Whether it asks depends on what the
mirror serves on the day, so a Dockerfile that built yesterday can break today.

## Example
```dockerfile
RUN apt-get update && apt-get install curl
```

## Use instead
```dockerfile
RUN apt-get update && apt-get install -y curl
```

## Fix safety
Safe. `-y` only answers the confirmation prompt: where apt would not have asked, nothing changes;
where it would have asked, the build aborted. apt still refuses, even with `-y`, to remove
essential packages or change held ones. Nothing is reported when the command already answers
the prompt itself: `-y`, `--yes`, `--assume-yes` (also in a group such as `-qy`), quiet level 2
(`-qq`, `-q -q`, `-q=2`, `--quiet=2`, `-o quiet=2`), or `-o APT::Get::Assume-Yes=true`; nor when
it cannot prompt or is meant to say no: `--assume-no`, `-s`/`--simulate` and its aliases. A
command that reads its standard input from a pipe (`yes | apt-get install ...`) or a redirection
is left alone, since its answers come from there. `--force-yes` does not answer the prompt and
so does not count. Only commands named `apt-get` or `apt` (with or without a path) are
recognised, not `sudo apt-get ...` or `xargs apt-get ...`, and only shell-form `RUN`s without
heredocs in stages that run a POSIX shell.
)md";

const RuleInfo kInfo{
    .id = "DF110",
    .name = "apt-get-yes",
    .summary = "Answer apt's confirmation prompt with -y",
    .doc = kDoc,
    .fix = FixAvailability::Always,
    .fix_safeties = {.safe = true},
    .references = {"DL3014"},
};

constexpr std::array<std::string_view, 11> kPromptingActions = {
    "install", "reinstall",    "remove",       "purge",    "autoremove", "autopurge",
    "upgrade", "dist-upgrade", "full-upgrade", "build-dep", "satisfy"};

bool prompts(std::string_view action) {
  for (std::string_view a : kPromptingActions)
    if (a == action) return true;
  return false;
}

// What the command's options say about the confirmation prompt.
struct PromptOptions {
  bool yes = false;
  bool no = false;         // --assume-no: the author wants the answer "no"
  bool simulate = false;   // -s and friends never prompt
  int quiet = 0;           // level 2 implies -y
};

// apt's boolean spellings (FindB): yes/true/with/on/enable/1.
bool apt_true(std::string_view value) {
  std::string v = to_lower(value);
  return v == "1" || v == "yes" || v == "true" || v == "with" || v == "on" || v == "enable";
}

int parse_level(std::string_view text) {
  int level = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), level);
  return ec == std::errc() && ptr == text.data() + text.size() ? level : 0;
}

// "-o Key=Value".
void read_config(std::string_view item, PromptOptions& out) {
  std::size_t eq = item.find('=');
  if (eq == std::string_view::npos) return;
  std::string_view key = item.substr(0, eq), value = item.substr(eq + 1);
  if (iequals(key, "APT::Get::Assume-Yes")) out.yes = apt_true(value);
  if (iequals(key, "APT::Get::Assume-No")) out.no = apt_true(value);
  if (iequals(key, "APT::Get::Simulate")) out.simulate = apt_true(value);
  if (iequals(key, "quiet")) out.quiet = parse_level(value);
}

PromptOptions prompt_options(const ShellCommand& command, std::size_t name_index) {
  PromptOptions out;
  const auto& words = command.words;
  for (std::size_t i = name_index + 1; i < words.size(); ++i) {
    if (!words[i].literal) continue;
    std::string_view w = words[i].value;
    auto next_value = [&]() -> std::string_view {
      return i + 1 < words.size() ? std::string_view(words[++i].value) : std::string_view();
    };
    if (w == "--") break;
    if (w.starts_with("--")) {
      std::size_t eq = w.find('=');
      std::string_view name = w.substr(2, eq == std::string_view::npos ? eq : eq - 2);
      std::string_view value = eq == std::string_view::npos ? "" : w.substr(eq + 1);
      if (name == "yes" || name == "assume-yes") out.yes = value.empty() || apt_true(value);
      else if (name == "assume-no") out.no = value.empty() || apt_true(value);
      else if (name == "simulate" || name == "just-print" || name == "dry-run" || name == "recon" ||
               name == "no-act")
        out.simulate = true;
      else if (name == "quiet") out.quiet = value.empty() ? out.quiet + 1 : parse_level(value);
      else if (name == "option") read_config(value.empty() ? next_value() : value, out);
      else if ((name == "config-file" || name == "target-release" || name == "default-release") &&
               value.empty())
        next_value();
      continue;
    }
    if (w.size() < 2 || w[0] != '-') continue;
    // A group of short options ("-qqy"); -o, -c and -t take the rest of the word or the next one.
    for (std::size_t k = 1; k < w.size(); ++k) {
      char c = w[k];
      if (c == 'y') out.yes = true;
      else if (c == 's') out.simulate = true;
      else if (c == 'q') {
        if (k + 1 < w.size() && w[k + 1] == '=') {
          out.quiet = parse_level(w.substr(k + 2));
          break;
        }
        ++out.quiet;
      } else if (c == 'o' || c == 'c' || c == 't') {
        std::string_view rest = w.substr(k + 1);
        if (rest.starts_with("=")) rest.remove_prefix(1);
        if (rest.empty()) rest = next_value();
        if (c == 'o') read_config(rest, out);
        break;
      }
    }
  }
  return out;
}

// True when a redirection gives the command another standard input.
bool redirects_stdin(const ShellCommand& command) {
  for (const ShellRedirect& r : command.redirects)
    if (r.op.starts_with("<") && (!r.fd || *r.fd == 0)) return true;
  return false;
}

// Calls `f(command, stdin_fed)` for every simple command, where `stdin_fed` says whether its
// standard input comes from a pipe or a redirection (its own or an enclosing command's).
template <typename F>
void for_each_simple(const ShellList& list, bool stdin_fed, F&& f) {
  for (const ShellListItem& item : list.items)
    for (const ShellPipeline& pipeline : item.and_or.pipelines)
      for (std::size_t k = 0; k < pipeline.commands.size(); ++k) {
        const ShellCommand& command = pipeline.commands[k];
        bool fed = stdin_fed || k > 0 || redirects_stdin(command);
        if (command.kind == ShellCommandKind::Simple) f(command, fed);
        for (const ShellList& body : command.bodies) for_each_simple(body, fed, f);
      }
}

class AptGetYes final : public Rule {
 public:
  const RuleInfo& info() const override { return kInfo; }

  void check(const Document& doc, const RuleContext&, std::vector<Finding>& findings) const override {
    for (const PosixRun& posix_run : posix_runs(doc)) {
      const RunScript* run = &posix_run.script;
      std::optional<std::unordered_set<const ShellCommand*>> fed;  // filled on the first apt
      for (const PackageCall& pc : package_calls(run->shell)) {
        if (pc.package.manager != PackageManager::AptGet && pc.package.manager != PackageManager::Apt)
          continue;
        if (!fed) {
          fed.emplace();
          for_each_simple(run->shell.list, false, [&](const ShellCommand& command, bool stdin_fed) {
            if (stdin_fed) fed->insert(&command);
          });
        }
        check_call(*run, pc, fed->contains(pc.call.command), findings);
      }
    }
  }

 private:
  static void check_call(const RunScript& run, const PackageCall& pc, bool stdin_fed,
                         std::vector<Finding>& findings) {
    const ShellCommand& command = *pc.call.command;
    // An inner script's answers may come from anywhere; its words are not the RUN's to edit.
    if (!pc.editable() || !prompts(pc.package.action) || stdin_fed) return;
    PromptOptions options = prompt_options(command, pc.call.name_index);
    if (options.yes || options.no || options.simulate || options.quiet >= 2) return;
    const ShellWord& action = command.words[pc.package.action_index];
    findings.push_back({std::string(kInfo.id), run.to_source(command.span).begin,
                        "'" + std::string(pc.call.program) + " " + std::string(pc.package.action) +
                            "' without -y aborts the build when apt asks for confirmation",
                        Fix{FixSafety::Safe, {insert_after_word(run, action, "-y")}}});
  }
};

}  // namespace

std::unique_ptr<Rule> make_apt_get_yes() { return std::make_unique<AptGetYes>(); }

}  // namespace dfopt
