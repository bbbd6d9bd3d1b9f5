// DF123 curl-fail: `curl` without `-f` saves or pipes an HTTP error page and exits 0; with `-f`
// the RUN fails where the download did.
#include "analysis/call_options.h"
#include "analysis/curl_options.h"
#include "analysis/posix_runs.h"
#include "analysis/program_calls.h"
#include "rewrite/run_edits.h"
#include "rules/call_finding.h"
#include "transforms/registry.h"

namespace dfopt {
namespace {

constexpr std::string_view kDoc = R"md(## What it does
Reports `curl` in a `RUN` without `-f` (`--fail`); the unsafe fix adds it, into the first
cluster of short options when there is one (`-sSL` becomes `-fsSL`), else right after `curl`.

## Why is this bad?
On an HTTP error (404, 500, a rate limit) curl without `-f` writes the server's error page
where the file should go and exits 0. The build goes on with an HTML page saved as
`app.tar.gz` (the failure surfaces later, far from its cause) or, worse, piped into `sh`, `tar`
or `gpg --import`. With `-f` curl exits 22 and the `RUN` fails at the download.

## Example
```dockerfile
RUN curl -sSL https://example.com/install.sh | sh
RUN curl -o /tmp/app.tgz https://example.com/app.tgz && tar -xzf /tmp/app.tgz -C /opt
```

## Use instead
```dockerfile
RUN curl -fsSL https://example.com/install.sh | sh
RUN curl -f -o /tmp/app.tgz https://example.com/app.tgz && tar -xzf /tmp/app.tgz -C /opt
```

## Fix safety
Unsafe: a build that passed because an error page was good enough (an optional download, a
`|| true`, a server that answers 404 with the content) now fails. Nothing is reported when
the call has `-f`, `--fail` or `--fail-with-body` in any spelling (`-fsSL`, `-Lf`), writes
the HTTP status with `-w`/`--write-out` (the script checks it), only prints a version or help
(`-V`, `--version`, `-h`, `--help`), or runs inside `sh -c '…'` or `$(…)` (reported without a
fix).
)md";

const RuleInfo kInfo{
    .id = "DF123",
    .name = "curl-fail",
    .summary = "Make curl fail on HTTP errors (-f)",
    .doc = kDoc,
    .fix = FixAvailability::Sometimes,
    .fix_safeties = {.unsafe = true},
};

constexpr OptionSpelling kFail{.long_name = "--fail", .short_name = 'f', .value_letters = kCurlValueLetters};
constexpr OptionSpelling kFailWithBody{.long_name = "--fail-with-body"};


class CurlFail final : public Rule {
 public:
  const RuleInfo& info() const override { return kInfo; }

  void check(const Document& doc, const RuleContext&, std::vector<Finding>& findings) const override {
    for (const PosixRun& posix_run : posix_runs(doc)) {
      const RunScript& run = posix_run.script;
      for (const ProgramCall& call : program_calls(run.shell).calls()) {
        if (call.program != "curl" || call.argument_count() == 0) continue;
        if (has_option(call, kFail) || has_option(call, kFailWithBody) || curl_reports_itself(call)) continue;
        findings.push_back(call_finding(
            kInfo.id, run, call, "curl without -f saves or pipes an HTTP error page and exits 0",
            FixSafety::Unsafe, [&] { return add_short_option(run, call, 'f'); }));
      }
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_curl_fail() { return std::make_unique<CurlFail>(); }

}  // namespace dfopt
