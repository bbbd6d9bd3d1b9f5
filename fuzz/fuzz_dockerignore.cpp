// A .dockerignore and paths to test against it: no crash, time linear in the input, and on
// patterns without character classes or escapes the answer is the one of moby/patternmatcher's
// own method - each pattern translated to a regular expression - applied here with std::regex
// on inputs small enough for its backtracking.
//
// Input: the .dockerignore text, a NUL byte, then the paths, one per line.
#include <cstdint>
#include <cstdlib>
#include <regex>
#include <string>
#include <string_view>
#include <vector>

#include "analysis/copy_paths.h"
#include "context/dockerignore.h"
#include "syntax/text.h"

namespace {

// The translation BuildKit's matcher made before it grew a hand-written one; `**` spans folders,
// `*` and `?` stay within one.
std::string reference_regex(std::string_view pattern) {
  std::string out = "^";
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    char c = pattern[i];
    if (c == '*') {
      if (i + 1 < pattern.size() && pattern[i + 1] == '*') {
        ++i;
        if (i + 1 < pattern.size() && pattern[i + 1] == '/') ++i;
        out += i + 1 == pattern.size() ? ".*" : "(.*/)?";
      } else {
        out += "[^/]*";
      }
    } else if (c == '?') {
      out += "[^/]";
    } else if (std::string_view(".+()|{}$^[]\\").find(c) != std::string_view::npos) {
      out += std::string("\\") + c;
    } else {
      out += c;
    }
  }
  return out + "$";
}

struct ReferencePattern {
  std::regex regex;
  bool exclusion;
};

bool reference_excludes(const std::vector<ReferencePattern>& patterns, std::string_view path) {
  std::string file = dfopt::clean_path(path);
  bool excluded = false;
  for (const ReferencePattern& pattern : patterns) {
    bool match = std::regex_match(file, pattern.regex);
    for (std::size_t slash = file.find('/'); !match && slash != std::string::npos;
         slash = file.find('/', slash + 1))
      match = std::regex_match(file.substr(0, slash), pattern.regex);
    if (match) excluded = !pattern.exclusion;
  }
  return excluded;
}

// The patterns as the reference reads them, or nothing when the input is outside what the
// reference can judge quickly and unambiguously.
std::optional<std::vector<ReferencePattern>> reference_patterns(std::string_view text) {
  if (text.size() > 200 || text.find_first_of("[]\\\r") != std::string_view::npos) return std::nullopt;
  std::vector<ReferencePattern> out;
  std::size_t stars = 0;
  for (char c : text) stars += c == '*';
  if (stars > 6) return std::nullopt;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view p = dfopt::trim(text.substr(start, end - start));
    start = end + 1;
    if (p.empty() || p.starts_with('#')) continue;
    bool exclusion = p.starts_with('!');
    if (exclusion) p = dfopt::trim(p.substr(1));
    std::string cleaned = dfopt::clean_path(p);
    while (cleaned.starts_with('/')) cleaned.erase(0, 1);
    if (cleaned.empty()) continue;
    out.push_back({std::regex(reference_regex(cleaned)), exclusion});
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  std::size_t nul = input.find('\0');
  std::string_view patterns = input.substr(0, nul);
  std::string_view paths = nul == std::string_view::npos ? std::string_view() : input.substr(nul + 1);
  dfopt::DockerIgnore ignore(patterns);
  auto reference = reference_patterns(patterns);
  if (reference && paths.size() > 200) reference.reset();
  std::size_t start = 0;
  while (start < paths.size()) {
    std::size_t end = paths.find('\n', start);
    if (end == std::string_view::npos) end = paths.size();
    std::string_view path = paths.substr(start, end - start);
    start = end + 1;
    bool excluded = ignore.excludes(path);
    // std::regex's `.` stops at '\r', Go's does not: such paths say nothing about the matcher.
    if (reference && path.find_first_of(std::string_view("\0\r", 2)) == std::string_view::npos &&
        excluded != reference_excludes(*reference, path))
      std::abort();
  }
  return 0;
}
