#include "diff/unified_diff.h"

#include <catch2/catch.hpp>

#include <stdlib.h>  // mkdtemp

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <random>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace {

namespace fs = std::filesystem;
using dfopt::DiffOptions;
using dfopt::unified_diff;

std::string diff(std::string_view old_text, std::string_view new_text, int context = 3) {
  return unified_diff(old_text, new_text, "a/f", "b/f", DiffOptions{context});
}

std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  while (!text.empty()) {
    const std::size_t end = std::min(text.find('\n'), text.size() - 1) + 1;
    lines.push_back(text.substr(0, end));
    text.remove_prefix(end);
  }
  return lines;
}

// Parses "@@ -a[,b] +c[,d] @@\n"; a missing count means 1.
bool parse_hunk_header(std::string_view header, std::size_t& a, std::size_t& b, std::size_t& c,
                       std::size_t& d) {
  auto literal = [&](std::string_view text) {
    if (header.substr(0, text.size()) != text) return false;
    header.remove_prefix(text.size());
    return true;
  };
  auto number = [&](std::size_t& value) {
    const auto [end, error] = std::from_chars(header.data(), header.data() + header.size(), value);
    if (error != std::errc() || end == header.data()) return false;
    header.remove_prefix(static_cast<std::size_t>(end - header.data()));
    return true;
  };
  auto range = [&](std::size_t& start, std::size_t& count) {
    count = 1;
    return number(start) && (!literal(",") || number(count));
  };
  return literal("@@ -") && range(a, b) && literal(" +") && range(c, d) && literal(" @@\n") &&
         header.empty();
}

// Applies a diff the way a strict patch tool would, so thousands of random cases can be
// checked without spawning processes. Fails (returns nullopt) on any malformed header,
// wrong count, context mismatch or out-of-order hunk.
std::optional<std::string> apply_in_process(std::string_view old_text, std::string_view patch) {
  const std::vector<std::string_view> old_lines = split_lines(old_text);
  std::vector<std::string_view> patch_lines = split_lines(patch);
  if (patch_lines.size() < 3 || patch_lines[0] != "--- a/f\n" || patch_lines[1] != "+++ b/f\n")
    return std::nullopt;

  std::string result;
  std::size_t old_pos = 0;  // next old line not yet copied
  std::size_t p = 2;
  // Appends a "-"/"+"/" " line body, joining a following "\ No newline" marker.
  auto body = [&](std::size_t& index) {
    std::string line(patch_lines[index].substr(1));
    if (index + 1 < patch_lines.size() && patch_lines[index + 1] == "\\ No newline at end of file\n") {
      line.pop_back();
      ++index;
    }
    ++index;
    return line;
  };
  while (p < patch_lines.size()) {
    std::size_t a = 0, b = 0, c = 0, d = 0;
    if (!parse_hunk_header(patch_lines[p++], a, b, c, d)) return std::nullopt;
    // GNU convention: an empty range names the line before it, otherwise the first line.
    const std::size_t old_start = b == 0 ? a : a - 1;
    if (old_start < old_pos || old_start + b > old_lines.size()) return std::nullopt;
    for (; old_pos < old_start; ++old_pos) result += old_lines[old_pos];
    if ((d == 0 ? c : c - 1) != split_lines(result).size()) return std::nullopt;
    std::size_t seen_old = 0, seen_new = 0;
    while (p < patch_lines.size() && patch_lines[p][0] != '@') {
      const char marker = patch_lines[p][0];
      const std::string line = body(p);
      if (marker == ' ' || marker == '-') {
        if (old_pos >= old_lines.size() || old_lines[old_pos] != line) return std::nullopt;
        ++old_pos, ++seen_old;
      }
      if (marker == ' ' || marker == '+') result += line, ++seen_new;
      if (marker != ' ' && marker != '-' && marker != '+') return std::nullopt;
    }
    if (seen_old != b || seen_new != d) return std::nullopt;
  }
  for (; old_pos < old_lines.size(); ++old_pos) result += old_lines[old_pos];
  return result;
}

