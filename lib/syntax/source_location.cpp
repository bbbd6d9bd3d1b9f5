#include "syntax/source_location.h"

#include <algorithm>

namespace dfopt {

LineIndex::LineIndex(std::string_view text) {
  line_starts_.push_back(0);
  for (std::size_t i = text.find('\n'); i != std::string_view::npos; i = text.find('\n', i + 1))
    line_starts_.push_back(i + 1);
}

Position LineIndex::position(std::size_t offset) const {
  auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
  auto line = static_cast<std::size_t>(it - line_starts_.begin());
  return {static_cast<std::uint32_t>(line),
          static_cast<std::uint32_t>(offset - line_starts_[line - 1] + 1)};
}

}  // namespace dfopt
