#include "shell/shell_queries.h"

#include <array>

namespace dfopt {

std::string_view ShellCommand::name() const {
  if (kind != ShellCommandKind::Simple || words.empty() || words.front().has_expansion) return {};
  return words.front().value;
}

const ShellWord* ShellCommand::argument(std::size_t i) const {
  return i + 1 < words.size() ? &words[i + 1] : nullptr;
}

namespace {

void collect_simple(const ShellList& list, std::vector<const ShellCommand*>& out) {
  for (const ShellListItem& item : list.items)
    for (const ShellPipeline& pipeline : item.and_or.pipelines)
      for (const ShellCommand& command : pipeline.commands) {
        if (command.kind == ShellCommandKind::Simple) out.push_back(&command);
        for (const ShellList& body : command.bodies) collect_simple(body, out);
      }
}

void command_lines_of(const ShellScript& script, const ShellList& list,
                      std::vector<std::string>& out) {
  for (const ShellListItem& item : list.items)
    for (const ShellPipeline& pipeline : item.and_or.pipelines)
      for (const ShellCommand& command : pipeline.commands) {
        if (command.kind == ShellCommandKind::Simple) {
          std::string line;
          auto add = [&line](std::string_view text) {
            if (!line.empty()) line += ' ';
            line += text;
          };
          for (const ShellWord& w : command.assignments) add(w.text);
          for (const ShellWord& w : command.words) add(w.text);
          for (const ShellRedirect& r : command.redirects) add(r.span.of(script.text));
          out.push_back(std::move(line));
        }
        for (const ShellList& body : command.bodies) command_lines_of(script, body, out);
      }
}

}  // namespace

std::vector<const ShellCommand*> simple_commands(const ShellList& list) {
  std::vector<const ShellCommand*> out;
  collect_simple(list, out);
  return out;
}

bool pipes_into_next(const ShellList& list, const ShellCommand& command) {
  for (const ShellListItem& item : list.items)
    for (const ShellPipeline& pipeline : item.and_or.pipelines)
      for (std::size_t k = 0; k < pipeline.commands.size(); ++k) {
        const ShellCommand& c = pipeline.commands[k];
        if (&c == &command) return k + 1 < pipeline.commands.size();
        for (const ShellList& body : c.bodies)
          if (pipes_into_next(body, command)) return true;
      }
  return false;
}

bool ends_in_compound_command(const ShellScript& script) {
  if (script.list.items.empty()) return false;
  const ShellAndOr& last = script.list.items.back().and_or;
  if (last.pipelines.empty()) return false;
  for (const ShellCommand& command : last.pipelines.back().commands)
    if (command.kind != ShellCommandKind::Simple) return true;
  return false;
}

bool is_and_chain(const ShellScript& script) {
  if (!script.parsed || script.list.items.size() != 1) return false;
  const ShellListItem& item = script.list.items.front();
  if (item.terminator == ShellTerminator::Ampersand) return false;
  for (ShellConnector c : item.and_or.connectors)
    if (c != ShellConnector::And) return false;
  return true;
}

std::optional<Span> trailing_comment(const ShellScript& script) {
  if (script.comments.empty()) return std::nullopt;
  const Span& last = script.comments.back().span;
  for (std::size_t i = last.end; i < script.text.size(); ++i)
    if (script.text[i] != ' ' && script.text[i] != '\t' && script.text[i] != '\r') return std::nullopt;
  return last;
}

std::vector<std::string> command_lines(const ShellScript& script) {
  std::vector<std::string> out;
  if (script.parsed) command_lines_of(script, script.list, out);
  return out;
}

}  // namespace dfopt
