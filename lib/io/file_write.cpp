// The write path: replace_file_atomically and create_file_exclusively (io/file_io.h). Every step
// asks io/write_faults.h first, so tests can make each one fail; docs/write-path.md lists them.
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <map>
#include <vector>

#include "io/file_io.h"
#include "io/temp_files.h"
#include "io/write_faults.h"

namespace dfopt {
namespace fs = std::filesystem;

namespace {

const std::string kChanged = "file changed since it was read; not overwritten";

std::string message(int error) { return std::strerror(error); }

std::string octal(unsigned mode) {
  char text[16];
  std::snprintf(text, sizeof text, "%04o", mode & 07777);
  return text;
}

// Runs `call` (which returns 0, or -1 with errno set) unless the hook injects a fault; returns 0
// or the errno.
template <typename Call>
int step(WriteStep which, const fs::path& target, Call call) {
  if (int injected = injected_fault(which, target)) return injected;
  return call() == 0 ? 0 : errno;
}

int write_all(int fd, const std::string& content) {
  std::size_t done = 0;
  while (done < content.size()) {
    ssize_t n = ::write(fd, content.data() + done, content.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      return -1;
    }
    done += static_cast<std::size_t>(n);
  }
  return 0;
}

// Reads at most `limit` bytes of `fd` from the start.
std::optional<std::string> read_prefix(int fd, std::size_t limit) {
  std::string out(limit, '\0');
  std::size_t done = 0;
  while (done < limit) {
    ssize_t n = ::pread(fd, out.data() + done, limit - done, static_cast<off_t>(done));
    if (n < 0) {
      if (errno == EINTR) continue;
      return std::nullopt;
    }
    if (n == 0) break;
    done += static_cast<std::size_t>(n);
  }
  out.resize(done);
  return out;
}

struct Descriptor {
  int fd = -1;
  Descriptor() = default;
  Descriptor(const Descriptor&) = delete;
  Descriptor& operator=(const Descriptor&) = delete;
  ~Descriptor() {
    if (fd >= 0) ::close(fd);
  }
  // Closes now, reporting the close's own error (0 or an errno).
  int close_checked(const fs::path& target) {
    int fd_to_close = fd;
    fd = -1;
    if (int injected = injected_fault(WriteStep::Close, target)) {
      ::close(fd_to_close);
      return injected;
    }
    return ::close(fd_to_close) == 0 ? 0 : errno;
  }
};

// Whether an O_TMPFILE can be given a name: through /proc/self/fd, or (with the capability,
// as root) AT_EMPTY_PATH.
bool unnamed_files_can_be_linked() {
  static const bool can = ::access("/proc/self/fd", X_OK) == 0 || ::geteuid() == 0;
  return can;
}

int link_unnamed(int fd, const fs::path& name) {
  std::string proc = "/proc/self/fd/" + std::to_string(fd);
  if (::linkat(AT_FDCWD, proc.c_str(), AT_FDCWD, name.c_str(), AT_SYMLINK_FOLLOW) == 0) return 0;
  int error = errno;
  if (error != ENOENT || ::access("/proc/self/fd", X_OK) == 0) {  // a real failure
    errno = error;
    return -1;
  }
  return ::linkat(fd, "", AT_FDCWD, name.c_str(), AT_EMPTY_PATH);  // no /proc: as root
}

// A signal handler is removing the temporary files and the process is about to end: a file
// this thread created a moment ago would escape it, so remove it here and wait for the end.
void settle_if_closing(const fs::path& created, TempCreation& creation) {
  if (!temp_cleanup_started()) return;
  ::unlink(created.c_str());
  creation.finish();
  for (;;) ::pause();
}

// The file the new content is written to before it takes its place: unnamed (O_TMPFILE) while
// it is written where the file system allows, else under a registered temporary name.
struct TempFile {
  Descriptor file;
  RegisteredTempPath name;  // empty while unnamed
  bool unnamed = false;

