#pragma once
// BuildKit's `extractBuilderFlags`: the `--name[=value]` words between keyword and arguments.
#include <string>
#include <string_view>
#include <vector>

#include "syntax/source_location.h"

namespace dfopt {

struct BuilderFlag {
  std::string text;  // quotes removed, '\' escapes resolved
  Span span;         // in the input
};

struct BuilderFlags {
  std::vector<BuilderFlag> flags;
  std::size_t rest = 0;  // offset of the first non-flag word (input size when none)
};

// `text` is the instruction after its keyword. A bare "--" ends the flags and is dropped.
BuilderFlags extract_builder_flags(std::string_view text);

}  // namespace dfopt
