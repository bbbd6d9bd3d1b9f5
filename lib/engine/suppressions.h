#pragma once
// Suppression comments: what the author told the linter to leave alone.
//
//   # dfopt: ignore=DF102,exec-form        the next instruction: no findings, no fixes
//   # dfopt: global ignore=DF304           the whole file
//   # hadolint ignore=DL3008,DL3015        hadolint's spelling: rules that map to those ids
//   # hadolint global ignore=DL3059
//
// The comment must be a whole comment line; for the next-instruction form, only comment lines
// may stand between it and the instruction.
#include <set>
#include <string>
#include <vector>

#include "rules/rule.h"
#include "syntax/syntax_tree.h"

namespace dfopt {

class Suppressions {
 public:
  Suppressions(const Document& doc, const std::vector<const Rule*>& rules);

  // True when `finding` falls in an instruction (or the file) where its rule is ignored, or when
  // its fix would join an instruction that carries a directive to text above the directive (a
  // merge into the previous RUN): the comment would end up inside the merged instruction and no
  // longer apply to it.
  bool suppressed(const Finding& finding) const;

 private:
  struct Range {
    Span span;                    // the instruction the comment applies to
    std::set<std::string> rules;  // rule ids
    std::size_t comment_begin;    // the first directive comment above it
  };
  static bool joins_across_directive(const Fix& fix, const Range& range);

  std::set<std::string> global_;
  std::vector<Range> ranges_;
};

}  // namespace dfopt