  // Returns 0 or an errno; `what` says which step failed.
  int open(const fs::path& folder, const std::string& for_name, mode_t mode, const fs::path& target,
           std::string& what) {
    if (unnamed_files_can_be_linked()) {
      int e = step(WriteStep::OpenUnnamedTemp, target, [&] {
        file.fd = ::open(folder.c_str(), O_TMPFILE | O_WRONLY | O_CLOEXEC, mode);
        return file.fd < 0 ? -1 : 0;
      });
      if (e == 0) {
        unnamed = true;
        return 0;
      }
      if (e != EOPNOTSUPP && e != EISDIR && e != EINVAL) {
        what = "cannot create a temporary file beside it";
        return e;
      }
    }
    name = RegisteredTempPath(temp_file_name(folder, for_name));  // registered before it exists
    TempCreation creation;
    int e = step(WriteStep::OpenNamedTemp, target, [&] {
      file.fd = ::open(name.path().c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
      return file.fd < 0 ? -1 : 0;
    });
    if (e != 0) {
      name.release();  // never created: nothing of ours to remove
      what = "cannot create a temporary file beside it";
      return e;
    }
    settle_if_closing(name.path(), creation);
    return 0;
  }

  // Gives an unnamed file the name `path`: a registered temporary one when `temporary`, else the
  // final one (EEXIST when it is taken). A named file is hard-linked to `path`.
  int link_as(const fs::path& path, bool temporary, const fs::path& target) {
    RegisteredTempPath registered;
    if (temporary) registered = RegisteredTempPath(path);
    TempCreation creation;
    int e = step(WriteStep::Link, target, [&] {
      return unnamed ? link_unnamed(file.fd, path) : ::link(name.path().c_str(), path.c_str());
    });
    if (e != 0) {
      registered.release();
      return e;
    }
    if (temporary) {
      name = std::move(registered);
      settle_if_closing(name.path(), creation);
    }
    return 0;
  }
};

// The original's extended attributes (ACLs, capabilities, user.*) onto the new file, and none
// it does not have. An attribute that cannot be set (nor is there already with the same value)
// is an error: the file is not replaced with one that lost it. Returns 0, or -1 with errno set.
int copy_attributes(int from, int to, std::string& failed_name) {
  auto fail = [&](const std::string& name, int error) {
    failed_name = name;
    errno = error;
    return -1;
  };
  auto names_of = [](int fd, std::vector<std::string>& names) {
    ssize_t size = ::flistxattr(fd, nullptr, 0);
    if (size < 0) return errno == ENOTSUP ? 0 : -1;
    std::string buffer(static_cast<std::size_t>(size), '\0');
    size = ::flistxattr(fd, buffer.data(), buffer.size());
    if (size < 0) return -1;
    for (std::size_t at = 0; at < static_cast<std::size_t>(size);) {
      std::string name(buffer.c_str() + at);
      at += name.size() + 1;
      if (!name.empty()) names.push_back(name);
    }
    return 0;
  };
  auto value_of = [](int fd, const std::string& name) -> std::optional<std::string> {
    ssize_t size = ::fgetxattr(fd, name.c_str(), nullptr, 0);
    if (size < 0) return std::nullopt;
    std::string value(static_cast<std::size_t>(size), '\0');
    size = ::fgetxattr(fd, name.c_str(), value.data(), value.size());
    if (size < 0) return std::nullopt;
    value.resize(static_cast<std::size_t>(size));
    return value;
  };
  std::vector<std::string> wanted, present;
  if (names_of(from, wanted) != 0 || names_of(to, present) != 0) return -1;
  std::map<std::string, std::string> values;
  for (const std::string& name : wanted) {
    std::optional<std::string> value = value_of(from, name);
    if (!value) return fail(name, errno);
    if (::fsetxattr(to, name.c_str(), value->data(), value->size(), 0) != 0) {
      int error = errno;
      if (value_of(to, name) != value) return fail(name, error);  // not there already either
    }
    values[name] = *value;
  }
  for (const std::string& name : present)
    if (!values.count(name) && ::fremovexattr(to, name.c_str()) != 0 && errno != ENODATA)
      return fail(name, errno);
  return 0;
}

// The last step before the rename: is `target` still the file that was read, the same inode,
// size and times (`identity`) and the same bytes? Returns 0, or an errno when it cannot tell.
int check_unchanged(const fs::path& target, const FileIdentity& identity, const std::string& expected,
                    bool& unchanged) {
  unchanged = false;
  Descriptor current;
  current.fd = ::open(target.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
  if (current.fd < 0) return errno == ENOENT || errno == ELOOP ? 0 : errno;  // gone: changed
  struct stat st {};
  if (::fstat(current.fd, &st) != 0) return errno;
  if (file_identity(st) != identity) return 0;
  std::optional<std::string> bytes = read_prefix(current.fd, expected.size() + 1);
  if (!bytes) return errno;
  if (*bytes != expected) return 0;
  // And the name still leads to that file (nothing was renamed over it meanwhile).
  if (::lstat(target.c_str(), &st) != 0) return errno == ENOENT ? 0 : errno;
  unchanged = file_identity(st) == identity;
  return 0;
}

// Flushes `folder`, so that a rename or link in it survives a crash. Returns 0 or an errno.
int sync_folder(const fs::path& folder, const fs::path& target) {
  return step(WriteStep::SyncFolder, target, [&] {
    Descriptor dir;
    dir.fd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir.fd < 0) return -1;
    if (::fsync(dir.fd) == 0) return 0;
    // Some file systems cannot flush a folder; that is not a failure of the write.
    return errno == EINVAL || errno == ENOTSUP ? 0 : -1;
  });
}

WriteResult failure(std::string text) { return {false, std::move(text)}; }
WriteResult failure(const std::string& what, int error) { return {false, what + ": " + message(error)}; }

}  // namespace

WriteResult replace_file_atomically(const fs::path& path, const std::string& content,
                                    const std::string& expected,
                                    const std::optional<FileIdentity>& read_as) {
  // Symlinks are resolved so that the link stays a link and its target gets the new content.
  std::error_code ec;
  const fs::path target = fs::canonical(path, ec);
  if (ec) return failure("cannot resolve path: " + ec.message());
  const fs::path folder = target.parent_path();

  // The original as it is now, opened once: what it is, whose it is, its attributes.
  Descriptor original;
  if (int e = step(WriteStep::Open, target, [&] {
        original.fd = ::open(target.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
        return original.fd < 0 ? -1 : 0;
      }))
    return failure("cannot open it again", e);
  struct stat st {};
  if (::fstat(original.fd, &st) != 0) return failure("cannot read its attributes", errno);
  if (!S_ISREG(st.st_mode)) return failure("not a regular file");
  const FileIdentity identity = read_as.value_or(file_identity(st));
  if (file_identity(st) != identity) return failure(kChanged);

  // Refusals: a new file in its place would get around a permission or split hard links.
  if (int e = step(WriteStep::Permission, target,
                   [&] { return ::faccessat(AT_FDCWD, target.c_str(), W_OK, AT_EACCESS); })) {
    if (e == EROFS) return failure("read-only file system; not replaced");
    if (e == ENOENT) return failure(kChanged);  // removed since it was opened
    return failure("no permission to write it (mode " + octal(st.st_mode) + ", owner " +
                   std::to_string(st.st_uid) + ":" + std::to_string(st.st_gid) +
                   "): " + message(e) + "; not replaced");
  }
  if ((st.st_mode & 0222) == 0)
    return failure("the file is read-only (mode " + octal(st.st_mode) + "); not replaced");
  if (st.st_nlink > 1)
    return failure("the file has " + std::to_string(st.st_nlink) +
                   " hard links; not replaced (a new file in its place would split them)");

  remove_stale_temp_files(folder);
  TempFile temp;
  std::string what;
  if (int e = temp.open(folder, target.filename().string(), 0600, target, what)) return failure(what, e);
  if (int e = step(WriteStep::Write, target, [&] { return write_all(temp.file.fd, content); }))
    return failure("cannot write the new content", e);
  // Owner first: a chown clears set-user-ID and set-group-ID bits and file capabilities.
  if (int e = step(WriteStep::Chown, target, [&] { return ::fchown(temp.file.fd, st.st_uid, st.st_gid); }))
    return failure("cannot give the new file the owner " + std::to_string(st.st_uid) + ":" +
                   std::to_string(st.st_gid) + " of the old one: " + message(e) + "; not replaced");
  std::string attribute;
  if (int e = step(WriteStep::Attributes, target,
                   [&] { return copy_attributes(original.fd, temp.file.fd, attribute); }))
    return failure("cannot keep the extended attribute" + (attribute.empty() ? "s" : " " + attribute) +
                   ": " + message(e) + "; not replaced");
  if (int e = step(WriteStep::Chmod, target, [&] { return ::fchmod(temp.file.fd, st.st_mode & 07777); }))
    return failure("cannot keep the file mode " + octal(st.st_mode) + ": " + message(e) + "; not replaced");
  if (int e = step(WriteStep::Fsync, target, [&] { return ::fsync(temp.file.fd); }))
    return failure("cannot flush the new content", e);
  if (temp.unnamed) {
    if (int e = temp.link_as(temp_file_name(folder, target.filename().string()), true, target))
      return failure("cannot name the temporary file", e);
  }
  if (int e = temp.file.close_checked(target)) return failure("cannot close the temporary file", e);

  // Last, immediately before the rename: is the original still the file that was read?
  bool unchanged = false;
  if (int e = step(WriteStep::ChangedCheck, target, [&] {
        errno = check_unchanged(target, identity, expected, unchanged);
        return errno == 0 ? 0 : -1;
      }))
    return failure("cannot check the file before replacing it", e);
  if (!unchanged) return failure(kChanged);
  if (int e = step(WriteStep::Rename, target,
                   [&] { return ::rename(temp.name.path().c_str(), target.c_str()); }))
    return failure("cannot replace the file", e);
  temp.name.release();

  if (int e = sync_folder(folder, target))
    return {true, "replaced, but the folder could not be flushed to disk: " + message(e) +
                      " (the change may not survive a crash)"};
  return {true, std::nullopt};
}

WriteResult create_file_exclusively(const fs::path& path, const std::string& content) {
  const fs::path folder = path.parent_path().empty() ? fs::path(".") : path.parent_path();
  remove_stale_temp_files(folder);
  TempFile temp;
  std::string what;
  if (int e = temp.open(folder, path.filename().string(), 0644, path, what)) return failure(what, e);
  if (int e = step(WriteStep::Write, path, [&] { return write_all(temp.file.fd, content); }))
    return failure("cannot write " + path.string(), e);
  if (int e = step(WriteStep::Fsync, path, [&] { return ::fsync(temp.file.fd); }))
    return failure("cannot flush " + path.string(), e);
  // The link fails if the name is taken: an existing file is never replaced.
  int linked = temp.link_as(path, false, path);
  int closed = temp.file.close_checked(path);
  if (linked == EEXIST) {
    ReadOutcome existing = read_text_file(path, content.size() + 1);
    if (existing.content && *existing.content == content) return {true, std::nullopt};
    return failure("exists already; not replaced");
  }
  if (linked != 0) return failure("cannot create", linked);
  if (closed != 0) {
    ::unlink(path.c_str());  // ours, made a moment ago: the name did not exist
    return failure("cannot close " + path.string(), closed);
  }
  if (int e = sync_folder(folder, path))
    return {true, "created, but the folder could not be flushed to disk: " + message(e) +
                      " (the file may not survive a crash)"};
  return {true, std::nullopt};
}

}  // namespace dfopt
