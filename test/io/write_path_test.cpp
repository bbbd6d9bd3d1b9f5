// The write path under every fault (io/write_faults.h makes each step fail in turn): the
// original is never lost or changed unless the whole write succeeded, no temporary file is left
// behind, and what changed under dfopt's feet is never overwritten. docs/write-path.md keeps the
// table of these faults and outcomes.
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <sys/xattr.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include <atomic>
#include <cerrno>
#include <filesystem>
#include <fstream>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "dfopt/process_file.h"
#include "io/file_io.h"
#include "io/temp_files.h"
#include "io/write_faults.h"
#include "test_support.h"
#include "transforms/registry.h"

using namespace dfopt;
using namespace dfopt::test;
namespace fs = std::filesystem;

namespace {

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

const std::string kOriginal = "FROM debian:12\nADD a /b\n";
const std::string kFixed = "FROM debian:12\nCOPY a /b\n";
const std::string kTheirs = "FROM debian:12\nADD a /c\n";  // another writer's change, same size

// Sets the write fault hook for its lifetime.
struct Hook {
  explicit Hook(WriteFaultHook hook) { set_write_fault_hook(std::move(hook)); }
  ~Hook() { set_write_fault_hook({}); }
  Hook(const Hook&) = delete;
  Hook& operator=(const Hook&) = delete;
};

// Fails `failing` with `error`; with `named`, O_TMPFILE is reported missing, so the named
// temporary file is used.
WriteFaultHook fail_at(WriteStep failing, int error, bool named = false) {
  return [=](WriteStep step, const fs::path&) {
    if (named && step == WriteStep::OpenUnnamedTemp) return EOPNOTSUPP;
    return step == failing ? error : 0;
  };
}

struct Attributes {
  unsigned mode = 0, uid = 0, gid = 0;
  std::uint64_t inode = 0;
  bool operator==(const Attributes&) const = default;
};

Attributes attributes_of(const fs::path& path) {
  struct stat st {};
  REQUIRE(::lstat(path.c_str(), &st) == 0);
  return {static_cast<unsigned>(st.st_mode & 07777), st.st_uid, st.st_gid, st.st_ino};
}

// Everything in `dir` but the names given.
std::vector<std::string> others_in(const fs::path& dir, const std::vector<std::string>& expected) {
  std::vector<std::string> out;
  for (const auto& entry : fs::directory_iterator(dir)) {
    std::string name = entry.path().filename().string();
    if (std::find(expected.begin(), expected.end(), name) == expected.end()) out.push_back(name);
  }
  return out;
}

// A Dockerfile as process_file would have read it.
struct Original {
  TempDir dir;
  fs::path file = dir.path() / "Dockerfile";
  FileIdentity identity;
  explicit Original(const std::string& content = kOriginal, unsigned mode = 0640) {
    write_file(file, content);
    REQUIRE(::chmod(file.c_str(), mode) == 0);
    ReadOutcome read = read_text_file(file, 1 << 20);
    REQUIRE(read.content == content);
    identity = read.identity;
  }
  WriteResult replace(const std::string& content = kFixed) {
    return replace_file_atomically(file, content, kOriginal, identity);
  }
};

pid_t a_dead_pid() {
  pid_t pid = ::fork();
  if (pid == 0) ::_exit(0);
  int status = 0;
  ::waitpid(pid, &status, 0);
  return pid;
}

struct StepCase {
  WriteStep step;
  int error;
  std::string message;
};

}  // namespace

