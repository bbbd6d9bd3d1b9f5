// DF205 dependency-layer: input and expected output side by side, each with the build context it
// needs; the fix is unsafe, so it applies only with --unsafe-fixes. The not-safe cases expect the
// input back unchanged, with a finding that says why there is no fix.
#include <catch2/catch.hpp>

#include <filesystem>

#include "context/dockerignore.h"
#include "engine/optimizer.h"
#include "test_support.h"
#include "transforms/registry.h"

using namespace dfopt;
using dfopt::test::TempDir;

namespace {

OptimizeResult run_rule(const std::string& input, std::optional<std::filesystem::path> context,
                        bool unsafe = true) {
  OptimizeOptions options;
  options.apply_unsafe_fixes = unsafe;
  options.context.build_context = context;
  std::string path = context ? (*context / "Dockerfile").string() : "Dockerfile";
  return optimize(input, path, {find_rule("DF205")}, options);
}

std::string fixed(const std::string& input, const std::filesystem::path& context) {
  return run_rule(input, context).output;
}

void put(const std::filesystem::path& root, const std::string& relative, const std::string& text = "{}\n") {
  std::filesystem::create_directories((root / relative).parent_path());
  dfopt::test::write_file(root / relative, text);
}

// The one finding's message when the input stays as it is.
std::string unfixed(const std::string& input, std::optional<std::filesystem::path> context) {
  OptimizeResult result = run_rule(input, context);
  CHECK(result.output == input);
  REQUIRE(result.findings.size() == 1);
  CHECK_FALSE(result.findings[0].fix);
  return result.findings[0].message;
}

}  // namespace

TEST_CASE("DF205: manifests first, then the install, then the rest", "[rules][DF205]") {
  TempDir dir;
  put(dir.path(), "package.json");
  put(dir.path(), "package-lock.json");
  put(dir.path(), "server.js", "");
  std::string input = "FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm ci\nCMD [\"node\", \"server.js\"]\n";
  CHECK(fixed(input, dir.path()) ==
        "FROM node:20\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN npm ci\nCOPY . .\n"
        "CMD [\"node\", \"server.js\"]\n");
  // Unsafe: not applied by default.
  auto safe = run_rule(input, dir.path(), false);
  CHECK(safe.output == input);
  REQUIRE(safe.findings.size() == 1);
  CHECK(safe.findings[0].fix->safety == FixSafety::Unsafe);
  CHECK(safe.findings[0].message ==
        "COPY . comes before `npm ci` (line 4): every change to any file reruns the install; copy "
        "package.json, package-lock.json first, install, then copy the rest");
  // The destination may be the known WORKDIR written out; the new COPY gets a trailing slash.
  CHECK(fixed("FROM node:20\nWORKDIR /app\nCOPY . /app\nRUN npm install\n", dir.path()) ==
        "FROM node:20\nWORKDIR /app\nCOPY package.json package-lock.json /app/\nRUN npm install\n"
        "COPY . /app\n");
  // yarn, with the lock file it has.
  put(dir.path(), "yarn.lock", "");
  CHECK(fixed("FROM node:20\nCOPY . .\nRUN yarn --frozen-lockfile\n", dir.path()) ==
        "FROM node:20\nCOPY package.json yarn.lock ./\nRUN yarn --frozen-lockfile\nCOPY . .\n");
}

