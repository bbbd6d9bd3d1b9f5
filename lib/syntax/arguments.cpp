#include "syntax/arguments.h"

#include "syntax/json_array.h"
#include "syntax/text.h"
#include "syntax/words.h"

namespace dfopt {
namespace {

using Error = std::optional<std::string>;

void push_fields(Instruction& ins, std::string_view text) {
  for (const Word& w : split_fields(text)) ins.arguments.emplace_back(w.text);
}

// RUN, CMD, ENTRYPOINT, SHELL: a JSON array of strings, else the whole text as one argument.
Error maybe_json(Instruction& ins, std::string_view text) {
  if (text.empty()) return std::nullopt;
  JsonArray json = parse_json_array(text);
  switch (json.status) {
    case JsonArray::Status::Strings:
      ins.form = ArgumentForm::Exec;
      ins.arguments = std::move(json.elements);
      return std::nullopt;
    case JsonArray::Status::NotAllStrings:
      return "when using JSON array syntax, arrays must be comprised of strings only";
    case JsonArray::Status::NotJson:
      break;
  }
  ins.form = ArgumentForm::Shell;
  ins.arguments.emplace_back(text);
  return std::nullopt;
}

// ADD, COPY, VOLUME: a JSON array of strings, else blank-separated words.
Error maybe_json_to_list(Instruction& ins, std::string_view text) {
  JsonArray json = parse_json_array(text);
  switch (json.status) {
    case JsonArray::Status::Strings:
      ins.form = ArgumentForm::Exec;
      ins.arguments = std::move(json.elements);
      return std::nullopt;
    case JsonArray::Status::NotAllStrings:
      return "when using JSON array syntax, arrays must be comprised of strings only";
    case JsonArray::Status::NotJson:
      break;
  }
  if (!text.empty()) ins.form = ArgumentForm::Shell;
  push_fields(ins, text);
  return std::nullopt;
}

// ENV and LABEL: "key value" (legacy, value is the rest of the line) or "k=v k2=v2".
Error name_value(Instruction& ins, std::string_view text, char escape, std::string_view what) {
  auto words = split_quoted_words(text, escape);
  if (words.empty()) return std::nullopt;
  if (words.front().text.find('=') == std::string_view::npos) {
    std::size_t key_end = 0;
    while (key_end < text.size() && !is_space(text[key_end])) ++key_end;
    std::size_t value_begin = key_end;
    while (value_begin < text.size() && is_space(text[value_begin])) ++value_begin;
    if (value_begin >= text.size()) return std::string(what) + " must have two arguments";
    ins.arguments.emplace_back(text.substr(0, key_end));
    ins.arguments.emplace_back(text.substr(value_begin));
    ins.arguments.emplace_back("");
    return std::nullopt;
  }
  for (const Word& w : words) {
    auto eq = w.text.find('=');
    if (eq == std::string_view::npos)
      return "Syntax error - can't find = in \"" + std::string(w.text) +
             "\". Must be of the form: name=value";
    ins.arguments.emplace_back(w.text.substr(0, eq));
    ins.arguments.emplace_back(w.text.substr(eq + 1));
    ins.arguments.emplace_back("=");
  }
  return std::nullopt;
}

// HEALTHCHECK: the first word (CMD, NONE, ...) then the rest parsed like CMD.
Error health_config(Instruction& ins, std::string_view text) {
  std::size_t sep = 0;
  while (sep < text.size() && !is_space(text[sep])) ++sep;
  if (sep == 0) return std::nullopt;
  std::size_t next = sep;
  while (next < text.size() && is_space(text[next])) ++next;
  ins.arguments.emplace_back(text.substr(0, sep));
  Instruction command;
  if (auto error = maybe_json(command, text.substr(next))) return error;
  ins.form = command.form;
  for (auto& arg : command.arguments) ins.arguments.push_back(std::move(arg));
  return std::nullopt;
}

}  // namespace

std::optional<std::string> parse_arguments(Instruction& ins, char escape) {
  std::string_view text = ins.arguments_text();
  switch (ins.keyword) {
    case Keyword::Run:
    case Keyword::Cmd:
    case Keyword::Entrypoint:
    case Keyword::Shell:
      return maybe_json(ins, text);
    case Keyword::Add:
    case Keyword::Copy:
    case Keyword::Volume:
      return maybe_json_to_list(ins, text);
    case Keyword::From:
    case Keyword::Expose:
      push_fields(ins, text);
      return std::nullopt;
    case Keyword::Env:
      return name_value(ins, text, escape, "ENV");
    case Keyword::Label:
      return name_value(ins, text, escape, "LABEL");
    case Keyword::Arg:
      for (const Word& w : split_quoted_words(text, escape)) ins.arguments.emplace_back(w.text);
      return std::nullopt;
    case Keyword::Healthcheck:
      return health_config(ins, text);
    case Keyword::Maintainer:
    case Keyword::Stopsignal:
    case Keyword::User:
    case Keyword::Workdir:
      if (!text.empty()) ins.arguments.emplace_back(text);
      return std::nullopt;
    case Keyword::Onbuild:  // the trigger is parsed by the caller
    case Keyword::Unknown:
      return std::nullopt;
  }
  return std::nullopt;
}

}  // namespace dfopt