TEST_CASE("write path: a fault at any step before the rename leaves the original as it was and no "
          "temporary file", "[io][writes]") {
  const std::vector<StepCase> cases = {
      {WriteStep::Open, EIO, "cannot open it again: Input/output error"},
      {WriteStep::Permission, EACCES, "no permission to write it (mode 0640"},
      {WriteStep::Permission, EROFS, "read-only file system; not replaced"},
      {WriteStep::OpenUnnamedTemp, ENOSPC, "cannot create a temporary file beside it: No space left on device"},
      {WriteStep::OpenNamedTemp, EDQUOT, "cannot create a temporary file beside it: Disk quota exceeded"},
      {WriteStep::Write, ENOSPC, "cannot write the new content: No space left on device"},
      {WriteStep::Write, EFBIG, "cannot write the new content: File too large"},
      {WriteStep::Write, EIO, "cannot write the new content: Input/output error"},
      {WriteStep::Chown, EPERM, "cannot give the new file the owner"},
      {WriteStep::Attributes, ENOTSUP, "cannot keep the extended attributes: Operation not supported"},
      {WriteStep::Chmod, EPERM, "cannot keep the file mode 0640: Operation not permitted"},
      {WriteStep::Fsync, EIO, "cannot flush the new content: Input/output error"},
      {WriteStep::Link, ENOSPC, "cannot name the temporary file: No space left on device"},
      {WriteStep::Close, EIO, "cannot close the temporary file: Input/output error"},
      {WriteStep::ChangedCheck, EIO, "cannot check the file before replacing it: Input/output error"},
      {WriteStep::Rename, EXDEV, "cannot replace the file: Invalid cross-device link"},
      {WriteStep::Rename, EBUSY, "cannot replace the file: Device or resource busy"},
  };
  for (bool named : {false, true}) {
    for (const StepCase& c : cases) {
      if (named && (c.step == WriteStep::OpenUnnamedTemp || c.step == WriteStep::Link)) continue;
      if (!named && c.step == WriteStep::OpenNamedTemp) continue;
      INFO((named ? "named temporary file, " : "O_TMPFILE, ") << write_step_name(c.step) << " fails: "
                                                              << c.message);
      Original original;
      Attributes before = attributes_of(original.file);
      WriteResult result;
      {
        Hook hook(fail_at(c.step, c.error, named));
        result = original.replace();
      }
      CHECK_FALSE(result.written);
      REQUIRE(result.error);
      CHECK(contains(*result.error, c.message));
      CHECK(read_file(original.file) == kOriginal);
      CHECK(attributes_of(original.file) == before);  // the same file, not a copy
      CHECK(others_in(original.dir.path(), {"Dockerfile"}).empty());
      CHECK(registered_temp_paths().empty());
    }
  }
}

TEST_CASE("write path: without O_TMPFILE the named temporary file works the same", "[io][writes]") {
  Original original;
  std::vector<std::string> seen_named;
  {
    Hook hook([&](WriteStep step, const fs::path&) {
      if (step == WriteStep::OpenUnnamedTemp) return EOPNOTSUPP;
      if (step == WriteStep::Fsync)
        for (const fs::path& p : registered_temp_paths()) seen_named.push_back(p.filename().string());
      return 0;
    });
    WriteResult result = original.replace();
    CHECK(result.written);
    CHECK_FALSE(result.error);
  }
  CHECK(read_file(original.file) == kFixed);
  REQUIRE(seen_named.size() == 1);
  CHECK(seen_named[0].starts_with(".Dockerfile.dfopt-" + std::to_string(::getpid()) + "-"));
  CHECK(others_in(original.dir.path(), {"Dockerfile"}).empty());
}

TEST_CASE("write path: a folder that cannot be flushed after the rename is reported; the new content "
          "is in place", "[io][writes]") {
  Original original;
  Hook hook(fail_at(WriteStep::SyncFolder, EIO));
  WriteResult result = original.replace();
  CHECK(result.written);
  REQUIRE(result.error);
  CHECK(contains(*result.error, "replaced, but the folder could not be flushed to disk: Input/output error"));
  CHECK(read_file(original.file) == kFixed);
}