// Number of lines the diff removes and adds; a minimal diff removes exactly the old lines
// outside a longest common subsequence.
std::pair<std::size_t, std::size_t> removed_and_added(std::string_view patch) {
  std::size_t removed = 0, added = 0;
  const auto lines = split_lines(patch);
  for (std::size_t i = 2; i < lines.size(); ++i) {
    removed += lines[i][0] == '-';
    added += lines[i][0] == '+';
  }
  return {removed, added};
}

std::size_t lcs_length(const std::vector<std::string_view>& a, const std::vector<std::string_view>& b) {
  std::vector<std::size_t> row(b.size() + 1), previous(b.size() + 1);
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::swap(row, previous);
    for (std::size_t j = 1; j <= b.size(); ++j)
      row[j] = a[i - 1] == b[j - 1] ? previous[j - 1] + 1 : std::max(previous[j], row[j - 1]);
  }
  return row[b.size()];
}

// Random text made of a few line contents, so that texts share many lines, including lines
// that look like diff syntax, CRs, tabs and invalid UTF-8.
class TextGenerator {
 public:
  explicit TextGenerator(std::uint32_t seed) : rng_(seed) {}

  std::string line() {
    static const char* const kContents[] = {
        "FROM debian:12", "RUN apt-get update", "", " ", "\t&& make", "caf\xc3\xa9",
        "\xff\xfe\x80 bad utf-8", "x\r", "\r", "--- a/f", "+++ b/f", "@@ -1 +1 @@",
        "\\ No newline at end of file", "-", "+", "a", "b", "c"};
    return std::string(kContents[pick(std::size(kContents))]) + "\n";
  }

  std::vector<std::string> lines(std::size_t max_count) {
    std::vector<std::string> result(pick(max_count + 1));
    for (auto& l : result) l = line();
    return result;
  }

  // Random inserts, deletes and replacements, sometimes dropping or adding the final newline.
  std::vector<std::string> edit(std::vector<std::string> lines) {
    const std::size_t edits = pick(6);
    for (std::size_t e = 0; e < edits; ++e) {
      const std::size_t at = pick(lines.size() + 1);
      switch (pick(3)) {
        case 0: lines.insert(lines.begin() + static_cast<std::ptrdiff_t>(at), line()); break;
        case 1: if (at < lines.size()) lines.erase(lines.begin() + static_cast<std::ptrdiff_t>(at)); break;
        default: if (at < lines.size()) lines[at] = line(); break;
      }
    }
    return lines;
  }

  std::string join(const std::vector<std::string>& lines) {
    std::string text;
    for (const auto& l : lines) text += l;
    if (!text.empty() && pick(4) == 0) text.pop_back();  // no final newline
    return text;
  }

  std::size_t pick(std::size_t bound) { return std::uniform_int_distribution<std::size_t>(0, bound - 1)(rng_); }

 private:
  std::mt19937 rng_;
};

class TempDir {
 public:
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "dfopt-diff-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

void write_file(const fs::path& path, std::string_view content) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(content.data(), static_cast<std::streamsize>(content.size()));
}

std::optional<std::string> read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// Applies the patch to a file "f" holding old_text with an external tool; returns the result.
// With zero context git insists hunks sit at the file's start or end unless told otherwise,
// exactly as for `diff -U0` output.
std::optional<std::string> apply_with_tool(const TempDir& dir, const std::string& tool,
                                           std::string_view old_text, std::string_view patch,
                                           int context = 3) {
  write_file(dir.path() / "f", old_text);
  write_file(dir.path() / "p.diff", patch);
  // The temp dir could sit inside some repository: stop git from looking above it, and keep
  // user configuration (autocrlf, whitespace fixing) from rewriting bytes.
  const std::string parent = dir.path().parent_path().string();
  std::string command = "cd '" + dir.path().string() + "' && ";
  if (tool == "git")
    command += "GIT_CEILING_DIRECTORIES='" + parent +
               "' git -c core.autocrlf=false apply --whitespace=nowarn " +
               (context == 0 ? "--unidiff-zero " : "") + "p.diff";
  else
    command += "patch -s -p1 --binary --no-backup-if-mismatch --reject-file=- < p.diff";
  command += " >/dev/null 2>&1";
  if (std::system(command.c_str()) != 0) return std::nullopt;
  return read_file(dir.path() / "f");
}

}  // namespace

