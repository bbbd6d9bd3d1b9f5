#include "rewrite/run_merge.h"

#include <functional>

#include "analysis/shell_effects.h"
#include "rewrite/run_edits.h"
#include "shell/shell_queries.h"
#include "syntax/text.h"

namespace dfopt {
namespace {

bool same_flags(const Instruction& a, const Instruction& b) {
  if (a.flags.size() != b.flags.size()) return false;
  for (std::size_t i = 0; i < a.flags.size(); ++i)
    if (a.flags[i].text != b.flags[i].text) return false;
  return true;
}

}  // namespace

std::optional<std::string> run_merge_blocker(const std::optional<RunScript>& first,
                                             const std::optional<RunScript>& second,
                                             const RunShell& shell) {
  if (!first || !second) return "only shell-form RUNs without heredocs are merged";
  if (!shell.posix) return "the stage does not run a POSIX shell";
  if (!same_flags(*first->run, *second->run)) return "the RUNs have different flags";
  if (first->shell.text.empty() || second->shell.text.empty()) return "a RUN is empty";
  if (auto change = state_change(first->shell)) return "the first RUN " + *change;
  if (!second->shell.parsed) return "the second RUN's shell code could not be analysed";
  if (!is_and_chain(second->shell)) return "the second RUN is not a plain && chain";
  if (auto reads = reads_shell_history(second->shell)) return "the second RUN " + *reads;
  if (shell.errexit && ends_in_compound_command(first->shell))
    return "the SHELL runs with errexit, which '&&' would suspend inside the first RUN's last "
           "compound command";
  return std::nullopt;
}

std::optional<TextEdit> merge_runs_edit(const Document& doc, const std::vector<const Node*>& nodes,
                                        const std::vector<const RunScript*>& runs,
                                        const FileStyle& style) {
  const std::string_view source = doc.source();
  std::string text;
  std::string pending_comments;  // comment lines waiting for the next join
  std::size_t run_index = 0;
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    const Node& node = *nodes[i];
    if (node.kind == NodeKind::BlankLine) continue;
    if (node.kind == NodeKind::Comment) {
      std::string_view line = trim(doc.text(node.span));
      pending_comments += style.indent + std::string(line) + style.newline;
      continue;
    }
    if (node.kind != NodeKind::Instruction || run_index >= runs.size()) return std::nullopt;
    const RunScript& run = *runs[run_index++];
    bool last = i + 1 == nodes.size();
    std::size_t begin = run_index == 1 ? node.span.begin : run.to_source(0);
    std::size_t end = node.span.end;
    if (!last) {
      std::optional<std::size_t> content_end = run_text_end(doc, node, run);
      if (!content_end) return std::nullopt;
      end = *content_end;
    }
    std::string_view piece = source.substr(begin, end - begin);
    if (run_index == 1) {
      text = std::string(piece);
      continue;
    }
    if (style.chain == ChainPlacement::LineEnd)
      text += " &&" + std::string(" ") + style.escape + style.newline + pending_comments +
              style.indent + std::string(piece);
    else
      text += std::string(" ") + style.escape + style.newline + pending_comments + style.indent +
              "&& " + std::string(piece);
    pending_comments.clear();
  }
  if (run_index != runs.size() || runs.size() < 2) return std::nullopt;
  return TextEdit{{nodes.front()->span.begin, nodes.back()->span.end}, std::move(text)};
}

std::vector<const Node*> nodes_from_to(const Document& doc, const Node* from, const Node* to) {
  // Nodes live in one vector: positions come from the pointers, not from a scan per call.
  std::vector<const Node*> out;
  const Node* const begin = doc.nodes.data();
  const Node* const end = begin + doc.nodes.size();
  const std::less<const Node*> before;  // a total order, even for pointers outside the vector
  if (before(from, begin) || !before(from, end) || before(to, from) || !before(to, end)) return out;
  for (const Node* node = from; node <= to; ++node) out.push_back(node);
  return out;
}

}  // namespace dfopt
