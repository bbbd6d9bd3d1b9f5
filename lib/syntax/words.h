#pragma once
// The word splitters BuildKit's line parsers use. Each keeps quotes and escapes in the words
// (later stages unquote), and each reports where every word sits in the input.
#include <string_view>
#include <vector>

#include "syntax/source_location.h"

namespace dfopt {

struct Word {
  std::string_view text;
  Span span;  // offsets in the input
};

// BuildKit `parseWords` (ENV, LABEL, ARG): blank-separated words, quoted spans may hold blanks,
// the escape character protects the next character.
std::vector<Word> split_quoted_words(std::string_view text, char escape);

// BuildKit `parseStringsWhitespaceDelimited` (FROM, EXPOSE, ADD/COPY/VOLUME shell form): plain
// blank-separated fields, no quoting.
std::vector<Word> split_fields(std::string_view text);

// The shell lexer's word split with raw quotes and escapes (escape is always '\'), used to find
// heredoc markers in a logical line.
std::vector<Word> split_shell_words(std::string_view text);

// Removes shell quoting from one word: 'a', "a", \a.
std::string shell_unquote(std::string_view word);

}  // namespace dfopt
