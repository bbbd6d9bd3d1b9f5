#pragma once
// The shell script of a shell-form RUN, parsed, with the way back to document offsets.
#include <memory>
#include <optional>

#include "shell/shell_syntax.h"
#include "syntax/syntax_tree.h"

namespace dfopt {

struct RunScript {
  RunScript(const Instruction& instruction, std::size_t script_offset,
            std::shared_ptr<const ShellScript> script)
      : run(&instruction), offset(script_offset), owner(std::move(script)), shell(*owner) {}

  const Instruction* run;
  std::size_t offset;  // where the script starts in run->line
  std::shared_ptr<const ShellScript> owner;  // shared: parses are cached by script text
  const ShellScript& shell;

  // The document span of a span of the script.
  Span to_source(Span script_span) const {
    return run->line.to_source(offset + script_span.begin, offset + script_span.end);
  }
  std::size_t to_source(std::size_t script_offset) const {
    return run->line.to_source(offset + script_offset);
  }
};

// nullopt unless `run` is a shell-form RUN without heredocs (the only kind the passes edit).
// Every rule asks for the same scripts, round after round; the parse of a script text is
// computed once per thread and shared.
std::optional<RunScript> parse_run_script(const Instruction& run);

}  // namespace dfopt
