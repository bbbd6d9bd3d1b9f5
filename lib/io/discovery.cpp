#include "io/discovery.h"

#include <algorithm>
#include <set>

namespace dfopt {
namespace fs = std::filesystem;

bool is_dockerfile_name(const std::string& name) {
  for (std::string_view base : {"Dockerfile", "Containerfile"}) {
    if (name == base) return true;
    if (name.starts_with(std::string(base) + ".")) return true;
  }
  return name.ends_with(".Dockerfile") || name.ends_with(".dockerfile") ||
         name.ends_with(".Containerfile");
}

namespace {

bool skipped_folder(const fs::path& dir) {
  std::string name = dir.filename().string();
  return name == ".git" || name == "node_modules" || name == "vendor" ||
         (name.size() > 1 && name[0] == '.' && name != "..");
}

void walk(const fs::path& root, DiscoveredFiles& out) {
  std::vector<fs::path> found;
  std::error_code ec;
  fs::recursive_directory_iterator it(root, fs::directory_options::skip_permission_denied, ec);
  if (ec) {
    out.errors.push_back(root.string() + ": " + ec.message());
    return;
  }
  for (; it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (ec) {
      out.errors.push_back(root.string() + ": " + ec.message());
      break;
    }
    const fs::directory_entry& entry = *it;
    std::error_code type_ec;
    if (entry.is_directory(type_ec) && !entry.is_symlink(type_ec)) {
      if (skipped_folder(entry.path())) it.disable_recursion_pending();
      continue;
    }
    if (!is_dockerfile_name(entry.path().filename().string())) continue;
    if (entry.is_regular_file(type_ec)) {
      found.push_back(entry.path());
    } else if (entry.is_symlink(type_ec) && !entry.exists(type_ec)) {
      // A dangling or looping symlink named like a Dockerfile: taken as a file, so reading it
      // reports it, rather than leaving it out unseen.
      found.push_back(entry.path());
    }
  }
  std::sort(found.begin(), found.end());
  out.files.insert(out.files.end(), found.begin(), found.end());
}

}  // namespace

DiscoveredFiles discover(const std::vector<fs::path>& arguments) {
  DiscoveredFiles out;
  for (const fs::path& arg : arguments) {
    std::error_code ec;
    fs::file_status status = fs::status(arg, ec);
    if (fs::is_directory(status)) {
      walk(arg, out);
    } else {
      out.files.push_back(arg);  // reading it reports missing files, loops and the like
    }
  }
  return out;
}

}  // namespace dfopt
