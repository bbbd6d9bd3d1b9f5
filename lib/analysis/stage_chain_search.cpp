#include "analysis/stage_chain_search.h"

namespace dfopt {

namespace {
constexpr std::size_t kNone = static_cast<std::size_t>(-1);
}

StageChainSearch::StageChainSearch(const StageMap& stages,
                                   const std::function<bool(const Node&)>& predicate)
    : stages_(stages), first_match_(stages.stages().size(), kNone) {
  for (std::size_t s = 0; s < stages.stages().size(); ++s) {
    const Stage& stage = stages.stages()[s];
    for (std::size_t j = stage.first + 1; j < stage.end; ++j)
      if (predicate(*stages.instructions()[j])) {
        first_match_[s] = j;
        break;
      }
  }
}

bool StageChainSearch::any_before(std::size_t index, bool inclusive) const {
  std::optional<std::size_t> stage = stages_.facts(index).stage;
  std::size_t end = inclusive ? index + 1 : index;
  // Stages only build on earlier stages, so the chain ends.
  while (stage) {
    if (first_match_[*stage] < end) return true;
    stage = stages_.stages()[*stage].parent;
    if (stage) end = stages_.stages()[*stage].end;
  }
  return false;
}

}  // namespace dfopt
