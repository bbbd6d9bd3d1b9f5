// DF121 gpg-batch: `gpg` gets `--batch`, so it never waits for an answer a build cannot give.
#include "analysis/call_options.h"
#include "analysis/posix_runs.h"
#include "analysis/program_calls.h"
#include "rewrite/run_edits.h"
#include "rules/call_finding.h"
#include "transforms/registry.h"

namespace dfopt {
namespace {

constexpr std::string_view kDoc = R"md(## What it does
Adds `--batch` to `gpg` (and `gpg2`) in a `RUN`.

## Why is this bad?
Without `--batch`, gpg may ask: whether to trust a key, overwrite a file, or for a passphrase.
A build has no terminal to answer, so the step fails with "cannot open '/dev/tty'" or hangs on
an agent, depending on the gpg version and the command; scripts meant to run unattended
(Docker's official images among them) pass `--batch` to every gpg call.

## Example
```dockerfile
RUN gpg --keyserver hkps://keys.openpgp.org --recv-keys "$KEY" && gpg --verify app.tar.gz.asc
```

## Use instead
```dockerfile
RUN gpg --batch --keyserver hkps://keys.openpgp.org --recv-keys "$KEY" && gpg --batch --verify app.tar.gz.asc
```

## Fix safety
Safe: `--batch` only changes what happens where gpg would prompt, and a build cannot answer a
prompt; every other command (`--recv-keys`, `--import`, `--verify`, `--dearmor`, `--export`)
works the same. The option goes right after the program's name, before gpg's command, behind
`sudo`/`env` too. Nothing is reported when the call has `--batch` or `--no-batch` (the author
decided). A gpg inside `sh -c '…'` or `$(…)` is reported without a fix. Keyserver names are left
as they are: the SKS pool some tools rewrite to no longer exists.
)md";

const RuleInfo kInfo{
    .id = "DF121",
    .name = "gpg-batch",
    .summary = "Run gpg with --batch",
    .doc = kDoc,
    .fix = FixAvailability::Sometimes,
    .fix_safeties = {.safe = true},
};

constexpr OptionSpelling kBatch{.long_name = "--batch"};
constexpr OptionSpelling kNoBatch{.long_name = "--no-batch"};

class GpgBatch final : public Rule {
 public:
  const RuleInfo& info() const override { return kInfo; }

  void check(const Document& doc, const RuleContext&, std::vector<Finding>& findings) const override {
    for (const PosixRun& posix_run : posix_runs(doc)) {
      const RunScript& run = posix_run.script;
      for (const ProgramCall& call : program_calls(run.shell).calls()) {
        if ((call.program != "gpg" && call.program != "gpg2") || has_option(call, kBatch) ||
            has_option(call, kNoBatch))
          continue;
        findings.push_back(call_finding(
            kInfo.id, run, call, "gpg without --batch may prompt, which a build cannot answer",
            FixSafety::Safe,
            [&] { return insert_after_word(run, call.words()[call.name_index], "--batch"); }));
      }
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_gpg_batch() { return std::make_unique<GpgBatch>(); }

}  // namespace dfopt
