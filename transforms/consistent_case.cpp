// DF503 consistent-case: instruction keywords (and FROM's AS) in the case most of the file uses.
#include "rewrite/keyword_case.h"
#include "syntax/text.h"
#include "syntax/words.h"
#include "transforms/registry.h"

namespace dfopt {
namespace {

constexpr std::string_view kDoc = R"md(## What it does
Writes every instruction keyword in the case most of the file's keywords use (upper or lower),
and the `AS` of `FROM ... AS name` in the case of its `FROM`.

## Why is this bad?
Keywords are case-insensitive, but a file that mixes `RUN` and `run` is harder to scan, and
BuildKit warns when `FROM` and `as` differ in case (FromAsCasing) and when keywords are not
consistently cased (ConsistentInstructionCasing).

## Example
```dockerfile
FROM golang:1.22 as build
run go build ./...
COPY . .
```

## Use instead
```dockerfile
FROM golang:1.22 AS build
RUN go build ./...
COPY . .
```

## Fix safety
Safe: keywords are case-insensitive. Nothing is changed when neither case has a clear majority,
and keywords split by a line continuation are left alone.
)md";

const RuleInfo kInfo{
    .id = "DF503",
    .name = "consistent-case",
    .summary = "Write instruction keywords and FROM's AS in one case",
    .doc = kDoc,
    .fix = FixAvailability::Always,
    .fix_safeties = {.safe = true},
    .severity = Severity::Info,
    .references = {"BuildKit: ConsistentInstructionCasing", "BuildKit: FromAsCasing"},
};

enum class Case { Upper, Lower, Mixed };

Case case_of(std::string_view word) {
  bool upper = false, lower = false;
  for (char c : word) {
    if (c >= 'A' && c <= 'Z') upper = true;
    if (c >= 'a' && c <= 'z') lower = true;
  }
  return upper && !lower ? Case::Upper : lower && !upper ? Case::Lower : Case::Mixed;
}

std::string in_case(std::string_view word, Case wanted) {
  return wanted == Case::Upper ? to_upper(word) : to_lower(word);
}

class ConsistentCase final : public Rule {
 public:
  const RuleInfo& info() const override { return kInfo; }

  void check(const Document& doc, const RuleContext&, std::vector<Finding>& findings) const override {
    std::vector<const Instruction*> keywords;
    for (const Node* node : doc.instructions()) {
      keywords.push_back(node->instruction.get());
      if (node->instruction->trigger) keywords.push_back(node->instruction->trigger.get());
    }
    int upper = 0, lower = 0;
    for (const Instruction* ins : keywords) {
      Case c = case_of(ins->keyword_text);
      upper += c == Case::Upper;
      lower += c == Case::Lower;
    }
    std::optional<Case> wanted;
    if (upper > lower) wanted = Case::Upper;
    if (lower > upper) wanted = Case::Lower;
    for (const Instruction* ins : keywords) {
      if (wanted && case_of(ins->keyword_text) != *wanted &&
          ins->keyword_span.size() == ins->keyword_text.size()) {
        std::string fixed = in_case(ins->keyword_text, *wanted);
        findings.push_back({std::string(kInfo.id), ins->keyword_span.begin,
                            "keyword '" + ins->keyword_text + "': the file writes keywords as '" +
                                fixed + "'",
                            Fix{FixSafety::Safe, {{ins->keyword_span, fixed}}}});
      }
      if (ins->keyword == Keyword::From) check_as(*ins, wanted, findings);
    }
  }

 private:
  // FROM image AS name: AS follows the case FROM will have.
  static void check_as(const Instruction& from, std::optional<Case> wanted,
                       std::vector<Finding>& findings) {
    if (from.arguments.size() != 3) return;
    Case target = wanted.value_or(case_of(from.keyword_text));
    if (target == Case::Mixed) return;
    std::string_view text = from.arguments_text();
    std::vector<Word> words = split_fields(text);
    if (words.size() != 3 || !iequals(words[1].text, "as") || case_of(words[1].text) == target)
      return;
    auto offset = static_cast<std::size_t>(text.data() - from.line.text().data());
    Span span = from.line.to_source(offset + words[1].span.begin, offset + words[1].span.end);
    if (span.size() != 2) return;
    findings.push_back({std::string(kInfo.id), span.begin,
                        "'" + std::string(words[1].text) + "' does not match the case of FROM",
                        Fix{FixSafety::Safe, {{span, in_case(words[1].text, target)}}}});
  }
};

}  // namespace

std::unique_ptr<Rule> make_consistent_case() { return std::make_unique<ConsistentCase>(); }

}  // namespace dfopt
