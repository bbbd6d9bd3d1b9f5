#include "analysis/image_tools.h"

#include <array>

#include "analysis/base_images.h"
#include "analysis/windows_images.h"

namespace dfopt {
namespace {

bool tag_has(std::string_view tag, std::string_view part) {
  return tag.find(part) != std::string_view::npos;
}

// Official images whose full variants are built FROM buildpack-deps (curl, wget, CA bundle) and
// whose -slim variants are Debian without them.
constexpr std::array<std::string_view, 7> kOnBuildpackDeps = {"python", "node", "ruby", "golang",
                                                              "rust",   "gcc",  "perl"};

}  // namespace

std::optional<ImageTools> known_image_tools(std::string_view reference) {
  auto image = parse_image_reference(reference);
  if (!image || !(image->registry.empty() || image->registry == "docker.io")) return std::nullopt;
  const std::string& name = image->repository;
  const std::string& tag = image->tag;
  if (classify_image(*image) == ImagePlatform::Windows) return std::nullopt;
  ImageTools tools;
  tools.runs_as_root = true;
  if (name == "debian" || name == "ubuntu") {
    tools.gnu_tar = true;
    return tools;
  }
  if (name == "alpine") {
    tools.busybox_wget = true;
    return tools;
  }
  if (name == "centos") {
    tools.curl = tools.ca_certificates = tools.gnu_tar = true;
    return tools;
  }
  if (name == "buildpack-deps") {
    tools.curl = tools.wget = tools.ca_certificates = tools.gnu_tar = true;
    return tools;
  }
  for (std::string_view derived : kOnBuildpackDeps) {
    if (name != derived) continue;
    if (tag_has(tag, "alpine")) {
      tools.busybox_wget = true;
    } else if (tag_has(tag, "slim")) {
      tools.gnu_tar = true;
      tools.ca_certificates = name == "python";  // python's slim images keep the CA bundle
    } else {
      tools.curl = tools.wget = tools.ca_certificates = tools.gnu_tar = true;
    }
    return tools;
  }
  return std::nullopt;
}

}  // namespace dfopt
