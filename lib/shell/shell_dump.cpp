#include "shell/shell_dump.h"

namespace dfopt {
namespace {

std::string_view kind_name(ShellCommandKind kind) {
  switch (kind) {
    case ShellCommandKind::Simple: return "simple";
    case ShellCommandKind::Subshell: return "subshell";
    case ShellCommandKind::BraceGroup: return "group";
    case ShellCommandKind::If: return "if";
    case ShellCommandKind::For: return "for";
    case ShellCommandKind::While: return "while";
    case ShellCommandKind::Until: return "until";
    case ShellCommandKind::Case: return "case";
    case ShellCommandKind::FunctionDef: return "function";
    case ShellCommandKind::Test: return "test";
  }
  return "?";
}

void dump_list(const ShellScript& script, const ShellList& list, std::string& out);

void dump_word(const ShellWord& word, std::string& out) {
  out += ' ';
  out += word.text;
}

void dump_command(const ShellScript& script, const ShellCommand& command, std::string& out) {
  out += '(';
  out += kind_name(command.kind);
  for (const ShellWord& w : command.assignments) dump_word(w, out);
  for (const ShellWord& w : command.words) dump_word(w, out);
  for (const ShellList& body : command.bodies) {
    out += ' ';
    dump_list(script, body, out);
  }
  for (const ShellRedirect& r : command.redirects) {
    out += ' ';
    out += r.span.of(script.text);
  }
  out += ')';
}

void dump_list(const ShellScript& script, const ShellList& list, std::string& out) {
  out += "(list";
  for (const ShellListItem& item : list.items) {
    out += ' ';
    const ShellAndOr& and_or = item.and_or;
    for (std::size_t i = 0; i < and_or.pipelines.size(); ++i) {
      if (i > 0) out += and_or.connectors[i - 1] == ShellConnector::And ? " && " : " || ";
      const ShellPipeline& pipeline = and_or.pipelines[i];
      if (pipeline.negated) out += "! ";
      for (std::size_t j = 0; j < pipeline.commands.size(); ++j) {
        if (j > 0) out += " | ";
        dump_command(script, pipeline.commands[j], out);
      }
    }
    switch (item.terminator) {
      case ShellTerminator::Semicolon: out += " ;"; break;
      case ShellTerminator::Ampersand: out += " &"; break;
      case ShellTerminator::Newline: out += " \\n"; break;
      case ShellTerminator::None: break;
    }
  }
  out += ')';
}

}  // namespace

std::string dump_shell(const ShellScript& script) {
  if (!script.parsed)
    return "(unparsed " + std::to_string(script.error_offset) + ": " + script.error + ")";
  std::string out;
  dump_list(script, script.list, out);
  return out;
}

}  // namespace dfopt
