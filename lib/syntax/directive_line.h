#pragma once
// Parser directives: "# name = value" lines at the very top of a Dockerfile.
#include <optional>
#include <string>
#include <string_view>

namespace dfopt {

struct DirectiveLine {
  std::string name;  // as written; BuildKit compares case-insensitively
  std::string value;
};

// Matches BuildKit's `^#\s*([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.+?)\s*$` on a line without its newline.
std::optional<DirectiveLine> match_directive_line(std::string_view line);

// The directive names BuildKit acts on; any other "# name=value" line ends the directive block.
bool is_known_directive(std::string_view lower_name);

}  // namespace dfopt
