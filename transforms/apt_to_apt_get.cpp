// DF113 apt-to-apt-get: `apt` is the interactive front end; scripts use `apt-get`.
#include <array>

#include "analysis/package_calls.h"
#include "analysis/posix_runs.h"
#include "analysis/stages.h"
#include "shell/package_commands.h"
#include "shell/run_script.h"
#include "shell/shell_queries.h"
#include "transforms/registry.h"

namespace dfopt {
namespace {

constexpr std::string_view kDoc = R"md(## What it does
Replaces the command name `apt` with `apt-get` in `apt install`, `apt remove`, `apt purge`,
`apt update`, `apt autoremove` and `apt clean`. `apt upgrade` and `apt full-upgrade` are
reported without a fix.

## Why is this bad?
`apt` is meant for people at a terminal: its output and options may change between releases
(it warns "apt does not have a stable CLI interface. Use with caution in scripts." on every run
without a terminal), and it shows progress bars and colours. `apt-get` is the stable interface
for scripts and takes the same options for these commands.

## Example
```dockerfile
RUN apt update && apt install -y curl
```

## Use instead
```dockerfile
RUN apt-get update && apt-get install -y curl
```

## Fix safety
Safe for the actions listed above, which `apt-get` performs the same way. One side effect: `apt`
deletes the downloaded `.deb` files after a successful install, `apt-get` keeps them in
`/var/cache/apt/archives` unless the apt configuration removes them, as the `docker-clean`
file of the official Debian and Ubuntu images does; on other base images, follow the install
with `apt-get clean`. `apt upgrade` is not rewritten, because it may install new packages where
`apt-get upgrade` never does (it equals `apt-get upgrade --with-new-pkgs`); `apt full-upgrade`
is `apt-get dist-upgrade`; both are reported so the author picks the meaning. Other `apt`
commands (`list`, `search`, `show`, `policy`, ...) are left alone. Only the plain word `apt` is
replaced: a quoted, escaped or path-qualified name (`/usr/bin/apt`) is not touched, nor is
`sudo apt ...`. Only shell-form `RUN`s without heredocs in stages that run a POSIX shell are
checked.
)md";

const RuleInfo kInfo{
    .id = "DF113",
    .name = "apt-to-apt-get",
    .summary = "Use apt-get instead of apt in scripts",
    .doc = kDoc,
    .fix = FixAvailability::Sometimes,
    .fix_safeties = {.safe = true},
    .references = {"DL3027"},
};

constexpr std::array<std::string_view, 6> kSameAsAptGet = {"install", "remove",     "purge",
                                                           "update",  "autoremove", "clean"};

bool same_as_apt_get(std::string_view action) {
  for (std::string_view a : kSameAsAptGet)
    if (a == action) return true;
  return false;
}

class AptToAptGet final : public Rule {
 public:
  const RuleInfo& info() const override { return kInfo; }

  void check(const Document& doc, const RuleContext&, std::vector<Finding>& findings) const override {
    for (const PosixRun& posix_run : posix_runs(doc)) {
      const RunScript* run = &posix_run.script;
      for (const PackageCall& pc : package_calls(run->shell))
        if (pc.editable()) check_call(doc, *run, pc.package, findings);
    }
  }

 private:
  static void check_call(const Document& doc, const RunScript& run, const PackageCommand& call,
                         std::vector<Finding>& findings) {
    const PackageCommand* pc = &call;
    const ShellWord& word = pc->command->words[pc->name_index];
    if (pc->manager != PackageManager::Apt || word.text != "apt") return;
    Span name = run.to_source(word.span);
    Finding finding{std::string(kInfo.id), name.begin, "", std::nullopt};
    if (same_as_apt_get(pc->action)) {
      finding.message = "use 'apt-get " + std::string(pc->action) + "' in scripts; apt's "
                        "command-line interface is not stable";
      // A name split by a line continuation is left alone rather than re-joined.
      if (doc.text(name) == "apt") finding.fix = Fix{FixSafety::Safe, {{name, "apt-get"}}};
    } else if (pc->action == "upgrade") {
      finding.message = "'apt upgrade' may install new packages: use 'apt-get upgrade' to keep "
                        "the installed set, or 'apt-get upgrade --with-new-pkgs' for apt's meaning";
    } else if (pc->action == "full-upgrade") {
      finding.message = "use 'apt-get dist-upgrade' (the same as 'apt full-upgrade') in scripts";
    } else {
      return;
    }
    findings.push_back(std::move(finding));
  }
};

}  // namespace

std::unique_ptr<Rule> make_apt_to_apt_get() { return std::make_unique<AptToAptGet>(); }

}  // namespace dfopt
