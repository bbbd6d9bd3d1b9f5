// DF205 dependency-layer: `COPY . <dir>` followed by a dependency install reruns the install on
// every source change; copy the manifests first, install, then copy the rest.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <utility>

#include "analysis/copy_paths.h"
#include "analysis/dependency_installs.h"
#include "analysis/stages.h"
#include "context/dockerignore.h"
#include "context/path_probe.h"
#include "rewrite/file_style.h"
#include "rewrite/keyword_case.h"
#include "shell/package_commands.h"
#include "shell/run_script.h"
#include "shell/shell_queries.h"
#include "syntax/text.h"
#include "transforms/registry.h"

namespace dfopt {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kDoc = R"md(## What it does
Finds `COPY . <dir>` followed, later in the stage, by a dependency install: `npm ci`/`npm
install`, `yarn [install]`, `pnpm install`, `pip install -r requirements*.txt`, `pip install .`,
`pipenv install`/`sync`, `poetry install`, `go mod download`, `cargo build`/`fetch`, `mvn
dependency:go-offline` (or `mvn package`), `gradle`, `bundle install`, `composer install`.
Where it can, it copies the dependency manifests that exist in the build context first, runs the
install, and only then copies the rest:
`COPY package.json package-lock.json ./` + `RUN npm ci` + `COPY . .`.

## Why is this bad?
A layer's cache is reused only while the files it copies are unchanged. After `COPY . .`, any
edit to any file (a README, a test) invalidates the cache, so the install downloads and builds
every dependency again. With the manifests copied on their own, the install layer is reused
until the dependencies themselves change. Docker's guide ("Use the build cache",
docs.docker.com/build/cache/optimize/) shows this layout.

## Example
```dockerfile
WORKDIR /app
COPY . .
RUN npm ci
CMD ["node", "server.js"]
```

## Use instead
```dockerfile
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
CMD ["node", "server.js"]
```

## Fix safety
Unsafe: the install no longer sees the rest of the sources. That breaks or changes the build
when the project's own install scripts (`preinstall`, `postinstall`, `prepare`, Composer
scripts, `setup.py`) read other files, when dependencies point into the project (`file:`,
`link:`, workspaces, `-e .`, path dependencies, local `replace` in `go.mod`), or when the install
rewrites a lock file (`npm install`, `yarn install`, `pipenv install`, `bundle install`): the
`COPY . .` that now follows puts the context's version back. The fix is offered only when:
- the build context is readable (`--context`, by default the Dockerfile's folder), so the
  manifests that exist there are known; standard input gets a report only;
- the install `RUN` comes right after the `COPY .` (only comments, blank lines and `WORKDIR`s
  between), is shell form, and the install is the whole `RUN` or the first part of its `&&`
  chain (with the cache cleanups right after it: `npm cache clean --force`, `rm -rf ~/.npm`,
  ...); in the second case the `RUN` is split and the rest stays after the `COPY .`, with the
  same flags;
- the `COPY .` (`.` or `./`, no `--from`, `--exclude` or `--parents`) copies into the working
  directory the install runs in (`.`, or the known `WORKDIR`); its `--chown`, `--chmod` and
  `--link` are repeated on the manifest `COPY`;
- with a `WORKDIR` between them, the `COPY .` moves down past it, so its destination must be
  absolute; the folder is then created by `WORKDIR` (owned by the current `USER`) rather than
  by `COPY` (owned by root): the `COPY` may not use `--chown` or `--chmod`, and the stage's `USER`
  may not be known to be another user than root (the base image's user is not known, and is
  usually root);
- the required manifest exists as a file at the context root and the `.dockerignore` (patterns
  as BuildKit reads them) does not exclude it; optional ones (lock files, `.npmrc`, `.yarnrc`,
  `poetry.toml`, `auth.json`) are copied when present, and so are the context files such a
  config names (`.npmrc` `cafile=`/`userconfig=`, `.yarnrc` `yarn-path`/`cafile`): a named file
  that is missing or lies in a subfolder (the manifests are copied side by side) withholds the
  fix;
- nothing visible in the context says the manifests are not enough: `package.json` with
  workspaces, local (`file:`, `link:`, `workspace:`) or path (`"./packages/util"`) dependencies
  or install scripts (unless
  `--ignore-scripts`); requirement files with `-e`, local paths or nested files that are not at
  the context root; `Pipfile`/`pyproject.toml` path dependencies; `go.mod` replacing modules with
  local folders or a `go.work`; a multi-module `pom.xml` or a `.mvn` folder; a `Gemfile` that
  loads the gemspec or path gems, or a `.bundle` folder; `composer.json` scripts (unless
  `--no-scripts`), classmap or files autoloading (unless `--no-autoloader`) or path
  repositories; Yarn 2+ (`.yarnrc.yml`), `pnpm-workspace.yaml`, an `.env` for pipenv (the
  files are searched as text, not parsed: a mention is enough to withhold the fix);
- the context holds no folder the install fills in the working directory (`node_modules`,
  `.venv`/`venv`, `vendor` for Composer, `vendor/bundle`) unless `.dockerignore` excludes it:
  the `COPY .` that now follows the install would copy it over the installed one.
These are reported without a fix: `pip install .` and `poetry install` without `--no-root`
(they install the project itself, which needs its sources), `cargo` (it needs `src/main.rs` or
`src/lib.rs` even to fetch), `mvn package` and other Maven builds, the Maven wrapper, and
Gradle (wrapper, settings and build logic are more than manifests).
)md";

