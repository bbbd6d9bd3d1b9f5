#pragma once
// What well-known base images carry for fetching and unpacking files, without pulling them:
// Docker Official Images recognised by repository and tag (Docker Hub only, as base_images.h).
#include <optional>
#include <string_view>

namespace dfopt {

struct ImageTools {
  bool curl = false;             // curl, with CA certificates: https downloads work
  bool wget = false;             // GNU wget, with CA certificates
  bool busybox_wget = false;     // only busybox's wget applet (Alpine)
  bool ca_certificates = false;  // the CA bundle, whatever client is installed later
  bool gnu_tar = false;          // a `tar` there is GNU tar, not busybox's
  bool runs_as_root = false;     // the image sets no USER
};

// nullopt when dfopt does not know the image (other registries, variables, Windows images).
// buildpack-deps and the full variants built on it (python, node, ruby, golang, rust, gcc,
// perl) carry curl and wget; debian and ubuntu carry neither; alpine has busybox's wget and tar;
// centos carries curl.
std::optional<ImageTools> known_image_tools(std::string_view reference);

}  // namespace dfopt
