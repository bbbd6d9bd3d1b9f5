// Corpus-wide checks of the whole fixing pipeline (design brief §6): outputs parse, a second run
// changes nothing, and nothing changes that no rule meant to change.
#include <catch2/catch.hpp>

#include "engine/optimizer.h"
#include "syntax/parser.h"
#include "syntax/text.h"
#include "test_support.h"
#include "transforms/registry.h"

using namespace dfopt;
using namespace dfopt::test;

namespace {

struct Tally {
  std::size_t files = 0, changed = 0, reparse_failures = 0, not_idempotent = 0, unexpected = 0;
  std::string first_problem;
  void problem(std::size_t& counter, const std::string& what) {
    ++counter;
    if (first_problem.empty()) first_problem = what;
  }
};

// The only change today's rules make: an ADD keyword becomes COPY. Everything else - directives,
// BOM, comments, blank lines, every other instruction, line endings, final newline - must be
// byte-identical, node for node.
bool only_intended_changes(const Document& before, const Document& after) {
  if (before.nodes.size() != after.nodes.size()) return false;
  for (std::size_t i = 0; i < before.nodes.size(); ++i) {
    const Node& a = before.nodes[i];
    const Node& b = after.nodes[i];
    if (a.kind != b.kind) return false;
    std::string_view ta = before.text(a.span), tb = after.text(b.span);
    if (ta == tb) continue;
    if (a.kind != NodeKind::Instruction) return false;
    const Instruction& ia = a.instruction->trigger ? *a.instruction->trigger : *a.instruction;
    const Instruction& ib = b.instruction->trigger ? *b.instruction->trigger : *b.instruction;
    if (ia.keyword != Keyword::Add || ib.keyword != Keyword::Copy) return false;
    if (ia.arguments != ib.arguments || ia.flags.size() != ib.flags.size()) return false;
    std::string rebuilt(ta);
    rebuilt.replace(ia.keyword_span.begin - a.span.begin, ia.keyword_span.size(), ib.keyword_text);
    if (rebuilt != tb) return false;
  }
  return true;
}

}  // namespace

TEST_CASE("corpus: fixes re-parse, are idempotent and change only what rules intend", "[corpus]") {
  for (bool unsafe : {false, true}) {
    OptimizeOptions options;
    options.apply_unsafe_fixes = unsafe;
    Tally tally;
    for (const auto& path : files_under(corpus_dir() / "real")) {
      if (path.extension() != ".Dockerfile") continue;
      std::string input = read_file(path);
      Document before = parse_dockerfile(input, path.string());
      if (!before.errors.empty()) continue;
      ++tally.files;
      OptimizeResult first = optimize(input, path.string(), all_rules(), options);
      REQUIRE(first.internal_errors.empty());
      if (first.output == input) continue;
      ++tally.changed;
      Document after = parse_dockerfile(first.output, path.string());
      if (!after.errors.empty()) tally.problem(tally.reparse_failures, path.string());
      if (optimize(first.output, path.string(), all_rules(), options).output != first.output)
        tally.problem(tally.not_idempotent, path.string());
      if (!only_intended_changes(before, after)) tally.problem(tally.unexpected, path.string());
    }
    INFO("unsafe fixes: " << unsafe << "; first problem: " << tally.first_problem);
    CHECK(tally.files > 9000);
    CHECK(tally.changed > 0);
    CHECK(tally.reparse_failures == 0);
    CHECK(tally.not_idempotent == 0);
    CHECK(tally.unexpected == 0);
  }
}
