// "Does an instruction before/after this one, in its stage chain, match?" in one pass.
#include <catch2/catch.hpp>

#include "analysis/stage_chain_search.h"
#include "syntax/parser.h"

using namespace dfopt;

TEST_CASE("stage chain search: before, after and the first match after", "[analysis][stage-chain]") {
  // 0 FROM a AS base, 1 RUN mark, 2 RUN x, 3 FROM b, 4 RUN mark, 5 FROM base, 6 RUN x,
  // 7 RUN mark, 8 FROM base, 9 RUN mark
  Document doc = parse_dockerfile(
      "FROM a AS base\nRUN mark\nRUN x\nFROM b\nRUN mark\nFROM base AS child\nRUN x\nRUN mark\n"
      "FROM base\nRUN mark\n");
  const StageMap& stages = StageMap::of(doc);
  StageChainSearch marks(stages, [&doc](const Node& node) {
    return doc.text(node.span).find("mark") != std::string_view::npos;
  });
  CHECK_FALSE(marks.any_before(1));
  CHECK(marks.any_before(1, /*inclusive=*/true));
  CHECK(marks.any_before(6));         // the base stage's RUN mark
  CHECK_FALSE(marks.any_before(4));   // stage b does not build on base
  CHECK(marks.any_after(2));          // the stages built on base have marks
  CHECK_FALSE(marks.any_after(4));
  CHECK(marks.first_after(1) == 7u);  // not 4: stage b is not built on base
  CHECK(marks.first_after(6) == 7u);
  CHECK_FALSE(marks.first_after(7).has_value());
  CHECK_FALSE(marks.first_after(9).has_value());
  // A predicate that needs the instruction's facts gets its index.
  StageChainSearch in_child(stages, [&stages](const Node&, std::size_t j) {
    return stages.facts(j).stage == 2u;
  });
  CHECK(in_child.first_after(2) == 6u);
  CHECK(in_child.first_after(6) == 7u);
}
