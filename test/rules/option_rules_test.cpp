// DF120 useradd-no-log-init, DF121 gpg-batch, DF122 npm-cache-clean-force, DF123 curl-fail and
// DF125 curl-location: a missing option is added right after the program (or action, or into
// its first cluster of short options), behind wrappers too; every spelling of the option counts
// as present; inside an inner script the finding has no fix. DF126 plain-http-download reports
// the downloads those calls make over plain HTTP.
#include <catch2/catch.hpp>

#include "rules/rule_fixture.h"
#include "syntax/parser.h"

using namespace dfopt;
using dfopt::test::check_idempotent;
using dfopt::test::check_reported_only;
using dfopt::test::run_rule;

namespace {
std::string fixed(std::string_view id, const std::string& input) { return run_rule(id, input).output; }
}  // namespace

TEST_CASE("DF120: --no-log-init goes right after useradd", "[rules][DF120]") {
  OptimizeResult result = run_rule("DF120", "FROM debian\nRUN groupadd -r app && useradd -r -g app -u 123456789 app\n");
  CHECK(result.output == "FROM debian\nRUN groupadd -r app && useradd --no-log-init -r -g app -u 123456789 app\n");
  REQUIRE(result.fixes_applied.at("DF120") == 1);
  OptimizeResult once = run_rule("DF120", "FROM debian\nRUN sudo useradd app\n");
  CHECK(once.output == "FROM debian\nRUN sudo useradd --no-log-init app\n");
  CHECK(fixed("DF120", "FROM debian\nRUN set -x \\\n && /usr/sbin/useradd \\\n    -m app\n") ==
        "FROM debian\nRUN set -x \\\n && /usr/sbin/useradd --no-log-init \\\n    -m app\n");
  check_idempotent("DF120", "FROM debian\nRUN useradd -m app && useradd -m other\n");
}

TEST_CASE("DF120: the finding points at useradd and says why", "[rules][DF120]") {
  Document doc = parse_dockerfile("FROM debian\nRUN apt-get update && \\\n    useradd app\n");
  std::vector<Finding> findings;
  find_rule("DF120")->check(doc, RuleContext{}, findings);
  REQUIRE(findings.size() == 1);
  const Finding& f = findings[0];
  CHECK(f.rule_id == "DF120");
  CHECK(doc.position(f.offset).line == 3);
  CHECK(doc.position(f.offset).column == 5);
  CHECK(f.message == "useradd without --no-log-init writes lastlog and faillog entries sized by the UID into the layer");
  REQUIRE(f.fix);
  CHECK(f.fix->safety == FixSafety::Safe);
}

TEST_CASE("DF120: already there in any spelling, or not shadow's useradd", "[rules][DF120]") {
  for (std::string run : {"useradd -l app", "useradd --no-log-init app", "useradd -rlm app",
                          "useradd -lu 1000 app", "adduser -D app", "adduser --system app",
                          "echo useradd"}) {
    std::string in = "FROM debian\nRUN " + run + "\n";
    INFO(in);
    OptimizeResult result = run_rule("DF120", in);
    CHECK(result.output == in);
    CHECK(result.findings.empty());
  }
  // A value that looks like the option is a value: `-g l` and `-gl` (group "l") still need it.
  CHECK(fixed("DF120", "FROM debian\nRUN useradd -gl app\n") == "FROM debian\nRUN useradd --no-log-init -gl app\n");
  CHECK(fixed("DF120", "FROM debian\nRUN useradd --comment -l app\n") ==
        "FROM debian\nRUN useradd --no-log-init --comment -l app\n");
  check_reported_only("DF120", "FROM debian\nRUN sh -c 'useradd app'\n");
}

