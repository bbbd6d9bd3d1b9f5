#include "shell/word_prefix.h"

namespace dfopt {

std::string fixed_prefix(const ShellWord& word) {
  if (word.literal) return word.value;
  const std::string& text = word.text;
  std::string out;
  enum class Quote { None, Single, Double } quote = Quote::None;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    switch (quote) {
      case Quote::Single:
        if (c == '\'') quote = Quote::None;
        else out += c;
        continue;
      case Quote::Double:
        if (c == '"') { quote = Quote::None; continue; }
        if (c == '$' || c == '`') return out;
        // Inside double quotes a backslash only escapes $ ` " \ and a newline.
        if (c == '\\' && i + 1 < text.size() && std::string_view("$`\"\\\n").find(text[i + 1]) != std::string_view::npos) {
          if (text[++i] != '\n') out += text[i];
          continue;
        }
        out += c;
        continue;
      case Quote::None:
        if (c == '\'') { quote = Quote::Single; continue; }
        if (c == '"') { quote = Quote::Double; continue; }
        if (c == '$' || c == '`' || c == '*' || c == '?' || c == '[') return out;
        if (c == '~' && i == 0) return out;
        if (c == '\\' && i + 1 < text.size()) {
          if (text[++i] != '\n') out += text[i];
          continue;
        }
        out += c;
    }
  }
  return out;
}

}  // namespace dfopt
