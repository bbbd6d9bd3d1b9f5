#include "context/path_pattern.h"

#include <cctype>

namespace dfopt {
namespace {

// The members of a POSIX class name as Go's regexp knows them ("alpha" for `[:alpha:]`).
std::optional<int (*)(int)> posix_class(std::string_view name) {
  if (name == "alnum") return ::isalnum;
  if (name == "alpha") return ::isalpha;
  if (name == "blank") return ::isblank;
  if (name == "cntrl") return ::iscntrl;
  if (name == "digit") return ::isdigit;
  if (name == "graph") return ::isgraph;
  if (name == "lower") return ::islower;
  if (name == "print") return ::isprint;
  if (name == "punct") return ::ispunct;
  if (name == "space") return ::isspace;
  if (name == "upper") return ::isupper;
  if (name == "xdigit") return ::isxdigit;
  return std::nullopt;
}

// Reads the class starting after its `[` at pattern[i]; on success `i` is past the `]`. As in
// Go's regexp: a `]` right after the `[` or `[^` is a member, `\` escapes the next byte.
std::optional<std::string> read_class(std::string_view pattern, std::size_t& i) {
  std::string set(256, '\0');
  bool negated = i < pattern.size() && pattern[i] == '^';
  if (negated) ++i;
  bool first = true;
  while (i < pattern.size() && (pattern[i] != ']' || first)) {
    first = false;
    if (pattern.substr(i).starts_with("[:")) {
      std::size_t end = pattern.find(":]", i + 2);
      if (end == std::string_view::npos) return std::nullopt;
      auto member = posix_class(pattern.substr(i + 2, end - i - 2));
      if (!member) return std::nullopt;
      for (int c = 0; c < 128; ++c)
        if ((*member)(c)) set[static_cast<unsigned char>(c)] = 1;
      i = end + 2;
      continue;
    }
    auto next_byte = [&]() -> std::optional<unsigned char> {
      if (pattern[i] == '\\') {
        if (++i >= pattern.size()) return std::nullopt;
      }
      return static_cast<unsigned char>(pattern[i++]);
    };
    auto low = next_byte();
    if (!low) return std::nullopt;
    unsigned char high = *low;
    if (i + 1 < pattern.size() && pattern[i] == '-' && pattern[i + 1] != ']') {
      ++i;
      auto end = next_byte();
      if (!end || *end < *low) return std::nullopt;
      high = *end;
    }
    for (unsigned c = *low; c <= high; ++c) set[c] = 1;
  }
  if (i >= pattern.size()) return std::nullopt;  // no closing ]
  ++i;
  if (negated)
    for (char& member : set) member = !member;
  return set;
}

}  // namespace

std::optional<PathPattern> PathPattern::compile(std::string_view pattern) {
  PathPattern out;
  using Kind = Token::Kind;
  for (std::size_t i = 0; i < pattern.size();) {
    char c = pattern[i];
    if (c == '*') {
      if (i + 1 < pattern.size() && pattern[i + 1] == '*') {
        i += 2;
        if (i < pattern.size() && pattern[i] == '/') ++i;  // "**/" is "**"
        out.tokens_.push_back({i == pattern.size() ? Kind::AnyRest : Kind::AnyFolders});
      } else {
        ++i;
        out.tokens_.push_back({Kind::AnyRunInComponent});
      }
    } else if (c == '?') {
      ++i;
      out.tokens_.push_back({Kind::AnyByteInComponent});
    } else if (c == '\\') {
      if (i + 1 < pattern.size()) out.tokens_.push_back({Kind::Byte, pattern[i + 1]});
      i += 2;  // a trailing backslash means nothing
    } else if (c == '[') {
      ++i;
      auto set = read_class(pattern, i);
      if (!set) return std::nullopt;
      out.tokens_.push_back({Kind::Class, 0, std::move(*set)});
    } else {
      ++i;
      out.tokens_.push_back({Kind::Byte, c});
    }
  }
  return out;
}

bool PathPattern::matches_path_or_parent(std::string_view path) const {
  // States 2k: about to match token k (2n: matched all); 2k+1: inside the `.*` of an
  // AnyFolders token `(.*/)?`, which may only be left through a '/'.
  using Kind = Token::Kind;
  const std::size_t n = tokens_.size();
  std::vector<char> now(2 * n + 2, 0), next(2 * n + 2, 0);
  // Tokens that may match nothing let a state move on without reading a byte.
  auto close = [&](std::vector<char>& states) {
    for (std::size_t k = 0; k < n; ++k)
      if (states[2 * k] && tokens_[k].kind != Kind::Byte && tokens_[k].kind != Kind::Class &&
          tokens_[k].kind != Kind::AnyByteInComponent)
        states[2 * k + 2] = 1;
  };
  now[0] = 1;
  close(now);
  for (std::size_t at = 0; at < path.size(); ++at) {
    const unsigned char c = static_cast<unsigned char>(path[at]);
    // The pattern matches the folder that ends here, and so everything in it.
    if (c == '/' && now[2 * n]) return true;
    std::fill(next.begin(), next.end(), 0);
    bool any = false;
    for (std::size_t k = 0; k < n; ++k) {
      const Token& token = tokens_[k];
      if (now[2 * k]) {
        switch (token.kind) {
          case Kind::Byte: next[2 * k + 2] |= token.byte == static_cast<char>(c); break;
          case Kind::Class: next[2 * k + 2] |= token.set[c]; break;
          case Kind::AnyByteInComponent: next[2 * k + 2] |= c != '/'; break;
          case Kind::AnyRunInComponent: next[2 * k] |= c != '/'; break;
          case Kind::AnyRest: next[2 * k] = 1; break;
          case Kind::AnyFolders:
            next[2 * k + 1] = 1;
            next[2 * k + 2] |= c == '/';
            break;
        }
      }
      if (now[2 * k + 1]) {
        next[2 * k + 1] = 1;
        next[2 * k + 2] |= c == '/';
      }
    }
    close(next);
    for (char s : next) any |= s;
    if (!any) return false;
    std::swap(now, next);
  }
  return now[2 * n];
}

}  // namespace dfopt
