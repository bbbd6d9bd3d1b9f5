// DF203 add-url: `ADD <url> <dest>` becomes a RUN that downloads with curl (or wget); where the
// next RUN unpacks the download with tar, the download streams into that tar instead and the
// archive never lands in a layer.
#include <array>
#include <set>

#include "analysis/image_tools.h"
#include "analysis/stage_contents.h"
#include "analysis/stages.h"
#include "rewrite/file_style.h"
#include "rewrite/instruction_edits.h"
#include "rewrite/keyword_case.h"
#include "shell/package_commands.h"
#include "shell/run_script.h"
#include "shell/shell_queries.h"
#include "syntax/text.h"
#include "transforms/registry.h"

namespace dfopt {
namespace {

constexpr std::string_view kDoc = R"md(## What it does
Replaces `ADD <url> <dest>` with a `RUN` that downloads the file with `curl` (or `wget`). When
the next `RUN` starts by unpacking the download with `tar` (and perhaps deletes it), the two
become one `RUN` that streams the download into `tar`: `curl -fsSL <url> | tar -xzf - ...`.

## Why is this bad?
`ADD <url>` writes the download into a layer of its own. When a later `RUN` unpacks it, the
archive still weighs in that layer, even when the `RUN` deletes it. Docker's best-practice guide
("ADD or COPY") recommends fetching with `curl` or `wget` in the `RUN` that uses the file, so it
never lands in a layer; `RUN curl` also says plainly what happens, where `ADD` treats URLs, git
addresses and local archives each in its own way.

## Example
```dockerfile
FROM debian:bookworm
RUN apt-get update && apt-get install -y ca-certificates curl
ADD https://ftp.gnu.org/gnu/hello/hello-2.12.1.tar.gz /tmp/
RUN tar -xzf /tmp/hello-2.12.1.tar.gz -C /tmp && rm /tmp/hello-2.12.1.tar.gz
ADD --checksum=sha256:24cd...aaaa https://example.com/tool /usr/local/bin/tool
```

## Use instead
```dockerfile
FROM debian:bookworm
RUN apt-get update && apt-get install -y ca-certificates curl
RUN curl -fsSL https://ftp.gnu.org/gnu/hello/hello-2.12.1.tar.gz | tar -xzf - -C /tmp
RUN curl -fsSL https://example.com/tool -o /usr/local/bin/tool && \
    echo "24cd...aaaa  /usr/local/bin/tool" | sha256sum -c - && \
    chmod 600 /usr/local/bin/tool
```

## Fix safety
The new `RUN` does what `ADD` did. The file goes where `ADD` puts it: named after the last
segment of the URL's path when the destination ends in `/`, is `.`, or is a folder every Linux
image has (`/tmp`, `/opt`, `/usr/local/bin`, ...) or one a `WORKDIR` of the stage made; a
relative destination stays relative, as the `RUN` starts in the folder `ADD` resolves it
against. Missing parent folders are made with `mkdir -p`. The file gets mode 600, as from `ADD`
(or the `--chmod` mode; no `chmod` when the next `RUN` starts by setting an absolute mode on
it). `--chown=user:group` and `--chown=<uid>` become `chown`; `--checksum=sha256:...` (or
`sha512`) becomes a `sha256sum -c` check that fails the build as `ADD` would.

**Safe** when the image is known to have the tool and the `RUN` runs as root, as `ADD` writes:
an earlier `RUN` of the stage, or of the stage it is built `FROM`, installs `curl` or `wget`
(apt-get, apk, yum, dnf, zypper; behind `sudo` or inside `sh -c` too) or runs it, where that
surely happened when the `RUN` succeeded (not inside an `if`/loop, beside `||`, or left of a
`|`, where a missing program goes unseen), and nothing removes it again, even conditionally
(`apk del` of its `--virtual` group included); for `https` on Debian and Ubuntu also with CA
certificates (`ca-certificates` installed and not removed, or recommended packages not turned
off). Or the base image is known to carry curl: `buildpack-deps`, the full
variants of `python`, `node`, `ruby`, `golang`, `rust`, `gcc` and `perl` built on it, `centos`.
Otherwise the fix is **unsafe** and the message says why: curl not known to be in the image;
the user not known to be root (a `USER` with a variable, or a base image dfopt does not know);
`https` without known CA certificates; only busybox's `wget` (Alpine), whose https support
depends on the Alpine version; or `--chown` where `ADD` would also give the folders it makes to
that user.

Streaming needs GNU tar, which fails on an empty or cut-off stream, so a failed download still
fails the build; busybox's `tar` (Alpine) takes an empty stream for an empty archive, so there
the download is converted only. It streams when the next `RUN` (nothing but comment lines
between) is a plain `&&` chain without flags whose first command, after any `mkdir` or `cd`, is
`tar -x ... -f <the file>` with `z`, `j` or `J` (added from a `.tar.gz`, `.tgz`, `.tar.bz2`,
`.tar.xz` name when missing: tar cannot guess the compression of a stream), and nothing else
uses the file. An `rm` of it later in that `RUN` is dropped. When the `RUN` does not delete it,
no later instruction may name it, and the archive then no longer stays in the image (its
unpacked contents do). "Uses" is read conservatively: the file's name, its folder itself
(`cp -r /opt /keep`, `COPY --from=build /opt/ .`) or a glob or variable in its folder
(`/opt/*.tgz`, `/opt/$F`), in that `RUN` or any later instruction, keep the file where `ADD`
put it (downloaded, not streamed). There is no streaming with `--checksum`, nor into `unzip` (it needs a
seekable file); consecutive-run (DF102) may still merge the `RUN`s.

What still differs: the file's mtime is the download time, not the server's `Last-Modified`;
`ADD` checks the URL on every build while a `RUN` is cached by its text, so a file that changes
behind a fixed URL is fetched again only when the cache is rebuilt; the `RUN` uses the build's
proxy arguments and no BuildKit HTTP auth secrets; and a destination without a trailing `/`
that is a folder in the base image (other than those named above) makes `curl` fail the build
where `ADD` would have put the file inside it.

Left alone: several sources, non-http(s) URLs, git URLs (`.git`, `#ref`), `--unpack`,
`--keep-git-dir`, `--link` and other flags, heredocs, `ONBUILD ADD`, stages with a non-POSIX
shell or `FROM scratch`, a `USER` other than root, destinations with variables or characters
the shell would read, `/dev/...` destinations and `api.github.com` URLs (cache busters: there
`ADD` is used to invalidate the cache), `--chown=<name>` without a group (`ADD` would take the
user's id as group id), symbolic `--chmod` modes, and URLs with variables that no `ARG` or `ENV`
of the stage declares before the `ADD` (`ADD` expands those, and the `RUN`'s shell expands the
same ones from its environment; only `$name` and `${name}` are accepted).
)md";

const RuleInfo kInfo{
    .id = "DF203",
    .name = "add-url",
    .summary = "Download URLs with curl in a RUN instead of ADD, streaming archives into tar",
    .doc = kDoc,
    .fix = FixAvailability::Always,
    .fix_safeties = {.safe = true, .unsafe = true},
};

// --- paths -------------------------------------------------------------------------------

// `path` without "." segments and doubled or trailing slashes ("" for the directory itself);
// nullopt when it has ".." segments.
std::optional<std::string> clean_path(std::string_view path) {
  std::string out = path.starts_with("/") ? "/" : "";
  std::size_t i = 0;
  while (i < path.size()) {
    std::size_t next = path.find('/', i);
    if (next == std::string_view::npos) next = path.size();
    std::string_view segment = path.substr(i, next - i);
    i = next + 1;
    if (segment.empty() || segment == ".") continue;
    if (segment == "..") return std::nullopt;
    if (!out.empty() && out.back() != '/') out += '/';
    out += segment;
  }
  return out;
}

// `path` resolved against `cwd`: an absolute directory, or one relative to the directory the
// instruction started in ("" for that directory itself). nullopt when unknown.
std::optional<std::string> resolve_path(std::string_view path,
                                        const std::optional<std::string>& cwd) {
  if (path.starts_with("/")) return clean_path(path);
  if (!cwd) return std::nullopt;
  return clean_path(cwd->empty() ? std::string(path) : *cwd + "/" + std::string(path));
}

std::string parent_of(std::string_view path) {
  std::size_t slash = path.rfind('/');
  if (slash == std::string_view::npos) return "";
  return slash == 0 ? "/" : std::string(path.substr(0, slash));
}

std::string base_name_of(std::string_view path) {
  std::size_t slash = path.rfind('/');
  return std::string(slash == std::string_view::npos ? path : path.substr(slash + 1));
}

// Bytes a path or URL may hold and still be one shell word as written.
bool is_plain_shell_text(std::string_view text) {
  for (char c : text) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              std::string_view("-._/+,=@:%").find(c) != std::string_view::npos;
    if (!ok) return false;
  }
  return true;
}

// --- what the stage is known to hold ------------------------------------------------------

// The questions DF203 asks of the stage contents at the ADD.
struct StageView {
  const StageContents& contents;
  std::size_t index;