TEST_CASE("DF121: --batch goes right after gpg", "[rules][DF121]") {
  CHECK(fixed("DF121", "FROM debian\nRUN gpg --keyserver hkps://keys.openpgp.org --recv-keys \"$KEY\" && gpg --verify a.asc\n") ==
        "FROM debian\nRUN gpg --batch --keyserver hkps://keys.openpgp.org --recv-keys \"$KEY\" && gpg --batch --verify a.asc\n");
  CHECK(fixed("DF121", "FROM debian\nRUN curl -fsSL https://x/k | gpg2 --dearmor > /k.gpg\n") ==
        "FROM debian\nRUN curl -fsSL https://x/k | gpg2 --batch --dearmor > /k.gpg\n");
  for (std::string run : {"gpg --batch --verify a.asc", "gpg --no-batch --edit-key k", "gpgv a.asc",
                          "echo gpg"}) {
    std::string in = "FROM debian\nRUN " + run + "\n";
    INFO(in);
    CHECK(run_rule("DF121", in).findings.empty());
  }
  check_reported_only("DF121", "FROM debian\nRUN export K=$(gpg --list-keys --with-colons)\n");
  check_idempotent("DF121", "FROM debian\nRUN gpg --import k.asc\n");
}

TEST_CASE("DF122: --force goes right after npm cache clean", "[rules][DF122]") {
  OptimizeResult result = run_rule("DF122", "FROM node:8\nRUN npm install -g yarn && npm cache clean\n");
  CHECK(result.output == "FROM node:8\nRUN npm install -g yarn && npm cache clean --force\n");
  REQUIRE(result.findings.empty());
  CHECK(fixed("DF122", "FROM node:8\nRUN sudo npm cache clean && rm -rf /tmp/*\n") ==
        "FROM node:8\nRUN sudo npm cache clean --force && rm -rf /tmp/*\n");
  for (std::string run : {"npm cache clean --force", "npm cache clean -f", "npm cache verify",
                          "npm cache clean left-pad", "npm --force cache clean"}) {
    std::string in = "FROM node:8\nRUN " + run + "\n";
    INFO(in);
    CHECK(run_rule("DF122", in).findings.empty());
  }
  check_reported_only("DF122", "FROM node:8\nRUN bash -c 'npm cache clean'\n");
  check_idempotent("DF122", "FROM node:8\nRUN npm cache clean\n");
}

TEST_CASE("DF123: curl without -f is reported; the unsafe fix adds it", "[rules][DF123]") {
  std::string piped = "FROM debian\nRUN curl -sSL https://x.org/install.sh | sh\n";
  OptimizeResult safe = run_rule("DF123", piped);
  CHECK(safe.output == piped);
  REQUIRE(safe.findings.size() == 1);
  CHECK(safe.findings[0].message == "curl without -f saves or pipes an HTTP error page and exits 0");
  REQUIRE(safe.findings[0].fix);
  CHECK(safe.findings[0].fix->safety == FixSafety::Unsafe);
  CHECK(run_rule("DF123", piped, true).output == "FROM debian\nRUN curl -fsSL https://x.org/install.sh | sh\n");
  CHECK(run_rule("DF123", "FROM debian\nRUN curl -o /tmp/a.tgz https://x.org/a.tgz\n", true).output ==
        "FROM debian\nRUN curl -fo /tmp/a.tgz https://x.org/a.tgz\n");
  CHECK(run_rule("DF123", "FROM debian\nRUN curl --location https://x.org/a.tgz | tar -xz\n", true).output ==
        "FROM debian\nRUN curl -f --location https://x.org/a.tgz | tar -xz\n");
  CHECK(run_rule("DF123", "FROM debian\nRUN sudo curl -L \\\n  https://x.org/a -o /a\n", true).output ==
        "FROM debian\nRUN sudo curl -fL \\\n  https://x.org/a -o /a\n");
  check_idempotent("DF123", "FROM debian\nRUN curl -sS https://x.org/a > /a && curl https://x.org/b > /b\n", true);
}

