#include "analysis/shell_effects.h"

#include <array>

#include "analysis/program_calls.h"
#include "shell/shell_queries.h"
#include "shell/substitutions.h"

namespace dfopt {
namespace {

// Builtins whose effect outlives the command in the shell that runs it (bash's and dash's).
constexpr std::array<std::string_view, 36> kStateChangingBuiltins = {
    "cd",       "pushd",   "popd",     "export",  "unset",   "set",      "shopt",   "umask",
    "ulimit",   "alias",   "unalias",  "source",  ".",       "eval",     "trap",    "exec",
    "exit",     "return",  "readonly", "declare", "typeset", "local",    "read",    "getopts",
    "shift",    "hash",    "enable",   "mapfile", "readarray", "let",    "bind",    "complete",
    "compopt",  "disown",  "coproc",   "logout"};

// POSIX special builtins: an assignment before them stays set after them (`X=1 :` sets X).
constexpr std::array<std::string_view, 15> kSpecialBuiltins = {
    ":", ".", "break", "continue", "eval", "exec", "exit", "export",
    "readonly", "return", "set", "shift", "times", "trap", "unset"};

template <std::size_t N>
bool one_of(const std::array<std::string_view, N>& names, std::string_view name) {
  for (std::string_view n : names)
    if (n == name) return true;
  return false;
}

std::optional<std::string> word_effect(const ShellWord& word) {
  if (word.has_expansion && word_assigns_variable(word.text))
    return "assigns a variable while expanding '" + word.text + "'";
  return std::nullopt;
}

// The name a simple command runs in this shell once `command`, `builtin` and `time` (which run
// their argument in the same shell) are skipped; nullptr for a computed name.
const ShellWord* effective_name(const ShellCommand& command, std::size_t& index) {
  for (index = 0; index < command.words.size(); ++index) {
    const ShellWord& w = command.words[index];
    if (!command_name(w)) return nullptr;
    std::string_view name = *command_name(w);
    if (name != "command" && name != "builtin" && name != "time") return &w;
    // `command -v x` only looks x up.
    std::size_t next = index + 1;
    while (next < command.words.size() && command.words[next].literal &&
           command.words[next].value.starts_with("-") && command.words[next].value != "-") {
      if (name == "command" && command.words[next].value.find_first_of("vV") != std::string::npos)
        return &w;
      ++next;
    }
    if (next >= command.words.size()) return &w;
    index = next - 1;
  }
  return nullptr;
}

std::optional<std::string> simple_effect(const ShellCommand& command) {
  if (command.words.empty())
    return command.assignments.empty() ? std::nullopt
                                       : std::optional<std::string>("assigns a shell variable");
  std::size_t index = 0;
  const ShellWord* name_word = effective_name(command, index);
  if (!name_word) return "runs a command whose name is computed";
  std::string_view name = *command_name(*name_word);
  if (one_of(kStateChangingBuiltins, name))
    return "changes shell state or exits ('" + std::string(name) + "')";
  if (!command.assignments.empty() && one_of(kSpecialBuiltins, name))
    return "assigns a variable before the special builtin '" + std::string(name) + "'";
  if (name == "printf")
    for (std::size_t i = index + 1; i < command.words.size(); ++i) {
      std::string_view arg = command.words[i].value;
      if (arg.starts_with("-v")) return std::string("assigns a variable ('printf -v')");
      if (!arg.starts_with("-")) break;
    }
  return std::nullopt;
}

// `in_shell`: the commands run in the script's own shell (not a subshell or pipeline).
std::optional<std::string> list_effect(const ShellList& list, bool in_shell) {
  for (const ShellListItem& item : list.items) {
    if (item.terminator == ShellTerminator::Ampersand) return "starts a background job ('&')";
    for (const ShellPipeline& pipeline : item.and_or.pipelines) {
      bool own = in_shell && pipeline.commands.size() == 1;
      for (const ShellCommand& command : pipeline.commands) {
        if (own) {
          for (const ShellWord& w : command.assignments)
            if (auto e = word_effect(w)) return e;
          for (const ShellWord& w : command.words)
            if (auto e = word_effect(w)) return e;
          for (const ShellRedirect& r : command.redirects)
            if (auto e = word_effect(r.target)) return e;
        }
        switch (command.kind) {
          case ShellCommandKind::Simple:
            if (own)
              if (auto e = simple_effect(command)) return e;
            continue;
          case ShellCommandKind::FunctionDef:
            if (own) return "defines a shell function";
            continue;
          case ShellCommandKind::For:
            if (own) return "leaves the loop variable of 'for' set";
            break;
          case ShellCommandKind::Subshell: {
            // Its state stays inside; a background job started there still outlives the RUN.
            auto e = list_effect(command.bodies.front(), false);
            if (e && e->find("background") != std::string::npos) return e;
            continue;
          }
          default: break;
        }
        for (const ShellList& body : command.bodies)
          if (auto e = list_effect(body, own)) return e;
      }
    }
  }
  return std::nullopt;
}

// `$name` or `${name` outside single quotes (`perl -ne 'print $_'` is perl's).
bool reads_special(std::string_view text, std::string_view name) {
  bool in_double = false;
  for (std::size_t at = 0; at < text.size(); ++at) {
    char c = text[at];
    if (c == '\\') { ++at; continue; }
    if (c == '"') in_double = !in_double;
    if (c == '\'' && !in_double) {
      at = text.find('\'', at + 1);
      if (at == std::string_view::npos) return false;
      continue;
    }
    if (c != '$') continue;
    std::string_view rest = text.substr(at + 1);
    if (rest.starts_with("{")) rest.remove_prefix(1);
    if (!rest.starts_with(name)) continue;
    if (rest.size() == name.size()) return true;
    char next = rest[name.size()];
    bool name_goes_on = next == '_' || (next >= 'a' && next <= 'z') || (next >= 'A' && next <= 'Z') ||
                        (next >= '0' && next <= '9');
    if (!name_goes_on) return true;
  }
  return false;
}

}  // namespace

std::optional<std::string> state_change(const ShellScript& script) {
  if (!script.parsed) return "the shell code could not be analysed (" + script.error + ")";
  if (trailing_comment(script)) return "ends with a shell comment";
  return list_effect(script.list, true);
}

std::optional<std::string> reads_shell_history(const ShellScript& script) {
  if (reads_special(script.text, "_")) return "reads '$_', the previous command's last argument";
  if (reads_special(script.text, "LINENO")) return "reads '$LINENO'";
  return std::nullopt;
}

bool may_enable_errexit(const ShellScript& script) {
  const ProgramCalls& calls = program_calls(script);
  if (!calls.complete()) return true;
  for (const ProgramCall& call : calls.calls()) {
    if (call.in_child) continue;
    if (call.program == "source" || call.program == ".") return true;
    if (call.program != "set") continue;
    for (std::size_t i = 0; i < call.argument_count(); ++i) {
      const ShellWord& a = *call.argument(i);
      if (!a.literal) return true;
      std::string_view v = a.value;
      if (v == "--") break;  // positional parameters follow
      if (v == "-o") {
        const ShellWord* next = call.argument(i + 1);
        if (next && (!next->literal || next->value == "errexit")) return true;
        ++i;
        continue;
      }
      if (v.starts_with("-") && !v.starts_with("--") && v.find('e') != std::string_view::npos)
        return true;
    }
  }
  return false;
}

}  // namespace dfopt
