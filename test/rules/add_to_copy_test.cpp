// DF202 add-to-copy: each case shows the input and the expected output side by side; the
// not-safe cases expect the input back unchanged.
#include <catch2/catch.hpp>

#include "engine/optimizer.h"
#include "test_support.h"
#include "transforms/registry.h"

using namespace dfopt;
using namespace dfopt::test;
namespace fs = std::filesystem;

namespace {

OptimizeResult run_rule(const std::string& input, std::optional<fs::path> context = std::nullopt) {
  OptimizeOptions options;
  options.context.build_context = std::move(context);
  return optimize(input, "Dockerfile", {find_rule("DF202")}, options);
}

std::string fixed(const std::string& input, std::optional<fs::path> context = std::nullopt) {
  return run_rule(input, std::move(context)).output;
}

}  // namespace

TEST_CASE("DF202: local files become COPY, flags and spacing kept", "[rules][DF202]") {
  CHECK(fixed("FROM a\nADD app.conf /etc/app.conf\n") == "FROM a\nCOPY app.conf /etc/app.conf\n");
  CHECK(fixed("FROM a\nADD --chown=app:app --chmod=644 conf/ /etc/x/\n") ==
        "FROM a\nCOPY --chown=app:app --chmod=644 conf/ /etc/x/\n");
  CHECK(fixed("FROM a\nADD --link  a.txt   b.txt  /dst/\n") == "FROM a\nCOPY --link  a.txt   b.txt  /dst/\n");
  CHECK(fixed("FROM a\nADD [\"my file.txt\", \"/dst/\"]\n") == "FROM a\nCOPY [\"my file.txt\", \"/dst/\"]\n");
  CHECK(fixed("FROM a\nADD a \\\n    /b/\n") == "FROM a\nCOPY a \\\n    /b/\n");
}

TEST_CASE("DF202: the keyword keeps the file's case", "[rules][DF202]") {
  CHECK(fixed("from a\nadd x /y\n") == "from a\ncopy x /y\n");
  CHECK(fixed("From a\nAdd x /y\n") == "From a\nCopy x /y\n");
  CHECK(fixed("FROM a\n  ADD x /y\r\n") == "FROM a\n  COPY x /y\r\n");
}

TEST_CASE("DF202: ONBUILD ADD becomes ONBUILD COPY", "[rules][DF202]") {
  CHECK(fixed("FROM a\nONBUILD ADD . /app/src\n") == "FROM a\nONBUILD COPY . /app/src\n");
}

TEST_CASE("DF202: counts and reports each fix", "[rules][DF202]") {
  auto result = run_rule("FROM a\nADD x /y\nADD z /w\n");
  CHECK(result.fixes_applied.at("DF202") == 2);
  CHECK(result.findings.empty());
}

TEST_CASE("DF202: not safe - remote sources stay ADD", "[rules][DF202]") {
  for (std::string src : {"https://example.com/a.txt", "http://x/y", "git@github.com:moby/moby.git",
                          "https://github.com/moby/buildkit.git#v0.10.1", "ftp://x/y"}) {
    std::string in = "FROM a\nADD " + src + " /dst/\n";
    INFO(src);
    CHECK(fixed(in) == in);
    CHECK(run_rule(in).findings.empty());
  }
}

TEST_CASE("DF202: not safe - archive names stay ADD without a context", "[rules][DF202]") {
  for (std::string src : {"app.tar", "app.tar.gz", "app.tgz", "x.tar.bz2", "x.tar.xz", "x.txz",
                          "x.gz", "x.zst", "APP.TAR.GZ"}) {
    std::string in = "FROM a\nADD " + src + " /dst/\n";
    INFO(src);
    CHECK(fixed(in) == in);
  }
  // One archive among several sources keeps the whole instruction.
  std::string mixed = "FROM a\nADD a.txt b.tgz /dst/\n";
  CHECK(fixed(mixed) == mixed);
}

TEST_CASE("DF202: not safe - globs and variables are reported, not fixed", "[rules][DF202]") {
  for (std::string src : {"*.txt", "file?.conf", "[ab].txt", "$APP_FILE", "${DIR}/x"}) {
    std::string in = "FROM a\nADD " + src + " /dst/\n";
    INFO(src);
    auto result = run_rule(in);
    CHECK(result.output == in);
    REQUIRE(result.findings.size() == 1);
    CHECK(result.findings[0].rule_id == "DF202");
    CHECK_FALSE(result.findings[0].fix.has_value());
  }
}

TEST_CASE("DF202: not safe - ADD-only and unknown flags", "[rules][DF202]") {
  for (std::string flags : {"--checksum=sha256:abc", "--keep-git-dir=true", "--unpack=true",
                            "--from=build", "--frobnicate"}) {
    std::string in = "FROM a\nADD " + flags + " a.txt /dst/\n";
    INFO(flags);
    CHECK(fixed(in) == in);
  }
}

TEST_CASE("DF202: not safe - heredocs, quotes, a single argument", "[rules][DF202]") {
  for (std::string in : {"FROM a\nADD <<EOF /x\nhello\nEOF\n", "FROM a\nADD \"a b\" /x\n",
                         "FROM a\nADD onlyone\n", "FROM a\nADD\n"}) {
    INFO(in);
    CHECK(fixed(in) == in);
  }
}

TEST_CASE("DF202: the build context decides by content, not by name", "[rules][DF202]") {
  TempDir ctx;
  write_file(ctx.path() / "bundle", std::string("\x1f\x8b\x08\x00", 4) + "rest-of-gzip");
  write_file(ctx.path() / "notes.tar.gz", "just text, despite the name\n");
  write_file(ctx.path() / "plain.txt", "hello\n");
  std::string tar(512, '\0');
  tar.replace(0, 4, "file");
  tar.replace(257, 5, "ustar");
  write_file(ctx.path() / "data.bin", tar);
  fs::create_directory(ctx.path() / "conf");
  write_file(ctx.path() / "conf" / "a.tar.gz", std::string("\x1f\x8b", 2));

  std::string gz = "FROM a\nADD bundle /opt/\n";
  CHECK(fixed(gz, ctx.path()) == gz);                                   // gzip content: unpacked by ADD
  std::string tarball = "FROM a\nADD data.bin /opt/\n";
  CHECK(fixed(tarball, ctx.path()) == tarball);                         // ustar content
  CHECK(fixed("FROM a\nADD notes.tar.gz /opt/\n", ctx.path()) == "FROM a\nCOPY notes.tar.gz /opt/\n");
  CHECK(fixed("FROM a\nADD plain.txt /opt/\n", ctx.path()) == "FROM a\nCOPY plain.txt /opt/\n");
  // ADD never unpacks archives inside a copied folder.
  CHECK(fixed("FROM a\nADD conf /opt/conf\n", ctx.path()) == "FROM a\nCOPY conf /opt/conf\n");
  // Missing from the context: judged by name.
  CHECK(fixed("FROM a\nADD missing.txt /opt/\n", ctx.path()) == "FROM a\nCOPY missing.txt /opt/\n");
  std::string missing_archive = "FROM a\nADD missing.tgz /opt/\n";
  CHECK(fixed(missing_archive, ctx.path()) == missing_archive);
}

TEST_CASE("DF202: the fix is idempotent", "[rules][DF202]") {
  std::string once = fixed("FROM a\nADD x /y\nONBUILD ADD z /w\n");
  CHECK(fixed(once) == once);
}
