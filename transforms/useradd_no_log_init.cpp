// DF120 useradd-no-log-init: `useradd` gets `--no-log-init`, so a large UID does not put
// gigabytes of lastlog/faillog into the layer.
#include "analysis/call_options.h"
#include "analysis/posix_runs.h"
#include "analysis/program_calls.h"
#include "rewrite/run_edits.h"
#include "rules/call_finding.h"
#include "transforms/registry.h"

namespace dfopt {
namespace {

constexpr std::string_view kDoc = R"md(## What it does
Adds `--no-log-init` (`-l`) to `useradd` in a `RUN`.

## Why is this bad?
`useradd` records the new user in `/var/log/lastlog` and `/var/log/faillog`, files indexed by
UID: for UID 123456789 they become sparse files of about 36 GB and 4 GB. Sparse files are not
sparse in an image layer, so the build slows to a crawl, fills the disk, or fails ("no space
left on device"); with an ordinary UID the files still grow the layer for nothing. Docker's
own best-practice guide writes `useradd --no-log-init`; hadolint reports the same (DL3046).

## Example
```dockerfile
RUN groupadd -r app && useradd -r -g app -u 123456789 app
```

## Use instead
```dockerfile
RUN groupadd -r app && useradd --no-log-init -r -g app -u 123456789 app
```

## Fix safety
Safe: the only change is that the user gets no entries in lastlog and faillog, login records a
container does not use. Every shadow `useradd` the common base images ship knows the option
(Debian, Ubuntu, Alpine's `shadow` package, RHEL/CentOS, SUSE; Fedora carried it from 2006).
shadow 4.13 (2022) stopped writing empty lastlog records, but older images are common. It is
inserted right after the program's
name, behind `sudo`/`env` too. Nothing is reported when the call already has `-l` or
`--no-log-init` in any spelling (`-rl`, `-lm`), and BusyBox's and Debian's `adduser` are left
alone (they have no such option). A `useradd` inside `sh -c '…'` or `$(…)` is reported
without a fix.
)md";

const RuleInfo kInfo{
    .id = "DF120",
    .name = "useradd-no-log-init",
    .summary = "Pass --no-log-init to useradd",
    .doc = kDoc,
    .fix = FixAvailability::Sometimes,
    .fix_safeties = {.safe = true},
    .references = {"DL3046"},
};

// shadow's useradd: the short and long options that take a value.
constexpr OptionSpelling kNoLogInit{
    .long_name = "--no-log-init",
    .short_name = 'l',
    .value_letters = "bcdefgGkKpPRsuZ",
    .value_longs = {"--base-dir", "--comment", "--home-dir", "--expiredate", "--inactive",
                    "--gid", "--groups", "--skel", "--key", "--password", "--root", "--prefix",
                    "--shell", "--uid", "--selinux-user"},
};

class UseraddNoLogInit final : public Rule {
 public:
  const RuleInfo& info() const override { return kInfo; }

  void check(const Document& doc, const RuleContext&, std::vector<Finding>& findings) const override {
    for (const PosixRun& posix_run : posix_runs(doc)) {
      const RunScript& run = posix_run.script;
      for (const ProgramCall& call : program_calls(run.shell).calls()) {
        if (call.program != "useradd" || has_option(call, kNoLogInit)) continue;
        findings.push_back(call_finding(
            kInfo.id, run, call,
            "useradd without --no-log-init writes lastlog and faillog entries sized by the UID "
            "into the layer",
            FixSafety::Safe,
            [&] { return insert_after_word(run, call.words()[call.name_index], "--no-log-init"); }));
      }
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_useradd_no_log_init() { return std::make_unique<UseraddNoLogInit>(); }

}  // namespace dfopt
