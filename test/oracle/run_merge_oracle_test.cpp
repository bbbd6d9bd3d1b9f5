// The differential oracle (oracle/script_sandbox.h) over the corpus.
//
// 1. Every RUN merge DF101 and DF102 propose (both `consecutive-run.policy` settings) must behave,
//    under dash and under bash, like the RUNs it replaces run one after another in fresh shells:
//    the same command invocations (name, arguments, working directory, exported environment,
//    piped stdin), and the same success or failure, also when any one command fails.
// 2. Every safe fix of the hygiene rules that edits inside one RUN (DF110-DF118, DF120-DF122: options
//    inserted, cleanups appended, `apt` renamed, `apk update` dropped) must keep the RUN's
//    behaviour apart from exactly what the rule intends: its options are ignored, its cleanup
//    commands are transparent (they neither count nor fail), `apt` compares as `apt-get`.
//
// Cost: a process start costs milliseconds, so by default (CI) a deterministic sample is
// checked: for every shell feature a case can have (see risk_key: a merge's correctness depends
// on the shell structure, not on package names), the case with the shortest scripts that
// have it, per rule, with a failure injected at the first and last command of each original RUN.
// DFOPT_ORACLE_FULL=1 checks every distinct case, with failures at up to 12 points each.
//
// Bugs the oracle finds go into kKnownOracleBugs below (so the suite passes until the rule is
// fixed) and are reported to the rules' authors.
#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <map>
#include <mutex>
#include <set>
#include <sstream>
#include <thread>

#include "analysis/stages.h"
#include "engine/optimizer.h"
#include "oracle/script_sandbox.h"
#include "rewrite/text_edit.h"
#include "shell/run_script.h"
#include "shell/shell_parser.h"
#include "shell/shell_queries.h"
#include "syntax/parser.h"
#include "test_support.h"
#include "transforms/registry.h"

using namespace dfopt;
using namespace dfopt::oracle;
using namespace dfopt::test;

