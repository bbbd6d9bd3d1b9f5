#include "rewrite/run_edits.h"

#include "analysis/call_options.h"
#include "analysis/shell_effects.h"

#include "shell/shell_queries.h"
#include "syntax/text.h"

namespace dfopt {

std::optional<std::size_t> run_text_end(const Document& doc, const Node& node, const RunScript& run) {
  std::optional<std::size_t> end;
  bool dangling = false;  // a continuation after the last text: the instruction runs into EOF
  for (const Token& token : node.tokens) {
    if (token.kind == TokenKind::LineText && !trim(doc.text(token.span)).empty()) {
      end = token.span.end;
      dangling = false;
    } else if (token.kind == TokenKind::Continuation) {
      dangling = true;
    }
  }
  if (dangling || !end) return std::nullopt;
  const ShellList& list = run.shell.list;
  if (!list.items.empty() && list.items.back().terminator == ShellTerminator::Semicolon)
    end = run.to_source(list.items.back().terminator_span).begin;
  std::string_view source = doc.source();
  while (*end > node.span.begin && (source[*end - 1] == ' ' || source[*end - 1] == '\t')) --*end;
  return end;
}

TextEdit insert_after_word(const RunScript& run, const ShellWord& word, std::string_view text) {
  std::size_t at = run.to_source(word.span).end;
  return TextEdit{{at, at}, " " + std::string(text)};
}

TextEdit add_short_option(const RunScript& run, const ProgramCall& call, char letter) {
  if (const ShellWord* cluster = first_short_cluster(call)) {
    std::size_t after_dash = run.to_source(cluster->span.begin + 1);
    return TextEdit{{after_dash, after_dash}, std::string(1, letter)};
  }
  return insert_after_word(run, call.words()[call.name_index], std::string("-") + letter);
}

TextEdit add_list_word(const Document& doc, const RunScript& run, const ShellWord& last, std::string_view word) {
  const Span at = run.to_source(last.span);
  std::string_view source = doc.source();
  std::size_t line_begin = at.begin == 0 ? std::string_view::npos : source.rfind('\n', at.begin - 1);
  line_begin = line_begin == std::string_view::npos ? 0 : line_begin + 1;
  std::size_t line_end = source.find('\n', at.end);
  if (line_end == std::string_view::npos) line_end = source.size();
  std::string_view indent = source.substr(line_begin, at.begin - line_begin);
  std::string_view after = source.substr(at.end, line_end - at.end);
  bool crlf = after.ends_with('\r');
  std::string_view rest = trim(after);
  bool alone = !indent.empty() && trim(indent).empty() &&
               (rest.empty() || rest == std::string_view(&doc.escape, 1));
  if (!alone) return TextEdit{{at.end, at.end}, " " + std::string(word)};
  return TextEdit{{at.end, at.end},
                  " " + std::string(1, doc.escape) + (crlf ? "\r\n" : "\n") + std::string(indent) + std::string(word)};
}

std::optional<std::string> append_blocker(const RunScript& run, const RunShell& shell) {
  if (trailing_comment(run.shell)) return "the RUN ends with a shell comment";
  if (!is_and_chain(run.shell)) return "the script is not a plain && chain";
  // After `exit` or `exec` nothing more runs.
  const ShellPipeline& last = run.shell.list.items.front().and_or.pipelines.back();
  std::string_view last_name = last.commands.back().name();
  if (last_name == "exit" || last_name == "exec") return "the RUN ends with exit or exec";
  if (ends_in_compound_command(run.shell) && (shell.errexit || may_enable_errexit(run.shell)))
    return "errexit may be on and the RUN ends in a compound command, inside which '&&' would "
           "suspend it";
  return std::nullopt;
}

std::optional<TextEdit> append_to_and_chain(const Document& doc, const Node& node,
                                            const RunScript& run, std::string_view command,
                                            const FileStyle& style, const RunShell& shell) {
  if (append_blocker(run, shell)) return std::nullopt;
  std::optional<std::size_t> end = run_text_end(doc, node, run);
  if (!end) return std::nullopt;
  bool multi_line = false;
  for (const Token& token : node.tokens)
    if (token.kind == TokenKind::Continuation) multi_line = true;
  std::string text;
  if (!multi_line)
    text = " && " + std::string(command);
  else if (style.chain == ChainPlacement::LineEnd)
    text = " &&" + style.line_break() + std::string(command);
  else
    text = style.line_break() + "&& " + std::string(command);
  // A final ";" stays after the new command.
  return TextEdit{{*end, *end}, std::move(text)};
}

}  // namespace dfopt
