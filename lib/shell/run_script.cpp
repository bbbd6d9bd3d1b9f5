#include "shell/run_script.h"

#include "shell/shell_parser.h"

namespace dfopt {

std::optional<RunScript> parse_run_script(const Instruction& run) {
  if (run.keyword != Keyword::Run || run.form != ArgumentForm::Shell || !run.heredocs.empty())
    return std::nullopt;
  RunScript script;
  script.run = &run;
  std::string_view text = run.arguments_text();
  script.offset = static_cast<std::size_t>(text.data() - run.line.text().data());
  script.shell = parse_shell(text);
  return script;
}

}  // namespace dfopt
