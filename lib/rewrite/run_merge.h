#pragma once
// Merging consecutive RUN instructions into one (brief §3): when it keeps the build's meaning,
// and the text of the merged instruction in the file's own style. Used by DF101 and DF102.
#include <optional>
#include <string>
#include <vector>

#include "analysis/run_shell.h"
#include "rewrite/file_style.h"
#include "rewrite/text_edit.h"
#include "shell/run_script.h"

namespace dfopt {

// Why `second` cannot be appended to `first` as `first && second`; nullopt when it can.
// Both must be shell-form RUNs without heredocs, with the same flags, run by `shell` (the one
// in effect for both), a POSIX shell; `first` must change no shell state (analysis/
// shell_effects), `second` must be a plain && chain that does not read what ran before it
// (`$_`), and under errexit `first` must not end in a compound command.
std::optional<std::string> run_merge_blocker(const std::optional<RunScript>& first,
                                             const std::optional<RunScript>& second,
                                             const RunShell& shell);

// One edit replacing the nodes from `nodes.front()` to `nodes.back()` (RUNs, with only comment
// and blank-line nodes between them) by a single RUN: the first RUN's keyword and flags, the
// scripts joined by `&&` over continuation lines, comments kept as comment lines inside the
// continuation, blank lines dropped. `runs` holds the scripts of the RUN nodes in order.
// nullopt when a RUN's text ends in a way the join cannot follow (a dangling continuation).
std::optional<TextEdit> merge_runs_edit(const Document& doc, const std::vector<const Node*>& nodes,
                                        const std::vector<const RunScript*>& runs,
                                        const FileStyle& style);

// The document's nodes from `from` to `to`, both included.
std::vector<const Node*> nodes_from_to(const Document& doc, const Node* from, const Node* to);

}  // namespace dfopt
