#include "syntax/builder_flags.h"

#include "syntax/text.h"

namespace dfopt {

// A direct port of BuildKit's state machine: its quirks (quotes removed inside flag words, '\'
// escaping even with the backtick escape directive) decide what the builder sees.
BuilderFlags extract_builder_flags(std::string_view line) {
  enum class Phase { Spaces, Word, Quote } phase = Phase::Spaces;
  BuilderFlags out;
  std::string word;
  std::size_t word_begin = 0;
  char quote = 0;
  bool blank_ok = false;

  for (std::size_t pos = 0; pos <= line.size(); ++pos) {
    char ch = pos < line.size() ? line[pos] : '\0';
    if (phase == Phase::Spaces) {
      if (pos == line.size()) break;
      if (is_space(ch)) continue;
      if (ch != '-' || pos + 1 == line.size() || line[pos + 1] != '-') {
        out.rest = pos;
        return out;
      }
      phase = Phase::Word;
      word_begin = pos;
    }
    if (pos == line.size()) {  // end of input inside a word
      if (word != "--" && (blank_ok || !word.empty()))
        out.flags.push_back({word, {word_begin, pos}});
      break;
    }
    if (phase == Phase::Word) {
      if (is_space(ch)) {
        phase = Phase::Spaces;
        if (word == "--") {
          out.rest = pos;
          // BuildKit returns the rest after "--" untrimmed; skip the blanks like its caller does.
          while (out.rest < line.size() && is_space(line[out.rest])) ++out.rest;
          return out;
        }
        if (blank_ok || !word.empty()) out.flags.push_back({word, {word_begin, pos}});
        word.clear();
        blank_ok = false;
        continue;
      }
      if (ch == '\'' || ch == '"') {
        quote = ch;
        blank_ok = true;
        phase = Phase::Quote;
        continue;
      }
      if (ch == '\\') {
        if (pos + 1 == line.size()) continue;
        ch = line[++pos];
      }
      word += ch;
      continue;
    }
    // Phase::Quote
    if (ch == quote) {
      phase = Phase::Word;
      continue;
    }
    if (ch == '\\') {
      if (pos + 1 == line.size()) {
        phase = Phase::Word;
        continue;
      }
      ch = line[++pos];
    }
    word += ch;
  }
  out.rest = line.size();
  return out;
}

}  // namespace dfopt
