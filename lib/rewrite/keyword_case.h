#pragma once
// New keywords are written in the case the file already uses for the one they replace.
#include <string>
#include <string_view>

namespace dfopt {

// "copy" for "add", "Copy" for "Add", "COPY" for "ADD" (and for anything else).
std::string spell_like(std::string_view keyword, std::string_view written);

}  // namespace dfopt
