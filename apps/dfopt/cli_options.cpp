#include "cli_options.h"

#include <algorithm>
#include <boost/program_options.hpp>
#include <charconv>
#include <limits>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "io/file_io.h"

namespace dfopt::cli {
namespace po = boost::program_options;

namespace {

// "--select DF1,DF2 --select DF3" -> {DF1, DF2, DF3}
std::vector<std::string> split_commas(const std::vector<std::string>& values) {
  std::vector<std::string> out;
  for (const std::string& value : values) {
    std::stringstream ss(value);
    for (std::string item; std::getline(ss, item, ',');)
      if (!item.empty()) out.push_back(item);
  }
  return out;
}

// A whole decimal number of at least `min` for `option`: digits only, so that "-1" is an error
// rather than the wrapped-around 18446744073709551615 an unsigned conversion would make of it.
template <typename Number>
Number parse_count(std::string_view option, const std::string& text, Number min) {
  Number value{};
  const char* end = text.data() + text.size();
  auto [stop, error] = std::from_chars(text.data(), end, value);
  bool digits_only = !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
    return c >= '0' && c <= '9';
  });
  if (!digits_only || error != std::errc() || stop != end || value < min)
    throw std::invalid_argument(std::string(option) + " takes a whole number from " +
                                std::to_string(min) + " to " +
                                std::to_string(std::numeric_limits<Number>::max()) + ", not '" +
                                text + "'");
  return value;
}

}  // namespace

