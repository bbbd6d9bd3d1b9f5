#include "syntax/instruction_checks.h"

#include <regex>
#include <span>

#include "syntax/text.h"

namespace dfopt {
namespace {

std::span<const std::string_view> allowed_flags(Keyword keyword) {
  static constexpr std::string_view kFrom[] = {"platform"};
  static constexpr std::string_view kRun[] = {"mount", "network", "security", "device"};
  static constexpr std::string_view kCopy[] = {"from", "chown", "chmod", "link", "parents", "exclude"};
  static constexpr std::string_view kAdd[] = {"chown", "chmod",  "link",    "checksum",
                                              "keep-git-dir", "unpack", "exclude", "parents"};
  static constexpr std::string_view kHealthcheck[] = {"interval", "timeout", "start-period",
                                                      "start-interval", "retries"};
  switch (keyword) {
    case Keyword::From: return kFrom;
    case Keyword::Run: return kRun;
    case Keyword::Copy: return kCopy;
    case Keyword::Add: return kAdd;
    case Keyword::Healthcheck: return kHealthcheck;
    default: return {};
  }
}

class Checker {
 public:
  Checker(std::vector<SyntaxError>& errors, std::size_t offset) : errors_(errors), offset_(offset) {}

  void check(const Instruction& ins) {
    if (ins.keyword == Keyword::Unknown) {
      fail(ins.keyword_text.empty() ? "empty instruction" : "unknown instruction: " + to_upper(ins.keyword_text));
      return;
    }
    std::string name(keyword_name(ins.keyword));
    for (const Flag& flag : ins.flags) {
      bool known = false;
      for (std::string_view allowed : allowed_flags(ins.keyword)) known = known || flag.name() == allowed;
      if (!known) fail("unknown flag: " + std::string(flag.name()));
    }
    const auto& args = ins.arguments;
    switch (ins.keyword) {
      case Keyword::From: check_from(args); break;
      case Keyword::Add:
      case Keyword::Copy:
        if (args.size() < 2)
          fail(name + " requires at least two arguments, but only one was provided. Destination could not be determined.");
        break;
      case Keyword::Workdir:
      case Keyword::User:
      case Keyword::Stopsignal:
      case Keyword::Maintainer:
        if (args.size() != 1) fail(name + " requires exactly one argument");
        break;
      case Keyword::Expose:
      case Keyword::Volume:
      case Keyword::Onbuild:
      case Keyword::Arg:
        if (args.empty() && !ins.trigger) fail(name + " requires at least one argument");
        break;
      case Keyword::Env:
      case Keyword::Label:
        if (args.empty()) fail(name + " requires at least one argument");
        for (std::size_t i = 0; i < args.size(); i += 3)
          if (args[i].empty()) fail(name + " names can not be blank");
        break;
      case Keyword::Healthcheck: check_healthcheck(ins); break;
      case Keyword::Shell:
        if (args.empty()) fail("SHELL requires at least one argument");
        else if (ins.form != ArgumentForm::Exec) fail("SHELL requires the arguments to be in JSON form");
        break;
      default: break;
    }
    if (ins.trigger) check_trigger(*ins.trigger);
  }

 private:
  void fail(std::string message) { errors_.push_back({offset_, std::move(message)}); }

  void check_trigger(const Instruction& trigger) {
    if (trigger.keyword == Keyword::Onbuild)
      fail("Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed");
    else if (trigger.keyword == Keyword::From || trigger.keyword == Keyword::Maintainer)
      fail(std::string(keyword_name(trigger.keyword)) + " isn't allowed as an ONBUILD trigger");
    else
      check(trigger);
  }

  void check_from(const std::vector<std::string>& args) {
    if (args.size() == 3 && iequals(args[1], "as")) {
      static const std::regex stage_name("^[a-z][a-z0-9-_\\.]*$");
      if (!std::regex_match(to_lower(args[2]), stage_name))
        fail("invalid name for build stage: \"" + args[2] +
             "\", name can't start with a number or contain symbols");
    } else if (args.size() != 1) {
      fail("FROM requires either one or three arguments");
    }
  }

  void check_healthcheck(const Instruction& ins) {
    const auto& args = ins.arguments;
    if (args.empty()) {
      fail("HEALTHCHECK requires at least one argument");
      return;
    }
    std::string type = to_upper(args[0]);
    if (type == "NONE") {
      if (args.size() != 1) fail("HEALTHCHECK NONE takes no arguments");
    } else if (type != "CMD") {
      fail("Unknown type \"" + type + "\" in HEALTHCHECK (try CMD)");
    } else if (args.size() == 1) {
      fail("Missing command after HEALTHCHECK CMD");
    }
  }

  std::vector<SyntaxError>& errors_;
  std::size_t offset_;
};

}  // namespace

std::vector<SyntaxError> check_instructions(const Document& doc) {
  std::vector<SyntaxError> errors;
  bool in_stage = false;
  for (const Node* node : doc.instructions()) {
    const Instruction& ins = *node->instruction;
    std::size_t at = ins.keyword_span.begin;
    Checker(errors, at).check(ins);
    if (ins.keyword == Keyword::From) in_stage = true;
    else if (!in_stage && ins.keyword != Keyword::Arg && ins.keyword != Keyword::Unknown)
      errors.push_back({at, "no build stage in current context"});
  }
  return errors;
}

}  // namespace dfopt
