// DF127 archive-cleanup: an archive a RUN downloads and unpacks stays in the layer unless the
// same RUN removes it.
#include <cctype>
#include <optional>

#include "analysis/call_options.h"
#include "analysis/curl_options.h"
#include "analysis/posix_runs.h"
#include "analysis/program_calls.h"
#include "analysis/stages.h"
#include "context/path_pattern.h"
#include "rewrite/file_style.h"
#include "rewrite/run_edits.h"
#include "shell/shell_queries.h"
#include "transforms/registry.h"

namespace dfopt {
namespace {

constexpr std::string_view kDoc = R"md(## What it does
Finds a `RUN` that downloads an archive to a file (`curl -o FILE`, `wget -O FILE`, or `wget
URL` and `curl -O URL`, which name it after the URL) and unpacks it (`tar -x… -f FILE`, `tar
xzf FILE`, `unzip FILE`) without removing it, and appends `rm -f FILE` to the RUN. Anything the
RUN does with the file before unpacking it (a checksum check, a copy) is done by then.

## Why is this bad?
Everything a `RUN` leaves in the file system is in its layer. After unpacking, the archive is
dead weight: the image carries the software twice, once unpacked and once compressed, and no
later layer can take the bytes back out (a later `rm` only hides them).

## Example
```dockerfile
RUN curl -fsSL -o /tmp/node.tar.xz https://nodejs.org/dist/v20.11.0/node-v20.11.0-linux-x64.tar.xz \
 && tar -xJf /tmp/node.tar.xz -C /usr/local --strip-components=1
```

## Use instead
```dockerfile
RUN curl -fsSL -o /tmp/node.tar.xz https://nodejs.org/dist/v20.11.0/node-v20.11.0-linux-x64.tar.xz \
 && tar -xJf /tmp/node.tar.xz -C /usr/local --strip-components=1 \
 && rm -f /tmp/node.tar.xz
```

## Fix safety
Safe where nothing can read the file after the RUN, and the `rm` runs where the download did:
- the file's name is literal, the RUN is one `&&` chain and the unpacking command one of its
  steps: the `rm` goes right after it (`tar -xzf X && rm -f X && cd dir && make`), where the
  name means what it meant to `tar`, whatever `cd` comes before or after; at the end of the RUN
  it follows the file's style (not after `exit`/`exec`, nor after a compound command while
  errexit may be on);
- the download does not run as another user (`sudo curl` makes a file the RUN's user may not
  remove), and nothing after the unpacking in the RUN names the file;
- no `rm` in the RUN could already remove it (one that names it, a folder above it, a glob that
  matches either, a relative glob or a variable: then nothing is reported; `rm -rf
  /var/lib/apt/lists/*` is no such `rm`, and for a relative name an absolute glob counts only
  when the RUN's directory is known and the glob matches there), and dfopt can name every
  command of the RUN;
- a name taken from the URL: wget is not told another folder (`-P`) and curl not `--output-dir`
  (wget names a second download of the same file `name.1`, which is not removed, harmlessly);
- no later instruction of the file mentions the file's name: a later `RUN` may unpack it again,
  a `COPY --from` of this stage may copy it. Then the finding has no fix and says why.
)md";

const RuleInfo kInfo{
    .id = "DF127",
    .name = "archive-cleanup",
    .summary = "Remove a downloaded archive in the RUN that unpacks it",
    .doc = kDoc,
    .fix = FixAvailability::Sometimes,
    .fix_safeties = {.safe = true},
};

// wget's short options that take a value (`wget --help`).
constexpr OptionSpelling kWgetOutput{.long_name = "--output-document", .short_name = 'O', .value_letters = "abBeiIoOPQtTTUwXDA"};
// tar's short options that take a value (GNU tar's and BusyBox's common ones).
constexpr std::string_view kTarValueLetters = "bCfFgHIKLNTVX";
constexpr OptionSpelling kTarFile{.long_name = "--file", .short_name = 'f', .value_letters = kTarValueLetters};
constexpr OptionSpelling kTarExtract{.long_name = "--extract", .short_name = 'x', .value_letters = kTarValueLetters};
constexpr OptionSpelling kTarGet{.long_name = "--get"};

constexpr OptionSpelling kWgetPrefix{.long_name = "--directory-prefix", .short_name = 'P', .value_letters = "abBeiIoOPQtTTUwXDA"};

// The last path component of a literal http(s)/ftp URL, as `wget URL` and `curl -O URL` name
// the file; empty when there is none or it is not a plain file name.
std::string remote_name(std::string_view url) {
  if (!url.starts_with("http://") && !url.starts_with("https://") && !url.starts_with("ftp://")) return "";
  // With a query, wget keeps it in the name (`b.zip?raw=1`) and curl versions differ: no name.
  if (url.find_first_of("?#") != std::string_view::npos) return "";
  std::size_t slash = url.rfind('/');
  if (slash == std::string_view::npos || slash < url.find("//") + 2) return "";
  std::string name(url.substr(slash + 1));
  for (char c : name)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '_' && c != '-' && c != '+') return "";
  return name;
}

