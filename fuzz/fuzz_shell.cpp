// Any bytes given to the shell parser: no crash, no runaway recursion, spans inside the script,
// and the queries the passes use answer without crashing.
#include <cstdint>
#include <cstdlib>
#include <string_view>

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
  (void)dfopt::leaks_into_following_commands(parsed);
  (void)dfopt::is_and_chain(parsed);
  (void)dfopt::command_lines(parsed);
  (void)dfopt::dump_shell(parsed);
  return 0;
}
