#include "test_support.h"

#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
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
  RunOptions options;
  options.stdin_text = stdin_text;
  return run_dfopt(args, options);
}

std::optional<std::pair<unsigned, unsigned>> nobody_ids() {
  if (const struct passwd* pw = ::getpwnam("nobody")) return std::pair<unsigned, unsigned>(pw->pw_uid, pw->pw_gid);
  return std::nullopt;
}

// fork + exec rather than system(), so that wait4 reports the peak memory of dfopt itself and
// limits can be set for it alone.
CommandResult run_dfopt(const std::vector<std::string>& args, const RunOptions& options) {
  TempDir tmp;
  const fs::path in = tmp.path() / "stdin", out = tmp.path() / "out", err = tmp.path() / "err";
  if (options.stdin_path.empty()) write_file(in, options.stdin_text);
  std::vector<std::string> argv_storage{"dfopt"};
  argv_storage.insert(argv_storage.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (std::string& arg : argv_storage) argv.push_back(arg.data());
  argv.push_back(nullptr);

  pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    auto redirect = [](const fs::path& path, int flags, int target) {
      int fd = ::open(path.c_str(), flags, 0644);
      if (fd < 0 || ::dup2(fd, target) < 0) ::_exit(126);
      ::close(fd);
    };
    redirect(options.stdin_path.empty() ? in : options.stdin_path, O_RDONLY, STDIN_FILENO);
    if (options.close_stdout) ::close(STDOUT_FILENO);
    else redirect(options.stdout_path.empty() ? out : options.stdout_path, O_WRONLY | O_CREAT | O_TRUNC, STDOUT_FILENO);
    redirect(err, O_WRONLY | O_CREAT | O_TRUNC, STDERR_FILENO);
    if (!options.working_directory.empty() && ::chdir(options.working_directory.c_str()) != 0)
      ::_exit(126);
    if (options.file_size_limit) {
      struct rlimit limit {static_cast<rlim_t>(*options.file_size_limit),
                           static_cast<rlim_t>(*options.file_size_limit)};
      if (::setrlimit(RLIMIT_FSIZE, &limit) != 0) ::_exit(126);
    }
    if (options.cpu_seconds) {
      struct rlimit limit {static_cast<rlim_t>(*options.cpu_seconds),
                           static_cast<rlim_t>(*options.cpu_seconds)};
      if (::setrlimit(RLIMIT_CPU, &limit) != 0) ::_exit(126);
    }
    if (options.user) {
      const struct passwd* pw = ::getpwuid(*options.user);
      gid_t group = pw ? pw->pw_gid : *options.user;
      if (::setgroups(0, nullptr) != 0 || ::setgid(group) != 0 || ::setuid(*options.user) != 0)
        ::_exit(125);
    }
    ::execv(DFOPT_BINARY, argv.data());
    ::_exit(127);
  }
  int status = 0;
  struct rusage usage {};
  while (::wait4(pid, &status, 0, &usage) < 0)
    if (errno != EINTR) throw std::runtime_error("wait4 failed");
  CommandResult result;
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  result.signal = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
  result.max_rss_kb = usage.ru_maxrss;
  if (fs::exists(out)) result.out = read_file(out);
  result.err = read_file(err);
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
