#include "syntax/directive_line.h"

#include <boost/spirit/home/x3.hpp>

#include "syntax/byte_classes.h"
#include "syntax/text.h"

namespace dfopt {
namespace x3 = boost::spirit::x3;

std::optional<DirectiveLine> match_directive_line(std::string_view line) {
  // RE2's \s: tab, newline, form feed, carriage return, space.
  auto const s = x3::char_(" \t\n\f\r");
  auto const name = x3::raw[byte_classes::alpha >> *byte_classes::alnum];
  auto first = line.begin();
  std::pair<boost::iterator_range<std::string_view::const_iterator>,
            boost::iterator_range<std::string_view::const_iterator>>
      parts;
  auto on_name = [&](auto& ctx) { parts.first = x3::_attr(ctx); };
  auto on_value = [&](auto& ctx) { parts.second = x3::_attr(ctx); };
  auto const grammar = x3::lit('#') >> *s >> name[on_name] >> *s >> x3::lit('=') >> *s >>
                            x3::raw[*x3::char_][on_value];
  if (!x3::parse(first, line.end(), grammar)) return std::nullopt;
  std::string_view value(parts.second.begin(), parts.second.end());
  while (!value.empty() && (is_space(value.back()))) value.remove_suffix(1);
  if (value.empty()) return std::nullopt;
  return DirectiveLine{std::string(parts.first.begin(), parts.first.end()), std::string(value)};
}

bool is_known_directive(std::string_view lower_name) {
  return lower_name == "syntax" || lower_name == "escape" || lower_name == "check";
}

}  // namespace dfopt