namespace {

// Known dfopt bugs the oracle found, waiting for a fix in the rules: corpus file name -> the
// rule ("DF111: ...", first) and what is wrong. A failing case of that rule in one of these files
// is counted as "known" and does not fail the test; remove the entry once the rule is fixed.
const std::map<std::string, std::string> kKnownOracleBugs = {
    // (The DF111 `set -e && if …; fi && rm …` cases it found are fixed: append_blocker.)
};

struct OracleCase {
  std::string rule;  // "DF101", "DF102", "DF102 (adjacent)", "DF111", ...
  std::vector<std::string> originals;
  std::string rewritten;
  std::string workdir;
  std::vector<std::string> files;  // corpus files (names) where this exact case occurs
  std::string risk;                // risk_key(originals)
  // The stage's SHELL: its options before -c, and whether it names bash (then only bash runs).
  std::vector<std::string> shell_options;
  bool bash_only = false;
};

// --- what a merge risks, for sampling --------------------------------------------------------
//
// Whether `S1 && S2` behaves like S1 then S2 depends on the shell structure of the scripts, not
// on which packages they install: the features below are what a merge could get wrong (state a
// script leaves behind, connectors `&&` could regroup, expansions that see a leaked variable,
// comments). A merge's *risk key* is the set of its scripts' features, plus "flow" when a later
// script expands a variable an earlier one sets, and the number of RUNs (2, or more). By
// default one merge per key is checked; merges of plain external commands share one key.

bool is_shell_builtin_or_special(std::string_view name) {
  static const std::set<std::string, std::less<>> kNames = {
      "cd", "pushd", "popd", "export", "unset", "set", "shopt", "umask", "ulimit", "alias",
      "unalias", "source", ".", "eval", "trap", "exec", "exit", "return", "readonly", "declare",
      "typeset", "local", "read", "getopts", "shift", "hash", "enable", "echo", "printf", "test",
      "[", "true", "false", ":", "command", "builtin", "type", "wait", "kill", "break",
      "continue", "times", "let", "pwd", "jobs", "fg", "bg", "mapfile", "readarray", "time"};
  return kNames.count(name) > 0;
}

bool is_name_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

struct Features {
  std::set<std::string> features;
  std::set<std::string> sets, expands;  // variable names
};

// The parameters a word expands, and features of its expansions.
void word_features(std::string_view t, Features& f) {
  for (std::size_t i = 0; i < t.size(); ++i) {
    if (t[i] == '\\') {
      ++i;
      continue;
    }
    if (t[i] == '`') f.features.insert("$()");
    if (t[i] != '$' || i + 1 >= t.size()) continue;
    char c = t[i + 1];
    if (c == '(') {
      f.features.insert(i + 2 < t.size() && t[i + 2] == '(' ? "$((" : "$()");
      continue;
    }
    std::size_t j = i + 1 + (c == '{');
    std::size_t k = j;
    while (k < t.size() && is_name_char(t[k])) ++k;
    if (k == j) {
      if (k < t.size()) f.features.insert("$" + std::string(1, t[k]));  // $?, $$, $@, $1
      continue;
    }
    std::string name(t.substr(j, k - j));
    if (std::isdigit(static_cast<unsigned char>(name[0]))) f.features.insert("$1");
    else f.expands.insert(name);
    if (name == "RANDOM" || name == "SECONDS" || name == "BASHPID" || name == "LINENO" ||
        name == "PPID")
      f.features.insert("$" + name);
    if (c == '{' && k < t.size() && t[k] != '}') {
      std::string op(t.substr(k, t[k] == ':' ? 2 : 1));
      f.features.insert("${" + op + "}");
      if (op == "=" || op == ":=") f.sets.insert(name);
    }
  }
}

void list_features(const ShellList& list, Features& f, int depth);

void command_features(const ShellCommand& command, Features& f, int depth) {
  static const char* const kKinds[] = {"simple", "(subshell)", "{group}", "if", "for", "while",
                                       "until", "case", "function", "[["};
  if (command.kind != ShellCommandKind::Simple)
    f.features.insert(kKinds[static_cast<int>(command.kind)] + std::string(depth ? "" : "@top"));
  for (const ShellWord& w : command.words) word_features(w.text, f);
  for (const ShellRedirect& r : command.redirects) {
    f.features.insert("redirect" + r.op);
    word_features(r.target.text, f);
  }
  for (const ShellWord& w : command.assignments) {
    word_features(w.text, f);
    f.sets.insert(w.text.substr(0, w.text.find('=')));
  }
  if (command.kind == ShellCommandKind::For && !command.words.empty()) f.sets.insert(command.words[0].text);
  if (command.kind == ShellCommandKind::Simple) {
    if (command.words.empty() && !command.assignments.empty()) f.features.insert("NAME=value");
    else if (!command.assignments.empty()) f.features.insert("NAME=value-command");
    std::string_view name = command.name();
    if (!command.words.empty() && name.empty()) f.features.insert("computed-command-name");
    if (is_shell_builtin_or_special(name)) f.features.insert(std::string(name));
    if (name == "export" || name == "read" || name == "local" || name == "declare" ||
        name == "readonly" || name == "typeset" || name == "let")
      for (std::size_t i = 1; i < command.words.size(); ++i) {
        const std::string& w = command.words[i].text;
        std::size_t end = 0;
        while (end < w.size() && is_name_char(w[end])) ++end;
        if (end) f.sets.insert(w.substr(0, end));
      }
  }
  for (const ShellList& body : command.bodies) list_features(body, f, depth + 1);
}

void list_features(const ShellList& list, Features& f, int depth) {
  if (list.items.size() > 1) f.features.insert(depth ? "list" : "list@top");
  for (const ShellListItem& item : list.items) {
    if (item.terminator == ShellTerminator::Semicolon) f.features.insert(depth ? ";" : ";@top");
    if (item.terminator == ShellTerminator::Ampersand) f.features.insert("&");
    for (ShellConnector c : item.and_or.connectors)
      if (c == ShellConnector::Or) f.features.insert(depth ? "||" : "||@top");
    for (const ShellPipeline& pipeline : item.and_or.pipelines) {
      if (pipeline.negated) f.features.insert("!");
      if (pipeline.commands.size() > 1) f.features.insert("|");
      for (const ShellCommand& command : pipeline.commands) command_features(command, f, depth);
    }
  }
}

std::string risk_key(const std::vector<std::string>& originals) {
  std::set<std::string> key;
  std::set<std::string> set_before;
  for (std::size_t i = 0; i < originals.size(); ++i) {
    ShellScript script = parse_shell(originals[i]);
    Features f;
    list_features(script.list, f, 0);
    if (!script.comments.empty()) f.features.insert(trailing_comment(script) ? "#-at-the-end" : "#");
    for (const std::string& name : f.expands)
      if (set_before.count(name)) f.features.insert("flow");
    set_before.insert(f.sets.begin(), f.sets.end());
    if (!f.sets.empty()) f.features.insert("sets-a-variable");
    key.insert(f.features.begin(), f.features.end());
  }
  std::string out = originals.size() > 2 ? "3+RUNs:" : "2RUNs:";
  for (const std::string& k : key) out += " " + k;
  return out;
}

// --- the cases of the corpus ---------------------------------------------------------------

struct Collection {
  std::vector<OracleCase> cases;
  std::map<std::string, std::size_t> index;    // exact case -> position in `cases`
  std::map<std::string, std::size_t> skipped;  // reason -> count
  std::size_t files = 0, fixes = 0;

