// DF301 untagged-base-image: FROM without a tag or digest, or with `latest` (report only).
#include "analysis/base_images.h"
#include "analysis/stages.h"
#include "syntax/text.h"
#include "transforms/registry.h"

namespace dfopt {
namespace {

constexpr std::string_view kDoc = R"md(## What it does
Reports `FROM` lines whose image has no tag and no digest, or the tag `latest`.

## Why is this bad?
`latest` (which an untagged reference means) moves: the same Dockerfile builds a different
image next month, a rebuild can pull in a new major version, and a cached layer hides which
version was used. Pin a version tag, or better a digest (`image:tag@sha256:...`), and update it
on purpose. hadolint: DL3006, DL3007.

## Example
```dockerfile
FROM ubuntu
FROM node:latest
```

## Use instead
```dockerfile
FROM ubuntu:24.04
FROM node:22.11-bookworm-slim
```

## Fix safety
Report only: dfopt cannot know which version the build should pin. `scratch`, references to
earlier build stages and references built from variables (`FROM $BASE`) are not reported.
)md";

const RuleInfo kInfo{
    .id = "DF301",
    .name = "untagged-base-image",
    .summary = "Pin the base image to a version tag or digest instead of latest",
    .doc = kDoc,
    .fix = FixAvailability::None,
    .references = {"DL3006", "DL3007"},
};

class UntaggedBaseImage final : public Rule {
 public:
  const RuleInfo& info() const override { return kInfo; }

  void check(const Document& doc, const RuleContext&, std::vector<Finding>& findings) const override {
    const StageMap& stages = StageMap::of(doc);
    for (const Stage& stage : stages.stages()) {
      if (stage.parent || iequals(stage.base, "scratch")) continue;
      auto image = parse_image_reference(stage.base);
      if (!image || !image->digest.empty()) continue;
      if (!image->tag.empty() && image->tag != "latest") continue;
      const Instruction& from = *stages.instructions()[stage.first]->instruction;
      findings.push_back({std::string(kInfo.id), from.keyword_span.begin,
                          image->tag.empty()
                              ? "base image '" + stage.base + "' has no tag: it means latest; pin a version"
                              : "base image '" + stage.base + "' uses latest; pin a version",
                          std::nullopt});
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_untagged_base_image() { return std::make_unique<UntaggedBaseImage>(); }

}  // namespace dfopt
