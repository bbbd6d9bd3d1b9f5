// Shell parse throughput: every shell-form RUN script of a corpus (continuations joined as
// BuildKit joins them) parsed into the sh tree, single thread, without the per-thread cache the
// rules use, so each round really parses.
//
// usage: shell_parse_bench [CORPUS_DIR] [ROUNDS]   (default ../shared/corpus, 5 rounds)
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "shell/shell_parser.h"
#include "syntax/parser.h"

namespace fs = std::filesystem;

int main(int argc, char** argv) {
  fs::path corpus = argc > 1 ? argv[1] : "../shared/corpus";
  int rounds = argc > 2 ? std::max(1, std::atoi(argv[2])) : 5;
  std::vector<std::string> scripts;
  std::size_t bytes = 0;
  for (const auto& entry : fs::recursive_directory_iterator(corpus)) {
    std::string name = entry.path().filename().string();
    if (!entry.is_regular_file() || !(name == "Dockerfile" || name.ends_with(".Dockerfile"))) continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    dfopt::Document doc = dfopt::parse_dockerfile(ss.str());
    for (const dfopt::Node* node : doc.instructions()) {
      const dfopt::Instruction& ins = *node->instruction;
      if (ins.keyword != dfopt::Keyword::Run || ins.form != dfopt::ArgumentForm::Shell) continue;
      scripts.emplace_back(ins.arguments_text());
      bytes += scripts.back().size();
    }
  }
  if (scripts.empty()) {
    std::fprintf(stderr, "no RUN scripts under %s\n", corpus.c_str());
    return 2;
  }
  std::vector<double> seconds;
  std::size_t parsed = 0;
  for (int r = 0; r < rounds; ++r) {
    parsed = 0;
    auto start = std::chrono::steady_clock::now();
    for (const std::string& script : scripts) parsed += dfopt::parse_shell(script).parsed;
    seconds.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  }
  std::sort(seconds.begin(), seconds.end());
  double median = seconds[seconds.size() / 2];
  std::printf("scripts %zu (%zu parsed, %.2f %%), bytes %zu, rounds %d\n", scripts.size(), parsed,
              100.0 * parsed / scripts.size(), bytes, rounds);
  std::printf("median %.3f s (min %.3f s): %.1f MB/s, %.0f scripts/s\n", median, seconds.front(),
              bytes / median / 1e6, scripts.size() / median);
  return 0;
}
