#pragma once
// What a COPY or ADD reads and where it writes, as far as the Dockerfile itself settles it:
// image paths compared lexically, destinations resolved against the known WORKDIR, sources that
// stand for the whole build context, and the dependency manifests that change rarely.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "syntax/syntax_tree.h"

namespace dfopt {

// Lexically cleaned path, as Go's path.Clean: "/a/./b//c/../d/" -> "/a/b/d"; ".." never climbs
// above "/" of an absolute path; "" -> ".".
std::string clean_path(std::string_view path);

// True when `ancestor` is `path` itself or one of its parent directories (clean absolute paths).
bool is_ancestor_or_self(std::string_view ancestor, std::string_view path);

// The deepest directory that holds both clean absolute paths ("/srv" for /srv/app and /srv/lib).
std::string common_ancestor(std::string_view a, std::string_view b);

// A COPY/ADD argument as the builder sees it: quotes and escapes removed. nullopt when it
// references a variable or cannot be expanded.
std::optional<std::string> literal_copy_argument(std::string_view word, char escape);

// The destination of a COPY/ADD, absolute and clean: relative ones resolve against `workdir`.
// nullopt when it holds a variable, or is relative and the working directory is unknown.
std::optional<std::string> copy_destination(const Instruction& copy, char escape,
                                            const std::optional<std::string>& workdir);

// BuildKit's rule: a destination ending in "/" (or exactly ".") names a directory that the
// sources are copied into.
bool destination_names_directory(std::string_view destination);

// The sources of a COPY/ADD (every argument but the last).
std::vector<std::string_view> copy_sources(const Instruction& copy);

// A source that stands for the whole build context: ".", "./", "/", "*", "./*".
bool is_whole_context_source(std::string_view source);

// Dependency manifests and lock files, by file name: package.json, package-lock.json, yarn.lock,
// pnpm-lock.yaml, requirements*.txt, Pipfile*, poetry.lock, pyproject.toml, go.mod/go.sum,
// Cargo.toml/Cargo.lock, pom.xml, build.gradle*, settings.gradle*, Gemfile*, composer.*.
// A glob counts when it starts with at least three literal characters and matches one of them
// ("package*.json", "requirements*.txt"), not when it matches anything ("*.json").
bool is_dependency_manifest(std::string_view file_name);

}  // namespace dfopt
