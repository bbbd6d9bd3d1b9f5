// DF126 plain-http-download: `curl`/`wget` in a RUN, or an `ADD`, fetching an `http://` URL with
// nothing that checks what arrived.
#include "analysis/call_options.h"
#include "analysis/posix_runs.h"
#include "analysis/program_calls.h"
#include "analysis/stages.h"
#include "shell/word_prefix.h"
#include "syntax/text.h"
#include "transforms/registry.h"

namespace dfopt {
namespace {

constexpr std::string_view kDoc = R"md(## What it does
Reports a download over plain HTTP: `curl` or `wget` in a `RUN` with an `http://` URL, or an
`ADD http://…`, when nothing checks what arrived.

## Why is this bad?
Anyone on the path between the build machine and the server (a proxy, a network the build
runner shares) can change what plain HTTP carries: an install script piped into `sh`, a binary
copied into the image. HTTPS authenticates the server; a checksum or a signature check
authenticates the file itself, whatever the transport.

## Example
```dockerfile
RUN curl -fsSL http://example.com/tool.tgz | tar -xz -C /usr/local/bin
```

## Use instead
```dockerfile
RUN curl -fsSL https://example.com/tool.tgz | tar -xz -C /usr/local/bin
```
or keep the URL and check the file: `echo "<sha256>  tool.tgz" | sha256sum -c -`.

## Fix safety
No fix: whether the server speaks HTTPS, and under which name, cannot be known from the
Dockerfile. Nothing is reported for local addresses (`localhost`, `127.0.0.1`, `[::1]`), for a
`RUN` that also checks a checksum or a signature (`sha256sum -c`, `sha512sum -c`, `gpg
--verify`, `gpgv`, …), for an `ADD` with `--checksum`, or for a URL whose host is behind a
variable (`http://$MIRROR/…`); a variable later in the URL (`http://nginx.org/nginx-${V}.tgz`)
leaves the host known and is reported.
)md";

const RuleInfo kInfo{
    .id = "DF126",
    .name = "plain-http-download",
    .summary = "Download over HTTPS, or check what a plain-HTTP download brought",
    .doc = kDoc,
};

constexpr OptionSpelling kCheck{.long_name = "--check", .short_name = 'c'};
constexpr OptionSpelling kVerify{.long_name = "--verify"};

// An `http://` URL to another machine: the host is not a loopback name or address. `word` may
// be only the fixed start of the URL (`http://nginx.org/download/nginx-` of
// `http://nginx.org/download/nginx-${V}.tar.gz`): the host must end inside it.
bool plain_http_url(std::string_view word, bool whole = true) {
  if (!starts_with_icase(word, "http://")) return false;
  std::string_view host = word.substr(7);
  std::size_t host_end = host.find_first_of("/?#");
  if (host_end == std::string_view::npos && !whole) return false;  // `http://${HOST}`, `http://h.$D/`
  host = host.substr(0, host_end);
  if (std::size_t at = host.rfind('@'); at != std::string_view::npos) host.remove_prefix(at + 1);
  if (host.starts_with("[")) return host.substr(0, host.find(']') + 1) != "[::1]";
  host = host.substr(0, host.find(':'));
  return !host.empty() && !iequals(host, "localhost") && !host.starts_with("127.");
}

// The script checks a file's digest or signature somewhere.
bool verifies_downloads(const ProgramCalls& calls) {
  for (const ProgramCall& call : calls.calls()) {
    std::string_view p = call.program;
    if ((p == "sha1sum" || p == "sha224sum" || p == "sha256sum" || p == "sha384sum" ||
         p == "sha512sum" || p == "md5sum" || p == "b2sum" || p == "shasum") && has_option(call, kCheck))
      return true;
    if (p == "gpgv" || p == "cosign" || p == "minisign" || ((p == "gpg" || p == "gpg2") && has_option(call, kVerify)))
      return true;
  }
  return false;
}

constexpr std::string_view kMessage =
    "downloads over plain HTTP, which anyone on the way can alter: use https://, or check a "
    "checksum or signature of what arrives";

class PlainHttpDownload final : public Rule {
 public:
  const RuleInfo& info() const override { return kInfo; }

  void check(const Document& doc, const RuleContext&, std::vector<Finding>& findings) const override {
    for (const PosixRun& posix_run : posix_runs(doc)) {
      const RunScript& run = posix_run.script;
      const ProgramCalls& calls = program_calls(run.shell);
      if (verifies_downloads(calls)) continue;
      for (const ProgramCall& call : calls.calls()) {
        if (call.program != "curl" && call.program != "wget") continue;
        for (std::size_t i = 0; i < call.argument_count(); ++i) {
          const ShellWord& word = *call.argument(i);
          if (!plain_http_url(fixed_prefix(word), word.literal)) continue;
          std::size_t at = call.nested ? run.to_source(0) : run.to_source(word.span).begin;
          findings.push_back({std::string(kInfo.id), at, std::string(call.program) + " " + std::string(kMessage), std::nullopt});
          break;  // one finding per call
        }
      }
    }
    for (const Node* node : doc.instructions()) {
      const Instruction& ins = *node->instruction;
      const Instruction& add = ins.trigger ? *ins.trigger : ins;
      if (add.keyword != Keyword::Add || add.has_flag("checksum") || add.arguments.size() < 2) continue;
      for (std::size_t i = 0; i + 1 < add.arguments.size(); ++i)
        if (plain_http_url(add.arguments[i])) {
          findings.push_back({std::string(kInfo.id), add.keyword_span.begin, "ADD " + std::string(kMessage), std::nullopt});
          break;
        }
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_plain_http_download() { return std::make_unique<PlainHttpDownload>(); }

}  // namespace dfopt
