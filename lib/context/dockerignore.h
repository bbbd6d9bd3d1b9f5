#pragma once
// Which paths a .dockerignore keeps out of the build context, following BuildKit's pattern
// matcher (moby/patternmatcher): one pattern per line, `#` comments, `!` re-includes, `*` and `?`
// within one path component, `**` across any number of them, a leading `/` ignored; a path is
// excluded when the last pattern matching it or one of its parent folders is not a `!` pattern.
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "context/path_pattern.h"

namespace dfopt {

class DockerIgnore {
 public:
  explicit DockerIgnore(std::string_view text);

  // `<dockerfile>.dockerignore` beside the Dockerfile when it exists (BuildKit prefers it),
  // else `<context>/.dockerignore`; nullopt when there is neither (or it cannot be read).
  static std::optional<DockerIgnore> load(const std::filesystem::path& context,
                                          const std::filesystem::path& dockerfile);

  // `path` is relative to the context root, "/"-separated ("node_modules", "src/a.js").
  bool excludes(std::string_view path) const;

 private:
  struct Pattern {
    PathPattern path;
    bool exclusion = false;  // "!pattern"
  };
  std::vector<Pattern> patterns_;
};

}  // namespace dfopt