  const std::string& base() const { return contents.base(index); }
  const std::optional<ImageTools>& image() const { return contents.image_tools(index); }
  HeldPackage package(std::string_view name) const { return contents.package(index, name); }
  bool directory_exists(const std::string& path) const {
    return contents.directory_exists(index, path);
  }
  bool variable_declared(const std::string& name) const {
    return contents.variable_declared(index, name);
  }
};

// --- the tool, and how safe it is ---------------------------------------------------------

enum class Tool { Curl, Wget };

struct ToolChoice {
  Tool tool = Tool::Curl;
  std::vector<std::string> unsafe_because;
  bool gnu_tar = false;
};

// nullopt when the RUN would run as a user other than root.
std::optional<ToolChoice> choose_tool(const StageView& k, const InstructionFacts& facts,
                                      bool https) {
  ToolChoice choice;
  const std::optional<ImageTools>& image = k.image();
  bool root = false;
  if (facts.user) {
    if (!is_root_user(*facts.user)) return std::nullopt;
    root = true;
  } else if (!k.contents.user_instruction(k.index)) {
    root = (image && image->runs_as_root) || k.contents.installs_packages(k.index);
  }
  bool certificates = k.package("ca-certificates").present || (image && image->ca_certificates);
  HeldPackage curl = k.package("curl"), wget = k.package("wget");
  auto needs_certificates = [&](bool tool_https, std::string_view tool) {
    if (https && !tool_https && !certificates)
      choice.unsafe_because.push_back("https needs CA certificates, and ca-certificates is not "
                                      "known to be installed with " + std::string(tool));
  };
  if (curl.present) {
    needs_certificates(curl.recommends || curl.fetched_https, "curl");
  } else if (wget.present) {
    choice.tool = Tool::Wget;
    needs_certificates(wget.recommends || wget.fetched_https, "wget");
  } else if (image && image->curl) {
    // the image's curl comes with its CA certificates
  } else if (image && image->busybox_wget) {
    choice.tool = Tool::Wget;
    choice.unsafe_because.push_back("only busybox's wget is known in " + k.base() +
                                    ": its https support depends on the Alpine version");
  } else {
    std::string base = k.base().empty() ? "the base image" : k.base();
    choice.unsafe_because.push_back("curl is not known to be in the image: no earlier RUN of the "
                                    "stage installs it and " + base + " is not known to carry it");
  }
  if (!root)
    choice.unsafe_because.push_back("the RUN may not run as root, as ADD writes: the user is not "
                                    "known");
  choice.gnu_tar = k.contents.gnu_tar(k.index).value_or(image && image->gnu_tar);
  return choice;
}

// --- the ADD --------------------------------------------------------------------------------

struct Download {
  std::string url_word;                       // the URL as a shell word
  std::string file;                           // where ADD puts the file, as the RUN names it
  std::string file_name;                      // its last path segment
  std::optional<std::string> make_directory;  // a parent ADD would create
  std::string chown, chmod;                   // "" when ADD has no such flag
  std::string checksum_tool, checksum;        // "sha256sum", hex digits
};

bool is_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

bool is_identifier(std::string_view name) {
  if (name.empty() || (name[0] >= '0' && name[0] <= '9')) return false;
  for (char c : name)
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'))
      return false;
  return true;
}

// Whether every `$name` / `${name}` in `text` names a variable both ADD and the shell expand the
// same way; other expansion forms are not accepted.
bool variables_are_shared(std::string_view text, const StageView& k) {
  static constexpr std::array<std::string_view, 7> kShellOwned = {"PWD", "OLDPWD", "PPID",  "SHLVL",
                                                                  "IFS", "OPTIND", "LINENO"};
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '$') continue;
    std::string_view name;
    if (i + 1 < text.size() && text[i + 1] == '{') {
      std::size_t close = text.find('}', i + 2);
      if (close == std::string_view::npos) return false;
      name = text.substr(i + 2, close - i - 2);
    } else {
      std::size_t end = i + 1;
      while (end < text.size() &&
             (is_letter(text[end]) || text[end] == '_' || (text[end] >= '0' && text[end] <= '9')))
        ++end;
      name = text.substr(i + 1, end - i - 1);
    }
    if (!is_identifier(name) || !k.variable_declared(std::string(name))) return false;
    for (std::string_view owned : kShellOwned)
      if (name == owned) return false;
  }
  return true;
}

