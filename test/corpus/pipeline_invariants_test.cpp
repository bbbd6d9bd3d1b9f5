// Corpus-wide checks of the whole fixing pipeline (design brief §6), with safe fixes and again
// with unsafe ones: outputs parse, a second run changes nothing, nothing changes in files no
// rule fixed, and in fixed files only what the rules intend changes:
// - directives, BOM, final newline and line-ending style survive;
// - no comment is lost (comment lines, comments inside continuations, shell comments);
// - instructions other than RUN keep their exact meaning (ADD may become COPY, MAINTAINER a
//   label, a shell-form command exec form, legacy ENV key=value, AS may change case; WORKDIR may
//   be added; adjacent COPY/ADD may change order), heredoc bodies are byte-identical;
// - the ordered list of shell commands is unchanged except for the rules' intended edits
//   (merging only regroups them; the package-hygiene options and cleanups, sudo, apt -> apt-get,
//   and cd -> WORKDIR are normalised away before comparing; DF203's `ADD <url>` becomes a
//   RUN that fetches the URL, see is_url_add and DF203Normaliser);
// - every RUN script a rewrite produced passes `bash -n` whenever the scripts it came from did.
#include <catch2/catch.hpp>

#include <algorithm>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <utility>

#include "engine/optimizer.h"
#include "shell/run_script.h"
#include "shell/shell_parser.h"
#include "shell/shell_queries.h"
#include "syntax/parser.h"
#include "syntax/text.h"
#include "syntax/words.h"
#include "test_support.h"
#include "transforms/registry.h"

using namespace dfopt;
using namespace dfopt::test;

