#include "context/build_context.h"

#include <array>
#include <fstream>

#include "context/path_probe.h"
#include "syntax/text.h"

namespace dfopt {
namespace fs = std::filesystem;

bool has_archive_name(std::string_view path) {
  static constexpr std::array<std::string_view, 14> kSuffixes = {
      ".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz2", ".tbz", ".tar.xz", ".txz",
      ".gz",  ".bz2",    ".xz",  ".zst",     ".tzst", ".tar.zst"};
  std::string lower = to_lower(path);
  for (std::string_view suffix : kSuffixes)
    if (lower.ends_with(suffix)) return true;
  return false;
}

bool has_glob_or_variable(std::string_view path) {
  return path.find_first_of("*?[$") != std::string_view::npos;
}

bool is_remote_source(std::string_view path) {
  return path.find("://") != std::string_view::npos || starts_with_icase(path, "git@");
}

SourceKind inspect_source(const fs::path& context, std::string_view source) {
  std::string_view relative = source;
  while (relative.starts_with("/")) relative.remove_prefix(1);  // "/x" is context-relative too
  fs::path path = context / fs::path(relative);
  switch (probe_path(path)) {
    case PathKind::Missing: return SourceKind::Missing;
    case PathKind::Directory: return SourceKind::Directory;
    default: break;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return SourceKind::Unreadable;
  std::array<unsigned char, 512> head{};
  in.read(reinterpret_cast<char*>(head.data()), head.size());
  auto n = static_cast<std::size_t>(in.gcount());
  auto starts = [&](std::initializer_list<unsigned char> magic) {
    if (n < magic.size()) return false;
    std::size_t i = 0;
    for (unsigned char m : magic)
      if (head[i++] != m) return false;
    return true;
  };
  bool compressed = starts({0x1F, 0x8B}) || starts({'B', 'Z', 'h'}) ||
                    starts({0xFD, '7', 'z', 'X', 'Z', 0x00}) || starts({0x28, 0xB5, 0x2F, 0xFD});
  bool tar = n >= 262 && std::string_view(reinterpret_cast<const char*>(head.data()) + 257, 5) == "ustar";
  return (compressed || tar) ? SourceKind::Archive : SourceKind::PlainFile;
}

}  // namespace dfopt