TEST_CASE("identical texts give an empty diff", "[diff]") {
  CHECK(diff("", "") == "");
  CHECK(diff("FROM a\nRUN b\n", "FROM a\nRUN b\n") == "");
  CHECK(diff("no newline", "no newline") == "");
}

TEST_CASE("single changed line with context", "[diff]") {
  CHECK(diff("1\n2\n3\n4\n5\n6\n7\n8\n9\n", "1\n2\n3\n4\nfive\n6\n7\n8\n9\n") ==
        "--- a/f\n+++ b/f\n"
        "@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+five\n 6\n 7\n 8\n");
}

TEST_CASE("labels are written verbatim", "[diff]") {
  CHECK(unified_diff("x\n", "y\n", "a/Dockerfile", "b/Dockerfile") ==
        "--- a/Dockerfile\n+++ b/Dockerfile\n@@ -1 +1 @@\n-x\n+y\n");
}

TEST_CASE("insertions at start and end", "[diff]") {
  CHECK(diff("a\nb\n", "new\na\nb\n") == "--- a/f\n+++ b/f\n@@ -1,2 +1,3 @@\n+new\n a\n b\n");
  CHECK(diff("a\nb\n", "a\nb\nnew\n") == "--- a/f\n+++ b/f\n@@ -1,2 +1,3 @@\n a\n b\n+new\n");
  // Without context the empty old range names the line it follows.
  CHECK(diff("a\nb\n", "new\na\nb\n", 0) == "--- a/f\n+++ b/f\n@@ -0,0 +1 @@\n+new\n");
  CHECK(diff("a\nb\n", "a\nb\nnew\n", 0) == "--- a/f\n+++ b/f\n@@ -2,0 +3 @@\n+new\n");
}

TEST_CASE("deletion", "[diff]") {
  CHECK(diff("a\nb\nc\n", "a\nc\n") == "--- a/f\n+++ b/f\n@@ -1,3 +1,2 @@\n a\n-b\n c\n");
  CHECK(diff("a\nb\nc\n", "a\nc\n", 0) == "--- a/f\n+++ b/f\n@@ -2 +1,0 @@\n-b\n");
}

TEST_CASE("missing final newline is marked", "[diff]") {
  const std::string marker = "\\ No newline at end of file\n";
  SECTION("old lacks it") {
    CHECK(diff("a\nb", "a\nb\n") == "--- a/f\n+++ b/f\n@@ -1,2 +1,2 @@\n a\n-b\n" + marker + "+b\n");
  }
  SECTION("new lacks it") {
    CHECK(diff("a\nb\n", "a\nb") == "--- a/f\n+++ b/f\n@@ -1,2 +1,2 @@\n a\n-b\n+b\n" + marker);
  }
  SECTION("both lack it, last line changed") {
    CHECK(diff("a\nb", "a\nc") ==
          "--- a/f\n+++ b/f\n@@ -1,2 +1,2 @@\n a\n-b\n" + marker + "+c\n" + marker);
  }
  SECTION("both lack it, unchanged last line as context") {
    CHECK(diff("a\nb", "x\nb") == "--- a/f\n+++ b/f\n@@ -1,2 +1,2 @@\n-a\n+x\n b\n" + marker);
  }
}

