// DF124 checksum-two-spaces: `echo "HASH FILE" | sha256sum -c` with one space between the digest
// and the file name, which BusyBox's checker rejects; the standard line has two.
#include <cctype>
#include <functional>

#include "analysis/call_options.h"
#include "analysis/posix_runs.h"
#include "analysis/program_calls.h"
#include "transforms/registry.h"

namespace dfopt {
namespace {

constexpr std::string_view kDoc = R"md(## What it does
Finds a checksum line written with one space between the digest and the file name and piped
into a checker, `echo "<sha256> file.tgz" | sha256sum -c -`, and puts the second space in:
`echo "<sha256>  file.tgz" | sha256sum -c -`.

## Why is this bad?
The line `sha256sum` writes, and `-c` reads, is the digest, two spaces (or a space and `*` for
binary mode) and the name. GNU coreutils also accepts one space; BusyBox's `sha256sum -c`
(Alpine and every BusyBox image) does not: it reports the line as improperly formatted and
fails, so the same Dockerfile breaks when its base image changes, or works on the author's
Debian and fails in CI on Alpine.

## Example
```dockerfile
RUN echo "${NODE_SHA256} node.tar.xz" | sha256sum -c -
```

## Use instead
```dockerfile
RUN echo "${NODE_SHA256}  node.tar.xz" | sha256sum -c -
```

## Fix safety
Safe: both checkers read the two-space line as the same digest and name. Only an `echo`
directly piped into `md5sum`, `sha1sum`, `sha224sum`, `sha256sum`, `sha384sum`, `sha512sum` or
`b2sum` with `-c`/`--check` is rewritten, when its argument is one quoted word whose digest
part is hexadecimal or one variable (`$SHA`, `${SHA}`) and whose name has no blanks, or two
plain words, a hexadecimal digest and a name without quotes, expansions or glob characters
(`echo HASH file` prints one space however many separate the words, so that line is quoted:
`echo "HASH  file"`). A `*name` (binary mode) already has its two characters and is left
alone, as is a line built by `printf` or from words that quoting could change.
)md";

const RuleInfo kInfo{
    .id = "DF124",
    .name = "checksum-two-spaces",
    .summary = "Write checksum lines with two spaces, as every sha256sum -c reads them",
    .doc = kDoc,
    .fix = FixAvailability::Always,
    .fix_safeties = {.safe = true},
};

constexpr OptionSpelling kCheck{.long_name = "--check", .short_name = 'c'};

bool is_checker(std::string_view program) {
  return program == "md5sum" || program == "sha1sum" || program == "sha224sum" || program == "sha256sum" ||
         program == "sha384sum" || program == "sha512sum" || program == "b2sum";
}

// `$NAME`, `${NAME}` or 32 to 128 hexadecimal digits.
bool is_digest(std::string_view part) {
  auto name_char = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; };
  if (part.starts_with("${") && part.ends_with("}") && part.size() > 3) {
    for (char c : part.substr(2, part.size() - 3))
      if (!name_char(c)) return false;
    return true;
  }
  if (part.starts_with("$") && part.size() > 1) {
    for (char c : part.substr(1))
      if (!name_char(c)) return false;
    return true;
  }
  if (part.size() < 32 || part.size() > 128) return false;
  for (char c : part)
    if (!std::isxdigit(static_cast<unsigned char>(c))) return false;
  return true;
}

// Where, in the word's raw text, the one space of a "DIGEST NAME" line is; nullopt for anything
// else.
std::optional<std::size_t> single_space_at(const ShellWord& word) {
  std::string_view text = word.text;
  if (text.size() < 4 || (text.front() != '"' && text.front() != '\'') || text.back() != text.front())
    return std::nullopt;
  std::string_view inner = text.substr(1, text.size() - 2);
  std::size_t space = inner.find(' ');
  if (space == std::string_view::npos || inner.find_first_of(" \t\\\"'", space + 1) != std::string_view::npos ||
      inner.find_first_of("\t\\\"'") != std::string_view::npos)
    return std::nullopt;
  std::string_view name = inner.substr(space + 1);
  if (name.empty() || name.front() == '*' || !is_digest(inner.substr(0, space))) return std::nullopt;
  return space + 1;
}

// `echo HASH file` with a literal hexadecimal digest and a plain name (no quotes, expansions or
// glob characters, so quoting it changes nothing else): the quoted two-space line.
std::optional<std::string> two_word_line(const ShellWord& digest, const ShellWord& name) {
  auto plain = [](const ShellWord& w) {
    return w.literal && w.text == w.value && !w.value.empty() &&
           w.value.find_first_of("*?[]{}~$`\\\"'!#") == std::string::npos;
  };
  if (!plain(digest) || !plain(name) || digest.value.starts_with("$") || !is_digest(digest.value)) return std::nullopt;
  return "\"" + digest.value + "  " + name.value + "\"";
}

// Every pipeline of the script, inside compound commands too.
void for_each_pipeline(const ShellList& list, const std::function<void(const ShellPipeline&)>& visit) {
  for (const ShellListItem& item : list.items)
    for (const ShellPipeline& pipeline : item.and_or.pipelines) {
      visit(pipeline);
      for (const ShellCommand& command : pipeline.commands)
        for (const ShellList& body : command.bodies) for_each_pipeline(body, visit);
    }
}

class ChecksumTwoSpaces final : public Rule {
 public:
  const RuleInfo& info() const override { return kInfo; }

  void check(const Document& doc, const RuleContext&, std::vector<Finding>& findings) const override {
    for (const PosixRun& posix_run : posix_runs(doc)) {
      const RunScript& run = posix_run.script;
      const ProgramCalls& calls = program_calls(run.shell);
      auto checker_call = [&](const ShellCommand& command) -> const ProgramCall* {
        for (const ProgramCall& call : calls.calls())
          if (!call.nested && call.command == &command && is_checker(call.program) && has_option(call, kCheck))
            return &call;
        return nullptr;
      };
      for_each_pipeline(run.shell.list, [&](const ShellPipeline& pipeline) {
        for (std::size_t k = 0; k + 1 < pipeline.commands.size(); ++k) {
          const ShellCommand& echo = pipeline.commands[k];
          if (echo.kind != ShellCommandKind::Simple || echo.name() != "echo" || !echo.redirects.empty() ||
              (echo.words.size() != 2 && echo.words.size() != 3))
            continue;
          const ProgramCall* checker = checker_call(pipeline.commands[k + 1]);
          if (!checker) continue;
          std::optional<TextEdit> edit;
          if (echo.words.size() == 2) {
            if (auto at = single_space_at(echo.words[1])) {
              std::size_t offset = run.to_source(echo.words[1].span.begin + *at);
              edit = TextEdit{{offset, offset}, " "};
            }
          } else if (auto line = two_word_line(echo.words[1], echo.words[2])) {
            // `echo HASH file` prints one space whatever the blanks: the line is quoted instead.
            edit = TextEdit{{run.to_source(echo.words[1].span).begin, run.to_source(echo.words[2].span).end}, *line};
          }
          if (!edit) continue;
          findings.push_back({std::string(kInfo.id), run.to_source(echo.words[1].span).begin,
                              "a checksum line needs two spaces before the file name: BusyBox's " +
                                  std::string(checker->program) + " -c rejects one",
                              Fix{FixSafety::Safe, {*edit}}});
        }
      });
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_checksum_two_spaces() { return std::make_unique<ChecksumTwoSpaces>(); }

}  // namespace dfopt