namespace {

struct Tally {
  std::size_t files = 0, changed = 0;
  std::map<std::string, std::size_t> problems;  // check -> count
  std::map<std::string, std::string> first;     // check -> first file
  void problem(const std::string& check, const std::string& file) {
    if (problems[check]++ == 0) first[check] = file;
  }
};

// --- what must survive any rewrite ------------------------------------------------------

std::string head_of_file(const Document& doc) {
  std::string out;
  for (const Node& node : doc.nodes) {
    if (node.kind != NodeKind::ByteOrderMark && node.kind != NodeKind::Directive) break;
    out += doc.text(node.span);
  }
  return out;
}

bool has_final_newline(const std::string& s) { return !s.empty() && s.back() == '\n'; }

std::string line_ending_style(const std::string& s) {
  bool crlf = s.find("\r\n") != std::string::npos;
  bool lf = false;
  for (std::size_t i = 0; i < s.size(); ++i)
    if (s[i] == '\n' && (i == 0 || s[i - 1] != '\r')) lf = true;
  return std::string(crlf ? "crlf" : "") + (lf ? "lf" : "");
}

std::multiset<std::string> comments_of(const Document& doc) {
  std::multiset<std::string> out;
  for (const Node& node : doc.nodes) {
    if (node.kind == NodeKind::Comment) out.insert(std::string(trim(doc.text(node.span))));
    for (const Token& token : node.tokens)
      if (token.kind == TokenKind::CommentLine) out.insert(std::string(trim(doc.text(token.span))));
    if (node.kind != NodeKind::Instruction) continue;
    if (auto run = parse_run_script(*node.instruction))
      for (const ShellComment& c : run->shell.comments)
        out.insert(std::string(trim(c.span.of(run->shell.text))));
  }
  return out;
}

// --- instructions other than RUN ----------------------------------------------------------

// The command CMD/ENTRYPOINT/HEALTHCHECK run, as words, whichever form it is written in (DF201
// turns literal shell form into exec form and prefixes `exec` where the shell must stay).
std::string command_signature(const Instruction& ins) {
  std::string_view text = ins.arguments_text();
  if (ins.keyword == Keyword::Healthcheck) {
    if (ins.arguments.empty() || !iequals(ins.arguments[0], "CMD")) return std::string(text);
    text = trim_left(text.substr(3));
  }
  std::vector<std::string> words;
  if (ins.form == ArgumentForm::Exec) {
    words.assign(ins.arguments.begin() + (ins.keyword == Keyword::Healthcheck ? 1 : 0),
                 ins.arguments.end());
  } else {
    if (text.starts_with("exec ")) text = trim_left(text.substr(5));
    ShellScript script = parse_shell(text);
    auto commands = simple_commands(script.list);
    if (script.list.items.size() == 1 && commands.size() == 1 &&
        script.list.items[0].and_or.pipelines.size() == 1)
      for (const ShellWord& w : commands[0]->words)
        words.push_back(w.literal ? w.value : w.text);
    else
      return "sh:" + std::string(text);
  }
  if (!words.empty() && words.front() == "exec") words.erase(words.begin());
  std::string out;
  for (const std::string& w : words) out += " [" + w + "]";
  return out;
}

// DF203 turns `ADD <url> <dest>` into a RUN that fetches the URL (an ADD of a URL keeps its
// keyword in the signature, so DF202's ADD -> COPY cannot hide it).
bool is_url(std::string_view s) { return s.starts_with("http://") || s.starts_with("https://"); }
bool adds_url(const Instruction& ins) {
  return ins.keyword == Keyword::Add && !ins.arguments.empty() && is_url(ins.arguments.front());
}
bool is_url_add(const std::string& signature) {
  return signature.starts_with("ADD ") && (signature.find(" [http://") != std::string::npos ||
                                           signature.find(" [https://") != std::string::npos);
}

std::string signature(const Document& doc, const Instruction& ins) {
  Keyword keyword = ins.keyword == Keyword::Add && !adds_url(ins) ? Keyword::Copy  // DF202
                                                                   : ins.keyword;
  if (keyword == Keyword::Maintainer) keyword = Keyword::Label;                 // DF501
  std::string out(keyword_name(keyword));
  for (const Flag& f : ins.flags) out += " " + f.text;
  switch (ins.keyword) {
    case Keyword::Cmd:
    case Keyword::Entrypoint:
    case Keyword::Healthcheck: out += command_signature(ins); break;
    case Keyword::Maintainer:
      if (!ins.arguments.empty())
        out += " [org.opencontainers.image.authors] [" + ins.arguments[0] + "]";
      break;
    case Keyword::Env:
    case Keyword::Label:  // key=value pairs; DF502 changes only how the value is quoted
      for (std::size_t i = 0; i + 1 < ins.arguments.size(); i += 3)
        out += " [" + ins.arguments[i] + "] [" + shell_unquote(ins.arguments[i + 1]) + "]";
      break;
    case Keyword::From:  // DF503 may change the case of AS
      for (std::size_t i = 0; i < ins.arguments.size(); ++i)
        out += " [" + (i == 1 ? to_lower(ins.arguments[i]) : ins.arguments[i]) + "]";
      break;
    default:
      for (const std::string& a : ins.arguments) out += " [" + a + "]";
  }
  for (const Heredoc& h : ins.heredocs) out += " <<" + std::string(doc.text(h.body));
  if (ins.trigger) out += " (" + signature(doc, *ins.trigger) + ")";
  return out;
}

// DF204 reorders COPY/ADD instructions that stand next to each other (nothing but comments and
// blank lines between): within each such group the signatures are compared as a sorted list,
// so only their order may change; any other instruction, a RUN included, ends a group, and so
// does an ADD of a URL (DF204 leaves it in place; DF203 may turn it into a RUN).
// (DF205 moves a RUN before `COPY .` and adds a COPY of manifests; it needs a build context,
// which this test does not give, so it never fixes here.)
std::vector<std::string> other_instructions(const Document& doc) {
  std::vector<std::string> out;
  std::size_t group_begin = 0;  // first COPY/ADD of the current group in `out`
  bool in_group = false;
  for (const Node* node : doc.instructions()) {
    Keyword keyword = node->instruction->keyword;
    bool copy = (keyword == Keyword::Copy || keyword == Keyword::Add) && !adds_url(*node->instruction);
    if (!copy && in_group) std::sort(out.begin() + static_cast<std::ptrdiff_t>(group_begin), out.end());
    if (copy && !in_group) group_begin = out.size();
    in_group = copy;
    if (keyword != Keyword::Run) out.push_back(signature(doc, *node->instruction));
  }
  if (in_group) std::sort(out.begin() + static_cast<std::ptrdiff_t>(group_begin), out.end());
  return out;
}

// `before` must be `after` minus some added WORKDIRs, plus ADDs of URLs that became RUNs (DF203).
bool same_other_instructions(const std::vector<std::string>& before,
                             const std::vector<std::string>& after) {
  std::size_t i = 0;
  // The first of before[from...] that is `s` or no ADD of a URL.
  auto skip_url_adds = [&](std::size_t from, const std::string& s) {
    while (from < before.size() && before[from] != s && is_url_add(before[from])) ++from;
    return from;
  };
  for (const std::string& s : after) {
    if (std::size_t j = skip_url_adds(i, s); j < before.size() && before[j] == s) i = j + 1;
    else if (!s.starts_with("WORKDIR ")) return false;
  }
  return skip_url_adds(i, "") == before.size();
}

// --- the shell commands ---------------------------------------------------------------------

// Words the hygiene rules insert, and commands they append or remove.
const std::set<std::string> kInsertedOptions = {"-y",          "--no-install-recommends",
                                                "--no-cache-dir", "--no-cache", "--no-document",
                                                "--no-log-init", "--batch",     "--force"};
bool is_intended_command(const std::vector<std::string>& words) {
  if (words.empty()) return true;
  auto is = [&](std::initializer_list<std::string_view> expected) {
    return std::equal(words.begin(), words.end(), expected.begin(), expected.end());
  };
  const std::string& name = words[0];
  if (name == "cd" || name == "mkdir") return true;  // mkdir -p X && cd X -> WORKDIR X (DF103)
  if (name == "rm" && words.size() == 3 && words[1] == "-rf" &&
      (words[2].starts_with("/var/lib/apt/lists") || words[2].starts_with("/var/cache/")))
    return true;
  // DF127 removes an archive right after unpacking it, by whatever name it was saved under
  // (`node.xz`, `templates.tpz`); no other rule writes `rm -f` of one file.
  if (name == "rm" && words.size() == 3 && words[1] == "-f" &&
      words[2].find_first_of("*?$") == std::string::npos)
    return true;
  if (is({"apk", "update"})) return true;
  if ((name == "yum" || name == "dnf" || name == "microdnf" || name == "zypper") &&
      words.size() > 1 && words[1] == "clean")
    return true;
  return (name == "npm" || name == "yarn") && words.size() > 1 && words[1] == "cache";
}

// DF203: an ADD of a URL, and the commands of the RUN that replaces it, become "fetch <url>".
// Right after a fetch, what DF203 adds (chmod/chown of the download, the checksum's echo and
// `sha256sum -c -`) is dropped; where the download streams into the next RUN's tar, tar loses
// the archive's name, "-" and its compression letters, and rm loses the archive. Only the file
// names the original's ADDs of URLs download are treated so; other commands compare as before.
class DF203Normaliser {
 public:
  explicit DF203Normaliser(const Document& before) {
    for (const Node* node : before.instructions()) {
      const Instruction& ins = *node->instruction;
      if (!adds_url(ins) || ins.arguments.size() != 2) continue;
      std::string url = ins.arguments[0].substr(0, ins.arguments[0].find('?'));
      names_.insert(base_name(url));
      if (!ins.arguments[1].ends_with('/')) names_.insert(base_name(ins.arguments[1]));
    }
  }

