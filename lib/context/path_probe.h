#pragma once
// The kind of a path in a build context. Rules ask about the same few paths in every round of
// every Dockerfile of a folder (and a monorepo has hundreds of Dockerfiles side by side): asking
// the kernel each time cost a tenth of a corpus run. So while a PathProbeCache exists (dfopt
// makes one per run), answers are remembered: the run judges every file against the tree as it
// found it. Without one (tests, library use that changes files between calls), every call asks
// the file system.
#include <filesystem>

namespace dfopt {

enum class PathKind { Missing, Directory, Regular, Other };

// Follows symlinks, as COPY does for the paths a rule asks about.
PathKind probe_path(const std::filesystem::path& path);

// Records a file dfopt itself just created (DF307's .dockerignore), so that the Dockerfiles
// processed after it see it.
void remember_created_file(const std::filesystem::path& path);

// Turns the remembering on for its lifetime. Not nestable: one per run.
class PathProbeCache {
 public:
  PathProbeCache();
  ~PathProbeCache();
  PathProbeCache(const PathProbeCache&) = delete;
  PathProbeCache& operator=(const PathProbeCache&) = delete;
};

}  // namespace dfopt