TEST_CASE("DF123: -f already there, or the status is checked", "[rules][DF123]") {
  for (std::string run : {"curl -fsSL https://x.org/a", "curl -sSLf https://x.org/a", "curl --fail https://x.org/a",
                          "curl --fail-with-body https://x.org/a", "curl -w '%{http_code}' https://x.org/a",
                          "curl --version", "curl -V", "curl", "echo curl"}) {
    std::string in = "FROM debian\nRUN " + run + "\n";
    INFO(in);
    CHECK(run_rule("DF123", in, true).findings.empty());
    CHECK(run_rule("DF123", in, true).output == in);
  }
  // `-of` is `-o f`: the file is named f, -f is still missing.
  CHECK(run_rule("DF123", "FROM debian\nRUN curl -of https://x.org/a\n", true).output ==
        "FROM debian\nRUN curl -fof https://x.org/a\n");
  check_reported_only("DF123", "FROM debian\nRUN sh -c 'curl https://x.org/a | sh'\n", 1, true);
}

TEST_CASE("DF125: curl that saves or pipes without -L is reported; the unsafe fix adds it", "[rules][DF125]") {
  std::string saved = "FROM debian\nRUN curl -fsS -o /tmp/a.tgz https://x.org/a.tgz\n";
  OptimizeResult report = run_rule("DF125", saved);
  CHECK(report.output == saved);
  REQUIRE(report.findings.size() == 1);
  CHECK(report.findings[0].message == "curl without -L saves or pipes a redirect's body instead of the file it points to");
  CHECK(report.findings[0].offset == saved.find("curl"));
  REQUIRE(report.findings[0].fix);
  CHECK(report.findings[0].fix->safety == FixSafety::Unsafe);
  CHECK(run_rule("DF125", saved, true).output == "FROM debian\nRUN curl -LfsS -o /tmp/a.tgz https://x.org/a.tgz\n");
  // Piped into the next command, written with -O or to a file by the shell.
  CHECK(fixed("DF125", "FROM debian\nRUN curl https://x.org/a.tgz | tar -xz\n") == "FROM debian\nRUN curl https://x.org/a.tgz | tar -xz\n");
  CHECK(run_rule("DF125", "FROM debian\nRUN curl https://x.org/a.tgz | tar -xz\n", true).output ==
        "FROM debian\nRUN curl -L https://x.org/a.tgz | tar -xz\n");
  CHECK(run_rule("DF125", "FROM debian\nRUN cd /tmp && curl -O https://x.org/a.tgz\n", true).output ==
        "FROM debian\nRUN cd /tmp && curl -LO https://x.org/a.tgz\n");
  CHECK(run_rule("DF125", "FROM debian\nRUN if true; then curl https://x.org/a > /a; fi\n", true).output ==
        "FROM debian\nRUN if true; then curl -L https://x.org/a > /a; fi\n");
  check_idempotent("DF125", "FROM debian\nRUN curl -sS https://x.org/a > /a && curl https://x.org/b | sh\n", true);
  check_reported_only("DF125", "FROM debian\nRUN sh -c 'curl -o /a https://x.org/a'\n", 1, true);
  // Inside an inner script the body is kept when it is piped on or captured too.
  check_reported_only("DF125", "FROM debian\nRUN sh -c 'curl -s https://x.org/i.sh | sh'\n", 1, true);
  check_reported_only("DF125", "FROM debian\nRUN V=$(curl -s https://x.org/version) && echo $V\n", 1, true);
  check_reported_only("DF125", "FROM debian\nRUN tar -xz -f \"$(curl -s https://x.org/name | head -1)\"\n", 1, true);
  CHECK(run_rule("DF125", "FROM debian\nRUN sh -c 'curl -s https://x.org/health'\n", true).findings.empty());
}