TEST_CASE("DF205: pip, pipenv, poetry, go, maven, bundler, composer", "[rules][DF205]") {
  TempDir dir;
  put(dir.path(), "requirements.txt", "flask==3.0\n-r base.txt\n");
  put(dir.path(), "base.txt", "requests==2.31\n");
  CHECK(fixed("FROM python:3.12\nWORKDIR /app\nCOPY . .\nRUN pip install --no-cache-dir -r requirements.txt\n",
              dir.path()) ==
        "FROM python:3.12\nWORKDIR /app\nCOPY requirements.txt base.txt ./\n"
        "RUN pip install --no-cache-dir -r requirements.txt\nCOPY . .\n");
  CHECK(fixed("FROM python:3.12\nCOPY . .\nRUN python -m pip install -r ./requirements.txt gunicorn\n",
              dir.path()) ==
        "FROM python:3.12\nCOPY requirements.txt base.txt ./\n"
        "RUN python -m pip install -r ./requirements.txt gunicorn\nCOPY . .\n");

  TempDir poetry;
  put(poetry.path(), "pyproject.toml", "[tool.poetry]\nname = \"x\"\n");
  put(poetry.path(), "poetry.lock", "");
  CHECK(fixed("FROM python\nCOPY . .\nRUN poetry install --no-root --only main\n", poetry.path()) ==
        "FROM python\nCOPY pyproject.toml poetry.lock ./\nRUN poetry install --no-root --only main\nCOPY . .\n");

  TempDir pipenv;
  put(pipenv.path(), "Pipfile", "[packages]\nflask = \"*\"\n");
  CHECK(fixed("FROM python\nCOPY . .\nRUN pipenv install --system --deploy\n", pipenv.path()) ==
        "FROM python\nCOPY Pipfile ./\nRUN pipenv install --system --deploy\nCOPY . .\n");

  TempDir go;
  put(go.path(), "go.mod", "module x\n\ngo 1.22\n");
  put(go.path(), "go.sum", "");
  CHECK(fixed("FROM golang\nWORKDIR /src\nCOPY . .\nRUN go mod download && go build -o /app .\n",
              go.path()) ==
        "FROM golang\nWORKDIR /src\nCOPY go.mod go.sum ./\nRUN go mod download\nCOPY . .\n"
        "RUN go build -o /app .\n");

  TempDir maven;
  put(maven.path(), "pom.xml", "<project></project>\n");
  CHECK(fixed("FROM maven\nWORKDIR /b\nCOPY . .\nRUN mvn -B dependency:go-offline\n", maven.path()) ==
        "FROM maven\nWORKDIR /b\nCOPY pom.xml ./\nRUN mvn -B dependency:go-offline\nCOPY . .\n");

  TempDir ruby;
  put(ruby.path(), "Gemfile", "source \"https://rubygems.org\"\ngem \"rails\"\n");
  put(ruby.path(), "Gemfile.lock", "");
  CHECK(fixed("FROM ruby\nWORKDIR /app\nCOPY . .\nRUN bundle install --jobs 4\n", ruby.path()) ==
        "FROM ruby\nWORKDIR /app\nCOPY Gemfile Gemfile.lock ./\nRUN bundle install --jobs 4\nCOPY . .\n");

  TempDir php;
  put(php.path(), "composer.json", "{\"require\": {\"monolog/monolog\": \"^3\"}}\n");
  put(php.path(), "composer.lock");
  CHECK(fixed("FROM php\nWORKDIR /app\nCOPY . .\nRUN composer install --no-dev\n", php.path()) ==
        "FROM php\nWORKDIR /app\nCOPY composer.json composer.lock ./\nRUN composer install --no-dev\n"
        "COPY . .\n");
}

