#include "analysis/run_mounts.h"

namespace dfopt {

std::vector<RunMount> run_mounts(const Instruction& run) {
  std::vector<RunMount> mounts;
  for (const Flag& flag : run.flags) {
    if (flag.name() != "mount" || !flag.value()) continue;
    RunMount mount;
    std::string_view rest = *flag.value();
    while (!rest.empty()) {
      std::string_view field = rest.substr(0, rest.find(','));
      rest.remove_prefix(std::min(rest.size(), field.size() + 1));
      std::size_t eq = field.find('=');
      std::string_view key = field.substr(0, eq);
      std::string_view value = eq == std::string_view::npos ? "" : field.substr(eq + 1);
      if (key == "type") mount.type = value;
      if (key == "target" || key == "dst" || key == "destination") mount.target = value;
    }
    mounts.push_back(mount);
  }
  return mounts;
}

std::vector<std::string_view> cache_mount_targets(const Instruction& run, bool tmpfs) {
  std::vector<std::string_view> targets;
  for (const RunMount& mount : run_mounts(run))
    if (mount.type == "cache" || (tmpfs && mount.type == "tmpfs")) targets.push_back(mount.target);
  return targets;
}

}  // namespace dfopt
