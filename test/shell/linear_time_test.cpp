// Parsing takes time linear in the input, for every input (issue 18): doubling the depth of any
// nesting construct at most doubles the time to parse it. The shell lexer once backtracked
// exponentially on malformed nesting (`${ "$( ` repeated gained x2.7 per repetition), because
// a failed `$(` fell back to a bare `$` and the same bytes were read again at every level.
#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <functional>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <string>
#include <string_view>

#include "shell/shell_dump.h"
#include "shell/shell_parser.h"
#include "syntax/instruction_checks.h"
#include "syntax/parser.h"
#include "test_support.h"

using namespace dfopt;

namespace {

using Clock = std::chrono::steady_clock;

std::string repeated(std::string_view unit, int times) {
  std::string out;
  for (int i = 0; i < times; ++i) out += unit;
  return out;
}

// Seconds per call of `work`: the fastest of five batches of calls, each at least 3 ms long, so
// that a batch the machine interrupted does not count. A call that takes over 0.1 s is timed
// once: the test fails anyway, and should not take minutes to.
double seconds_per_call(const std::function<void()>& work) {
  double best = 1e9;
  for (int batch = 0; batch < 5; ++batch) {
    long calls = 0;
    Clock::time_point start = Clock::now(), now;
    do {
      work();
      ++calls;
      now = Clock::now();
    } while (now - start < std::chrono::milliseconds(3));
    best = std::min(best, std::chrono::duration<double>(now - start).count() / calls);
    if (best > 0.1) break;
  }
  return best;
}

// Doubles the depth from `min_depth` to `max_depth`: from `checked_from` on, no doubling may
// cost more than 2.5 times as much. (Below that, fixed costs such as an exception's dominate:
// an unparsed script throws once, whatever its size.) A ratio above 2.5 is measured again,
// twice at most, before it counts, as the machine may be busy; real backtracking fails every
// time.
void check_doubling(const std::function<std::string(int)>& input_at,
                    const std::function<void(const std::string&)>& parse, int min_depth,
                    int checked_from, int max_depth) {
#ifdef __GLIBC__
  // glibc's malloc gives memory back to the kernel whenever more than 128 KB at the top of the
  // heap is free, so a parse that needs more pays for page faults every time: the jump from
  // under to over that shows as a tenfold time for twice the input. Keep the heap instead.
  mallopt(M_TRIM_THRESHOLD, 256 << 20);
  mallopt(M_MMAP_THRESHOLD, 32 << 20);
#endif
  auto time_at = [&](int depth) {
    const std::string input = input_at(depth);
    return seconds_per_call([&] { parse(input); });
  };
  double before = time_at(min_depth);
  for (int depth = min_depth * 2; depth <= max_depth; depth *= 2) {
    double after = time_at(depth);
    INFO("depth " << depth / 2 << ": " << before * 1e6 << " us; depth " << depth << ": "
                  << after * 1e6 << " us");
    REQUIRE(after < 0.1);
    if (depth >= checked_from) {
      for (int retry = 0; after > 2.5 * before && retry < 2; ++retry) {
        before = time_at(depth / 2);
        after = time_at(depth);
      }
      INFO("measured again: " << before * 1e6 << " us; " << after * 1e6 << " us");
      REQUIRE(after <= 2.5 * before);
    }
    before = after;
  }
}

// `prefix`, then `open` nested `depth` times around `middle`, each level closed by `close`
// (empty: left open).
struct Nesting {
  std::string_view prefix;
  std::string_view open;
  std::string_view middle;
  std::string_view close;
  int max_depth;  // 2^n, within the 200 levels the shell layer follows
  bool parses;    // at max_depth
};

std::string script_at(const Nesting& n, int depth) {
  return std::string(n.prefix) + repeated(n.open, depth) + std::string(n.middle) +
         repeated(n.close, depth);
}

void check_nesting(const Nesting& n) {
  INFO("script: " << script_at(n, 2));
  check_doubling([&](int depth) { return script_at(n, depth); },
                 [](const std::string& script) { parse_shell(script); }, 1, 8, n.max_depth);
  // The whole script was read: parsed, or refused for what is wrong with it, but never for its
  // depth, which would make the timings meaningless.
  ShellScript deepest = parse_shell(script_at(n, n.max_depth));
  INFO(dump_shell(deepest).substr(0, 200));
  CHECK(deepest.parsed == n.parses);
  CHECK(deepest.error != "nested too deeply");
}

}  // namespace

TEST_CASE("linear time: well-formed nesting of every shell construct", "[shell][linear]") {
  for (const Nesting& n : {
           Nesting{"echo ", "$(", "x", ")", 128, true},
           Nesting{"echo ", "${x:-", "y", "}", 128, true},
           Nesting{"echo ", "$((", "1", "))", 64, true},
           Nesting{"echo ", "$(echo `echo x` ", "y", ")", 128, true},
           Nesting{"echo ", "\"$(echo ", "x", ")\"", 64, true},
           Nesting{"echo ", "${x:-\"$(", "y", ")\"}", 64, true},
           Nesting{"", "( ", "true", " )", 64, true},
           Nesting{"", "{ ", "true;", " }", 64, true},
           Nesting{"", "if true; then ", "true", "; fi", 64, true},
           Nesting{"", "case x in x) ", "true", ";; esac", 64, true},
           Nesting{"", "for i in 1; do ", "true", "; done", 64, true},
       })
    check_nesting(n);
}

