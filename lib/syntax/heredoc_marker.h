#pragma once
// Heredoc markers ("<<EOF", "<<-'EOF'", "3<<EOF") in an instruction's logical line.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "syntax/source_location.h"

namespace dfopt {

struct HeredocMarker {
  std::string name;
  bool expand = true;
  bool strip_tabs = false;
  unsigned fd = 0;
  Span span;  // in the logical line
};

// BuildKit's `heredocsFromLine`: every shell word of the line that matches
// `^(\d*)<<(-?)([^<]*)$` with a one-word delimiter, in order of appearance.
std::vector<HeredocMarker> find_heredoc_markers(std::string_view logical_line);

}  // namespace dfopt
