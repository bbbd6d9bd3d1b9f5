// --fix through the real binary where the write path has something to refuse or to clean up:
// files this user may not write or whose owner it cannot keep (run as `nobody`, dropped from
// root in the forked child), hard links, stale temporary files of a killed run, and DF307's
// .dockerignore written for many Dockerfiles of one folder in parallel.
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <regex>
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

struct Owner {
  unsigned mode, uid, gid;
  bool operator==(const Owner&) const = default;
};

Owner owner_of(const fs::path& path) {
  struct stat st {};
  REQUIRE(::lstat(path.c_str(), &st) == 0);
  return {static_cast<unsigned>(st.st_mode & 07777), st.st_uid, st.st_gid};
}

std::vector<std::string> temp_files_in(const fs::path& dir) {
  std::vector<std::string> out;
  for (const auto& entry : fs::recursive_directory_iterator(dir))
    if (contains(entry.path().filename().string(), ".dfopt-")) out.push_back(entry.path().string());
  return out;
}

// The summary line without its timing, which differs from run to run.
std::string without_timing(const std::string& err) {
  return std::regex_replace(err, std::regex(" \\([0-9.]+ s\\)\n"), "\n");
}

}  // namespace

TEST_CASE("write path cli: a file this user may not write, or whose owner it cannot keep, is "
          "refused and left as it was", "[cli][writes][permissions]") {
  auto nobody = nobody_ids();
  if (::geteuid() != 0 || !nobody) {
    WARN("needs root (to run dfopt as nobody) and a nobody user: skipped");
    return;
  }
  const auto [uid, gid] = *nobody;
  struct Case {
    std::string what;
    Owner file;  // the Dockerfile's mode and owner
    std::string error;
  };
  const std::vector<Case> cases = {
      {"mode 0444, owned by the user", {0444, uid, gid}, "no permission to write it (mode 0444"},
      {"root's file, not writable for the user (the folder is)", {0644, 0, 0},
       "no permission to write it (mode 0644, owner 0:0): Permission denied; not replaced"},
      {"root's file, writable for all: the new file could not be root's", {0666, 0, 0},
       "cannot give the new file the owner 0:0 of the old one: Operation not permitted; not replaced"},
      {"the user's file in a group the user is not in", {0664, uid, 0},
       "cannot give the new file the owner " + std::to_string(uid) + ":0 of the old one"},
  };
  for (const Case& c : cases) {
    INFO(c.what);
    TempDir dir;
    const fs::path folder = dir.path() / "repo";
    fs::create_directory(folder);
    REQUIRE(::chown(folder.c_str(), uid, gid) == 0);  // the folder is the user's to write in
    const fs::path file = folder / "Dockerfile";
    write_file(file, kAddFile);
    REQUIRE(::chown(file.c_str(), c.file.uid, c.file.gid) == 0);
    REQUIRE(::chmod(file.c_str(), c.file.mode) == 0);

    RunOptions as_nobody;
    as_nobody.user = uid;
    CommandResult r = run_dfopt({"--fix", file.string()}, as_nobody);
    INFO(r.err);
    CHECK(r.exit_code == 2);
    CHECK(contains(r.err, file.string() + ": error: " + c.error));
    // The summary counts no fix that was not written.
    CHECK(contains(r.err, "1 files scanned, 0 changed, 0 unchanged, 1 failed; 1 findings ("));
    CHECK(read_file(file) == kAddFile);
    CHECK(owner_of(file) == c.file);
    CHECK(temp_files_in(folder).empty());

    CommandResult json = run_dfopt({"--fix", "--output-format", "json", file.string()}, as_nobody);
    nlohmann::json report = nlohmann::json::parse(json.out);
    CHECK(report["files"][0]["changed"] == false);
    CHECK(report["files"][0]["fixes_applied"].empty());
    CHECK(report["files"][0]["errors"].size() == 1);
  }
  SECTION("the user's own file is fixed, and keeps its mode and owner") {
    TempDir dir;
    const fs::path folder = dir.path() / "repo";
    fs::create_directory(folder);
    REQUIRE(::chown(folder.c_str(), uid, gid) == 0);
    const fs::path file = folder / "Dockerfile";
    write_file(file, kAddFile);
    REQUIRE(::chown(file.c_str(), uid, gid) == 0);
    REQUIRE(::chmod(file.c_str(), 0640) == 0);
    RunOptions as_nobody;
    as_nobody.user = uid;
    CommandResult r = run_dfopt({"--fix", file.string()}, as_nobody);
    INFO(r.err);
    CHECK(r.exit_code == 1);  // DF305's finding remains
    CHECK(read_file(file) == kCopyFile);
    CHECK(owner_of(file) == Owner{0640, uid, gid});
    CHECK(contains(r.err, "1 changed"));
  }
}

