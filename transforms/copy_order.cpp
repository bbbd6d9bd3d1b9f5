// DF204 copy-order: in a group of adjacent COPY/ADD instructions, copy what changes rarely
// (dependency manifests, libraries) before what changes often (the application's sources), where
// swapping them provably keeps the image.
#include <algorithm>
#include <map>
#include <set>

#include "analysis/copy_paths.h"
#include "analysis/stage_contents.h"
#include "analysis/stages.h"
#include "context/build_context.h"
#include "context/path_probe.h"
#include "rewrite/file_style.h"
#include "transforms/registry.h"

namespace dfopt {
namespace {

constexpr std::string_view kDoc = R"md(## What it does
Reorders a group of adjacent `COPY`/`ADD` instructions so that files that change rarely are
copied first and files that change often are copied last. Each source is ranked:
- stable: dependency manifests and lock files (`package.json`, `package-lock.json`, `yarn.lock`,
  `pnpm-lock.yaml`, `requirements*.txt`, `Pipfile*`, `poetry.lock`, `pyproject.toml`,
  `go.mod`/`go.sum`, `Cargo.toml`/`Cargo.lock`, `pom.xml`, `build.gradle*`, `settings.gradle*`,
  `Gemfile*`, `composer.*`, also as globs like `package*.json`), and the folders `lib/`, `libs/`,
  `vendor/`, `third_party/`;
- volatile: the whole context (`.`), `src/`, `app/`, and build output (`target/`, `dist/`,
  `build/`, `out/`, `*.jar`, `*.war`);
- everything else ranks in between.
An instruction ranks as its most volatile source. The group is sorted by rank; instructions of
equal rank keep their order, and so does every pair that cannot be swapped safely. Each
instruction moves with its flags, its continuation lines and the comment lines directly above
it; blank lines and comments separated by a blank line stay where they are.

## Why is this bad?
A layer's cache is reused only while the files it copies and every layer before it are
unchanged. When the application code is copied before the libraries or manifests, every edit
to the code also rebuilds the layer of the files that did not change, and everything after it.
Docker's guide ("Order your layers", docs.docker.com/build/cache/optimize/) recommends copying
from the least to the most frequently changed.

## Example
```dockerfile
COPY app/ /srv/app/
COPY lib/ /srv/lib/
RUN python3 -m compileall -q /srv
```

## Use instead
```dockerfile
COPY lib/ /srv/lib/
COPY app/ /srv/app/
RUN python3 -m compileall -q /srv
```

## Fix safety
Safe: two instructions change their order only when the image provably stays the same.
- Only a group of `COPY`/`ADD` instructions with nothing but comments and blank lines between
  them is reordered; nothing moves across any other instruction (a `RUN` may read what was
  copied). A `COPY --from` copies from another stage or image, whose rate of change dfopt cannot
  judge: it stays in place and splits the group, as do an `ADD` of a URL (DF203 turns it into a
  `RUN`), heredoc `COPY`s and instructions with an unknown flag. A group longer than 128
  instructions is reordered 128 at a time (each run on its own), which keeps the rule linear. `--chown`, `--chmod`, `--link` and the other flags travel with their instruction.
- When two instructions write the same path, the later one wins, so their destinations must not
  overlap: neither may be the other or lie inside it. Relative destinations are resolved against
  the `WORKDIR` the Dockerfile sets; while the working directory is the base image's (unknown),
  only absolute destinations can be compared. A destination holding a variable overlaps all.
- Where destinations overlap, the build context (`--context`, by default the Dockerfile's
  folder) may still show that the two write different files: each source is listed, and no file
  or folder may be written by both, nor may one write where the other's destination is. A glob,
  a variable, a missing source, an archive `ADD` would unpack, `--parents` or the whole
  context (`.`) gives no such list. `.dockerignore` is not applied, which only makes the lists
  longer. Without a readable context, overlapping destinations are not reordered.
- The folders a `COPY` creates on the way to its destination belong to its `--chown` user. When
  the two differ in `--chown` or `--chmod`, the folder their destinations share must already
  exist (`/`, or the `WORKDIR` and its parents) and neither may use `--link`.
- Stages on a Windows base image are left alone.
Symlinks: destinations are compared after following the links merged-/usr images have (`/bin`
→ `/usr/bin`, `/lib` → `/usr/lib`, `/var/run` → `/run`, ...), and a group after a `RUN` that
may make a symlink (`ln -s`, or a script dfopt cannot fully read that mentions `ln`), in its
stage or a stage it builds on, is reported without a fix. dfopt cannot see inside the base
image: another symlink there that points one destination into the other would defeat the
comparison. When a better order exists but no move is proven safe, the
finding is reported without a fix.
)md";

const RuleInfo kInfo{
    .id = "DF204",
    .name = "copy-order",
    .summary = "Copy rarely changing files (manifests, libraries) before often changing ones "
               "(sources)",
    .doc = kDoc,
    .fix = FixAvailability::Sometimes,
    .fix_safeties = {.safe = true},
};

enum class Rank { Stable = 0, Ordinary = 1, Volatile = 2 };

std::string_view rank_name(Rank rank) {
  switch (rank) {
    case Rank::Stable: return "rarely changes";
    case Rank::Ordinary: return "changes sometimes";
    case Rank::Volatile: return "changes often";
  }
  return "";
}

bool one_of(std::string_view word, std::initializer_list<std::string_view> names) {
  return std::find(names.begin(), names.end(), word) != names.end();
}

Rank source_rank(std::string_view source) {
  if (is_whole_context_source(source)) return Rank::Volatile;
  std::string path = clean_path(source);
  while (path.starts_with('/')) path.erase(0, 1);
  if (path.empty() || path == ".") return Rank::Volatile;
  std::string_view first = std::string_view(path).substr(0, path.find('/'));
  std::string_view name = std::string_view(path).substr(path.rfind('/') + 1);
  if (is_dependency_manifest(name)) return Rank::Stable;
  if (one_of(first, {"lib", "libs", "vendor", "third_party", "third-party"})) return Rank::Stable;
  if (one_of(first, {"src", "app", "target", "dist", "build", "out"})) return Rank::Volatile;
  if (name.ends_with(".jar") || name.ends_with(".war")) return Rank::Volatile;
  return Rank::Ordinary;
}

bool flag_travels(const Flag& flag) {
  return one_of(flag.name(), {"chown", "chmod", "link", "parents", "exclude", "checksum",
                              "keep-git-dir", "unpack"});
}

// One COPY/ADD of a group: where its text is, what it copies, where it writes.
struct Member {
  const Instruction* copy = nullptr;
  Span block;  // the comment lines directly above it, then the instruction
  Rank rank = Rank::Ordinary;
  std::optional<std::string> destination;  // absolute and clean
  bool into_directory = false;             // the sources go inside `destination`
  std::string owner;                       // --chown and --chmod values, as written
  bool link = false;
};

// What a COPY/ADD writes, by absolute path (files and folders below the destination); nullopt
// when the build context cannot tell.
using WrittenPaths = std::optional<std::set<std::string>>;

constexpr std::size_t kMaxListedPaths = 20000;
// Members judged together: a longer group is reordered a run of this many at a time.
constexpr std::size_t kMaxGroup = 128;

WrittenPaths written_paths(const Member& m, const std::filesystem::path& context, char escape) {
  namespace fs = std::filesystem;
  const Instruction& copy = *m.copy;
  if (!m.destination || copy.has_flag("parents")) return std::nullopt;
  std::set<std::string> out;
  const std::string& dest = *m.destination;
  auto below = [&](std::string_view rel) { return clean_path(dest + "/" + std::string(rel)); };
  std::vector<std::string_view> sources = copy_sources(copy);
  for (std::string_view word : sources) {
    if (is_whole_context_source(word) || is_remote_source(word)) return std::nullopt;
    auto source = literal_copy_argument(word, escape);
    if (!source || has_glob_or_variable(*source)) return std::nullopt;
    std::string rel = clean_path(*source);
    while (rel.starts_with('/')) rel.erase(0, 1);
    if (rel.empty() || rel == "." || rel.starts_with("..")) return std::nullopt;
    fs::path path = context / rel;
    const PathKind kind = probe_path(path);
    if (kind == PathKind::Missing) return std::nullopt;
    if (kind == PathKind::Directory) {
      // The folder's contents go into the destination.
      std::error_code ec;
      fs::recursive_directory_iterator it(path, fs::directory_options::none, ec), end;
      for (; !ec && it != end; it.increment(ec)) {
        out.insert(below(it->path().lexically_relative(path).generic_string()));
        if (out.size() > kMaxListedPaths) return std::nullopt;
      }
      if (ec) return std::nullopt;
      continue;
    }
    if (copy.keyword == Keyword::Add && inspect_source(context, rel) != SourceKind::PlainFile)
      return std::nullopt;  // an archive ADD unpacks, or a file it could not read
    std::string name = fs::path(rel).filename().string();
    bool into_directory = m.into_directory || sources.size() > 1;
    out.insert(below(name));
    // `COPY a.txt /x` writes /x, or /x/a.txt when /x is a folder in the image.
    if (!into_directory) out.insert(dest);
  }
  return out;
}

class CopyGroup {
 public:
  CopyGroup(std::vector<Member> members, const std::optional<std::string>& workdir,
            const RuleContext& context, char escape)
      : members_(std::move(members)), workdir_(workdir), context_(context), escape_(escape) {}

