// `dfopt --fix` killed at random moments over a tree of 1,000 Dockerfiles: every file must hold
// either its old or its new content, never a mix or a truncated file. SIGTERM, SIGINT and SIGHUP
// leave no temporary file behind; what SIGKILL leaves (".NAME.dfopt-PID-N", named only between
// link and rename) the next run removes.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <random>
#include <thread>

#include "engine/optimizer.h"
#include "test_support.h"
#include "transforms/registry.h"

using namespace dfopt;
using namespace dfopt::test;
namespace fs = std::filesystem;

namespace {

const std::vector<std::string> kVariants = {
    "FROM debian:12\nRUN apt-get update\nRUN apt-get install -y curl\nADD app.conf /etc/\n",
    "FROM alpine:3.19\nRUN apk update && apk add git\nCMD serve --port 80\n",
    "FROM python:3.12-slim\nENV A 1\nRUN pip install flask==3.0\n",
};

std::vector<fs::path> temp_files_in(const fs::path& dir) {
  std::vector<fs::path> out;
  for (const auto& entry : fs::recursive_directory_iterator(dir))
    if (entry.path().filename().string().find(".dfopt-") != std::string::npos) out.push_back(entry.path());
  return out;
}

pid_t start_fix(const fs::path& dir) {
  pid_t pid = fork();
  if (pid == 0) {
    for (int s : {SIGTERM, SIGINT, SIGHUP}) ::signal(s, SIG_DFL);  // not inherited as ignored
    std::freopen("/dev/null", "w", stdout);
    std::freopen("/dev/null", "w", stderr);
    execl(DFOPT_BINARY, "dfopt", "--fix", "--quiet", "--jobs", "2", dir.c_str(), nullptr);
    _exit(127);
  }
  return pid;
}

// Kills `dfopt --fix --jobs 2` over fresh trees of 1,000 files with `signal_number` at random
// moments within a normal run, `rounds` times; `check(dir, killed)` looks at each tree after.
template <typename Check>
void kill_rounds(int signal_number, int rounds, std::uint32_t seed, Check check) {
  auto make_tree = [](const fs::path& root) {
    for (int i = 0; i < 1000; ++i) {
      fs::path folder = root / ("repo" + std::to_string(i / 10)) / ("svc" + std::to_string(i % 10));
      fs::create_directories(folder);
      write_file(folder / "Dockerfile", kVariants[i % kVariants.size()]);
    }
  };
  auto full_run = [&] {
    TempDir dir;
    make_tree(dir.path());
    auto start = std::chrono::steady_clock::now();
    pid_t pid = start_fix(dir.path());
    int status = 0;
    ::waitpid(pid, &status, 0);
    return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - start);
  }();
  std::mt19937 random(seed);
  for (int round = 0; round < rounds; ++round) {
    TempDir dir;
    make_tree(dir.path());
    pid_t pid = start_fix(dir.path());
    REQUIRE(pid > 0);
    std::this_thread::sleep_for(std::chrono::microseconds(
        std::uniform_int_distribution<long>(0, full_run.count())(random)));
    bool killed = ::kill(pid, signal_number) == 0;
    int status = 0;
    ::waitpid(pid, &status, 0);
    killed = killed && WIFSIGNALED(status);
    if (killed) CHECK(WTERMSIG(status) == signal_number);  // handled, then died of it
    check(dir.path(), killed);
  }
}

// Every file of the tree holds its old or its new content; returns how many are new.
std::size_t check_files(const fs::path& dir, const std::vector<std::string>& fixed) {
  std::size_t rewritten = 0;
  for (int i = 0; i < 1000; ++i) {
    fs::path file = dir / ("repo" + std::to_string(i / 10)) / ("svc" + std::to_string(i % 10)) / "Dockerfile";
    std::string content = read_file(file);
    std::size_t v = i % kVariants.size();
    INFO(file.string());
    CHECK((content == kVariants[v] || content == fixed[v]));
    rewritten += content == fixed[v];
  }
  return rewritten;
}

std::vector<std::string> fixed_variants() {
  std::vector<std::string> fixed;
  for (const std::string& v : kVariants)
    fixed.push_back(optimize(v, "Dockerfile", all_rules(), OptimizeOptions{}).output);
  return fixed;
}

}  // namespace

TEST_CASE("writes: SIGTERM, SIGINT or SIGHUP during --fix leave no temporary file and no broken file",
          "[writes][signals]") {
  const std::vector<std::string> fixed = fixed_variants();
  std::size_t killed_rounds = 0, rewritten = 0;
  for (int signal_number : {SIGTERM, SIGINT, SIGHUP}) {
    kill_rounds(signal_number, 3, 20261204 + signal_number, [&](const fs::path& dir, bool killed) {
      INFO("signal " << signal_number);
      rewritten += check_files(dir, fixed);
      CHECK(temp_files_in(dir).empty());
      killed_rounds += killed;
    });
  }
  WARN("rounds ended by the signal: " << killed_rounds << " of 9; files already rewritten then: " << rewritten);
  CHECK(killed_rounds > 0);
}

TEST_CASE("writes: SIGKILL during --fix never leaves a broken file; the next run removes what it "
          "left", "[writes]") {
  const std::vector<std::string> fixed = fixed_variants();
  for (std::size_t v = 0; v < kVariants.size(); ++v) REQUIRE(fixed[v] != kVariants[v]);
  std::size_t checked = 0, rewritten = 0, kills = 0, left = 0;
  kill_rounds(SIGKILL, 8, 20261128, [&](const fs::path& dir, bool killed) {
    rewritten += check_files(dir, fixed);
    checked += 1000;
    kills += killed;
    left += temp_files_in(dir).size();
    // The next run finishes the work and removes the temporary files the killed one left.
    pid_t pid = start_fix(dir);
    int status = 0;
    ::waitpid(pid, &status, 0);
    CHECK(temp_files_in(dir).empty());
    CHECK(check_files(dir, fixed) == 1000);
  });
  WARN("files checked: " << checked << ", already rewritten when killed: " << rewritten
                         << ", temporary files left by SIGKILL (removed by the next run): " << left);
  CHECK(checked == 8000);
  CHECK(kills > 0);
}
