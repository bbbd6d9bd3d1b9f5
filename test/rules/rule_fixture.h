#pragma once
// Running one rule on an input, as every rule test does: the result, the fixed text, and the two
// checks most rules share (idempotence, report without a fix).
#include <catch2/catch.hpp>

#include <filesystem>
#include <optional>
#include <string>

#include "engine/optimizer.h"
#include "transforms/registry.h"

namespace dfopt::test {

inline OptimizeResult run_rule(std::string_view id, const std::string& input, bool unsafe = false,
                               std::optional<std::filesystem::path> context = std::nullopt) {
  OptimizeOptions options;
  options.apply_unsafe_fixes = unsafe;
  options.context.build_context = std::move(context);
  const Rule* rule = find_rule(id);
  REQUIRE(rule != nullptr);
  return optimize(input, "Dockerfile", {rule}, options);
}

// Nothing is left to fix in the output, and a second run changes nothing.
inline void check_idempotent(std::string_view id, const std::string& input, bool unsafe = false) {
  INFO(input);
  OptimizeResult once = run_rule(id, input, unsafe);
  for (const Finding& f : once.findings) CHECK_FALSE(f.fix.has_value());
  CHECK(run_rule(id, once.output, unsafe).output == once.output);
}

// The input comes back unchanged with `count` findings of the rule, none with a fix.
inline void check_reported_only(std::string_view id, const std::string& input, std::size_t count = 1,
                                bool unsafe = false,
                                std::optional<std::filesystem::path> context = std::nullopt) {
  INFO(input);
  OptimizeResult result = run_rule(id, input, unsafe, std::move(context));
  CHECK(result.output == input);
  REQUIRE(result.findings.size() == count);
  for (const Finding& f : result.findings) {
    CHECK(f.rule_id == id);
    CHECK_FALSE(f.fix.has_value());
  }
}

}  // namespace dfopt::test