CliOptions parse_command_line(int argc, const char* const argv[]) {
  CliOptions options;
  std::vector<std::string> select, ignore;

  po::options_description visible(
      "Usage: dfopt [options] PATH...\n"
      "Rewrites Dockerfiles following best practices. PATH may be a file, a folder (searched for\n"
      "Dockerfiles) or - for standard input (the result goes to standard output).\n\nOptions");
  visible.add_options()
      ("help,h", "show this help")
      ("version", "print the version")
      ("fix", "apply fixes to the files in place")
      ("check", "report findings and the files that would change; change nothing")
      ("diff", "print a unified diff of the fixes (the default)")
      ("unsafe-fixes", "also apply fixes that are unsafe in rare, documented cases")
      ("select", po::value(&select)->composing(), "rules to run: ids, names, id prefixes or ALL (comma-separated)")
      ("ignore", po::value(&ignore)->composing(), "rules not to run: ids, names, id prefixes or ALL")
      ("run-merge", po::value<std::string>(), "how DF102 groups RUNs: 'paragraph' (default: no blank line between) or 'adjacent'")
      ("context", po::value<std::string>(), "build context folder (default: each Dockerfile's folder)")
      ("max-file-size", po::value<std::string>()->default_value(std::to_string(kDefaultMaxFileSize)), "largest file read, in bytes")
      ("exclude", po::value(&options.exclude)->composing(), "skip files whose path or name matches this glob (repeatable)")
      ("files-from", po::value<std::string>(), "also process the paths listed in this file, one per line (- for standard input)")
      ("stdin-filename", po::value<std::string>(), "the name of the file given on standard input: shown in messages, its folder is the build context")
      ("config", po::value<std::string>(), "read settings from this file instead of the nearest .dfopt.ini")
      ("no-config", "ignore .dfopt.ini files")
      ("show-config", "print the settings that apply to PATH (default: the current folder) and exit")
      ("jobs,j", po::value<std::string>(), "files processed in parallel (default: all cores); output order stays the same")
      ("output-format", po::value<std::string>()->default_value("text"), "findings as 'text', 'json', 'sarif' (2.1.0), 'github' (workflow annotations) or 'checkstyle'")
      ("statistics", "print per-rule counts of findings and fixes")
      ("severity", po::value<std::string>()->default_value("info"), "report findings of at least this severity: 'info' (all) or 'warning'")
      ("fail-on", po::value<std::string>()->default_value("info"), "exit 1 for changes and findings of at least this severity: 'info', 'warning', or 'never' (exit 0 unless an error)")
      ("no-progress", "no progress line on stderr")
      ("quiet,q", "no summary line")
      ("verbose,v", "log what happens to each file on standard error")
      ("list-rules", "list the rules: id, name, fix safety and availability, severity, default, references")
      ("explain", po::value<std::string>(), "print the documentation of a rule")
      ("dump", po::value<std::string>(), "print the parse: 'buildkit' (BuildKit's test format), 'tree', or 'shell' (the RUN scripts' shell trees)");
  po::options_description hidden;
  hidden.add_options()("path", po::value(&options.paths)->composing());
  po::options_description all;
  all.add(visible).add(hidden);
  po::positional_options_description positional;
  positional.add("path", -1);

  po::variables_map vm;
  try {
    po::store(po::command_line_parser(argc, argv).options(all).positional(positional).run(), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    throw std::invalid_argument(e.what());
  }

  std::ostringstream help;
  help << visible;
  options.help_text = help.str();
  options.help = vm.count("help") > 0;
  options.version = vm.count("version") > 0;
  options.list_rules = vm.count("list-rules") > 0;
  options.unsafe_fixes = vm.count("unsafe-fixes") > 0;
  options.quiet = vm.count("quiet") > 0;
  options.statistics = vm.count("statistics") > 0;
  options.progress = vm.count("no-progress") == 0;
  options.severity = vm["severity"].as<std::string>();
  options.fail_on = vm["fail-on"].as<std::string>();
  if (options.severity != "info" && options.severity != "warning")
    throw std::invalid_argument("--severity takes 'info' or 'warning'");
  if (options.fail_on != "info" && options.fail_on != "warning" && options.fail_on != "never")
    throw std::invalid_argument("--fail-on takes 'info', 'warning' or 'never'");
  if (vm.count("config")) options.config_file = vm["config"].as<std::string>();
  options.no_config = vm.count("no-config") > 0;
  options.show_config = vm.count("show-config") > 0;
  if (vm.count("files-from")) options.files_from = vm["files-from"].as<std::string>();
  if (vm.count("stdin-filename")) options.stdin_filename = vm["stdin-filename"].as<std::string>();
  options.jobs = vm.count("jobs") ? parse_count("--jobs", vm["jobs"].as<std::string>(), 1u)
                                  : std::max(1u, std::thread::hardware_concurrency());
  options.output_format = vm["output-format"].as<std::string>();
  if (options.output_format != "text" && options.output_format != "json" &&
      options.output_format != "sarif" && options.output_format != "github" &&
      options.output_format != "checkstyle")
    throw std::invalid_argument("--output-format takes text, json, sarif, github or checkstyle");
  options.verbose = vm.count("verbose") > 0;
  options.max_file_size =
      parse_count<std::uintmax_t>("--max-file-size", vm["max-file-size"].as<std::string>(), 0);
  if (vm.count("context")) options.context = vm["context"].as<std::string>();
  if (vm.count("run-merge")) {
    std::string policy = vm["run-merge"].as<std::string>();
    if (policy != "paragraph" && policy != "adjacent")
      throw std::invalid_argument("--run-merge takes 'paragraph' or 'adjacent'");
    options.rule_options["consecutive-run.policy"] = policy;
  }
  if (vm.count("explain")) options.explain = vm["explain"].as<std::string>();
  if (vm.count("dump")) {
    options.dump = vm["dump"].as<std::string>();
    if (*options.dump != "buildkit" && *options.dump != "tree" && *options.dump != "shell")
      throw std::invalid_argument("--dump takes 'buildkit', 'tree' or 'shell'");
  }
  int modes = static_cast<int>(vm.count("fix") + vm.count("check") + vm.count("diff"));
  if (modes > 1) throw std::invalid_argument("--fix, --check and --diff exclude each other");
  if (vm.count("fix")) options.mode = Mode::Fix;
  if (vm.count("check")) options.mode = Mode::Check;
  options.selection.select = split_commas(select);
  options.selection.ignore = split_commas(ignore);

  bool needs_paths = !options.help && !options.version && !options.list_rules && !options.explain &&
                     !options.show_config;
  if (options.files_from == "-" && std::count(options.paths.begin(), options.paths.end(), "-"))
    throw std::invalid_argument("--files-from - and - both want standard input");
  if (needs_paths && options.paths.empty() && !options.files_from)
    throw std::invalid_argument("no PATH given (use - for standard input)");
  return options;
}

}  // namespace dfopt::cli
