#include "run.h"

#include <algorithm>
#include <chrono>
#include <fnmatch.h>
#include <fstream>
#include <unistd.h>
#include <cstdio>
#include <exception>
#include <iostream>
#include <map>
#include <set>

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include "context/path_probe.h"
#include "io/discovery.h"
#include "io/file_io.h"
#include "io/standard_output.h"
#include "ordered_parallel.h"
#include "process_file.h"
#include "project_config.h"
#include "report/formats.h"
#include "rules/rule_doc.h"
#include "rules/rule_selection.h"
#include "shell/run_script.h"
#include "shell/shell_dump.h"
#include "syntax/buildkit_dump.h"
#include "syntax/parser.h"
#include "syntax/tree_dump.h"
#include "transforms/registry.h"

namespace dfopt::cli {
namespace fs = std::filesystem;

namespace {

constexpr int kExitClean = 0;
constexpr int kExitFindings = 1;
constexpr int kExitError = 2;

struct Totals {
  int scanned = 0, changed = 0, unchanged = 0, failed = 0, findings = 0;
  int rule_errors = 0;  // files processed despite a rule's internal error (exit 2 still)
  int failing_findings = 0;  // at or above --fail-on
  std::map<std::string, int> fixes;
};

// Sorted by id, columns as wide as their longest entry.
void print_rule_list() {
  std::vector<const Rule*> rules = all_rules();
  std::sort(rules.begin(), rules.end(),
            [](const Rule* a, const Rule* b) { return a->info().id < b->info().id; });
  int name_width = 4;
  for (const Rule* rule : rules)
    name_width = std::max(name_width, static_cast<int>(rule->info().name.size()));
  // fix: the safeties its fixes can have (or report-only); available: whether every finding
  // has a fix (always), some do (sometimes) or none (none).
  std::printf("%-6s %-*s %-12s %-10s %-8s %-8s %s\n", "id", name_width, "name", "fix", "available",
              "severity", "default", "references");
  for (const Rule* rule : rules) {
    const RuleInfo& info = rule->info();
    std::string refs;
    for (auto ref : info.references) refs += (refs.empty() ? "" : ", ") + std::string(ref);
    std::printf("%-6s %-*s %-12s %-10s %-8s %-8s %s\n", std::string(info.id).c_str(), name_width,
                std::string(info.name).c_str(), fix_label(info).c_str(),
                std::string(fix_availability_name(info.fix)).c_str(),
                std::string(severity_name(info.severity)).c_str(),
                info.enabled_by_default ? "on" : "off", refs.empty() ? "-" : refs.c_str());
  }
}

bool excluded(const fs::path& path, const std::vector<std::string>& patterns) {
  std::string full = path.lexically_normal().generic_string();
  std::string name = path.filename().string();
  for (const std::string& pattern : patterns)
    if (fnmatch(pattern.c_str(), full.c_str(), 0) == 0 || fnmatch(pattern.c_str(), name.c_str(), 0) == 0)
      return true;
  return false;
}

// The command-line paths (and --files-from lists) as the files to process, minus --exclude.
std::vector<Input> collect_inputs(const CliOptions& options, ConfigResolver& configs, Totals& totals) {
  std::vector<std::string> paths = options.paths;
  if (options.files_from) {
    std::ifstream file;
    std::istream& in = *options.files_from == "-" ? std::cin : (file.open(*options.files_from), file);
    if (!in) {
      std::cerr << *options.files_from << ": error: cannot read the file list\n";
      ++totals.failed;
    }
    for (std::string line; std::getline(in, line);) {
      if (!line.empty() && line.back() == '\r') line.pop_back();
      if (!line.empty()) paths.push_back(line);
    }
  }
  std::vector<Input> inputs;
  for (const std::string& p : paths) {
    if (p == "-") {
      inputs.push_back({options.stdin_filename.value_or("-"), true});
      continue;
    }
    DiscoveredFiles found = discover({fs::path(p)});
    for (const std::string& error : found.errors) {
      std::cerr << error << "\n";
      ++totals.failed;
    }
    for (const fs::path& f : found.files)
      if (!excluded(f, configs.settings_for(f).exclude))
        inputs.push_back({f.lexically_normal().string(), false});
  }
  return inputs;
}

ReadOutcome read_input(const Input& input, const CliOptions& options) {
  return input.is_stdin ? read_standard_input(options.max_file_size)
                        : read_text_file(input.path, options.max_file_size);
}

void report_syntax_errors(const Input& input, std::string_view text,
                          const std::vector<SyntaxError>& errors) {
  LineIndex lines(text);
  for (const SyntaxError& e : errors) {
    Position p = lines.position(e.offset);
    std::cerr << input.path << ":" << p.line << ":" << p.column << ": error: " << e.message << "\n";
  }
}

// One line per shell-form RUN: its line number and its shell tree.
std::string shell_dump(const Document& doc) {
  std::string out;
  for (const Node* node : doc.instructions())
    if (auto run = parse_run_script(*node->instruction))
      out += std::to_string(doc.position(node->instruction->keyword_span.begin).line) + ": " +
             dump_shell(run->shell) + "\n";
  return out;
}

int run_dump(const CliOptions& options) {
  Totals totals;
  int status = kExitClean;
  ConfigResolver configs(options);
  for (const Input& input : collect_inputs(options, configs, totals)) {
    std::exception_ptr error;
    try {
      ReadOutcome read = read_input(input, options);
      if (!read.content) {
        std::cerr << input.path << ": error: " << read.error << "\n";
        status = kExitError;
        continue;
      }
      Document doc = parse_dockerfile(std::move(*read.content), input.path);
      report_syntax_errors(input, doc.source(), doc.errors);
      if (!doc.errors.empty()) {
        status = kExitError;
        continue;
      }
      if (*options.dump == "buildkit") write_standard_output(buildkit_dump(doc));
      else if (*options.dump == "tree") write_standard_output(tree_dump(doc));
      else write_standard_output(shell_dump(doc));
    } catch (...) {
      error = std::current_exception();
    }
    if (error) {  // one file's failure does not end the run
      std::cerr << input.path << ": error: " << failure_message(error) << "\n";
      status = kExitError;
    }
  }
  return totals.failed ? kExitError : status;
}

// "[1234/9181] files" on one refreshed stderr line, for long runs on a terminal.
class ProgressLine {
 public:
  explicit ProgressLine(bool enabled) : enabled_(enabled) {}
  void update(int done, std::size_t total) {
    if (!enabled_ || (done % 50 != 0 && static_cast<std::size_t>(done) != total)) return;
    std::fprintf(stderr, "\r[%d/%zu] files", done, total);
    shown_ = true;
  }
  // Before other output, so it never lands behind the counter.
  void finish() {
    if (shown_) std::fprintf(stderr, "\r\033[K");
    shown_ = false;
  }

