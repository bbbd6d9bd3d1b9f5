#include "rewrite/text_edit.h"

#include <algorithm>
#include <stdexcept>

namespace dfopt {

bool edits_conflict(const TextEdit& a, const TextEdit& b) {
  if (a.span.begin == b.span.begin) return true;
  return a.span.begin < b.span.end && b.span.begin < a.span.end;
}

std::string apply_edits(std::string_view text, std::vector<TextEdit> edits) {
  std::sort(edits.begin(), edits.end(),
            [](const TextEdit& a, const TextEdit& b) { return a.span.begin < b.span.begin; });
  std::string out;
  out.reserve(text.size());
  std::size_t at = 0;
  for (const TextEdit& edit : edits) {
    if (edit.span.begin < at || edit.span.end > text.size() || edit.span.end < edit.span.begin)
      throw std::logic_error("overlapping or out-of-range text edits");
    out.append(text.substr(at, edit.span.begin - at));
    out.append(edit.replacement);
    at = edit.span.end;
  }
  out.append(text.substr(at));
  return out;
}

}  // namespace dfopt
