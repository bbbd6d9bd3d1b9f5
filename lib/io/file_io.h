#pragma once
// Reading Dockerfiles with a defined outcome for every kind of bad input, and replacing them
// atomically so that a crash or a full disk never leaves a truncated file.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

namespace dfopt {

constexpr std::uintmax_t kDefaultMaxFileSize = 10u * 1024 * 1024;

struct ReadOutcome {
  std::optional<std::string> content;
  std::string error;  // set when content is empty: "not a regular file", "binary file", ...
  // Standard input only, when it was refused: the bytes read before the refusal, and whether
  // more is left unread (over the size limit), so a filter can pass its input on unchanged.
  std::string refused_input;
  bool input_left_unread = false;
};

// Reads a whole file. Refuses directories and other non-regular files, files larger than
// `max_size`, and files with NUL bytes (binary); follows symlinks but reports loops.
ReadOutcome read_text_file(const std::filesystem::path& path, std::uintmax_t max_size);

// Reads all of standard input, with the same size and binary checks; a refused input keeps what
// was read in `refused_input`.
ReadOutcome read_standard_input(std::uintmax_t max_size);

// Replaces `path` with `content`: writes a temporary file beside it, flushes it to disk, gives
// it the original's mode (and owner, when permitted), then renames it over the original. Fails
// without touching the original when the file no longer holds `expected` (changed since read).
// Returns an error message, or nothing on success.
std::optional<std::string> replace_file_atomically(const std::filesystem::path& path,
                                                   const std::string& content,
                                                   const std::string& expected);

// Creates `path` holding `content`, never replacing a file: the content is written and flushed
// to a temporary file beside it, then hard-linked into place (which fails if `path` exists). A
// file that already holds exactly `content` counts as success (another Dockerfile of the same
// context created it). Returns an error message, or nothing on success.
std::optional<std::string> create_file_exclusively(const std::filesystem::path& path,
                                                   const std::string& content);

}  // namespace dfopt