TEST_CASE("CRLF lines are reproduced byte for byte", "[diff]") {
  const std::string old_text = "FROM a\r\nRUN b\r\nCMD c\r\n";
  const std::string new_text = "FROM a\r\nRUN B\r\nCMD c\r\n";
  const std::string patch = diff(old_text, new_text);
  CHECK(patch == "--- a/f\n+++ b/f\n@@ -1,3 +1,3 @@\n FROM a\r\n-RUN b\r\n+RUN B\r\n CMD c\r\n");
  // Converting line endings changes every line.
  CHECK(diff("a\r\nb\r\n", "a\nb\n") == "--- a/f\n+++ b/f\n@@ -1,2 +1,2 @@\n-a\r\n-b\r\n+a\n+b\n");
  TempDir dir;
  CHECK(apply_with_tool(dir, "git", old_text, patch) == new_text);
  CHECK(apply_with_tool(dir, "patch", old_text, patch) == new_text);
}

TEST_CASE("arbitrary bytes are copied verbatim", "[diff]") {
  CHECK(diff("\tx\xff\n", "\tx\xfe\n") == "--- a/f\n+++ b/f\n@@ -1 +1 @@\n-\tx\xff\n+\tx\xfe\n");
}

TEST_CASE("file created from empty and emptied", "[diff]") {
  CHECK(diff("", "a\nb\nc\n") == "--- a/f\n+++ b/f\n@@ -0,0 +1,3 @@\n+a\n+b\n+c\n");
  CHECK(diff("a\nb\nc\n", "") == "--- a/f\n+++ b/f\n@@ -1,3 +0,0 @@\n-a\n-b\n-c\n");
  CHECK(diff("", "a") == "--- a/f\n+++ b/f\n@@ -0,0 +1 @@\n+a\n\\ No newline at end of file\n");
}

TEST_CASE("hunks split beyond twice the context and merge within it", "[diff]") {
  auto numbered = [](int count, int changed_a, int changed_b) {
    std::string text;
    for (int i = 1; i <= count; ++i)
      text += (i == changed_a || i == changed_b ? "x" : "") + std::to_string(i) + "\n";
    return text;
  };
  const std::string old_text = numbered(20, 0, 0);
  SECTION("seven unchanged lines between changes: two hunks") {
    CHECK(diff(old_text, numbered(20, 3, 11)) ==
          "--- a/f\n+++ b/f\n"
          "@@ -1,6 +1,6 @@\n 1\n 2\n-3\n+x3\n 4\n 5\n 6\n"
          "@@ -8,7 +8,7 @@\n 8\n 9\n 10\n-11\n+x11\n 12\n 13\n 14\n");
  }
  SECTION("six unchanged lines between changes: one hunk") {
    CHECK(diff(old_text, numbered(20, 3, 10)) ==
          "--- a/f\n+++ b/f\n"
          "@@ -1,13 +1,13 @@\n 1\n 2\n-3\n+x3\n 4\n 5\n 6\n 7\n 8\n 9\n-10\n+x10\n 11\n 12\n 13\n");
  }
  SECTION("context option changes the threshold") {
    CHECK(diff(old_text, numbered(20, 3, 10), 1) ==
          "--- a/f\n+++ b/f\n"
          "@@ -2,3 +2,3 @@\n 2\n-3\n+x3\n 4\n"
          "@@ -9,3 +9,3 @@\n 9\n-10\n+x10\n 11\n");
    CHECK(diff(old_text, numbered(20, 3, 10), -5) == diff(old_text, numbered(20, 3, 10), 0));
  }
}

TEST_CASE("diffs are minimal and apply exactly (in-process check)", "[diff][property]") {
  TextGenerator gen(12345);
  for (int round = 0; round < 3000; ++round) {
    const auto old_lines = gen.lines(12);
    const std::string old_text = gen.join(old_lines);
    const std::string new_text = gen.join(gen.edit(old_lines));
    const int context = static_cast<int>(gen.pick(4));
    const std::string patch = diff(old_text, new_text, context);
    INFO("old: " << old_text << "\nnew: " << new_text << "\npatch:\n" << patch);
    if (old_text == new_text) {
      REQUIRE(patch.empty());
      continue;
    }
    REQUIRE(apply_in_process(old_text, patch) == new_text);
    const auto old_split = split_lines(old_text), new_split = split_lines(new_text);
    const std::size_t common = lcs_length(old_split, new_split);
    REQUIRE(removed_and_added(patch) ==
            std::pair<std::size_t, std::size_t>(old_split.size() - common, new_split.size() - common));
  }
}

