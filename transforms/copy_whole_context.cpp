// DF307 copy-whole-context: `COPY . dest` with no .dockerignore in the build context
// (report only, naming what the context holds that the image should not).
#include <array>
#include <filesystem>

#include "transforms/registry.h"

namespace dfopt {
namespace {

constexpr std::string_view kDoc = R"md(## What it does
Reports `COPY` and `ADD` instructions that copy the whole build context (`.`, `./`, `*`) when the
context has no `.dockerignore` (nor a `<Dockerfile>.dockerignore` beside the Dockerfile), and
names what the context holds that rarely belongs in an image: `.git`, `node_modules`, build
output (`build`, `dist`, `target`, `__pycache__`, `.venv`), secrets (`.env`, private keys) and
the Dockerfile itself.

## Why is this bad?
Everything in the context is sent to the builder and copied into the layer: version-control
history, local dependencies built for another platform, stale build output, credentials. The
image grows, the layer's cache breaks on every unrelated file change, and secrets leak into the
image. A `.dockerignore` keeps them out.

## Example
```dockerfile
COPY . /app
```

## Use instead
A `.dockerignore` beside the Dockerfile:
```
.git
node_modules
build
.env
Dockerfile
```

## Fix safety
Report only. The build context is the Dockerfile's folder unless `--context` says otherwise;
standard input has no context and is not checked. `COPY --from` copies from a stage or image,
not the context, and is not reported.
)md";

const RuleInfo kInfo{
    "DF307",
    "copy-whole-context",
    "Add a .dockerignore when copying the whole build context",
    kDoc,
    FixSafety::ReportOnly,
    {},
};

bool is_whole_context(std::string_view source) {
  return source == "." || source == "./" || source == "*" || source == "./*";
}

// What the context holds that an image rarely needs, as a comma-separated list. Only named
// entries are looked up: a context can be huge, and listing it for every finding is not cheap.
std::string unwanted_entries(const std::filesystem::path& context) {
  static constexpr std::array<std::string_view, 16> kNames = {
      ".git", "node_modules", "build", "dist", "target", "__pycache__", ".venv", "venv", ".env",
      ".ssh", "id_rsa", "id_ed25519", ".aws", ".npmrc", "credentials.json", "Dockerfile"};
  std::string out;
  std::error_code ec;
  for (std::string_view name : kNames)
    if (std::filesystem::exists(context / name, ec)) out += (out.empty() ? "" : ", ") + std::string(name);
  return out;
}

class CopyWholeContext final : public Rule {
 public:
  const RuleInfo& info() const override { return kInfo; }

  void check(const Document& doc, const RuleContext& context,
             std::vector<Finding>& findings) const override {
    if (!context.build_context) return;
    const std::filesystem::path& dir = *context.build_context;
    std::error_code ec;
    if (!std::filesystem::is_directory(dir, ec)) return;
    if (std::filesystem::exists(dir / ".dockerignore", ec) ||
        std::filesystem::exists(doc.path() + ".dockerignore", ec))
      return;
    std::optional<std::string> unwanted;
    for (const Node* node : doc.instructions()) {
      const Instruction& ins = *node->instruction;
      if ((ins.keyword != Keyword::Copy && ins.keyword != Keyword::Add) || ins.has_flag("from") ||
          ins.arguments.size() < 2)
        continue;
      bool whole = false;
      for (std::size_t i = 0; i + 1 < ins.arguments.size(); ++i) whole |= is_whole_context(ins.arguments[i]);
      if (!whole) continue;
      if (!unwanted) unwanted = unwanted_entries(dir);
      std::string message = std::string(keyword_name(ins.keyword)) +
                            " copies the whole build context and there is no .dockerignore";
      if (!unwanted->empty()) message += "; the context holds " + *unwanted;
      findings.push_back({std::string(kInfo.id), ins.keyword_span.begin, std::move(message), std::nullopt});
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_copy_whole_context() { return std::make_unique<CopyWholeContext>(); }

}  // namespace dfopt
