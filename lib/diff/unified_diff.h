#pragma once
// Unified diffs ("diff -u" format) between two texts, so rewrites can be reviewed and applied
// with `git apply` or `patch -p1`.
#include <string>
#include <string_view>

namespace dfopt {

struct DiffOptions {
  // Unchanged lines shown around each change; changes separated by at most twice this many
  // unchanged lines share one hunk (as GNU diff does). Negative values count as 0.
  int context_lines = 3;
};

// Returns "" when old_text == new_text. Otherwise "--- <old_label>\n+++ <new_label>\n"
// followed by "@@ -a,b +c,d @@" hunks of a minimal line diff (Myers' O(ND) algorithm).
// Lines end at '\n'; every other byte, including a '\r' of CRLF endings, is copied verbatim.
// A last line without '\n' is followed by "\\ No newline at end of file", as in GNU diff.
// Labels are written as given, so pass e.g. "a/Dockerfile" and "b/Dockerfile" for -p1.
std::string unified_diff(std::string_view old_text, std::string_view new_text,
                         std::string_view old_label, std::string_view new_label,
                         const DiffOptions& options = {});

}  // namespace dfopt