  void add(OracleCase c, const std::string& file) {
    std::string key = c.rule.substr(0, 5) + '\x01' + c.workdir + '\x01' + c.rewritten +
                      std::string("\x01") + (c.bash_only ? "bash" : "sh");
    for (const std::string& s : c.shell_options) key += '\x02' + s;
    for (const std::string& s : c.originals) key += '\x01' + s;
    if (auto it = index.find(key); it != index.end()) {
      std::vector<std::string>& where = cases[it->second].files;
      if (std::find(where.begin(), where.end(), file) == where.end()) where.push_back(file);
      return;
    }
    c.files.push_back(file);
    c.risk = risk_key(c.originals);
    if (c.bash_only || !c.shell_options.empty()) {
      c.risk += " SHELL:" + std::string(c.bash_only ? "bash" : "sh");
      for (const std::string& o : c.shell_options) c.risk += "," + o;
    }
    index.emplace(key, cases.size());
    cases.push_back(std::move(c));
  }
};

struct RuleRun {
  const Rule* rule;
  std::string label;
  RuleContext context;
};

enum class Kind { Merges, InRunEdits };

// The rules whose fixes the oracle checks.
std::vector<RuleRun> rule_runs(Kind kind) {
  std::vector<RuleRun> out;
  if (kind == Kind::Merges) {
    out.push_back({find_rule("DF101"), "DF101", {}});
    out.push_back({find_rule("DF102"), "DF102", {}});
    RuleRun adjacent{find_rule("DF102"), "DF102 (adjacent)", {}};
    adjacent.context.options["consecutive-run.policy"] = "adjacent";
    out.push_back(adjacent);
  } else {
    for (const char* id : {"DF110", "DF111", "DF112", "DF113", "DF114", "DF115", "DF116", "DF117",
                           "DF118", "DF120", "DF121", "DF122"})
      out.push_back({find_rule(id), id, {}});
  }
  for (const RuleRun& r : out) REQUIRE(r.rule != nullptr);
  return out;
}

// The original scripts of `nodes` (RUN instructions), or nullopt.
std::optional<std::vector<std::string>> scripts_of(const std::vector<const Node*>& nodes) {
  std::vector<std::string> out;
  for (const Node* node : nodes) {
    auto script = parse_run_script(*node->instruction);
    if (!script || !script->shell.parsed) return std::nullopt;
    out.push_back(script->shell.text);
  }
  return out;
}

// The SHELL in effect at instruction `index` (the last SHELL of its stage before it, or of the
// stages it builds on): its options before `-c` and whether it is bash; nullopt when it is not
// a shell the oracle runs (`sh`, `dash`, `ash`, `bash`, each followed by options and `-c`).
struct StageShell {
  std::vector<std::string> options;
  bool bash = false;
};
std::optional<StageShell> stage_shell(const StageMap& stages, std::size_t index) {
  const auto& instructions = stages.instructions();
  std::optional<std::size_t> stage = stages.facts(index).stage;
  std::size_t end = index;
  while (stage) {
    const Stage& st = stages.stages()[*stage];
    for (std::size_t i = end; i-- > st.first;) {
      const Instruction& ins = *instructions[i]->instruction;
      if (ins.keyword != Keyword::Shell) continue;
      const std::vector<std::string>& args = ins.arguments;
      if (args.size() < 2 || args.back() != "-c") return std::nullopt;
      std::string program = args.front().substr(args.front().rfind('/') + 1);
      if (program != "sh" && program != "bash" && program != "dash" && program != "ash")
        return std::nullopt;
      return StageShell{{args.begin() + 1, args.end() - 1}, program == "bash"};
    }
    if (!st.parent) break;
    end = stages.stages()[*st.parent].end;
    stage = st.parent;
  }
  return StageShell{};
}

void collect(const std::string& name, const std::string& input, Kind kind,
             const std::vector<RuleRun>& runs, Collection& out) {
  Document doc = parse_dockerfile(input, name);
  if (!doc.errors.empty()) return;
  ++out.files;
  const StageMap& stages = StageMap::of(doc);
  const auto& instructions = doc.instructions();
  std::map<const Node*, std::size_t> instruction_index;
  for (std::size_t i = 0; i < instructions.size(); ++i) instruction_index[instructions[i]] = i;

  for (const RuleRun& run : runs) {
    std::vector<Finding> findings;
    run.rule->check(doc, run.context, findings);
    for (const Finding& finding : findings) {
      if (!finding.fix || finding.fix->edits.empty()) continue;
      if (finding.fix->safety != FixSafety::Safe) {
        ++out.skipped["not a safe fix"];
        continue;
      }
      ++out.fixes;
      std::vector<TextEdit> edits = finding.fix->edits;
      std::sort(edits.begin(), edits.end(),
                [](const TextEdit& a, const TextEdit& b) { return a.span.begin < b.span.begin; });
      Document after = parse_dockerfile(apply_edits(doc.source(), edits), name);
      if (!after.errors.empty()) {
        ++out.skipped["the fixed file does not parse"];
        continue;
      }
      const auto& after_instructions = after.instructions();

      if (kind == Kind::InRunEdits) {
        // Every edit inside one RUN, which stays one RUN at the same place.
        std::optional<std::size_t> index;
        bool inside = true;
        for (const TextEdit& edit : edits) {
          std::optional<std::size_t> here;
          for (std::size_t i = 0; i < instructions.size(); ++i)
            if (instructions[i]->span.begin <= edit.span.begin && edit.span.end <= instructions[i]->span.end)
              here = i;
          inside = inside && here && (!index || *index == *here);
          if (here) index = here;
        }
        if (!inside || !index || instructions[*index]->instruction->keyword != Keyword::Run ||
            after_instructions.size() != instructions.size() ||
            after_instructions[*index]->instruction->keyword != Keyword::Run) {
          ++out.skipped["the fix edits more than one RUN"];
          continue;
        }
        if (!stages.facts(*index).posix_shell) {
          ++out.skipped["not a POSIX shell stage"];
          continue;
        }
        auto originals = scripts_of({instructions[*index]});
        auto rewritten = scripts_of({after_instructions[*index]});
        if (!originals || !rewritten) {
          ++out.skipped["a script is not shell form or does not parse"];
          continue;
        }
        auto shell = stage_shell(stages, *index);
        if (!shell) {
          ++out.skipped["the stage's SHELL is not sh or bash with -c"];
          continue;
        }
        out.add({run.label, *originals, rewritten->front(),
                 stages.facts(*index).workdir.value_or("/"), {}, {}, shell->options, shell->bash},
                name);
        continue;
      }

      long shift = 0;
      for (const TextEdit& edit : edits) {
        const long new_begin = static_cast<long>(edit.span.begin) + shift;
        const long new_end = new_begin + static_cast<long>(edit.replacement.size());
        shift += static_cast<long>(edit.replacement.size()) - static_cast<long>(edit.span.size());
        // The RUNs the edit replaces, and what stands in their place.
        std::vector<const Node*> replaced, replacing;
        bool other = false;
        for (const Node* node : instructions)
          if (node->span.begin >= edit.span.begin && node->span.end <= edit.span.end) {
            replaced.push_back(node);
            other = other || node->instruction->keyword != Keyword::Run;
          }
        for (const Node* node : after_instructions)
          if (static_cast<long>(node->span.begin) >= new_begin &&
              static_cast<long>(node->span.end) <= new_end)
            replacing.push_back(node);
        if (replaced.size() < 2) {
          ++out.skipped["an edit that merges nothing"];
          continue;
        }
        if (other) {
          ++out.skipped["the edit spans other instructions than RUNs"];
          continue;
        }
        if (replacing.size() != 1 || replacing[0]->instruction->keyword != Keyword::Run) {
          ++out.skipped["the replacement is not one RUN"];
          continue;
        }
        bool posix = true;
        for (const Node* node : replaced) posix = posix && stages.facts(instruction_index.at(node)).posix_shell;
        if (!posix) {
          ++out.skipped["not a POSIX shell stage"];
          continue;
        }
        auto originals = scripts_of(replaced);
        auto rewritten = scripts_of(replacing);
        if (!originals || !rewritten) {
          ++out.skipped["a script is not shell form or does not parse"];
          continue;
        }
        std::size_t first = instruction_index.at(replaced.front());
        auto shell = stage_shell(stages, first);
        if (!shell) {
          ++out.skipped["the stage's SHELL is not sh or bash with -c"];
          continue;
        }
        out.add({run.label, *originals, rewritten->front(), stages.facts(first).workdir.value_or("/"),
                 {}, {}, shell->options, shell->bash},
                name);
      }
    }
  }
}

// The cases of one corpus file: the fixes the rules propose on it, and, for merges, those they
// propose once the first round of DF101/DF102 fixes is applied (a merge of RUNs that are
// themselves merges, as the optimizer's second round makes them).
void collect_file(const std::string& name, const std::string& input, Kind kind,
                  const std::vector<RuleRun>& runs, Collection& out) {
  collect(name, input, kind, runs, out);
  if (kind != Kind::Merges) return;
  OptimizeOptions one_round;
  one_round.max_rounds = 1;
  OptimizeResult first = optimize(input, name, {find_rule("DF101"), find_rule("DF102")}, one_round);
  if (first.output == input || !first.errors.empty()) return;
  std::vector<RuleRun> second;
  for (RuleRun run : runs) {
    run.label += " (round 2)";
    second.push_back(std::move(run));
  }
  std::size_t files = out.files;
  collect(name, first.output, kind, second, out);
  out.files = files;
}

// The features of a risk key ("2RUNs: cd |" -> "2RUNs", "cd", "|").
std::vector<std::string> features_of(const std::string& key) {
  std::vector<std::string> out;
  std::istringstream in(key);
  for (std::string word; in >> word;) out.push_back(word.ends_with(':') ? word.substr(0, word.size() - 1) : word);
  return out;
}

// All cases, or for each (rule, feature) the `per_feature` cases with the shortest scripts.
std::vector<std::size_t> select_cases(const Collection& collection, bool full,
                                      std::size_t per_feature, std::size_t& features) {
  std::map<std::string, std::vector<std::size_t>> by_feature;
  auto size_of = [&](std::size_t i) {
    std::size_t n = collection.cases[i].rewritten.size();
    for (const std::string& s : collection.cases[i].originals) n += s.size();
    return n;
  };
  for (std::size_t i = 0; i < collection.cases.size(); ++i) {
    const std::string family = collection.cases[i].rule.substr(0, 5);  // DF102 (adjacent) -> DF102
    for (const std::string& f : features_of(collection.cases[i].risk)) {
      std::vector<std::size_t>& best = by_feature[family + " " + f];
      best.push_back(i);
      std::stable_sort(best.begin(), best.end(),
                       [&](std::size_t a, std::size_t b) { return size_of(a) < size_of(b); });
      if (best.size() > per_feature) best.pop_back();
    }
  }
  features = by_feature.size();
  std::vector<std::size_t> selected;
  if (full) {
    for (std::size_t i = 0; i < collection.cases.size(); ++i) selected.push_back(i);
  } else {
    std::set<std::size_t> chosen;
    for (const auto& [feature, best] : by_feature) chosen.insert(best.begin(), best.end());
    selected.assign(chosen.begin(), chosen.end());
  }
  return selected;
}

std::string shell_words(const std::vector<std::string>& words) {
  std::string out;
  for (const std::string& w : words) out += " " + w;
  return out;
}

std::string listed(const std::vector<std::string>& scripts) {
  std::string out;
  for (std::size_t i = 0; i < scripts.size(); ++i)
    out += "    RUN " + std::to_string(i + 1) + ": " + scripts[i] + "\n";
  return out;
}

// Collects the cases of `kind` over the corpus, runs the oracle on the selection with two
// sandboxes in parallel, reports the tally, and fails on every failure not in kKnownOracleBugs.
void run_corpus_oracle(Kind kind, const OracleOptions& base, std::size_t per_feature) {
  if (auto reason = ScriptSandbox::unavailable_reason()) {
    WARN("script sandbox unavailable (" << *reason << "): corpus oracle skipped");
    return;
  }
  const bool full = full_oracle_requested();
  const auto started = std::chrono::steady_clock::now();
  const std::vector<RuleRun> runs = rule_runs(kind);
  Collection collection;
  for (const auto& path : files_under(corpus_dir() / "real"))
    if (path.extension() == ".Dockerfile")
      collect_file(path.filename().string(), read_file(path), kind, runs, collection);
  REQUIRE(collection.files > 9000);
  REQUIRE(collection.cases.size() > (kind == Kind::Merges ? 5000u : 1000u));

  std::size_t features = 0;
  std::vector<std::size_t> selected = select_cases(collection, full, per_feature, features);
  // DFOPT_ORACLE_RULES=TEXT: only the cases whose rule label contains TEXT ("DF111", "round 2").
  if (const char* only = std::getenv("DFOPT_ORACLE_RULES"); only && *only)
    std::erase_if(selected, [&](std::size_t i) {
      return collection.cases[i].rule.find(only) == std::string::npos;
    });
  OracleOptions options = base;
  options.fail_points = full ? FailPoints::All : FailPoints::Boundaries;
  const auto collected = std::chrono::steady_clock::now();

  // Two workers, each with its own sandbox (and its own unprivileged user).
  std::vector<OracleResult> results(selected.size());
  std::vector<double> seconds(selected.size());
  std::atomic<std::size_t> next{0};
  std::mutex error_mutex;
  std::string worker_error, notes;
  const char* progress_file = std::getenv("DFOPT_ORACLE_REPORT");
  if (progress_file && !*progress_file) progress_file = nullptr;
  std::size_t done = 0;
  auto worker = [&](unsigned slot) {
    try {
      ScriptSandbox sandbox(slot);
      if (slot == 0) {
        std::lock_guard lock(error_mutex);
        notes = sandbox.isolation_notes();
      }
      for (std::size_t j; (j = next++) < selected.size();) {
        const OracleCase& c = collection.cases[selected[j]];
        OracleOptions o = options;
        o.workdir = c.workdir;
        o.shell_options = c.shell_options;
        auto t = std::chrono::steady_clock::now();
        results[j] = c.bash_only ? sandbox.check(c.originals, c.rewritten, o, {Shell::Bash})
                                 : sandbox.check(c.originals, c.rewritten, o);
        seconds[j] = std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
        // With DFOPT_ORACLE_REPORT, failures as they are found, and the progress, for long runs.
        if (progress_file) {
          std::lock_guard lock(error_mutex);
          std::ofstream out(progress_file, std::ios::app);
          for (const ShellVerdict& v : results[j].shells)
            if (v.verdict == Verdict::Fail)
              out << "found: [" << c.rule << "] " << c.files.front() << "\n" << listed(c.originals)
                  << "    rewritten: " << c.rewritten << "\n  " << v.detail << "\n\n";
          if (++done % 250 == 0) out << "progress: " << done << " of " << selected.size() << "\n";
        }
      }
    } catch (const std::exception& e) {
      std::lock_guard lock(error_mutex);
      worker_error = e.what();
      next = selected.size();
    }
  };
  std::vector<std::thread> threads;
  for (unsigned slot = 0; slot < 2; ++slot) threads.emplace_back(worker, slot);
  for (std::thread& t : threads) t.join();
  REQUIRE(worker_error.empty());

  // The tally, per shell.
  struct Count {
    std::size_t checked = 0, passed = 0, failed = 0, known = 0, inconclusive = 0;
  };
  std::map<std::string, Count> counts;
  std::map<std::string, std::size_t> by_rule, inconclusive_reasons;
  std::vector<std::string> failures, known_failures, inconclusive_examples;
  std::set<std::string> known_files_seen;
  std::size_t fail_points = 0, slowest = 0;
  for (std::size_t j = 0; j < selected.size(); ++j) {
    const OracleCase& c = collection.cases[selected[j]];
    ++by_rule[c.rule];
    if (seconds[j] > seconds[slowest]) slowest = j;
    std::string known;
    for (const std::string& f : c.files)
      if (auto it = kKnownOracleBugs.find(f);
          it != kKnownOracleBugs.end() && it->second.starts_with(c.rule.substr(0, 5))) {
        known = f + ": " + it->second;
        known_files_seen.insert(f);
      }
    for (const ShellVerdict& v : results[j].shells) {
      Count& n = counts[std::string(shell_name(v.shell))];
      ++n.checked;
      fail_points += v.fail_points;
      std::string report =
          std::string(verdict_name(v.verdict)) + " [" + c.rule + "] " + c.files.front() +
          (c.files.size() > 1 ? " (and " + std::to_string(c.files.size() - 1) + " more)" : "") +
          " (WORKDIR " + c.workdir + (c.shell_options.empty() && !c.bash_only ? "" : ", SHELL " + std::string(c.bash_only ? "bash" : "sh") + shell_words(c.shell_options)) + ")\n" + listed(c.originals) + "    rewritten: " + c.rewritten +
          "\n  " + v.detail;
      switch (v.verdict) {
        case Verdict::Pass: ++n.passed; break;
        case Verdict::Inconclusive: {
          ++n.inconclusive;
          const char* reason = "other";
          for (const char* r : {"timed out", "too many invocations", "do not behave the same twice",
                                "sandbox error"})
            if (v.detail.find(r) != std::string::npos) reason = r;
          ++inconclusive_reasons[reason];
          inconclusive_examples.push_back(report);
          break;
        }
        case Verdict::Fail:
          if (!known.empty()) {
            ++n.known;
            known_failures.push_back(report + "\n  known: " + known);
          } else {
            ++n.failed;
            failures.push_back(report);
          }
          break;
      }
    }
  }

  const auto finished = std::chrono::steady_clock::now();
  auto span = [](auto a, auto b) { return std::chrono::duration<double>(b - a).count(); };
  std::ostringstream summary;
  summary << (kind == Kind::Merges ? "RUN-merge" : "in-RUN edit") << " oracle ("
          << (full ? "full: DFOPT_ORACLE_FULL=1" : "sampled: the " + std::to_string(per_feature) + " smallest cases per rule and feature; DFOPT_ORACLE_FULL=1 for all")
          << "): " << collection.files << " files, " << collection.fixes << " safe fixes, "
          << collection.cases.size() << " distinct cases, " << features << " (rule, feature) pairs, "
          << selected.size() << " checked (";
  for (const auto& [rule, n] : by_rule) summary << rule << " " << n << ", ";
  summary << fail_points << " failure points)\n";
  for (const auto& [shell, n] : counts)
    summary << "  " << shell << ": checked " << n.checked << ", passed " << n.passed << ", failed "
            << n.failed << ", known bugs " << n.known << ", inconclusive " << n.inconclusive << "\n";
  for (const auto& [reason, n] : inconclusive_reasons) summary << "  inconclusive: " << reason << ": " << n << "\n";
  for (const auto& [reason, n] : collection.skipped) summary << "  skipped: " << reason << ": " << n << "\n";
  summary << "  time: " << span(started, collected) << " s collecting, " << span(collected, finished)
          << " s in the sandboxes (" << notes << ")";
  if (!selected.empty())
    summary << "; slowest case " << seconds[slowest] << " s: "
            << collection.cases[selected[slowest]].files.front();
  WARN(summary.str());
  for (const std::string& k : known_failures) WARN("known bug:\n" << k);
  for (std::size_t i = 0; i < inconclusive_examples.size() && i < 3; ++i)
    WARN("inconclusive:\n" << inconclusive_examples[i]);
  if (full)
    for (const auto& [file, why] : kKnownOracleBugs)
      if (!known_files_seen.count(file) && why.starts_with(kind == Kind::Merges ? "DF10" : "DF11"))
        WARN("kKnownOracleBugs lists " << file << " but nothing there fails any more: remove it");

  // DFOPT_ORACLE_REPORT=FILE: every failure, known bug and inconclusive case, appended to FILE.
  if (const char* report = std::getenv("DFOPT_ORACLE_REPORT"); report && *report) {
    std::ofstream out(report, std::ios::app);
    out << summary.str() << "\n\n";
    for (const std::string& f : failures) out << f << "\n\n";
    for (const std::string& f : known_failures) out << f << "\n\n";
    for (const std::string& f : inconclusive_examples) out << f << "\n\n";
  }
  std::size_t shown = 0;
  for (const std::string& f : failures)
    if (shown++ < 25) FAIL_CHECK("oracle failure:\n" << f);
  CHECK(failures.empty());
  if (!selected.empty()) CHECK(counts["bash"].checked == selected.size());
}

}  // namespace