TEST_CASE("write path: a change by someone else at any moment up to the last check is never "
          "overwritten", "[io][writes]") {
  // What the other writer does: rewrite in place (same size), replace by rename, append, remove.
  const std::vector<std::pair<std::string, std::function<void(const fs::path&)>>> writers = {
      {"in place, same size", [](const fs::path& f) { write_file(f, kTheirs); }},
      {"in place, same size, mtime put back",
       [](const fs::path& f) {
         struct stat st {};
         ::stat(f.c_str(), &st);
         write_file(f, kTheirs);
         struct timespec times[2] = {st.st_atim, st.st_mtim};
         ::utimensat(AT_FDCWD, f.c_str(), times, 0);
       }},
      {"replaced by rename",
       [](const fs::path& f) {
         write_file(f.string() + ".new", kTheirs);
         fs::rename(f.string() + ".new", f);
       }},
      {"appended to", [](const fs::path& f) { std::ofstream(f, std::ios::app) << "RUN x\n"; }},
      {"removed", [](const fs::path& f) { fs::remove(f); }},
  };
  for (WriteStep at : {WriteStep::Permission, WriteStep::Write, WriteStep::Chown, WriteStep::Chmod,
                       WriteStep::Fsync, WriteStep::Link, WriteStep::Close, WriteStep::ChangedCheck}) {
    for (const auto& [what, change] : writers) {
      INFO("changed " << what << " at " << write_step_name(at));
      Original original;
      std::string theirs;
      WriteResult result;
      {
        Hook hook([&, at = at, change = change](WriteStep step, const fs::path& target) {
          if (step == at) {
            change(target);
            if (fs::exists(target)) theirs = read_file(target);
          }
          return 0;
        });
        result = original.replace();
      }
      CHECK_FALSE(result.written);
      REQUIRE(result.error);
      CHECK(*result.error == "file changed since it was read; not overwritten");
      if (what == "removed") CHECK_FALSE(fs::exists(original.file));
      else CHECK(read_file(original.file) == theirs);
      CHECK(others_in(original.dir.path(), {"Dockerfile", "Dockerfile.new"}).empty());
    }
  }
  SECTION("a change before the write begins is caught by the identity taken when it was read") {
    Original original;
    write_file(original.file, kTheirs);
    WriteResult result = original.replace();
    CHECK_FALSE(result.written);
    CHECK(read_file(original.file) == kTheirs);
  }
}

TEST_CASE("write path: owner, group, mode with set-id bits, and extended attributes survive",
          "[io][writes]") {
  if (::geteuid() != 0) {
    WARN("not root: cannot give the file another owner; skipped (the CLI tests cover the rest)");
    return;
  }
  for (unsigned mode : {0640u, 0755u, 04755u, 02755u, 06750u, 01777u, 0600u}) {
    INFO("mode " << std::oct << mode);
    Original original(kOriginal, mode);
    REQUIRE(::chown(original.file.c_str(), 12345, 23456) == 0);
    REQUIRE(::chmod(original.file.c_str(), mode) == 0);  // chown cleared the set-id bits
    const bool has_xattr = ::setxattr(original.file.c_str(), "user.dfopt-test", "kept", 4, 0) == 0;
    ReadOutcome read = read_text_file(original.file, 1 << 20);
    original.identity = read.identity;
    WriteResult result = original.replace();
    REQUIRE(result.written);
    CHECK_FALSE(result.error);
    Attributes after = attributes_of(original.file);
    CHECK(after.mode == mode);
    CHECK(after.uid == 12345u);
    CHECK(after.gid == 23456u);
    if (has_xattr) {
      char value[16] = {};
      CHECK(::getxattr(original.file.c_str(), "user.dfopt-test", value, sizeof value) == 4);
      CHECK(std::string(value) == "kept");
    } else {
      WARN("this file system takes no user.* extended attributes: that part is skipped");
    }
  }
}

TEST_CASE("write path: a file with no write permission, or with more than one hard link, is refused",
          "[io][writes]") {
  SECTION("mode 0444, even for root, who may write anything") {
    Original original(kOriginal, 0444);
    WriteResult result = original.replace();
    CHECK_FALSE(result.written);
    REQUIRE(result.error);
    CHECK(*result.error == "the file is read-only (mode 0444); not replaced");
    CHECK(read_file(original.file) == kOriginal);
    CHECK(attributes_of(original.file).mode == 0444u);
  }
  SECTION("two hard links") {
    Original original;
    const fs::path other = original.dir.path() / "Dockerfile.link";
    fs::create_hard_link(original.file, other);
    ReadOutcome read = read_text_file(original.file, 1 << 20);
    original.identity = read.identity;  // the link count is in the ctime
    WriteResult result = original.replace();
    CHECK_FALSE(result.written);
    REQUIRE(result.error);
    CHECK(*result.error == "the file has 2 hard links; not replaced (a new file in its place would split them)");
    CHECK(attributes_of(original.file).inode == attributes_of(other).inode);
    CHECK(read_file(other) == kOriginal);
  }
}

