#pragma once
// The command substitutions inside one shell word: `$(…)` and backquotes, at any quoting level
// except inside single quotes. Their bodies are scripts of their own; the program-call model
// parses them so that rules see every command a RUN runs.
#include <string>
#include <string_view>
#include <vector>

namespace dfopt {

// The bodies of the outermost substitutions of `word` (raw text as written), in order. A
// backquoted body has its `\$`, `` \` `` and `\\` escapes removed, as the shell does. Arithmetic
// `$((…))` is not a substitution; a `$(…)` nested inside it is still found.
std::vector<std::string> command_substitutions(std::string_view word);

// `at` is at the `$(` or backquote starting a command substitution in `word`: the index just past
// its end, or npos when it is unterminated.
std::size_t substitution_end(std::string_view word, std::size_t at);

// True when the word assigns a shell variable while it is expanded: `${X:=v}`, `${X=v}`, or
// arithmetic that assigns (`$((X=1))`, `$((X+=1))`, `$((X++))`). Single-quoted text is skipped.
bool word_assigns_variable(std::string_view word);

}  // namespace dfopt
