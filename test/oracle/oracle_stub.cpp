// The stub every external command becomes inside the script sandbox (script_sandbox.h).
//
// It runs chrooted, as an unprivileged user, and touches nothing but the sandbox's control files:
//   /.dfopt-oracle/counter  the global invocation counter (locked with flock while it counts)
//   /.dfopt-oracle/fail_at  the invocation number that must fail (0: none)
//   /.dfopt-oracle/log      one line per invocation, appended
// A log line is: counter, working directory, argv, the sorted exported environment (without
// PWD, OLDPWD, SHLVL and _) and, when stdin is a pipe, a hash of what came through it. Fields
// are separated by tabs, the words of argv and of the environment by the byte 0x1f; bytes that
// could break a line or a field (control bytes, backslash) are escaped.
//
// When stdin is a pipe the stub reads it to the end *before* it counts: in `a | b` the stub of
// `b` then logs only once `a` has exited, so a pipeline logs left to right, deterministically.
//
// A command matching a line of /.dfopt-oracle/transparent (words separated by 0x1f, each an
// fnmatch pattern, the first matched against the command's base name; a last word `**` matches
// any further arguments) is *transparent*: it exits 0 without counting or logging. The oracle
// uses this for the commands a hygiene rule appends (`rm -rf /var/lib/apt/lists/*`), on both
// sides alike.
//
// `mkdir DIR...` also creates its directories (inside the chroot), so that a later `cd DIR` of
// the script behaves as it would in a build. The stub writes nothing to stdout or stderr.
//
// Deliberately plain C library code: it is linked statically when the toolchain can, and it
// starts thousands of times per test run.
#include <fcntl.h>
#include <fnmatch.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>

extern char** environ;