// The URL as a shell word: as written when plain, else quoted; nullopt when that is not simple.
std::optional<std::string> url_shell_word(std::string_view url, const StageView& k) {
  if (url.find_first_of("\"'`\\ \t") != std::string_view::npos) return std::nullopt;
  if (url.find('$') != std::string_view::npos) {
    if (!variables_are_shared(url, k)) return std::nullopt;
    return "\"" + std::string(url) + "\"";
  }
  if (is_plain_shell_text(url)) return std::string(url);
  return "'" + std::string(url) + "'";
}

// The name ADD gives a download: the last segment of the URL's path (BuildKit: path.Base of the
// parsed URL), "__unnamed__" without one.
std::string url_file_name(std::string_view url) {
  std::string_view rest = url.substr(url.find("://") + 3);
  rest = rest.substr(0, rest.find('?'));
  std::size_t slash = rest.find('/');
  std::string_view path = slash == std::string_view::npos ? "" : rest.substr(slash);
  while (!path.empty() && path.back() == '/') path.remove_suffix(1);
  if (path.empty()) return "__unnamed__";
  return base_name_of(path);
}

bool is_octal_mode(std::string_view mode) {
  return (mode.size() == 3 || mode.size() == 4) &&
         mode.find_first_not_of("01234567") == std::string_view::npos;
}

