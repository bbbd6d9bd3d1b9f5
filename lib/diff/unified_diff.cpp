#include "diff/unified_diff.h"

#include <algorithm>
#include <cassert>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <unordered_map>
#include <vector>

namespace dfopt {
namespace {

using Index = std::ptrdiff_t;

// Each line keeps its '\n', so an unterminated last line "x" differs from "x\n": that is
// what makes adding or removing the final newline show up as a change.
std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  std::size_t begin = 0;
  while (begin < text.size()) {
    const std::size_t newline = text.find('\n', begin);
    const std::size_t end = newline == std::string_view::npos ? text.size() : newline + 1;
    lines.push_back(text.substr(begin, end - begin));
    begin = end;
  }
  return lines;
}

// Myers' O(ND) diff in its linear-space form: find the middle snake of a shortest edit
// script, then recurse on both halves. Marks the elements of a and b that are not part of
// the chosen longest common subsequence.
class Myers {
 public:
  Myers(const std::vector<std::uint32_t>& a, const std::vector<std::uint32_t>& b,
        std::vector<bool>& a_changed, std::vector<bool>& b_changed)
      : a_(a), b_(b), a_changed_(a_changed), b_changed_(b_changed) {
    // Diagonals k = x - y of any subproblem lie in [-m - 1, n + 1]; one buffer serves all
    // calls because each split finishes before recursing.
    const auto size = a.size() + b.size() + 3;
    forward_.resize(size);
    backward_.resize(size);
  }

  void run() { compare(0, static_cast<Index>(a_.size()), 0, static_cast<Index>(b_.size())); }

 private:
  struct Point {
    Index x;
    Index y;
  };

  void compare(Index a_lo, Index a_hi, Index b_lo, Index b_hi) {
    // Recursion depth stays O(log D): each split roughly halves the edit distance.
    while (a_lo < a_hi && b_lo < b_hi && a_[a_lo] == b_[b_lo]) ++a_lo, ++b_lo;
    while (a_lo < a_hi && b_lo < b_hi && a_[a_hi - 1] == b_[b_hi - 1]) --a_hi, --b_hi;
    if (a_lo == a_hi) {
      for (Index j = b_lo; j < b_hi; ++j) b_changed_[j] = true;
    } else if (b_lo == b_hi) {
      for (Index i = a_lo; i < a_hi; ++i) a_changed_[i] = true;
    } else {
      // Both sides are non-empty and differ at both ends, so D >= 2 and the split point
      // leaves each half with a strictly smaller edit distance.
      const Point mid = middle_snake(a_lo, a_hi, b_lo, b_hi);
      compare(a_lo, a_lo + mid.x, b_lo, b_lo + mid.y);
      compare(a_lo + mid.x, a_hi, b_lo + mid.y, b_hi);
    }
  }

