#pragma once
// Where things are in a Dockerfile: byte ranges and human line:column positions.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace dfopt {

// Half-open byte range [begin, end) into the document's source text.
struct Span {
  std::size_t begin = 0;
  std::size_t end = 0;

  std::size_t size() const { return end - begin; }
  bool empty() const { return begin == end; }
  std::string_view of(std::string_view text) const { return text.substr(begin, end - begin); }
  friend bool operator==(const Span&, const Span&) = default;
};

// 1-based line, 1-based column counted in bytes (as compilers and hadolint report).
struct Position {
  std::uint32_t line = 1;
  std::uint32_t column = 1;
  friend bool operator==(const Position&, const Position&) = default;
};

// Maps byte offsets to positions; built once per document.
class LineIndex {
 public:
  explicit LineIndex(std::string_view text);
  Position position(std::size_t offset) const;
  std::size_t line_count() const { return line_starts_.size(); }
  std::size_t line_start(std::uint32_t line) const { return line_starts_.at(line - 1); }

 private:
  std::vector<std::size_t> line_starts_;
};

}  // namespace dfopt
