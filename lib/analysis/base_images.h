#pragma once
// What dfopt knows about well-known base images without pulling them: the Docker Official
// Images' repositories, recognised only when the reference names them (no other registry).
#include <optional>
#include <string>
#include <string_view>

namespace dfopt {

struct ImageReference {
  std::string registry;    // "" for Docker Hub
  std::string repository;  // "python", "library/python" -> "python", "bitnami/redis"
  std::string tag;         // "" when absent
  std::string digest;      // "sha256:..." when pinned
};

// Splits "registry:5000/ns/name:tag@sha256:..." into its parts; nullopt for references with
// variables or that are empty.
std::optional<ImageReference> parse_image_reference(std::string_view reference);

// True for official images known to set no ENTRYPOINT (debian, ubuntu, alpine, python, golang,
// ...), and for scratch. False when unknown or when the image has one (node, postgres, nginx).
bool known_without_entrypoint(std::string_view reference);

}  // namespace dfopt
