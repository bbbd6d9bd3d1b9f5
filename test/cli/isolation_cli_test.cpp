// End to end: a file whose processing fails with an exception is that file's error, and the
// other files of the run are processed normally. The failure is real, with no hook in the
// binary: dfopt runs under an address-space limit (`ulimit -v`) that small files fit in and a
// 9 MB one does not, so parsing it throws std::bad_alloc ("out of memory"), in a worker thread
// with --jobs 2.
#include <sys/wait.h>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "test_support.h"

namespace {

namespace fs = std::filesystem;
using dfopt::test::CommandResult;
using dfopt::test::read_file;
using dfopt::test::shell_quote;
using dfopt::test::TempDir;
using dfopt::test::write_file;

#if defined(__SANITIZE_ADDRESS__)
constexpr bool kSanitized = true;  // ASan reserves terabytes of shadow memory: no `ulimit -v`
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr bool kSanitized = true;
#else
constexpr bool kSanitized = false;
#endif
#else
constexpr bool kSanitized = false;
#endif

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

// Small files need about 120 MB of address space (two worker threads' stacks, the allocator's
// arenas); the 9 MB file needs well over 400 MB.
constexpr long kAddressSpaceKb = 300 * 1024;

// `dfopt args` in `dir` under the address-space limit.
CommandResult run_limited(const fs::path& dir, const std::vector<std::string>& args,
                          long address_space_kb = kAddressSpaceKb) {
  TempDir io;
  std::string command = "cd " + shell_quote(dir.string()) + " && ulimit -v " +
                        std::to_string(address_space_kb) + " && exec " + shell_quote(DFOPT_BINARY);
  for (const std::string& arg : args) command += " " + shell_quote(arg);
  command += " </dev/null >" + shell_quote((io.path() / "out").string()) + " 2>" +
             shell_quote((io.path() / "err").string());
  int status = std::system(command.c_str());
  CommandResult result;
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  result.signal = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
  result.out = read_file(io.path() / "out");
  result.err = read_file(io.path() / "err");
  return result;
}

const std::string kSmall = "FROM debian:12\nENV A b\n";
const std::string kSmallFixed = "FROM debian:12\nENV A=b\n";

std::string huge_dockerfile() {
  std::string text = "FROM debian:12\n";
  for (int i = 0; i < 800000; ++i) text += "RUN a" + std::to_string(i) + "\n";
  return text;
}

struct Tree {
  TempDir dir;
  std::string huge = huge_dockerfile();
  Tree() {
    write_file(dir.path() / "a.Dockerfile", kSmall);
    fs::create_directories(dir.path() / "big");
    write_file(dir.path() / "big" / "Dockerfile", huge);
    write_file(dir.path() / "c.Dockerfile", kSmall);
  }
};

const std::vector<std::string> kFiles = {"a.Dockerfile", "big/Dockerfile", "c.Dockerfile"};

std::vector<std::string> args(std::vector<std::string> options) {
  options.insert(options.end(), {"--max-file-size", "20000000"});
  options.insert(options.end(), kFiles.begin(), kFiles.end());
  return options;
}

}  // namespace

TEST_CASE("cli isolation: out of memory on one file is its error; the others are processed", "[cli][isolation]") {
  if (kSanitized) {
    WARN("skipped under AddressSanitizer, which cannot run under an address-space limit");
    return;
  }
  Tree tree;
  SECTION("diff, in parallel and not: the same output") {
    CommandResult one = run_limited(tree.dir.path(), args({"--jobs", "1"}));
    CommandResult two = run_limited(tree.dir.path(), args({"--jobs", "2"}));
    for (const CommandResult* r : {&one, &two}) {
      INFO(r->err);
      CHECK(r->signal == 0);  // no abort, no std::terminate
      CHECK(r->exit_code == 2);
      CHECK(contains(r->out, "--- a/a.Dockerfile\n"));
      CHECK(contains(r->out, "--- a/c.Dockerfile\n"));
      CHECK_FALSE(contains(r->out, "big/Dockerfile"));
      CHECK(contains(r->err, "big/Dockerfile: error: out of memory\n"));
      CHECK(contains(r->err, "3 files scanned, 2 would change, 0 unchanged, 1 failed"));
    }
    CHECK(one.out == two.out);
  }
  SECTION("under the tighter limit of issue 18 (ulimit -v 150000), with one and two jobs") {
    for (const char* jobs : {"1", "2"}) {
      CommandResult r = run_limited(tree.dir.path(), args({"--fix", "--jobs", jobs}), 150000);
      INFO("--jobs " << jobs << ": " << r.err);
      CHECK(r.signal == 0);
      CHECK(r.exit_code == 2);
      CHECK(contains(r.err, "big/Dockerfile: error: out of memory\n"));
      CHECK(contains(r.err, "3 files scanned, 2 changed, 0 unchanged, 1 failed"));
      CHECK(read_file(tree.dir.path() / "a.Dockerfile") == kSmallFixed);
      CHECK(read_file(tree.dir.path() / "c.Dockerfile") == kSmallFixed);
      CHECK(read_file(tree.dir.path() / "big" / "Dockerfile") == tree.huge);
      write_file(tree.dir.path() / "a.Dockerfile", kSmall);
      write_file(tree.dir.path() / "c.Dockerfile", kSmall);
    }
  }
  SECTION("--fix rewrites the others and leaves the failed file alone") {
    CommandResult r = run_limited(tree.dir.path(), args({"--fix", "--jobs", "2"}));
    INFO(r.err);
    CHECK(r.signal == 0);
    CHECK(r.exit_code == 2);
    CHECK(read_file(tree.dir.path() / "a.Dockerfile") == kSmallFixed);
    CHECK(read_file(tree.dir.path() / "c.Dockerfile") == kSmallFixed);
    CHECK(read_file(tree.dir.path() / "big" / "Dockerfile") == tree.huge);
    for (const auto& entry : fs::directory_iterator(tree.dir.path() / "big"))
      CHECK(entry.path().filename() == "Dockerfile");  // no temporary file left behind
  }
  SECTION("json: the failed file carries the error") {
    CommandResult r = run_limited(tree.dir.path(), args({"--check", "--jobs", "2", "--output-format", "json"}));
    INFO(r.err);
    CHECK(r.exit_code == 2);
    nlohmann::json report = nlohmann::json::parse(r.out);
    REQUIRE(report["files"].size() == 3);
    CHECK(report["files"][0]["changed"] == true);
    CHECK(report["files"][2]["changed"] == true);
    const auto& big = report["files"][1];
    CHECK(big["path"] == "big/Dockerfile");
    REQUIRE(big["errors"].size() == 1);
    CHECK(big["errors"][0]["message"] == "out of memory");
  }
}
