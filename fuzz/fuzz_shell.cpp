// Any bytes given to the shell parser: no crash, no runaway recursion, spans inside the script,
// and the queries the passes use answer without crashing.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "analysis/package_calls.h"
#include "analysis/program_calls.h"
#include "analysis/shell_effects.h"
#include "shell/shell_dump.h"
#include "shell/shell_parser.h"
#include "shell/shell_queries.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view script(reinterpret_cast<const char*>(data), size);
  dfopt::ShellScript parsed = dfopt::parse_shell(script);
  if (parsed.text != script) std::abort();
  for (const dfopt::ShellCommand* command : dfopt::simple_commands(parsed.list)) {
    if (command->span.begin > command->span.end || command->span.end > script.size()) std::abort();
    for (const dfopt::ShellWord& word : command->words)
      if (word.span.end > script.size() || word.span.of(script) != word.text) std::abort();
  }
  (void)dfopt::state_change(parsed);
  (void)dfopt::reads_shell_history(parsed);
  // The program-call model parses inner scripts (sh -c, eval, $(...)) too: they must hold.
  const dfopt::ProgramCalls& calls = dfopt::program_calls(parsed);
  for (const dfopt::ProgramCall& call : calls.calls())
    if (call.name_index >= call.command->words.size()) std::abort();
  (void)dfopt::package_calls(parsed);
  (void)dfopt::is_and_chain(parsed);
  (void)dfopt::command_lines(parsed);
  (void)dfopt::dump_shell(parsed);
  return 0;
}
