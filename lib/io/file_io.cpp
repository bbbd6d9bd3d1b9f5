#include "io/file_io.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace dfopt {
namespace fs = std::filesystem;

namespace {

std::string errno_message(int error) { return std::strerror(error); }

std::string size_error(std::uintmax_t max_size) {
  return "file is larger than the limit of " + std::to_string(max_size) +
         " bytes (--max-file-size)";
}

bool has_nul(const std::string& text) { return text.find('\0') != std::string::npos; }

// Reads everything from `fd`, stopping once more than `max_size` bytes arrived. What was read
// before a failure is left in `partial` when it is given.
std::optional<std::string> read_all(int fd, std::uintmax_t max_size, std::string& error,
                                    std::string* partial = nullptr) {
  std::string out;
  auto refuse = [&](std::string message) {
    error = std::move(message);
    if (partial) *partial = std::move(out);
    return std::nullopt;
  };
  char buffer[1 << 16];
  for (;;) {
    ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0) {
      if (errno == EINTR) continue;
      return refuse(errno_message(errno));
    }
    if (n == 0) break;
    out.append(buffer, static_cast<std::size_t>(n));
    if (out.size() > max_size) return refuse(size_error(max_size));
  }
  return out;
}

}  // namespace

FileIdentity file_identity(const struct ::stat& st) {
  return {static_cast<std::uint64_t>(st.st_dev), static_cast<std::uint64_t>(st.st_ino),
          static_cast<std::int64_t>(st.st_size),
          static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec,
          static_cast<std::int64_t>(st.st_ctim.tv_sec) * 1000000000 + st.st_ctim.tv_nsec};
}

ReadOutcome read_text_file(const fs::path& path, std::uintmax_t max_size) {
  ReadOutcome outcome;
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) {
    int error = errno;
    struct stat link {};
    if (error == ELOOP) outcome.error = "too many levels of symbolic links (a symlink loop?)";
    else if (error == ENOENT && ::lstat(path.c_str(), &link) == 0 && S_ISLNK(link.st_mode))
      outcome.error = "dangling symbolic link (its target does not exist)";
    else outcome.error = errno_message(error);
    return outcome;
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    outcome.error = errno_message(errno);
  } else if (S_ISDIR(st.st_mode)) {
    outcome.error = "is a directory";
  } else if (!S_ISREG(st.st_mode)) {
    outcome.error = "not a regular file";
  } else if (static_cast<std::uintmax_t>(st.st_size) > max_size) {
    outcome.error = size_error(max_size);
  } else {
    ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_NONBLOCK);
    outcome.identity = file_identity(st);
    outcome.content = read_all(fd, max_size, outcome.error);
  }
  ::close(fd);
  if (outcome.content && has_nul(*outcome.content)) {
    outcome.content.reset();
    outcome.error = "binary file (contains NUL bytes), not a Dockerfile";
  }
  return outcome;
}

ReadOutcome read_standard_input(std::uintmax_t max_size) {
  ReadOutcome outcome;
  outcome.content = read_all(STDIN_FILENO, max_size, outcome.error, &outcome.refused_input);
  if (!outcome.content) outcome.input_left_unread = outcome.error == size_error(max_size);
  if (outcome.content && has_nul(*outcome.content)) {
    outcome.refused_input = std::move(*outcome.content);
    outcome.content.reset();
    outcome.error = "binary input (contains NUL bytes), not a Dockerfile";
  }
  return outcome;
}


}  // namespace dfopt
