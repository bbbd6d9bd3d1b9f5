// DF305 heavy-base-image: the final stage starts from a full image that has a slim variant
// (report only).
#include <array>

#include "analysis/base_images.h"
#include "analysis/stages.h"
#include "transforms/registry.h"

namespace dfopt {
namespace {

constexpr std::string_view kDoc = R"md(## What it does
Reports a final stage built `FROM` a full Docker Official Image for which a slimmer variant of the
same version exists.

| base image | slimmer variant |
|---|---|
| `python:3.12`, `python:3.12-bookworm` | `python:3.12-slim` (about 150 MB instead of 1 GB) |
| `node:22`, `node:22-bookworm` | `node:22-slim` (about 250 MB instead of 1.1 GB) |
| `ruby:3.3` | `ruby:3.3-slim` |
| `perl:5.40` | `perl:5.40-slim` |
| `php:8.3` | `php:8.3-cli-alpine` or an `-fpm` variant, depending on use |
| `debian:bookworm`, `debian:12` | `debian:bookworm-slim` |
| `openjdk:17`, `eclipse-temurin:17`, `eclipse-temurin:17-jdk` | `eclipse-temurin:17-jre` |
| `golang:1.22`, `rust:1.80`, `gcc:14`, `maven:3`, `gradle:8` | a build stage on that image, and a runtime stage on `debian:bookworm-slim`, `gcr.io/distroless/...` or `scratch` |

## Why is this bad?
The full variants carry compilers, headers, documentation and hundreds of packages the
application does not use at run time: a bigger image to pull, store and scan, and more software
with vulnerabilities to patch.

## Example
```dockerfile
FROM python:3.12
COPY app.py .
CMD ["python", "app.py"]
```

## Use instead
```dockerfile
FROM python:3.12-slim
COPY app.py .
CMD ["python", "app.py"]
```

## Fix safety
Report only: a slim image lacks packages the build may need (compilers for native Python
modules, `git`, ...). Only the final stage is checked; images with a `slim`, `alpine`,
`distroless`, `jre` or `minimal` tag, and images from other registries, are not reported.
)md";

const RuleInfo kInfo{
    .id = "DF305",
    .name = "heavy-base-image",
    .summary = "Use the slim variant of a heavy base image for the final stage",
    .doc = kDoc,
    .fix = FixAvailability::None,
};

struct Slimmer {
  std::string_view repository;
  std::string_view advice;  // "{tag}" stands for the image's version
};

constexpr std::array<Slimmer, 14> kSlimmer = {{
    {"python", "python:{tag}-slim"},
    {"node", "node:{tag}-slim"},
    {"ruby", "ruby:{tag}-slim"},
    {"perl", "perl:{tag}-slim"},
    {"php", "a php:{tag}-cli or -fpm alpine variant"},
    {"debian", "debian:{tag}-slim"},
    {"openjdk", "eclipse-temurin:{tag}-jre"},
    {"eclipse-temurin", "eclipse-temurin:{tag}-jre"},
    {"golang", "a multi-stage build: compile on golang:{tag}, run on distroless or scratch"},
    {"rust", "a multi-stage build: compile on rust:{tag}, run on debian:bookworm-slim"},
    {"gcc", "a multi-stage build: compile on gcc:{tag}, run on debian:bookworm-slim"},
    {"maven", "a multi-stage build: package on maven, run on eclipse-temurin:<version>-jre"},
    {"gradle", "a multi-stage build: build on gradle, run on eclipse-temurin:<version>-jre"},
    {"buildpack-deps", "debian:<codename>-slim plus the packages you need"},
}};

bool already_slim(std::string_view tag) {
  for (std::string_view mark : {"slim", "alpine", "distroless", "jre", "minimal", "nanoserver"})
    if (tag.find(mark) != std::string_view::npos) return true;
  return false;
}

// The version part of a tag: "3.12-bookworm" -> "3.12", "bookworm" -> "bookworm".
std::string version_of(std::string_view tag) {
  std::string_view version = tag.substr(0, tag.find('-'));
  if (tag.ends_with("-jdk")) version = tag.substr(0, tag.size() - 4);
  return version.empty() ? "<version>" : std::string(version);
}

class HeavyBaseImage final : public Rule {
 public:
  const RuleInfo& info() const override { return kInfo; }

  void check(const Document& doc, const RuleContext&, std::vector<Finding>& findings) const override {
    const StageMap& stages = StageMap::of(doc);
    if (stages.stages().empty()) return;
    const Stage& last = stages.stages().back();
    if (last.parent) return;
    auto image = parse_image_reference(last.base);
    if (!image || !(image->registry.empty() || image->registry == "docker.io")) return;
    if (already_slim(image->tag)) return;
    for (const Slimmer& s : kSlimmer) {
      if (image->repository != s.repository) continue;
      std::string advice(s.advice);
      if (auto at = advice.find("{tag}"); at != std::string::npos)
        advice.replace(at, 5, version_of(image->tag));
      const Instruction& from = *stages.instructions()[last.first]->instruction;
      findings.push_back({std::string(kInfo.id), from.keyword_span.begin,
                          "'" + last.base + "' is a full image; consider " + advice, std::nullopt});
      return;
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_heavy_base_image() { return std::make_unique<HeavyBaseImage>(); }

}  // namespace dfopt
