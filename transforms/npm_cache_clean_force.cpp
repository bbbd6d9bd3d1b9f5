// DF122 npm-cache-clean-force: `npm cache clean` gets `--force`, without which npm 5 and later
// refuse to run it and the build fails.
#include "analysis/call_options.h"
#include "analysis/package_calls.h"
#include "analysis/posix_runs.h"
#include "rewrite/run_edits.h"
#include "rules/call_finding.h"
#include "transforms/registry.h"

namespace dfopt {
namespace {

constexpr std::string_view kDoc = R"md(## What it does
Adds `--force` to `npm cache clean` in a `RUN`.

## Why is this bad?
Since npm 5 (2017, Node.js 8), `npm cache clean` without `--force` prints "As of npm@5, the
npm cache self-heals … If you're sure you want to delete the entire cache, rerun this command
with --force" and exits with status 1: the `RUN` fails, and with it the build. The author meant
to empty the cache, which `--force` does.

## Example
```dockerfile
RUN npm install -g yarn && npm cache clean
```

## Use instead
```dockerfile
RUN npm install -g yarn && npm cache clean --force
```

## Fix safety
Safe: on npm 5 and later the command then does what it says instead of failing; npm 4 and
older accept `--force` (a global option) and clean as before. The option goes right after
`clean`, behind `sudo`/`env` too. Nothing is reported when the command has `--force` or `-f`,
or names a package to clean (npm 4's `npm cache clean <pkg>`). A command inside `sh -c '…'` or
`$(…)` is reported without a fix.
)md";

const RuleInfo kInfo{
    .id = "DF122",
    .name = "npm-cache-clean-force",
    .summary = "Pass --force to npm cache clean",
    .doc = kDoc,
    .fix = FixAvailability::Sometimes,
    .fix_safeties = {.safe = true},
};

constexpr OptionSpelling kForce{.long_name = "--force", .short_name = 'f'};

class NpmCacheCleanForce final : public Rule {
 public:
  const RuleInfo& info() const override { return kInfo; }

  void check(const Document& doc, const RuleContext&, std::vector<Finding>& findings) const override {
    for (const PosixRun& posix_run : posix_runs(doc)) {
      const RunScript& run = posix_run.script;
      for (const PackageCall& pc : package_calls(run.shell)) {
        const PackageCommand& npm = pc.package;
        if (npm.manager != PackageManager::Npm || npm.action != "cache") continue;
        std::vector<const ShellWord*> operands = npm.operands();
        if (operands.size() != 1 || operands[0]->value != "clean" || has_option(pc.call, kForce))
          continue;
        findings.push_back(call_finding(
            kInfo.id, run, pc.call, "npm cache clean without --force fails on npm 5 and later",
            FixSafety::Safe, [&] { return insert_after_word(run, *operands[0], "--force"); }));
      }
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_npm_cache_clean_force() { return std::make_unique<NpmCacheCleanForce>(); }

}  // namespace dfopt
