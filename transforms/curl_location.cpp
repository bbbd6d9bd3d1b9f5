// DF125 curl-location: `curl` that saves or pipes what it downloads without `-L` keeps a
// redirect's own body (a few bytes of HTML) instead of the file the redirect points to.
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
Reports `curl` in a `RUN` that saves what it downloads (`-o`, `-O`, `> file`) or pipes it into
another command, without `-L` (`--location`); the unsafe fix adds it, into the first cluster of
short options when there is one (`-fsS` becomes `-LfsS`), else right after `curl`.

## Why is this bad?
Without `-L` curl does not follow redirects: for a `301`/`302` answer it saves, or pipes into
`tar` or `sh`, the redirect's own short body and exits 0 (`-f` does not help: a redirect is not
an error). Release downloads (GitHub, SourceForge, most CDNs) answer with a redirect, so the
build breaks the day a URL starts redirecting, far from the download.

## Example
```dockerfile
RUN curl -fsS -o /tmp/app.tgz https://github.com/org/app/releases/download/v1/app.tgz
```

## Use instead
```dockerfile
RUN curl -LfsS -o /tmp/app.tgz https://github.com/org/app/releases/download/v1/app.tgz
```

## Fix safety
Unsafe: following a redirect downloads from wherever it points, which may be another host, and
a script may have relied on the redirect's body (rare). Nothing is reported when the call has
`-L`, `--location` or `--location-trusted` in any spelling, only fetches headers (`-I`,
`--head`), writes the status with `-w`/`--write-out` (the script checks it), only prints a
version or help, or its output goes to the terminal (the build log). Calls inside `sh -c '…'` or
`$(…)` are reported without a fix; a `$(curl …)` keeps what curl prints, so it counts as saved.
A script that reads a redirect on purpose (`$(curl -s …/releases/latest | grep …)` to find a
version) is reported too: give it `-L` and read the final URL with `-w '%{url_effective}'`, or
suppress the finding.
)md";

const RuleInfo kInfo{
    .id = "DF125",
    .name = "curl-location",
    .summary = "Make curl follow redirects (-L) when it saves or pipes a download",
    .doc = kDoc,
    .fix = FixAvailability::Sometimes,
    .fix_safeties = {.unsafe = true},
};

constexpr OptionSpelling kLocation{.long_name = "--location", .short_name = 'L', .value_letters = kCurlValueLetters};
constexpr OptionSpelling kLocationTrusted{.long_name = "--location-trusted"};
constexpr OptionSpelling kHead{.long_name = "--head", .short_name = 'I', .value_letters = kCurlValueLetters};


bool redirects_standard_output(const ShellCommand& command) {
  for (const ShellRedirect& r : command.redirects)
    if ((r.op == ">" || r.op == ">>" || r.op == ">|") && (!r.fd || *r.fd == 1)) return true;
  return false;
}

class CurlLocation final : public Rule {
 public:
  const RuleInfo& info() const override { return kInfo; }

  void check(const Document& doc, const RuleContext&, std::vector<Finding>& findings) const override {
    for (const PosixRun& posix_run : posix_runs(doc)) {
      const RunScript& run = posix_run.script;
      for (const ProgramCall& call : program_calls(run.shell).calls()) {
        if (call.program != "curl" || call.argument_count() == 0) continue;
        if (has_option(call, kLocation) || has_option(call, kLocationTrusted) || has_option(call, kHead) ||
            curl_reports_itself(call))
          continue;
        // Where the body goes: a file, the next command of a pipeline, a `$(…)`'s word.
        bool kept = has_option(call, kCurlOutput) || has_option(call, kCurlRemoteName) ||
                    has_option(call, kCurlRemoteNameAll) || redirects_standard_output(*call.command) ||
                    call.output_consumed;
        if (!kept) continue;
        findings.push_back(call_finding(
            kInfo.id, run, call,
            "curl without -L saves or pipes a redirect's body instead of the file it points to",
            FixSafety::Unsafe, [&] { return add_short_option(run, call, 'L'); }));
      }
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_curl_location() { return std::make_unique<CurlLocation>(); }

}  // namespace dfopt