TEST_CASE("DF125: -L already there, headers only, or the body goes to the build log", "[rules][DF125]") {
  for (std::string run : {"curl -fsSL -o /a https://x.org/a", "curl -sSLf https://x.org/a | sh",
                          "curl --location -o /a https://x.org/a", "curl --location-trusted -O https://x.org/a",
                          "curl -I https://x.org/a | grep 200", "curl -w '%{http_code}' -o /a https://x.org/a",
                          "curl https://x.org/health", "curl -fsS https://x.org/a 2> /err", "echo curl | sh"}) {
    std::string in = "FROM debian\nRUN " + run + "\n";
    INFO(in);
    CHECK(run_rule("DF125", in, true).findings.empty());
    CHECK(run_rule("DF125", in, true).output == in);
  }
}

TEST_CASE("DF126: downloads over plain HTTP are reported at the URL", "[rules][DF126]") {
  std::string in = "FROM debian\nRUN curl -fsSL http://x.org/install.sh | sh\n";
  OptimizeResult result = run_rule("DF126", in, true);
  CHECK(result.output == in);
  REQUIRE(result.findings.size() == 1);
  CHECK(result.findings[0].offset == in.find("http://"));
  CHECK(result.findings[0].message == "curl downloads over plain HTTP, which anyone on the way can alter: use "
                                      "https://, or check a checksum or signature of what arrives");
  CHECK_FALSE(result.findings[0].fix);
  check_reported_only("DF126", "FROM debian\nRUN wget -q HTTP://x.org/a.tgz && tar -xzf a.tgz\n");
  check_reported_only("DF126", "FROM debian\nADD http://x.org/a.tgz /opt/\n");
  check_reported_only("DF126", "FROM debian\nONBUILD ADD http://x.org/a.tgz /opt/\n");
  check_reported_only("DF126", "FROM debian\nRUN sh -c 'wget http://x.org/a'\n");
  check_reported_only("DF126", "FROM debian\nRUN curl http://x.org/a -o a && curl http://x.org/b -o b\n", 2);
}

TEST_CASE("DF126: a variable after the host leaves the host known", "[rules][DF126]") {
  for (std::string line : {"RUN wget http://nginx.org/download/nginx-${V}.tar.gz",
                           "RUN curl -fsSLO \"http://x.org/v$V/a-$V.tgz\"", "RUN curl http://x.org/a?b=1 -o a",
                           "RUN curl 'http://x.org/'\"$P\" -o a", "RUN wget http://x.org/$(uname -m)/a"}) {
    std::string in = "FROM debian\n" + line + "\n";
    INFO(in);
    OptimizeResult result = run_rule("DF126", in, true);
    REQUIRE(result.findings.size() == 1);
    CHECK(result.findings[0].offset == in.rfind(' ', in.find("http://")) + 1);  // the URL's word
  }
  // The host itself behind a variable may be a local one.
  for (std::string line : {"RUN curl http://${HOST}/a -o a", "RUN curl http://mirror.$REGION.x.org/a -o a",
                           "RUN curl http://localhost:$PORT/health", "RUN curl \"$BASE\"http://x.org/a"}) {
    std::string in = "FROM debian\n" + line + "\n";
    INFO(in);
    CHECK(run_rule("DF126", in).findings.empty());
  }
}

TEST_CASE("DF126: HTTPS, local servers, variables and checked downloads are not reported", "[rules][DF126]") {
  for (std::string line : {"RUN curl -fsSL https://x.org/a | sh", "RUN curl http://localhost:8080/health",
                           "RUN wget http://127.0.0.1/a", "RUN curl http://[::1]/a", "RUN curl http://user@localhost/a",
                           "RUN curl -o a $URL", "RUN echo http://x.org/a",
                           "RUN wget http://x.org/a.tgz && echo \"$SUM  a.tgz\" | sha256sum -c -",
                           "RUN curl -o a.asc http://x.org/a.asc && gpg --verify a.asc a",
                           "ADD --checksum=sha256:0123 http://x.org/a /a", "ADD https://x.org/a /a"}) {
    std::string in = "FROM debian\n" + line + "\n";
    INFO(in);
    CHECK(run_rule("DF126", in).findings.empty());
  }
}
