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

bool write_all(int fd, const std::string& content) {
  std::size_t done = 0;
  while (done < content.size()) {
    ssize_t n = ::write(fd, content.data() + done, content.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    done += static_cast<std::size_t>(n);
  }
  return true;
}

}  // namespace

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

std::optional<std::string> replace_file_atomically(const fs::path& path, const std::string& content,
                                                   const std::string& expected) {
  // Resolve symlinks so the link stays a link and its target gets the new content.
  std::error_code ec;
  fs::path target = fs::canonical(path, ec);
  if (ec) return "cannot resolve path: " + ec.message();

  ReadOutcome current = read_text_file(target, expected.size() + 1);
  if (!current.content || *current.content != expected)
    return std::string("file changed since it was read; not overwritten");

  struct stat st {};
  if (::stat(target.c_str(), &st) != 0) return errno_message(errno);

  std::string temp = (target.parent_path() / ("." + target.filename().string() + ".dfopt-XXXXXX")).string();
  int fd = ::mkstemp(temp.data());
  if (fd < 0) return "cannot create a temporary file beside it: " + errno_message(errno);

  auto fail = [&](const std::string& what) {
    int saved = errno;
    ::close(fd);
    ::unlink(temp.c_str());
    return std::optional<std::string>(what + ": " + errno_message(saved));
  };
  if (!write_all(fd, content)) return fail("cannot write the new content");
  if (::fchmod(fd, st.st_mode & 07777) != 0) return fail("cannot keep the file mode");
  if (::fchown(fd, st.st_uid, st.st_gid) != 0 && errno != EPERM)
    return fail("cannot keep the file owner");
  if (::fsync(fd) != 0) return fail("cannot flush the new content");
  if (::close(fd) != 0) {
    int saved = errno;
    ::unlink(temp.c_str());
    return "cannot close the temporary file: " + errno_message(saved);
  }
  if (::rename(temp.c_str(), target.c_str()) != 0) {
    int saved = errno;
    ::unlink(temp.c_str());
    return "cannot replace the file: " + errno_message(saved);
  }
  // Make the rename itself durable.
  int dir = ::open(target.parent_path().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir >= 0) {
    ::fsync(dir);
    ::close(dir);
  }
  return std::nullopt;
}

std::optional<std::string> create_file_exclusively(const std::filesystem::path& path,
                                                   const std::string& content) {
  std::filesystem::path temp = path;
  temp += ".dfopt-new-" + std::to_string(::getpid());
  int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) return std::string("cannot create ") + temp.string() + ": " + std::strerror(errno);
  bool ok = ::write(fd, content.data(), content.size()) == static_cast<ssize_t>(content.size()) &&
            ::fsync(fd) == 0;
  ok = ::close(fd) == 0 && ok;
  if (!ok) {
    int saved = errno;
    ::unlink(temp.c_str());
    return std::string("cannot write ") + temp.string() + ": " + std::strerror(saved);
  }
  int linked = ::link(temp.c_str(), path.c_str());
  int saved = errno;
  ::unlink(temp.c_str());
  if (linked == 0) return std::nullopt;
  if (saved == EEXIST) {
    ReadOutcome existing = read_text_file(path, content.size() + 1);
    if (existing.content && *existing.content == content) return std::nullopt;
    return "exists already; not replaced";
  }
  return std::string("cannot create: ") + std::strerror(saved);
}

}  // namespace dfopt