 private:
  bool enabled_;
  bool shown_ = false;
};

std::string fixes_text(const std::map<std::string, int>& fixes) {
  std::string out;
  for (const auto& [id, n] : fixes) out += (out.empty() ? "" : ", ") + id + " x" + std::to_string(n);
  return out;
}

// ruff-style statistics: per rule, findings left and fixes applied, most frequent first.
std::string statistics_text(const std::map<std::string, int>& findings, const std::map<std::string, int>& fixes) {
  std::map<std::string, std::pair<int, int>> per_rule;
  for (const auto& [id, n] : findings) per_rule[id].first = n;
  for (const auto& [id, n] : fixes) per_rule[id].second = n;
  std::vector<std::pair<std::string, std::pair<int, int>>> rows(per_rule.begin(), per_rule.end());
  std::stable_sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) {
    return a.second.first + a.second.second > b.second.first + b.second.second;
  });
  char line[256];
  std::snprintf(line, sizeof line, "%8s %8s  %-6s %s\n", "findings", "fixed", "rule", "name");
  std::string out = line;
  for (const auto& [id, counts] : rows) {
    const Rule* rule = find_rule(id);
    std::snprintf(line, sizeof line, "%8d %8d  %-6s %s\n", counts.first, counts.second, id.c_str(),
                  rule ? std::string(rule->info().name).c_str() : "");
    out += line;
  }
  return out;
}

// Each file once, in the order given, so parallel --fix never writes one file twice.
std::vector<Input> unique_inputs(std::vector<Input> inputs) {
  std::set<std::string> seen;
  std::vector<Input> out;
  for (Input& input : inputs)
    if (input.is_stdin || seen.insert(input.path).second) out.push_back(std::move(input));
  return out;
}

// Whether --fix may create files for this input (DF307's .dockerignore with --unsafe-fixes).
bool may_create_files(const Input& input, const EffectiveSettings& settings, const CliOptions& options) {
  if (options.mode != Mode::Fix || input.is_stdin) return false;
  return std::any_of(settings.rules.begin(), settings.rules.end(), [&](const Rule* rule) {
    const RuleInfo& info = rule->info();
    return info.creates_files && (info.fix_safeties.safe || settings.unsafe_fixes);
  });
}

// The files one job works through in order: those that may create a file in the same build
// context go together, so the first creates it and the others see it, as with one job (the
// output is then the same for any --jobs); every other file on its own.
std::vector<std::vector<std::size_t>> chains_by_created_files(
    const std::vector<Input>& inputs, const std::vector<const EffectiveSettings*>& settings,
    const CliOptions& options) {
  std::vector<std::vector<std::size_t>> chains;
  std::map<std::string, std::size_t> chain_of_context;
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    std::optional<fs::path> context = build_context_of(inputs[i], options);
    if (!context || !may_create_files(inputs[i], *settings[i], options)) {
      chains.push_back({i});
      continue;
    }
    std::error_code ec;
    std::string key = fs::absolute(*context, ec).lexically_normal().string();
    if (!key.empty() && key.back() == '/' && key.size() > 1) key.pop_back();
    auto [it, added] = chain_of_context.try_emplace(key, chains.size());
    if (added) chains.emplace_back();
    chains[it->second].push_back(i);
  }
  return chains;
}

}  // namespace

