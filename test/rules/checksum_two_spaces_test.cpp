// DF124 checksum-two-spaces: a one-space checksum line piped into a checker gets its second space.
#include <catch2/catch.hpp>

#include "rules/rule_fixture.h"
#include "syntax/parser.h"

using namespace dfopt;
using dfopt::test::check_idempotent;
using dfopt::test::run_rule;

TEST_CASE("DF124: the second space goes in, in every quoting", "[rules][DF124]") {
  const std::string hex(64, 'a');
  std::string in = "FROM alpine\nRUN echo \"" + hex + " node.tar.xz\" | sha256sum -c -\n";
  OptimizeResult result = run_rule("DF124", in);
  CHECK(result.output == "FROM alpine\nRUN echo \"" + hex + "  node.tar.xz\" | sha256sum -c -\n");
  REQUIRE(result.fixes_applied.at("DF124") == 1);
  Document doc = parse_dockerfile(in);
  std::vector<Finding> findings;
  find_rule("DF124")->check(doc, RuleContext{}, findings);
  REQUIRE(findings.size() == 1);
  CHECK(doc.position(findings[0].offset).line == 2);
  CHECK(doc.position(findings[0].offset).column == 10);
  CHECK(findings[0].message == "a checksum line needs two spaces before the file name: BusyBox's sha256sum -c rejects one");
  CHECK(findings[0].fix->safety == FixSafety::Safe);

  CHECK(run_rule("DF124", "FROM alpine\nRUN echo \"${SHA} a.tgz\" | sha512sum --check\n").output ==
        "FROM alpine\nRUN echo \"${SHA}  a.tgz\" | sha512sum --check\n");
  CHECK(run_rule("DF124", "FROM alpine\nRUN echo '$SHA a.tgz' | sha1sum -c\n").output ==
        "FROM alpine\nRUN echo '$SHA  a.tgz' | sha1sum -c\n");
  CHECK(run_rule("DF124", "FROM alpine\nRUN curl -o a.tgz https://x && \\\n  echo \"$SHA a.tgz\" | sha256sum -c - && tar -xzf a.tgz\n").output ==
        "FROM alpine\nRUN curl -o a.tgz https://x && \\\n  echo \"$SHA  a.tgz\" | sha256sum -c - && tar -xzf a.tgz\n");
  CHECK(run_rule("DF124", "FROM alpine\nRUN if true; then echo \"$SHA a\" | md5sum -c; fi\n").output ==
        "FROM alpine\nRUN if true; then echo \"$SHA  a\" | md5sum -c; fi\n");
  // Two plain words: the line is quoted, as more blanks between them would not reach the checker.
  CHECK(run_rule("DF124", "FROM alpine\nRUN echo " + hex + " su-exec.c | sha256sum -c\n").output ==
        "FROM alpine\nRUN echo \"" + hex + "  su-exec.c\" | sha256sum -c\n");
  check_idempotent("DF124", "FROM alpine\nRUN echo \"$SHA a.tgz\" | sha256sum -c -\n");
  check_idempotent("DF124", "FROM alpine\nRUN echo " + hex + " a.c | sha256sum -c\n");
}

TEST_CASE("DF124: lines that are right, or not provably a one-space line, stay", "[rules][DF124]") {
  for (std::string run : {"echo \"$SHA  a.tgz\" | sha256sum -c -", "echo \"$SHA *a.tgz\" | sha256sum -c -",
                          "echo \"$SHA a.tgz\" | sha256sum", "echo \"$SHA a.tgz\" > sums && sha256sum -c sums",
                          "echo $SHA a.tgz | sha256sum -c -", "echo \"$SHA a b\" | sha256sum -c -",
                          "echo \"hello world\" | sha256sum -c -", "echo -n \"$SHA a\" | sha256sum -c -",
                          "printf '%s %s' \"$SHA\" a | sha256sum -c -", "echo \"$(cat sum) a\" | sha256sum -c -",
                          "echo \"$SHA a\" | tee x | sha256sum -c -", "echo $SHA a.tgz | sha256sum -c",
                          "echo abcdef0123456789abcdef0123456789 *.tgz | md5sum -c", "echo 12 a | md5sum -c"}) {
    std::string in = "FROM alpine\nRUN " + run + "\n";
    INFO(in);
    CHECK(run_rule("DF124", in).findings.empty());
    CHECK(run_rule("DF124", in).output == in);
  }
}
