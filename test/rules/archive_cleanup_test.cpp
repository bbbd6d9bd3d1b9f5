// DF127 archive-cleanup: a downloaded archive is removed right after the RUN unpacks it, where
// nothing can read it any more.
#include <catch2/catch.hpp>

#include "rules/rule_fixture.h"

using namespace dfopt;
using dfopt::test::check_idempotent;
using dfopt::test::check_reported_only;
using dfopt::test::run_rule;

namespace {
std::string fixed(const std::string& input) { return run_rule("DF127", input).output; }
}  // namespace

TEST_CASE("DF127: the rm goes right after the unpacking, or ends the RUN in its style", "[rules][DF127]") {
  std::string in = "FROM debian\nRUN curl -fsSL -o /tmp/node.tar.xz https://x.org/node.tar.xz \\\n"
                   " && tar -xJf /tmp/node.tar.xz -C /usr/local\n";
  OptimizeResult result = run_rule("DF127", in);
  CHECK(result.output == "FROM debian\nRUN curl -fsSL -o /tmp/node.tar.xz https://x.org/node.tar.xz \\\n"
                         " && tar -xJf /tmp/node.tar.xz -C /usr/local \\\n && rm -f /tmp/node.tar.xz\n");
  REQUIRE(result.fixes_applied.at("DF127") == 1);
  // Named after the URL (wget, curl -O), unpacked with tar's old options or unzip, then a cd.
  CHECK(fixed("FROM debian\nRUN wget https://x.org/dl/a-1.2.tar.gz && tar xzf a-1.2.tar.gz && cd a-1.2 && make\n") ==
        "FROM debian\nRUN wget https://x.org/dl/a-1.2.tar.gz && tar xzf a-1.2.tar.gz && rm -f a-1.2.tar.gz && cd a-1.2 && make\n");
  CHECK(fixed("FROM debian\nRUN cd /tmp && curl -fsSLO https://x.org/b.zip && unzip -q b.zip -d /opt\n") ==
        "FROM debian\nRUN cd /tmp && curl -fsSLO https://x.org/b.zip && unzip -q b.zip -d /opt && rm -f b.zip\n");
  CHECK(fixed("FROM debian\nRUN wget -qO '/tmp/c d.tgz' https://x.org/c && tar --extract --file='/tmp/c d.tgz'\n") ==
        "FROM debian\nRUN wget -qO '/tmp/c d.tgz' https://x.org/c && tar --extract --file='/tmp/c d.tgz' && rm -f '/tmp/c d.tgz'\n");
  // A checksum check before the unpacking is done by the time the rm runs.
  CHECK(fixed("FROM debian\nRUN wget -O /a.tgz https://x.org/a && echo \"$S  /a.tgz\" | sha256sum -c - && tar -xzf /a.tgz\n") ==
        "FROM debian\nRUN wget -O /a.tgz https://x.org/a && echo \"$S  /a.tgz\" | sha256sum -c - && tar -xzf /a.tgz && rm -f /a.tgz\n");
  check_idempotent("DF127", "FROM debian\nRUN curl -o /a.tgz https://x.org/a && tar -xzf /a.tgz && curl -o /b.zip https://x.org/b && unzip /b.zip\n");
  // An absolute glob that matches neither the archive nor a folder above it removes something else
  // (the apt lists of a merged install RUN).
  CHECK(fixed("FROM debian\nRUN apt-get update && rm -rf /var/lib/apt/lists/* && curl -o /tmp/a.tgz https://x.org/a && tar -xzf /tmp/a.tgz\n") ==
        "FROM debian\nRUN apt-get update && rm -rf /var/lib/apt/lists/* && curl -o /tmp/a.tgz https://x.org/a && tar -xzf /tmp/a.tgz && rm -f /tmp/a.tgz\n");
  // So does it for a relative name: where the RUN runs is unknown (a wrong guess costs only a
  // second rm -f), or known and elsewhere.
  CHECK(fixed("FROM debian\nRUN apt-get update && rm -rf /var/lib/apt/lists/* && curl -O https://x.org/a.tgz && tar -xzf a.tgz\n") ==
        "FROM debian\nRUN apt-get update && rm -rf /var/lib/apt/lists/* && curl -O https://x.org/a.tgz && tar -xzf a.tgz && rm -f a.tgz\n");
  CHECK(fixed("FROM debian\nWORKDIR /src\nRUN curl -O https://x.org/a.tgz && tar -xzf a.tgz && rm -rf /tmp/*\n") ==
        "FROM debian\nWORKDIR /src\nRUN curl -O https://x.org/a.tgz && tar -xzf a.tgz && rm -f a.tgz && rm -rf /tmp/*\n");
  // ...but not where the glob matches the known directory.
  for (std::string in : {"FROM debian\nWORKDIR /tmp\nRUN curl -O https://x.org/a.tgz && tar -xzf a.tgz && rm -rf /tmp/*\n",
                         "FROM debian\nWORKDIR /tmp/b\nRUN curl -O https://x.org/a.tgz && tar -xzf a.tgz && rm -rf /tmp/*\n",
                         "FROM debian\nRUN curl -O https://x.org/a.tgz && tar -xzf a.tgz && rm -rf *.tgz\n"}) {
    INFO(in);
    CHECK(fixed(in) == in);
  }
}