  void fetched() { after_fetch_ = true; }

  // The command's words as compared; nullopt to drop the command.
  std::optional<std::vector<std::string>> normalise(const std::vector<std::string>& w) {
    bool follows = std::exchange(after_fetch_, false);
    if (auto url = fetched_url(w)) {
      after_fetch_ = true;
      return std::vector<std::string>{"fetch", *url};
    }
    if (names_.empty() || w.empty()) return w;
    const std::string& name = w[0];
    bool touches_download = (name == "chmod" || name == "chown" || name == "echo") &&
                            names_download(w.back());
    bool checks_sum = (name == "sha256sum" || name == "sha512sum") &&
                      std::vector<std::string>(w.begin() + 1, w.end()) ==
                          std::vector<std::string>{"-c", "-"};
    if (follows && (touches_download || checks_sum)) {
      after_fetch_ = true;
      return std::nullopt;
    }
    if (name != "tar" && name != "rm") return w;
    std::vector<std::string> out{name};
    bool removed = false;
    for (std::size_t i = 1; i < w.size(); ++i) {
      if (w[i] == "-" || names_download(w[i])) {
        removed = true;
        continue;
      }
      std::string word = w[i];
      bool cluster = (i == 1 && word.front() != '-') ||
                     (word.size() > 1 && word[0] == '-' && word[1] != '-');
      if (name == "tar" && cluster)
        std::erase_if(word, [](char c) { return c == 'z' || c == 'j' || c == 'J'; });
      out.push_back(word);
    }
    bool only_options = std::all_of(out.begin() + 1, out.end(),
                                    [](const std::string& x) { return x.starts_with("-"); });
    if (name == "rm" && removed && only_options) return std::nullopt;
    return out;
  }

