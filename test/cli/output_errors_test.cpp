// Output that does not arrive is an error: standard output on /dev/full (every write fails with
// ENOSPC) or closed must give `dfopt: error: writing output: …` and exit 2, in every mode and
// format, and never change what dfopt does to the files.
#include <catch2/catch.hpp>

#include <filesystem>
#include <string>
#include <vector>

#include "test_support.h"

using namespace dfopt::test;
namespace fs = std::filesystem;

namespace {

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

const std::string kAddFile = "FROM debian:12\nADD a /b\n";
const std::string kCopyFile = "FROM debian:12\nCOPY a /b\n";

CommandResult run_to(const fs::path& stdout_path, const std::vector<std::string>& args,
                     const std::string& stdin_text = "") {
  RunOptions options;
  options.stdin_text = stdin_text;
  options.stdout_path = stdout_path;
  return run_dfopt(args, options);
}

}  // namespace

TEST_CASE("output errors: every mode and format into /dev/full exits 2 and says so",
          "[cli][writes][output]") {
  REQUIRE(fs::exists("/dev/full"));
  TempDir dir;
  const fs::path file = dir.path() / "Dockerfile";
  write_file(file, kAddFile);
  const std::string path = file.string();
  const std::vector<std::vector<std::string>> runs = {
      {"-"},  // the filter: the fixed text goes nowhere
      {"--check", "--output-format", "json", path},
      {"--check", "--output-format", "sarif", path},
      {"--check", "--output-format", "checkstyle", path},
      {"--check", "--output-format", "github", path},
      {"--check", path},
      {path},  // the diff
      {"--check", "--statistics", "--quiet", path},
      {"--dump=buildkit", path},
      {"--list-rules"},
      {"--explain", "DF202"},
      {"--help"},
      {"--version"},
      {"--show-config", path},
  };
  for (const std::vector<std::string>& args : runs) {
    std::string shown;
    for (const std::string& a : args) shown += a + " ";
    INFO("dfopt " << shown << "> /dev/full");
    CommandResult r = run_to("/dev/full", args, kAddFile);
    CHECK(r.exit_code == 2);
    CHECK(contains(r.err, "dfopt: error: writing output: No space left on device\n"));
    CHECK(read_file(file) == kAddFile);
  }
}

TEST_CASE("output errors: --fix still fixes when its report cannot be written, and exits 2",
          "[cli][writes][output]") {
  TempDir dir;
  const fs::path file = dir.path() / "Dockerfile";
  write_file(file, kAddFile);
  // DF305 (a full base image) is left as a finding: there is something to print.
  CommandResult r = run_to("/dev/full", {"--fix", file.string()});
  CHECK(r.exit_code == 2);
  CHECK(contains(r.err, "dfopt: error: writing output: No space left on device\n"));
  CHECK(contains(r.err, "1 files scanned, 1 changed"));
  CHECK(read_file(file) == kCopyFile);

  // Nothing to print: nothing fails.
  write_file(file, kCopyFile);
  CommandResult quiet = run_to("/dev/full", {"--fix", "--quiet", "--fail-on", "never", "--ignore", "DF305", file.string()});
  CHECK(quiet.exit_code == 0);
  CHECK(quiet.err.empty());
}

TEST_CASE("output errors: a closed standard output is an error and never lands in a file",
          "[cli][writes][output]") {
  TempDir dir;
  const fs::path file = dir.path() / "Dockerfile";
  write_file(file, kAddFile);
  RunOptions options;
  options.close_stdout = true;
  // The first file dfopt opens would get descriptor 1; the findings must not end up in it.
  CommandResult r = run_dfopt({"--fix", file.string()}, options);
  CHECK(r.exit_code == 2);
  CHECK(contains(r.err, "dfopt: error: writing output: Bad file descriptor\n"));
  CHECK(read_file(file) == kCopyFile);
  options.stdin_text = kAddFile;
  CommandResult filter = run_dfopt({"-"}, options);
  CHECK(filter.exit_code == 2);
  CHECK(contains(filter.err, "writing output: Bad file descriptor"));
}

TEST_CASE("output errors: output that fits is written whole, exit status as usual",
          "[cli][writes][output]") {
  TempDir dir;
  const fs::path out = dir.path() / "out";
  CommandResult r = run_to(out, {"-"}, kAddFile);
  CHECK(r.exit_code == 1);
  CHECK(read_file(out) == kCopyFile);
  CHECK_FALSE(contains(r.err, "writing output"));
}