TEST_CASE("write path: create_file_exclusively never replaces a file and leaves nothing on a fault",
          "[io][writes]") {
  const std::string content = "node_modules\n";
  for (bool named : {false, true}) {
    INFO((named ? "named temporary file" : "O_TMPFILE"));
    for (WriteStep step : {WriteStep::OpenUnnamedTemp, WriteStep::OpenNamedTemp, WriteStep::Write,
                           WriteStep::Fsync, WriteStep::Link, WriteStep::Close}) {
      if (named && step == WriteStep::OpenUnnamedTemp) continue;
      if (!named && step == WriteStep::OpenNamedTemp) continue;
      INFO(write_step_name(step) << " fails");
      TempDir dir;
      WriteResult result;
      {
        Hook hook(fail_at(step, EIO, named));
        result = create_file_exclusively(dir.path() / ".dockerignore", content);
      }
      CHECK_FALSE(result.written);
      CHECK(result.error);
      CHECK(others_in(dir.path(), {}).empty());
    }
    TempDir dir;
    const fs::path path = dir.path() / ".dockerignore";
    Hook hook(fail_at(WriteStep::SyncFolder, 0, named));
    CHECK(create_file_exclusively(path, content).written);
    CHECK(read_file(path) == content);
    CHECK(create_file_exclusively(path, content).written);  // the same content: fine
    WriteResult other = create_file_exclusively(path, "something else\n");
    CHECK_FALSE(other.written);
    CHECK(other.error == "exists already; not replaced");
    CHECK(read_file(path) == content);
    CHECK(others_in(dir.path(), {".dockerignore"}).empty());
  }
}

TEST_CASE("write path: threads creating files in one folder never share a temporary name",
          "[io][writes]") {
  for (bool named : {false, true}) {
    TempDir dir;
    Hook hook(fail_at(WriteStep::SyncFolder, 0, named));
    std::atomic<int> failures{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 8; ++t)
      threads.emplace_back([&, t] {
        for (int i = 0; i < 25; ++i) {
          fs::path path = dir.path() / (".dockerignore" + std::to_string(t * 100 + i));
          if (!create_file_exclusively(path, "x\n").written) ++failures;
          // And all at once on the same name: one creates it, the rest find it there already.
          if (!create_file_exclusively(dir.path() / ".dockerignore", "same\n").written) ++failures;
        }
      });
    for (std::thread& t : threads) t.join();
    CHECK(failures == 0);
    CHECK(std::distance(fs::directory_iterator(dir.path()), fs::directory_iterator()) == 201);
  }
}

TEST_CASE("write path: a signal while a temporary file exists removes it and still ends the process",
          "[io][writes][signals]") {
  for (int signal_number : {SIGTERM, SIGINT, SIGHUP, SIGPIPE, SIGQUIT}) {
    // Named: the file exists from its creation on. O_TMPFILE: it has a name only from the link.
    for (auto [named, at] : {std::pair{true, WriteStep::Fsync}, std::pair{false, WriteStep::ChangedCheck}}) {
      INFO("signal " << signal_number << (named ? ", named temporary file" : ", O_TMPFILE") << ", at "
                     << write_step_name(at));
      Original original;
      pid_t child = ::fork();
      REQUIRE(child >= 0);
      if (child == 0) {
        // As a shell starts dfopt: default dispositions (a background job may inherit SIGINT,
        // SIGQUIT or SIGHUP ignored, and dfopt leaves ignored signals ignored).
        for (int s : {SIGTERM, SIGINT, SIGHUP, SIGPIPE, SIGQUIT}) ::signal(s, SIG_DFL);
        install_temp_file_cleanup();
        set_write_fault_hook([named = named, at = at, signal_number](WriteStep step, const fs::path&) {
          if (named && step == WriteStep::OpenUnnamedTemp) return EOPNOTSUPP;
          if (step == at) {
            std::vector<fs::path> live = registered_temp_paths();
            if (live.size() != 1 || !fs::exists(live[0])) ::_exit(3);  // nothing to clean up?
            ::raise(signal_number);
            ::_exit(4);  // the signal did not end the process
          }
          return 0;
        });
        original.replace();
        ::_exit(5);
      }
      int status = 0;
      REQUIRE(::waitpid(child, &status, 0) == child);
      CHECK(WIFSIGNALED(status));
      if (WIFSIGNALED(status)) CHECK(WTERMSIG(status) == signal_number);
      if (WIFEXITED(status)) CHECK(WEXITSTATUS(status) == 0);
      CHECK(read_file(original.file) == kOriginal);
      CHECK(others_in(original.dir.path(), {"Dockerfile"}).empty());
    }
  }
}

