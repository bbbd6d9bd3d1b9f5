// DF204 copy-order: input and expected output side by side; the not-safe cases expect the input
// back unchanged (at most a finding without a fix).
#include <catch2/catch.hpp>

#include <filesystem>

#include "analysis/copy_paths.h"
#include "engine/optimizer.h"
#include "test_support.h"
#include "transforms/registry.h"

using namespace dfopt;
using dfopt::test::TempDir;

namespace {

OptimizeResult run_rule(const std::string& input,
                        std::optional<std::filesystem::path> context = std::nullopt) {
  OptimizeOptions options;
  options.context.build_context = context;
  std::string path = context ? (*context / "Dockerfile").string() : "Dockerfile";
  return optimize(input, path, {find_rule("DF204")}, options);
}

std::string fixed(const std::string& input,
                  std::optional<std::filesystem::path> context = std::nullopt) {
  return run_rule(input, context).output;
}

// A file in a test build context, with its folders.
void put(const std::filesystem::path& root, const std::string& relative, const std::string& text = "x\n") {
  std::filesystem::create_directories((root / relative).parent_path());
  dfopt::test::write_file(root / relative, text);
}

}  // namespace

TEST_CASE("DF204: volatile sources move after stable ones", "[rules][DF204]") {
  // The guide's case: application code before the libraries.
  CHECK(fixed("FROM a\nCOPY app/ /srv/app/\nCOPY lib/ /srv/lib/\nRUN make\n") ==
        "FROM a\nCOPY lib/ /srv/lib/\nCOPY app/ /srv/app/\nRUN make\n");
  // A stable sort by rank: manifests, then the rest, then sources; equal ranks keep their order.
  CHECK(fixed("FROM a\nCOPY src/ /w/src/\nCOPY docs/ /w/docs/\nCOPY package*.json /w/pkg/\n"
              "COPY conf/ /etc/x/\n") ==
        "FROM a\nCOPY package*.json /w/pkg/\nCOPY docs/ /w/docs/\nCOPY conf/ /etc/x/\nCOPY src/ /w/src/\n");
  CHECK(fixed("FROM a\nCOPY . /src\nCOPY entrypoint.sh /usr/local/bin/\nCMD x\n") ==
        "FROM a\nCOPY entrypoint.sh /usr/local/bin/\nCOPY . /src\nCMD x\n");
  CHECK(fixed("FROM a\nADD target/app.jar /opt/app.jar\nADD conf/app.yml /etc/app.yml\n") ==
        "FROM a\nADD conf/app.yml /etc/app.yml\nADD target/app.jar /opt/app.jar\n");
  // Relative destinations resolve against the known WORKDIR.
  CHECK(fixed("FROM a\nWORKDIR /app\nCOPY src/ src/\nCOPY vendor/ vendor/\n") ==
        "FROM a\nWORKDIR /app\nCOPY vendor/ vendor/\nCOPY src/ src/\n");
  CHECK(fixed("FROM scratch\nCOPY app/ app/\nCOPY lib/ lib/\n") ==
        "FROM scratch\nCOPY lib/ lib/\nCOPY app/ app/\n");
  // Already in order: nothing to do.
  CHECK(run_rule("FROM a\nCOPY lib/ /srv/lib/\nCOPY app/ /srv/app/\n").findings.empty());
}