int run(const CliOptions& options) {
  if (options.help) {
    std::cout << options.help_text;
    return kExitClean;
  }
  if (options.version) {
    std::cout << "dfopt " << DFOPT_VERSION << "\n";
    return kExitClean;
  }
  if (options.list_rules) {
    print_rule_list();
    return kExitClean;
  }
  if (options.explain) {
    const Rule* rule = find_rule(*options.explain);
    if (!rule) {
      std::cerr << "dfopt: unknown rule '" << *options.explain << "'\n";
      return kExitError;
    }
    std::cout << render_rule_doc(rule->info());
    return kExitClean;
  }
  if (options.dump) return run_dump(options);
  if (options.show_config) {
    ConfigResolver configs(options);
    std::string where = options.paths.empty() ? "Dockerfile" : options.paths.front();
    if (fs::is_directory(where)) where = (fs::path(where) / "Dockerfile").string();
    std::cout << describe(configs.settings_for(where));
    return kExitClean;
  }

  auto logger = spdlog::stderr_color_mt("dfopt");  // thread-safe: workers log too
  logger->set_pattern("dfopt: %v");
  logger->set_level(options.verbose ? spdlog::level::debug : spdlog::level::warn);
  spdlog::set_default_logger(logger);

  auto start = std::chrono::steady_clock::now();
  const PathProbeCache probe_cache;  // build-context lookups are remembered for this run
  Totals totals;
  // Configuration errors surface here, before any file is touched.
  ConfigResolver configs(options);
  std::vector<Input> inputs = unique_inputs(collect_inputs(options, configs, totals));
  std::vector<const EffectiveSettings*> settings;
  for (const Input& input : inputs) settings.push_back(&configs.settings_for(input.path == "-" ? "Dockerfile" : input.path));
  std::vector<const Rule*> rules = select_rules(all_rules(), options.selection);  // for SARIF
  std::vector<FileReport> reports;  // for the formats that print one document at the end
  std::map<std::string, int> finding_counts;
  bool whole_document = options.output_format == "json" || options.output_format == "sarif" ||
                        options.output_format == "checkstyle";
  ProgressLine progress(options.progress && !options.quiet && isatty(STDERR_FILENO) &&
                        inputs.size() >= 100);
  run_ordered_chains<FileOutcome>(
      chains_by_created_files(inputs, settings, options), inputs.size(), options.jobs,
      [&](std::size_t i) { return process_file(inputs[i], options, *settings[i]); },
      [&](FileOutcome outcome) {
        totals.rule_errors += outcome.rule_errors && !outcome.failed;
        if (!outcome.out.empty() || !outcome.err.empty()) progress.finish();
        write_standard_output(outcome.out);
        if (outcome.echo_rest_of_standard_input) copy_rest_of_standard_input();
        std::cerr << outcome.err;
        ++totals.scanned;
        totals.failed += outcome.failed;
        totals.changed += outcome.changed;
        // Neither: a file replaced whose folder then could not be flushed is changed and failed.
        totals.unchanged += !outcome.changed && !outcome.failed;
        totals.findings += static_cast<int>(outcome.report.findings.size());
        for (const ReportedFinding& f : outcome.report.findings)
          totals.failing_findings += options.fail_on == "info" || f.severity == options.fail_on;
        progress.update(totals.scanned, inputs.size());
        for (const auto& [id, n] : outcome.report.fixes_applied) totals.fixes[id] += n;
        for (const ReportedFinding& f : outcome.report.findings) ++finding_counts[f.rule_id];
        if (whole_document) reports.push_back(std::move(outcome.report));
      },
      // process_file reports its own failures; this catches what escapes even that.
      [&](std::size_t i, const std::exception_ptr& error) {
        return failed_outcome(inputs[i], options, failure_message(error));
      });
  progress.finish();
  if (options.output_format == "json") write_standard_output(render_json(reports));
  if (options.output_format == "sarif") write_standard_output(render_sarif(reports, rules, DFOPT_VERSION));
  if (options.output_format == "checkstyle") write_standard_output(render_checkstyle(reports));
  if (options.statistics) write_standard_output(statistics_text(finding_counts, totals.fixes));
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  bool only_stdin = options.paths.size() == 1 && options.paths.front() == "-";
  if (!options.quiet && !only_stdin) {
    const char* verb = options.mode == Mode::Fix ? "changed" : "would change";
    std::fprintf(stderr, "dfopt: %d files scanned, %d %s, %d unchanged, %d failed; %d findings", totals.scanned,
                 totals.changed, verb, totals.unchanged, totals.failed,
                 totals.findings);
    if (!totals.fixes.empty()) std::fprintf(stderr, "; fixes: %s", fixes_text(totals.fixes).c_str());
    if (totals.rule_errors)
      std::fprintf(stderr, "; %d with internal errors of rules", totals.rule_errors);
    std::fprintf(stderr, " (%.3f s)\n", seconds);
  }
  if (totals.failed || totals.rule_errors) return kExitError;
  if (options.fail_on == "never") return kExitClean;
  if (totals.failing_findings) return kExitFindings;
  if (totals.changed && options.mode != Mode::Fix) return kExitFindings;
  return kExitClean;
}

}  // namespace dfopt::cli
