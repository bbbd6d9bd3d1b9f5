// DF116 npm-yarn-cache-clean: a RUN that installs node packages with yarn or npm cleans their
// cache before the layer is committed.
#include <fstream>
#include <regex>
#include <sstream>

#include "analysis/posix_runs.h"
#include "analysis/program_calls.h"
#include "analysis/run_mounts.h"
#include "analysis/stage_chain_search.h"
#include "analysis/stages.h"
#include "context/path_probe.h"
#include "rewrite/run_edits.h"
#include "shell/package_commands.h"
#include "shell/shell_queries.h"
#include "syntax/text.h"
#include "transforms/registry.h"

namespace dfopt {
namespace {

constexpr std::string_view kDoc = R"md(## What it does
Appends `yarn cache clean` to a `RUN` that installs with yarn (`yarn`, `yarn install`,
`yarn add`, `yarn global add`), and `npm cache clean --force` to one that installs with npm
(`npm install`/`i`/`add`, `npm ci`), when the `RUN` does not clean that cache itself.

## Why is this bad?
yarn and npm keep a copy of every package tarball they download (yarn 1 in
`/usr/local/share/.cache/yarn`, npm in `~/.npm/_cacache`). The installed `node_modules` never
reads it again, yet it stays in the layer and is often as big as `node_modules` itself.

## Example
```dockerfile
RUN yarn install --frozen-lockfile && \
    yarn build
```

## Use instead
```dockerfile
RUN yarn install --frozen-lockfile && \
    yarn build && \
    yarn cache clean
```

## Fix safety
Safe: only the download cache disappears. The cleanup goes at the end of the `RUN`, in the
file's style, and only when the script is one `&&` chain that does not end with a shell comment,
nor in a compound command while errexit may be on (`&&` would suspend errexit inside it);
otherwise, e.g. with a `;`, `||` or `&` at its top level, the finding is reported without a
fix. Nothing is reported when:
- the `RUN` already cleans that cache after its last install (`yarn cache clean`,
  `npm cache clean`, or an `rm` of a path such as `/usr/local/share/.cache/yarn`,
  `$(yarn cache dir)`, or npm's cache folder or everything in it: `~/.npm`, `~/.npm/_cacache/*`,
  `/tmp/npm-cache`; not a folder inside it such as `~/.npm/_logs`, not `~/.npmrc`, which holds
  credentials, and not another user's `~app/.npm`);
- installs are recognised behind `sudo`, `env`, `xargs` and the like and inside `sh -c '…'`;
  behind `sudo` the cleanup runs through `sudo` too, and an install run as another user (`su`,
  `gosu`) is reported without a fix, since a cleanup here would clean another user's cache;
- the `RUN` mounts a build cache (`--mount=type=cache`): the cache is wanted there;
- the install puts its cache elsewhere (`--cache-folder` for yarn, `--cache` or
  `npm_config_cache` for npm);
- a later instruction of the stage, or of a stage built on it, installs `--offline` (or sets
  `npm_config_offline`): it reads the very cache the cleanup would remove (reported, no fix);
- the `RUN` is exec form, has a heredoc, or is an `ONBUILD` trigger; the stage runs no POSIX
  shell; or the script cannot be parsed.

Yarn 2 and later ("berry") matter: `yarn cache clean` exists there too, but with Plug'n'Play
(its default) the packages are *loaded from* the cache at run time, so cleaning it breaks the
application. The yarn finding is therefore reported without a fix when the project may use
Yarn 2+: the Dockerfile mentions `.yarnrc.yml`, `.yarn/`, `yarn set version`, `corepack`,
`--immutable`, `yarn@berry` or `yarn@2` and later; or the build context (`--context`, by
default the Dockerfile's folder) has a `.yarnrc.yml` at its root, or a `package.json` there
whose `packageManager` names `yarn@2` or later, or Plug'n'Play's files (`.pnp.cjs`,
`.pnp.js`, `.yarn/cache`) are there. A Yarn 2+ project showing none of these signs,
e.g. one whose `.yarnrc.yml` lives in a subfolder of the context, is taken for Yarn 1. npm has
no such concern.
)md";

const RuleInfo kInfo{
    .id = "DF116",
    .name = "npm-yarn-cache-clean",
    .summary = "Clean the yarn or npm cache in the RUN that installs",
    .doc = kDoc,
    .fix = FixAvailability::Sometimes,
    .fix_safeties = {.safe = true},
    .references = {"DL3060"},
};

enum class Tool { Yarn, Npm };

bool has_cache_mount(const Instruction& run) { return !cache_mount_targets(run).empty(); }

bool has_word_starting(const ProgramCall& call, std::string_view prefix) {
  for (std::size_t i = 0; i < call.argument_count(); ++i)
    if (call.argument(i)->value.starts_with(prefix)) return true;
  return false;
}

// yarn 1 options that take the next word as their value.
bool yarn_option_takes_value(std::string_view option) {
  for (std::string_view name : {"--cwd", "--cache-folder", "--modules-folder", "--network-timeout",
                                "--mutex", "--registry", "--global-folder", "--link-folder",
                                "--preferred-cache-folder", "--network-concurrency",
                                "--child-concurrency", "--use-yarnrc", "--proxy", "--https-proxy"})
    if (option == name) return true;
  return false;
}

// `yarn`, `yarn install`, `yarn add`, `yarn global add`, with options anywhere.
bool is_yarn_install(const ProgramCall& call) {
  if (call.program != "yarn") return false;
  const auto& words = call.words();
  std::vector<std::string_view> operands;
  for (std::size_t i = call.name_index + 1; i < words.size(); ++i) {
    const ShellWord& word = words[i];
    if (!word.literal) return false;
    if (!word.value.starts_with("-")) {
      operands.push_back(word.value);
      continue;
    }
    if (word.value == "-v" || word.value == "--version" || word.value == "-h" ||
        word.value == "--help")
      return false;
    if (yarn_option_takes_value(word.value)) ++i;
  }
  if (operands.empty()) return true;
  if (operands[0] == "install" || operands[0] == "add") return true;
  return operands[0] == "global" && operands.size() > 1 && operands[1] == "add";
}

bool is_npm_install(const ProgramCall& call) {
  std::optional<PackageCommand> pc = package_command(*call.command, call.name_index);
  return pc && pc->manager == PackageManager::Npm && pc->action_kind() == PackageAction::Install;
}

bool is_install(Tool tool, const ProgramCall& call) {
  return tool == Tool::Yarn ? is_yarn_install(call) : is_npm_install(call);
}

// The install puts its cache somewhere the standard cleanup does not reach.
bool caches_elsewhere(Tool tool, const ProgramCall& call) {
  if (tool == Tool::Yarn) return has_word_starting(call, "--cache-folder");
  return has_word_starting(call, "--cache");
}

// A path that is npm's cache folder, or everything in it: `~/.npm`, `/root/.npm/_cacache`,
// `$HOME/.npm/*`, `/tmp/npm-cache`. Not a folder inside it (`~/.npm/_logs` leaves the cache),
// not `~/.npmrc`, which holds credentials, and not another user's (`~app/.npm`): a wrong "no"
// costs only a redundant cleanup.
bool names_npm_cache(std::string_view text) {
  std::vector<std::string_view> parts;
  std::size_t begin = 0;
  while (begin <= text.size()) {
    std::size_t end = text.find('/', begin);
    if (end == std::string_view::npos) end = text.size();
    std::string_view part = text.substr(begin, end - begin);
    while (!part.empty() && (part.back() == '"' || part.back() == '\'')) part.remove_suffix(1);
    while (!part.empty() && (part.front() == '"' || part.front() == '\'')) part.remove_prefix(1);
    parts.push_back(part);
    begin = end + 1;
  }
  if (parts.front().size() > 1 && parts.front().starts_with('~')) return false;
  while (parts.size() > 1 && (parts.back().empty() || parts.back() == "*")) parts.pop_back();
  std::string_view last = parts.back();
  while (last.ends_with('*')) last.remove_suffix(1);
  return last == ".npm" || last == "_cacache" || last.starts_with("npm-cache");
}

bool is_cleanup(Tool tool, const ProgramCall& call) {
  std::string_view tool_name = tool == Tool::Yarn ? "yarn" : "npm";
  if (call.program == tool_name) {
    const ShellWord* first = call.argument(0);
    const ShellWord* second = call.argument(1);
    return first && second && first->value == "cache" &&
           (second->value == "clean" || second->value == "clear");
  }
  if (call.program != "rm") return false;
  for (std::size_t i = 0; i < call.argument_count(); ++i) {
    std::string_view text = call.argument(i)->text;
    if (tool == Tool::Yarn && text.find("yarn") != std::string_view::npos &&
        text.find("cache") != std::string_view::npos)
      return true;
    if (tool == Tool::Npm && names_npm_cache(text)) return true;
  }
  return false;
}

// An install later in the stage (or a stage built on it) that reads only the cache: cleaning
// it here would make that install fail.
bool installs_offline(const Document& doc, const Node& node) {
  std::string_view text = doc.text(node.span);
  return text.find("--offline") != std::string_view::npos ||
         to_lower(text).find("npm_config_offline") != std::string::npos;
}

std::string read_small_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// Signs that the project may use Yarn 2+ (see the doc): in the Dockerfile or the context root.
bool may_use_yarn_berry(const Document& doc, const RuleContext& context) {
  for (std::string_view sign : {".yarnrc.yml", ".yarn/", "yarn set version", "corepack",
                                "--immutable", "yarn@berry", ".pnp.cjs", ".pnp.js"})
    if (doc.source().find(sign) != std::string::npos) return true;
  static const std::regex kYarnTwoPlus(R"re(yarn@v?([2-9]|[1-9][0-9]))re");
  if (std::regex_search(doc.source(), kYarnTwoPlus)) return true;
  if (!context.build_context) return false;
  // Plug'n'Play's loader and its zip cache: the packages are read from the cache at run time.
  for (std::string_view name : {".yarnrc.yml", ".pnp.cjs", ".pnp.js", ".yarn/cache"})
    if (probe_path(*context.build_context / name) != PathKind::Missing) return true;
  auto manifest = *context.build_context / "package.json";
  if (probe_path(manifest) != PathKind::Regular) return false;
  static const std::regex kYarnVersion(R"re("packageManager"\s*:\s*"yarn@([0-9]+))re");
  std::string text = read_small_file(manifest);
  std::smatch match;
  return std::regex_search(text, match, kYarnVersion) && std::stoi(match[1].str()) >= 2;
}

// An ENV or ARG that sets npm's cache folder.
bool sets_npm_cache(const Document& doc, const Node& node) {
  Keyword keyword = node.instruction->keyword;
  return (keyword == Keyword::Env || keyword == Keyword::Arg) &&
         to_lower(doc.text(node.span)).find("npm_config_cache") != std::string::npos;
}

class NpmYarnCacheClean final : public Rule {
 public:
  const RuleInfo& info() const override { return kInfo; }

