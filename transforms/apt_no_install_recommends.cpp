// DF112 apt-no-install-recommends: `apt-get install` gets `--no-install-recommends`, so only the
// named packages and their hard dependencies are installed.
#include "analysis/package_calls.h"
#include "analysis/stages.h"
#include "rewrite/run_edits.h"
#include "shell/package_commands.h"
#include "shell/shell_queries.h"
#include "syntax/text.h"
#include "transforms/registry.h"

namespace dfopt {
namespace {

constexpr std::string_view kDoc = R"md(## What it does
Adds `--no-install-recommends` after `install` (and the options written right after it) in
`apt-get install` and `apt install`.

## Why is this bad?
By default apt also installs every package the requested ones *recommend*: documentation,
optional plug-ins, desktop helpers, sometimes whole toolchains. `apt-get install git` pulls in
`openssh-client`, `patch` and `less`; `apt-get install python3-pip` a C compiler. In an image they
cost space, pull time and attack surface, and they are rarely used.

## Example
```dockerfile
RUN apt-get update && apt-get install -y curl
```

## Use instead
```dockerfile
RUN apt-get update && apt-get install -y --no-install-recommends curl
```

## Fix safety
Unsafe: applied only with `--unsafe-fixes`. It changes which packages are installed. It bites when
the image uses, at build or at run time, a package that came in only as a recommendation:
`ca-certificates` (recommended by `wget`, `git` and curl's library `libcurl4`; without it HTTPS
downloads fail with certificate errors), `openssh-client` for `git` over SSH, a compiler for
`pip` to build C extensions (recommended by `python3-pip`), locales, fonts, or a library a
program loads only when present. Add such packages to the install line by name.

Nothing is reported when the command already decides: `--no-install-recommends`,
`--install-recommends`, `-o APT::Install-Recommends=...`, or when the same or an earlier `RUN`
of the file mentions `APT::Install-Recommends` (usually to write it into
`/etc/apt/apt.conf.d/`). apt configuration files the build copies in, or that the base image
carries, are not seen; there the flag is redundant but harmless. Only commands named `apt-get`
or `apt` (with or without a path) are recognised, not `sudo apt-get ...`, and only shell-form
`RUN`s without heredocs in stages that run a POSIX shell.
)md";

const RuleInfo kInfo{
    .id = "DF112",
    .name = "apt-no-install-recommends",
    .summary = "Install apt packages without their recommendations",
    .doc = kDoc,
    .fix = FixAvailability::Sometimes,
    .fix_safeties = {.unsafe = true},
    .references = {"DL3015"},
};

constexpr std::string_view kConfigKey = "apt::install-recommends";

// The command says itself whether recommendations are wanted.
bool decides_recommends(const ShellCommand& command, std::size_t name_index) {
  for (std::size_t i = name_index + 1; i < command.words.size(); ++i) {
    const ShellWord& word = command.words[i];
    std::string_view w = word.literal ? std::string_view(word.value) : std::string_view(word.text);
    if (w.starts_with("--no-install-recommends") || w.starts_with("--install-recommends"))
      return true;
    if (to_lower(w).find(kConfigKey) != std::string::npos) return true;
  }
  return false;
}

// True for an option word that stands alone (takes no value from the next word): "-y", "-qq",
// "--yes", "--option=x". Not "-o", "-t", "-c" and their long forms, nor "--".
bool standalone_option(const ShellWord& word) {
  if (!word.literal || !word.value.starts_with("-") || word.value == "--") return false;
  std::string_view w = word.value;
  if (w.starts_with("--"))
    return w.find('=') != std::string_view::npos ||
           (w != "--option" && w != "--config-file" && w != "--target-release" &&
            w != "--default-release");
  return w.size() > 1 && w.find_first_of("oct") == std::string_view::npos;
}

// Where the new option goes: after the action and the plain options right after it, so
// "install -y curl" becomes "install -y --no-install-recommends curl".
const ShellWord& insertion_word(const PackageCommand& pc) {
  const auto& words = pc.command->words;
  std::size_t at = pc.action_index;
  while (at + 1 < words.size() && standalone_option(words[at + 1])) ++at;
  return words[at];
}

class AptNoInstallRecommends final : public Rule {
 public:
  const RuleInfo& info() const override { return kInfo; }

  void check(const Document& doc, const RuleContext&, std::vector<Finding>& findings) const override {
    const StageMap& stages = StageMap::of(doc);
    const auto& instructions = stages.instructions();
    for (std::size_t i = 0; i < instructions.size(); ++i) {
      const Instruction& ins = *instructions[i]->instruction;
      // An apt configuration written by the Dockerfile settles it for all later installs.
      if (to_lower(doc.text(instructions[i]->span)).find(kConfigKey) != std::string::npos &&
          ins.keyword == Keyword::Run)
        return;
      if (ins.keyword != Keyword::Run || !stages.facts(i).posix_shell) continue;
      std::optional<RunScript> run = parse_run_script(ins);
      if (!run || !run->shell.parsed) continue;
      for (const PackageCall& pc : package_calls(run->shell)) check_call(*run, pc, findings);
    }
  }

 private:
  static void check_call(const RunScript& run, const PackageCall& call,
                         std::vector<Finding>& findings) {
    const PackageCommand& pc = call.package;
    const ShellCommand& command = *pc.command;
    if (pc.manager != PackageManager::AptGet && pc.manager != PackageManager::Apt) return;
    if (pc.action != "install" || decides_recommends(command, pc.name_index)) return;
    Finding finding{std::string(kInfo.id),
                    call.editable() ? run.to_source(command.span).begin : run.to_source(0),
                    "'" + std::string(call.call.program) +
                        " install' also installs recommended packages; add "
                        "--no-install-recommends",
                    std::nullopt};
    // Inside `sh -c '…'` the words are not the RUN's own: reported only.
    if (call.editable())
      finding.fix = Fix{FixSafety::Unsafe,
                        {insert_after_word(run, insertion_word(pc), "--no-install-recommends")}};
    findings.push_back(std::move(finding));
  }
};

}  // namespace

std::unique_ptr<Rule> make_apt_no_install_recommends() {
  return std::make_unique<AptNoInstallRecommends>();
}

}  // namespace dfopt