TEST_CASE("write path cli: a hard-linked Dockerfile is not split: an error, both names unchanged",
          "[cli][writes]") {
  TempDir dir;
  const fs::path file = dir.path() / "Dockerfile", other = dir.path() / "Dockerfile.prod";
  write_file(file, kAddFile);
  fs::create_hard_link(file, other);
  CommandResult r = run_dfopt({"--fix", file.string()});
  CHECK(r.exit_code == 2);
  CHECK(contains(r.err, file.string() + ": error: the file has 2 hard links; not replaced"));
  CHECK(read_file(file) == kAddFile);
  CHECK(read_file(other) == kAddFile);
  CHECK(fs::hard_link_count(file) == 2);
  CHECK(temp_files_in(dir.path()).empty());
}

TEST_CASE("write path cli: --fix removes stale temporary files of a writer that is gone; --check "
          "leaves them", "[cli][writes]") {
  pid_t dead = ::fork();
  if (dead == 0) ::_exit(0);
  int status = 0;
  ::waitpid(dead, &status, 0);
  TempDir dir;
  fs::create_directories(dir.path() / "a");
  fs::create_directories(dir.path() / "b");
  write_file(dir.path() / "a" / "Dockerfile", kAddFile);   // will be rewritten
  write_file(dir.path() / "b" / "Dockerfile", kCopyFile);  // nothing to write
  const std::string stale = ".Dockerfile.dfopt-" + std::to_string(dead) + "-3";
  for (const char* sub : {"a", "b"}) write_file(dir.path() / sub / stale, "FROM half");
  CHECK(run_dfopt({"--check", dir.path().string()}).exit_code == 1);
  CHECK(temp_files_in(dir.path()).size() == 2);
  CommandResult r = run_dfopt({"--fix", dir.path().string()});
  CHECK(r.exit_code == 1);
  CHECK(temp_files_in(dir.path()).empty());
  CHECK(read_file(dir.path() / "a" / "Dockerfile") == kCopyFile);
}

TEST_CASE("write path cli: DF307's .dockerignore for 40 folders of 3 Dockerfiles: -j2 does exactly "
          "what -j1 does", "[cli][writes]") {
  auto make_tree = [](const fs::path& root) {
    for (int i = 0; i < 40; ++i) {
      fs::path folder = root / ("svc" + std::to_string(i));
      fs::create_directories(folder / "node_modules");
      fs::create_directories(folder / ".git");
      write_file(folder / "Dockerfile", "FROM a:1\nCOPY . /app\n");
      write_file(folder / "b.Dockerfile", "FROM a:1\nCOPY . /app\nRUN git log\n");  // keeps .git
      write_file(folder / "c.Dockerfile", "FROM a:1\nCOPY . /app\n");
    }
  };
  auto tree_text = [](const fs::path& root) {
    std::string out;
    for (const fs::path& file : files_under(root))
      out += fs::relative(file, root).string() + ":\n" + read_file(file);
    return out;
  };
  for (std::vector<std::string> extra : {std::vector<std::string>{}, {"--output-format", "json"}}) {
    std::vector<CommandResult> results;
    std::vector<std::string> trees;
    for (const char* jobs : {"1", "2", "4"}) {
      TempDir dir;
      make_tree(dir.path());
      std::vector<std::string> args = {"--fix", "--unsafe-fixes", "--jobs", jobs};
      args.insert(args.end(), extra.begin(), extra.end());
      args.push_back(".");
      RunOptions in_tree;
      in_tree.working_directory = dir.path();
      results.push_back(run_dfopt(args, in_tree));
      trees.push_back(tree_text(dir.path()));
    }
    INFO(results[1].err);
    CHECK(results[0].exit_code == 0);
    CHECK_FALSE(contains(results[0].err, "error"));
    CHECK(contains(results[0].err, "120 files scanned, 40 changed, 80 unchanged, 0 failed"));
    for (std::size_t i = 1; i < results.size(); ++i) {
      CHECK(results[i].exit_code == results[0].exit_code);
      CHECK(results[i].out == results[0].out);
      CHECK(without_timing(results[i].err) == without_timing(results[0].err));
      CHECK(trees[i] == trees[0]);
    }
  }
}