  void check(const Document& doc, const RuleContext& context,
             std::vector<Finding>& findings) const override {
    const StageMap& stages = StageMap::of(doc);
    const FileStyle& style = file_style(doc);
    std::optional<bool> berry;  // looked up once, when a yarn install is seen
    std::optional<StageChainSearch> cache_set;  // built when an npm install is seen
    std::optional<StageChainSearch> offline;    // likewise
    for (const PosixRun& posix_run : posix_runs(doc)) {
      const Node& node = *stages.instructions()[posix_run.index];
      if (has_cache_mount(*node.instruction)) continue;
      const RunScript* run = &posix_run.script;
      // Installs behind sudo/env/xargs and inside `sh -c` count, and so do their cleanups.
      const std::vector<ProgramCall>& calls = program_calls(run->shell).calls();
      for (Tool tool : {Tool::Yarn, Tool::Npm}) {
        const ProgramCall* last_install = nullptr;
        bool elsewhere = false;
        for (const ProgramCall& call : calls) {
          if (is_install(tool, call)) {
            last_install = &call;
            elsewhere = elsewhere || caches_elsewhere(tool, call);
          } else if (last_install && is_cleanup(tool, call)) {
            last_install = nullptr;
            elsewhere = false;
          }
        }
        if (!last_install || elsewhere) continue;
        if (tool == Tool::Npm) {
          if (to_lower(run->shell.text).find("npm_config_cache") != std::string::npos) continue;
          if (!cache_set)
            cache_set.emplace(stages, [&doc](const Node& n) { return sets_npm_cache(doc, n); });
          if (cache_set->any_before(posix_run.index)) continue;
        }
        std::string cleanup = std::string(last_install->through_sudo ? "sudo " : "") +
                              (tool == Tool::Yarn ? "yarn cache clean" : "npm cache clean --force");
        std::size_t at = last_install->nested ? run->to_source(0)
                                              : run->to_source(last_install->command->span).begin;
        Finding finding{std::string(kInfo.id), at,
                        std::string(tool == Tool::Yarn ? "yarn" : "npm") +
                            " install without cleaning its cache keeps the downloaded packages "
                            "in the layer; add '" + std::string(cleanup) + "'",
                        std::nullopt};
        if (tool == Tool::Yarn) {
          if (!berry) berry = may_use_yarn_berry(doc, context);
          if (*berry) {
            finding.message += " (not added: the project may use Yarn 2+, whose Plug'n'Play "
                               "loads packages from the cache)";
            findings.push_back(std::move(finding));
            continue;
          }
        }
        if (!offline)
          offline.emplace(stages, [&doc](const Node& n) { return installs_offline(doc, n); });
        if (offline->any_after(posix_run.index)) {
          finding.message += " (not added: a later install runs --offline from this cache)";
          findings.push_back(std::move(finding));
          continue;
        }
        if (last_install->switches_user && !last_install->through_sudo)
          finding.message += " (not added: the install runs as another user, whose cache a "
                             "cleanup here would not reach)";
        else if (auto blocker = append_blocker(*run, stages.facts(posix_run.index).shell))
          finding.message += " (not added: " + *blocker + ")";
        else if (auto edit = append_to_and_chain(doc, node, *run, cleanup, style,
                                                 stages.facts(posix_run.index).shell))
          finding.fix = Fix{FixSafety::Safe, {std::move(*edit)}};
        else
          finding.message += " (not added: the end of the RUN cannot be found)";
        findings.push_back(std::move(finding));
      }
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_npm_yarn_cache_clean() { return std::make_unique<NpmYarnCacheClean>(); }

}  // namespace dfopt
