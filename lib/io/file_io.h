#pragma once
// Reading Dockerfiles with a defined outcome for every kind of bad input, and replacing them
// atomically so that a crash, a signal or a full disk never leaves a truncated file, a file
// with another owner or mode, or a stray temporary file. docs/write-path.md has the details and
// the faults tried (through io/write_faults.h).
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

struct stat;

namespace dfopt {

constexpr std::uintmax_t kDefaultMaxFileSize = 10u * 1024 * 1024;

// Which file, in which state: what the changed-since-read check compares.
struct FileIdentity {
  std::uint64_t device = 0, inode = 0;
  std::int64_t size = -1;
  std::int64_t mtime_ns = 0, ctime_ns = 0;
  bool operator==(const FileIdentity&) const = default;
};

FileIdentity file_identity(const struct ::stat& st);

struct ReadOutcome {
  std::optional<std::string> content;
  FileIdentity identity;  // of the file read (its target, through symlinks)
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

// What a write did: `written` once the new content is in place (an error may still follow: the
// folder could not be flushed), `error` when something failed.
struct WriteResult {
  bool written = false;
  std::optional<std::string> error;
};

// Replaces `path` (through symlinks: its target) with `content`, or fails and leaves it exactly
// as it was. Refused up front: a file this user may not write (for root: one with no write bit,
// like 0444), one with more than one hard link (a new file in its place would split them), one
// that is no longer the file read (`read_as`). Then a temporary file beside it (O_TMPFILE where
// the file system has it, else a registered ".NAME.dfopt-PID-N") gets the content, the
// original's owner and group (failing that, even with EPERM, nothing is replaced), extended
// attributes and mode, and is flushed to disk; last, immediately before the rename over the
// original, the original is compared again with what was read (identity and bytes). The folder
// is flushed after the rename.
WriteResult replace_file_atomically(const std::filesystem::path& path, const std::string& content,
                                    const std::string& expected,
                                    const std::optional<FileIdentity>& read_as);

// Creates `path` holding `content`, never replacing a file: the content is written and flushed
// to an unnamed (O_TMPFILE) or uniquely named temporary file beside it, then hard-linked into
// place (which fails if `path` exists). A file that already holds exactly `content` counts as
// success.
WriteResult create_file_exclusively(const std::filesystem::path& path, const std::string& content);

}  // namespace dfopt
