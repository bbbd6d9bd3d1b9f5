// Edits inside a RUN: appending a command follows the file's style and refuses where the new
// command would not run.
#include <catch2/catch.hpp>

#include "rewrite/run_edits.h"
#include "syntax/parser.h"

using namespace dfopt;

namespace {
std::string appended(const std::string& text, const RunShell& shell = {}) {
  Document doc = parse_dockerfile(text, "Dockerfile");
  const Node& node = *doc.instructions().back();
  auto run = parse_run_script(*node.instruction);
  REQUIRE(run);
  auto edit = append_to_and_chain(doc, node, *run, "rm -rf /tmp/x", detect_style(doc), shell);
  if (!edit) return "(none)";
  return apply_edits(doc.source(), {*edit});
}
}  // namespace

TEST_CASE("run edits: append to an && chain in the file's style", "[rewrite]") {
  CHECK(appended("FROM a\nRUN make\n") == "FROM a\nRUN make && rm -rf /tmp/x\n");
  CHECK(appended("FROM a\nRUN make;\n") == "FROM a\nRUN make && rm -rf /tmp/x;\n");
  CHECK(appended("FROM a\nRUN a \\\n  && b\n") == "FROM a\nRUN a \\\n  && b \\\n  && rm -rf /tmp/x\n");
  CHECK(appended("FROM a\r\nRUN a && \\\r\n\tb\r\n") ==
        "FROM a\r\nRUN a && \\\r\n\tb && \\\r\n\trm -rf /tmp/x\r\n");
}

TEST_CASE("run edits: no append where the command would not run or would regroup", "[rewrite]") {
  for (std::string text : {"FROM a\nRUN make # build\n", "FROM a\nRUN make && exit 0\n",
                           "FROM a\nRUN exec nginx\n", "FROM a\nRUN a || b\n", "FROM a\nRUN a; b\n",
                           "FROM a\nRUN a &\n", "FROM a\nRUN echo 'x\n"}) {
    INFO(text);
    CHECK(appended(text) == "(none)");
  }
}

TEST_CASE("run edits: no append after a compound command while errexit may be on", "[rewrite]") {
  for (std::string text : {"FROM a\nRUN set -e && if x; then a; b; fi\n",
                           "FROM a\nRUN set -xe && { a; b; }\n", "FROM a\nRUN set -o errexit && (a; b)\n",
                           "FROM a\nRUN . ./env && for f in *; do a; done\n",
                           "FROM a\nRUN set $OPTS && if x; then a; fi\n"}) {
    INFO(text);
    CHECK(appended(text) == "(none)");
  }
  RunShell errexit;
  errexit.errexit = true;
  CHECK(appended("FROM a\nRUN if x; then a; b; fi\n", errexit) == "(none)");
  // A simple last command, no errexit, or -e only in an inner shell: appended.
  CHECK(appended("FROM a\nRUN if x; then a; fi\n") == "FROM a\nRUN if x; then a; fi && rm -rf /tmp/x\n");
  CHECK(appended("FROM a\nRUN set -e && make\n", errexit) == "FROM a\nRUN set -e && make && rm -rf /tmp/x\n");
  CHECK(appended("FROM a\nRUN sh -c 'set -e' && if x; then a; fi\n") ==
        "FROM a\nRUN sh -c 'set -e' && if x; then a; fi && rm -rf /tmp/x\n");
  CHECK(appended("FROM a\nRUN set -o pipefail && if x; then a; fi\n") ==
        "FROM a\nRUN set -o pipefail && if x; then a; fi && rm -rf /tmp/x\n");
}
