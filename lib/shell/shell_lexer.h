#pragma once
// Splits a shell script into tokens: words (with their quoting intact), operators, I/O numbers,
// newlines and comments. Reserved words are ordinary words here; the parser decides by position.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "shell/shell_syntax.h"

namespace dfopt {

enum class ShellTokenKind { Word, Operator, IoNumber, Newline, Comment };

struct ShellToken {
  ShellTokenKind kind;
  Span span;
};

struct ShellLexResult {
  std::vector<ShellToken> tokens;
  std::optional<std::size_t> error_offset;  // where lexing stopped (unterminated quote, ...)
  std::string error;
};

ShellLexResult lex_shell(std::string_view script);

// The deepest nesting of quotes, `$(`, `${`, `(` and backquotes, found without recursion; the
// lexer and parser recurse per level, so callers refuse scripts nested deeper than they allow.
std::size_t shell_nesting_depth(std::string_view script);

// Fills a word's derived fields (literal, value, has_expansion, has_glob) from its raw text.
ShellWord make_shell_word(std::string_view script, Span span);

}  // namespace dfopt
