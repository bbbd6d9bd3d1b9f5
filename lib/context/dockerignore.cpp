#include "context/dockerignore.h"

#include <fstream>
#include <sstream>

#include "analysis/copy_paths.h"
#include "context/path_probe.h"
#include "syntax/text.h"

namespace dfopt {

DockerIgnore::DockerIgnore(std::string_view text) {
  std::istringstream in{std::string(text)};
  for (std::string line; std::getline(in, line);) {
    std::string_view p = trim(line);
    if (p.empty() || p.starts_with('#')) continue;
    bool exclusion = p.starts_with('!');
    if (exclusion) p = trim(p.substr(1));
    std::string cleaned = clean_path(p);
    while (cleaned.starts_with('/')) cleaned.erase(0, 1);
    if (cleaned.empty()) continue;
    // BuildKit rejects a file with a malformed pattern; such a line matches nothing here.
    if (auto compiled = PathPattern::compile(cleaned)) patterns_.push_back({std::move(*compiled), exclusion});
  }
}

std::optional<DockerIgnore> DockerIgnore::load(const std::filesystem::path& context,
                                               const std::filesystem::path& dockerfile) {
  for (const std::filesystem::path& file :
       {std::filesystem::path(dockerfile.string() + ".dockerignore"), context / ".dockerignore"}) {
    if (probe_path(file) != PathKind::Regular) continue;
    std::ifstream in(file, std::ios::binary);
    if (!in) return std::nullopt;
    std::ostringstream text;
    text << in.rdbuf();
    return DockerIgnore(text.str());
  }
  return std::nullopt;
}

bool DockerIgnore::excludes(std::string_view path) const {
  std::string file = clean_path(path);
  bool excluded = false;
  for (const Pattern& pattern : patterns_) {
    if (pattern.path.matches_path_or_parent(file)) excluded = !pattern.exclusion;
  }
  return excluded;
}

}  // namespace dfopt