// The ADD as a download, or nullopt when it is left alone.
std::optional<Download> read_add(const Instruction& add, const StageView& k,
                                 const InstructionFacts& facts) {
  if (!add.heredocs.empty() || add.arguments.size() != 2) return std::nullopt;
  const std::string& url = add.arguments[0];
  const std::string& dest = add.arguments[1];
  if (!url.starts_with("http://") && !url.starts_with("https://")) return std::nullopt;
  // A fragment is a git reference; a path ending in .git is a repository to clone.
  std::string_view without_query = std::string_view(url).substr(0, url.find('?'));
  if (url.find('#') != std::string::npos || without_query.ends_with(".git")) return std::nullopt;
  // ADD of api.github.com (commits, compare) is there to invalidate the cache, not for a file.
  if (url.find("://api.github.com/") != std::string::npos) return std::nullopt;
  Download d;
  auto url_word = url_shell_word(url, k);
  if (!url_word) return std::nullopt;
  d.url_word = *url_word;

  for (const Flag& flag : add.flags) {
    std::string_view value = flag.value().value_or("");
    if (value.find('$') != std::string_view::npos) return std::nullopt;
    if (flag.name() == "chown") {
      std::size_t colon = value.find(':');
      std::string_view user = value.substr(0, colon);
      if (user.empty() || !is_plain_shell_text(value) ||
          value.find_first_of("/=@%") != std::string_view::npos)
        return std::nullopt;
      // ADD uses the user's id as group id when no group is given: spelled out for a uid only.
      if (colon == std::string_view::npos) {
        if (user.find_first_not_of("0123456789") != std::string_view::npos) return std::nullopt;
        d.chown = std::string(user) + ":" + std::string(user);
      } else {
        if (colon + 1 == value.size()) return std::nullopt;
        d.chown = std::string(value);
      }
    } else if (flag.name() == "chmod") {
      if (!is_octal_mode(value)) return std::nullopt;
      d.chmod = std::string(value);
    } else if (flag.name() == "checksum") {
      std::size_t colon = value.find(':');
      if (colon == std::string_view::npos) return std::nullopt;
      std::string_view algorithm = value.substr(0, colon), hex = value.substr(colon + 1);
      std::size_t length = algorithm == "sha256" ? 64 : algorithm == "sha512" ? 128 : 0;
      if (length == 0 || hex.size() != length ||
          hex.find_first_not_of("0123456789abcdefABCDEF") != std::string_view::npos)
        return std::nullopt;
      d.checksum_tool = std::string(algorithm) + "sum";
      d.checksum = std::string(hex);
    } else {
      return std::nullopt;  // --unpack, --keep-git-dir, --link, --exclude, ...
    }
  }

  if (dest.empty() || dest.starts_with("-") || !is_plain_shell_text(dest) ||
      dest.find('%') != std::string::npos)
    return std::nullopt;
  std::optional<std::string> start = facts.workdir ? *facts.workdir : std::string();
  auto resolved = resolve_path(dest, start);
  if (!resolved) return std::nullopt;
  if (*resolved == "/dev" || resolved->starts_with("/dev/") || resolved->starts_with("/proc/") ||
      resolved->starts_with("/sys/"))
    return std::nullopt;
  bool into_directory = dest.ends_with("/") || resolved->empty() ||
                        (resolved->starts_with("/") && k.directory_exists(*resolved));
  std::string directory;
  if (into_directory) {
    d.file_name = url_file_name(url);
    if (d.file_name.empty() || d.file_name == "." || d.file_name == ".." ||
        !is_plain_shell_text(d.file_name) || d.file_name.find('%') != std::string::npos)
      return std::nullopt;
    auto dir = clean_path(dest);
    if (!dir) return std::nullopt;
    directory = *dir;
    d.file =
        directory.empty() ? d.file_name : (directory == "/" ? "/" : directory + "/") + d.file_name;
  } else {
    auto file = clean_path(dest);
    if (!file || file->empty()) return std::nullopt;
    d.file = *file;
    d.file_name = base_name_of(d.file);
    directory = parent_of(d.file);
  }
  if (!directory.empty() && directory != "/") {
    auto resolved_directory = resolve_path(directory, start);
    if (!resolved_directory || !resolved_directory->starts_with("/") ||
        !k.directory_exists(*resolved_directory))
      d.make_directory = directory;
  }
  return d;
}

// --- the RUN after the ADD ----------------------------------------------------------------

// The RUN right after `node`, with nothing but comment lines between; nullptr otherwise.
const Node* next_run(const Document& doc, const Node& node) {
  bool after = false;
  for (const Node& n : doc.nodes) {
    if (&n == &node) {
      after = true;
      continue;
    }
    if (!after || n.kind == NodeKind::Comment) continue;
    if (n.kind == NodeKind::Instruction && n.instruction->keyword == Keyword::Run) return &n;
    return nullptr;
  }
  return nullptr;
}