const RuleInfo kInfo{
    .id = "DF205",
    .name = "dependency-layer",
    .summary = "Install dependencies from the copied manifests before copying the whole context",
    .doc = kDoc,
    .fix = FixAvailability::Sometimes,
    .fix_safeties = {.unsafe = true},
};

using Tool = DependencyTool;
using Install = DependencyInstall;

bool one_of(std::string_view word, std::initializer_list<std::string_view> names) {
  return std::find(names.begin(), names.end(), word) != names.end();
}

// --- what the build context says ------------------------------------------------------------

class Context {
 public:
  Context(fs::path root, const std::string& dockerfile)
      : root_(std::move(root)), ignore_(DockerIgnore::load(root_, dockerfile)) {}

  bool has_file(std::string_view name) const {
    return probe_path(root_ / name) == PathKind::Regular && !ignored(name);
  }
  bool has(std::string_view name) const {
    return probe_path(root_ / name) != PathKind::Missing && !ignored(name);
  }
  bool ignored(std::string_view name) const { return ignore_ && ignore_->excludes(name); }
  // The text of a file at the root (at most 1 MiB); empty when unreadable.
  std::string read(std::string_view name) const {
    std::ifstream in(root_ / name, std::ios::binary);
    std::string text(1 << 20, '\0');
    in.read(text.data(), static_cast<std::streamsize>(text.size()));
    text.resize(static_cast<std::size_t>(in.gcount()));
    return text;
  }

 private:
  fs::path root_;
  std::optional<DockerIgnore> ignore_;
};

bool contains_any(std::string_view text, std::initializer_list<std::string_view> needles) {
  for (std::string_view n : needles)
    if (text.find(n) != std::string_view::npos) return true;
  return false;
}

// Requirement files name further files (`-r base.txt`): they join the manifests when they sit
// beside it; local code (`-e .`, `./pkg`) makes the manifests insufficient.
std::optional<std::string> check_requirements(const Context& context, std::vector<std::string>& files) {
  for (std::size_t k = 0; k < files.size() && k < 32; ++k) {
    std::istringstream in(context.read(files[k]));
    for (std::string line; std::getline(in, line);) {
      std::string_view l = trim(std::string_view(line));
      if (l.empty() || l.starts_with('#')) continue;
      for (std::string_view o : {"-r", "--requirement", "-c", "--constraint"}) {
        if (!l.starts_with(o)) continue;
        std::string_view rest = trim(l.substr(o.size()));
        if (rest.starts_with('=')) rest = trim(rest.substr(1));
        auto name = top_level_file(rest);
        if (!name || !context.has_file(*name))
          return files[k] + " includes " + std::string(rest) + ", which is not at the top of the context";
        if (std::find(files.begin(), files.end(), *name) == files.end()) files.push_back(*name);
        l = {};
        break;
      }
      if (l.empty()) continue;
      if (l.starts_with("-e") || l.starts_with("--editable") || l.starts_with('.') ||
          l.starts_with('/') || l.starts_with("file:") || l.find("@ file:") != std::string_view::npos)
        return files[k] + " installs local code (" + std::string(l.substr(0, 30)) + ")";
      if (l.starts_with("-f") || l.starts_with("--find-links"))
        if (l.find("://") == std::string_view::npos)
          return files[k] + " looks for packages in a local folder";
    }
  }
  return std::nullopt;
}

