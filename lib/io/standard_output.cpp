#include "io/standard_output.h"

#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <mutex>

namespace dfopt {

namespace {

std::mutex mutex;
std::optional<std::string> first_error;  // guarded by mutex

void keep_error(std::string message) {
  if (!first_error) first_error = std::move(message);
}

// Waits until `fd` takes more (a non-blocking standard output that is full for now).
void wait_writable(int fd) {
  struct pollfd p {fd, POLLOUT, 0};
  while (::poll(&p, 1, -1) < 0 && errno == EINTR) {
  }
}

bool write_all_locked(std::string_view text) {
  if (first_error) return false;
  while (!text.empty()) {
    ssize_t n = ::write(STDOUT_FILENO, text.data(), text.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      if (errno == EAGAIN || errno == EWOULDBLOCK) {
        wait_writable(STDOUT_FILENO);
        continue;
      }
      keep_error(std::strerror(errno));
      return false;
    }
    text.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

}  // namespace

void ensure_standard_descriptors() {
  for (int fd = 0; fd <= 2; ++fd) {
    if (::fcntl(fd, F_GETFD) != -1 || errno != EBADF) continue;
    int opened = ::open("/dev/null", fd == STDERR_FILENO ? O_WRONLY : O_RDONLY);
    if (opened >= 0 && opened != fd) {
      ::dup2(opened, fd);
      ::close(opened);
    }
  }
}

bool write_standard_output(std::string_view text) {
  std::lock_guard lock(mutex);
  return write_all_locked(text);
}

bool copy_rest_of_standard_input() {
  std::lock_guard lock(mutex);
  char buffer[1 << 16];
  for (;;) {
    ssize_t n = ::read(STDIN_FILENO, buffer, sizeof buffer);
    if (n < 0) {
      if (errno == EINTR) continue;
      keep_error(std::string("reading standard input: ") + std::strerror(errno));
      return false;
    }
    if (n == 0) return !first_error;
    if (!write_all_locked(std::string_view(buffer, static_cast<std::size_t>(n)))) return false;
  }
}

std::optional<std::string> finish_standard_output() {
  std::lock_guard lock(mutex);
  // std::cout writes through to stdio's stdout (sync_with_stdio), whose flush tells the errno.
  errno = 0;
  if (std::fflush(stdout) != 0 || std::ferror(stdout))
    keep_error(errno ? std::strerror(errno) : "write error");
  std::cout.flush();
  if (std::cout.bad()) keep_error("write error");
  // fclose reports what only the close shows (a quota or NFS error); stdout is not used again.
  errno = 0;
  if (std::fclose(stdout) != 0) keep_error(errno ? std::strerror(errno) : "close error");
  return first_error;
}

}  // namespace dfopt