bool plain_simple(const ShellPipeline& pipeline) {
  if (pipeline.negated || pipeline.commands.size() != 1) return false;
  const ShellCommand& c = pipeline.commands.front();
  if (c.kind != ShellCommandKind::Simple || !c.assignments.empty() || !c.redirects.empty())
    return false;
  for (const ShellWord& w : c.words)
    if (!w.literal) return false;
  return !c.words.empty();
}

// Whether the next RUN starts with `chmod <octal> ... <file>`: then ADD's mode 600 never shows.
bool next_run_sets_mode(const Document& doc, const Node& add_node, const Download& d,
                        const std::optional<std::string>& start) {
  const Node* run_node = next_run(doc, add_node);
  if (!run_node) return false;
  std::optional<RunScript> run = parse_run_script(*run_node->instruction);
  if (!run || !is_and_chain(run->shell)) return false;
  const ShellPipeline& first = run->shell.list.items.front().and_or.pipelines.front();
  if (!plain_simple(first)) return false;
  const auto& words = first.commands.front().words;
  if (words.size() < 3 || words[0].value != "chmod" || !is_octal_mode(words[1].value)) return false;
  auto file = resolve_path(d.file, start);
  for (std::size_t i = 2; i < words.size(); ++i)
    if (file && resolve_path(words[i].value, start) == file) return true;
  return false;
}

// A `tar` that extracts one archive file: where that file is named, and what else matters.
struct TarExtract {
  std::size_t file_word = 0;   // index in the command's words
  bool file_attached = false;  // "--file=F"
  bool compressed = false;     // z, j, J, --gzip, ...
  bool changes_directory = false;
  std::optional<std::size_t> cluster_word;  // where a compression letter can go
  bool old_style = false;                   // "xzf": the cluster has no leading '-'
};

std::optional<TarExtract> tar_extract(const ShellCommand& tar) {
  const auto& words = tar.words;
  if (words.empty() || words[0].value != "tar") return std::nullopt;
  TarExtract out;
  bool extract = false;
  std::optional<std::size_t> file;
  constexpr std::string_view kArgumentLetters = "CTXbLNKVgHIF";
  constexpr std::string_view kOtherModes = "ctrudA";
  std::size_t i = 1;
  auto take_file = [&](std::size_t at) {
    if (file || at >= words.size()) return false;
    file = at;
    return true;
  };
  if (words.size() > 1 && !words[1].value.empty() && words[1].value[0] != '-') {
    // Old style: "xzf FILE"; letters that take an argument consume the following words.
    std::size_t next = 2;
    for (char c : words[1].value) {
      if (c == 'x')
        extract = true;
      else if (c == 'z' || c == 'j' || c == 'J' || c == 'Z')
        out.compressed = true;
      else if (c == 'f') {
        if (!take_file(next++)) return std::nullopt;
      } else if (c == 'C') {
        out.changes_directory = true;
        ++next;
      } else if (kArgumentLetters.find(c) != std::string_view::npos ||
                 kOtherModes.find(c) != std::string_view::npos || !is_letter(c))
        return std::nullopt;
    }
    out.cluster_word = 1;
    out.old_style = true;
    i = next;
  }
  for (; i < words.size(); ++i) {
    std::string_view w = words[i].value;
    if (w == "--") break;
    if (w.starts_with("--")) {
      std::string_view name = w.substr(0, w.find('='));
      bool attached = name.size() < w.size();
      if (name == "--extract" || name == "--get")
        extract = true;
      else if (name == "--gzip" || name == "--gunzip" || name == "--ungzip" || name == "--bzip2" ||
               name == "--xz" || name == "--lzma" || name == "--zstd" || name == "--lzip" ||
               name == "--lzop" || name == "--use-compress-program") {
        out.compressed = true;
        if (name == "--use-compress-program" && !attached) ++i;
      } else if (name == "--file") {
        if (attached) {
          if (file) return std::nullopt;
          file = i;
          out.file_attached = true;
        } else if (!take_file(++i)) {
          return std::nullopt;
        }
      } else if (name == "--directory") {
        out.changes_directory = true;
        if (!attached) ++i;
      } else if (name == "--create" || name == "--list" || name == "--append" ||
                 name == "--update" || name == "--diff" || name == "--compare" ||
                 name == "--delete" || name == "--catenate" || name == "--concatenate" ||
                 name == "--files-from" || name == "--to-command" || name == "--info-script" ||
                 name == "--new-volume-script") {
        return std::nullopt;
      }
      continue;
    }
    if (w.size() < 2 || w[0] != '-') continue;  // a member name
    // A cluster of short options ("-xzf FILE"); a letter taking an argument must come last.
    const std::size_t here = i;
    bool takes_next = false;
    for (std::size_t j = 1; j < w.size(); ++j) {
      char c = w[j];
      bool last = j + 1 == w.size();
      bool takes_argument =
          c == 'f' || c == 'C' || kArgumentLetters.find(c) != std::string_view::npos;
      if (takes_argument && !last) return std::nullopt;
      if (c == 'x')
        extract = true;
      else if (c == 'z' || c == 'j' || c == 'J' || c == 'Z' || c == 'I')
        out.compressed = true;
      else if (c == 'f' && !take_file(here + 1))
        return std::nullopt;
      else if (c == 'C')
        out.changes_directory = true;
      else if (kOtherModes.find(c) != std::string_view::npos || !is_letter(c))
        return std::nullopt;
      takes_next = takes_next || takes_argument;
    }
    if (!out.cluster_word) out.cluster_word = here;
    if (takes_next) ++i;
  }
  if (!extract || !file) return std::nullopt;
  out.file_word = *file;
  return out;
}

