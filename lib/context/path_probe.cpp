#include "context/path_probe.h"

#include <mutex>
#include <string>
#include <unordered_map>

namespace dfopt {

namespace {

constexpr std::size_t kMaxEntries = 1 << 16;
std::mutex mutex;
bool enabled = false;
std::unordered_map<std::string, PathKind> known;

PathKind ask_file_system(const std::filesystem::path& path) {
  std::error_code ec;
  std::filesystem::file_status status = std::filesystem::status(path, ec);
  if (ec || !std::filesystem::exists(status)) return PathKind::Missing;
  if (std::filesystem::is_directory(status)) return PathKind::Directory;
  if (std::filesystem::is_regular_file(status)) return PathKind::Regular;
  return PathKind::Other;
}

}  // namespace

PathKind probe_path(const std::filesystem::path& path) {
  {
    std::lock_guard lock(mutex);
    if (enabled)
      if (auto it = known.find(path.native()); it != known.end()) return it->second;
  }
  PathKind kind = ask_file_system(path);
  std::lock_guard lock(mutex);
  if (!enabled) return kind;
  if (known.size() >= kMaxEntries) known.clear();
  known.emplace(path.native(), kind);
  return kind;
}

void remember_created_file(const std::filesystem::path& path) {
  std::lock_guard lock(mutex);
  if (enabled) known[path.native()] = PathKind::Regular;
}

PathProbeCache::PathProbeCache() {
  std::lock_guard lock(mutex);
  enabled = true;
}

PathProbeCache::~PathProbeCache() {
  std::lock_guard lock(mutex);
  enabled = false;
  known.clear();
}

}  // namespace dfopt