  // The order that copies stable files first without swapping any pair that may not be
  // swapped: among the members whose earlier "must stay before" partners are placed, the
  // lowest rank goes next (ties: the earliest). With `safe_only` false, every swap counts as
  // safe: the order the group should have.
  std::vector<std::size_t> best_order(bool safe_only) {
    std::vector<std::size_t> order, left(members_.size());  // `left`: unplaced, in file order
    for (std::size_t k = 0; k < left.size(); ++k) left[k] = k;
    while (!left.empty()) {
      // A member can go next only if it ranks below every unplaced member before it: the first
      // one, and each later one that ranks below all before it - one per rank at most.
      std::size_t chosen = 0;
      Rank lowest = members_[left[0]].rank;
      for (std::size_t p = 1; p < left.size() && lowest != Rank::Stable; ++p) {
        const std::size_t j = left[p];
        if (members_[j].rank >= lowest) continue;
        lowest = members_[j].rank;
        bool free = true;
        for (std::size_t q = 0; q < p && free; ++q) free = !safe_only || can_swap(left[q], j);
        if (free) chosen = p;
      }
      order.push_back(left[chosen]);
      left.erase(left.begin() + static_cast<std::ptrdiff_t>(chosen));
    }
    return order;
  }

  const std::vector<Member>& members() const { return members_; }

