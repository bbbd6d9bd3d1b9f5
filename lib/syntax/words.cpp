#include "syntax/words.h"

#include <boost/spirit/home/x3.hpp>
#include <string>

#include "syntax/text.h"

namespace dfopt {
namespace x3 = boost::spirit::x3;

namespace {

using Iterator = std::string_view::const_iterator;

template <typename WordParser>
std::vector<Word> split_with(std::string_view text, const WordParser& word) {
  std::vector<Word> words;
  auto on_word = [&](auto& ctx) {
    auto const& range = x3::_attr(ctx);
    auto begin = static_cast<std::size_t>(range.begin() - text.begin());
    auto end = static_cast<std::size_t>(range.end() - text.begin());
    words.push_back({text.substr(begin, end - begin), {begin, end}});
  };
  auto const space = x3::char_(" \t\n\r\v\f");
  auto const grammar = *space >> *(x3::raw[word][on_word] >> *space);
  Iterator first = text.begin();
  x3::parse(first, text.end(), grammar);
  return words;
}

}  // namespace

std::vector<Word> split_quoted_words(std::string_view text, char escape) {
  using x3::char_;
  using x3::lit;
  auto const space = char_(" \t\n\r\v\f");
  // An unterminated quote runs to the end of the line, as in BuildKit.
  auto const single = lit('\'') >> *(char_ - '\'') >> -lit('\'');
  auto const dbl = lit('"') >> *((lit(escape) >> char_) | (char_ - '"')) >> -lit('"');
  auto const escaped = lit(escape) >> -char_;
  auto const plain = char_ - space - '\'' - '"' - lit(escape);
  return split_with(text, +(single | dbl | escaped | plain));
}

std::vector<Word> split_fields(std::string_view text) {
  auto const space = x3::char_(" \t\n\r\v\f");
  return split_with(text, +(x3::char_ - space));
}

std::vector<Word> split_shell_words(std::string_view text) {
  using x3::char_;
  using x3::lit;
  auto const space = char_(" \t\n\r\v\f");
  auto const single = lit('\'') >> *(char_ - '\'') >> -lit('\'');
  auto const dbl = lit('"') >> *((lit('\\') >> char_) | (char_ - '"')) >> -lit('"');
  auto const escaped = lit('\\') >> -char_;
  auto const plain = char_ - space - '\'' - '"' - '\\';
  return split_with(text, +(single | dbl | escaped | plain));
}

std::string shell_unquote(std::string_view word) {
  std::string out;
  char quote = 0;
  for (std::size_t i = 0; i < word.size(); ++i) {
    char c = word[i];
    if (quote == '\'') {
      if (c == '\'') quote = 0;
      else out += c;
    } else if (quote == '"') {
      if (c == '"') quote = 0;
      else if (c == '\\' && i + 1 < word.size()) out += word[++i];
      else out += c;
    } else if (c == '\'' || c == '"') {
      quote = c;
    } else if (c == '\\' && i + 1 < word.size()) {
      out += word[++i];
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace dfopt