  // Returns, relative to (a_lo, b_lo), a point on some shortest edit path. Searches forward
  // from (0, 0) and backward from (n, m) one edit at a time until the frontiers overlap.
  // forward_[k] is the furthest x reached on diagonal k = x - y, backward_[k] the smallest.
  Point middle_snake(Index a_lo, Index a_hi, Index b_lo, Index b_hi) {
    const Index n = a_hi - a_lo;
    const Index m = b_hi - b_lo;
    const std::uint32_t* a = a_.data() + a_lo;
    const std::uint32_t* b = b_.data() + b_lo;
    Index* fwd = forward_.data() + m + 1;  // valid diagonals are [-m, n], plus a sentinel each side
    Index* bwd = backward_.data() + m + 1;
    // Sentinels for diagonals just outside the active range: never chosen over a real value.
    constexpr Index kNoForward = -1;
    constexpr Index kNoBackward = std::numeric_limits<Index>::max();

    const Index delta = n - m;  // the diagonal the backward search starts on
    const bool odd = (delta % 2) != 0;
    Index fmin = 0, fmax = 0, bmin = delta, bmax = delta;
    // The caller stripped common prefix and suffix, so both searches start without a snake.
    fwd[0] = 0;
    bwd[delta] = n;

    for (Index cost = 1;; ++cost) {
      // Widen the active diagonal range by one on each side unless it would leave the grid.
      if (fmin > -m) fwd[--fmin - 1] = kNoForward; else ++fmin;
      if (fmax < n) fwd[++fmax + 1] = kNoForward; else --fmax;
      for (Index k = fmax; k >= fmin; k -= 2) {
        // Step right from diagonal k - 1 or down from k + 1, whichever gets further.
        Index x = std::max(fwd[k - 1] + 1, fwd[k + 1]);
        // A step past the last column (or row) means the neighbour already reached that edge
        // one row (column) further, so this diagonal's edge point costs no more: clamp to it.
        x = std::min(x, n);
        if (x - k > m) x = m + k;
        Index y = x - k;
        while (x < n && y < m && a[x] == b[y]) ++x, ++y;
        fwd[k] = x;
        if (odd && bmin <= k && k <= bmax && bwd[k] <= x) return {x, y};
      }

      if (bmin > -m) bwd[--bmin - 1] = kNoBackward; else ++bmin;
      if (bmax < n) bwd[++bmax + 1] = kNoBackward; else --bmax;
      for (Index k = bmax; k >= bmin; k -= 2) {
        // Step left from diagonal k + 1 or up from k - 1, whichever gets further back.
        Index x = std::min(bwd[k - 1], bwd[k + 1] == kNoBackward ? kNoBackward : bwd[k + 1] - 1);
        x = std::max<Index>(x, 0);  // same edge argument as forward, at the top and left
        if (x - k < 0) x = k;
        Index y = x - k;
        while (x > 0 && y > 0 && a[x - 1] == b[y - 1]) --x, --y;
        bwd[k] = x;
        if (!odd && fmin <= k && k <= fmax && x <= fwd[k]) return {x, y};
      }
      assert(cost <= n + m);
    }
  }

  const std::vector<std::uint32_t>& a_;
  const std::vector<std::uint32_t>& b_;
  std::vector<bool>& a_changed_;
  std::vector<bool>& b_changed_;
  std::vector<Index> forward_;
  std::vector<Index> backward_;
};

// Per-line "not in the LCS" flags for both sides.
struct LineDiff {
  std::vector<bool> old_changed;
  std::vector<bool> new_changed;
};

LineDiff diff_lines(const std::vector<std::string_view>& old_lines,
                    const std::vector<std::string_view>& new_lines) {
  LineDiff result{std::vector<bool>(old_lines.size()), std::vector<bool>(new_lines.size())};

  // Typical edits touch a few lines of a large file; the common ends need no hashing.
  std::size_t old_end = old_lines.size(), new_end = new_lines.size(), begin = 0;
  while (begin < old_end && begin < new_end && old_lines[begin] == new_lines[begin]) ++begin;
  while (begin < old_end && begin < new_end && old_lines[old_end - 1] == new_lines[new_end - 1])
    --old_end, --new_end;

  // Compare integer ids instead of strings inside the O(ND) search.
  std::unordered_map<std::string_view, std::uint32_t> ids;
  std::vector<std::uint32_t> old_ids, new_ids;
  std::vector<std::uint32_t> old_count, new_count;
  auto intern = [&](std::string_view line) {
    const auto [it, inserted] = ids.try_emplace(line, static_cast<std::uint32_t>(ids.size()));
    if (inserted) old_count.push_back(0), new_count.push_back(0);
    return it->second;
  };
  for (std::size_t i = begin; i < old_end; ++i) ++old_count[old_ids.emplace_back(intern(old_lines[i]))];
  for (std::size_t j = begin; j < new_end; ++j) ++new_count[new_ids.emplace_back(intern(new_lines[j]))];

  // A line present on only one side can never be matched, so dropping it before the search
  // keeps the result minimal while making rewrites of whole regions cheap (D shrinks).
  std::vector<std::uint32_t> old_kept, new_kept;
  std::vector<std::size_t> old_where, new_where;
  for (std::size_t i = 0; i < old_ids.size(); ++i) {
    if (new_count[old_ids[i]] > 0) old_kept.push_back(old_ids[i]), old_where.push_back(begin + i);
    else result.old_changed[begin + i] = true;
  }
  for (std::size_t j = 0; j < new_ids.size(); ++j) {
    if (old_count[new_ids[j]] > 0) new_kept.push_back(new_ids[j]), new_where.push_back(begin + j);
    else result.new_changed[begin + j] = true;
  }

  std::vector<bool> old_kept_changed(old_kept.size()), new_kept_changed(new_kept.size());
  Myers(old_kept, new_kept, old_kept_changed, new_kept_changed).run();
  for (std::size_t i = 0; i < old_kept.size(); ++i)
    if (old_kept_changed[i]) result.old_changed[old_where[i]] = true;
  for (std::size_t j = 0; j < new_kept.size(); ++j)
    if (new_kept_changed[j]) result.new_changed[new_where[j]] = true;
  return result;
}

// A maximal run of changed lines: old [old_begin, old_end) became new [new_begin, new_end).
struct Change {
  std::size_t old_begin, old_end, new_begin, new_end;
};

std::vector<Change> collect_changes(const LineDiff& diff) {
  std::vector<Change> changes;
  const std::size_t old_size = diff.old_changed.size(), new_size = diff.new_changed.size();
  std::size_t i = 0, j = 0;
  while (i < old_size || j < new_size) {
    const bool old_changed = i < old_size && diff.old_changed[i];
    const bool new_changed = j < new_size && diff.new_changed[j];
    if (!old_changed && !new_changed) {
      ++i, ++j;  // unchanged lines pair up one to one
      continue;
    }
    Change change{i, i, j, j};
    while (change.old_end < old_size && diff.old_changed[change.old_end]) ++change.old_end;
    while (change.new_end < new_size && diff.new_changed[change.new_end]) ++change.new_end;
    changes.push_back(change);
    i = change.old_end;
    j = change.new_end;
  }
  return changes;
}

// GNU diff's range format: "start,count", or just "start" when count is 1; an empty range
// is "before,0", naming the line it follows (0 at the top of the file).
std::string hunk_range(std::size_t begin, std::size_t count) {
  if (count == 0) return std::to_string(begin) + ",0";
  if (count == 1) return std::to_string(begin + 1);
  return std::to_string(begin + 1) + "," + std::to_string(count);
}

void append_line(std::string& out, char marker, std::string_view line) {
  out += marker;
  out += line;
  if (line.empty() || line.back() != '\n') out += "\n\\ No newline at end of file\n";
}

}  // namespace

