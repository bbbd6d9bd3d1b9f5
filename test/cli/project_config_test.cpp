// A malformed .dfopt.ini is an error that names the file and, where it can, the line; no key or
// value in it can make reading it hang (two inputs the config fuzzer found).
#include <catch2/catch.hpp>

#include <stdexcept>
#include <string>

#include "dfopt/project_config.h"
#include "test_support.h"

using namespace dfopt;
using namespace dfopt::test;

namespace {
std::string error_reading(const std::string& text) {
  TempDir dir;
  const auto file = dir.path() / ".dfopt.ini";
  write_file(file, text);
  try {
    (void)cli::read_project_config(file);
  } catch (const std::invalid_argument& e) {
    std::string message = e.what();
    REQUIRE(message.starts_with(file.string()));
    return message.substr(file.string().size());
  }
  return "(no error)";
}
}  // namespace

TEST_CASE("config: an unknown rule names the file and its line", "[cli][config]") {
  CHECK(error_reading("# rules\nselect = DF9\n") == ":2: unknown rule selector 'DF9'");
  CHECK(error_reading("ignore = DF304, nosuch-rule\n") == ":1: unknown rule selector 'nosuch-rule'");
  CHECK(error_reading("select = DF1\nignore = DF304\n") == "(no error)");
}

TEST_CASE("config: keys and values that look like Boost's placeholders are reported, not expanded",
          "[cli][config]") {
  // Boost.Program_options replaces %canonical_option% in its messages until none is left.
  CHECK(error_reading("son '%canonical_option%'el = x\n") == ":1: unknown setting 'son '%canonical_option%'el'");
  CHECK(error_reading("unsafe-fixes = %canonical_option%\n") == ":1: invalid value for 'unsafe-fixes'");
  CHECK(error_reading("colour = blue\n") == ":1: unknown setting 'colour'");
  CHECK(error_reading("run-merge = sometimes\n") == ": run-merge takes 'paragraph' or 'adjacent'");
}
