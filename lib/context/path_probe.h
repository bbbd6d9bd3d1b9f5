#pragma once
// The kind of a path in a build context, looked up once per process. Rules ask about the same
// few paths in every round of every Dockerfile of a folder (and a monorepo has hundreds of
// Dockerfiles side by side), so asking the kernel each time cost a tenth of a corpus run. An
// answer can only go stale through a concurrent edit, which no rewrite could account for anyway.
#include <filesystem>

namespace dfopt {

enum class PathKind { Missing, Directory, Regular, Other };

// Follows symlinks, as COPY does for the paths a rule asks about.
PathKind probe_path(const std::filesystem::path& path);

}  // namespace dfopt