TEST_CASE("DF204: flags, comments, continuation lines, case and line endings travel along",
          "[rules][DF204]") {
  CHECK(fixed("FROM a\nCOPY --chown=u:g app/ /srv/app/\nCOPY --chown=u:g --link lib/ /srv/lib/\n") ==
        "FROM a\nCOPY --chown=u:g --link lib/ /srv/lib/\nCOPY --chown=u:g app/ /srv/app/\n");
  CHECK(fixed("from a\r\n# the app\r\ncopy app/ /srv/app/\r\n# libraries\r\ncopy lib/ \\\r\n"
              "    /srv/lib/\r\nrun make\r\n") ==
        "from a\r\n# libraries\r\ncopy lib/ \\\r\n    /srv/lib/\r\n# the app\r\ncopy app/ /srv/app/\r\n"
        "run make\r\n");
  // Blank lines and comments separated from the next instruction by a blank line stay put.
  CHECK(fixed("FROM a\nCOPY src/ /s/\n\n# about the vendored code\n\nCOPY vendor/ /v/\nCMD x\n") ==
        "FROM a\nCOPY vendor/ /v/\nCOPY src/ /s/\n\n# about the vendored code\n\nCMD x\n");
  // Only the instructions that must move do; paragraphs stay.
  CHECK(fixed("FROM a\nADD a.conf /etc/a.conf\nADD run.sh /run.sh\n\n# skipper\n"
              "ADD vendor/x /go/src/x\nRUN go build\n") ==
        "FROM a\n# skipper\nADD vendor/x /go/src/x\nADD a.conf /etc/a.conf\nADD run.sh /run.sh\n\n"
        "RUN go build\n");
  // A cut instruction between two blank lines leaves one of them.
  CHECK(fixed("FROM a\nCOPY b.txt /b\n\nCOPY vendor/ /v/\n\nCOPY c.txt /c\n") ==
        "FROM a\nCOPY vendor/ /v/\nCOPY b.txt /b\n\nCOPY c.txt /c\n");
  CHECK(fixed("FROM a\nCOPY . /src\n\nCOPY x.json /data/\n\nRUN y\n") ==
        "FROM a\nCOPY x.json /data/\nCOPY . /src\n\nRUN y\n");
  CHECK(fixed("FROM a\n\nCOPY src/ /s/\n\nCOPY vendor/ /v/\nCOPY x /x\nRUN y\n") ==
        "FROM a\n\nCOPY vendor/ /v/\nCOPY x /x\nCOPY src/ /s/\nRUN y\n");
  // No final newline stays no final newline.
  CHECK(fixed("FROM a\nCOPY app/ /srv/app/\nCOPY lib/ /srv/lib/") ==
        "FROM a\nCOPY lib/ /srv/lib/\nCOPY app/ /srv/app/");
  CHECK(fixed("FROM a\r\nCOPY app/ /srv/app/\r\nCOPY lib/ /srv/lib/") ==
        "FROM a\r\nCOPY lib/ /srv/lib/\r\nCOPY app/ /srv/app/");
  // JSON form, globs in stable names.
  CHECK(fixed("FROM a\nCOPY [\"src\", \"/app/src\"]\nCOPY [\"requirements*.txt\", \"/app/req/\"]\n") ==
        "FROM a\nCOPY [\"requirements*.txt\", \"/app/req/\"]\nCOPY [\"src\", \"/app/src\"]\n");
}

TEST_CASE("DF204: overlapping destinations need the build context to tell the files apart",
          "[rules][DF204]") {
  TempDir dir;
  put(dir.path(), "package.json");
  put(dir.path(), "src/index.js");
  put(dir.path(), "src/lib/util.js");
  std::string input = "FROM a\nWORKDIR /app\nCOPY src/ ./src/\nCOPY package.json ./\n";
  std::string expected = "FROM a\nWORKDIR /app\nCOPY package.json ./\nCOPY src/ ./src/\n";
  CHECK(fixed(input, dir.path()) == expected);
  auto without_context = run_rule(input);
  CHECK(without_context.output == input);
  REQUIRE(without_context.findings.size() == 1);
  CHECK_FALSE(without_context.findings[0].fix);
  // src/'s contents go into /app itself: still disjoint from /app/package.json...
  CHECK(fixed("FROM a\nWORKDIR /app\nCOPY src/ .\nCOPY package.json .\n", dir.path()) ==
        "FROM a\nWORKDIR /app\nCOPY package.json .\nCOPY src/ .\n");
  // ...until src/ holds a package.json of its own: both write /app/package.json.
  put(dir.path(), "src/package.json");
  CHECK(fixed("FROM a\nWORKDIR /app\nCOPY src/ .\nCOPY package.json .\n", dir.path()) ==
        "FROM a\nWORKDIR /app\nCOPY src/ .\nCOPY package.json .\n");
  // A file copied to a folder the other copy fills.
  put(dir.path(), "lib/a.py");
  CHECK(fixed("FROM a\nCOPY app.py /srv/lib/a.py\nCOPY lib/ /srv/lib/\n", dir.path()) ==
        "FROM a\nCOPY app.py /srv/lib/a.py\nCOPY lib/ /srv/lib/\n");
}

