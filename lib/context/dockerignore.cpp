#include "context/dockerignore.h"

#include <fstream>
#include <sstream>

#include "analysis/copy_paths.h"
#include "context/path_probe.h"
#include "syntax/text.h"

namespace dfopt {
namespace {

// moby/patternmatcher's translation of a cleaned pattern into a regular expression.
std::string pattern_regex(std::string_view pattern) {
  std::string out = "^";
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    char c = pattern[i];
    if (c == '*') {
      if (i + 1 < pattern.size() && pattern[i + 1] == '*') {
        ++i;
        if (i + 1 < pattern.size() && pattern[i + 1] == '/') ++i;  // "**/" is "**"
        out += i + 1 == pattern.size() ? ".*" : "(.*/)?";
      } else {
        out += "[^/]*";
      }
    } else if (c == '?') {
      out += "[^/]";
    } else if (c == '\\') {
      if (i + 1 < pattern.size()) out += std::string("\\") + pattern[++i];
    } else if (std::string_view(".+()|{}$^").find(c) != std::string_view::npos) {
      out += std::string("\\") + c;
    } else {
      out += c;  // '[' ... ']' classes pass through, as in Go
    }
  }
  return out + "$";
}

}  // namespace

DockerIgnore::DockerIgnore(std::string_view text) {
  std::istringstream in{std::string(text)};
  for (std::string line; std::getline(in, line);) {
    std::string_view p = trim(line);
    if (p.empty() || p.starts_with('#')) continue;
    bool exclusion = p.starts_with('!');
    if (exclusion) p = trim(p.substr(1));
    std::string cleaned = clean_path(p);
    while (cleaned.starts_with('/')) cleaned.erase(0, 1);
    if (cleaned.empty()) continue;
    try {
      patterns_.push_back({std::regex(pattern_regex(cleaned)), exclusion});
    } catch (const std::regex_error&) {
      // BuildKit rejects such a file; treat the line as matching nothing.
    }
  }
}

std::optional<DockerIgnore> DockerIgnore::load(const std::filesystem::path& context,
                                               const std::filesystem::path& dockerfile) {
  for (const std::filesystem::path& file :
       {std::filesystem::path(dockerfile.string() + ".dockerignore"), context / ".dockerignore"}) {
    if (probe_path(file) != PathKind::Regular) continue;
    std::ifstream in(file, std::ios::binary);
    if (!in) return std::nullopt;
    std::ostringstream text;
    text << in.rdbuf();
    return DockerIgnore(text.str());
  }
  return std::nullopt;
}

bool DockerIgnore::excludes(std::string_view path) const {
  std::string file = clean_path(path);
  bool excluded = false;
  for (const Pattern& pattern : patterns_) {
    bool match = std::regex_match(file, pattern.regex);
    // A pattern that matches a parent folder matches everything in it.
    for (std::size_t slash = file.find('/'); !match && slash != std::string::npos;
         slash = file.find('/', slash + 1))
      match = std::regex_match(file.substr(0, slash), pattern.regex);
    if (match) excluded = !pattern.exclusion;
  }
  return excluded;
}

}  // namespace dfopt
