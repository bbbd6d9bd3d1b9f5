// Parse + print throughput over a corpus, single thread: how fast the lossless tree is built and
// written back. Files are read into memory first, so only parsing and printing are timed.
//
// usage: parse_print_bench [CORPUS_DIR] [ROUNDS]   (default ../shared/corpus, 5 rounds)
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "syntax/parser.h"

namespace fs = std::filesystem;

int main(int argc, char** argv) {
  fs::path corpus = argc > 1 ? argv[1] : "../shared/corpus";
  int rounds = argc > 2 ? std::max(1, std::atoi(argv[2])) : 5;
  std::vector<std::string> files;
  std::size_t bytes = 0;
  for (const auto& entry : fs::recursive_directory_iterator(corpus)) {
    std::string name = entry.path().filename().string();
    bool dockerfile = name == "Dockerfile" || name.ends_with(".Dockerfile");
    if (!entry.is_regular_file() || !dockerfile) continue;  // not MANIFEST.tsv, README.md, result
    std::ifstream in(entry.path(), std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    bytes += ss.str().size();
    files.push_back(ss.str());
  }
  if (files.empty()) {
    std::fprintf(stderr, "no files under %s\n", corpus.c_str());
    return 2;
  }

  std::vector<double> seconds;
  std::size_t mismatches = 0;
  for (int r = 0; r < rounds; ++r) {
    auto start = std::chrono::steady_clock::now();
    for (const std::string& text : files) {
      dfopt::Document doc = dfopt::parse_dockerfile(text);
      std::string printed;
      printed.reserve(text.size());
      for (const dfopt::Node& node : doc.nodes) printed += doc.text(node.span);
      mismatches += printed != text;
    }
    seconds.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  }
  std::sort(seconds.begin(), seconds.end());
  double median = seconds[seconds.size() / 2];
  std::printf("files %zu, bytes %zu, rounds %d\n", files.size(), bytes, rounds);
  std::printf("median %.3f s (min %.3f s): %.1f MB/s, %.0f files/s, round-trip mismatches %zu\n", median,
              seconds.front(), bytes / median / 1e6, files.size() / median, mismatches / rounds);
  return mismatches == 0 ? 0 : 1;
}