 private:
  static std::string base_name(std::string path) {
    while (path.size() > 1 && path.back() == '/') path.pop_back();
    return path.substr(path.rfind('/') + 1);
  }
  static std::string unquote(std::string word) {
    while (!word.empty() && (word.front() == '"' || word.front() == '\'')) word.erase(0, 1);
    while (!word.empty() && (word.back() == '"' || word.back() == '\'')) word.pop_back();
    return word;
  }
  // `curl -fsSL URL [-o FILE]` and `wget -q -O FILE URL`, as DF203 writes them.
  static std::optional<std::string> fetched_url(const std::vector<std::string>& w) {
    if (w.size() >= 3 && w[0] == "curl" && w[1] == "-sS" &&
        (w.size() == 3 || (w.size() == 5 && w[3] == "-o")))
      return unquote(w[2]);
    if (w.size() == 5 && w[0] == "wget" && w[1] == "-q" && w[2] == "-O") return unquote(w[4]);
    return std::nullopt;
  }
  bool names_download(const std::string& word) const {
    std::string w = unquote(word);
    if (w.starts_with("--file=")) w.erase(0, 7);
    return !w.empty() && names_.count(base_name(w));
  }

  std::set<std::string> names_;
  bool after_fetch_ = false;
};

std::vector<std::string> normalised_commands(const Document& doc, DF203Normaliser df203) {
  std::vector<std::string> out;
  for (const Node* node : doc.instructions()) {
    const Instruction& ins = *node->instruction;
    if (ins.keyword == Keyword::From) out.push_back("FROM");
    if (adds_url(ins)) {
      out.push_back("fetch " + ins.arguments.front());
      df203.fetched();
    }
    if (ins.keyword != Keyword::Run) continue;
    auto run = parse_run_script(ins);
    if (!run || !run->shell.parsed) {
      out.push_back("RUN " + std::string(ins.arguments_text()));
      continue;
    }
    for (const std::string& line : command_lines(run->shell)) {
      std::vector<std::string> words;
      std::istringstream in(line);
      for (std::string w; in >> w;)
        if (!kInsertedOptions.count(w)) words.push_back(w);
      // Leading NAME=value words stay; the rules look at the command after them.
      std::size_t name = 0;
      while (name < words.size() && words[name].find('=') != std::string::npos &&
             words[name].front() != '-')
        ++name;
      if (name < words.size() && words[name] == "sudo") words.erase(words.begin() + name);
      if (name < words.size() && words[name] == "apt") words[name] = "apt-get";
      // DF124 quotes `echo HASH file` to give it its two spaces.
      if (name < words.size() && words[name] == "echo")
        for (std::string& w : words) std::erase(w, '"');
      // DF112 names ca-certificates where curl, wget or git had it as a recommendation.
      if (name < words.size() && words[name] == "apt-get" &&
          std::find(words.begin(), words.end(), "install") != words.end())
        std::erase(words, "ca-certificates");
      // DF123 and DF125 put -f and -L into curl's first cluster of short options (-sS ->
      // -LfsS) or add -f, -L; the -f DF203's downloads have goes too (fetched_url knows them as
      // -sS once their L is gone too).
      auto runs_curl = [](std::string word) {  // curl, /usr/bin/curl, \curl, "curl"
        std::erase_if(word, [](char c) { return c == '\\' || c == '"' || c == '\''; });
        return word == "curl" || word.ends_with("/curl");
      };
      // Behind wrappers too (`xargs curl`, `env X=1 curl`): after the first word that runs curl.
      auto curl = std::find_if(words.begin() + static_cast<std::ptrdiff_t>(std::min(name, words.size())),
                               words.end(), runs_curl);
      if (curl != words.end())
        for (std::size_t k = words.size(); k-- > static_cast<std::size_t>(curl - words.begin()) + 1;) {
          std::string& w = words[k];
          if (w.size() < 2 || w[0] != '-' || w[1] == '-') continue;
          std::erase(w, 'f');
          std::erase(w, 'L');
          if (w == "-") words.erase(words.begin() + static_cast<std::ptrdiff_t>(k));
        }
      auto command =
          df203.normalise({words.begin() + static_cast<std::ptrdiff_t>(name), words.end()});
      if (!command) continue;
      words.resize(name);
      words.insert(words.end(), command->begin(), command->end());
      if (is_intended_command({words.begin() + name, words.end()})) continue;
      std::string joined;
      for (const std::string& w : words) joined += (joined.empty() ? "" : " ") + w;
      out.push_back(joined);
    }
  }
  return out;
}

std::vector<std::string> run_scripts(const Document& doc) {
  std::vector<std::string> out;
  for (const Node* node : doc.instructions())
    if (auto run = parse_run_script(*node->instruction)) out.push_back(run->shell.text);
  return out;
}

// `bash -n` over many scripts in one go; returns the scripts it rejects. A bash per script is
// most of this test's time, so verdicts are kept for the run (the safe and the unsafe pass
// share most scripts).
std::set<std::string> rejected_by_bash(const std::set<std::string>& scripts) {
  static std::map<std::string, bool> verdicts;  // script -> rejected
  std::set<std::string> rejected;
  std::vector<const std::string*> unknown;
  for (const std::string& s : scripts) {
    auto it = verdicts.find(s);
    if (it == verdicts.end())
      unknown.push_back(&s);
    else if (it->second)
      rejected.insert(s);
  }
  if (unknown.empty()) return rejected;
  TempDir dir;
  std::vector<const std::string*> by_index(unknown.size());
  std::size_t i = 0;
  for (const std::string* s : unknown) {
    write_file(dir.path() / std::to_string(i), *s + "\n");
    by_index[i++] = s;
    verdicts[*s] = false;
  }
  std::string command = "cd " + shell_quote(dir.path().string()) +
                        " && for f in *; do bash -n \"$f\" 2>/dev/null || echo \"$f\"; done > ../" +
                        dir.path().filename().string() + ".rejected";
  REQUIRE(std::system(command.c_str()) == 0);
  auto list = dir.path().parent_path() / (dir.path().filename().string() + ".rejected");
  std::istringstream in(read_file(list));
  for (std::string index; in >> index;) {
    const std::string& script = *by_index[std::stoul(index)];
    rejected.insert(script);
    verdicts[script] = true;
  }
  std::filesystem::remove(list);
  return rejected;
}

}  // namespace

