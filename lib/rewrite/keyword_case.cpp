#include "rewrite/keyword_case.h"

#include <algorithm>

#include "syntax/text.h"

namespace dfopt {

std::string spell_like(std::string_view keyword, std::string_view written) {
  auto is_lower = [](char c) { return c >= 'a' && c <= 'z'; };
  auto is_upper = [](char c) { return c >= 'A' && c <= 'Z'; };
  if (!written.empty() && std::all_of(written.begin(), written.end(), is_lower))
    return to_lower(keyword);
  if (written.size() > 1 && is_upper(written[0]) &&
      std::all_of(written.begin() + 1, written.end(), is_lower)) {
    std::string out = to_lower(keyword);
    if (!out.empty()) out[0] = ascii_upper(out[0]);
    return out;
  }
  return to_upper(keyword);
}

}  // namespace dfopt
