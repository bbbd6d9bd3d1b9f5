// Every rule is documented in one place: its doc beside its code, rendered into docs/rules/.
#include <catch2/catch.hpp>

#include <regex>
#include <set>

#include "rules/rule_doc.h"
#include "test_support.h"
#include "transforms/registry.h"

using namespace dfopt;
using namespace dfopt::test;

TEST_CASE("rules: ids, names and docs are well formed and unique", "[rules]") {
  std::set<std::string> ids, names;
  for (const Rule* rule : all_rules()) {
    const RuleInfo& info = rule->info();
    INFO(info.id);
    CHECK(std::regex_match(std::string(info.id), std::regex("DF[0-9]{3}")));
    CHECK(std::regex_match(std::string(info.name), std::regex("[a-z0-9]+(-[a-z0-9]+)*")));
    CHECK(ids.insert(std::string(info.id)).second);
    CHECK(names.insert(std::string(info.name)).second);
    CHECK_FALSE(info.summary.empty());
    for (std::string_view section : {"## What it does", "## Why is this bad?", "## Example",
                                     "## Use instead", "## Fix safety"})
      CHECK(info.doc.find(section) != std::string_view::npos);
  }
}

TEST_CASE("rules: docs/rules pages are the rendered rule docs", "[rules]") {
  // Regenerate with: for r in $(dfopt --list-rules | awk 'NR>1{print $1}'); do ...; see docs/README.md
  for (const Rule* rule : all_rules()) {
    auto page = test_data_dir().parent_path() / "docs" / "rules" / rule_doc_file_name(rule->info());
    INFO(page.string());
    REQUIRE(std::filesystem::exists(page));
    CHECK(read_file(page) == render_rule_doc(rule->info()));
  }
}
