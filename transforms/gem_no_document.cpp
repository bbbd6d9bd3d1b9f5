// DF118 gem-no-document: `gem install` gets `--no-document`, so no ri/rdoc documentation is
// generated into the layer.
#include "analysis/package_calls.h"
#include "analysis/posix_runs.h"
#include "analysis/stage_chain_search.h"
#include "analysis/stages.h"
#include "rewrite/run_edits.h"
#include "shell/package_commands.h"
#include "shell/shell_queries.h"
#include "syntax/text.h"
#include "transforms/registry.h"

namespace dfopt {
namespace {

constexpr std::string_view kDoc = R"md(## What it does
Adds `--no-document` to `gem install` in a `RUN`.

## Why is this bad?
By default RubyGems generates ri and RDoc documentation for every gem it installs. Building it
takes time, and the result, often several MB per gem, stays in the layer although nobody reads
documentation inside a container.

## Example
```dockerfile
RUN gem install bundler rake
```

## Use instead
```dockerfile
RUN gem install --no-document bundler rake
```

## Fix safety
Safe on RubyGems 2.0 (2013, Ruby 2.0) and later, which know `--no-document`; the only change is
that no documentation is generated. RubyGems before 2.0 (Ruby 1.9 and older) only know
`--no-ri --no-rdoc` and would reject the option, failing the build. The option is inserted
right after `install`. Nothing is reported when:
- the command already decides about documentation: `--no-document`, `--no-doc`, `-N`,
  `--document=...`, `--no-ri` or `--no-rdoc`;
- the stage is built on the official `ruby` image, whose `gemrc` already turns documentation
  off, or the `RUN` itself or an earlier instruction of the stage writes a `gemrc` that does;
- `gem install` names nothing to install;
- the `RUN` is exec form, has a heredoc, or is an `ONBUILD` trigger; the stage runs no POSIX
  shell; or the script cannot be parsed.
)md";

const RuleInfo kInfo{
    .id = "DF118",
    .name = "gem-no-document",
    .summary = "Pass --no-document to gem install",
    .doc = kDoc,
    .fix = FixAvailability::Always,
    .fix_safeties = {.safe = true},
};

bool decides_documentation(const PackageCommand& pc) {
  if (pc.has_option("-N")) return true;
  for (std::size_t i = pc.name_index + 1; i < pc.command->words.size(); ++i) {
    std::string_view word = pc.command->words[i].value;
    if (word.starts_with("--no-doc") || word.starts_with("--document") || word == "--no-ri" ||
        word == "--no-rdoc")
      return true;
  }
  return false;
}

// "ruby", "ruby:3.3-slim", "docker.io/library/ruby@sha256:..." -> true.
bool is_official_ruby(std::string_view image) {
  std::string name = to_lower(image.substr(0, image.find('@')));
  std::size_t slash = name.rfind('/');
  std::size_t colon = name.find(':', slash == std::string::npos ? 0 : slash);
  if (colon != std::string::npos) name.resize(colon);
  return name == "ruby" || name == "library/ruby" || name == "docker.io/library/ruby";
}

// Text that writes a gemrc turning documentation off ("echo 'gem: --no-document' >> ~/.gemrc").
bool writes_gemrc_without_docs(std::string_view text) {
  return text.find("gemrc") != std::string_view::npos &&
         (text.find("--no-document") != std::string_view::npos ||
          text.find("--no-rdoc") != std::string_view::npos);
}

// The stage, or one it builds on, starts from the official ruby image.
bool builds_on_official_ruby(const StageMap& stages, std::size_t index) {
  for (std::optional<std::size_t> stage = stages.facts(index).stage; stage;
       stage = stages.stages()[*stage].parent)
    if (!stages.stages()[*stage].parent && is_official_ruby(stages.stages()[*stage].base))
      return true;
  return false;
}

class GemNoDocument final : public Rule {
 public:
  const RuleInfo& info() const override { return kInfo; }

  void check(const Document& doc, const RuleContext&, std::vector<Finding>& findings) const override {
    const StageMap& stages = StageMap::of(doc);
    // Built when a gem install is seen: instructions that write a gemrc turning docs off.
    std::optional<StageChainSearch> gemrc;
    for (const PosixRun& posix_run : posix_runs(doc)) {
      const std::size_t i = posix_run.index;
      const RunScript* run = &posix_run.script;
      bool checked_stage = false;
      for (const PackageCall& call : package_calls(run->shell)) {
        const PackageCommand* pc = &call.package;
        const ShellCommand* command = pc->command;
        // Inside `sh -c '…'` the words are not the RUN's own to edit.
        if (!call.editable() || pc->manager != PackageManager::Gem || pc->action != "install")
          continue;
        if (decides_documentation(*pc) || pc->operands().empty()) continue;
        if (!checked_stage) {
          if (!gemrc)
            gemrc.emplace(stages, [&doc](const Node& node) {
              return writes_gemrc_without_docs(doc.text(node.span));
            });
          // The RUN itself counts too: its own gemrc line is taken as meant for the install.
          if (builds_on_official_ruby(stages, i) || gemrc->any_before(i, /*inclusive=*/true)) break;
          checked_stage = true;
        }
        TextEdit edit = insert_after_word(*run, command->words[pc->action_index], "--no-document");
        findings.push_back({std::string(kInfo.id), run->to_source(command->span).begin,
                            "gem install without --no-document generates documentation into "
                            "the layer",
                            Fix{FixSafety::Safe, {std::move(edit)}}});
      }
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_gem_no_document() { return std::make_unique<GemNoDocument>(); }

}  // namespace dfopt