TEST_CASE("DF205: the first part of a chain moves on its own; style follows the file",
          "[rules][DF205]") {
  TempDir dir;
  put(dir.path(), "package.json");
  // The rest of the chain stays after COPY ., with the RUN's flags on both parts.
  CHECK(fixed("FROM node\nCOPY . .\nRUN --mount=type=cache,target=/root/.npm npm ci && npm run build\n",
              dir.path()) ==
        "FROM node\nCOPY package.json ./\nRUN --mount=type=cache,target=/root/.npm npm ci\nCOPY . .\n"
        "RUN --mount=type=cache,target=/root/.npm npm run build\n");
  CHECK(fixed("FROM node\nCOPY . .\nRUN npm ci \\\n    && npm run build \\\n    && npm prune\n", dir.path()) ==
        "FROM node\nCOPY package.json ./\nRUN npm ci\nCOPY . .\nRUN npm run build \\\n    && npm prune\n");
  // CRLF, lowercase keywords, indentation, --chown repeated, comments travel with their lines.
  CHECK(fixed("from node\r\n  workdir /app\r\n  # everything\r\n  copy --chown=node:node . .\r\n"
              "  # dependencies\r\n  run npm ci \\\r\n      --omit=dev\r\n  cmd [\"node\", \"s.js\"]\r\n",
              dir.path()) ==
        "from node\r\n  workdir /app\r\n  copy --chown=node:node package.json ./\r\n  # dependencies\r\n"
        "  run npm ci \\\r\n      --omit=dev\r\n  # everything\r\n  copy --chown=node:node . .\r\n"
        "  cmd [\"node\", \"s.js\"]\r\n");
  // Blank lines and unattached comments between COPY and RUN stay above the new COPY.
  CHECK(fixed("FROM node\nCOPY . .\n# note\n\nRUN npm ci\n", dir.path()) ==
        "FROM node\n# note\n\nCOPY package.json ./\nRUN npm ci\nCOPY . .\n");
  // No final newline stays no final newline.
  CHECK(fixed("FROM node\nCOPY . .\nRUN npm ci", dir.path()) ==
        "FROM node\nCOPY package.json ./\nRUN npm ci\nCOPY . .");
  CHECK(fixed("FROM node\r\nCOPY . .\r\n\r\nRUN npm ci", dir.path()) ==
        "FROM node\r\n\r\nCOPY package.json ./\r\nRUN npm ci\r\nCOPY . .");
  // A WORKDIR between them: the COPY moves down past it.
  CHECK(fixed("FROM ruby\nCOPY . /usr/src/app\nWORKDIR /usr/src/app\nRUN npm ci && make\n", dir.path()) ==
        "FROM ruby\nWORKDIR /usr/src/app\nCOPY package.json /usr/src/app/\nRUN npm ci\n"
        "COPY . /usr/src/app\nRUN make\n");
  CHECK(fixed("FROM ruby\n# all\nCOPY . /app/\n\nWORKDIR /app\n# deps\nRUN npm ci\n", dir.path()) ==
        "FROM ruby\n\nWORKDIR /app\nCOPY package.json /app/\n# deps\nRUN npm ci\n# all\nCOPY . /app/\n");
}

TEST_CASE("DF205: reported without a fix", "[rules][DF205]") {
  TempDir dir;
  put(dir.path(), "package.json");
  put(dir.path(), "requirements.txt", "flask\n");
  // No build context: the manifests are unknown.
  CHECK_THAT(unfixed("FROM node\nCOPY . .\nRUN npm ci\n", std::nullopt),
             Catch::Contains("build context is unknown"));
  // Manifests missing from the context.
  TempDir empty;
  CHECK_THAT(unfixed("FROM node\nCOPY . .\nRUN npm ci\n", empty.path()),
             Catch::Contains("package.json is not in the build context"));
  // The install not right after the COPY, or not first in its RUN, or the RUN not a plain chain.
  CHECK_THAT(unfixed("FROM node\nCOPY . .\nENV CI=1\nRUN npm ci\n", dir.path()),
             Catch::Contains("other than WORKDIR stands between"));
  // With a WORKDIR between: a relative destination, another folder, an owner of its own.
  CHECK_THAT(unfixed("FROM node\nCOPY . .\nWORKDIR /app\nRUN npm ci\n", dir.path()),
             Catch::Contains("working directory"));
  CHECK_THAT(unfixed("FROM node\nCOPY . /src\nWORKDIR /app\nRUN npm ci\n", dir.path()),
             Catch::Contains("working directory"));
  CHECK_THAT(unfixed("FROM node\nCOPY --chown=node . /app\nWORKDIR /app\nRUN npm ci\n", dir.path()),
             Catch::Contains("created by WORKDIR"));
  CHECK_THAT(unfixed("FROM node\nUSER node\nCOPY . /app\nWORKDIR /app\nRUN npm ci\n", dir.path()),
             Catch::Contains("created by WORKDIR"));
  CHECK_THAT(unfixed("FROM node\nCOPY . .\nRUN echo hi && npm ci\n", dir.path()),
             Catch::Contains("not the first command"));
  CHECK_THAT(unfixed("FROM node\nCOPY . .\nRUN npm ci; npm run build\n", dir.path()),
             Catch::Contains("not a plain && chain"));
  CHECK_THAT(unfixed("FROM node\nCOPY . .\nRUN npm ci \\\n# why\n && npm run build\n", dir.path()),
             Catch::Contains("comment line"));
  // The COPY does not fill the working directory.
  CHECK_THAT(unfixed("FROM node\nWORKDIR /app\nCOPY . /src\nRUN npm ci\n", dir.path()),
             Catch::Contains("working directory"));
  CHECK_THAT(unfixed("FROM node\nCOPY . src\nRUN npm ci\n", dir.path()),
             Catch::Contains("working directory"));
  CHECK_THAT(unfixed("FROM node\nCOPY --exclude=*.md . .\nRUN npm ci\n", dir.path()),
             Catch::Contains("--exclude"));
  // Local code and commands whose install needs the sources.
  CHECK_THAT(unfixed("FROM python\nCOPY . .\nRUN pip install .\n", dir.path()),
             Catch::Contains("local code"));
  CHECK_THAT(unfixed("FROM python\nCOPY . .\nRUN pip install -r requirements.txt -e .\n", dir.path()),
             Catch::Contains("local code"));
  CHECK_THAT(unfixed("FROM python\nCOPY . .\nRUN poetry install\n", dir.path()),
             Catch::Contains("--no-root"));
  CHECK_THAT(unfixed("FROM rust\nCOPY . .\nRUN cargo build --release\n", dir.path()),
             Catch::Contains("src/main.rs"));
  CHECK_THAT(unfixed("FROM maven\nCOPY . .\nRUN mvn -B package\n", dir.path()),
             Catch::Contains("go-offline"));
  CHECK_THAT(unfixed("FROM gradle\nCOPY . .\nRUN ./gradlew build\n", dir.path()),
             Catch::Contains("Gradle"));
  CHECK_THAT(unfixed("FROM python\nCOPY . .\nRUN pip install -r reqs/prod.txt\n", dir.path()),
             Catch::Contains("not at the top"));
}