// A dependency of package.json given as a path ("./packages/util", "../lib", "/opt/x"): npm
// installs it from that folder, which the manifest layer does not have. Only the dependency
// objects count ("main": "./index.js" is no dependency).
bool has_path_dependency(std::string_view json) {
  for (std::string_view key : {"\"dependencies\"", "\"devDependencies\"", "\"optionalDependencies\"",
                               "\"peerDependencies\""}) {
    for (std::size_t at = json.find(key); at != std::string_view::npos; at = json.find(key, at + 1)) {
      std::size_t open = json.find('{', at);
      std::size_t close = open == std::string_view::npos ? open : json.find('}', open);
      if (close == std::string_view::npos) return true;  // unreadable: assume the worst
      std::string_view body = json.substr(open, close - open);
      for (std::size_t colon = body.find(':'); colon != std::string_view::npos;
           colon = body.find(':', colon + 1)) {
        std::size_t v = body.find_first_not_of(" \t\r\n", colon + 1);
        if (v == std::string_view::npos || body[v] != '"') continue;
        std::string_view value = body.substr(v + 1);
        if (value.starts_with("./") || value.starts_with("../") || value.starts_with("/") ||
            value.starts_with("~/") || value.starts_with(".\"") || value.starts_with("..\""))
          return true;
      }
    }
  }
  return false;
}

// The files a package-manager config names that the install reads from the context:
// `.npmrc` `cafile=`/`userconfig=`, `.yarnrc` `yarn-path`/`cafile`. Relative paths only (an
// absolute one is a path in the image).
std::vector<std::string> files_named_by_config(const std::string& name, const std::string& text) {
  std::vector<std::string> out;
  std::size_t begin = 0;
  while (begin < text.size()) {
    std::size_t end = text.find('\n', begin);
    if (end == std::string::npos) end = text.size();
    std::string_view line = trim(std::string_view(text).substr(begin, end - begin));
    begin = end + 1;
    std::string_view key, value;
    if (name == ".npmrc") {
      std::size_t eq = line.find('=');
      if (eq == std::string_view::npos) continue;
      key = trim(line.substr(0, eq));
      value = trim(line.substr(eq + 1));
      if (key != "cafile" && key != "userconfig" && key != "globalconfig") continue;
    } else {  // .yarnrc: `key "value"` or `key value`
      std::size_t space = line.find_first_of(" \t");
      if (space == std::string_view::npos) continue;
      key = line.substr(0, space);
      value = trim(line.substr(space + 1));
      if (key != "yarn-path" && key != "cafile" && key != "\"yarn-path\"") continue;
    }
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"')
      value = value.substr(1, value.size() - 2);
    if (value.empty() || value.starts_with("/") || value.starts_with("~") ||
        value.find('$') != std::string_view::npos)
      continue;
    while (value.starts_with("./")) value.remove_prefix(2);
    out.emplace_back(value);
  }
  return out;
}

