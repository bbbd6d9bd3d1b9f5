// Two texts (split at the first NUL byte; the first byte picks the context size): the unified
// diff between them, applied to the first the way `patch` applies it, gives the second.
#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "diff/unified_diff.h"

namespace {

std::vector<std::string_view> lines_of(std::string_view text) {
  std::vector<std::string_view> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    end = end == std::string_view::npos ? text.size() : end + 1;
    lines.push_back(text.substr(start, end - start));
    start = end;
  }
  return lines;
}

long number_after(std::string_view text, std::size_t& at) {
  long value = 0;
  bool any = false;
  while (at < text.size() && text[at] >= '0' && text[at] <= '9') {
    value = value * 10 + (text[at++] - '0');
    any = true;
  }
  if (!any) std::abort();
  return value;
}

// `-a[,b] +c[,d]`: the old start and length, the new start and length.
void parse_header(std::string_view line, long& old_start, long& old_len, long& new_start, long& new_len) {
  if (!line.starts_with("@@ -")) std::abort();
  std::size_t at = 4;
  old_start = number_after(line, at);
  old_len = 1;
  if (line[at] == ',') old_len = number_after(line, ++at);
  if (line.substr(at, 2) != " +") std::abort();
  at += 2;
  new_start = number_after(line, at);
  new_len = 1;
  if (line[at] == ',') new_len = number_after(line, ++at);
  if (line.substr(at, 3) != " @@") std::abort();
}

// Applies `diff` strictly: context and removed lines must be the old text's, hunk lengths must
// add up, and hunks come in order - what `patch` checks, without its fuzz factor.
std::string apply(std::string_view old_text, std::string_view diff) {
  std::vector<std::string_view> old_lines = lines_of(old_text);
  std::vector<std::string_view> diff_lines = lines_of(diff);
  if (diff_lines.size() < 3 || !diff_lines[0].starts_with("--- ") || !diff_lines[1].starts_with("+++ "))
    std::abort();
  std::string out;
  std::size_t next_old = 0;  // index of the first old line not yet copied
  std::size_t i = 2;
  while (i < diff_lines.size()) {
    long old_start, old_len, new_start, new_len;
    parse_header(diff_lines[i++], old_start, old_len, new_start, new_len);
    std::size_t hunk_begin = old_len == 0 ? static_cast<std::size_t>(old_start) : static_cast<std::size_t>(old_start - 1);
    if (hunk_begin < next_old || hunk_begin > old_lines.size()) std::abort();
    for (; next_old < hunk_begin; ++next_old) out += old_lines[next_old];
    // The new start counts the lines written so far, as the old start counts the old lines.
    long written = static_cast<long>(std::count(out.begin(), out.end(), '\n'));
    if (new_start != (new_len == 0 ? written : written + 1)) std::abort();
    long seen_old = 0, seen_new = 0;
    while (i < diff_lines.size() && !diff_lines[i].starts_with("@@ ")) {
      std::string_view line = diff_lines[i++];
      if (line.starts_with("\\ No newline at end of file")) continue;  // applied to the line before
      char kind = line.empty() ? ' ' : line[0];
      std::string_view body = line.substr(1);
      // The line as it is in the text: the diff adds a '\n' after a last line that has none.
      bool marked = i < diff_lines.size() && diff_lines[i].starts_with("\\ No newline");
      if (marked && body.ends_with('\n')) body.remove_suffix(1);
      if (kind == ' ' || kind == '-') {
        if (next_old >= old_lines.size() || old_lines[next_old] != body) std::abort();
        ++next_old;
        ++seen_old;
      }
      if (kind == ' ' || kind == '+') {
        out += body;
        ++seen_new;
      }
      if (kind != ' ' && kind != '-' && kind != '+') std::abort();
    }
    if (seen_old != old_len || seen_new != new_len) std::abort();
  }
  for (; next_old < old_lines.size(); ++next_old) out += old_lines[next_old];
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  std::string_view input(reinterpret_cast<const char*>(data) + 1, size - 1);
  std::size_t nul = input.find('\0');
  if (nul == std::string_view::npos) return 0;
  std::string_view old_text = input.substr(0, nul), new_text = input.substr(nul + 1);
  dfopt::DiffOptions options;
  options.context_lines = data[0] % 8 - 1;  // -1 (read as 0) to 6
  std::string diff = dfopt::unified_diff(old_text, new_text, "a/Dockerfile", "b/Dockerfile", options);
  if (diff.empty() != (old_text == new_text)) std::abort();
  if (!diff.empty() && apply(old_text, diff) != new_text) std::abort();
  return 0;
}