 private:
  // Whether members i < j may change their order without changing the image.
  bool can_swap(std::size_t i, std::size_t j) {
    auto key = std::make_pair(i, j);
    auto it = swappable_.find(key);
    if (it == swappable_.end()) it = swappable_.emplace(key, judge(members_[i], members_[j])).first;
    return it->second;
  }

  bool judge(const Member& a, const Member& b) {
    if (!a.destination || !b.destination) return false;
    const std::string &da = *a.destination, &db = *b.destination;
    // Folders both create on the way must exist, or be created alike.
    if (a.owner != b.owner) {
      if (a.link || b.link) return false;
      std::string shared = common_ancestor(da, db);
      if (shared != "/" && !(workdir_ && is_ancestor_or_self(shared, *workdir_))) return false;
    }
    if (!is_ancestor_or_self(da, db) && !is_ancestor_or_self(db, da)) return true;
    const WrittenPaths& wa = written(a);
    const WrittenPaths& wb = written(b);
    if (!wa || !wb) return false;
    for (const std::string& p : *wa)
      if (wb->count(p) || is_ancestor_or_self(p, db)) return false;
    for (const std::string& p : *wb)
      if (is_ancestor_or_self(p, da)) return false;
    return true;
  }

  const WrittenPaths& written(const Member& m) {
    auto it = written_.find(m.copy);
    if (it != written_.end()) return it->second;
    WrittenPaths paths;
    if (context_.build_context && probe_path(*context_.build_context) == PathKind::Directory)
      paths = written_paths(m, *context_.build_context, escape_);
    return written_.emplace(m.copy, std::move(paths)).first->second;
  }

