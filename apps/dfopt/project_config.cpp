#include "project_config.h"

#include <boost/program_options.hpp>
#include <fstream>
#include <sstream>

#include "rules/rule_selection.h"
#include "transforms/registry.h"

namespace dfopt::cli {
namespace fs = std::filesystem;
namespace po = boost::program_options;

namespace {

constexpr const char* kConfigName = ".dfopt.ini";

std::vector<std::string> split_commas(const std::vector<std::string>& values) {
  std::vector<std::string> out;
  for (const std::string& value : values) {
    std::stringstream ss(value);
    for (std::string item; std::getline(ss, item, ',');) {
      item.erase(0, item.find_first_not_of(" \t"));
      item.erase(item.find_last_not_of(" \t") + 1);
      if (!item.empty()) out.push_back(item);
    }
  }
  return out;
}

// ":N" for the first line of `file` that holds `text`, else "".
std::string line_naming(const fs::path& file, std::string_view text) {
  if (text.empty()) return "";
  std::ifstream in(file);
  int number = 0;
  for (std::string line; std::getline(in, line);) {
    ++number;
    if (line.find(text) != std::string::npos) return ":" + std::to_string(number);
  }
  return "";
}

// The text quoted in `message` ("unknown rule selector 'DF9'" -> "DF9").
std::string_view quoted(std::string_view message) {
  std::size_t open = message.find('\''), close = message.rfind('\'');
  return open == std::string_view::npos || close <= open + 1 ? "" : message.substr(open + 1, close - open - 1);
}

std::string option_error(const po::error_with_option_name& e, const std::string& key) {
  std::string name = key.empty() ? "" : " '" + key + "'";
  if (dynamic_cast<const po::unknown_option*>(&e)) return "unknown setting" + name;
  if (dynamic_cast<const po::validation_error*>(&e)) return "invalid value for" + name;
  if (dynamic_cast<const po::multiple_occurrences*>(&e)) return "setting" + name + " is given more than once";
  if (dynamic_cast<const po::invalid_syntax*>(&e)) return "malformed line" + (key.empty() ? "" : " at" + name);
  return "invalid setting" + name;
}

}  // namespace

ProjectConfig read_project_config(const fs::path& file) {
  ProjectConfig config;
  config.file = file;
  std::ifstream in(file);
  if (!in) throw std::invalid_argument(file.string() + ": cannot read the configuration");
  std::vector<std::string> select, ignore, exclude;
  po::options_description keys;
  keys.add_options()("select", po::value(&select)->composing())("ignore", po::value(&ignore)->composing())(
      "exclude", po::value(&exclude)->composing())("unsafe-fixes", po::value<bool>())(
      "run-merge", po::value<std::string>());
  po::variables_map vm;
  try {
    po::store(po::parse_config_file(in, keys, /*allow_unregistered=*/false), vm);
    po::notify(vm);
  } catch (const po::error_with_option_name& e) {
    // Not e.what(): Boost substitutes the key and value into its message until no placeholder
    // is left, which never ends when they contain one ("%canonical_option%").
    std::string key = e.get_option_name();
    throw std::invalid_argument(file.string() + line_naming(file, key) + ": " + option_error(e, key));
  } catch (const po::error& e) {
    throw std::invalid_argument(file.string() + ": " + e.what());
  }
  config.select = split_commas(select);
  config.ignore = split_commas(ignore);
  // An unknown rule is the file's error, at the line that names it.
  try {
    (void)select_rules(all_rules(), RuleSelection{config.select, config.ignore});
  } catch (const std::invalid_argument& e) {
    throw std::invalid_argument(file.string() + line_naming(file, quoted(e.what())) + ": " + e.what());
  }
  config.exclude = exclude;
  if (vm.count("unsafe-fixes")) config.unsafe_fixes = vm["unsafe-fixes"].as<bool>();
  if (vm.count("run-merge")) {
    config.run_merge = vm["run-merge"].as<std::string>();
    if (*config.run_merge != "paragraph" && *config.run_merge != "adjacent")
      throw std::invalid_argument(file.string() + ": run-merge takes 'paragraph' or 'adjacent'");
  }
  return config;
}

const ProjectConfig& ConfigResolver::config_in(const fs::path& folder) {
  auto it = by_folder_.find(folder);
  if (it != by_folder_.end()) return it->second;
  ProjectConfig config;
  std::error_code ec;
  if (fs::is_regular_file(folder / kConfigName, ec)) config = read_project_config(folder / kConfigName);
  else if (folder.has_parent_path() && folder.parent_path() != folder) config = config_in(folder.parent_path());
  return by_folder_.emplace(folder, std::move(config)).first->second;
}

const EffectiveSettings& ConfigResolver::settings_for(const fs::path& dockerfile) {
  std::lock_guard lock(mutex_);
  std::error_code ec;
  fs::path folder = fs::absolute(dockerfile, ec).parent_path().lexically_normal();
  auto found = settings_.find(folder);
  if (found != settings_.end()) return found->second;

  ProjectConfig config;
  if (options_.config_file) {
    if (by_folder_.find("") == by_folder_.end()) by_folder_.emplace("", read_project_config(*options_.config_file));
    config = by_folder_.at("");
  } else if (!options_.no_config) {
    config = config_in(folder);
  }
  EffectiveSettings settings;
  settings.config_file = config.file;
  // As in ruff: a --select on the command line starts the selection afresh (the file's select
  // and ignore no longer apply); otherwise --ignore adds to the file's.
  if (options_.selection.select.empty()) {
    settings.selection.select = config.select;
    settings.selection.ignore = config.ignore;
  } else {
    settings.selection.select = options_.selection.select;
  }
  settings.selection.ignore.insert(settings.selection.ignore.end(), options_.selection.ignore.begin(),
                                   options_.selection.ignore.end());
  settings.exclude = config.exclude;
  settings.exclude.insert(settings.exclude.end(), options_.exclude.begin(), options_.exclude.end());
  settings.unsafe_fixes = options_.unsafe_fixes || config.unsafe_fixes.value_or(false);
  settings.rule_options = options_.rule_options;
  if (config.run_merge && !settings.rule_options.count("consecutive-run.policy"))
    settings.rule_options["consecutive-run.policy"] = *config.run_merge;
  settings.rules = select_rules(all_rules(), settings.selection);
  return settings_.emplace(folder, std::move(settings)).first->second;
}

std::string describe(const EffectiveSettings& settings) {
  std::string out = "config file: " + (settings.config_file ? settings.config_file->string() : "(none)") + "\n";
  out += "unsafe-fixes: " + std::string(settings.unsafe_fixes ? "true" : "false") + "\n";
  auto policy = settings.rule_options.find("consecutive-run.policy");
  out += "run-merge: " + (policy == settings.rule_options.end() ? std::string("paragraph") : policy->second) + "\n";
  out += "exclude:";
  for (const std::string& e : settings.exclude) out += " " + e;
  out += "\nrules:";
  for (const Rule* rule : settings.rules) out += " " + std::string(rule->info().id);
  return out + "\n";
}

}  // namespace dfopt::cli