TEST_CASE("DF127: the finding points at the unpacking and says why it is not removed", "[rules][DF127]") {
  OptimizeResult later = run_rule("DF127", "FROM debian\nRUN curl -o /d.tgz https://x.org/d && tar -xzf /d.tgz\nRUN tar -tzf /d.tgz\n");
  REQUIRE(later.findings.size() == 1);
  CHECK(later.findings[0].offset == std::string("FROM debian\nRUN curl -o /d.tgz https://x.org/d && ").size());
  CHECK(later.findings[0].message == "the archive /d.tgz stays in the layer after it is unpacked (not removed: a "
                                     "later instruction mentions d.tgz)");
  CHECK_FALSE(later.findings[0].fix);
  check_reported_only("DF127", "FROM debian\nRUN curl -o /d.tgz https://x.org/d && tar -xzf /d.tgz && tar -tzf /d.tgz > /list\n");
  check_reported_only("DF127", "FROM debian\nRUN curl -o /d.tgz https://x.org/d && (cd /opt && tar -xzf /d.tgz)\n");
  check_reported_only("DF127", "FROM debian\nRUN sudo curl -o /d.tgz https://x.org/d && tar -xzf /d.tgz\n");
  check_reported_only("DF127", "FROM debian AS build\nRUN curl -o /d.tgz https://x.org/d && tar -xzf /d.tgz\n"
                               "FROM debian\nCOPY --from=build /d.tgz /\n");
}

TEST_CASE("DF127: nothing to report", "[rules][DF127]") {
  for (std::string run : {"curl -fsSL https://x.org/a.tgz | tar -xz", "curl -o /a.tgz https://x.org/a && tar -xzf /a.tgz && rm /a.tgz",
                          "curl -o /tmp/a.tgz https://x.org/a && tar -xzf /tmp/a.tgz && rm -rf /tmp",
                          "curl -o /tmp/a.tgz https://x.org/a && tar -xzf /tmp/a.tgz && rm -rf /tmp/*",
                          "curl -o /tmp/a.tgz https://x.org/a && tar -xzf /tmp/a.tgz && rm -rf /t?p/*.tgz",
                          "curl -o /tmp/a.tgz https://x.org/a && tar -xzf /tmp/a.tgz && rm -rf /tm[a-p]",
                          "cd /tmp && curl -o /tmp/a.tgz https://x.org/a && tar -xzf /tmp/a.tgz && rm -rf *",
                          "curl -o /a.tgz https://x.org/a", "wget -P /tmp https://x.org/a.tgz && tar -xzf /tmp/a.tgz",
                          "curl -o $F https://x.org/a && tar -xzf $F", "tar -xzf /a.tgz", "curl -o - https://x.org/a | tar -xz",
                          "curl -o /a.tgz https://x.org/a && tar -tzf /a.tgz",
                          // wget keeps a query in the name, curl versions differ: no name is assumed.
                          "curl -fsSLO https://x.org/b.zip?raw=1 && unzip b.zip"}) {
    std::string in = "FROM debian\nRUN " + run + "\n";
    INFO(in);
    CHECK(run_rule("DF127", in).findings.empty());
  }
}