  std::vector<Member> members_;
  std::optional<std::string> workdir_;
  const RuleContext& context_;
  char escape_;
  std::map<std::pair<std::size_t, std::size_t>, bool> swappable_;
  std::map<const Instruction*, WrittenPaths> written_;
};

// The line break a text ends with ("\r\n", "\n"; "" at the end of a file without one).
std::string_view line_ending(std::string_view text) {
  std::size_t n = text.size();
  while (n > 0 && (text[n - 1] == '\n' || text[n - 1] == '\r')) --n;
  return text.substr(n);
}

bool only_blank_lines(std::string_view text) {
  return text.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

// The members that can stay where they are: a longest run of `order` whose values (original
// positions) increase, not necessarily contiguous. Among those of equal length, the one with the
// smallest positions, so that the instructions that move are the ones moving up.
std::vector<bool> staying_members(const std::vector<std::size_t>& order) {
  std::size_t n = order.size();
  std::vector<std::size_t> length(n, 1);  // the longest such run starting at position p
  for (std::size_t p = n; p-- > 0;)
    for (std::size_t q = p + 1; q < n; ++q)
      if (order[q] > order[p]) length[p] = std::max(length[p], length[q] + 1);
  std::size_t want = *std::max_element(length.begin(), length.end());
  std::vector<bool> stays(n, false);
  std::optional<std::size_t> last;  // position of the last member taken
  for (; want > 0; --want) {
    std::optional<std::size_t> next;
    for (std::size_t p = last ? *last + 1 : 0; p < n; ++p)
      if (length[p] == want && (!last || order[p] > order[*last]) && (!next || order[p] < order[*next]))
        next = p;
    stays[order[*next]] = true;
    last = next;
  }
  return stays;
}

// The group's text with its members in `order`. Members that keep their relative order stay
// where they are; the others are cut out (with the comment lines above them) and put right
// before the next staying member of the new order, so blank lines and unattached comments
// between members stay in place. A cut member that stood between two gaps (blank lines just
// outside the group count) leaves only one of them when the other is only blank lines.
std::string reordered_text(const Document& doc, const std::vector<Member>& members,
                           const std::vector<std::size_t>& order, std::string_view fallback_newline) {
  std::size_t n = members.size();
  std::vector<bool> stays = staying_members(order);
  std::vector<std::vector<std::size_t>> before(n);  // moved members to put before a staying one
  std::vector<std::size_t> pending;
  for (std::size_t m : order) {
    if (!stays[m]) {
      pending.push_back(m);
      continue;
    }
    before[m] = std::move(pending);
    pending.clear();
  }
  auto gap = [&](std::size_t k) {  // between members k and k + 1
    return doc.text({members[k].block.end, members[k + 1].block.begin});
  };
  // Blank lines right outside the group count as gaps too.
  bool blank_before = false, blank_after = false;
  for (const Node& node : doc.nodes) {
    if (node.kind != NodeKind::BlankLine) continue;
    blank_before |= node.span.end == members.front().block.begin;
    blank_after |= node.span.begin == members.back().block.end;
  }
  std::vector<bool> drop_gap(n, false);
  for (std::size_t k = 0; k < n; ++k) {
    if (stays[k] || !(k > 0 ? !gap(k - 1).empty() : blank_before) ||
        !(k + 1 < n ? !gap(k).empty() : blank_after))
      continue;
    if (k > 0 && only_blank_lines(gap(k - 1)) && !drop_gap[k - 1]) drop_gap[k - 1] = true;
    else if (k + 1 < n && only_blank_lines(gap(k))) drop_gap[k] = true;
  }
  std::string out;
  auto emit = [&](std::size_t m) {
    std::string_view block = doc.text(members[m].block);
    std::string_view ending = line_ending(block);
    out += block.substr(0, block.size() - ending.size());
    out += ending.empty() ? fallback_newline : ending;
  };
  for (std::size_t k = 0; k < n; ++k) {
    if (k > 0 && !drop_gap[k - 1]) out += gap(k - 1);
    if (!stays[k]) continue;
    for (std::size_t m : before[k]) emit(m);
    emit(k);
  }
  for (std::size_t m : pending) emit(m);
  if (line_ending(doc.text(members.back().block)).empty())
    out.resize(out.size() - line_ending(out).size());
  return out;
}

std::string describe(const Instruction& copy) {
  std::string sources;
  for (std::string_view s : copy_sources(copy)) sources += (sources.empty() ? "" : " ") + std::string(s);
  if (sources.size() > 40) sources = sources.substr(0, 37) + "...";
  return std::string(keyword_name(copy.keyword)) + " " + sources;
}

// Links that Debian 12, Ubuntu 22.04 and Fedora images have (merged /usr, /var/run): two
// destinations are compared after following them, so `/bin/x` and `/usr/bin/x` are the same
// path. On an image without them the comparison only sees more overlaps, never fewer.
std::string through_system_links(const std::string& path) {
  static constexpr std::pair<std::string_view, std::string_view> kLinks[] = {
      {"/bin", "/usr/bin"},     {"/sbin", "/usr/sbin"},   {"/lib", "/usr/lib"},
      {"/lib32", "/usr/lib32"}, {"/lib64", "/usr/lib64"}, {"/libx32", "/usr/libx32"},
      {"/var/run", "/run"},     {"/var/lock", "/run/lock"}};
  for (const auto& [link, target] : kLinks)
    if (is_ancestor_or_self(link, path)) return std::string(target) + path.substr(link.size());
  return path;
}

class CopyOrder final : public Rule {
 public:
  const RuleInfo& info() const override { return kInfo; }

  void check(const Document& doc, const RuleContext& context,
             std::vector<Finding>& findings) const override {
    const StageMap& stages = StageMap::of(doc);
    std::vector<Member> group;
    std::optional<std::size_t> group_first;  // instruction index of the group's first member
    // Where the comment lines right above the next instruction begin (npos: none).
    std::size_t comments_begin = std::string::npos;
    std::size_t index = 0;                    // instruction index of the next instruction node
    // A long group is judged in runs of kMaxGroup members (each run reordered on its own is as
    // safe as the whole), so that the pairwise checks stay linear in the file.
    auto flush = [&] {
      for (std::size_t begin = 0; begin + 1 < group.size(); begin += kMaxGroup) {
        std::size_t end = std::min(group.size(), begin + kMaxGroup);
        if (end - begin < 2) break;
        std::vector<Member> run(std::make_move_iterator(group.begin() + static_cast<std::ptrdiff_t>(begin)),
                                std::make_move_iterator(group.begin() + static_cast<std::ptrdiff_t>(end)));
        check_group(doc, CopyGroup(std::move(run), stages.facts(*group_first).workdir, context, doc.escape),
                    StageContents::of(doc).may_make_symlinks(*group_first), findings);
      }
      group.clear();
      group_first.reset();
    };
    for (const Node& node : doc.nodes) {
      switch (node.kind) {
        case NodeKind::Comment:
          if (comments_begin == std::string::npos) comments_begin = node.span.begin;
          continue;
        case NodeKind::BlankLine: comments_begin = std::string::npos; continue;
        case NodeKind::Instruction: break;
        default:
          flush();
          comments_begin = std::string::npos;
          continue;
      }
      std::size_t i = index++;
      std::optional<Member> member = movable(*node.instruction, stages.facts(i), doc.escape);
      if (!member) {
        flush();
      } else {
        member->block = {std::min(comments_begin, node.span.begin), node.span.end};
        if (!group_first) group_first = i;
        group.push_back(std::move(*member));
      }
      comments_begin = std::string::npos;
    }
    flush();
  }

 private:
  static std::optional<Member> movable(const Instruction& ins, const InstructionFacts& facts,
                                       char escape) {
    if ((ins.keyword != Keyword::Copy && ins.keyword != Keyword::Add) || !ins.heredocs.empty() ||
        ins.arguments.size() < 2 || ins.has_flag("from") || !facts.stage || !facts.posix_shell)
      return std::nullopt;
    Member m;
    m.copy = &ins;
    for (const Flag& flag : ins.flags) {
      if (!flag_travels(flag)) return std::nullopt;
      if (flag.name() == "chown" || flag.name() == "chmod") m.owner += flag.text + " ";
      if (flag.name() == "link") m.link = flag.value().value_or("true") != "false";
    }
    Rank rank = Rank::Stable;
    for (std::string_view source : copy_sources(ins)) {
      if (is_remote_source(source)) return std::nullopt;  // DF203 may turn it into a RUN
      Rank r = Rank::Ordinary;
      if (auto literal = literal_copy_argument(source, escape)) r = source_rank(*literal);
      rank = std::max(rank, r);
    }
    m.rank = rank;
    m.destination = copy_destination(ins, escape, facts.workdir);
    if (m.destination) m.destination = through_system_links(*m.destination);
    auto dest = literal_copy_argument(ins.arguments.back(), escape);
    // A destination that is the WORKDIR or one of its parents is a folder already.
    m.into_directory = (dest && destination_names_directory(*dest)) ||
                       (m.destination && facts.workdir &&
                        is_ancestor_or_self(*m.destination, *facts.workdir));
    return m;
  }

  static void check_group(const Document& doc, CopyGroup group, bool after_symlinks,
                          std::vector<Finding>& findings) {
    const std::vector<Member>& members = group.members();
    std::vector<std::size_t> order = group.best_order(true);
    bool safe = true;
    auto first_moved = [&] {
      for (std::size_t slot = 0; slot < order.size(); ++slot)
        if (order[slot] != slot) return slot;
      return order.size();
    };
    std::size_t slot = first_moved();
    if (slot == order.size()) {
      order = group.best_order(false);
      slot = first_moved();
      if (slot == order.size()) return;
      safe = false;
    }
    const Member& later = members[slot];         // moves down
    const Member& earlier = members[order[slot]];  // moves up, in front of it
    Finding finding{std::string(kInfo.id), later.copy->keyword_span.begin,
                    describe(*later.copy) + " (" + std::string(rank_name(later.rank)) +
                        ") comes before " + describe(*earlier.copy) + " (" +
                        std::string(rank_name(earlier.rank)) +
                        "): copy what changes often last, so the layers before it stay cached",
                    std::nullopt};
    if (safe && after_symlinks) {
      finding.message += " (not reordered: an earlier RUN makes symlinks, which may join the "
                         "destinations)";
      findings.push_back(std::move(finding));
      return;
    }
    if (!safe) {
      finding.message += " (not reordered: they may write the same paths)";
      findings.push_back(std::move(finding));
      return;
    }
    Span region{members.front().block.begin, members.back().block.end};
    finding.fix =
        Fix{FixSafety::Safe, {{region, reordered_text(doc, members, order, file_style(doc).newline)}}};
    findings.push_back(std::move(finding));
  }
};

}  // namespace

std::unique_ptr<Rule> make_copy_order() { return std::make_unique<CopyOrder>(); }

}  // namespace dfopt