TEST_CASE("DF204: not safe - left alone", "[rules][DF204]") {
  TempDir dir;
  put(dir.path(), "package.json");
  put(dir.path(), "requirements.txt");
  put(dir.path(), "src/main.py");
  put(dir.path(), "app/main.py");
  put(dir.path(), "app/lib/y.py");
  put(dir.path(), "lib/x.py");
  // A gzip'd file: ADD unpacks it, so what it writes is unknown.
  put(dir.path(), "lib.tar.gz", std::string("\x1f\x8b\x08\x00", 4) + "rest");
  for (std::string input : {
           "FROM a\nCOPY app/ /srv/\nCOPY lib/ /srv/lib/\n",  // one inside the other; app/lib/ too
           "FROM a\nCOPY app/x.conf /etc/x.conf\nCOPY lib/x.conf /etc/x.conf\n",  // same file
           "FROM a\nCOPY app/ app/\nCOPY lib/ lib/\n",                   // WORKDIR unknown
           "FROM a\nCOPY app/ /srv/app/\nCOPY lib/ lib/\n",
           "FROM a\nCOPY app/ $DEST\nCOPY lib/ /srv/lib/\n",             // variable destination
           "FROM a\nCOPY app/ /srv/app/\nRUN ls /srv\nCOPY lib/ /srv/lib/\n",  // a RUN between
           "FROM a\nCOPY app/ /srv/app/\nENV A=1\nCOPY lib/ /srv/lib/\n",
           "FROM a\nCOPY app/ /srv/app/\nCOPY --from=build /out/ /srv/out/\nCOPY lib/ /srv/lib/\n",
           "FROM a\nCOPY app/ /srv/app/\nCOPY <<EOF /srv/x\nhi\nEOF\nCOPY lib/ /srv/lib/\n",  // heredoc
           "FROM a\nCOPY app/ /srv/app/\nCOPY --unknown=1 lib/ /srv/lib/\n",
           "FROM a\nWORKDIR /app\nCOPY src/*.py ./\nCOPY requirements.txt ./\n",  // glob, same folder
           "FROM a\nWORKDIR /app\nCOPY $SRC ./\nCOPY package.json ./\n",          // variable source
           "FROM a\nWORKDIR /app\nCOPY . .\nCOPY package.json ./\n",              // whole context
           "FROM a\nWORKDIR /app\nCOPY src/ ./\nCOPY missing.txt ./\nCOPY lib/ ./lib/\n",
           "FROM a\nWORKDIR /app\nADD app/ ./\nADD lib.tar.gz ./\n",             // archive ADD
           // Different owners: /srv, which both create, is not known to exist...
           "FROM a\nCOPY --chown=app app/ /srv/app/\nCOPY lib/ /srv/lib/\n",
           // ...and --link layers carry their own copy of it.
           "FROM a\nWORKDIR /srv\nCOPY --link --chown=app app/ /srv/app/\nCOPY lib/ /srv/lib/\n",
           "FROM mcr.microsoft.com/windows/servercore:ltsc2022\nCOPY app/ C:/app/\nCOPY lib/ C:/lib/\n",
           "FROM a\nONBUILD COPY app/ /srv/app/\nONBUILD COPY lib/ /srv/lib/\n",
           "FROM a\nCOPY app/ /srv/app/\nADD https://x.org/lib.py /srv/lib/\n",  // URL: stays
           "FROM a\nCOPY app/ /srv/app/\nFROM b\nCOPY lib/ /srv/lib/\n",  // another stage
       }) {
    INFO(input);
    CHECK(fixed(input, dir.path()) == input);
  }
  // Different owners are fine once the shared folder is known to exist.
  CHECK(fixed("FROM a\nWORKDIR /srv\nCOPY --chown=app app/ /srv/app/\nCOPY lib/ /srv/lib/\n") ==
        "FROM a\nWORKDIR /srv\nCOPY lib/ /srv/lib/\nCOPY --chown=app app/ /srv/app/\n");
  // A group is only sorted as far as the safe swaps allow: `.` stays before requirements.txt,
  // but the library may still move ahead of it; what is left is reported without a fix.
  std::string partly = fixed("FROM a\nWORKDIR /app\nCOPY . .\nCOPY lib/ /opt/lib/\nCOPY requirements.txt .\n",
                             dir.path());
  CHECK(partly == "FROM a\nWORKDIR /app\nCOPY lib/ /opt/lib/\nCOPY . .\nCOPY requirements.txt .\n");
  auto rest = run_rule(partly, dir.path());
  CHECK(rest.output == partly);
  REQUIRE(rest.findings.size() == 1);
  CHECK_FALSE(rest.findings[0].fix);
  CHECK(rest.findings[0].message.find("not reordered") != std::string::npos);
}

TEST_CASE("DF204: idempotent", "[rules][DF204]") {
  std::string once = fixed("FROM a\nCOPY src/ /s/\n# v\nCOPY vendor/ /v/\nCOPY x /x\nCOPY y.jar /y.jar\n"
                           "COPY go.mod /g/\nRUN b\n");
  CHECK(once == "FROM a\n# v\nCOPY vendor/ /v/\nCOPY go.mod /g/\nCOPY x /x\nCOPY src/ /s/\n"
                "COPY y.jar /y.jar\nRUN b\n");
  CHECK(fixed(once) == once);
  CHECK(run_rule(once).findings.empty());
}

TEST_CASE("DF204: image paths", "[rules][DF204]") {
  CHECK(clean_path("/a/./b//c/../d/") == "/a/b/d");
  CHECK(clean_path("/../x") == "/x");
  CHECK(clean_path("./") == ".");
  CHECK(common_ancestor("/srv/app", "/srv/lib") == "/srv");
  CHECK(common_ancestor("/srv/app", "/srv/app/x") == "/srv/app");
  CHECK(common_ancestor("/srv/ap", "/srv/app") == "/srv");
  CHECK(common_ancestor("/a", "/b") == "/");
  CHECK(is_ancestor_or_self("/srv", "/srv/app"));
  CHECK_FALSE(is_ancestor_or_self("/sr", "/srv"));
  CHECK(is_ancestor_or_self("/", "/x"));
  CHECK(is_dependency_manifest("requirements-dev.txt"));
  CHECK(is_dependency_manifest("package*.json"));
  CHECK_FALSE(is_dependency_manifest("*.json"));
  CHECK_FALSE(is_dependency_manifest("main.go"));
}