namespace {

constexpr const char* kCounter = "/.dfopt-oracle/counter";
constexpr const char* kFailAt = "/.dfopt-oracle/fail_at";
constexpr const char* kLog = "/.dfopt-oracle/log";
constexpr const char* kTransparent = "/.dfopt-oracle/transparent";
constexpr unsigned long kInvocationLimit = 5000;  // more than this: a runaway loop

// A growing byte buffer without the C++ library.
struct Buffer {
  char* data = nullptr;
  size_t size = 0, capacity = 0;
  void reserve(size_t extra) {
    if (size + extra <= capacity) return;
    size_t wanted = capacity ? capacity * 2 : 4096;
    while (wanted < size + extra) wanted *= 2;
    char* bigger = static_cast<char*>(std::realloc(data, wanted));
    if (!bigger) std::_Exit(3);
    data = bigger;
    capacity = wanted;
  }
  void add(const char* s, size_t n) {
    reserve(n);
    std::memcpy(data + size, s, n);
    size += n;
  }
  void add(const char* s) { add(s, std::strlen(s)); }
  void add(char c) { add(&c, 1); }
  // Printable ASCII as is; tab, newline, backslash and other bytes as escapes.
  void add_escaped(const char* s) {
    for (const unsigned char* p = reinterpret_cast<const unsigned char*>(s); *p; ++p) {
      if (*p == '\\') add("\\\\");
      else if (*p == '\t') add("\\t");
      else if (*p == '\n') add("\\n");
      else if (*p < 0x20 || *p == 0x7f) {
        char hex[8];
        std::snprintf(hex, sizeof hex, "\\x%02x", *p);
        add(hex);
      } else {
        add(static_cast<char>(*p));
      }
    }
  }
};

unsigned long read_number(int fd) {
  char text[32] = {};
  ssize_t n = pread(fd, text, sizeof text - 1, 0);
  if (n <= 0) return 0;
  return std::strtoul(text, nullptr, 10);
}

unsigned long read_number_file(const char* path) {
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return 0;
  unsigned long value = read_number(fd);
  close(fd);
  return value;
}

// FNV-1a over stdin, when stdin is a pipe; reads to EOF.
bool hash_stdin(unsigned long long& hash, unsigned long long& bytes) {
  struct stat st;
  if (fstat(0, &st) != 0 || !S_ISFIFO(st.st_mode)) return false;
  hash = 1469598103934665603ULL;
  bytes = 0;
  char chunk[65536];
  for (;;) {
    ssize_t n = read(0, chunk, sizeof chunk);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    for (ssize_t i = 0; i < n; ++i) {
      hash ^= static_cast<unsigned char>(chunk[i]);
      hash *= 1099511628211ULL;
    }
    bytes += static_cast<unsigned long long>(n);
  }
  return true;
}

bool excluded_variable(const char* entry) {
  static const char* const kExcluded[] = {"PWD=", "OLDPWD=", "SHLVL=", "_="};
  for (const char* name : kExcluded)
    if (std::strncmp(entry, name, std::strlen(name)) == 0) return true;
  return false;
}

int compare_strings(const void* a, const void* b) {
  return std::strcmp(*static_cast<char* const*>(a), *static_cast<char* const*>(b));
}

const char* base_name(const char* path) {
  const char* slash = std::strrchr(path, '/');
  return slash ? slash + 1 : path;
}

// `mkdir [-p] [-m MODE] [-v] DIR...`: creates each DIR and its parents.
void make_directories(int argc, char** argv) {
  bool options = true;
  for (int i = 1; i < argc; ++i) {
    const char* arg = argv[i];
    if (options && std::strcmp(arg, "--") == 0) {
      options = false;
      continue;
    }
    if (options && arg[0] == '-' && arg[1] != '\0') {
      if (std::strcmp(arg, "-m") == 0 || std::strcmp(arg, "--mode") == 0) ++i;
      continue;
    }
    char path[4096];
    if (std::strlen(arg) >= sizeof path) continue;
    std::strcpy(path, arg);
    for (char* p = path + 1; *p; ++p) {
      if (*p != '/') continue;
      *p = '\0';
      mkdir(path, 0777);
      *p = '/';
    }
    mkdir(path, 0777);
  }
}

// Whether argv matches one pattern line (words separated by 0x1f, modified in place).
bool matches(char* pattern, int argc, char** argv) {
  int i = 0;
  for (char* word = pattern;; ++i) {
    char* end = std::strchr(word, '\x1f');
    if (end) *end = '\0';
    if (std::strcmp(word, "**") == 0 && !end) return true;
    if (i >= argc) return false;
    const char* arg = i == 0 ? base_name(argv[0]) : argv[i];
    if (fnmatch(word, arg, 0) != 0) return false;
    if (!end) return i + 1 == argc;
    word = end + 1;
  }
}

bool transparent(int argc, char** argv) {
  int fd = open(kTransparent, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  char text[8192];
  ssize_t n = read(fd, text, sizeof text - 1);
  close(fd);
  if (n <= 0) return false;
  text[n] = '\0';
  for (char* line = text; *line;) {
    char* end = std::strchr(line, '\n');
    if (end) *end = '\0';
    if (*line && matches(line, argc, argv)) return true;
    if (!end) break;
    line = end + 1;
  }
  return false;
}

}  // namespace

int main(int argc, char** argv) {
  Buffer line;
  unsigned long long stdin_hash = 0, stdin_bytes = 0;
  bool piped = hash_stdin(stdin_hash, stdin_bytes);  // before the lock: see the file comment
  if (transparent(argc, argv)) return 0;

  int counter_fd = open(kCounter, O_RDWR | O_CLOEXEC);
  if (counter_fd < 0) return 2;
  while (flock(counter_fd, LOCK_EX) != 0)
    if (errno != EINTR) return 2;
  unsigned long number = read_number(counter_fd) + 1;
  char text[32];
  int length = std::snprintf(text, sizeof text, "%lu\n", number);
  if (pwrite(counter_fd, text, static_cast<size_t>(length), 0) != length) return 2;
  if (ftruncate(counter_fd, length) != 0) return 2;
  unsigned long fail_at = read_number_file(kFailAt);
  bool fail = number == fail_at || number > kInvocationLimit;

  if (number > kInvocationLimit + 1) {
    close(counter_fd);  // only the first invocation past the limit says so
    return 1;
  }
  if (number == kInvocationLimit + 1) {
    line.add("OVERFLOW\n");
  } else {
    line.add(text, static_cast<size_t>(length - 1));
    line.add('\t');
    char cwd[4096];
    line.add_escaped(getcwd(cwd, sizeof cwd) ? cwd : "?");
    line.add('\t');
    for (int i = 0; i < argc; ++i) {
      if (i) line.add('\x1f');
      line.add_escaped(argv[i]);
    }
    line.add('\t');
    size_t count = 0;
    for (char** e = environ; *e; ++e) ++count;
    char** sorted = static_cast<char**>(std::malloc((count + 1) * sizeof(char*)));
    if (!sorted) return 3;
    size_t kept = 0;
    for (char** e = environ; *e; ++e)
      if (!excluded_variable(*e)) sorted[kept++] = *e;
    std::qsort(sorted, kept, sizeof(char*), compare_strings);
    for (size_t i = 0; i < kept; ++i) {
      if (i) line.add('\x1f');
      line.add_escaped(sorted[i]);
    }
    line.add('\t');
    if (piped) {
      char h[64];
      std::snprintf(h, sizeof h, "stdin:%llu:%016llx", stdin_bytes, stdin_hash);
      line.add(h);
    } else {
      line.add('-');
    }
    if (fail) line.add("\tFAILS");
    line.add('\n');
  }
  int log_fd = open(kLog, O_WRONLY | O_APPEND | O_CLOEXEC);
  if (log_fd < 0) return 2;
  size_t written = 0;
  while (written < line.size) {
    ssize_t n = write(log_fd, line.data + written, line.size - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return 2;
    written += static_cast<size_t>(n);
  }
  close(log_fd);
  close(counter_fd);  // releases the lock
  if (fail) return 1;
  if (std::strcmp(base_name(argv[0]), "mkdir") == 0) make_directories(argc, argv);
  return 0;
}
