#include "context/path_probe.h"

#include <mutex>
#include <string>
#include <unordered_map>

namespace dfopt {

PathKind probe_path(const std::filesystem::path& path) {
  constexpr std::size_t kMaxEntries = 1 << 16;
  static std::mutex mutex;
  static std::unordered_map<std::string, PathKind> known;
  {
    std::lock_guard lock(mutex);
    if (auto it = known.find(path.native()); it != known.end()) return it->second;
  }
  std::error_code ec;
  std::filesystem::file_status status = std::filesystem::status(path, ec);
  PathKind kind = ec || !std::filesystem::exists(status) ? PathKind::Missing
                  : std::filesystem::is_directory(status)  ? PathKind::Directory
                  : std::filesystem::is_regular_file(status) ? PathKind::Regular
                                                             : PathKind::Other;
  std::lock_guard lock(mutex);
  if (known.size() >= kMaxEntries) known.clear();
  known.emplace(path.native(), kind);
  return kind;
}

}  // namespace dfopt
