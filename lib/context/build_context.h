#pragma once
// What the build context (the folder `docker build` sends) can tell a rule about COPY/ADD sources.
#include <filesystem>
#include <optional>
#include <string_view>

namespace dfopt {

// File names ADD might unpack: tar, and tar compressed with gzip, bzip2, xz or zstd.
bool has_archive_name(std::string_view path);

// A source that may stand for several files or for a value known only at build time.
bool has_glob_or_variable(std::string_view path);

// Remote sources ADD downloads or clones: http(s)/ftp/git URLs and scp-like git addresses.
bool is_remote_source(std::string_view path);

enum class SourceKind { Missing, Directory, Archive, PlainFile, Unreadable };

// Looks at `source` (relative to the context root, as COPY/ADD resolve it) and, for a regular
// file, at its first bytes: ADD detects archives by content, not by name.
SourceKind inspect_source(const std::filesystem::path& context, std::string_view source);

}  // namespace dfopt
