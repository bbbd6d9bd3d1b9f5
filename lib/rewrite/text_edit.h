#pragma once
// A change to a document, as clang-tidy's Replacement: replace the bytes of `span` with
// `replacement`. Edits are the only way passes change a file, so bytes no edit covers never change.
#include <string>
#include <string_view>
#include <vector>

#include "syntax/source_location.h"

namespace dfopt {

struct TextEdit {
  Span span;
  std::string replacement;
  friend bool operator==(const TextEdit&, const TextEdit&) = default;
};

// True when two edits touch the same bytes (or insert at the same point), so only one may apply.
bool edits_conflict(const TextEdit& a, const TextEdit& b);

// Applies non-conflicting edits (in any order) to `text`.
std::string apply_edits(std::string_view text, std::vector<TextEdit> edits);

}  // namespace dfopt
