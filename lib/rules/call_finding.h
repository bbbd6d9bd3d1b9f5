#pragma once
// A finding about one program call in a RUN, as the rules that add an option or fix a command
// word write it: it points at the call's command, and its fix edits the call's words. A call
// inside an inner script (`sh -c '…'`, `$(…)`) has words that are not the RUN's own: the
// finding then points at the script and says why it has no fix.
#include <functional>
#include <string>
#include <string_view>

#include "analysis/program_calls.h"
#include "rules/rule.h"
#include "shell/run_script.h"

namespace dfopt {

Finding call_finding(std::string_view rule_id, const RunScript& run, const ProgramCall& call,
                     std::string message, FixSafety safety,
                     const std::function<TextEdit()>& edit);

}  // namespace dfopt