TEST_CASE("diffs are minimal on unrelated repetitive texts", "[diff][property]") {
  // Few distinct lines and unrelated texts make long edit scripts with many equally short
  // alternatives: the hard case for the middle-snake search.
  std::mt19937 rng(777);
  auto text = [&](std::size_t alphabet) {
    std::string result;
    const std::size_t count = std::uniform_int_distribution<std::size_t>(0, 60)(rng);
    for (std::size_t i = 0; i < count; ++i)
      result += std::string(1, static_cast<char>('a' + rng() % alphabet)) + "\n";
    return result;
  };
  for (int round = 0; round < 2000; ++round) {
    const std::size_t alphabet = 1 + round % 4;
    const std::string old_text = text(alphabet), new_text = text(alphabet);
    const std::string patch = diff(old_text, new_text, round % 3);
    INFO("old: " << old_text << "\nnew: " << new_text << "\npatch:\n" << patch);
    if (old_text == new_text) {
      REQUIRE(patch.empty());
      continue;
    }
    REQUIRE(apply_in_process(old_text, patch) == new_text);
    const auto old_split = split_lines(old_text), new_split = split_lines(new_text);
    const std::size_t common = lcs_length(old_split, new_split);
    REQUIRE(removed_and_added(patch) ==
            std::pair<std::size_t, std::size_t>(old_split.size() - common, new_split.size() - common));
  }
}

TEST_CASE("random diffs apply with git apply and patch", "[diff][property]") {
  TextGenerator gen(2024);
  TempDir dir;
  int applied = 0;
  for (int round = 0; round < 300; ++round) {
    const auto old_lines = gen.lines(10);
    const std::string old_text = gen.join(old_lines);
    const std::string new_text = gen.join(gen.edit(old_lines));
    if (old_text == new_text) continue;
    const int context = static_cast<int>(gen.pick(4));
    const std::string patch = diff(old_text, new_text, context);
    INFO("old: " << old_text << "\nnew: " << new_text << "\npatch:\n" << patch);
    REQUIRE(apply_with_tool(dir, "git", old_text, patch, context) == new_text);
    REQUIRE(apply_with_tool(dir, "patch", old_text, patch, context) == new_text);
    ++applied;
  }
  CHECK(applied > 250);
}

TEST_CASE("large inputs diff quickly", "[diff][performance]") {
  std::string old_text;
  for (int i = 0; old_text.size() < (1 << 20); ++i)
    old_text += "RUN echo line number " + std::to_string(i) + " of a big file\n";
  using Clock = std::chrono::steady_clock;

  SECTION("one changed line in 1 MB") {
    std::string new_text = old_text;
    new_text.replace(new_text.find("line number 20000 "), 4, "LINE");
    const auto start = Clock::now();
    const std::string patch = diff(old_text, new_text);
    const auto elapsed = Clock::now() - start;
    CHECK(patch.find("@@ -19998,7 +19998,7 @@\n") != std::string::npos);
    CHECK(elapsed < std::chrono::milliseconds(100));
  }
  SECTION("1 MB entirely rewritten") {
    std::string new_text = old_text;
    std::replace(new_text.begin(), new_text.end(), 'e', 'E');
    const auto start = Clock::now();
    const std::string patch = diff(old_text, new_text);
    const auto elapsed = Clock::now() - start;
    CHECK(removed_and_added(patch).first == split_lines(old_text).size());
    CHECK(elapsed < std::chrono::milliseconds(500));
  }
}