// The literal URL operand of a download call, when it has exactly one.
std::optional<std::string_view> single_url(const ProgramCall& call) {
  std::optional<std::string_view> url;
  for (std::size_t i = 0; i < call.argument_count(); ++i) {
    const ShellWord& w = *call.argument(i);
    if (w.value.find("://") == std::string::npos) continue;
    if (url || !w.literal) return std::nullopt;
    url = w.value;
  }
  return url;
}

// The file a download writes and how the `rm` names it: `-o FILE` / `-O FILE` as written, or
// the URL's file name (`wget URL`, `curl -O URL`) in the working directory.
struct Download {
  std::string path;
  std::string spelling;  // for the rm, quoted as in the source
};
std::optional<Download> downloaded_file(const ProgramCall& call) {
  std::optional<OptionValue> out;
  if (call.program == "curl") out = option_value(call, kCurlOutput);
  else if (call.program == "wget") out = option_value(call, kWgetOutput);
  else return std::nullopt;
  if (out) {
    if (!out->whole_word || !out->word->literal || out->value.empty() || out->value == "-") return std::nullopt;
    return Download{std::string(out->value), out->word->text};
  }
  bool by_remote_name = call.program == "wget" ? !has_option(call, kWgetPrefix)
                                               : has_option(call, kCurlRemoteName) && !has_option(call, kCurlOutputDir);
  auto url = single_url(call);
  if (!by_remote_name || !url) return std::nullopt;
  std::string name = remote_name(*url);
  if (name.empty()) return std::nullopt;
  return Download{name, name};
}

// The archive an unpacking call reads, when it names one: `tar -xf X`, `tar xzf X` (tar's old
// option style), `tar --extract --file=X`, `unzip [options] X`.
std::optional<std::string_view> unpacked_file(const ProgramCall& call) {
  if (call.program == "tar") {
    const ShellWord* first = call.argument(0);
    if (first && first->literal && !first->value.empty() && first->value[0] != '-') {
      // Old style: a first word of letters whose values follow in order; only `f` may take one.
      std::string_view letters = first->value;
      if (letters.find('x') == std::string_view::npos || letters.find('f') == std::string_view::npos) return std::nullopt;
      for (char c : letters)
        if (c != 'f' && kTarValueLetters.find(c) != std::string_view::npos) return std::nullopt;
      const ShellWord* file = call.argument(1);
      if (!file || !file->literal) return std::nullopt;
      return std::string_view(file->value);
    }
    if (!has_option(call, kTarExtract) && !has_option(call, kTarGet)) return std::nullopt;
    auto file = option_value(call, kTarFile);
    if (!file || !file->word->literal) return std::nullopt;
    return file->value;
  }
  if (call.program == "unzip") {
    for (std::size_t i = 0; i < call.argument_count(); ++i) {
      const ShellWord& w = *call.argument(i);
      if (w.value.starts_with("-")) {
        if (w.value == "-d" || w.value == "-x" || w.value == "-P") ++i;
        continue;
      }
      if (!w.literal) return std::nullopt;
      return std::string_view(w.value);
    }
  }
  return std::nullopt;
}

// Whether an `rm` may remove `path`: an operand that is the path, a folder above it, a glob
// matching one of them, or a word whose value is unknown (a variable, a relative glob). A wrong
// "no" costs only a redundant `rm -f`.
//
// `absolute` is `path` made absolute when the RUN's working directory is known, else empty: an
// absolute glob then cannot be matched against a relative name, and is taken as not removing it.
bool may_remove(const ProgramCall& rm, std::string_view path, std::string_view absolute) {
  for (std::size_t i = 0; i < rm.argument_count(); ++i) {
    const ShellWord& w = *rm.argument(i);
    if (w.literal && w.value.starts_with("-")) continue;
    if (w.has_glob && !w.has_expansion) {
      // An absolute glob removes what it matches and what lies inside that: `rm -rf
      // /var/lib/apt/lists/*` cannot touch /tmp/x.tar.gz. A relative one depends on the cwd;
      // quotes would change which characters are patterns.
      std::string_view glob_text = w.text;
      if (!glob_text.starts_with('/') || glob_text.find_first_of("'\"\\") != std::string_view::npos)
        return true;
      if (absolute.empty()) continue;
      std::optional<PathPattern> glob = PathPattern::compile(glob_text.substr(1));
      if (!glob || glob->matches_path_or_parent(absolute.substr(1))) return true;
      continue;
    }
    if (!w.literal || w.value.find_first_of("*?[") != std::string::npos) return true;
    std::string_view operand = w.value;
    while (operand.size() > 1 && operand.ends_with('/')) operand.remove_suffix(1);
    if (operand == path || (path.starts_with(operand) && path.size() > operand.size() && path[operand.size()] == '/'))
      return true;
  }
  return false;
}

