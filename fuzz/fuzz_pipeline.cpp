// The whole pipeline with every rule and unsafe fixes: no crash; when the input is a valid
// Dockerfile, the output is one too, and fixing the output again changes nothing.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "engine/optimizer.h"
#include "transforms/registry.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 64 * 1024) return 0;  // big inputs only slow the search down
  std::string input(reinterpret_cast<const char*>(data), size);
  dfopt::OptimizeOptions options;
  options.apply_unsafe_fixes = true;
  dfopt::OptimizeResult first = dfopt::optimize(input, "Dockerfile", dfopt::all_rules(), options);
  if (!first.errors.empty()) {
    if (first.output != input) std::abort();  // rejected input is never changed
    return 0;
  }
  if (!first.internal_errors.empty()) std::abort();  // a fix produced an unparsable file
  dfopt::OptimizeResult second = dfopt::optimize(first.output, "Dockerfile", dfopt::all_rules(), options);
  if (!second.errors.empty()) std::abort();
  if (second.output != first.output) std::abort();  // not idempotent
  return 0;
}
