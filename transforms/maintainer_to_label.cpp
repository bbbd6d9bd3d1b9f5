// DF501 maintainer-to-label: the deprecated MAINTAINER becomes an OCI authors label.
#include "rewrite/instruction_edits.h"
#include "rewrite/keyword_case.h"
#include "transforms/registry.h"

namespace dfopt {
namespace {

constexpr std::string_view kDoc = R"md(## What it does
Replaces `MAINTAINER text` with `LABEL org.opencontainers.image.authors="text"`.

## Why is this bad?
`MAINTAINER` has been deprecated since Docker 1.13. Labels are where image metadata lives now,
and `org.opencontainers.image.authors` is the key the OCI image specification defines for it,
read by registries and scanners. hadolint: DL4000; BuildKit: MaintainerDeprecated.

## Example
```dockerfile
MAINTAINER Jane Doe <jane@example.com>
```

## Use instead
```dockerfile
LABEL org.opencontainers.image.authors="Jane Doe <jane@example.com>"
```

## Fix safety
Unsafe: the image no longer has its `Author` field set (`docker inspect -f '{{.Author}}'`);
the label carries the same text instead. Anything that reads the old field sees nothing.
`"`, `$` and the escape character in the text are escaped, because `LABEL` values are quoted and
expanded while `MAINTAINER` text is not.
)md";

const RuleInfo kInfo{
    .id = "DF501",
    .name = "maintainer-to-label",
    .summary = "Replace the deprecated MAINTAINER with an org.opencontainers.image.authors label",
    .doc = kDoc,
    .fix = FixAvailability::Sometimes,
    .fix_safeties = {.unsafe = true},
    .severity = Severity::Info,
    .references = {"DL4000", "BuildKit: MaintainerDeprecated"},
};

class MaintainerToLabel final : public Rule {
 public:
  const RuleInfo& info() const override { return kInfo; }

  void check(const Document& doc, const RuleContext&, std::vector<Finding>& findings) const override {
    for (const Node* node : doc.instructions()) {
      const Instruction& ins = *node->instruction;
      if (ins.keyword != Keyword::Maintainer || ins.arguments.empty()) continue;
      Finding finding{std::string(kInfo.id), ins.keyword_span.begin,
                      "MAINTAINER is deprecated: use LABEL org.opencontainers.image.authors",
                      std::nullopt};
      std::optional<Span> text = instruction_text_span(doc, *node, ins, 0);
      if (text && text->begin == ins.keyword_span.begin &&
          ins.keyword_span.size() == ins.keyword_text.size()) {
        std::string value;
        for (char c : ins.arguments.front()) {
          if (c == '"' || c == '$' || c == doc.escape) value += doc.escape;
          value += c;
        }
        std::string label = spell_like("LABEL", ins.keyword_text) +
                            " org.opencontainers.image.authors=\"" + value + "\"";
        finding.fix = Fix{FixSafety::Unsafe, {{*text, std::move(label)}}};
      }
      findings.push_back(std::move(finding));
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_maintainer_to_label() { return std::make_unique<MaintainerToLabel>(); }

}  // namespace dfopt
