#include "analysis/program_calls.h"

#include <array>
#include <optional>
#include <string>

#include "analysis/run_shell.h"
#include "shell/shell_parser.h"
#include "shell/substitutions.h"

namespace dfopt {
namespace {

// Inner scripts inside inner scripts: real RUNs nest two or three levels; the cap keeps the
// work linear in the script's length whatever the input.
constexpr unsigned kMaxDepth = 8;

std::string_view base_name(std::string_view name) {
  std::size_t slash = name.rfind('/');
  return slash == std::string_view::npos ? name : name.substr(slash + 1);
}

bool is_env_assignment(std::string_view word) {
  std::size_t eq = word.find('=');
  if (eq == 0 || eq == std::string_view::npos) return false;
  for (std::size_t i = 0; i < eq; ++i) {
    char c = word[i];
    bool ok = c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
              (i > 0 && c >= '0' && c <= '9');
    if (!ok) return false;
  }
  return true;
}

// How a wrapper reads its options. `value_short` letters take the next word (or the rest of
// their cluster), `value_long` options take `=value` or the next word; `stop_short`/`stop_long`
// options mean the wrapper runs no program at all (`sudo -l`, `command -v`).
struct WrapperSpec {
  std::string_view name;
  std::string_view value_short;
  std::vector<std::string_view> value_long;
  std::string_view stop_short = {};
  std::vector<std::string_view> stop_long = {};
  // Wrappers that act elsewhere when given this option (`sudo --chroot`): not seen through.
  std::string_view elsewhere_short = {};
  std::vector<std::string_view> elsewhere_long = {};
  bool assignments = false;  // NAME=value words may follow the options (env, sudo)
  bool user_operand = false;  // the first operand is a user (gosu USER prog)
  bool duration_operand = false;  // timeout DURATION prog
  bool in_current_shell = false;  // a shell builtin or keyword: the program runs in this shell
  bool switches_user = false;
  bool reads_arguments = false;
};

const std::vector<WrapperSpec>& wrapper_specs() {
  static const std::vector<WrapperSpec> specs = {
      {.name = "sudo", .value_short = "uCDghprtTU",
       .value_long = {"--user", "--group", "--close-from", "--chdir", "--host", "--prompt",
                      "--role", "--type", "--command-timeout", "--other-user"},
       .stop_short = "elvVkKh", .stop_long = {"--edit", "--list", "--validate", "--version",
                                              "--help", "--remove-timestamp", "--reset-timestamp"},
       .elsewhere_short = "R", .elsewhere_long = {"--chroot"},
       .assignments = true, .switches_user = true},
      {.name = "env", .value_short = "uC", .value_long = {"--unset", "--chdir"},
       .stop_short = "S", .stop_long = {"--split-string", "--version", "--help"},
       .assignments = true},
      {.name = "command", .value_short = "", .value_long = {}, .stop_short = "vV",
       .in_current_shell = true},
      {.name = "builtin", .value_short = "", .value_long = {}, .in_current_shell = true},
      {.name = "exec", .value_short = "a", .value_long = {}, .in_current_shell = true},
      {.name = "time", .value_short = "fo", .value_long = {"--format", "--output"},
       .in_current_shell = true},
      {.name = "nice", .value_short = "n", .value_long = {"--adjustment"}},
      {.name = "nohup", .value_short = "", .value_long = {}},
      {.name = "stdbuf", .value_short = "ioe", .value_long = {"--input", "--output", "--error"}},
      {.name = "timeout", .value_short = "sk", .value_long = {"--signal", "--kill-after"},
       .duration_operand = true},
      {.name = "ionice", .value_short = "cnu", .value_long = {"--class", "--classdata", "--uid"},
       .stop_short = "pP", .stop_long = {"--pid", "--pgid"}},
      {.name = "setsid", .value_short = "", .value_long = {}},
      {.name = "xargs", .value_short = "adEILnPs",
       .value_long = {"--arg-file", "--delimiter", "--eof", "--replace", "--max-lines",
                      "--max-args", "--max-procs", "--max-chars", "--process-slot-var"},
       .stop_long = {"--show-limits", "--version", "--help"}, .reads_arguments = true},
      {.name = "gosu", .value_short = "", .value_long = {}, .user_operand = true,
       .switches_user = true},
      {.name = "su-exec", .value_short = "", .value_long = {}, .user_operand = true,
       .switches_user = true},
      {.name = "busybox", .value_short = "", .value_long = {}},
  };
  return specs;
}

const WrapperSpec* wrapper_spec(std::string_view name) {
  for (const WrapperSpec& spec : wrapper_specs())
    if (spec.name == name) return &spec;
  return nullptr;
}

bool contains(const std::vector<std::string_view>& list, std::string_view word) {
  for (std::string_view w : list)
    if (w == word) return true;
  return false;
}

// What follows a wrapper's options.
struct Unwrapped {
  enum class Kind { Program, NoProgram, Elsewhere, Unknown } kind = Kind::Program;
  std::size_t index = 0;  // the program's name when kind == Program
};

Unwrapped skip_wrapper_options(const WrapperSpec& spec, const std::vector<ShellWord>& words,
                               std::size_t i) {
  using Kind = Unwrapped::Kind;
  for (; i < words.size(); ++i) {
    const ShellWord& w = words[i];
    if (!w.literal) return {Kind::Unknown};
    std::string_view v = w.value;
    if (v == "--") { ++i; break; }
    if (v.size() < 2 || v[0] != '-') {
      // `nice -10 prog` is an old spelling of `-n 10`.
      break;
    }
    if (v.starts_with("--")) {
      std::string_view key = v.substr(0, v.find('='));
      if (contains(spec.stop_long, key)) return {Kind::NoProgram};
      if (contains(spec.elsewhere_long, key)) return {Kind::Elsewhere};
      if (contains(spec.value_long, key) && key.size() == v.size()) ++i;
      continue;
    }
    if (spec.name == "nice" && v.find_first_not_of("0123456789", 1) == std::string_view::npos)
      continue;
    // A cluster of short options: a value letter takes the rest of the cluster or the next word.
    for (std::size_t k = 1; k < v.size(); ++k) {
      char letter = v[k];
      if (spec.stop_short.find(letter) != std::string_view::npos) return {Kind::NoProgram};
      if (spec.elsewhere_short.find(letter) != std::string_view::npos) return {Kind::Elsewhere};
      if (spec.value_short.find(letter) != std::string_view::npos) {
        if (k + 1 == v.size()) ++i;
        break;
      }
    }
  }
  if (spec.assignments)
    while (i < words.size() && words[i].literal && is_env_assignment(words[i].value)) ++i;
  if (spec.user_operand) ++i;
  if (spec.duration_operand) ++i;
  if (i >= words.size()) return {Kind::NoProgram};
  return {Kind::Program, i};
}

// The text an inner shell receives for this word: one level of quote removal that keeps
// parameter expansions as written, so the inner parse still sees `$X` as an expansion. A command
// substitution runs in the outer shell (and is modelled there): the inner text gets a
// placeholder expansion in its place.
std::string inner_text(std::string_view word) {
  std::string out;
  bool in_double = false;
  for (std::size_t i = 0; i < word.size(); ++i) {
    char c = word[i];
    if (c == '`' || (c == '$' && word.substr(i, 3) != "$((" && word.substr(i, 2) == "$(")) {
      std::size_t end = substitution_end(word, i);
      if (end == std::string_view::npos) end = word.size();
      out += "${_dfopt_substitution}";
      i = end - 1;
      continue;
    }
    if (c == '\'' && !in_double) {
      std::size_t close = word.find('\'', i + 1);
      if (close == std::string_view::npos) close = word.size();
      out.append(word.substr(i + 1, close - i - 1));
      i = close;
    } else if (c == '"') {
      in_double = !in_double;
    } else if (c == '\\' && i + 1 < word.size()) {
      char next = word[i + 1];
      if (!in_double || next == '"' || next == '\\' || next == '$' || next == '`') {
        out += next;
        ++i;
      } else {
        out += c;
      }
    } else {
      out += c;
    }
  }
  return out;
}

// `sh [options] -c SCRIPT [name args]`: the index of SCRIPT, or nullopt when the shell reads a
// script file or standard input instead. Sets `unknown` when the options cannot be read.
std::optional<std::size_t> shell_command_string(const std::vector<ShellWord>& words,
                                                std::size_t name_index, bool& unknown) {
  bool has_c = false;
  std::size_t i = name_index + 1;
  for (; i < words.size(); ++i) {
    const ShellWord& w = words[i];
    if (!w.literal) break;
    std::string_view v = w.value;
    if (v == "--" || v == "-") { ++i; break; }
    if (v.size() < 2 || (v[0] != '-' && v[0] != '+')) break;
    if (v.starts_with("--")) {
      if (v == "--rcfile" || v == "--init-file") ++i;
      continue;
    }
    if (v.find('c') != std::string_view::npos) has_c = true;
    if (v.back() == 'o' || v.back() == 'O') ++i;  // -o pipefail, +O extglob
  }
  if (!has_c) return std::nullopt;
  if (i >= words.size()) {
    unknown = true;
    return std::nullopt;
  }
  return i;
}

// `su [options] [-] [user] -c COMMAND`: the index of COMMAND.
std::optional<std::size_t> su_command_string(const std::vector<ShellWord>& words,
                                             std::size_t name_index) {
  for (std::size_t i = name_index + 1; i < words.size(); ++i) {
    std::string_view v = words[i].literal ? std::string_view(words[i].value) : "";
    if ((v == "-c" || v == "--command") && i + 1 < words.size()) return i + 1;
    if (v.starts_with("--command=")) return i;  // handled by the caller's prefix strip
  }
  return std::nullopt;
}

}  // namespace

bool is_wrapper_program(std::string_view name) {
  name = base_name(name);
  return wrapper_spec(name) || is_posix_shell_program(name) || name == "su" || name == "eval";
}

ProgramCalls::ProgramCalls(const ShellScript& script) {
  if (!script.parsed) {
    mark_unknown("the shell code could not be analysed (" + script.error + ")");
    return;
  }
  add_list(script.list, ProgramCall{}, 0);
}

void ProgramCalls::mark_unknown(std::string reason) {
  if (complete_) unknown_reason_ = std::move(reason);
  complete_ = false;
}

void ProgramCalls::add_list(const ShellList& list, const ProgramCall& where, unsigned depth) {
  for (const ShellListItem& item : list.items) {
    const ShellAndOr& chain = item.and_or;
    for (std::size_t p = 0; p < chain.pipelines.size(); ++p) {
      const ShellPipeline& pipeline = chain.pipelines[p];
      // Every command of a pipeline of two or more runs in a subshell (dash, and bash without
      // lastpipe), and so does everything in a background job.
      ProgramCall inner = where;
      bool background = item.terminator == ShellTerminator::Ampersand;
      if (pipeline.commands.size() > 1 || background) inner.in_child = true;
      bool beside_or = (p > 0 && chain.connectors[p - 1] == ShellConnector::Or) ||
                       (p < chain.connectors.size() && chain.connectors[p] == ShellConnector::Or);
      if (background || beside_or || pipeline.negated) inner.conditional = true;
      for (std::size_t c = 0; c < pipeline.commands.size(); ++c) {
        ProgramCall in_pipe = inner;
        if (c + 1 < pipeline.commands.size()) in_pipe.conditional = in_pipe.output_consumed = true;
        add_command(pipeline.commands[c], in_pipe, depth);
      }
    }
  }
}

void ProgramCalls::add_substitutions(const ShellWord& word, const ProgramCall& where,
                                     unsigned depth) {
  if (!word.has_expansion) return;
  ProgramCall inner = where;
  inner.nested = inner.in_child = inner.conditional = inner.output_consumed = true;
  for (std::string& body : command_substitutions(word.text))
    add_nested_script(std::move(body), inner, depth);
}

void ProgramCalls::add_nested_script(std::string text, const ProgramCall& where, unsigned depth) {
  if (depth >= kMaxDepth) {
    mark_unknown("nests inner scripts too deeply");
    return;
  }
  auto script = std::make_shared<const ShellScript>(parse_shell(text));
  if (!script->parsed) {
    mark_unknown("runs an inner script that could not be analysed (" + script->error + ")");
    return;
  }
  nested_.push_back(script);
  ProgramCall inner = where;
  inner.nested = true;
  add_list(script->list, inner, depth + 1);
}

void ProgramCalls::add_command(const ShellCommand& command, const ProgramCall& where,
                               unsigned depth) {
  for (const ShellWord& w : command.assignments) add_substitutions(w, where, depth);
  for (const ShellWord& w : command.words) add_substitutions(w, where, depth);
  for (const ShellRedirect& r : command.redirects) add_substitutions(r.target, where, depth);
  if (command.kind != ShellCommandKind::Simple) {
    ProgramCall inner = where;
    if (command.kind == ShellCommandKind::Subshell) inner.in_child = true;
    if (command.kind != ShellCommandKind::Subshell && command.kind != ShellCommandKind::BraceGroup)
      inner.conditional = true;
    // A function body runs where the function is called; the calls in it are still calls.
    for (const ShellList& body : command.bodies) add_list(body, inner, depth);
    return;
  }
  const auto& words = command.words;
  ProgramCall call = where;
  call.command = &command;
  std::size_t i = 0;
  while (i < words.size()) {
    const ShellWord& w = words[i];
    std::optional<std::string_view> full_name = command_name(w);
    if (!full_name) {
      // Kept as a call without a program, so that rules asking "what runs here" see a gap.
      mark_unknown("runs a command whose name is computed ('" + w.text + "')");
      call.name_index = i;
      calls_.push_back(call);
      return;
    }
    std::string_view name = base_name(*full_name);
    if (name == "eval") {
      std::string text;
      for (std::size_t k = i + 1; k < words.size(); ++k) {
        if (!text.empty()) text += ' ';
        text += inner_text(words[k].text);
      }
      add_nested_script(std::move(text), call, depth);
      return;
    }
    if (is_posix_shell_program(name)) {
      bool unknown = false;
      std::optional<std::size_t> script = shell_command_string(words, i, unknown);
      if (unknown) mark_unknown("runs '" + w.value + " -c' without a script");
      if (!script) break;  // a script file or stdin: the shell itself is the call
      call.in_child = true;
      add_nested_script(inner_text(words[*script].text), call, depth);
      return;
    }
    if (name == "su") {
      std::optional<std::size_t> script = su_command_string(words, i);
      if (!script) break;
      std::string text = inner_text(words[*script].text);
      if (text.starts_with("--command=")) text.erase(0, 10);
      call.in_child = call.switches_user = true;
      add_nested_script(std::move(text), call, depth);
      return;
    }
    const WrapperSpec* spec = wrapper_spec(name);
    if (!spec) break;
    Unwrapped next = skip_wrapper_options(*spec, words, i + 1);
    if (next.kind == Unwrapped::Kind::Unknown) {
      mark_unknown("runs '" + std::string(name) + "' with options dfopt cannot read");
      return;
    }
    if (next.kind != Unwrapped::Kind::Program) break;  // the wrapper itself is the call
    if (!spec->in_current_shell) call.in_child = true;
    if (spec->switches_user) call.switches_user = true;
    if (spec->name == "sudo") call.through_sudo = true;
    if (spec->reads_arguments) call.reads_arguments = true;
    i = next.index;
  }
  if (i >= words.size()) return;  // only assignments and redirections
  call.name_index = i;
  call.program = base_name(*command_name(words[i]));
  calls_.push_back(call);
}

const ProgramCalls& program_calls(const ShellScript& script) {
  return script.memo.get<ProgramCalls>([&script] { return ProgramCalls(script); });
}

}  // namespace dfopt
