#include "analysis/copy_paths.h"

#include <fnmatch.h>

#include <array>
#include <variant>

#include "shell/variable_expansion.h"

namespace dfopt {

std::string clean_path(std::string_view path) {
  bool absolute = path.starts_with('/');
  std::vector<std::string_view> parts;
  std::size_t i = 0;
  while (i < path.size()) {
    std::size_t slash = path.find('/', i);
    if (slash == std::string_view::npos) slash = path.size();
    std::string_view part = path.substr(i, slash - i);
    i = slash + 1;
    if (part.empty() || part == ".") continue;
    if (part == "..") {
      if (!parts.empty() && parts.back() != "..") parts.pop_back();
      else if (!absolute) parts.push_back(part);
      continue;
    }
    parts.push_back(part);
  }
  std::string out = absolute ? "/" : "";
  for (std::size_t k = 0; k < parts.size(); ++k) {
    if (k > 0) out += '/';
    out += parts[k];
  }
  return out.empty() ? "." : out;
}

bool is_ancestor_or_self(std::string_view ancestor, std::string_view path) {
  if (ancestor == "/") return path.starts_with('/');
  return path.starts_with(ancestor) &&
         (path.size() == ancestor.size() || path[ancestor.size()] == '/');
}

std::string common_ancestor(std::string_view a, std::string_view b) {
  std::size_t last_slash = 0, i = 0;
  while (i < a.size() && i < b.size() && a[i] == b[i]) {
    if (a[i] == '/') last_slash = i;
    ++i;
  }
  // A whole component in common: "/srv/app" and "/srv/app/x", or equal paths.
  if ((i == a.size() && (i == b.size() || b[i] == '/')) || (i == b.size() && a[i] == '/'))
    return std::string(a.substr(0, i));
  return last_slash == 0 ? "/" : std::string(a.substr(0, last_slash));
}

std::optional<std::string> literal_copy_argument(std::string_view word, char escape) {
  ExpansionOptions options;
  options.escape = escape;
  if (references_variables(word, options)) return std::nullopt;
  auto expanded = expand_word(word, {}, options);
  if (auto* value = std::get_if<std::string>(&expanded)) return *value;
  return std::nullopt;
}

std::optional<std::string> copy_destination(const Instruction& copy, char escape,
                                            const std::optional<std::string>& workdir) {
  if (copy.arguments.size() < 2) return std::nullopt;
  auto dest = literal_copy_argument(copy.arguments.back(), escape);
  if (!dest || dest->empty()) return std::nullopt;
  if (dest->starts_with('/')) return clean_path(*dest);
  if (!workdir) return std::nullopt;
  return clean_path(*workdir + "/" + *dest);
}

bool destination_names_directory(std::string_view destination) {
  return destination == "." || destination.ends_with('/');
}

std::vector<std::string_view> copy_sources(const Instruction& copy) {
  std::vector<std::string_view> out;
  for (std::size_t i = 0; i + 1 < copy.arguments.size(); ++i) out.push_back(copy.arguments[i]);
  return out;
}

bool is_whole_context_source(std::string_view source) {
  return source == "." || source == "./" || source == "/" || source == "*" || source == "./*";
}

namespace {

constexpr std::array<std::string_view, 28> kManifests = {
    "package.json",     "package-lock.json", "npm-shrinkwrap.json", "yarn.lock",
    "pnpm-lock.yaml",   "pnpm-workspace.yaml", "requirements.txt", "Pipfile",
    "Pipfile.lock",     "poetry.lock",       "pyproject.toml",      "go.mod",
    "go.sum",           "go.work",           "go.work.sum",         "Cargo.toml",
    "Cargo.lock",       "pom.xml",           "build.gradle",        "build.gradle.kts",
    "settings.gradle",  "settings.gradle.kts", "Gemfile",           "Gemfile.lock",
    "composer.json",    "composer.lock",     ".npmrc",              ".yarnrc",
};

bool is_manifest_name(std::string_view name) {
  for (std::string_view m : kManifests)
    if (name == m) return true;
  // requirements-dev.txt, requirements_test.txt
  return name.starts_with("requirements") && name.ends_with(".txt");
}

}  // namespace

bool is_dependency_manifest(std::string_view file_name) {
  std::size_t glob = file_name.find_first_of("*?[");
  if (glob == std::string_view::npos) return is_manifest_name(file_name);
  if (glob < 3) return false;
  std::string pattern(file_name);
  for (std::string_view m : kManifests)
    if (fnmatch(pattern.c_str(), std::string(m).c_str(), 0) == 0) return true;
  return fnmatch(pattern.c_str(), "requirements.txt", 0) == 0;
}

}  // namespace dfopt