TEST_CASE("corpus: fixes re-parse, are idempotent and change only what rules intend", "[corpus]") {
  for (bool unsafe : {false, true}) {
    OptimizeOptions options;
    options.apply_unsafe_fixes = unsafe;
    Tally tally;
    // Scripts a rewrite removed or produced, for one batched `bash -n` at the end.
    std::set<std::string> removed_scripts, new_scripts;
    for (const auto& path : files_under(corpus_dir() / "real")) {
      if (path.extension() != ".Dockerfile") continue;
      const std::string file = path.string();
      std::string input = read_file(path);
      Document before = parse_dockerfile(input, file);
      if (!before.errors.empty()) continue;
      ++tally.files;
      OptimizeResult first = optimize(input, file, all_rules(), options);
      if (!first.internal_errors.empty()) tally.problem("internal error: " + first.internal_errors[0], file);
      if (first.fixes_applied.empty() && first.output != input) tally.problem("changed without a fix", file);
      if (first.output == input) continue;
      ++tally.changed;
      Document after = parse_dockerfile(first.output, file);
      if (!after.errors.empty()) tally.problem("output does not parse", file);
      if (optimize(first.output, file, all_rules(), options).output != first.output)
        tally.problem("not idempotent", file);
      if (head_of_file(before) != head_of_file(after)) tally.problem("BOM or directives changed", file);
      if (has_final_newline(input) != has_final_newline(first.output))
        tally.problem("final newline changed", file);
      if (line_ending_style(input) != line_ending_style(first.output))
        tally.problem("line endings changed", file);
      auto comments_before = comments_of(before), comments_after = comments_of(after);
      if (!std::includes(comments_after.begin(), comments_after.end(), comments_before.begin(),
                         comments_before.end()))
        tally.problem("comment lost", file);
      if (!same_other_instructions(other_instructions(before), other_instructions(after)))
        tally.problem("non-RUN instruction changed", file);
      if (DF203Normaliser df203(before); true) {
        std::vector<std::string> was = normalised_commands(before, df203);
        std::vector<std::string> is = normalised_commands(after, df203);
        if (was != is) {
          // The first command that differs, for the report.
          auto [a, b] = std::mismatch(was.begin(), was.end(), is.begin(), is.end());
          tally.problem("shell commands changed", file + ": '" + (a == was.end() ? "" : *a) +
                                                      "' became '" + (b == is.end() ? "" : *b) + "'");
        }
      }
      auto scripts_before = run_scripts(before), scripts_after = run_scripts(after);
      std::set<std::string> set_before(scripts_before.begin(), scripts_before.end());
      std::set<std::string> set_after(scripts_after.begin(), scripts_after.end());
      for (const std::string& s : set_before)
        if (!set_after.count(s)) removed_scripts.insert(s);
      for (const std::string& s : set_after)
        if (!set_before.count(s)) new_scripts.insert(s);
    }
    // A new script may fail `bash -n` only if some script it replaced already failed (those are
    // only checked when it matters).
    std::size_t new_rejected = rejected_by_bash(new_scripts).size();
    std::size_t removed_rejected = new_rejected ? rejected_by_bash(removed_scripts).size() : 0;

    std::string report;
    for (const auto& [check, count] : tally.problems)
      report += check + ": " + std::to_string(count) + " (first: " + tally.first[check] + ")\n";
    INFO("unsafe fixes: " << unsafe << "\n" << report);
    INFO("bash -n rejects " << removed_rejected << " replaced scripts and " << new_rejected
                            << " new ones (of " << removed_scripts.size() << " / "
                            << new_scripts.size() << ")");
    CHECK(tally.files > 9000);
    CHECK(tally.changed > 1000);
    CHECK(new_scripts.size() > 1000);
    CHECK(tally.problems.empty());
    CHECK(new_rejected <= removed_rejected);
  }
}