// Why the manifests found are not enough for the install, from their content.
std::optional<std::string> check_contents(const Context& context, const Install& in,
                                          std::vector<std::string>& manifests) {
  switch (in.tool) {
    case Tool::Npm:
    case Tool::Yarn:
    case Tool::Pnpm: {
      std::string json = context.read("package.json");
      if (contains_any(json, {"\"workspaces\""}))
        return std::string("package.json declares workspaces, whose folders the install needs");
      if (contains_any(json, {"\"file:", "\"link:", "\"workspace:", "\"portal:"}))
        return std::string("package.json has local (file:, link:, workspace:) dependencies");
      if (has_path_dependency(json))
        return std::string("package.json has dependencies given as paths (\"./packages/util\")");
      if (!in.ignore_scripts &&
          contains_any(json, {"\"preinstall\"", "\"install\"", "\"postinstall\"", "\"prepare\"",
                              "\"prepublish\""}))
        return std::string("package.json has install scripts, which may need the sources");
      return std::nullopt;
    }
    case Tool::Pip: return check_requirements(context, manifests);
    case Tool::Pipenv:
      if (contains_any(context.read("Pipfile"), {"path =", "path=", "editable"}))
        return std::string("the Pipfile has path or editable dependencies");
      return std::nullopt;
    case Tool::Poetry:
      if (contains_any(context.read("pyproject.toml"), {"path =", "path=", "develop = true"}))
        return std::string("pyproject.toml has path dependencies");
      return std::nullopt;
    case Tool::Go:
      if (contains_any(context.read("go.mod"), {"=> ./", "=> ../", "=> /"}))
        return std::string("go.mod replaces modules with local folders");
      return std::nullopt;
    case Tool::Maven:
      if (contains_any(context.read("pom.xml"), {"<modules>"}))
        return std::string("pom.xml is a multi-module build, whose modules the install needs");
      return std::nullopt;
    case Tool::Bundler:
      if (contains_any(context.read("Gemfile"), {"gemspec", "path:", ":path"}))
        return std::string("the Gemfile loads the project's gemspec or path gems");
      return std::nullopt;
    case Tool::Composer: {
      std::string json = context.read("composer.json");
      if (!in.no_scripts && contains_any(json, {"\"scripts\""}))
        return std::string("composer.json has scripts, which may need the sources (use --no-scripts)");
      if (!in.no_autoloader && contains_any(json, {"\"classmap\"", "\"files\""}))
        return std::string("composer.json autoloads a classmap or files from the sources (use --no-autoloader)");
      if (contains_any(json, {"\"type\": \"path\"", "\"type\":\"path\""}))
        return std::string("composer.json has path repositories");
      return std::nullopt;
    }
    default: return std::nullopt;
  }
}

// The manifests to copy first, or why there is no fix.
struct Plan {
  std::vector<std::string> manifests;
  std::optional<std::string> no_fix;
};

Plan plan_for(const Context& context, const Install& in) {
  Plan plan;
  if (in.no_fix) return {{}, in.no_fix};
  for (const std::string& name : in.required) {
    if (!context.has_file(name))
      return {{}, name + (context.ignored(name) ? " is excluded by .dockerignore" : " is not in the build context")};
    plan.manifests.push_back(name);
  }
  if (auto reason = check_contents(context, in, plan.manifests)) return {{}, reason};
  for (const std::string& name : in.optional)
    if (context.has_file(name)) plan.manifests.push_back(name);
  // Files the package manager's config names come along, or the split is off.
  for (std::size_t i = 0, n = plan.manifests.size(); i < n; ++i) {
    const std::string& name = plan.manifests[i];
    if (name != ".npmrc" && name != ".yarnrc") continue;
    for (std::string& file : files_named_by_config(name, context.read(name))) {
      if (!context.has_file(file))
        return {{}, name + " names " + file + ", which is not a file of the build context"};
      // The manifests are copied side by side into one folder: a subfolder would be lost.
      if (file.find('/') != std::string::npos)
        return {{}, name + " names " + file + ", in a folder the manifest COPY would not keep"};
      plan.manifests.push_back(std::move(file));
    }
  }
  for (std::size_t i = plan.manifests.size(); i-- > 1;)  // `-r a.txt -c a.txt`: copy it once
    if (std::find(plan.manifests.begin(), plan.manifests.begin() + static_cast<std::ptrdiff_t>(i),
                  plan.manifests[i]) != plan.manifests.begin() + static_cast<std::ptrdiff_t>(i))
      plan.manifests.erase(plan.manifests.begin() + static_cast<std::ptrdiff_t>(i));
  for (const std::string& name : in.blockers)
    if (context.has(name)) return {{}, "the context holds " + name + ", which the install would miss"};
  for (const std::string& name : in.outputs)
    if (context.has(name))
      return {{}, "the context holds " + name + ", which COPY . would copy over the installed one"};
  return plan;
}

