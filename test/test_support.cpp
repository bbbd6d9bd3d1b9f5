#include "test_support.h"

#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>

namespace dfopt::test {
namespace fs = std::filesystem;

fs::path corpus_dir() {
  if (const char* env = std::getenv("DFOPT_CORPUS"); env && *env) return env;
  return DFOPT_DEFAULT_CORPUS;
}

fs::path test_data_dir() { return DFOPT_TEST_DATA; }

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path.string());
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void write_file(const fs::path& path, const std::string& content) {
  std::ofstream out(path, std::ios::binary);
  out << content;
}

std::vector<fs::path> files_under(const fs::path& dir, const std::string& file_name) {
  std::vector<fs::path> files;
  for (const auto& entry : fs::recursive_directory_iterator(dir))
    if (entry.is_regular_file() && (file_name.empty() || entry.path().filename() == file_name))
      files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  return files;
}

std::string print_tree(const Document& doc) {
  std::string out;
  for (const Node& node : doc.nodes) out += doc.text(node.span);
  return out;
}

std::string shell_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'') out += "'\\''";
    else out += c;
  }
  return out + "'";
}

CommandResult run_dfopt(const std::vector<std::string>& args, const std::string& stdin_text) {
  TempDir tmp;
  write_file(tmp.path() / "stdin", stdin_text);
  std::string command = shell_quote(DFOPT_BINARY);
  for (const auto& arg : args) command += " " + shell_quote(arg);
  command += " <" + shell_quote((tmp.path() / "stdin").string()) + " >" +
             shell_quote((tmp.path() / "out").string()) + " 2>" +
             shell_quote((tmp.path() / "err").string());
  int status = std::system(command.c_str());
  CommandResult result;
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  result.out = read_file(tmp.path() / "out");
  result.err = read_file(tmp.path() / "err");
  return result;
}

TempDir::TempDir() {
  std::random_device rd;
  for (int attempt = 0; attempt < 100; ++attempt) {
    fs::path candidate = fs::temp_directory_path() / ("dfopt-test-" + std::to_string(rd()));
    if (fs::create_directory(candidate)) {
      path_ = candidate;
      return;
    }
  }
  throw std::runtime_error("cannot create a temporary directory");
}

TempDir::~TempDir() {
  std::error_code ec;
  fs::permissions(path_, fs::perms::owner_all, fs::perm_options::add, ec);
  fs::remove_all(path_, ec);
}

}  // namespace dfopt::test