// Some `rm` of the RUN may remove the file already. `workdir`: the RUN's working directory,
// when the Dockerfile settles it.
bool removed(const ProgramCalls& calls, std::string_view path, const std::optional<std::string>& workdir) {
  std::string absolute(path.starts_with('/') ? path : std::string_view());
  bool changes_directory = false;
  for (const ProgramCall& call : calls.calls())
    if (call.program == "cd" || call.program == "pushd" || call.program == "popd") changes_directory = true;
  if (absolute.empty() && workdir && !changes_directory)
    absolute = (workdir->ends_with('/') ? *workdir : *workdir + "/") + std::string(path);
  for (const ProgramCall& call : calls.calls())
    if (call.program == "rm" && may_remove(call, path, absolute)) return true;
  return false;
}

std::string_view base_name(std::string_view path) {
  std::size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

class ArchiveCleanup final : public Rule {
 public:
  const RuleInfo& info() const override { return kInfo; }

  void check(const Document& doc, const RuleContext&, std::vector<Finding>& findings) const override {
    const StageMap& stages = StageMap::of(doc);
    const FileStyle& style = file_style(doc);
    const auto& instructions = doc.instructions();
    for (const PosixRun& posix_run : posix_runs(doc)) {
      const RunScript& run = posix_run.script;
      const ProgramCalls& calls = program_calls(run.shell);
      for (std::size_t d = 0; d < calls.calls().size(); ++d) {
        const ProgramCall& download = calls.calls()[d];
        if (download.nested) continue;
        std::optional<Download> file = downloaded_file(download);
        if (!file) continue;
        const std::string& path = file->path;
        if (removed(calls, path, stages.facts(posix_run.index).workdir)) continue;  // by an rm that names it, a folder above it or a glob
        const ProgramCall* unpack = nullptr;
        for (std::size_t u = d + 1; u < calls.calls().size() && !unpack; ++u)
          if (unpacked_file(calls.calls()[u]) == std::string_view(path)) unpack = &calls.calls()[u];
        if (!unpack) continue;
        const std::string_view name = base_name(path);
        // Where the rm goes: right after the unpacking command, which found the file by this very
        // name, so the rm does too, whatever directory changes came before or come after.
        std::optional<std::size_t> unpack_at;  // its pipeline in the RUN's && chain
        if (is_and_chain(run.shell) && !unpack->in_child) {
          const auto& pipelines = run.shell.list.items.front().and_or.pipelines;
          for (std::size_t p = 0; p < pipelines.size(); ++p)
            if (pipelines[p].commands.size() == 1 && &pipelines[p].commands.front() == unpack->command) unpack_at = p;
        }
        auto why_kept = [&]() -> std::optional<std::string> {
          if (!calls.complete()) return "the RUN runs commands dfopt cannot name";
          if (!unpack_at) return "the unpacking command is not a step of the RUN's && chain";
          if (download.switches_user) return std::string("it is downloaded as another user");
          for (const ProgramCall& call : calls.calls()) {
            if (call.command->span.begin <= unpack->command->span.begin || call.nested) continue;
            for (const ShellWord& w : call.words())
              if (w.text.find(name) != std::string::npos) return "the RUN uses " + std::string(name) + " after unpacking it";
          }
          for (std::size_t j = posix_run.index + 1; j < instructions.size(); ++j)
            if (doc.text(instructions[j]->span).find(name) != std::string_view::npos)
              return "a later instruction mentions " + std::string(name);
          return std::nullopt;
        };
        Finding finding{std::string(kInfo.id), run.to_source(unpack->command->span).begin,
                        "the archive " + path + " stays in the layer after it is unpacked", std::nullopt};
        const Node& node = *instructions[posix_run.index];
        const RunShell& shell = stages.facts(posix_run.index).shell;
        const std::string rm = "rm -f " + file->spelling;
        if (auto kept = why_kept()) {
          finding.message += " (not removed: " + *kept + ")";
        } else if (*unpack_at + 1 < run.shell.list.items.front().and_or.pipelines.size()) {
          // Mid-chain: `tar xzf X && rm -f X && cd dir && …`.
          std::size_t end = run.to_source(run.shell.list.items.front().and_or.pipelines[*unpack_at].span).end;
          finding.message += ": remove it in the same RUN";
          finding.fix = Fix{FixSafety::Safe, {TextEdit{{end, end}, " && " + rm}}};
        } else if (auto blocker = append_blocker(run, shell)) {
          finding.message += " (not removed: " + *blocker + ")";
        } else if (auto edit = append_to_and_chain(doc, node, run, rm, style, shell)) {
          finding.message += ": remove it in the same RUN";
          finding.fix = Fix{FixSafety::Safe, {std::move(*edit)}};
        } else {
          finding.message += " (not removed: the end of the RUN cannot be found)";
        }
        findings.push_back(std::move(finding));
      }
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_archive_cleanup() { return std::make_unique<ArchiveCleanup>(); }

}  // namespace dfopt
