#include "shell/command_name.h"

#include <cctype>

namespace dfopt {

std::optional<std::string_view> command_name(const ShellWord& word) {
  if (word.literal) return word.value;
  if (word.has_expansion) {
    // `$VENV/bin/pip`, `"${PREFIX}"/bin/python3`: the folder is computed, the program is not.
    std::string_view text = word.text;
    std::size_t slash = text.rfind('/');
    if (slash == std::string_view::npos || slash + 1 == text.size()) return std::nullopt;
    for (char c : text.substr(slash + 1))
      if (!std::isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '_' && c != '-' && c != '+')
        return std::nullopt;
    return text;
  }
  // `[` and `~/bin/tool` are not literal words, yet name a fixed program; a real glob does not.
  if (word.text == "[") return word.text;
  if (word.text.starts_with("~") && word.text.find_first_of("*?[{'\"\\") == std::string::npos)
    return word.text;
  return std::nullopt;
}

}  // namespace dfopt
