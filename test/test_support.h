#pragma once
// Shared helpers for the tests: fixture paths, the corpus location, running the dfopt binary.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "syntax/syntax_tree.h"

namespace dfopt::test {

// $DFOPT_CORPUS, else ../shared/corpus beside the checkout.
std::filesystem::path corpus_dir();
// test/ in the source tree.
std::filesystem::path test_data_dir();

std::string read_file(const std::filesystem::path& path);
void write_file(const std::filesystem::path& path, const std::string& content);

// Every regular file below `dir` (sorted), optionally only those with a given file name.
std::vector<std::filesystem::path> files_under(const std::filesystem::path& dir,
                                               const std::string& file_name = "");

// Prints the tree back: the concatenation of every node's bytes.
std::string print_tree(const Document& doc);

// Quotes a word for /bin/sh.
std::string shell_quote(const std::string& s);

struct CommandResult {
  int exit_code = -1;  // -1 when a signal ended it
  int signal = 0;      // the signal that ended it, or 0
  std::string out;
  std::string err;
  long max_rss_kb = 0;  // the process's peak resident memory
};

struct RunOptions {
  std::string stdin_text;
  std::filesystem::path stdin_path;             // read from this file instead of stdin_text
  std::filesystem::path working_directory;      // empty: the test's own
  std::optional<std::uint64_t> file_size_limit;  // RLIMIT_FSIZE in bytes, as `ulimit -f` sets
  std::optional<unsigned> cpu_seconds;           // RLIMIT_CPU: a longer run is killed
  std::filesystem::path stdout_path;            // empty: captured into CommandResult::out
  bool close_stdout = false;                    // start dfopt with descriptor 1 closed
  std::optional<unsigned> user;                 // run as this uid (and its primary group), from root
};

// The uid and gid of `nobody`, to drop root in permission tests; nothing when it is unknown.
std::optional<std::pair<unsigned, unsigned>> nobody_ids();
// Runs the built dfopt with `args`, feeding `stdin_text`.
CommandResult run_dfopt(const std::vector<std::string>& args, const std::string& stdin_text = "");
CommandResult run_dfopt(const std::vector<std::string>& args, const RunOptions& options);

// A fresh empty directory under the system temp dir, removed when the object dies.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

}  // namespace dfopt::test