// The tar option letter a file name asks for when tar is told nothing: 0 for a plain .tar,
// nullopt when the name says nothing tar can use.
std::optional<char> compression_letter(std::string_view name) {
  std::string lower = to_lower(name);
  if (lower.ends_with(".tar")) return '\0';
  if (lower.ends_with(".tar.gz") || lower.ends_with(".tgz")) return 'z';
  if (lower.ends_with(".tar.bz2") || lower.ends_with(".tbz2") || lower.ends_with(".tbz"))
    return 'j';
  if (lower.ends_with(".tar.xz") || lower.ends_with(".txz")) return 'J';
  return std::nullopt;
}

bool has_comment_line(const Node& node, Span span) {
  for (const Token& token : node.tokens)
    if (token.kind == TokenKind::CommentLine && token.span.begin < span.end &&
        token.span.end > span.begin)
      return true;
  return false;
}

// True when `text` may name the downloaded file without spelling its name: its folder itself
// (`COPY --from=build /tmp/ .`, `cp -r /tmp /keep`) or a glob or variable in that folder
// (`/tmp/*.tar.gz`, `/tmp/$F`). Other files of the folder (`/tmp/other.txt`) are not it.
bool may_name_through_folder(std::string_view text, std::string_view folder) {
  auto ends_path = [](char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '"' || c == '\'' || c == ';' || c == ')' ||
           c == '&' || c == '|' || c == ']' || c == ',';
  };
  auto opens_pattern = [](char c) {
    return c == '*' || c == '?' || c == '[' || c == '{' || c == '$' || c == '`';
  };
  if (folder == "/") folder = "";
  for (std::size_t at = text.find(folder); at != std::string_view::npos;
       at = text.find(folder, at + 1)) {
    if (!folder.empty() && at > 0 && text[at - 1] != ' ' && text[at - 1] != '"' &&
        text[at - 1] != '\'' && text[at - 1] != '=' && text[at - 1] != '\t')
      continue;  // inside another path: /opt/tmp is not /tmp
    std::size_t end = at + folder.size();
    if (!folder.empty() && (end == text.size() || ends_path(text[end]))) return true;
    if (end < text.size() && text[end] == '/') {
      if (end + 1 == text.size() || ends_path(text[end + 1]) || opens_pattern(text[end + 1]))
        return true;
    }
    if (folder.empty()) break;  // "/" alone: only "/", "/*" and the like count
  }
  return false;
}

bool later_instruction_names(const Document& doc, const Node& after, std::string_view name,
                             std::string_view folder) {
  bool later = false;
  for (const Node* node : doc.instructions()) {
    if (later) {
      std::string_view text = doc.text(node->span);
      if (text.find(name) != std::string_view::npos || may_name_through_folder(text, folder))
        return true;
    }
    if (node == &after) later = true;
  }
  return false;
}

std::string download_to_stdout(Tool tool, const std::string& url_word) {
  return tool == Tool::Curl ? "curl -fsSL " + url_word : "wget -q -O - " + url_word;
}

