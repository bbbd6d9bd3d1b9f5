#include "analysis/stage_chain_search.h"

#include <algorithm>

namespace dfopt {

namespace {
constexpr std::size_t kNone = static_cast<std::size_t>(-1);
}

StageChainSearch::StageChainSearch(const StageMap& stages,
                                   const std::function<bool(const Node&)>& predicate)
    : StageChainSearch(stages, [&predicate](const Node& node, std::size_t) {
        return predicate(node);
      }) {}

StageChainSearch::StageChainSearch(
    const StageMap& stages, const std::function<bool(const Node&, std::size_t index)>& predicate)
    : stages_(stages),
      first_match_(stages.stages().size(), kNone),
      last_match_(stages.stages().size(), kNone),
      descendant_matches_(stages.stages().size(), false),
      matches_(stages.stages().size()),
      descendant_first_(stages.stages().size(), kNone) {
  for (std::size_t s = 0; s < stages.stages().size(); ++s) {
    const Stage& stage = stages.stages()[s];
    for (std::size_t j = stage.first + 1; j < stage.end; ++j)
      if (predicate(*stages.instructions()[j], j)) {
        if (first_match_[s] == kNone) first_match_[s] = j;
        last_match_[s] = j;
        matches_[s].push_back(j);
      }
  }
  // Later stages come later in the file, so one backward pass carries matches up the chains.
  for (std::size_t s = stages.stages().size(); s-- > 0;) {
    std::optional<std::size_t> parent = stages.stages()[s].parent;
    if (parent && (first_match_[s] != kNone || descendant_matches_[s]))
      descendant_matches_[*parent] = true;
    if (parent)
      descendant_first_[*parent] =
          std::min({descendant_first_[*parent], first_match_[s], descendant_first_[s]});
  }
}

bool StageChainSearch::any_after(std::size_t index) const {
  std::optional<std::size_t> stage = stages_.facts(index).stage;
  if (!stage) return false;
  return (last_match_[*stage] != kNone && last_match_[*stage] > index) ||
         descendant_matches_[*stage];
}

std::optional<std::size_t> StageChainSearch::first_after(std::size_t index) const {
  std::optional<std::size_t> stage = stages_.facts(index).stage;
  if (!stage) return std::nullopt;
  const std::vector<std::size_t>& own = matches_[*stage];
  auto it = std::upper_bound(own.begin(), own.end(), index);
  if (it != own.end()) return *it;
  if (descendant_first_[*stage] != kNone) return descendant_first_[*stage];
  return std::nullopt;
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
