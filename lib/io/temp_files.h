#pragma once
// Temporary files that do not outlive their run, after git's tempfile.c: every temporary file
// that has a name is registered while it exists; SIGINT, SIGTERM, SIGHUP, SIGQUIT and SIGPIPE
// remove all of them (async-signal-safe: atomics and unlink only) before the signal is raised
// again with its default action, and so does exit(). Where the file system offers O_TMPFILE
// the file has no name at all while it is written, only for the moment between linkat and
// rename. What SIGKILL or a power cut leaves behind carries the writer's pid in its name
// (".NAME.dfopt-PID-N"), and a later run removes it once that process is gone.
#include <sys/types.h>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace dfopt {

// Installs the signal handlers and the exit handler. Signals the process was started with
// ignored (nohup's SIGHUP) stay ignored. Once per process, early in main(); later calls do
// nothing.
void install_temp_file_cleanup();

// ".NAME.dfopt-PID-N" in `folder` for a file called NAME: unique to this process and call.
std::filesystem::path temp_file_name(const std::filesystem::path& folder, const std::string& for_name);

// The writer's pid when `file_name` is of temp_file_name's making, else nothing.
std::optional<pid_t> temp_file_writer(const std::string& file_name);

// A path registered for removal on a signal or at exit while this object owns it. Register the
// path before the file is created, so that no moment exists where it is there but unknown.
class RegisteredTempPath {
 public:
  RegisteredTempPath() = default;
  explicit RegisteredTempPath(std::filesystem::path path);  // throws std::length_error if too long
  ~RegisteredTempPath();  // removes the file, if it is still there
  RegisteredTempPath(RegisteredTempPath&& other) noexcept;
  RegisteredTempPath& operator=(RegisteredTempPath&& other) noexcept;
  RegisteredTempPath(const RegisteredTempPath&) = delete;
  RegisteredTempPath& operator=(const RegisteredTempPath&) = delete;

  const std::filesystem::path& path() const { return path_; }
  bool empty() const { return slot_ == nullptr; }
  // The file was renamed away (or removed): forget it without removing anything.
  void release();

 private:
  std::filesystem::path path_;
  void* slot_ = nullptr;
};

// Brackets a step that creates a registered temporary file (from just before the create to
// just after the settle check). A signal handler that runs meanwhile, on another thread, waits
// for it (up to a second) before its last removal pass: the process dies when the handler
// returns, and a file created after the first pass by a thread that had not yet seen the
// signal would escape both the handler and that thread.
class TempCreation {
 public:
  TempCreation();
  ~TempCreation() { finish(); }
  TempCreation(const TempCreation&) = delete;
  TempCreation& operator=(const TempCreation&) = delete;
  void finish();

 private:
  bool active_ = true;
};

// True once a signal handler has begun removing temporary files: the process is about to end,
// and a thread that has just created one removes it itself and waits for the end.
bool temp_cleanup_started();

// Removes the temporary files of temp_file_name's making in `folder` whose writer process no
// longer exists (never this process's own, never anything but regular files). Each folder is
// swept once per process; returns the paths removed.
std::vector<std::filesystem::path> remove_stale_temp_files(const std::filesystem::path& folder);

// For tests: the paths currently registered.
std::vector<std::filesystem::path> registered_temp_paths();

}  // namespace dfopt