// The edits that fold the ADD into the next RUN's tar as a stream; nullopt when that RUN does
// not start by unpacking the download, or the download is used otherwise.
std::optional<std::vector<TextEdit>> stream_into_tar(const Document& doc, const Node& add_node,
                                                     const Download& d, Tool tool,
                                                     const std::optional<std::string>& start) {
  const Node* run_node = next_run(doc, add_node);
  if (!run_node || !d.checksum.empty() || has_comment_line(add_node, add_node.span))
    return std::nullopt;
  const Instruction& ins = *run_node->instruction;
  if (!ins.flags.empty()) return std::nullopt;
  std::optional<RunScript> run = parse_run_script(ins);
  if (!run || !is_and_chain(run->shell) || run->shell.text.empty()) return std::nullopt;
  const auto& pipelines = run->shell.list.items.front().and_or.pipelines;
  auto file = resolve_path(d.file, start);
  if (!file) return std::nullopt;

  // mkdir and cd may come first; then the tar.
  std::optional<std::string> cwd = start;
  std::size_t t = 0;
  for (; t < pipelines.size(); ++t) {
    if (!plain_simple(pipelines[t])) return std::nullopt;
    const ShellCommand& c = pipelines[t].commands.front();
    if (c.name() == "tar") break;
    if (c.name() == "cd" && c.words.size() == 2 && !c.words[1].value.starts_with("-"))
      cwd = resolve_path(c.words[1].value, cwd);
    else if (c.name() != "mkdir")
      return std::nullopt;
  }
  if (t == pipelines.size()) return std::nullopt;
  const ShellCommand& tar = pipelines[t].commands.front();
  auto extract = tar_extract(tar);
  if (!extract) return std::nullopt;
  const ShellWord& file_word = tar.words[extract->file_word];
  std::string_view named = file_word.value;
  if (extract->file_attached) named.remove_prefix(std::string_view("--file=").size());
  auto tar_file = resolve_path(named, cwd);
  if (!tar_file || *tar_file != *file || file_word.text != file_word.value) return std::nullopt;
  if (!file->starts_with("/") && extract->changes_directory) return std::nullopt;
  std::optional<char> letter;
  if (!extract->compressed) {
    letter = compression_letter(d.file_name);
    if (!letter) return std::nullopt;
  }

  std::vector<TextEdit> edits;
  std::set<const ShellWord*> accounted = {&file_word};
  // `rm` of the archive later in the chain: it will not exist any more.
  bool deleted = false;
  for (std::size_t p = t + 1; p < pipelines.size(); ++p) {
    if (!plain_simple(pipelines[p])) continue;
    const ShellCommand& c = pipelines[p].commands.front();
    if (c.name() == "cd" && c.words.size() == 2) cwd = resolve_path(c.words[1].value, cwd);
    if (c.name() != "rm") continue;
    std::vector<std::size_t> matches;
    std::size_t operands = 0;
    bool options_done = false;
    for (std::size_t i = 1; i < c.words.size(); ++i) {
      std::string_view w = c.words[i].value;
      if (!options_done && w == "--") {
        options_done = true;
        continue;
      }
      if (!options_done && w.starts_with("-")) continue;
      ++operands;
      if (resolve_path(w, cwd) == file) matches.push_back(i);
    }
    if (matches.empty()) continue;
    deleted = true;
    if (matches.size() == operands) {
      Span removed{run->to_source(pipelines[p - 1].span).end,
                   run->to_source(pipelines[p].span).end};
      if (has_comment_line(*run_node, removed)) return std::nullopt;
      edits.push_back({removed, ""});
    } else {
      for (std::size_t i : matches)
        edits.push_back(
            {{run->to_source(c.words[i - 1].span).end, run->to_source(c.words[i].span).end}, ""});
    }
    for (std::size_t i : matches) accounted.insert(&c.words[i]);
  }
  // Any other mention of the archive, by name or through its folder: it is used, keep the file.
  const std::string folder = parent_of(*file).empty() ? "/" : parent_of(*file);
  for (const ShellCommand* c : simple_commands(run->shell.list)) {
    // Entering or creating the folder, or extracting into it, reads nothing in it.
    bool moves_only = c == &tar || c->name() == "cd" || c->name() == "mkdir";
    auto mentions = [&](const ShellWord& w) {
      return !accounted.count(&w) && (w.text.find(d.file_name) != std::string::npos ||
                                      (!moves_only && may_name_through_folder(w.text, folder)));
    };
    for (const ShellWord& w : c->assignments)
      if (mentions(w)) return std::nullopt;
    for (const ShellWord& w : c->words)
      if (mentions(w)) return std::nullopt;
    for (const ShellRedirect& r : c->redirects)
      if (mentions(r.target)) return std::nullopt;
  }
  if (!deleted && later_instruction_names(doc, *run_node, d.file_name, folder)) return std::nullopt;

  edits.push_back({add_node.span, ""});
  std::string prefix = download_to_stdout(tool, d.url_word) + " | ";
  std::size_t tar_begin = run->to_source(tar.span).begin;
  if (d.make_directory) {
    std::string mkdir = "mkdir -p " + *d.make_directory + " && ";
    std::size_t script_begin = run->to_source(pipelines.front().span).begin;
    if (script_begin == tar_begin)
      prefix = mkdir + prefix;
    else
      edits.push_back({{script_begin, script_begin}, mkdir});
  }
  edits.push_back({{tar_begin, tar_begin}, prefix});
  Span file_span = run->to_source(file_word.span);
  edits.push_back({file_span, extract->file_attached ? "--file=-" : "-"});
  if (letter && *letter != '\0') {
    if (extract->cluster_word) {
      std::size_t at = run->to_source(tar.words[*extract->cluster_word].span).begin +
                       (extract->old_style ? 0 : 1);
      edits.push_back({{at, at}, std::string(1, *letter)});
    } else {
      std::size_t at = run->to_source(tar.words[0].span).end;
      edits.push_back({{at, at}, std::string(" -") + *letter});
    }
  }
  return edits;
}

// --- the new RUN ----------------------------------------------------------------------------

