#include "io/temp_files.h"

#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <set>
#include <stdexcept>
#include <utility>

namespace dfopt {
namespace fs = std::filesystem;

namespace {

constexpr std::string_view kMarker = ".dfopt-";

// One registered path. Slots are never freed (the signal handler may be walking them) but are
// reused; `generation` is odd while a path is being written into one, so the handler can tell
// a torn read and skip it (by then the owner has not created the file yet).
struct Slot {
  enum State { kFree, kClaimed, kLive };
  std::atomic<int> state{kFree};
  std::atomic<unsigned> generation{0};
  char path[PATH_MAX] = {};
  Slot* next = nullptr;  // set before the slot is published, never changed after
};

std::atomic<Slot*> slots{nullptr};
std::atomic<bool> closing{false};
std::atomic<int> creating{0};  // threads inside a TempCreation
std::atomic<unsigned long> sequence{0};

Slot* claim_slot() {
  for (Slot* s = slots.load(std::memory_order_acquire); s; s = s->next) {
    int expected = Slot::kFree;
    if (s->state.compare_exchange_strong(expected, Slot::kClaimed)) return s;
  }
  Slot* s = new Slot;
  s->state.store(Slot::kClaimed);
  s->next = slots.load(std::memory_order_relaxed);
  while (!slots.compare_exchange_weak(s->next, s, std::memory_order_release, std::memory_order_relaxed)) {
  }
  return s;
}

// Async-signal-safe: atomics, memcpy and unlink only.
void remove_all_registered() {
  for (Slot* s = slots.load(std::memory_order_acquire); s; s = s->next) {
    unsigned before = s->generation.load(std::memory_order_acquire);
    if ((before & 1) != 0 || s->state.load(std::memory_order_acquire) != Slot::kLive) continue;
    char path[PATH_MAX];
    std::memcpy(path, s->path, sizeof path);
    path[sizeof path - 1] = '\0';
    std::atomic_thread_fence(std::memory_order_acquire);
    if (s->generation.load(std::memory_order_relaxed) != before) continue;
    ::unlink(path);
  }
}

constexpr int kSignals[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE};

void on_signal(int signal_number) {
  closing.store(true);
  remove_all_registered();
  // Threads in the middle of creating one finish (they see `closing` and remove their file
  // themselves) or get a second pass; nanosleep is async-signal-safe.
  for (int waited = 0; creating.load() > 0 && waited < 1000; ++waited) {
    struct timespec millisecond {0, 1000000};
    ::nanosleep(&millisecond, nullptr);
  }
  remove_all_registered();
  // Then die of the same signal, as if dfopt had not caught it: it is blocked while this
  // handler runs, so the raise takes effect when the handler returns, with the default action.
  struct sigaction default_action {};
  default_action.sa_handler = SIG_DFL;
  sigemptyset(&default_action.sa_mask);
  ::sigaction(signal_number, &default_action, nullptr);
  ::raise(signal_number);
}

void on_exit() { remove_all_registered(); }

bool all_digits(std::string_view text) {
  if (text.empty()) return false;
  for (char c : text)
    if (c < '0' || c > '9') return false;
  return true;
}

}  // namespace

void install_temp_file_cleanup() {
  static std::atomic<bool> installed{false};
  if (installed.exchange(true)) return;
  std::atexit(on_exit);
  for (int signal_number : kSignals) {
    struct sigaction old {};
    if (::sigaction(signal_number, nullptr, &old) == 0 && old.sa_handler == SIG_IGN) continue;
    struct sigaction action {};
    action.sa_handler = on_signal;
    sigemptyset(&action.sa_mask);
    ::sigaction(signal_number, &action, nullptr);
  }
}

fs::path temp_file_name(const fs::path& folder, const std::string& for_name) {
  std::string base = for_name;
  base.erase(0, base.find_first_not_of('.'));
  if (base.size() > 200) base.resize(200);  // the suffix must fit in a file name (255 bytes)
  return folder / ("." + base + std::string(kMarker) + std::to_string(::getpid()) + "-" +
                   std::to_string(sequence.fetch_add(1) + 1));
}

std::optional<pid_t> temp_file_writer(const std::string& file_name) {
  if (file_name.empty() || file_name[0] != '.') return std::nullopt;
  std::size_t marker = file_name.rfind(kMarker);
  if (marker == std::string::npos || marker == 0) return std::nullopt;
  std::string_view rest = std::string_view(file_name).substr(marker + kMarker.size());
  std::size_t dash = rest.find('-');
  if (dash == std::string_view::npos || !all_digits(rest.substr(0, dash)) ||
      !all_digits(rest.substr(dash + 1)) || dash > 9)
    return std::nullopt;
  pid_t pid = static_cast<pid_t>(std::stol(std::string(rest.substr(0, dash))));
  if (pid <= 0) return std::nullopt;
  return pid;
}

RegisteredTempPath::RegisteredTempPath(fs::path path) : path_(std::move(path)) {
  const std::string& text = path_.native();
  if (text.size() >= PATH_MAX) throw std::length_error("temporary file name too long");
  Slot* s = claim_slot();
  s->generation.fetch_add(1, std::memory_order_acq_rel);  // odd: being written
  std::memcpy(s->path, text.c_str(), text.size() + 1);
  s->generation.fetch_add(1, std::memory_order_acq_rel);  // even: complete
  s->state.store(Slot::kLive, std::memory_order_release);
  slot_ = s;
}

RegisteredTempPath::~RegisteredTempPath() {
  if (!slot_) return;
  ::unlink(path_.c_str());
  release();
}

RegisteredTempPath::RegisteredTempPath(RegisteredTempPath&& other) noexcept
    : path_(std::move(other.path_)), slot_(other.slot_) {
  other.slot_ = nullptr;
}

RegisteredTempPath& RegisteredTempPath::operator=(RegisteredTempPath&& other) noexcept {
  if (this != &other) {
    if (slot_) {
      ::unlink(path_.c_str());
      release();
    }
    path_ = std::move(other.path_);
    slot_ = other.slot_;
    other.slot_ = nullptr;
  }
  return *this;
}

void RegisteredTempPath::release() {
  if (!slot_) return;
  static_cast<Slot*>(slot_)->state.store(Slot::kFree, std::memory_order_release);
  slot_ = nullptr;
}

bool temp_cleanup_started() { return closing.load(); }

TempCreation::TempCreation() { creating.fetch_add(1); }

void TempCreation::finish() {
  if (std::exchange(active_, false)) creating.fetch_sub(1);
}

std::vector<fs::path> remove_stale_temp_files(const fs::path& folder) {
  static std::mutex mutex;
  static std::set<std::string> swept;
  std::error_code ec;
  fs::path key = fs::absolute(folder.empty() ? fs::path(".") : folder, ec).lexically_normal();
  {
    std::lock_guard lock(mutex);
    if (!swept.insert(key.native()).second) return {};
  }
  std::vector<fs::path> removed;
  int dir_fd = ::open(key.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir_fd < 0) return removed;
  DIR* dir = ::fdopendir(dir_fd);
  if (!dir) {
    ::close(dir_fd);
    return removed;
  }
  pid_t self = ::getpid();
  while (const struct dirent* entry = ::readdir(dir)) {
    std::string name = entry->d_name;
    std::optional<pid_t> writer = temp_file_writer(name);
    if (!writer || *writer == self) continue;
    if (::kill(*writer, 0) == 0 || errno != ESRCH) continue;  // alive (or not ours to ask)
    struct stat st {};
    if (::fstatat(dir_fd, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISREG(st.st_mode))
      continue;
    if (::unlinkat(dir_fd, name.c_str(), 0) == 0) removed.push_back(key / name);
  }
  ::closedir(dir);
  return removed;
}

std::vector<fs::path> registered_temp_paths() {
  std::vector<fs::path> out;
  for (Slot* s = slots.load(std::memory_order_acquire); s; s = s->next)
    if (s->state.load() == Slot::kLive) out.emplace_back(s->path);
  return out;
}

}  // namespace dfopt