// --- the rewrite ----------------------------------------------------------------------------

bool span_has_comment_line(const Node& node, Span span) {
  for (const Token& token : node.tokens)
    if (token.kind == TokenKind::CommentLine && token.span.begin < span.end &&
        token.span.end > span.begin)
      return true;
  return false;
}

std::string_view line_ending(std::string_view text) {
  std::size_t n = text.size();
  while (n > 0 && (text[n - 1] == '\n' || text[n - 1] == '\r')) --n;
  return text.substr(n);
}

// Where the comment lines right above node `index` of doc.nodes begin.
std::size_t block_begin(const Document& doc, std::size_t index) {
  std::size_t begin = doc.nodes[index].span.begin;
  while (index > 0 && doc.nodes[index - 1].kind == NodeKind::Comment) begin = doc.nodes[--index].span.begin;
  return begin;
}

// `npm cache clean --force`, `yarn cache clean`, `pnpm store prune`, `pip cache purge`, or an
// `rm` of cache folders only (`rm -rf ~/.npm /root/.cache/pip`).
bool cleans_a_cache(const ShellPipeline& pipeline) {
  if (pipeline.negated || pipeline.commands.size() != 1) return false;
  const ShellCommand& c = pipeline.commands.front();
  if (c.kind != ShellCommandKind::Simple || !c.redirects.empty() || c.words.size() < 2) return false;
  std::string_view name = c.name();
  auto arg = [&](std::size_t i) {
    return i < c.words.size() ? std::string_view(c.words[i].value) : std::string_view();
  };
  if (name == "npm" || name == "yarn")
    return arg(1) == "cache" && (arg(2) == "clean" || arg(2) == "clear");
  if (name == "pnpm") return arg(1) == "store" && arg(2) == "prune";
  if (name == "pip" || name == "pip3") return arg(1) == "cache" && arg(2) == "purge";
  if (name != "rm") return false;
  bool any = false;
  for (std::size_t i = 1; i < c.words.size(); ++i) {
    std::string_view w = c.words[i].text;
    if (w.starts_with("-")) continue;
    if (w.find("cache") == std::string_view::npos && w.find(".npm") == std::string_view::npos)
      return false;
    any = true;
  }
  return any;
}

struct Found {
  std::size_t run;  // instruction index
  const ShellCommand* command;
  Install install;
};

class DependencyLayer final : public Rule {
 public:
  const RuleInfo& info() const override { return kInfo; }

  void check(const Document& doc, const RuleContext& context,
             std::vector<Finding>& findings) const override {
    const StageMap& stages = StageMap::of(doc);
    const auto& instructions = stages.instructions();
    std::optional<Context> build_context;  // read when a COPY . is followed by an install
    bool context_read = false;
    for (std::size_t i = 0; i < instructions.size(); ++i) {
      const Instruction& copy = *instructions[i]->instruction;
      if (!is_copy_of_everything(copy) || !stages.facts(i).stage) continue;
      std::size_t end = stages.stages()[*stages.facts(i).stage].end;
      std::optional<Found> found;
      for (std::size_t j = i + 1; j < end && !found; ++j) {
        const Instruction& ins = *instructions[j]->instruction;
        if (is_copy_of_everything(ins)) break;  // the later COPY . is the one to look at
        if (ins.keyword != Keyword::Run || !stages.facts(j).posix_shell) continue;
        std::optional<RunScript> run = parse_run_script(ins);
        if (!run || !run->shell.parsed) continue;
        for (const ShellCommand* cmd : simple_commands(run->shell.list))
          if (auto install = dependency_install(*cmd)) {
            found = Found{j, cmd, std::move(*install)};
            break;
          }
      }
      if (!found) continue;
      if (!std::exchange(context_read, true)) {
        if (context.build_context && probe_path(*context.build_context) == PathKind::Directory)
          build_context.emplace(*context.build_context, doc.path());
      }
      check_pair(doc, stages, build_context, i, *found, findings);
    }
  }

