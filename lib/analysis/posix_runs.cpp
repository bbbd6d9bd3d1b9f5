#include "analysis/posix_runs.h"

#include "analysis/stages.h"

namespace dfopt {

const std::vector<PosixRun>& posix_runs(const Document& doc) {
  return doc.memo.get<std::vector<PosixRun>>([&doc] {
    std::vector<PosixRun> runs;
    const StageMap& stages = StageMap::of(doc);
    const auto& instructions = stages.instructions();
    for (std::size_t i = 0; i < instructions.size(); ++i) {
      if (!stages.facts(i).posix_shell) continue;
      std::optional<RunScript> script = parse_run_script(*instructions[i]->instruction);
      if (script && script->shell.parsed) runs.push_back({i, std::move(*script)});
    }
    return runs;
  });
}

}  // namespace dfopt
