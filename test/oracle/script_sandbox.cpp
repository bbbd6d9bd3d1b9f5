#include "oracle/script_sandbox.h"

#include <fcntl.h>
#include <grp.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <pthread.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "shell/shell_parser.h"
#include "shell/shell_queries.h"

#ifndef DFOPT_ORACLE_STUB
#error "DFOPT_ORACLE_STUB must name the stub executable (test/CMakeLists.txt)"
#endif

namespace dfopt::oracle {
namespace fs = std::filesystem;

namespace {

constexpr const char* kControlDir = ".dfopt-oracle";
constexpr const char* kDefaultPath = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
// Unprivileged user ids for the shells: far above any real account, distinct per process and
// per slot, so that concurrent test runs never kill each other's leftovers.
constexpr unsigned kUidBase = 1700000000u;

// Folders every sandbox has, writable by the shells' user (sticky, so the root-owned stubs and
// libraries inside cannot be removed or replaced).
constexpr const char* kScratchDirs[] = {
    "bin", "sbin", "usr/bin", "usr/sbin", "usr/local/bin", "usr/local/sbin", "usr/local/lib",
    "usr/local/src", "usr/lib", "usr/share", "usr/src", "etc", "tmp", "root", "home", "opt",
    "srv", "app", "work", "build", "data", "run", "mnt", "var/tmp", "var/lib/apt/lists",
    "var/cache/apt", "var/log", "dev"};

std::string errno_text(const std::string& what) { return what + ": " + std::strerror(errno); }

void write_text(const fs::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  if (!out) throw std::runtime_error("cannot write " + path.string());
}

std::string read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// The shared libraries `ldd` lists for a binary (absolute paths as the loader finds them).
std::vector<fs::path> shared_libraries(const fs::path& binary) {
  std::vector<fs::path> out;
  std::string command = "ldd '" + binary.string() + "' 2>/dev/null";
  FILE* pipe = ::popen(command.c_str(), "r");
  if (!pipe) throw std::runtime_error("cannot run ldd");
  char buffer[4096];
  while (std::fgets(buffer, sizeof buffer, pipe)) {
    std::string line(buffer);
    std::size_t arrow = line.find("=> ");
    std::size_t start = arrow != std::string::npos ? arrow + 3 : line.find_first_not_of(" \t");
    if (start == std::string::npos || start >= line.size() || line[start] != '/') continue;
    std::size_t end = line.find(" (", start);
    if (end == std::string::npos) end = line.find_first_of(" \t\n", start);
    out.emplace_back(line.substr(start, end - start));
  }
  ::pclose(pipe);
  return out;
}

// A relative path inside the chroot, or nullopt when `path` is not absolute, climbs with "..",
// or reaches into the sandbox's control folder.
std::optional<fs::path> inside_path(const fs::path& path) {
  if (!path.is_absolute()) return std::nullopt;
  fs::path normal = path.lexically_normal();
  fs::path relative;
  for (const fs::path& part : normal.relative_path()) {
    std::string s = part.string();
    if (s == ".." || s.size() > 255) return std::nullopt;
    if (s.empty() || s == ".") continue;
    relative /= part;
  }
  if (relative.empty() || relative.begin()->string() == kControlDir) return std::nullopt;
  if (relative.string().size() > 1000) return std::nullopt;
  return relative;
}

// --- the command names of a script ------------------------------------------------------------

// The bodies of the command substitutions in a word as written: `$(…)` (not `$((…))`) and
// backquotes, outside single quotes. Approximate but safe: what it misses is merely not stubbed.
void substitutions_in(std::string_view w, std::vector<std::string>& out) {
  bool in_double = false;
  for (std::size_t i = 0; i < w.size(); ++i) {
    char c = w[i];
    if (c == '\\') {
      ++i;
      continue;
    }
    if (c == '\'' && !in_double) {
      std::size_t close = w.find('\'', i + 1);
      if (close == std::string_view::npos) return;
      i = close;
      continue;
    }
    if (c == '"') {
      in_double = !in_double;
      continue;
    }
    if (c == '$' && i + 1 < w.size() && w[i + 1] == '(') {
      if (i + 2 < w.size() && w[i + 2] == '(') {  // arithmetic: look inside for `$(`
        ++i;
        continue;
      }
      int depth = 1;
      std::size_t j = i + 2;
      char quote = 0;
      for (; j < w.size() && depth > 0; ++j) {
        char d = w[j];
        if (quote) {
          if (d == '\\' && quote == '"') ++j;
          else if (d == quote) quote = 0;
          continue;
        }
        if (d == '\\') ++j;
        else if (d == '\'' || d == '"') quote = d;
        else if (d == '(') ++depth;
        else if (d == ')') --depth;
      }
      if (depth != 0) return;
      out.emplace_back(w.substr(i + 2, j - 1 - (i + 2)));
      i = j - 1;
      continue;
    }
    if (c == '`') {
      std::string body;
      std::size_t j = i + 1;
      for (; j < w.size() && w[j] != '`'; ++j) {
        if (w[j] == '\\' && j + 1 < w.size() &&
            (w[j + 1] == '`' || w[j + 1] == '\\' || w[j + 1] == '$')) {
          body += w[++j];
          continue;
        }
        body += w[j];
      }
      if (j >= w.size()) return;
      out.push_back(std::move(body));
      i = j;
    }
  }
}

void names_in(const ShellList& list, CommandNames& out, int depth);

void names_in_word(std::string_view text, CommandNames& out, int depth) {
  if (depth > 16 || text.find_first_of("$`") == std::string_view::npos) return;
  std::vector<std::string> bodies;
  substitutions_in(text, bodies);
  for (const std::string& body : bodies) {
    ShellScript script = parse_shell(body);
    if (!script.parsed) out.unparsed = true;
    else names_in(script.list, out, depth + 1);
  }
}

void names_in(const ShellList& list, CommandNames& out, int depth) {
  for (const ShellListItem& item : list.items)
    for (const ShellPipeline& pipeline : item.and_or.pipelines)
      for (const ShellCommand& command : pipeline.commands) {
        for (const ShellWord& w : command.assignments) names_in_word(w.text, out, depth);
        for (const ShellWord& w : command.words) names_in_word(w.text, out, depth);
        for (const ShellRedirect& r : command.redirects) names_in_word(r.target.text, out, depth);
        if (command.kind == ShellCommandKind::Simple) {
          std::string name(command.name());
          if (!name.empty()) out.names.insert(name);
          if (name == "cd" || name == "pushd")
            for (std::size_t i = 1; i < command.words.size(); ++i)
              if (command.words[i].literal && !command.words[i].value.starts_with("-"))
                out.cd_targets.insert(command.words[i].value);
        }
        for (const ShellList& body : command.bodies) names_in(body, out, depth);
      }
}

// --- log lines ------------------------------------------------------------------------------

std::vector<std::string> split(std::string_view s, char separator) {
  std::vector<std::string> out;
  std::size_t start = 0;
  for (;;) {
    std::size_t end = s.find(separator, start);
    out.emplace_back(s.substr(start, end == std::string_view::npos ? end : end - start));
    if (end == std::string_view::npos) return out;
    start = end + 1;
  }
}

// The line as compared: the ignored words dropped from argv, argv[0] renamed.
std::string normalised(const std::string& line, const OracleOptions& options) {
  const std::set<std::string>& ignored = options.ignored_words;
  if (ignored.empty() && options.renamed_commands.empty()) return line;
  std::vector<std::string> fields = split(line, '\t');
  if (fields.size() < 3) return line;
  std::string argv;
  std::vector<std::string> words = split(fields[2], '\x1f');
  // The command name: argv[0], or after `sudo [-options]`.
  std::size_t name = 0;
  if (!words.empty() && words[0] == "sudo")
    for (name = 1; name < words.size() && words[name].starts_with("-");) ++name;
  if (name < words.size())
    if (auto it = options.renamed_commands.find(words[name]); it != options.renamed_commands.end())
      words[name] = it->second;
  for (std::size_t i = 0; i < words.size(); ++i) {
    if (i > 0 && ignored.count(words[i])) continue;
    if (!argv.empty()) argv += '\x1f';
    argv += words[i];
  }
  fields[2] = argv;
  std::string out;
  for (std::size_t i = 0; i < fields.size(); ++i) out += (i ? "\t" : "") + fields[i];
  return out;
}

// A log line for people: "#3 cwd=/tmp [apt-get] [install] env={...}".
std::string readable(const std::string& line) {
  std::vector<std::string> fields = split(line, '\t');
  if (fields.size() < 5) return line;
  std::string out = "#" + fields[0] + " cwd=" + fields[1] + " ";
  for (const std::string& w : split(fields[2], '\x1f')) out += "[" + w + "]";
  out += " env={";
  std::vector<std::string> env = split(fields[3], '\x1f');
  for (std::size_t i = 0; i < env.size(); ++i) out += (i ? " " : "") + env[i];
  out += "}";
  if (fields[4] != "-") out += " " + fields[4];
  if (fields.size() > 5) out += " " + fields[5];
  return out;
}

bool same_observation(const SideRun& a, const SideRun& b, const OracleOptions& ignored) {
  if (a.success != b.success || a.lines.size() != b.lines.size()) return false;
  for (std::size_t i = 0; i < a.lines.size(); ++i)
    if (normalised(a.lines[i], ignored) != normalised(b.lines[i], ignored)) return false;
  return true;
}

std::string describe_difference(const SideRun& original, const SideRun& rewritten,
                                const OracleOptions& ignored) {
  std::ostringstream out;
  std::size_t n = std::min(original.lines.size(), rewritten.lines.size());
  std::size_t i = 0;
  while (i < n && normalised(original.lines[i], ignored) == normalised(rewritten.lines[i], ignored)) ++i;
  if (i < n) {
    out << "first difference at invocation " << i + 1 << ":\n  original:  "
        << readable(original.lines[i]) << "\n  rewritten: " << readable(rewritten.lines[i]);
  } else if (original.lines.size() != rewritten.lines.size()) {
    const SideRun& longer = original.lines.size() > rewritten.lines.size() ? original : rewritten;
    out << (&longer == &original ? "only the original" : "only the rewritten")
        << " side goes on to invocation " << n + 1 << ": " << readable(longer.lines[n]);
  } else {
    out << "same invocations, but the original side "
        << (original.success ? "succeeds" : "fails") << " and the rewritten side "
        << (rewritten.success ? "succeeds" : "fails");
  }
  out << "\n  (original: " << original.lines.size() << " invocations, "
      << (original.success ? "success" : "failure") << "; rewritten: " << rewritten.lines.size()
      << " invocations, " << (rewritten.success ? "success" : "failure") << ")";
  auto tail = [](const std::string& s) { return s.size() > 600 ? "..." + s.substr(s.size() - 600) : s; };
  if (!original.diagnostics.empty()) out << "\n  original shell output: " << tail(original.diagnostics);
  if (!rewritten.diagnostics.empty()) out << "\n  rewritten shell output: " << tail(rewritten.diagnostics);
  return out.str();
}

std::optional<std::string> inconclusive_reason(const SideRun& run, std::string_view side) {
  if (run.error) return std::string(side) + ": sandbox error: " + *run.error;
  if (run.timed_out) return std::string(side) + " timed out";
  if (run.overflow) return std::string(side) + " made too many invocations (runaway loop)";
  return std::nullopt;
}

// The failure points to try, in increasing order.
std::vector<std::size_t> fail_points(const SideRun& baseline, const OracleOptions& options) {
  std::size_t n = baseline.lines.size();
  std::set<std::size_t> boundaries;
  std::size_t before = 0;
  for (std::size_t after : baseline.invocations_after) {
    if (after > before) {
      boundaries.insert(before + 1);
      boundaries.insert(after);
    }
    before = after;
  }
  auto spread = [](const std::vector<std::size_t>& from, std::size_t max) {
    if (from.size() <= max || max == 0) return from;
    std::vector<std::size_t> out;
    for (std::size_t i = 0; i < max; ++i) out.push_back(from[i * (from.size() - 1) / (max - 1)]);
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
  };
  std::vector<std::size_t> bounds(boundaries.begin(), boundaries.end());
  switch (options.fail_points) {
    case FailPoints::None: return {};
    case FailPoints::Boundaries: return spread(bounds, options.max_fail_points);
    case FailPoints::All: break;
  }
  std::vector<std::size_t> all;
  for (std::size_t k = 1; k <= n; ++k) all.push_back(k);
  if (all.size() <= options.max_fail_points) return all;
  // The boundaries first, then evenly spread points up to the cap.
  std::set<std::size_t> chosen;
  for (std::size_t k : spread(bounds, options.max_fail_points)) chosen.insert(k);
  for (std::size_t k : spread(all, options.max_fail_points)) {
    if (chosen.size() >= options.max_fail_points) break;
    chosen.insert(k);
  }
  return {chosen.begin(), chosen.end()};
}


// --- starting processes without copying the test process ----------------------------------
//
// fork() of the test process copies its page tables (tens of milliseconds once it holds the
// corpus), so the sandboxed children start as posix_spawn does: clone(CLONE_VM | CLONE_VFORK),
// the parent thread suspended until the child has exec'd or exited. Sharing the parent's memory,
// the child must not call into the C library beyond raw system calls: every argument is
// prepared before, and `raw()` never touches library state the parent relies on (errno, which
// syscall() sets, belongs to the suspended parent thread).

long raw(long number, long a = 0, long b = 0, long c = 0, long d = 0, long e = 0) {
  return ::syscall(number, a, b, c, d, e);
}

struct ChildSpec {
  // What runs, and where: all prepared by the parent.
  const char* root = nullptr;  // chroot; nullptr: none (kill_leftovers)
  const char* cwd = nullptr;
  const char* path = nullptr;  // execve: path inside the chroot, argv, envp
  char* const* argv = nullptr;
  char* const* envp = nullptr;
  int netns = -1, stdin_fd = -1, output_fd = -1;
  unsigned uid = 0;
  bool kill_all = false;  // instead of exec: kill(-1, SIGKILL) as `uid`
  int report_fd = -1;     // step and errno written here on failure
};

[[noreturn]] void child_fail(const ChildSpec& spec, int step) {
  int code[2] = {step, errno};  // the suspended parent thread's errno, set by the failed call
  raw(SYS_write, spec.report_fd, reinterpret_cast<long>(code), sizeof code);
  raw(SYS_exit_group, 127);
  __builtin_unreachable();
}

int child_main(void* argument) {
  const ChildSpec& spec = *static_cast<const ChildSpec*>(argument);
  // Default dispositions for what the test process may catch or ignore, then no blocked signals
  // (the parent blocked them all around clone; the mask survives exec).
  struct kernel_sigaction {
    void (*handler)(int);
    unsigned long flags;
    void (*restorer)();
    unsigned long mask;
  } deflt{SIG_DFL, 0, nullptr, 0};
  for (int sig = 1; sig < 65; ++sig)
    if (sig != SIGKILL && sig != SIGSTOP) raw(SYS_rt_sigaction, sig, reinterpret_cast<long>(&deflt), 0, 8);
  if (spec.kill_all) {
    if (spec.uid == 0) child_fail(spec, 10);
    unsigned long none = 0;
    raw(SYS_rt_sigprocmask, SIG_SETMASK, reinterpret_cast<long>(&none), 0, 8);
    if (raw(SYS_setgroups, 0, 0) != 0 || raw(SYS_setresgid, spec.uid, spec.uid, spec.uid) != 0 ||
        raw(SYS_setresuid, spec.uid, spec.uid, spec.uid) != 0 ||
        raw(SYS_getuid) != static_cast<long>(spec.uid) || raw(SYS_geteuid) != static_cast<long>(spec.uid))
      child_fail(spec, 11);
    raw(SYS_kill, -1, SIGKILL);  // every process of this user, and no other (not this one)
    raw(SYS_exit_group, 0);
  }
  raw(SYS_setpgid, 0, 0);
  raw(SYS_prctl, PR_SET_PDEATHSIG, SIGKILL);
  if (spec.netns >= 0 && raw(SYS_setns, spec.netns, CLONE_NEWNET) != 0) child_fail(spec, 1);
  if (raw(SYS_chroot, reinterpret_cast<long>(spec.root)) != 0) child_fail(spec, 2);
  if (raw(SYS_chdir, reinterpret_cast<long>(spec.cwd)) != 0 &&
      raw(SYS_chdir, reinterpret_cast<long>("/")) != 0)
    child_fail(spec, 3);
  if (raw(SYS_dup2, spec.stdin_fd, 0) < 0 || raw(SYS_dup2, spec.output_fd, 1) < 0 ||
      raw(SYS_dup2, spec.output_fd, 2) < 0)
    child_fail(spec, 4);
  // Nothing else of the test process reaches the shell (the report pipe closes on exec).
  if (raw(SYS_close_range, 3, ~0u, 4 /* CLOSE_RANGE_CLOEXEC */) != 0) child_fail(spec, 5);
  const struct { int resource; rlimit limit; } limits[] = {
      {RLIMIT_FSIZE, {16u << 20, 16u << 20}}, {RLIMIT_NPROC, {256, 256}}, {RLIMIT_CPU, {20, 20}},
      {RLIMIT_CORE, {0, 0}},                  {RLIMIT_NOFILE, {256, 256}}};
  for (const auto& l : limits)
    if (raw(SYS_prlimit64, 0, l.resource, reinterpret_cast<long>(&l.limit), 0) != 0) child_fail(spec, 6);
  if (spec.uid == 0 || raw(SYS_setgroups, 0, 0) != 0 ||
      raw(SYS_setresgid, spec.uid, spec.uid, spec.uid) != 0 ||
      raw(SYS_setresuid, spec.uid, spec.uid, spec.uid) != 0 ||
      raw(SYS_geteuid) != static_cast<long>(spec.uid))
    child_fail(spec, 7);
  if (raw(SYS_prctl, PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) child_fail(spec, 8);
  unsigned long none = 0;
  raw(SYS_rt_sigprocmask, SIG_SETMASK, reinterpret_cast<long>(&none), 0, 8);
  raw(SYS_execve, reinterpret_cast<long>(spec.path), reinterpret_cast<long>(spec.argv),
      reinterpret_cast<long>(spec.envp));
  child_fail(spec, 9);
}

// Starts the child; returns its pid, or -1 with `error` set. `step` gets the step at which a
// child that exited before exec failed (0 when it exec'd).
pid_t spawn_child(ChildSpec& spec, std::string& error, int& step) {
  int report[2];
  if (::pipe2(report, O_CLOEXEC) != 0) {
    error = errno_text("pipe");
    return -1;
  }
  spec.report_fd = report[1];
  constexpr std::size_t kStack = 256 * 1024;
  void* stack = ::mmap(nullptr, kStack, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
  if (stack == MAP_FAILED) {
    ::close(report[0]);
    ::close(report[1]);
    error = errno_text("mmap");
    return -1;
  }
  sigset_t all, old;
  ::sigfillset(&all);
  ::pthread_sigmask(SIG_SETMASK, &all, &old);
  pid_t pid = ::clone(child_main, static_cast<char*>(stack) + kStack, CLONE_VM | CLONE_VFORK | SIGCHLD, &spec);
  int clone_errno = errno;
  ::pthread_sigmask(SIG_SETMASK, &old, nullptr);
  ::munmap(stack, kStack);
  ::close(report[1]);
  if (pid < 0) {
    ::close(report[0]);
    errno = clone_errno;
    error = errno_text("clone");
    return -1;
  }
  int code[2] = {0, 0};
  ssize_t got = ::read(report[0], code, sizeof code);
  ::close(report[0]);
  step = got > 0 ? code[0] : 0;
  if (got > 0) error = std::string("step ") + std::to_string(code[0]) + ": " + std::strerror(code[1]);
  return pid;
}


// Sandboxes of test processes that were killed before they could remove them
// ("dfopt-oracle.<pid>.XXXXXX" whose process is gone).
void remove_stale_sandboxes() {
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(fs::temp_directory_path(), ec)) {
    std::string name = entry.path().filename().string();
    if (!name.starts_with("dfopt-oracle.")) continue;
    std::size_t dot = name.find('.', 13);
    if (dot == std::string::npos) continue;
    long pid = std::strtol(name.substr(13, dot - 13).c_str(), nullptr, 10);
    if (pid <= 0 || ::kill(static_cast<pid_t>(pid), 0) == 0 || errno != ESRCH) continue;
    if (!fs::is_directory(fs::symlink_status(entry.path(), ec))) continue;
    fs::remove_all(entry.path(), ec);
  }
}

}  // namespace

std::string_view shell_name(Shell shell) { return shell == Shell::Dash ? "dash" : "bash"; }

std::string_view verdict_name(Verdict verdict) {
  switch (verdict) {
    case Verdict::Pass: return "pass";
    case Verdict::Fail: return "FAIL";
    case Verdict::Inconclusive: return "inconclusive";
  }
  return "?";
}

bool OracleResult::passed() const {
  return std::all_of(shells.begin(), shells.end(),
                     [](const ShellVerdict& v) { return v.verdict == Verdict::Pass; });
}

bool OracleResult::failed() const {
  return std::any_of(shells.begin(), shells.end(),
                     [](const ShellVerdict& v) { return v.verdict == Verdict::Fail; });
}

bool full_oracle_requested() {
  const char* v = std::getenv("DFOPT_ORACLE_FULL");
  return v && std::string_view(v) == "1";
}

namespace {

bool list_has_background_job(const ShellList& list) {
  for (const ShellListItem& item : list.items) {
    if (item.terminator == ShellTerminator::Ampersand) return true;
    for (const ShellPipeline& pipeline : item.and_or.pipelines)
      for (const ShellCommand& command : pipeline.commands)
        for (const ShellList& body : command.bodies)
          if (list_has_background_job(body)) return true;
  }
  return false;
}

}  // namespace

bool has_background_job(const std::vector<std::string>& scripts) {
  for (const std::string& text : scripts) {
    ShellScript script = parse_shell(text);
    if (script.parsed && list_has_background_job(script.list)) return true;
  }
  return false;
}

CommandNames command_names(const std::vector<std::string>& scripts) {
  CommandNames out;
  for (const std::string& text : scripts) {
    ShellScript script = parse_shell(text);
    if (!script.parsed) out.unparsed = true;
    else names_in(script.list, out, 0);
  }
  return out;
}

// --- the chroot -----------------------------------------------------------------------------

namespace {

std::optional<std::string> missing_requirement() {
  if (::geteuid() != 0) return "not running as root: the sandbox needs chroot, mknod and setuid";
  for (const char* shell : {"/bin/dash", "/bin/bash"})
    if (::access(shell, X_OK) != 0) return std::string(shell) + " is missing";
  if (::access(DFOPT_ORACLE_STUB, X_OK) != 0)
    return std::string("the stub executable is missing: ") + DFOPT_ORACLE_STUB;
  if (::system("ldd /bin/dash >/dev/null 2>&1") != 0) return "ldd does not work here";
  return std::nullopt;
}

}  // namespace

std::optional<std::string> ScriptSandbox::unavailable_reason() {
  // Once per process: the requirements, then a trial run (root in a container may still lack
  // chroot or setuid).
  static const std::optional<std::string> reason = []() -> std::optional<std::string> {
    if (auto missing = missing_requirement()) return missing;
    try {
      ScriptSandbox trial;
      trial.install_stubs({"probe"}, "/");
      SideRun run = trial.run_side(Shell::Dash, {"probe"}, "/", 0, std::chrono::seconds(10));
      if (run.error) return "a trial run failed: " + *run.error;
      if (!run.success || run.lines.size() != 1) return "a trial run did not run its stub";
    } catch (const std::exception& e) {
      return std::string("cannot build the sandbox: ") + e.what();
    }
    return std::nullopt;
  }();
  return reason;
}

ScriptSandbox::ScriptSandbox(unsigned slot)
    : uid_(kUidBase + static_cast<unsigned>(::getpid() % 100000) * 16u + slot % 16u) {
  if (auto missing = missing_requirement()) throw std::runtime_error(*missing);
  remove_stale_sandboxes();
  std::string pattern =
      (fs::temp_directory_path() / ("dfopt-oracle." + std::to_string(::getpid()) + ".XXXXXX")).string();
  if (!::mkdtemp(pattern.data())) throw std::runtime_error(errno_text("mkdtemp"));
  root_ = pattern;
  try {
    build();
  } catch (...) {
    std::error_code ec;
    fs::remove_all(root_, ec);
    if (devnull_fd_ >= 0) ::close(devnull_fd_);
    if (output_fd_ >= 0) ::close(output_fd_);
    if (netns_fd_ >= 0) ::close(netns_fd_);
    throw;
  }
}

ScriptSandbox::~ScriptSandbox() {
  kill_leftovers();
  if (devnull_fd_ >= 0) ::close(devnull_fd_);
  if (output_fd_ >= 0) ::close(output_fd_);
  if (netns_fd_ >= 0) ::close(netns_fd_);
  std::error_code ec;
  fs::remove_all(root_, ec);
}

void ScriptSandbox::build() {
  ::chmod(root_.c_str(), 0755);
  for (const char* dir : kScratchDirs) {
    fs::create_directories(root_ / dir);
    for (fs::path p = dir; !p.empty(); p = p.parent_path()) ::chmod((root_ / p).c_str(), 01777);
  }
  const fs::path control = root_ / kControlDir;
  fs::create_directory(control);
  ::chmod(control.c_str(), 0755);

  // The shells and the stub, and the libraries they load, at the paths the loader expects.
  std::set<fs::path> libraries;
  const std::pair<const char*, const char*> binaries[] = {
      {"/bin/dash", "dash"}, {"/bin/bash", "bash"}, {DFOPT_ORACLE_STUB, "stub"}};
  for (const auto& [source, name] : binaries) {
    fs::copy_file(source, control / name);
    ::chmod((control / name).c_str(), 0555);
    for (const fs::path& lib : shared_libraries(source)) libraries.insert(lib);
  }
  for (const fs::path& lib : libraries) {
    auto inside = inside_path(lib);
    if (!inside) throw std::runtime_error("odd library path " + lib.string());
    fs::create_directories((root_ / *inside).parent_path());
    if (!fs::exists(root_ / *inside)) fs::copy_file(lib, root_ / *inside);  // follows symlinks
    ::chmod((root_ / *inside).c_str(), 0555);
  }

  // /dev/null as the real device; a plain file where device nodes cannot be made.
  const fs::path null = root_ / "dev/null";
  if (::mknod(null.c_str(), S_IFCHR | 0666, makedev(1, 3)) != 0) write_text(null, "");
  ::chmod(null.c_str(), 0666);

  for (const char* file : {"counter", "fail_at", "log", "transparent"}) {
    write_text(control / file, "");
    if (std::string_view(file) != "transparent" && ::chown((control / file).c_str(), uid_, uid_) != 0)
      throw std::runtime_error(errno_text("chown"));
    ::chmod((control / file).c_str(), 0644);
  }

  devnull_fd_ = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  output_fd_ = static_cast<int>(::syscall(SYS_memfd_create, "dfopt-oracle-output", MFD_CLOEXEC));
  if (devnull_fd_ < 0 || output_fd_ < 0) throw std::runtime_error(errno_text("open"));

  // A network namespace of its own (only loopback, down), held open by a file descriptor: a
  // child unshares, the parent opens its namespace, the child goes.
  int ready[2];
  if (::pipe2(ready, O_CLOEXEC) == 0) {
    pid_t holder = ::fork();
    if (holder == 0) {
      char ok = ::unshare(CLONE_NEWNET) == 0 ? 'y' : 'n';
      (void)!::write(ready[1], &ok, 1);
      ::pause();
      ::_exit(0);
    }
    ::close(ready[1]);
    char ok = 'n';
    if (holder > 0 && ::read(ready[0], &ok, 1) == 1 && ok == 'y') {
      std::string ns = "/proc/" + std::to_string(holder) + "/ns/net";
      netns_fd_ = ::open(ns.c_str(), O_RDONLY | O_CLOEXEC);
    }
    ::close(ready[0]);
    if (holder > 0) {
      ::kill(holder, SIGKILL);
      ::waitpid(holder, nullptr, 0);
    }
  }
  notes_ = netns_fd_ >= 0 ? "chroot, own user, own network namespace"
                          : "chroot, own user (no network namespace: unshare failed)";

  for (const auto& entry : fs::recursive_directory_iterator(root_))
    manifest_.insert(entry.path().lexically_relative(root_));
}

bool ScriptSandbox::add_path(const fs::path& inside, bool directory) {
  auto relative = inside_path(inside);
  if (!relative) return false;
  fs::path current = root_;
  fs::path rel_so_far;
  std::vector<fs::path> parts(relative->begin(), relative->end());
  for (std::size_t i = 0; i < parts.size(); ++i) {
    current /= parts[i];
    rel_so_far /= parts[i];
    bool last = i + 1 == parts.size();
    std::error_code ec;
    fs::file_status st = fs::symlink_status(current, ec);
    if (fs::is_symlink(st)) return false;  // never made here; never followed
    if (fs::exists(st)) {
      if (!fs::is_directory(st)) return false;  // a library, a stub, /dev/null
      if (last && !directory) return false;    // a folder named like the command
      continue;
    }
    if (!last || directory) {
      if (::mkdir(current.c_str(), 0755) != 0) return false;
      ::chmod(current.c_str(), 01777);
    } else {
      if (::link((root_ / kControlDir / "stub").c_str(), current.c_str()) != 0) return false;
    }
    extras_.push_back(rel_so_far);
    extras_set_.insert(rel_so_far);
  }
  return true;
}

void ScriptSandbox::remove_stubs() {
  reset_files();
  for (auto it = extras_.rbegin(); it != extras_.rend(); ++it) {
    std::error_code ec;
    fs::remove_all(root_ / *it, ec);
  }
  extras_.clear();
  extras_set_.clear();
}

void ScriptSandbox::install_stubs(const std::vector<std::string>& scripts, const std::string& workdir) {
  remove_stubs();
  CommandNames names = command_names(scripts);
  fs::path start = workdir.empty() ? fs::path("/") : fs::path(workdir);
  if (!start.is_absolute()) start = "/" / start;
  add_path(start, true);
  // Where a relative command name ("./configure", "bin/tool") may be looked up: the start
  // folder and the literal targets of `cd`.
  std::set<fs::path> bases = {start.lexically_normal()};
  for (const std::string& target : names.cd_targets) {
    fs::path t = target;
    bases.insert((t.is_absolute() ? t : start / t).lexically_normal());
  }
  for (const std::string& name : names.names) {
    if (name.empty() || name.find('\0') != std::string::npos) continue;
    if (name.find('/') == std::string::npos) {
      if (name == "." || name == ".." || name.size() > 255) continue;
      add_path(fs::path("/usr/bin") / name, false);
    } else if (name.front() == '/') {
      add_path(name, false);
    } else {
      for (const fs::path& base : bases) add_path(base / name, false);
    }
  }
}

void ScriptSandbox::reset_files() {
  std::vector<fs::path> extra;
  for (auto it = fs::recursive_directory_iterator(root_); it != fs::recursive_directory_iterator();
       ++it) {
    fs::path rel = it->path().lexically_relative(root_);
    if (manifest_.count(rel) || extras_set_.count(rel)) continue;
    extra.push_back(it->path());
    it.disable_recursion_pending();
  }
  for (const fs::path& p : extra) {
    std::error_code ec;
    fs::remove_all(p, ec);
  }
  const fs::path control = root_ / kControlDir;
  for (const char* file : {"counter", "fail_at", "log"}) ::truncate((control / file).c_str(), 0);
}

void ScriptSandbox::kill_leftovers() {
  if (uid_ == 0) return;  // never: kill(-1) as root would hit every process
  ChildSpec spec;
  spec.uid = uid_;
  spec.kill_all = true;
  std::string error;
  int step = 0;
  pid_t pid = spawn_child(spec, error, step);
  if (pid > 0) ::waitpid(pid, nullptr, 0);
}

// --- running the shells -----------------------------------------------------------------------

SideRun ScriptSandbox::run_side(Shell shell, const std::vector<std::string>& scripts,
                                const std::string& workdir, std::size_t fail_at,
                                std::chrono::milliseconds timeout,
                                const std::vector<std::string>& shell_options) {
  SideRun result;
  reset_files();
  const fs::path control = root_ / kControlDir;
  write_text(control / "fail_at", std::to_string(fail_at) + "\n");
  ::ftruncate(output_fd_, 0);
  ::lseek(output_fd_, 0, SEEK_SET);

  // Everything the child needs, prepared before it starts (it only makes system calls).
  const std::string shell_path = std::string("/") + kControlDir + (shell == Shell::Dash ? "/dash" : "/bash");
  const char* argv0 = shell == Shell::Dash ? "/bin/sh" : "/bin/bash";
  std::string cwd = workdir.empty() ? "/" : workdir;
  std::string path_var = kDefaultPath, home_var = "HOME=/root", host_var = "HOSTNAME=dfopt-oracle";
  char* envp[] = {path_var.data(), home_var.data(), host_var.data(), nullptr};
  const std::string root = root_.string();

  bool success = true;
  for (const std::string& script_text : scripts) {
    std::string script = script_text;
    std::vector<std::string> words = {argv0};
    words.insert(words.end(), shell_options.begin(), shell_options.end());
    words.push_back("-c");
    std::vector<char*> argv_storage;
    for (std::string& w : words) argv_storage.push_back(w.data());
    argv_storage.push_back(script.data());
    argv_storage.push_back(nullptr);
    char* const* argv = argv_storage.data();
    ChildSpec spec;
    spec.root = root.c_str();
    spec.cwd = cwd.c_str();
    spec.path = shell_path.c_str();
    spec.argv = argv;
    spec.envp = envp;
    spec.netns = netns_fd_;
    spec.stdin_fd = devnull_fd_;
    spec.output_fd = output_fd_;
    spec.uid = uid_;
    std::string error;
    int step = 0;
    pid_t pid = spawn_child(spec, error, step);
    if (pid < 0) {
      result.error = error;
      return result;
    }
    if (step != 0) {
      ::waitpid(pid, nullptr, 0);
      result.error = "the sandboxed child failed at " + error;
      return result;
    }
    // Wait for the shell with a timeout; then kill what is left of its process group while
    // the shell is still a zombie (its id, and so the group's, cannot be reused meanwhile).
    int pidfd = static_cast<int>(::syscall(SYS_pidfd_open, pid, 0));
    bool exited = false;
    if (pidfd >= 0) {
      pollfd p{pidfd, POLLIN, 0};
      int ready;
      auto deadline = std::chrono::steady_clock::now() + timeout;
      do {
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        ready = ::poll(&p, 1, static_cast<int>(std::max<long long>(0, left.count())));
      } while (ready < 0 && errno == EINTR);
      exited = ready > 0;
      ::close(pidfd);
    } else {  // no pidfd: poll the child
      auto deadline = std::chrono::steady_clock::now() + timeout;
      siginfo_t info{};
      while (std::chrono::steady_clock::now() < deadline) {
        info.si_pid = 0;
        if (::waitid(P_PID, static_cast<id_t>(pid), &info, WEXITED | WNOHANG | WNOWAIT) == 0 &&
            info.si_pid == pid) {
          exited = true;
          break;
        }
        ::usleep(200);
      }
    }
    ::kill(-pid, SIGKILL);
    int status = 0;
    ::waitpid(pid, &status, 0);
    if (!exited) {
      result.timed_out = true;
      kill_leftovers();
      break;
    }
    result.invocations_after.push_back(
        static_cast<std::size_t>(std::strtoul(read_text(control / "counter").c_str(), nullptr, 10)));
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
      success = false;
      break;
    }
  }
  result.success = success && !result.timed_out;
  std::istringstream log(read_text(control / "log"));
  for (std::string line; std::getline(log, line);) {
    if (line == "OVERFLOW") result.overflow = true;
    result.lines.push_back(line);
  }
  char buffer[4096];
  ssize_t n = ::pread(output_fd_, buffer, sizeof buffer, 0);
  if (n > 0) result.diagnostics.assign(buffer, static_cast<std::size_t>(n));
  return result;
}

ShellVerdict ScriptSandbox::compare(Shell shell, const std::vector<std::string>& originals,
                                    const std::string& rewritten, const OracleOptions& options) {
  ShellVerdict verdict;
  verdict.shell = shell;
  const std::vector<std::string> merged = {rewritten};
  auto run = [&](const std::vector<std::string>& scripts, std::size_t k) {
    return run_side(shell, scripts, options.workdir, k, options.timeout, options.shell_options);
  };
  // One comparison; true when the verdict is settled (a failure or an inconclusive run).
  auto settle = [&](std::size_t k, const SideRun& original, const SideRun& mine) {
    std::string point = k ? "with invocation " + std::to_string(k) + " failing" : "with no failure";
    for (auto [run_result, side] : {std::pair{&original, "original"}, std::pair{&mine, "rewritten"}})
      if (auto reason = inconclusive_reason(*run_result, side)) {
        verdict.verdict = Verdict::Inconclusive;
        verdict.detail = std::string(shell_name(shell)) + ", " + point + ": " + *reason;
        return true;
      }
    if (same_observation(original, mine, options)) return false;
    if (has_background_job(originals) || has_background_job(merged)) {
      verdict.verdict = Verdict::Inconclusive;
      verdict.detail = std::string(shell_name(shell)) + ", " + point +
                       ": a background job decides by timing whether its commands run";
      return true;
    }
    // Only a difference the original side reproduces counts: `$$`, `$RANDOM` make a script
    // differ from itself.
    SideRun again = run(originals, k);
    if (!same_observation(original, again, options)) {
      verdict.verdict = Verdict::Inconclusive;
      verdict.detail = std::string(shell_name(shell)) + ", " + point +
                       ": the original scripts do not behave the same twice";
      return true;
    }
    verdict.verdict = Verdict::Fail;
    verdict.detail = std::string(shell_name(shell)) + ", " + point + ": " +
                     describe_difference(original, mine, options);
    return true;
  };
  SideRun baseline = run(originals, 0);
  verdict.invocations = baseline.lines.size();
  if (settle(0, baseline, run(merged, 0))) return verdict;
  for (std::size_t k : fail_points(baseline, options)) {
    ++verdict.fail_points;
    if (settle(k, run(originals, k), run(merged, k))) return verdict;
  }
  return verdict;
}

OracleResult ScriptSandbox::check(const std::vector<std::string>& originals,
                                  const std::string& rewritten, const OracleOptions& options,
                                  const std::vector<Shell>& shells) {
  OracleResult result;
  std::vector<std::string> all = originals;
  all.push_back(rewritten);
  install_stubs(all, options.workdir);
  std::string transparent;
  for (const std::vector<std::string>& pattern : options.transparent_commands) {
    for (std::size_t i = 0; i < pattern.size(); ++i) transparent += (i ? "\x1f" : "") + pattern[i];
    transparent += "\n";
  }
  write_text(root_ / kControlDir / "transparent", transparent);
  for (Shell shell : shells) {
    // A script that never ends under one shell will not under the other: skip the rest.
    if (!result.shells.empty() && result.shells.back().verdict == Verdict::Inconclusive &&
        result.shells.back().detail.find("with no failure: original timed out") != std::string::npos) {
      result.shells.push_back({shell, Verdict::Inconclusive,
                               std::string(shell_name(shell)) + ": not run, the original timed out under " +
                                   std::string(shell_name(result.shells.back().shell)),
                               0, 0});
      continue;
    }
    result.shells.push_back(compare(shell, originals, rewritten, options));
  }
  write_text(root_ / kControlDir / "transparent", "");
  kill_leftovers();
  remove_stubs();
  return result;
}

}  // namespace dfopt::oracle