 private:
  static bool is_copy_of_everything(const Instruction& ins) {
    return ins.keyword == Keyword::Copy && ins.arguments.size() == 2 && ins.heredocs.empty() &&
           !ins.has_flag("from") && (ins.arguments[0] == "." || ins.arguments[0] == "./");
  }

  static void check_pair(const Document& doc, const StageMap& stages,
                         const std::optional<Context>& context, std::size_t copy_index,
                         const Found& found, std::vector<Finding>& findings) {
    const Node& copy_node = *stages.instructions()[copy_index];
    const Instruction& copy = *copy_node.instruction;
    const Node& run_node = *stages.instructions()[found.run];
    // The command as written, shortened to its first words.
    std::string command;
    for (const ShellWord& w : found.command->words) {
      if (command.size() + w.text.size() > 40) {
        command += " ...";
        break;
      }
      command += (command.empty() ? "" : " ") + w.text;
    }
    std::string manifests = "the " + std::string(dependency_tool_name(found.install.tool)) + " manifests";
    std::string why_not;
    std::optional<Fix> fix;
    if (!context) {
      why_not = "the build context is unknown, so are the manifests in it";
    } else {
      Plan plan = plan_for(*context, found.install);
      if (plan.no_fix) {
        why_not = *plan.no_fix;
      } else {
        fix = rewrite(doc, stages, copy_index, found, plan.manifests, why_not);
        manifests.clear();
        for (const std::string& m : plan.manifests) manifests += (manifests.empty() ? "" : ", ") + m;
      }
    }
    Finding finding{std::string(kInfo.id), copy.keyword_span.begin,
                    "COPY . comes before `" + command + "` (line " +
                        std::to_string(doc.position(run_node.span.begin).line) +
                        "): every change to any file reruns the install; copy " + manifests +
                        " first, install, then copy the rest",
                    std::move(fix)};
    if (!finding.fix) finding.message += " (no fix: " + why_not + ")";
    findings.push_back(std::move(finding));
  }

