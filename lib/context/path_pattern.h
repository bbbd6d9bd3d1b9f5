#pragma once
// One .dockerignore pattern, compiled: `*` and `?` within one path component, `**` across any
// number of them, `[...]` classes (ranges, `^` negation, POSIX names such as `[:digit:]`) and `\`
// escapes. It means what moby/patternmatcher's translation into a regular expression means, but
// is matched by a small automaton in time proportional to pattern × path, so no pattern a
// repository holds can make a run slow (std::regex backtracks exponentially on `*a*a*a…`).
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dfopt {

class PathPattern {
 public:
  // `pattern` is cleaned, without a leading `/` or `!`; nullopt for one BuildKit would reject
  // (an unterminated or reversed class).
  static std::optional<PathPattern> compile(std::string_view pattern);

  // Whether the pattern matches `path` itself or one of its parent folders ("a/b" for "a/b/c").
  bool matches_path_or_parent(std::string_view path) const;

 private:
  struct Token {
    enum class Kind { Byte, Class, AnyByteInComponent, AnyRunInComponent, AnyRest, AnyFolders } kind;
    char byte = 0;
    std::string set = {};  // Class: the 256-entry membership table
  };
  std::vector<Token> tokens_;
};

}  // namespace dfopt
