#pragma once
// Splits a shell script into tokens: words (with their quoting intact), operators, I/O numbers,
// newlines and comments. Reserved words are ordinary words here; the parser decides by position.
#include <cstddef>
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

// How deep the lexer follows quotes and substitutions inside each other, and the parser its
// compound commands: each level costs a few stack frames, and real RUN bodies stay far below.
constexpr std::size_t kMaxShellNesting = 200;

// Time linear in the script's length, whatever its nesting; a script nested deeper than
// kMaxShellNesting stops with "nested too deeply".
ShellLexResult lex_shell(std::string_view script);

// The deepest nesting of quotes, `$(`, `${`, `(` and backquotes, found without recursion; the
// parser refuses scripts nested deeper than kMaxShellNesting before it lexes them.
std::size_t shell_nesting_depth(std::string_view script);

// Fills a word's derived fields (literal, value, has_expansion, has_glob) from its raw text.
ShellWord make_shell_word(std::string_view script, Span span);

}  // namespace dfopt
