#pragma once
// "Does an instruction before this one, in its stage or a stage it builds on, do X?" Rules ask
// that for every RUN; walking the stage each time makes a file of n instructions cost n², so the
// predicate is evaluated once per instruction and each question costs one step per stage.
#include <cstddef>
#include <functional>
#include <optional>
#include <vector>

#include "analysis/stages.h"

namespace dfopt {

class StageChainSearch {
 public:
  // `predicate` is asked about every instruction except the FROMs that start stages.
  StageChainSearch(const StageMap& stages, const std::function<bool(const Node&)>& predicate);
  // The same, for a predicate that needs the instruction's facts: it gets the index too.
  StageChainSearch(const StageMap& stages,
                   const std::function<bool(const Node&, std::size_t index)>& predicate);

  // True when an instruction of `index`'s stage before `index` (up to and including it when
  // `inclusive`), or any instruction of a stage it builds on, satisfies the predicate.
  bool any_before(std::size_t index, bool inclusive = false) const;
  // True when an instruction of `index`'s stage after `index`, or any instruction of a stage
  // built on it (directly or through other stages), satisfies the predicate.
  bool any_after(std::size_t index) const;
  // The first such instruction in file order, or nullopt.
  std::optional<std::size_t> first_after(std::size_t index) const;

 private:
  const StageMap& stages_;
  std::vector<std::size_t> first_match_;  // per stage: its first matching instruction, or npos
  std::vector<std::size_t> last_match_;   // per stage: its last matching instruction, or npos
  std::vector<bool> descendant_matches_;  // per stage: a stage built on it has a match
  std::vector<std::vector<std::size_t>> matches_;  // per stage, ascending
  std::vector<std::size_t> descendant_first_;      // per stage: the first match in a stage
                                                   // built on it, or npos
};

}  // namespace dfopt