  static std::optional<Fix> rewrite(const Document& doc, const StageMap& stages, std::size_t copy_index,
                                    const Found& found, const std::vector<std::string>& manifests,
                                    std::string& why_not) {
    const Node& copy_node = *stages.instructions()[copy_index];
    const Instruction& copy = *copy_node.instruction;
    const Node& run_node = *stages.instructions()[found.run];
    const Instruction& run_ins = *run_node.instruction;
    // Only WORKDIRs may stand between them; the COPY moves down past those.
    bool workdir_between = false;
    for (std::size_t j = copy_index + 1; j < found.run; ++j) {
      if (stages.instructions()[j]->instruction->keyword != Keyword::Workdir) {
        why_not = "an instruction other than WORKDIR stands between the COPY and the install";
        return std::nullopt;
      }
      workdir_between = true;
    }
    for (const Flag& flag : copy.flags)
      if (!one_of(flag.name(), {"chown", "chmod", "link"})) {
        why_not = "the COPY has a --" + std::string(flag.name()) + " flag";
        return std::nullopt;
      }
    // The COPY must fill the folder the install runs in.
    const std::optional<std::string>& cwd = stages.facts(found.run).workdir;
    auto dest = literal_copy_argument(copy.arguments[1], doc.escape);
    bool fills_cwd = false;
    if (dest && dest->find_first_of(" \t\"'") == std::string::npos) {
      if (!workdir_between)
        fills_cwd = *dest == "." || *dest == "./" || (cwd && copy_destination(copy, doc.escape, cwd) == cwd);
      else  // moved past the WORKDIRs, a relative destination would change
        fills_cwd = dest->starts_with('/') && cwd && clean_path(*dest) == *cwd;
    }
    if (!fills_cwd) {
      why_not = "the COPY does not copy into the working directory the install runs in";
      return std::nullopt;
    }
    if (workdir_between) {
      // WORKDIR now creates the folder, owned by the current USER; COPY made it root's.
      const std::optional<std::string>& user = stages.facts(copy_index).user;
      if (copy.has_flag("chown") || copy.has_flag("chmod") || (user && !is_root_user(*user))) {
        why_not = "the folder would be created by WORKDIR, not by the COPY with its owner";
        return std::nullopt;
      }
    }
    std::optional<RunScript> run = parse_run_script(run_ins);
    if (!run || !is_and_chain(run->shell)) {
      why_not = "the install RUN is not a plain && chain";
      return std::nullopt;
    }
    const auto& pipelines = run->shell.list.items.front().and_or.pipelines;
    const ShellPipeline& first = pipelines.front();
    if (first.negated || first.commands.size() != 1 || &first.commands.front() != found.command) {
      why_not = "the install is not the first command of its RUN";
      return std::nullopt;
    }

    // Commands right after the install that only clean its cache move with it: left behind
    // after `COPY .` they would clean nothing and cost a layer.
    std::size_t head = 1;
    while (head < pipelines.size() && cleans_a_cache(pipelines[head])) ++head;

    const FileStyle& style = file_style(doc);
    std::string newline = node_newline(doc, copy_node, style.newline);
    std::string indent(doc.text({copy_node.span.begin, copy.keyword_span.begin}));
    std::string manifest_copy = indent + spell_like("COPY", copy.keyword_text);
    for (const Flag& flag : copy.flags) manifest_copy += " " + std::string(doc.text(flag.source));
    for (const std::string& m : manifests) manifest_copy += " " + m;
    std::string dir = *dest == "." ? "./" : dest->ends_with('/') ? *dest : *dest + "/";
    manifest_copy += " " + dir + newline;

    // The text from the COPY (and the comment lines above it) to the end of the RUN becomes:
    // what stood between them, the manifest COPY, the install, the COPY, the rest of the RUN.
    std::size_t nodes_copy = static_cast<std::size_t>(&copy_node - doc.nodes.data());
    std::size_t nodes_run = static_cast<std::size_t>(&run_node - doc.nodes.data());
    std::size_t copy_begin = block_begin(doc, nodes_copy);
    std::string_view copy_block = doc.text({copy_begin, copy_node.span.end});
    Span region{copy_begin, run_node.span.end};
    std::string text;
    if (pipelines.size() == head) {
      // The whole RUN moves, with the comment lines right above it.
      std::size_t run_begin = std::max(block_begin(doc, nodes_run), copy_node.span.end);
      std::string_view run_block = doc.text({run_begin, run_node.span.end});
      bool at_end = line_ending(run_block).empty();
      text = std::string(doc.text({copy_node.span.end, run_begin})) + manifest_copy +
             std::string(run_block) + (at_end ? newline : "") + std::string(copy_block);
      if (at_end) text.resize(text.size() - line_ending(text).size());
      return Fix{FixSafety::Unsafe, {{region, std::move(text)}}};
    }
    // The first part of the chain moves, as a RUN of its own with the same flags.
    Span install{run->to_source(first.span).begin, run->to_source(pipelines[head - 1].span).end};
    Span removed{install.begin, run->to_source(pipelines[head].span).begin};
    if (span_has_comment_line(run_node, {run_node.span.begin, removed.end})) {
      why_not = "a comment line sits inside the part of the RUN that would move";
      return std::nullopt;
    }
    text = std::string(doc.text({copy_node.span.end, run_node.span.begin})) + manifest_copy +
           std::string(doc.text({run_node.span.begin, install.begin})) +
           std::string(doc.text(install)) + newline + std::string(copy_block) +
           std::string(doc.text({run_node.span.begin, removed.begin})) +
           std::string(doc.text({removed.end, run_node.span.end}));
    return Fix{FixSafety::Unsafe, {{region, std::move(text)}}};
  }
};

}  // namespace

std::unique_ptr<Rule> make_dependency_layer() { return std::make_unique<DependencyLayer>(); }

}  // namespace dfopt