std::string unified_diff(std::string_view old_text, std::string_view new_text,
                         std::string_view old_label, std::string_view new_label,
                         const DiffOptions& options) {
  if (old_text == new_text) return {};
  const std::vector<std::string_view> old_lines = split_lines(old_text);
  const std::vector<std::string_view> new_lines = split_lines(new_text);
  const std::vector<Change> changes = collect_changes(diff_lines(old_lines, new_lines));
  const std::size_t context = static_cast<std::size_t>(std::max(options.context_lines, 0));

  std::string out;
  out.append("--- ").append(old_label).append("\n+++ ").append(new_label).append("\n");
  for (std::size_t first = 0; first < changes.size();) {
    // Merge changes whose context would touch or overlap.
    std::size_t last = first;
    while (last + 1 < changes.size() &&
           changes[last + 1].old_begin - changes[last].old_end <= 2 * context)
      ++last;

    // Unchanged lines are equal in number on both sides before the first change and after
    // the last, so leading and trailing context is the same on both sides.
    const std::size_t lead = std::min(context, changes[first].old_begin);
    const std::size_t trail = std::min(context, old_lines.size() - changes[last].old_end);
    const std::size_t old_begin = changes[first].old_begin - lead;
    const std::size_t new_begin = changes[first].new_begin - lead;
    const std::size_t old_end = changes[last].old_end + trail;
    const std::size_t new_end = changes[last].new_end + trail;
    out.append("@@ -").append(hunk_range(old_begin, old_end - old_begin));
    out.append(" +").append(hunk_range(new_begin, new_end - new_begin)).append(" @@\n");

    std::size_t i = old_begin;
    for (std::size_t c = first; c <= last; ++c) {
      for (; i < changes[c].old_begin; ++i) append_line(out, ' ', old_lines[i]);
      for (; i < changes[c].old_end; ++i) append_line(out, '-', old_lines[i]);
      for (std::size_t j = changes[c].new_begin; j < changes[c].new_end; ++j)
        append_line(out, '+', new_lines[j]);
    }
    for (; i < old_end; ++i) append_line(out, ' ', old_lines[i]);
    first = last + 1;
  }
  return out;
}

}  // namespace dfopt
