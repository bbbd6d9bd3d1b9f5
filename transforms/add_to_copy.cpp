// DF202 add-to-copy: ADD of local files and folders becomes COPY.
#include <array>

#include "context/build_context.h"
#include "rewrite/keyword_case.h"
#include "transforms/registry.h"

namespace dfopt {
namespace {

constexpr std::string_view kDoc = R"md(## What it does
Replaces `ADD` with `COPY` when every source is a local file or folder that ADD would copy as is.

## Why is this bad?
`ADD` does more than copy: it downloads URLs, clones git repositories and unpacks local tar
archives (plain or compressed with gzip, bzip2 or xz, recognised by their content). Using it for
plain files hides that magic from the reader and invites surprises when a file later turns out to
be an archive. Docker's best-practice guide and hadolint (DL3020) recommend `COPY` for local files.

## Example
```dockerfile
ADD requirements.txt /app/
ADD --chown=app:app conf/ /etc/myapp/
```

## Use instead
```dockerfile
COPY requirements.txt /app/
COPY --chown=app:app conf/ /etc/myapp/
```

## Fix safety
Safe. The fix is applied only when it provably keeps the build's meaning:
- no source is a URL or git address (those are DF203's business);
- no source may be a local archive: with the build context at hand (`--context`, by default the
  Dockerfile's folder) each source file's first bytes are checked for tar, gzip, bzip2, xz and
  zstd signatures; where a file cannot be inspected, a name ending in `.tar`, `.tgz`, `.gz`,
  `.bz2`, `.xz`, `.zst` (and compound forms) keeps the `ADD`;
- no source holds a glob or a variable (it could name an archive): these are reported without a fix;
- no ADD-only flag (`--checksum`, `--keep-git-dir`, `--unpack`) or unknown flag is present;
  `--chown`, `--chmod`, `--link`, `--exclude` and `--parents` are kept as they are;
- the instruction has no heredoc.
`ONBUILD ADD` triggers are checked by name only, since they run against another build's context.
The keyword keeps the file's case (`add` becomes `copy`).
)md";

const RuleInfo kInfo{
    .id = "DF202",
    .name = "add-to-copy",
    .summary = "Use COPY instead of ADD for local files and folders",
    .doc = kDoc,
    .fix = FixAvailability::Sometimes,
    .fix_safeties = {.safe = true},
    .references = {"DL3020"},
};

bool flag_is_copy_compatible(const Flag& flag) {
  static constexpr std::array<std::string_view, 5> kKept = {"chown", "chmod", "link", "exclude",
                                                            "parents"};
  for (std::string_view name : kKept)
    if (flag.name() == name) return true;
  return false;
}

enum class Verdict { Convert, ReportOnly, Leave };

Verdict judge_source(std::string_view source, const std::optional<std::filesystem::path>& context) {
  if (is_remote_source(source)) return Verdict::Leave;
  if (has_glob_or_variable(source)) return Verdict::ReportOnly;
  if (source.find_first_of("\"'\\") != std::string_view::npos) return Verdict::Leave;
  if (context) {
    switch (inspect_source(*context, source)) {
      case SourceKind::Archive: return Verdict::Leave;
      case SourceKind::Directory:
      case SourceKind::PlainFile: return Verdict::Convert;
      case SourceKind::Missing:
      case SourceKind::Unreadable: break;  // judge by name below
    }
  }
  return has_archive_name(source) ? Verdict::Leave : Verdict::Convert;
}

class AddToCopy final : public Rule {
 public:
  const RuleInfo& info() const override { return kInfo; }

  void check(const Document& doc, const RuleContext& context,
             std::vector<Finding>& findings) const override {
    for (const Node* node : doc.instructions()) {
      const Instruction& top = *node->instruction;
      if (top.keyword == Keyword::Add) check_add(top, context.build_context, findings);
      if (top.trigger && top.trigger->keyword == Keyword::Add)
        check_add(*top.trigger, std::nullopt, findings);
    }
  }

 private:
  static void check_add(const Instruction& add, const std::optional<std::filesystem::path>& context,
                        std::vector<Finding>& findings) {
    if (!add.heredocs.empty() || add.arguments.size() < 2) return;
    for (const Flag& flag : add.flags)
      if (!flag_is_copy_compatible(flag)) return;
    Verdict verdict = Verdict::Convert;
    for (std::size_t i = 0; i + 1 < add.arguments.size(); ++i) {
      Verdict v = judge_source(add.arguments[i], context);
      if (v == Verdict::Leave) return;
      if (v == Verdict::ReportOnly) verdict = Verdict::ReportOnly;
    }
    Finding finding{std::string(kInfo.id), add.keyword_span.begin, "", std::nullopt};
    if (verdict == Verdict::ReportOnly) {
      finding.message =
          "ADD with a glob or variable source: use COPY unless it must unpack an archive";
    } else {
      finding.message = "use COPY instead of ADD for local files and folders";
      // A keyword split by a line continuation is left alone rather than re-joined.
      if (add.keyword_span.size() == add.keyword_text.size())
        finding.fix = Fix{FixSafety::Safe, {{add.keyword_span, spell_like("COPY", add.keyword_text)}}};
    }
    findings.push_back(std::move(finding));
  }
};

}  // namespace

std::unique_ptr<Rule> make_add_to_copy() { return std::make_unique<AddToCopy>(); }

}  // namespace dfopt
