#pragma once
// One file through the pipeline: read, optimize, and everything the run prints about it,
// collected instead of printed so files can be processed in parallel and shown in order.
#include <exception>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "cli_options.h"
#include "project_config.h"
#include "report/file_report.h"
#include "rules/rule.h"

namespace dfopt::cli {

struct Input {
  std::string path;  // as shown to the user; "-" for standard input
  bool is_stdin = false;
};

struct FileOutcome {
  std::string out;  // for standard output
  std::string err;  // for standard error
  bool failed = false;
  bool rule_errors = false;  // a rule failed on it (OptimizeResult::internal_errors); the rest applied
  bool changed = false;
  // A refused standard input too large to hold: after `out`, the rest of standard input is
  // copied to standard output unread, so the filter passes its whole input on.
  bool echo_rest_of_standard_input = false;
  FileReport report;
};

// Whatever is thrown while reading, parsing, optimizing, diffing or reporting the file becomes
// the file's error, "PATH: error: internal error: WHAT" ("PATH: error: out of memory" for
// std::bad_alloc), and the file counts as failed; the other files are not affected.
FileOutcome process_file(const Input& input, const CliOptions& options,
                         const EffectiveSettings& settings);

// The build context the rules see for `input`: --context, else the Dockerfile's folder; none for
// plain standard input.
std::optional<std::filesystem::path> build_context_of(const Input& input, const CliOptions& options);

// "out of memory" for std::bad_alloc, what() for other exceptions.
std::string exception_text(const std::exception_ptr& error);

// The error a file gets for an exception: "out of memory" for std::bad_alloc (running out is
// not a bug of dfopt's), "internal error: WHAT" for anything else.
std::string failure_message(const std::exception_ptr& error);

// A file that failed with `message` as its error. `input_text` (when it was read) is echoed for
// standard input, as for a file with a syntax error.
FileOutcome failed_outcome(const Input& input, const CliOptions& options, const std::string& message,
                           const std::string* input_text = nullptr);

}  // namespace dfopt::cli