TEST_CASE("corpus: RUN merges behave like the RUNs they replace (dash and bash oracle)",
          "[corpus][oracle-corpus]") {
  OracleOptions options;
  options.timeout = std::chrono::seconds(3);
  run_corpus_oracle(Kind::Merges, options, 1);
}

TEST_CASE("corpus: in-RUN hygiene edits change only what the rule intends (dash and bash oracle)",
          "[corpus][oracle-corpus]") {
  OracleOptions options;
  options.timeout = std::chrono::seconds(3);
  // What DF110, DF112, DF114, DF115, DF118, DF120, DF121 and DF122 insert; DF113's rename; what
  // DF111, DF115, DF116 and DF117 append or remove.
  options.ignored_words = {"-y",           "--no-install-recommends", "--no-cache-dir", "--no-cache",
                           "--no-document", "--no-log-init",           "--batch",        "--force"};
  options.renamed_commands = {{"apt", "apt-get"}};
  options.transparent_commands = {
      {"rm", "-rf", "/var/lib/apt/lists*", "**"}, {"rm", "-rf", "/var/cache/apk*", "**"},
      {"apk", "update"},                          {"npm", "cache", "clean", "**"},
      {"yarn", "cache", "clean", "**"},           {"yum", "clean", "all"},
      {"dnf", "clean", "all"},                    {"microdnf", "clean", "all"},
      {"zypper", "clean", "**"}};
  run_corpus_oracle(Kind::InRunEdits, options, 1);
}