TEST_CASE("DF205: what the context shows can rule the fix out", "[rules][DF205]") {
  std::string npm = "FROM node\nCOPY . .\nRUN npm ci\n";
  for (auto [package_json, reason] : std::vector<std::pair<std::string, std::string>>{
           {"{\"workspaces\": [\"a\"]}", "workspaces"},
           {"{\"dependencies\": {\"x\": \"file:../x\"}}", "local"},
           {"{\"scripts\": {\"postinstall\": \"node build.js\"}}", "install scripts"},
       }) {
    TempDir dir;
    put(dir.path(), "package.json", package_json);
    CHECK_THAT(unfixed(npm, dir.path()), Catch::Contains(reason));
  }
  {
    // --ignore-scripts: the scripts do not run.
    TempDir dir;
    put(dir.path(), "package.json", "{\"scripts\": {\"prepare\": \"tsc\"}}");
    CHECK(fixed("FROM node\nCOPY . .\nRUN npm ci --ignore-scripts\n", dir.path()) ==
          "FROM node\nCOPY package.json ./\nRUN npm ci --ignore-scripts\nCOPY . .\n");
  }
  {
    // node_modules in the context would be copied over the installed one...
    TempDir dir;
    put(dir.path(), "package.json");
    put(dir.path(), "node_modules/x/index.js");
    CHECK_THAT(unfixed(npm, dir.path()), Catch::Contains("node_modules"));
    // ...unless .dockerignore keeps it out.
    put(dir.path(), ".dockerignore", "# local\n**/node_modules\n*.md\n");
    CHECK(fixed(npm, dir.path()) == "FROM node\nCOPY package.json ./\nRUN npm ci\nCOPY . .\n");
    // A manifest the .dockerignore excludes is not in the context.
    put(dir.path(), ".dockerignore", "node_modules\npackage.json\n");
    CHECK_THAT(unfixed(npm, dir.path()), Catch::Contains("excluded by .dockerignore"));
  }
  {
    TempDir dir;
    put(dir.path(), "requirements.txt", "-e ./lib\nflask\n");
    CHECK_THAT(unfixed("FROM python\nCOPY . .\nRUN pip install -r requirements.txt\n", dir.path()),
               Catch::Contains("local code"));
  }
  {
    TempDir dir;
    put(dir.path(), "go.mod", "module x\nreplace y => ../y\n");
    CHECK_THAT(unfixed("FROM golang\nCOPY . .\nRUN go mod download\n", dir.path()),
               Catch::Contains("local folders"));
  }
  {
    TempDir dir;
    put(dir.path(), "package.json");
    put(dir.path(), ".yarnrc.yml", "yarnPath: .yarn/releases/yarn.cjs\n");
    CHECK_THAT(unfixed("FROM node\nCOPY . .\nRUN yarn install\n", dir.path()), Catch::Contains(".yarnrc.yml"));
  }
  {
    TempDir dir;
    put(dir.path(), "composer.json", "{\"scripts\": {\"post-install-cmd\": \"x\"}}");
    CHECK_THAT(unfixed("FROM php\nCOPY . .\nRUN composer install\n", dir.path()), Catch::Contains("scripts"));
  }
}

