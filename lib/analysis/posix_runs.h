#pragma once
// The RUNs the shell-aware rules work on: shell form, no heredoc, in a stage that runs a POSIX
// shell, with a script the shell parser understood.
#include <vector>

#include "shell/run_script.h"
#include "syntax/syntax_tree.h"

namespace dfopt {

struct PosixRun {
  std::size_t index;  // in Document::instructions()
  RunScript script;
};

// Computed once per document.
const std::vector<PosixRun>& posix_runs(const Document& doc);

}  // namespace dfopt