TEST_CASE("linear time: unterminated nesting of every shell construct", "[shell][linear]") {
  for (const Nesting& n : {
           Nesting{"echo ", "${ \"$( ", "", "", 64, false},  // the reported one
           Nesting{"echo ", "$( ", "", "", 128, false},
           Nesting{"echo ", "${ ", "", "", 128, true},  // a `${` that does not close is a literal
           Nesting{"echo ", "$(( ", "", "", 64, false},
           Nesting{"echo ", "\"`", "", "", 64, true},
           Nesting{"echo ", "$( `", "", "", 64, false},
           Nesting{"echo ", "\"$( ", "", "", 64, false},
           Nesting{"echo ", "\"$( '", "", "", 64, false},
           Nesting{"cat <<EOF ", "$( ", "", "", 128, false},
           Nesting{"", "( ", "true", "", 64, false},
           Nesting{"", "{ ", "true", "", 64, false},
           Nesting{"", "if true; then ", "true", "", 64, false},
           Nesting{"", "case x in x) ", "true", "", 64, false},
           Nesting{"", "for i in 1; do ", "true", "", 64, false},
       })
    check_nesting(n);
}

TEST_CASE("linear time: heredoc lines of the Dockerfile", "[syntax][linear]") {
  auto parse = [](const std::string& source) { parse_dockerfile(source); };
  // BuildKit finds no heredocs on a line whose "${" does not close: every "${" looks for its '}'.
  auto dollar_braces = [](int n) {
    return "FROM a\nRUN cat <<EOF" + repeated(" ${", n) + " }\nx\nEOF\n";
  };
  // Many heredocs on one line, their bodies one after another.
  auto heredocs = [](int n) {
    std::string line = "FROM a\nRUN cat", bodies;
    for (int i = 0; i < n; ++i) {
      line += " <<E" + std::to_string(i);
      bodies += "x $(\nE" + std::to_string(i) + "\n";
    }
    return line + "\n" + bodies;
  };
  Document one = parse_dockerfile(dollar_braces(16384));
  CHECK(one.errors.empty());
  CHECK(one.nodes.back().instruction->heredocs.size() == 1);
  Document many = parse_dockerfile(heredocs(2048));
  CHECK(many.errors.empty());
  CHECK(many.nodes.back().instruction->heredocs.size() == 2048);
  // Up to where a parse's data still fits in a core's cache: beyond, the time per byte depends
  // on what else the machine runs.
  check_doubling(dollar_braces, parse, 64, 1024, 16384);
  check_doubling(heredocs, parse, 16, 256, 2048);
}

TEST_CASE("linear time: chained ONBUILD triggers", "[syntax][linear]") {
  // BuildKit rejects `ONBUILD ONBUILD`; the parser reads one trigger level, not n (each level
  // copied the rest of the line: 40,000 levels took 52 s and 5.4 GB).
  auto chained = [](int n) { return "FROM a\n" + repeated("ONBUILD ", n) + "RUN x\n"; };
  Document doc = parse_dockerfile(chained(40000));
  REQUIRE(doc.errors.empty());
  std::vector<SyntaxError> errors = check_instructions(doc);
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].message == "Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed");
  check_doubling(chained, [](const std::string& source) { parse_dockerfile(source); }, 64, 1024, 16384);
}

TEST_CASE("linear time: the reported script, `${ \"$( ` 30 times, is refused at once",
          "[shell][linear]") {
  const std::string script = "echo " + repeated("${ \"$( ", 30);
  // Through the binary first, under a CPU limit: the RUN is left alone. (The backtracking
  // lexer took about 2.7 times longer per repetition: years at 30.)
  const std::string dockerfile = "FROM debian:12\nRUN " + script + "\n";
  test::RunOptions options;
  options.stdin_text = dockerfile;
  options.cpu_seconds = 10;
  test::CommandResult dump = test::run_dfopt({"--dump=shell", "-"}, options);
  REQUIRE(dump.signal == 0);
  // No `${` or `$(` closes, so each is a bare `$`: the first "…" runs to the second `"`, and
  // the `(` just after it (offset 17) is an operator where the parser cannot take one.
  CHECK(dump.out == "2: (unparsed 17: unexpected '(')\n");
  test::CommandResult fixed = test::run_dfopt({"--quiet", "-"}, options);
  CHECK(fixed.signal == 0);
  CHECK(fixed.exit_code == 1);  // findings (the base image is a full one), no error
  CHECK(fixed.out == dockerfile);

  Clock::time_point start = Clock::now();
  ShellScript parsed = parse_shell(script);
  CHECK(std::chrono::duration<double>(Clock::now() - start).count() < 0.5);
  CHECK_FALSE(parsed.parsed);
  CHECK(dump_shell(parsed) == "(unparsed 17: unexpected '(')");
}