TEST_CASE("DF205: not a dependency install after COPY . - nothing reported", "[rules][DF205]") {
  TempDir dir;
  put(dir.path(), "package.json");
  for (std::string input : {
           "FROM node\nCOPY . .\nRUN npm install -g typescript\n",   // packages named
           "FROM python\nCOPY . .\nRUN pip install flask\n",
           "FROM node\nCOPY . .\nRUN [\"npm\", \"ci\"]\n",           // exec form
           "FROM node\nCOPY . .\nRUN <<EOF\nnpm ci\nEOF\n",          // heredoc
           "FROM node\nRUN npm ci\nCOPY . .\n",                      // already before
           "FROM node\nCOPY --from=build . .\nRUN npm ci\n",         // another stage's files
           "FROM node\nCOPY src/ .\nRUN npm ci\n",                   // not the whole context
           "FROM node\nCOPY . .\nFROM node\nRUN npm ci\n",           // another stage
           "FROM node\nCOPY . .\nRUN npm run build\n",
       }) {
    INFO(input);
    OptimizeResult result = run_rule(input, dir.path());
    CHECK(result.output == input);
    CHECK(result.findings.empty());
  }
}

TEST_CASE("DF205: idempotent", "[rules][DF205]") {
  TempDir dir;
  put(dir.path(), "package.json");
  put(dir.path(), "requirements.txt", "flask\n");
  std::string once = fixed("FROM x\nWORKDIR /app\nCOPY . .\nRUN npm ci && pip install -r requirements.txt "
                           "&& make\n",
                           dir.path());
  // The second install becomes the first part of what is left and moves up in the next round.
  CHECK(once ==
        "FROM x\nWORKDIR /app\nCOPY package.json ./\nRUN npm ci\nCOPY requirements.txt ./\n"
        "RUN pip install -r requirements.txt\nCOPY . .\nRUN make\n");
  CHECK(fixed(once, dir.path()) == once);
  CHECK(run_rule(once, dir.path()).findings.empty());
}

TEST_CASE("DF205: .dockerignore patterns as BuildKit reads them", "[rules][DF205]") {
  DockerIgnore ignore("# comment\n/node_modules\n**/*.log\n*.md\n!README.md\nbuild/\ndocs/**/*.png\n");
  CHECK(ignore.excludes("node_modules"));
  CHECK(ignore.excludes("node_modules/x/y.js"));  // a parent folder matches
  CHECK(ignore.excludes("a/b/c.log"));
  CHECK(ignore.excludes("c.log"));
  CHECK(ignore.excludes("CHANGES.md"));
  CHECK_FALSE(ignore.excludes("README.md"));      // re-included
  CHECK_FALSE(ignore.excludes("sub/CHANGES.md")); // `*` stays within one folder
  CHECK(ignore.excludes("build/out.o"));
  CHECK(ignore.excludes("docs/a/b/x.png"));
  CHECK_FALSE(ignore.excludes("package.json"));
  CHECK_FALSE(ignore.excludes("src/node_modules_helper.js"));
}