TEST_CASE("write path: a signal ignored when dfopt started (nohup) stays ignored; the write completes",
          "[io][writes][signals]") {
  Original original;
  pid_t child = ::fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    ::signal(SIGHUP, SIG_IGN);
    install_temp_file_cleanup();
    set_write_fault_hook([](WriteStep step, const fs::path&) {
      if (step == WriteStep::Fsync) ::raise(SIGHUP);
      return 0;
    });
    ::_exit(original.replace().written ? 0 : 6);
  }
  int status = 0;
  REQUIRE(::waitpid(child, &status, 0) == child);
  CHECK(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);
  CHECK(read_file(original.file) == kFixed);
  CHECK(others_in(original.dir.path(), {"Dockerfile"}).empty());
}

TEST_CASE("write path: a file name of 250 bytes still gets a temporary name that fits", "[io][writes]") {
  for (bool named : {false, true}) {
    TempDir dir;
    const fs::path file = dir.path() / (std::string(240, 'x') + ".Dockerfile");
    write_file(file, kOriginal);
    ReadOutcome read = read_text_file(file, 1 << 20);
    Hook hook(fail_at(WriteStep::SyncFolder, 0, named));
    WriteResult result = replace_file_atomically(file, kFixed, kOriginal, read.identity);
    INFO(result.error.value_or(""));
    CHECK(result.written);
    CHECK(read_file(file) == kFixed);
  }
}

TEST_CASE("write path: stale temporary files of a writer that is gone are removed, no others",
          "[io][writes]") {
  Original original;
  const fs::path dir = original.dir.path();
  const std::string dead = std::to_string(a_dead_pid());
  const std::string alive = std::to_string(::getppid());
  const std::vector<std::string> stale = {".Dockerfile.dfopt-" + dead + "-1",
                                          ".dockerignore.dfopt-" + dead + "-17"};
  const std::vector<std::string> kept = {
      ".Dockerfile.dfopt-" + alive + "-1",                     // its writer still runs
      ".Dockerfile.dfopt-" + std::to_string(::getpid()) + "-9",  // this process's own
      ".Dockerfile.dfopt-AbC123",                               // not of this naming
      "Dockerfile.dfopt-" + dead + "-1",                        // not hidden
      ".Dockerfile.dfopt-" + dead + "-1x",
      "notes.txt"};
  for (const std::string& name : stale) write_file(dir / name, "half a file");
  for (const std::string& name : kept) write_file(dir / name, "kept");
  fs::create_directory(dir / (".dir.dfopt-" + dead + "-2"));  // not a regular file
  REQUIRE(original.replace().written);
  for (const std::string& name : stale) CHECK_FALSE(fs::exists(dir / name));
  for (const std::string& name : kept) CHECK(fs::exists(dir / name));
  CHECK(fs::is_directory(dir / (".dir.dfopt-" + dead + "-2")));
  CHECK(read_file(original.file) == kFixed);
}