std::string join_commands(const std::string& head, const std::vector<std::string>& commands,
                          const FileStyle& style) {
  std::string one_line = head;
  for (std::size_t i = 0; i < commands.size(); ++i) one_line += (i ? " && " : " ") + commands[i];
  if (commands.size() == 1 || one_line.size() <= 100) return one_line;
  std::string out = head + " " + commands.front();
  for (std::size_t i = 1; i < commands.size(); ++i)
    out += style.chain == ChainPlacement::LineEnd ? " &&" + style.line_break() + commands[i]
                                                  : style.line_break() + "&& " + commands[i];
  return out;
}

std::vector<std::string> download_commands(const Download& d, Tool tool, bool mode_set_next) {
  std::vector<std::string> out;
  if (d.make_directory) out.push_back("mkdir -p " + *d.make_directory);
  out.push_back(tool == Tool::Curl ? "curl -fsSL " + d.url_word + " -o " + d.file
                                   : "wget -q -O " + d.file + " " + d.url_word);
  if (!d.checksum.empty())
    out.push_back("echo \"" + d.checksum + "  " + d.file + "\" | " + d.checksum_tool + " -c -");
  if (!d.chown.empty()) out.push_back("chown " + d.chown + " " + d.file);
  if (!d.chmod.empty())
    out.push_back("chmod " + d.chmod + " " + d.file);
  else if (!mode_set_next)
    out.push_back("chmod 600 " + d.file);  // ADD's mode for downloads
  return out;
}

class AddUrl final : public Rule {
 public:
  const RuleInfo& info() const override { return kInfo; }

  void check(const Document& doc, const RuleContext&,
             std::vector<Finding>& findings) const override {
    const StageMap& stages = StageMap::of(doc);
    const auto& instructions = stages.instructions();
    for (std::size_t i = 0; i < instructions.size(); ++i) {
      const Instruction& add = *instructions[i]->instruction;
      if (add.keyword != Keyword::Add || !stages.facts(i).stage || !stages.facts(i).posix_shell)
        continue;
      check_add(doc, stages, i, findings);
    }
  }

 private:
  static void check_add(const Document& doc, const StageMap& stages, std::size_t index,
                        std::vector<Finding>& findings) {
    const Node& node = *stages.instructions()[index];
    const Instruction& add = *node.instruction;
    const InstructionFacts& facts = stages.facts(index);
    if (add.keyword_span.size() != add.keyword_text.size())
      return;  // keyword split by a continuation
    // Cheap test first: the stage contents cost a pass over the document.
    if (add.arguments.empty() || (!add.arguments[0].starts_with("http://") &&
                                  !add.arguments[0].starts_with("https://")))
      return;
    StageView knowledge{StageContents::of(doc), index};
    if (to_lower(knowledge.base()) == "scratch") return;
    auto download = read_add(add, knowledge, facts);
    if (!download) return;
    auto choice = choose_tool(knowledge, facts, add.arguments[0].starts_with("https://"));
    if (!choice) return;
    if (!download->chown.empty() && download->make_directory)
      choice->unsafe_because.push_back("ADD --chown would also give the directories it makes to " +
                                       download->chown);
    const std::optional<std::string> start = facts.workdir ? *facts.workdir : std::string();
    std::string tool = choice->tool == Tool::Curl ? "curl" : "wget";

    Finding finding{std::string(kInfo.id), add.keyword_span.begin, "", std::nullopt};
    Fix fix{choice->unsafe_because.empty() ? FixSafety::Safe : FixSafety::Unsafe, {}};
    std::optional<std::vector<TextEdit>> stream;
    if (choice->gnu_tar) stream = stream_into_tar(doc, node, *download, choice->tool, start);
    if (stream) {
      finding.message = "ADD puts " + download->file_name +
                        " in a layer of its own: stream it into the next RUN's tar (" + tool +
                        " | tar), so the archive never lands in a layer";
      fix.edits = std::move(*stream);
    } else {
      auto span = instruction_text_span(doc, node, add, 0);
      if (!span) return;  // a comment line inside the ADD would be lost
      std::string head = spell_like("RUN", add.keyword_text);
      bool mode_set_next = next_run_sets_mode(doc, node, *download, start);
      fix.edits.push_back(
          {*span, join_commands(head, download_commands(*download, choice->tool, mode_set_next),
                                file_style(doc))});
      finding.message =
          "download " + download->file_name + " with " + tool + " in a RUN instead of ADD <url>";
    }
    if (!choice->unsafe_because.empty()) {
      finding.message += " (unsafe: ";
      for (std::size_t r = 0; r < choice->unsafe_because.size(); ++r)
        finding.message += (r ? "; " : "") + choice->unsafe_because[r];
      finding.message += ")";
    }
    finding.fix = std::move(fix);
    findings.push_back(std::move(finding));
  }
};

}  // namespace

std::unique_ptr<Rule> make_add_url() { return std::make_unique<AddUrl>(); }

}  // namespace dfopt
