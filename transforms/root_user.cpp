// DF302 root-user: the final stage ends with USER root (report only).
#include "analysis/stages.h"
#include "transforms/registry.h"

namespace dfopt {
namespace {

constexpr std::string_view kDoc = R"md(## What it does
Reports a final stage whose last `USER` instruction switches to root.

## Why is this bad?
The container's main process runs as root, so a compromise of the application is a compromise
of root inside the container, one kernel bug away from the host. Switch to root for the steps
that need it, then back to an unprivileged user before the image ends. hadolint: DL3002.

## Example
```dockerfile
USER root
RUN apt-get update && apt-get install -y curl
```

## Use instead
```dockerfile
USER root
RUN apt-get update && apt-get install -y curl
USER app
```

## Fix safety
Report only: which user the application should run as is the author's decision. A file without
any `USER` is not reported, since its user comes from the base image.
)md";

const RuleInfo kInfo{
    .id = "DF302",
    .name = "root-user",
    .summary = "Do not end the final stage as root",
    .doc = kDoc,
    .fix = FixAvailability::None,
    .references = {"DL3002"},
};

class RootUser final : public Rule {
 public:
  const RuleInfo& info() const override { return kInfo; }

  void check(const Document& doc, const RuleContext&, std::vector<Finding>& findings) const override {
    const StageMap& stages = StageMap::of(doc);
    if (stages.stages().empty()) return;
    const Stage& last = stages.stages().back();
    for (std::size_t i = last.end; i-- > last.first + 1;) {
      const Instruction& ins = *stages.instructions()[i]->instruction;
      if (ins.keyword != Keyword::User) continue;
      if (!ins.arguments.empty() && is_root_user(ins.arguments.front()))
        findings.push_back({std::string(kInfo.id), ins.keyword_span.begin,
                            "the image runs as root: switch to an unprivileged USER at the end",
                            std::nullopt});
      return;
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_root_user() { return std::make_unique<RootUser>(); }

}  // namespace dfopt
