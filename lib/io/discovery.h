#pragma once
// Turning the paths on the command line into the list of Dockerfiles to process.
#include <filesystem>
#include <string>
#include <vector>

namespace dfopt {

// Dockerfile, Dockerfile.*, *.Dockerfile, *.dockerfile, Containerfile, Containerfile.*
bool is_dockerfile_name(const std::string& file_name);

struct DiscoveredFiles {
  std::vector<std::filesystem::path> files;  // in a stable, sorted order per argument
  std::vector<std::string> errors;           // "PATH: message" for arguments that do not exist
};

// Files are taken as given; directories are walked recursively for Dockerfile names, skipping
// .git, node_modules, vendor and hidden folders, without following symlinked folders. A symlink
// with a Dockerfile name that leads nowhere (dangling, or a loop) is listed too, so that reading
// it reports the error instead of the file going unseen.
DiscoveredFiles discover(const std::vector<std::filesystem::path>& arguments);

}  // namespace dfopt