TEST_CASE("DF205: files a package-manager config names come along, or stop the split",
          "[rules][DF205][safety]") {
  const std::string input = "FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm ci\n";
  {
    TempDir dir;
    put(dir.path(), "package.json");
    put(dir.path(), ".npmrc", "registry=https://npm.example.com/\ncafile=corp-ca.pem\n");
    put(dir.path(), "corp-ca.pem", "-----BEGIN CERTIFICATE-----\n");
    CHECK(fixed(input, dir.path()) ==
          "FROM node:20\nWORKDIR /app\nCOPY package.json .npmrc corp-ca.pem ./\nRUN npm ci\nCOPY . .\n");
  }
  {
    TempDir dir;
    put(dir.path(), "package.json");
    put(dir.path(), ".npmrc", "cafile=certs/ca.pem\n");
    put(dir.path(), "certs/ca.pem", "x\n");
    CHECK(unfixed(input, dir.path()).find("certs/ca.pem") != std::string::npos);
  }
  {
    TempDir dir;
    put(dir.path(), "package.json");
    put(dir.path(), "yarn.lock", "");
    put(dir.path(), ".yarnrc", "yarn-path \".yarn/releases/yarn-1.22.19.cjs\"\n");
    put(dir.path(), ".yarn/releases/yarn-1.22.19.cjs", "");
    CHECK(unfixed("FROM node:20\nWORKDIR /app\nCOPY . .\nRUN yarn install\n", dir.path())
              .find(".yarn/releases") != std::string::npos);
  }
  {
    TempDir dir;
    put(dir.path(), ".npmrc", "cafile=/etc/ssl/certs/ca.pem\n");  // a path in the image
    put(dir.path(), "package.json");
    CHECK(fixed(input, dir.path()) ==
          "FROM node:20\nWORKDIR /app\nCOPY package.json .npmrc ./\nRUN npm ci\nCOPY . .\n");
  }
}

TEST_CASE("DF205: dependencies given as paths withhold the split", "[rules][DF205][safety]") {
  TempDir dir;
  put(dir.path(), "package.json",
      "{\"main\": \"./index.js\", \"dependencies\": {\"util\": \"./packages/util\"}}\n");
  CHECK(unfixed("FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm ci\n", dir.path())
            .find("paths") != std::string::npos);
  TempDir plain;
  put(plain.path(), "package.json", "{\"main\": \"./index.js\", \"dependencies\": {\"x\": \"^1.0.0\"}}\n");
  CHECK(fixed("FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm ci\n", plain.path()) ==
        "FROM node:20\nWORKDIR /app\nCOPY package.json ./\nRUN npm ci\nCOPY . .\n");
}

TEST_CASE("DF205: the install's cache cleanup moves with it", "[rules][DF205][safety]") {
  TempDir dir;
  put(dir.path(), "package.json");
  CHECK(fixed("FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm ci && npm cache clean --force\n", dir.path()) ==
        "FROM node:20\nWORKDIR /app\nCOPY package.json ./\nRUN npm ci && npm cache clean --force\nCOPY . .\n");
  CHECK(fixed("FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm ci && rm -rf ~/.npm && npm run build\n",
              dir.path()) ==
        "FROM node:20\nWORKDIR /app\nCOPY package.json ./\nRUN npm ci && rm -rf ~/.npm\nCOPY . .\n"
        "RUN npm run build\n");
}

TEST_CASE("DF205 with DF116 and DF307: one --fix run reaches the fixed point", "[rules][DF205][safety]") {
  TempDir dir;
  put(dir.path(), "package.json");
  put(dir.path(), "package-lock.json");
  put(dir.path(), "src/a.js", "x\n");
  OptimizeOptions options;
  options.apply_unsafe_fixes = true;
  options.context.build_context = dir.path();
  std::vector<const Rule*> rules = {find_rule("DF116"), find_rule("DF205"), find_rule("DF307")};
  std::string path = (dir.path() / "Dockerfile").string();
  OptimizeResult once = optimize("FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm ci\n", path, rules, options);
  CHECK(once.output ==
        "FROM node:20\nWORKDIR /app\nCOPY package.json package-lock.json ./\n"
        "RUN npm ci && npm cache clean --force\nCOPY . .\n");
  // With the .dockerignore DF307 proposes in place, nothing more changes.
  for (const Finding& f : once.findings)
    if (f.fix)
      for (const NewFile& file : f.fix->new_files) dfopt::test::write_file(file.path, file.content);
  OptimizeResult twice = optimize(once.output, path, rules, options);
  CHECK(twice.output == once.output);
}
