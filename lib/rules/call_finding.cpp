#include "rules/call_finding.h"

namespace dfopt {

Finding call_finding(std::string_view rule_id, const RunScript& run, const ProgramCall& call,
                     std::string message, FixSafety safety,
                     const std::function<TextEdit()>& edit) {
  Finding finding{std::string(rule_id),
                  call.nested ? run.to_source(0) : run.to_source(call.command->span).begin,
                  std::move(message), std::nullopt};
  if (call.nested)
    finding.message += " (no fix: the " + std::string(call.program) + " is inside an inner script)";
  else
    finding.fix = Fix{safety, {edit()}};
  return finding;
}

}  // namespace dfopt
