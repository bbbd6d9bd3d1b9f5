#include "syntax/tree_dump.h"

#include "syntax/buildkit_dump.h"

namespace dfopt {
namespace {

std::string where(const Document& doc, Span span) {
  Position p = doc.position(span.begin);
  return std::to_string(p.line) + ":" + std::to_string(p.column) + " [" +
         std::to_string(span.begin) + "," + std::to_string(span.end) + ")";
}

void dump_instruction(const Document& doc, const Instruction& ins, const std::string& indent,
                      std::string& out) {
  out += indent + "keyword " + go_quote(ins.keyword_text) + " @" + where(doc, ins.keyword_span) + "\n";
  for (const Flag& f : ins.flags)
    out += indent + "flag " + go_quote(f.text) + " @" + where(doc, f.source) + "\n";
  out += indent + "form " +
         std::string(ins.form == ArgumentForm::Exec ? "exec" : ins.form == ArgumentForm::Shell ? "shell" : "none") +
         "\n";
  for (const std::string& a : ins.arguments) out += indent + "arg " + go_quote(a) + "\n";
  for (const Heredoc& h : ins.heredocs)
    out += indent + "heredoc " + go_quote(h.name) + (h.expand ? "" : " quoted") +
           (h.strip_tabs ? " strip-tabs" : "") + " body @" + where(doc, h.body) + "\n";
  if (ins.trigger) {
    out += indent + "trigger\n";
    dump_instruction(doc, *ins.trigger, indent + "  ", out);
  }
}

}  // namespace

std::string tree_dump(const Document& doc) {
  std::string out = "Document escape=" + go_quote(std::string(1, doc.escape)) + "\n";
  for (const Node& node : doc.nodes) {
    out += "  " + std::string(node_kind_name(node.kind)) + " @" + where(doc, node.span) + " " +
           go_quote(doc.text(node.span)) + "\n";
    if (node.directive) out += "    " + node.directive->name + "=" + go_quote(node.directive->value) + "\n";
    for (const Token& t : node.tokens)
      out += "    " + std::string(token_kind_name(t.kind)) + " " + go_quote(doc.text(t.span)) + "\n";
    if (node.instruction) dump_instruction(doc, *node.instruction, "    ", out);
  }
  return out;
}

}  // namespace dfopt
