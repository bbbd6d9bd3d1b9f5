#pragma once
// BuildKit's Dockerfile variable expansion: what the builder makes of `$VAR`, `${VAR:-default}`,
// quotes and escapes in the arguments of ENV, ARG, LABEL, COPY, ADD, WORKDIR, USER, EXPOSE, ...
// (frontend/dockerfile/shell/lex.go, `Lex.ProcessWord` and `Lex.ProcessWords`).
//
// This is a behaviour-for-behaviour port, quirks included, not a POSIX shell: a rewrite pass that
// proves two spellings equivalent must predict exactly what BuildKit computes, and RUN/CMD text is
// expanded later by the container's shell, not here. Byte-level details follow Go: input is read
// as UTF-8 and an invalid byte of the word itself comes out as U+FFFD; names may hold any Unicode
// letter or digit (Go's unicode tables, Unicode 15.0).
#include <functional>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace dfopt {

struct ExpansionError {
  std::string message;  // BuildKit's text, e.g. `failed to process "${}": syntax error: bad substitution`
};

// The variables in scope (ENV and ARG values); a name that is absent is unset, which is not the
// same as set to "" for `${n-w}`, `${n+w}` and `${n?msg}`.
using Environment = std::map<std::string, std::string, std::less<>>;

// The knobs of BuildKit's `Lex`. The defaults are what instructions get; the others exist because
// BuildKit uses them for heredocs and for its own linting, and passes must mirror those too.
struct ExpansionOptions {
  char escape = '\\';  // the `# escape=` directive: '\\' or '`'
  // Windows images compare names case-insensitively (`$path` finds PATH). Only ASCII letters are
  // folded; when several names match, the exact spelling wins, else the first in map order.
  bool windows = false;
  bool skip_unset = false;   // SkipUnsetEnv: keep `$X`, `${X...}` as text when X is unset
  bool raw_quotes = false;   // RawQuotes: keep the quote characters in the result
  bool raw_escapes = false;  // RawEscapes: keep escape characters in the result
  bool skip_quotes = false;  // SkipProcessQuotes: quotes are ordinary characters
};

struct Expansion {
  std::string word;                // ProcessWord: the expanded word, quotes removed
  std::vector<std::string> words;  // ProcessWords: the same text split on unquoted blanks
  // Every name looked up, split by whether it was set; BuildKit's linter reports `unmatched`.
  std::set<std::string, std::less<>> matched;
  std::set<std::string, std::less<>> unmatched;
};

// Expands one word (an argument as the Dockerfile parser split it). Fails on what BuildKit rejects:
// unterminated quotes or `${`, `${}`, unknown modifiers (`${X:=v}`), `${X?msg}` with X unset, bad
// patterns in `${X#pattern}`.
std::variant<Expansion, ExpansionError> expand(std::string_view word, const Environment& env,
                                               const ExpansionOptions& options = {});

// Shorthands for `expand(...).word` and `expand(...).words`.
std::variant<std::string, ExpansionError> expand_word(std::string_view word, const Environment& env,
                                                      const ExpansionOptions& options = {});
// EXPOSE and friends: `EXPOSE $PORTS` with PORTS="80 443" gives two words, `"$PORTS"` one.
std::variant<std::vector<std::string>, ExpansionError> expand_words(std::string_view word,
                                                                    const Environment& env,
                                                                    const ExpansionOptions& options = {});

// False when the word expands to the same text under every environment (no unescaped, unquoted
// `$name` or `${...}`), so a pass may treat it as a literal; true when it references a variable
// or cannot be expanded at all.
bool references_variables(std::string_view word, const ExpansionOptions& options = {});

}  // namespace dfopt
