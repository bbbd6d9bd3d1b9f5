// `dfopt --fix` killed with SIGKILL at random moments over a tree of 1,000 Dockerfiles: every
// file must hold either its old or its new content, never a mix or a truncated file. Only the
// temporary files beside them (".dfopt-...") may be left behind.
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

pid_t start_fix(const fs::path& dir) {
  pid_t pid = fork();
  if (pid == 0) {
    std::freopen("/dev/null", "w", stdout);
    std::freopen("/dev/null", "w", stderr);
    execl(DFOPT_BINARY, "dfopt", "--fix", "--quiet", "--jobs", "2", dir.c_str(), nullptr);
    _exit(127);
  }
  return pid;
}

}  // namespace

TEST_CASE("writes: SIGKILL during --fix never leaves a broken file", "[writes]") {
  std::vector<std::string> fixed;
  for (const std::string& v : kVariants)
    fixed.push_back(optimize(v, "Dockerfile", all_rules(), OptimizeOptions{}).output);
  for (std::size_t v = 0; v < kVariants.size(); ++v) REQUIRE(fixed[v] != kVariants[v]);

  auto make_tree = [](const fs::path& root) {
    for (int i = 0; i < 1000; ++i) {
      fs::path folder = root / ("repo" + std::to_string(i / 10)) / ("svc" + std::to_string(i % 10));
      fs::create_directories(folder);
      write_file(folder / "Dockerfile", kVariants[i % kVariants.size()]);
    }
  };
  // How long an uninterrupted run takes here, so the kills land anywhere inside one.
  auto full_run = [&] {
    TempDir dir;
    make_tree(dir.path());
    auto start = std::chrono::steady_clock::now();
    pid_t pid = start_fix(dir.path());
    int status = 0;
    ::waitpid(pid, &status, 0);
    return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - start);
  }();
  std::mt19937 random(20261128);
  std::size_t checked = 0, rewritten = 0, kills = 0;
  for (int round = 0; round < 8; ++round) {
    TempDir dir;
    make_tree(dir.path());
    pid_t pid = start_fix(dir.path());
    REQUIRE(pid > 0);
    std::this_thread::sleep_for(std::chrono::microseconds(
        std::uniform_int_distribution<long>(0, full_run.count())(random)));
    kills += ::kill(pid, SIGKILL) == 0;
    int status = 0;
    ::waitpid(pid, &status, 0);
    for (int i = 0; i < 1000; ++i) {
      fs::path file = dir.path() / ("repo" + std::to_string(i / 10)) / ("svc" + std::to_string(i % 10)) / "Dockerfile";
      std::string content = read_file(file);
      std::size_t v = i % kVariants.size();
      INFO(file.string());
      CHECK((content == kVariants[v] || content == fixed[v]));
      ++checked;
      rewritten += content == fixed[v];
    }
  }
  WARN("files checked: " << checked << ", already rewritten when killed: " << rewritten);
  CHECK(checked == 8000);
  CHECK(kills > 0);
}