TEST_CASE("write path: temporary names carry the writer's pid and are unique", "[io][writes]") {
  fs::path a = temp_file_name("/x", "Dockerfile"), b = temp_file_name("/x", "Dockerfile");
  CHECK(a != b);
  CHECK(a.parent_path() == "/x");
  CHECK(temp_file_writer(a.filename().string()) == ::getpid());
  CHECK(temp_file_name("/x", ".dockerignore").filename().string().starts_with(".dockerignore.dfopt-"));
  CHECK(temp_file_writer(".Dockerfile.dfopt-123-4") == 123);
  CHECK(temp_file_writer(".a.b.dfopt-7-1") == 7);
  for (const char* name : {"Dockerfile.dfopt-1-2", ".Dockerfile.dfopt-XXXXXX", ".Dockerfile.dfopt--1",
                           ".Dockerfile.dfopt-1-", ".Dockerfile.dfopt-0-1", ".dfopt-1-2",
                           ".D.dfopt-12345678901-1", ".D.dfopt-1-2-3"})
    CHECK_FALSE(temp_file_writer(name));
}

// --- through process_file: a failed write is an error and is not counted as a fix -------------

namespace {

struct FixRun {
  TempDir dir;
  cli::CliOptions options;
  cli::EffectiveSettings settings;
  cli::Input input;
  FixRun() {
    write_file(dir.path() / "Dockerfile", "FROM a:1\nADD a /b\nCOPY . /app\n");
    fs::create_directories(dir.path() / "node_modules");
    options.mode = cli::Mode::Fix;
    options.max_file_size = 1 << 20;
    settings.rules = {find_rule("DF202"), find_rule("DF307")};
    settings.unsafe_fixes = true;
    input.path = (dir.path() / "Dockerfile").string();
  }
};

}  // namespace

TEST_CASE("write path: process_file counts no fix whose write failed", "[io][writes]") {
  SECTION("the rewrite fails: no fix counted, no file created") {
    FixRun run;
    Hook hook(fail_at(WriteStep::Write, ENOSPC));
    cli::FileOutcome outcome = cli::process_file(run.input, run.options, run.settings);
    CHECK(outcome.failed);
    CHECK_FALSE(outcome.changed);
    CHECK_FALSE(outcome.report.changed);
    CHECK(outcome.report.fixes_applied.empty());
    CHECK(outcome.report.created_files.empty());
    CHECK(contains(outcome.err, run.input.path + ": error: cannot write the new content: No space left on device\n"));
    CHECK_FALSE(fs::exists(run.dir.path() / ".dockerignore"));
    CHECK(read_file(run.input.path) == "FROM a:1\nADD a /b\nCOPY . /app\n");
  }
  SECTION("only the created file fails: its fix is not counted, the rewrite is") {
    FixRun run;
    Hook hook([](WriteStep step, const fs::path& target) {
      return step == WriteStep::Write && target.filename() == ".dockerignore" ? EDQUOT : 0;
    });
    cli::FileOutcome outcome = cli::process_file(run.input, run.options, run.settings);
    CHECK(outcome.failed);
    CHECK(outcome.changed);
    CHECK(outcome.report.fixes_applied == std::map<std::string, int>{{"DF202", 1}});
    CHECK(outcome.report.created_files.empty());
    CHECK(contains(outcome.err, ".dockerignore: error: cannot write "));
    CHECK(read_file(run.input.path) == "FROM a:1\nCOPY a /b\nCOPY . /app\n");
  }
  SECTION("the folder cannot be flushed after the rename: changed, and failed") {
    FixRun run;
    Hook hook(fail_at(WriteStep::SyncFolder, EIO));
    cli::FileOutcome outcome = cli::process_file(run.input, run.options, run.settings);
    CHECK(outcome.failed);
    CHECK(outcome.changed);
    CHECK(contains(outcome.err, run.input.path + ": error: replaced, but the folder could not be flushed"));
    CHECK(read_file(run.input.path) == "FROM a:1\nCOPY a /b\nCOPY . /app\n");
  }
  SECTION("all writes succeed: both counted") {
    FixRun run;
    cli::FileOutcome outcome = cli::process_file(run.input, run.options, run.settings);
    CHECK_FALSE(outcome.failed);
    CHECK(outcome.report.fixes_applied == std::map<std::string, int>{{"DF202", 1}, {"DF307", 1}});
    CHECK(outcome.report.created_files.size() == 1);
    CHECK(fs::exists(run.dir.path() / ".dockerignore"));
  }
}
