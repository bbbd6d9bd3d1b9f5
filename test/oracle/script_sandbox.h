#pragma once
// A differential oracle for RUN rewrites (DF101/DF102 merges, appended cleanups).
//
// Docker runs each RUN as a fresh `/bin/sh -c SCRIPT` and stops the build at the first non-zero
// status. A rewrite of RUNs `S1 … Sn` into one RUN `M` is correct when running `M` once behaves
// like running `S1 … Sn` one after another in fresh shells: the same external command
// invocations in the same order (name, arguments, working directory, exported environment,
// what came through stdin when it is a pipe) and the same success or failure, also when any one
// of those commands fails.
//
// The sandbox runs both sides under dash (as `sh -c`) and bash (as `bash -c`) inside a
// throwaway chroot that holds copies of the two shells and their libraries, a stub executable
// and empty scratch folders; every command name the scripts use (dfopt's shell parser finds
// them, inside command substitutions too) is a hard link to the stub, which logs its
// invocation and exits 0, or 1 when its global invocation number is the one chosen to fail.
// Builtins (cd, export, echo, test, set, read, ...) stay the shells' own.
//
// Safety: the shells run chrooted, as a dedicated unprivileged user (one per sandbox), in a
// network namespace of their own (when the kernel allows), with stdin from /dev/null, limits on
// file size, processes and CPU time, and a timeout; what they leave running is killed. Nothing
// of the real system is visible to them. The chroot is removed when the sandbox is destroyed.
// Needs root (chroot, mknod, setuid); `unavailable_reason()` says why it cannot run otherwise.
#include <chrono>
#include <cstddef>
#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace dfopt::oracle {

enum class Shell { Dash, Bash };
std::string_view shell_name(Shell shell);
inline constexpr Shell kShells[] = {Shell::Dash, Shell::Bash};

// What one side (the original RUNs, or the rewritten one) did in one run.
struct SideRun {
  std::vector<std::string> lines;  // the stubs' log, one line per invocation
  bool success = false;            // every script exited 0
  bool timed_out = false;
  bool overflow = false;           // a runaway loop: more invocations than the stub allows
  std::vector<std::size_t> invocations_after;  // counter value after each script that ran
  std::string diagnostics;         // the shells' stdout and stderr (for reports)
  std::optional<std::string> error;  // the sandbox itself failed
};

enum class Verdict { Pass, Fail, Inconclusive };
std::string_view verdict_name(Verdict verdict);

struct ShellVerdict {
  Shell shell = Shell::Dash;
  Verdict verdict = Verdict::Pass;
  std::string detail;              // for Fail and Inconclusive: what happened
  std::size_t invocations = 0;     // in the original side's run without failures
  std::size_t fail_points = 0;     // runs with an injected failure that were compared
};

// Which invocations get an injected failure.
enum class FailPoints {
  All,         // every k = 1..N, sampled down to `max_fail_points` evenly spread points
  Boundaries,  // the first and last invocation of each original script (the points where
               // a merge changes which shell runs what), at most `max_fail_points`
  None,        // only the run without failures
};

struct OracleOptions {
  std::chrono::milliseconds timeout{5000};  // per shell process
  FailPoints fail_points = FailPoints::All;
  std::size_t max_fail_points = 12;
  // The working directory both sides start in (the stage's WORKDIR); created in the chroot.
  std::string workdir = "/";
  // Words dropped from every logged argv on both sides before comparing (options a hygiene
  // rule inserts: "-y", "--no-install-recommends", ...).
  std::set<std::string> ignored_words;
  // Commands that neither count nor fail nor show in the log, on both sides: what a rule
  // appends or removes on purpose. Each is a list of fnmatch patterns, the first matched
  // against the command's base name; a last pattern "**" matches any further arguments.
  std::vector<std::vector<std::string>> transparent_commands;
  // Command names (argv[0], or the word after `sudo [-options]`) compared as another:
  // {"apt", "apt-get"} for DF113.
  std::map<std::string, std::string> renamed_commands;
  // Options before `-c`, as a stage's SHELL ["/bin/bash", "-eo", "pipefail", "-c"] gives them.
  std::vector<std::string> shell_options;
};

struct OracleResult {
  std::vector<ShellVerdict> shells;  // one per shell checked
  bool passed() const;
  bool failed() const;
};

class ScriptSandbox {
 public:
  // Why no sandbox can be made here (not root, no shells, no stub binary, a trial run fails);
  // nullopt when it can. Found out once per process.
  static std::optional<std::string> unavailable_reason();

  // `slot` tells concurrent sandboxes apart (their unprivileged user id). Throws
  // std::runtime_error when the chroot cannot be built.
  explicit ScriptSandbox(unsigned slot = 0);
  ~ScriptSandbox();
  ScriptSandbox(const ScriptSandbox&) = delete;
  ScriptSandbox& operator=(const ScriptSandbox&) = delete;

  const std::filesystem::path& root() const { return root_; }
  // "network namespace" or why not: what isolation this sandbox has beyond the chroot and user.
  const std::string& isolation_notes() const { return notes_; }

  // The oracle: `originals` run one after another in fresh shells (stopping at the first
  // failure) against `rewritten` run once, under each of `shells`.
  OracleResult check(const std::vector<std::string>& originals, const std::string& rewritten,
                     const OracleOptions& options = {},
                     const std::vector<Shell>& shells = {Shell::Dash, Shell::Bash});

  // Lower level, for tests of the sandbox itself: stubs for every command the scripts name
  // (replacing the previous set), then one side run with the `fail_at`-th invocation failing
  // (0: none).
  void install_stubs(const std::vector<std::string>& scripts, const std::string& workdir);
  SideRun run_side(Shell shell, const std::vector<std::string>& scripts, const std::string& workdir,
                   std::size_t fail_at, std::chrono::milliseconds timeout,
                   const std::vector<std::string>& shell_options = {});
  // Kills whatever the sandbox's user still runs.
  void kill_leftovers();

 private:
  void build();
  void reset_files();
  void remove_stubs();
  bool add_path(const std::filesystem::path& inside, bool directory);
  ShellVerdict compare(Shell shell, const std::vector<std::string>& originals,
                       const std::string& rewritten, const OracleOptions& options);

  unsigned uid_;
  std::filesystem::path root_;
  std::string notes_;
  int netns_fd_ = -1;
  int devnull_fd_ = -1;
  int output_fd_ = -1;  // memfd collecting the shells' stdout/stderr
  std::set<std::filesystem::path> manifest_;  // paths (relative to root_) of the skeleton
  std::vector<std::filesystem::path> extras_;  // stubs and folders added for the current scripts
  std::set<std::filesystem::path> extras_set_;
};

// Every command name the scripts use, as the shell parser finds them: simple commands,
// inside compound commands, subshells and command substitutions. Exposed for tests.
struct CommandNames {
  std::set<std::string> names;       // as written: "apt-get", "/usr/bin/env", "./configure"
  std::set<std::string> cd_targets;  // literal arguments of `cd`
  bool unparsed = false;             // some script (or substitution) did not parse
};
CommandNames command_names(const std::vector<std::string>& scripts);

// Some script runs a job in the background (`cmd &`, at any depth): whether
// the job's commands run before the shell exits is a matter of timing, so a difference there
// is inconclusive, never a failure.
bool has_background_job(const std::vector<std::string>& scripts);

// DFOPT_ORACLE_FULL=1 in the environment.
bool full_oracle_requested();

}  // namespace dfopt::oracle
