// DF502 env-key-value: the legacy `ENV key value` form becomes `ENV key=value`.
#include "rewrite/instruction_edits.h"
#include "syntax/words.h"
#include "transforms/registry.h"

namespace dfopt {
namespace {

constexpr std::string_view kDoc = R"md(## What it does
Rewrites the legacy `ENV key value` form as `ENV key=value`, quoting the value when it holds
blanks.

## Why is this bad?
In the legacy form the whole rest of the line is the value, so `ENV A 1 B 2` sets `A` to
`1 B 2`, which is rarely what the author meant, and the form cannot set several variables at
once. Docker's reference discourages it and BuildKit warns (LegacyKeyValueFormat).

## Example
```dockerfile
ENV JAVA_HOME /usr/lib/jvm/java-17
ENV GREETING hello world
```

## Use instead
```dockerfile
ENV JAVA_HOME=/usr/lib/jvm/java-17
ENV GREETING="hello world"
```

## Fix safety
Safe: the variable gets exactly the same value. The value text is kept as written when it is
already one word (its quotes and variables then mean what they meant before); a value with
blanks is wrapped in double quotes only when it contains no quotes or escape characters of its
own. Other values, and keys that are not plain names (letters, digits, `_`, `.`, `-`), are
reported without a fix.
)md";

const RuleInfo kInfo{
    .id = "DF502",
    .name = "env-key-value",
    .summary = "Use ENV key=value instead of the legacy ENV key value form",
    .doc = kDoc,
    .fix = FixAvailability::Sometimes,
    .fix_safeties = {.safe = true},
    .severity = Severity::Info,
    .references = {"BuildKit: LegacyKeyValueFormat"},
};

// A text that, as the value of `key=...`, expands to what `raw` gave in the legacy form.
std::optional<std::string> key_value_text(std::string_view raw, char escape) {
  std::vector<Word> words = split_quoted_words(raw, escape);
  if (words.size() == 1 && words.front().text == raw) return std::string(raw);
  if (raw.find_first_of(std::string("\"'") + escape) == std::string_view::npos)
    return "\"" + std::string(raw) + "\"";
  return std::nullopt;
}

class EnvKeyValue final : public Rule {
 public:
  const RuleInfo& info() const override { return kInfo; }

  void check(const Document& doc, const RuleContext&, std::vector<Finding>& findings) const override {
    for (const Node* node : doc.instructions()) {
      const Instruction& ins = *node->instruction;
      if (ins.keyword != Keyword::Env || ins.arguments.size() != 3 || !ins.arguments[2].empty())
        continue;
      const std::string& key = ins.arguments[0];
      // Found by fuzz_pipeline: a key holding quotes or escapes would read differently in the
      // key=value form. Plain names only.
      bool plain_key = !key.empty() && key.find_first_not_of(
                                           "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                                           "0123456789_.-") == std::string::npos;
      Finding finding{std::string(kInfo.id), ins.keyword_span.begin,
                      "legacy ENV form: use ENV " + key + "=...", std::nullopt};
      auto value = key_value_text(ins.arguments[1], doc.escape);
      auto text = instruction_text_span(doc, *node, ins, ins.arguments_offset);
      if (plain_key && value && text) finding.fix = Fix{FixSafety::Safe, {{*text, key + "=" + *value}}};
      findings.push_back(std::move(finding));
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_env_key_value() { return std::make_unique<EnvKeyValue>(); }

}  // namespace dfopt
