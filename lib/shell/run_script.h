#pragma once
// The shell script of a shell-form RUN, parsed, with the way back to document offsets.
#include <optional>

#include "shell/shell_syntax.h"
#include "syntax/syntax_tree.h"

namespace dfopt {

struct RunScript {
  const Instruction* run = nullptr;
  std::size_t offset = 0;  // where the script starts in run->line
  ShellScript shell;

  // The document span of a span of the script.
  Span to_source(Span script_span) const {
    return run->line.to_source(offset + script_span.begin, offset + script_span.end);
  }
  std::size_t to_source(std::size_t script_offset) const {
    return run->line.to_source(offset + script_offset);
  }
};

// nullopt unless `run` is a shell-form RUN without heredocs (the only kind the passes edit).
std::optional<RunScript> parse_run_script(const Instruction& run);

}  // namespace dfopt
