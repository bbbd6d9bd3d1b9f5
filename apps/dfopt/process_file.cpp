#include "process_file.h"

#include <exception>
#include <new>

#include <spdlog/spdlog.h>

#include "context/path_probe.h"
#include "diff/unified_diff.h"
#include "engine/optimizer.h"
#include "io/file_io.h"
#include "io/temp_files.h"
#include "report/formats.h"

namespace dfopt::cli {
namespace fs = std::filesystem;
namespace {

std::string fixes_text(const std::map<std::string, int>& fixes) {
  std::string out;
  for (const auto& [id, n] : fixes) out += (out.empty() ? "" : ", ") + id + " x" + std::to_string(n);
  return out;
}

std::string errors_text(const std::string& path, const FileReport& report) {
  std::string out;
  for (const ReportedError& e : report.errors) {
    out += path;
    if (e.position) out += ":" + std::to_string(e.position->line) + ":" + std::to_string(e.position->column);
    out += ": error: " + e.message + "\n";
  }
  return out;
}

std::string findings_text(const std::string& path, const FileReport& report) {
  std::string out;
  for (const ReportedFinding& f : report.findings) {
    out += path + ":" + std::to_string(f.position.line) + ":" + std::to_string(f.position.column) +
           ": " + f.rule_id + " " + f.message;
    if (f.fix == FixSafety::Unsafe) out += " [unsafe fix: --unsafe-fixes]";
    out += "\n";
  }
  return out;
}

// Whether standard input's text goes to standard output: not for --check, and not when a JSON,
// SARIF or Checkstyle document owns standard output.
bool echoes_input(const CliOptions& options) {
  return options.mode != Mode::Check &&
         (options.output_format == "text" || options.output_format == "github");
}


// --fix: the new text over the file, then the files the fixes create. What could not be written
// is the file's error, and is not counted: no fix of a file whose rewrite failed, no fix whose
// new file could not be created (nor is it listed as created).
void write_fixes(const Input& input, const OptimizeResult& result, const std::string& original,
                 const FileIdentity& read_as, FileOutcome& outcome) {
  auto report_error = [&](const std::string& path, const std::string& message) {
    outcome.report.errors.push_back({std::nullopt, message});
    outcome.err += path + ": error: " + message + "\n";
    outcome.failed = true;
  };
  // Stale temporary files of an interrupted run are removed even where nothing is written now.
  remove_stale_temp_files(fs::path(input.path).parent_path());
  bool text_changed = result.output != original;
  if (text_changed) {
    WriteResult written = replace_file_atomically(input.path, result.output, original, read_as);
    if (written.error) report_error(input.path, *written.error);
    if (!written.written) {
      outcome.changed = false;
      outcome.report.changed = false;
      outcome.report.fixes_applied.clear();
      outcome.report.created_files.clear();
      return;  // a created file belongs with the rewrite
    }
  }
  std::vector<std::string> created;
  for (const NewFile& file : result.new_files) {
    WriteResult written = create_file_exclusively(file.path, file.content);
    if (written.error) report_error(file.path.string(), *written.error);
    if (written.written) {
      remember_created_file(file.path);
      created.push_back(file.path.string());
    } else if (auto it = outcome.report.fixes_applied.find(file.rule_id);
               it != outcome.report.fixes_applied.end() && --it->second <= 0) {
      outcome.report.fixes_applied.erase(it);
    }
  }
  outcome.report.created_files = std::move(created);
  outcome.changed = outcome.report.changed = text_changed || !outcome.report.created_files.empty();
}

// The work of process_file, which may throw. `original` receives the input once it is read.
FileOutcome process_file_unguarded(const Input& input, const CliOptions& options,
                                   const EffectiveSettings& settings, std::string& original) {
  const std::vector<const Rule*>& rules = settings.rules;
  FileOutcome outcome;
  outcome.report.path = input.path;
  bool text = options.output_format == "text";
  ReadOutcome read = input.is_stdin ? read_standard_input(options.max_file_size)
                                    : read_text_file(input.path, options.max_file_size);
  if (!read.content) {
    outcome.failed = true;
    outcome.report.errors.push_back({std::nullopt, read.error});
    outcome.err = errors_text(input.path, outcome.report);
    // A filter never swallows its input, whatever the reason for refusing it.
    if (input.is_stdin && echoes_input(options)) {
      outcome.out = std::move(read.refused_input);
      outcome.echo_rest_of_standard_input = read.input_left_unread;
    }
    return outcome;
  }
  original = std::move(*read.content);

  OptimizeOptions optimize_options;
  optimize_options.apply_unsafe_fixes = settings.unsafe_fixes;
  optimize_options.context.options = settings.rule_options;
  optimize_options.context.build_context = build_context_of(input, options);

  OptimizeResult result = optimize(original, input.path, rules, optimize_options);
  outcome.report = make_file_report(input.path, result, original, rules);
  if (options.severity == "warning")
    std::erase_if(outcome.report.findings,
                  [](const ReportedFinding& f) { return f.severity != "warning"; });
  if (!result.errors.empty()) {
    outcome.failed = true;
    outcome.err = errors_text(input.path, outcome.report);
    // A filter never swallows its input: what came in goes out unchanged.
    if (input.is_stdin && echoes_input(options)) outcome.out = original;
    return outcome;
  }
  if (!result.converged) {
    // Writing a text that fixing would change again helps no one: the file is left alone.
    outcome.failed = true;
    outcome.report.changed = false;
    outcome.report.fixes_applied.clear();
    outcome.report.created_files.clear();
    outcome.report.errors.push_back(
        {std::nullopt, "the fixes did not settle in " + std::to_string(optimize_options.max_rounds) +
                           " rounds (a rule keeps rewriting its own output; please report it); nothing is changed"});
    outcome.err = errors_text(input.path, outcome.report);
    if (input.is_stdin && echoes_input(options)) outcome.out = original;
    return outcome;
  }
  outcome.err = errors_text(input.path, outcome.report);  // internal errors, if any
  outcome.rule_errors = !result.internal_errors.empty();
  outcome.changed = outcome.report.changed;
  spdlog::debug("{}: {} bytes, {} findings, {}", input.path, original.size(),
                result.findings.size(), outcome.changed ? "changed" : "unchanged");

  if (input.is_stdin) {
    // json/sarif/checkstyle own standard output: one document, no file text before it.
    if (echoes_input(options)) outcome.out = result.output;
    if (text) outcome.err += findings_text(input.path, outcome.report);
    else if (options.output_format == "github") outcome.err += render_github(outcome.report);
    return outcome;
  }
  bool text_changed = result.output != original;
  switch (options.mode) {
    case Mode::Diff:
      if (text_changed && text)
        outcome.out += unified_diff(original, result.output, "a/" + input.path, "b/" + input.path);
      for (const NewFile& file : result.new_files)
        if (text) outcome.out += unified_diff("", file.content, "/dev/null", "b/" + file.path.string());
      break;
    case Mode::Check:
      if (outcome.changed && text)
        outcome.out += input.path + ": would be rewritten (" + fixes_text(result.fixes_applied) + ")\n";
      break;
    case Mode::Fix:
      write_fixes(input, result, original, read.identity, outcome);
      break;
  }
  if (text) outcome.out += findings_text(input.path, outcome.report);
  else if (options.output_format == "github") outcome.out += render_github(outcome.report);
  return outcome;
}

}  // namespace

std::optional<fs::path> build_context_of(const Input& input, const CliOptions& options) {
  if (options.context) return fs::path(*options.context);
  if (input.is_stdin && input.path == "-") return std::nullopt;
  fs::path parent = fs::path(input.path).parent_path();
  return parent.empty() ? fs::path(".") : parent;
}

std::string exception_text(const std::exception_ptr& error) {
  try {
    if (error) std::rethrow_exception(error);
    return "unknown exception";
  } catch (const std::bad_alloc&) {
    return "out of memory";
  } catch (const std::exception& e) {
    return e.what();
  } catch (...) {
    return "unknown exception";
  }
}

std::string failure_message(const std::exception_ptr& error) {
  std::string text = exception_text(error);
  return text == "out of memory" ? text : "internal error: " + text;
}

FileOutcome failed_outcome(const Input& input, const CliOptions& options, const std::string& message,
                           const std::string* input_text) {
  FileOutcome outcome;
  outcome.failed = true;
  outcome.report.path = input.path;
  outcome.report.errors.push_back({std::nullopt, message});
  outcome.err = errors_text(input.path, outcome.report);
  // A filter never swallows its input: what came in goes out unchanged.
  if (input.is_stdin && input_text && echoes_input(options)) outcome.out = *input_text;
  return outcome;
}

FileOutcome process_file(const Input& input, const CliOptions& options,
                         const EffectiveSettings& settings) {
  std::string original;
  std::exception_ptr error;
  try {
    return process_file_unguarded(input, options, settings, original);
  } catch (...) {
    error = std::current_exception();
  }
  // Outside the handler, so that what the failed work held (a bad_alloc's memory) is released.
  std::string message = failure_message(error);
  error = nullptr;
  return failed_outcome(input, options, message, original.empty() ? nullptr : &original);
}

}  // namespace dfopt::cli
