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
RUN apt-get update && apt-get install -y --no-install-recommends curl ca-certificates
```

## Fix safety
Unsafe: applied only with `--unsafe-fixes`. It changes which packages are installed. It bites when
the image uses, at build or at run time, a package that came in only as a recommendation:
`ca-certificates` (recommended by `wget`, `git` and curl's library `libcurl4`; without it HTTPS
downloads fail with certificate errors), `openssh-client` for `git` over SSH, a compiler for
`pip` to build C extensions (recommended by `python3-pip`), locales, fonts, or a library a
program loads only when present. Add such packages to the install line by name.

The fix adds one such package itself: `ca-certificates`, when the same command installs a
program whose HTTPS needs it and gets it only as a recommendation - `curl` (through `libcurl4`),
`libcurl4`, `libcurl3-gnutls`, `wget`, `git` and `aria2`, per Debian 12's package metadata
(`apt-cache show`). Built for real, a bullseye image installing `curl git` lost
`ca-certificates` with the plain flag (`curl https://…` then fails with error 77, `git clone
https://…` with a certificate error); `--no-install-recommends ca-certificates` keeps HTTPS
working and still saves most of the space. Other dropped recommendations (`ssh-client` for
`git` over SSH, `build-essential` for `pip`) are not added: they are large, and most images do
not use them.

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

// Programs that get the CA bundle HTTPS needs only as a recommendation, from Debian 12's package
// metadata (`apt-cache show PACKAGE`, 2026-12-04): curl depends on libcurl4, which recommends
// ca-certificates, as libcurl3-gnutls (git's), wget and aria2 do; git recommends it too.
constexpr std::string_view kNeedCaCertificates[] = {"curl", "libcurl4", "libcurl3-gnutls", "wget", "git", "aria2"};
constexpr std::string_view kCaCertificates = "ca-certificates";

// The package a word names: "curl=7.88.1-10" and "curl:amd64" and "curl/bookworm" are curl.
std::string_view package_name(const ShellWord& word) {
  std::string_view name = word.value;
  return name.substr(0, name.find_first_of("=:/"));
}

// The operand after which `ca-certificates` must be added, and the program that needs it; none
// when the command installs no such program, names ca-certificates already, or has an operand
// dfopt cannot read (a variable may hold it).
struct CaCertificatesNeed {
  const ShellWord* last_operand;
  std::string_view needed_by;
};
std::optional<CaCertificatesNeed> ca_certificates_need(const PackageCommand& pc) {
  std::optional<std::string_view> needed_by;
  const ShellWord* last = nullptr;
  for (const ShellWord* word : pc.operands()) {
    if (!word->literal) return std::nullopt;
    std::string_view name = package_name(*word);
    if (name == kCaCertificates) return std::nullopt;
    for (std::string_view program : kNeedCaCertificates)
      if (name == program && !needed_by) needed_by = program;
    last = word;
  }
  if (!needed_by || !last) return std::nullopt;
  return CaCertificatesNeed{last, *needed_by};
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
      const std::vector<PackageCall>& calls = package_calls(run->shell);
      for (std::size_t k = 0; k < calls.size(); ++k)
        check_call(doc, *run, calls[k], has_ca_certificates(*run, calls, k), findings);
    }
  }

 private:
  // Whether ca-certificates is there when the k-th call's programs first run: installed by an
  // apt call before it in the RUN, or by one after it with only apt commands in between (`apt-get
  // install curl && apt-get install ca-certificates`: nothing could use HTTPS in the gap).
  static bool has_ca_certificates(const RunScript& run, const std::vector<PackageCall>& calls, std::size_t k) {
    auto names_it = [](const PackageCall& c) {
      if (c.package.manager != PackageManager::AptGet && c.package.manager != PackageManager::Apt) return false;
      for (const ShellWord* word : c.package.operands())
        if (word->literal && package_name(*word) == kCaCertificates) return true;
      return false;
    };
    for (std::size_t j = 0; j < k; ++j)
      if (names_it(calls[j]) && !calls[j].call.conditional) return true;
    if (!is_and_chain(run.shell)) return false;
    const auto& pipelines = run.shell.list.items.front().and_or.pipelines;
    auto pipeline_of = [&](const ShellCommand* command) -> std::optional<std::size_t> {
      for (std::size_t p = 0; p < pipelines.size(); ++p)
        if (pipelines[p].commands.size() == 1 && &pipelines[p].commands.front() == command) return p;
      return std::nullopt;
    };
    auto from = pipeline_of(calls[k].package.command);
    if (!from) return false;
    for (std::size_t p = *from + 1; p < pipelines.size(); ++p) {
      const ShellCommand& command = pipelines[p].commands.front();
      const PackageCall* apt = nullptr;
      for (const PackageCall& c : calls)
        if (c.package.command == &command && (c.package.manager == PackageManager::AptGet ||
                                              c.package.manager == PackageManager::Apt))
          apt = &c;
      if (pipelines[p].commands.size() != 1 || !apt) return false;
      if (names_it(*apt)) return true;
    }
    return false;
  }

  static void check_call(const Document& doc, const RunScript& run, const PackageCall& call,
                         bool has_ca_certificates, std::vector<Finding>& findings) {
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
    if (call.editable()) {
      finding.fix = Fix{FixSafety::Unsafe,
                        {insert_after_word(run, insertion_word(pc), "--no-install-recommends")}};
      if (auto need = ca_certificates_need(pc); need && !has_ca_certificates) {
        finding.message += " (and ca-certificates, which " + std::string(need->needed_by) +
                           " needs for HTTPS and had only as a recommendation)";
        finding.fix->edits.push_back(add_list_word(doc, run, *need->last_operand, kCaCertificates));
      }
    }
    findings.push_back(std::move(finding));
  }
};

}  // namespace

std::unique_ptr<Rule> make_apt_no_install_recommends() {
  return std::make_unique<AptNoInstallRecommends>();
}

}  // namespace dfopt
