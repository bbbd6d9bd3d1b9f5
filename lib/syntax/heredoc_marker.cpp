#include "syntax/heredoc_marker.h"

#include <boost/spirit/home/x3.hpp>

#include "syntax/byte_classes.h"
#include "syntax/words.h"

namespace dfopt {
namespace x3 = boost::spirit::x3;

namespace {

std::optional<HeredocMarker> match_marker(const Word& word) {
  std::string_view digits, delimiter;
  bool dash = false;
  auto range_view = [](auto const& r) {
    return std::string_view(&*r.begin(), static_cast<std::size_t>(r.end() - r.begin()));
  };
  auto on_digits = [&](auto& ctx) {
    auto const& r = x3::_attr(ctx);
    digits = r.empty() ? std::string_view() : range_view(r);
  };
  auto on_dash = [&](auto&) { dash = true; };
  auto on_rest = [&](auto& ctx) {
    auto const& r = x3::_attr(ctx);
    delimiter = r.empty() ? std::string_view() : range_view(r);
  };
  auto const grammar = x3::raw[*byte_classes::digit][on_digits] >> x3::lit("<<") >>
                       -x3::lit('-')[on_dash] >> x3::raw[*(x3::char_ - '<')][on_rest] >> x3::eoi;
  auto first = word.text.begin();
  if (!x3::parse(first, word.text.end(), grammar) || delimiter.empty()) return std::nullopt;
  // The delimiter must be exactly one shell word once quotes are taken into account.
  if (split_shell_words(delimiter).size() != 1) return std::nullopt;

  HeredocMarker marker;
  marker.name = shell_unquote(delimiter);
  auto quotes = [](std::string_view s) {
    std::size_t n = 0;
    for (char c : s) n += (c == '\'' || c == '"');
    return n;
  };
  marker.expand = quotes(marker.name) == quotes(delimiter);
  marker.strip_tabs = dash;
  for (char c : digits) marker.fd = marker.fd * 10 + static_cast<unsigned>(c - '0');
  marker.span = word.span;
  return marker;
}

// BuildKit's shell lexer fails on an unterminated quote or "${" and the heredoc scan then sees
// no words at all, so such a line has no heredocs.
bool lexes_cleanly(std::string_view line) {
  char quote = 0;
  // The first '}' after the latest "${": kept, so that a line of many "${" is read once.
  std::size_t close = 0;
  for (std::size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    if (quote == '\'') {
      if (c == '\'') quote = 0;
    } else if (c == '\\') {
      ++i;
    } else if (quote == '"' && c == '"') {
      quote = 0;
    } else if (quote == 0 && (c == '\'' || c == '"')) {
      quote = c;
    } else if (c == '$' && i + 1 < line.size() && line[i + 1] == '{') {
      if (close < i + 2) close = line.find('}', i + 2);
      if (close == std::string_view::npos) return false;
    }
  }
  return quote == 0;
}

}  // namespace

std::vector<HeredocMarker> find_heredoc_markers(std::string_view logical_line) {
  std::vector<HeredocMarker> markers;
  if (logical_line.find("<<") == std::string_view::npos) return markers;  // the common case
  if (!lexes_cleanly(logical_line)) return markers;
  for (const Word& word : split_shell_words(logical_line))
    if (auto marker = match_marker(word)) markers.push_back(std::move(*marker));
  return markers;
}

}  // namespace dfopt
