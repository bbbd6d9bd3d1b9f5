#include "analysis/call_options.h"

namespace dfopt {

bool has_option(const ProgramCall& call, const OptionSpelling& option) {
  for (std::size_t i = 0; i < call.argument_count(); ++i) {
    std::string_view w = call.argument(i)->value;
    if (w == "--") break;  // operands follow
    if (w.starts_with("--")) {
      if (!option.long_name.empty() &&
          (w == option.long_name ||
           (w.starts_with(option.long_name) && w[option.long_name.size()] == '=')))
        return true;
      for (std::string_view takes : option.value_longs)
        if (!takes.empty() && w == takes) ++i;
      continue;
    }
    if (w.size() < 2 || w[0] != '-') continue;
    for (std::size_t k = 1; k < w.size(); ++k) {
      if (option.short_name && w[k] == option.short_name) return true;
      if (option.value_letters.find(w[k]) != std::string_view::npos) {
        if (k + 1 == w.size()) ++i;  // the value is the next word
        break;
      }
    }
  }
  return false;
}

std::optional<OptionValue> option_value(const ProgramCall& call, const OptionSpelling& option) {
  std::optional<OptionValue> found;
  for (std::size_t i = 0; i < call.argument_count(); ++i) {
    const ShellWord& word = *call.argument(i);
    std::string_view w = word.value;
    const ShellWord* next = call.argument(i + 1);
    if (w == "--") break;
    if (w.starts_with("--")) {
      if (!option.long_name.empty() && w == option.long_name && next) {
        found = OptionValue{next, next->value, true};
        ++i;
      } else if (!option.long_name.empty() && w.starts_with(option.long_name) &&
                 w.size() > option.long_name.size() && w[option.long_name.size()] == '=') {
        found = OptionValue{&word, w.substr(option.long_name.size() + 1), false};
      } else {
        for (std::string_view takes : option.value_longs)
          if (!takes.empty() && w == takes) ++i;
      }
      continue;
    }
    if (w.size() < 2 || w[0] != '-') continue;
    for (std::size_t k = 1; k < w.size(); ++k) {
      bool takes_value = option.value_letters.find(w[k]) != std::string_view::npos;
      if (option.short_name && w[k] == option.short_name) {
        if (k + 1 < w.size()) found = OptionValue{&word, w.substr(k + 1), false};
        else if (next) found = OptionValue{next, next->value, true};
      }
      if (takes_value || (option.short_name && w[k] == option.short_name)) {
        if (k + 1 == w.size()) ++i;  // the value is the next word
        break;
      }
    }
  }
  return found;
}

const ShellWord* first_short_cluster(const ProgramCall& call) {
  for (std::size_t i = 0; i < call.argument_count(); ++i) {
    const ShellWord& w = *call.argument(i);
    if (w.value == "--" || !w.value.starts_with("-")) break;
    if (!w.literal || w.text != w.value || w.value.starts_with("--") || w.value.size() < 2) continue;
    return &w;
  }
  return nullptr;
}

}  // namespace dfopt
