// DF307 copy-whole-context: `COPY . dest` with no .dockerignore in the build context
// (report only, naming what the context holds that the image should not).
#include <array>
#include <filesystem>

#include "context/path_probe.h"
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
Unsafe, and only with `--unsafe-fixes`: the fix writes a `.dockerignore` beside the context
(shown as a new file in the diff; never over an existing one) listing what was found there,
minus anything a `COPY`/`ADD` names or a `RUN` mentions, and minus everything when a source uses
a glob or a variable. It still changes what `COPY .` copies: a build script that reads `.git`
(`git describe`), or a tool that expects `build/` to exist, would notice; and other Dockerfiles
sharing the same context get the same `.dockerignore`.
The build context is the Dockerfile's folder unless `--context` says otherwise; standard input
has no context and is not checked. `COPY --from` copies from a stage or image, not the context,
and is not reported.
)md";

const RuleInfo kInfo{
    .id = "DF307",
    .name = "copy-whole-context",
    .summary = "Add a .dockerignore when copying the whole build context",
    .doc = kDoc,
    .fix = FixAvailability::Sometimes,
    .fix_safeties = {.unsafe = true},
    .creates_files = true,
};

bool is_whole_context(std::string_view source) {
  return source == "." || source == "./" || source == "*" || source == "./*";
}

// What the context holds that an image rarely needs. Only named entries are looked up: a
// context can be huge, and listing it for every finding is not cheap.
std::vector<std::string> unwanted_entries(const std::filesystem::path& context) {
  static constexpr std::array<std::string_view, 16> kNames = {
      ".git", "node_modules", "build", "dist", "target", "__pycache__", ".venv", "venv", ".env",
      ".ssh", "id_rsa", "id_ed25519", ".aws", ".npmrc", "credentials.json", "Dockerfile"};
  std::vector<std::string> out;
  for (std::string_view name : kNames)
    if (probe_path(context / name) != PathKind::Missing) out.emplace_back(name);
  return out;
}

std::string joined(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& name : names) out += (out.empty() ? "" : ", ") + name;
  return out;
}

// The entries a .dockerignore may leave out without the build noticing: none that a COPY/ADD
// names or that any RUN mentions (a RUN after `COPY . .` may well read .git).
std::vector<std::string> ignorable(const Document& doc, const std::vector<std::string>& entries) {
  std::vector<std::string> out;
  for (const std::string& entry : entries) {
    bool used = false;
    for (const Node* node : doc.instructions()) {
      const Instruction& ins = *node->instruction;
      // ".git" counts as used by a RUN that runs git, ".venv" by one that names venv, ...
      std::string_view bare = std::string_view(entry).substr(entry.starts_with('.') ? 1 : 0);
      if (ins.keyword == Keyword::Run) used |= ins.line.text().find(bare) != std::string::npos;
      if (ins.keyword == Keyword::Copy || ins.keyword == Keyword::Add)
        for (std::size_t i = 0; i + 1 < ins.arguments.size(); ++i) {
          std::string_view source = ins.arguments[i];
          if (source.starts_with("./")) source.remove_prefix(2);
          used |= source == entry || source.starts_with(entry + "/") ||
                  source.find_first_of("*?[$") != std::string_view::npos;
        }
    }
    if (entry == "Dockerfile") used = false;  // the builder reads it whatever .dockerignore says
    if (!used) out.push_back(entry);
  }
  return out;
}

class CopyWholeContext final : public Rule {
 public:
  const RuleInfo& info() const override { return kInfo; }

  void check(const Document& doc, const RuleContext& context,
             std::vector<Finding>& findings) const override {
    if (!context.build_context) return;
    const std::filesystem::path& dir = *context.build_context;
    if (probe_path(dir) != PathKind::Directory) return;
    if (probe_path(dir / ".dockerignore") != PathKind::Missing ||
        probe_path(doc.path() + ".dockerignore") != PathKind::Missing)
      return;
    std::optional<std::vector<std::string>> unwanted;
    bool fix_offered = false;
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
      if (!unwanted->empty()) message += "; the context holds " + joined(*unwanted);
      Finding finding{std::string(kInfo.id), ins.keyword_span.begin, std::move(message), std::nullopt};
      std::vector<std::string> entries = ignorable(doc, *unwanted);
      if (!fix_offered && !entries.empty()) {
        std::string content = "# Written by dfopt (DF307): what this build context holds that the image does not need.\n";
        for (const std::string& entry : entries) content += entry + "\n";
        finding.fix = Fix{FixSafety::Unsafe, {}, {{(dir / ".dockerignore").lexically_normal(), std::move(content)}}};
        fix_offered = true;
      }
      findings.push_back(std::move(finding));
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_copy_whole_context() { return std::make_unique<CopyWholeContext>(); }

}  // namespace dfopt
