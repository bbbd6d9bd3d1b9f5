#include "analysis/base_images.h"

#include <array>

#include "syntax/text.h"

namespace dfopt {

std::optional<ImageReference> parse_image_reference(std::string_view reference) {
  if (reference.empty() || reference.find('$') != std::string_view::npos) return std::nullopt;
  ImageReference out;
  std::string_view rest = reference;
  if (std::size_t at = rest.find('@'); at != std::string_view::npos) {
    out.digest = std::string(rest.substr(at + 1));
    rest = rest.substr(0, at);
  }
  // The first component is a registry when it has a '.' or ':' or is "localhost".
  if (std::size_t slash = rest.find('/'); slash != std::string_view::npos) {
    std::string_view first = rest.substr(0, slash);
    if (first.find_first_of(".:") != std::string_view::npos || first == "localhost") {
      out.registry = std::string(first);
      rest = rest.substr(slash + 1);
    }
  }
  std::size_t colon = rest.rfind(':');
  if (colon != std::string_view::npos && rest.find('/', colon) == std::string_view::npos) {
    out.tag = std::string(rest.substr(colon + 1));
    rest = rest.substr(0, colon);
  }
  if (rest.starts_with("library/")) rest.remove_prefix(8);
  out.repository = to_lower(rest);
  if (out.repository.empty()) return std::nullopt;
  return out;
}

bool known_without_entrypoint(std::string_view reference) {
  static constexpr std::array<std::string_view, 20> kNoEntrypoint = {
      "scratch",   "alpine",        "debian",      "ubuntu",          "busybox",
      "centos",    "fedora",        "rockylinux",  "almalinux",       "amazonlinux",
      "archlinux", "oraclelinux",   "python",      "golang",          "rust",
      "gcc",       "openjdk",       "eclipse-temurin", "amazoncorretto", "buildpack-deps"};
  auto image = parse_image_reference(reference);
  if (!image || !(image->registry.empty() || image->registry == "docker.io")) return false;
  for (std::string_view name : kNoEntrypoint)
    if (image->repository == name) return true;
  return false;
}

}  // namespace dfopt
