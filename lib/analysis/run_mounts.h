#pragma once
// The `--mount=...` flags of a RUN, read the way BuildKit reads their comma-separated fields.
#include <string_view>
#include <vector>

#include "syntax/syntax_tree.h"

namespace dfopt {

struct RunMount {
  std::string_view type = "bind";  // bind, cache, tmpfs, secret, ssh
  std::string_view target;         // target=, dst= or destination=
};

std::vector<RunMount> run_mounts(const Instruction& run);

// The targets of the RUN's cache mounts (and of its tmpfs mounts too when `tmpfs` is set):
// package-manager rules leave such RUNs alone, since the author keeps those files on purpose.
std::vector<std::string_view> cache_mount_targets(const Instruction& run, bool tmpfs = false);

}  // namespace dfopt
