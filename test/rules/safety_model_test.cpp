// The safety model under the shell-aware rules (issue "Safe means safe"): programs behind
// wrappers, shell state, the shell a RUN runs under, mounts, ONBUILD and context facts. Each case
// names the class it covers; the ones that must not fire expect the input back unchanged.
#include <catch2/catch.hpp>

#include <filesystem>

#include "rule_fixture.h"
#include "test_support.h"

using namespace dfopt;
using dfopt::test::run_rule;

namespace {

std::string fixed(std::string_view id, const std::string& input, bool unsafe = false) {
  return run_rule(id, input, unsafe).output;
}

const Finding& only_finding(const OptimizeResult& result) {
  REQUIRE(result.findings.size() == 1);
  return result.findings.front();
}

}  // namespace

// --- 1. Program calls behind wrappers ------------------------------------------------------

TEST_CASE("wrappers: DF111 sees installs behind sudo, env, xargs and sh -c", "[rules][safety][DF111]") {
  // A later RUN that installs without updating needs the lists: no cleanup, whatever wraps it.
  for (std::string later : {"sudo apt-get install -y git", "env DEBIAN_FRONTEND=noninteractive apt-get install -y git",
                            "xargs -a pkgs apt-get install -y", "bash -c \"apt-get install -y git\"",
                            "sudo -E sh -c 'apt-get install -y git'", "$APT install -y git"}) {
    std::string in = "FROM debian:12\nRUN apt-get update && apt-get install -y curl\nRUN " + later + "\n";
    INFO(in);
    OptimizeResult result = run_rule("DF111", in);
    CHECK(result.output.starts_with("FROM debian:12\nRUN apt-get update && apt-get install -y curl\n"));
    REQUIRE_FALSE(result.findings.empty());
    CHECK_FALSE(result.findings.front().fix.has_value());
    CHECK(result.findings.front().message.find("not fixed") != std::string::npos);
  }
  // The install behind sudo is an install: the cleanup runs through sudo as well.
  CHECK(fixed("DF111", "FROM debian:12\nUSER app\nRUN sudo apt-get update && sudo apt-get install -y curl\n") ==
        "FROM debian:12\nUSER app\nRUN sudo apt-get update && sudo apt-get install -y curl && sudo rm -rf /var/lib/apt/lists/*\n");
  CHECK(fixed("DF111", "FROM debian:12\nRUN bash -c 'apt-get update && apt-get install -y curl'\n") ==
        "FROM debian:12\nRUN bash -c 'apt-get update && apt-get install -y curl' && rm -rf /var/lib/apt/lists/*\n");
}

TEST_CASE("wrappers: DF111 counts a cleanup only after the last update or install", "[rules][safety][DF111]") {
  CHECK(fixed("DF111", "FROM debian:12\nRUN rm -rf /var/lib/apt/lists/* && apt-get update && apt-get install -y curl\n") ==
        "FROM debian:12\nRUN rm -rf /var/lib/apt/lists/* && apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n");
  std::string done = "FROM debian:12\nRUN apt-get update && apt-get install -y curl && sudo rm -rf /var/lib/apt/lists/*\n";
  CHECK(run_rule("DF111", done).findings.empty());
}

TEST_CASE("wrappers: DF115 keeps apk update when a later apk add reads the index", "[rules][safety][DF115]") {
  // (A later `apk add` gets --no-cache itself, after which the update may go: these read.)
  for (std::string later : {"sudo apk search git", "xargs apk info -a < pkgs",
                            "sh -c 'apk add git'", "env X=1 apk fetch git", "$APK add git"}) {
    std::string in = "FROM alpine:3.19\nRUN apk update && apk add --no-cache curl\nRUN " + later + "\n";
    INFO(in);
    std::string out = fixed("DF115", in);
    CHECK(out.find("apk update && ") != std::string::npos);
  }
  // Without such a later RUN the update goes, as before.
  CHECK(fixed("DF115", "FROM alpine:3.19\nRUN apk update && apk add --no-cache curl\n") ==
        "FROM alpine:3.19\nRUN apk add --no-cache curl\n");
  // apk behind sudo gets --no-cache like any other.
  CHECK(fixed("DF115", "FROM alpine:3.19\nRUN sudo apk add curl\n") ==
        "FROM alpine:3.19\nRUN sudo apk add --no-cache curl\n");
}

TEST_CASE("wrappers: DF116 sees installs and cleanups behind wrappers, and offline installs later", "[rules][safety][DF116]") {
  CHECK(fixed("DF116", "FROM node:20\nRUN sudo npm ci\n") ==
        "FROM node:20\nRUN sudo npm ci && sudo npm cache clean --force\n");
  CHECK(run_rule("DF116", "FROM node:20\nRUN npm ci && sudo npm cache clean --force\n").findings.empty());
  // `rm ~/.npmrc` removes credentials, not the cache.
  CHECK(fixed("DF116", "FROM node:20\nRUN npm ci && rm -f ~/.npmrc\n") ==
        "FROM node:20\nRUN npm ci && rm -f ~/.npmrc && npm cache clean --force\n");
  CHECK(run_rule("DF116", "FROM node:20\nRUN npm ci && rm -rf \"$HOME/.npm\"\n").findings.empty());
  // A later `npm ci --offline` reads the cache this RUN would clean.
  std::string offline = "FROM node:20\nRUN npm ci\nCOPY . .\nRUN npm ci --offline\n";
  OptimizeResult result = run_rule("DF116", offline);
  CHECK(result.output.starts_with("FROM node:20\nRUN npm ci\n"));
  REQUIRE(result.findings.size() == 1);
  CHECK_FALSE(result.findings[0].fix.has_value());
  CHECK(result.findings[0].message.find("--offline") != std::string::npos);
  // An install run as another user: its cache is not the one a cleanup here would reach.
  OptimizeResult as_other = run_rule("DF116", "FROM node:20\nRUN gosu node npm ci\n");
  const Finding& f = only_finding(as_other);
  CHECK_FALSE(f.fix.has_value());
}

TEST_CASE("wrappers: DF110, DF113, DF114, DF117, DF118 see through sudo and env", "[rules][safety]") {
  CHECK(fixed("DF110", "FROM debian:12\nRUN sudo apt-get install curl\n") ==
        "FROM debian:12\nRUN sudo apt-get install -y curl\n");
  CHECK(fixed("DF113", "FROM debian:12\nRUN sudo apt install -y curl\n") ==
        "FROM debian:12\nRUN sudo apt-get install -y curl\n");
  CHECK(fixed("DF114", "FROM python:3.12\nRUN sudo -H pip install flask\n") ==
        "FROM python:3.12\nRUN sudo -H pip install --no-cache-dir flask\n");
  CHECK(fixed("DF117", "FROM fedora:40\nRUN sudo dnf install -y gcc\n") ==
        "FROM fedora:40\nRUN sudo dnf install -y gcc && sudo dnf clean all\n");
  CHECK(fixed("DF118", "FROM debian:12\nRUN env GEM_HOME=/g gem install rake\n") ==
        "FROM debian:12\nRUN env GEM_HOME=/g gem install --no-document rake\n");
  // Inside an inner script the words are not the RUN's to edit: reported, not fixed.
  std::string inner = "FROM python:3.12\nRUN sh -c 'pip install flask'\n";
  OptimizeResult inner_result = run_rule("DF114", inner);
  const Finding& f = only_finding(inner_result);
  CHECK_FALSE(f.fix.has_value());
  CHECK(fixed("DF110", "FROM debian:12\nRUN sh -c 'apt-get install curl'\n") ==
        "FROM debian:12\nRUN sh -c 'apt-get install curl'\n");
}

// --- 2. Shell state effects ----------------------------------------------------------------

TEST_CASE("effects: DF102 does not merge after a RUN that changes shell state", "[rules][safety][DF102]") {
  for (std::string first : {"command cd /tmp", "builtin cd /tmp", ": ${X:=v}", "echo $((X=4))",
                            "for f in a b; do echo $f; done", "read x < /etc/hostname",
                            "let x=1", "declare -x A=1", "mapfile -t a < f", "printf -v X %s 1",
                            "hash -r", "alias ll='ls -l'", "source /etc/profile", "shopt -s nullglob"}) {
    std::string in = "FROM debian:12\nRUN " + first + "\nRUN make\n";
    INFO(in);
    CHECK(fixed("DF102", in) == in);
  }
  // A second RUN that reads `$_` sees the first one's last argument once merged.
  std::string history = "FROM debian:12\nRUN mkdir /x\nRUN echo $_\n";
  CHECK(fixed("DF102", history) == history);
  // State changes in a child process or subshell stay there: these still merge.
  CHECK(fixed("DF102", "FROM debian:12\nRUN env cd /x || true\nRUN make\n") ==
        "FROM debian:12\nRUN env cd /x || true && \\\n    make\n");
  CHECK(fixed("DF102", "FROM debian:12\nRUN (cd /x && make)\nRUN make install\n") ==
        "FROM debian:12\nRUN (cd /x && make) && \\\n    make install\n");
}

// --- 3. The shell a RUN or CMD runs under --------------------------------------------------

TEST_CASE("shell: under errexit, no merge after a RUN ending in a compound command", "[rules][safety][DF102]") {
  for (std::string shell : {"[\"/bin/bash\", \"-e\", \"-c\"]", "[\"/bin/sh\", \"-ec\"]",
                            "[\"/bin/bash\", \"-o\", \"errexit\", \"-c\"]",
                            "[\"/bin/bash\", \"-euo\", \"pipefail\", \"-c\"]"}) {
    for (std::string first : {"{ false; echo after; }", "if true; then false; echo after; fi",
                              "(false; echo after)"}) {
      std::string in = "FROM debian:12\nSHELL " + shell + "\nRUN " + first + "\nRUN make\n";
      INFO(in);
      CHECK(fixed("DF102", in) == in);
    }
  }
  // Without errexit the same RUNs merge, and under errexit a simple last command is fine.
  CHECK(fixed("DF102", "FROM debian:12\nRUN { false; echo after; }\nRUN make\n") ==
        "FROM debian:12\nRUN { false; echo after; } && \\\n    make\n");
  CHECK(fixed("DF102", "FROM debian:12\nSHELL [\"/bin/bash\", \"-e\", \"-c\"]\nRUN a; b\nRUN make\n") ==
        "FROM debian:12\nSHELL [\"/bin/bash\", \"-e\", \"-c\"]\nRUN a; b && \\\n    make\n");
}

TEST_CASE("shell: under errexit, no cleanup appended after a compound command", "[rules][safety]") {
  // `set -e && if …; fi && rm …`: -e is ignored inside the if once && follows it, so a failing
  // command there would no longer stop the RUN (the oracle found this on the corpus).
  struct Case {
    std::string rule, install;
  };
  for (const Case& c : {Case{"DF111", "apt-get update && apt-get install -y curl"},
                        Case{"DF117", "yum install -y curl"},
                        Case{"DF116", "npm install -g yarn"}}) {
    for (std::string shape : {"set -ex && if [ -n \"$X\" ]; then INSTALL; make; fi",
                              "set -o errexit && { INSTALL; make; }",
                              "set $FLAGS && if true; then INSTALL; fi"}) {
      std::string script = shape.replace(shape.find("INSTALL"), 7, c.install);
      std::string in = "FROM centos:7\nRUN " + script + "\n";
      INFO(c.rule << ": " << in);
      OptimizeResult result = run_rule(c.rule, in);
      CHECK(result.output == in);
      REQUIRE(result.findings.size() == 1);
      CHECK_FALSE(result.findings[0].fix.has_value());
      CHECK_THAT(result.findings[0].message, Catch::Contains("errexit may be on"));
    }
    // The SHELL's -e counts too; without errexit, or ending in a simple command, it is appended.
    std::string under_shell = "FROM centos:7\nSHELL [\"/bin/bash\", \"-ec\"]\nRUN if true; then " +
                              c.install + "; fi\n";
    INFO(under_shell);
    CHECK(fixed(c.rule, under_shell) == under_shell);
    std::string plain = "FROM centos:7\nRUN if true; then " + c.install + "; fi\n";
    CHECK(fixed(c.rule, plain) != plain);
    std::string simple_end = "FROM centos:7\nRUN set -e && " + c.install + "\n";
    CHECK(fixed(c.rule, simple_end) != simple_end);
  }
}

TEST_CASE("shell: DF201 keeps shell form under a login or interactive SHELL", "[rules][safety][DF201]") {
  for (std::string shell : {"[\"/bin/bash\", \"-l\", \"-c\"]", "[\"/bin/bash\", \"--login\", \"-c\"]",
                            "[\"/bin/bash\", \"-lc\"]", "[\"/bin/bash\", \"-i\", \"-c\"]"}) {
    std::string in = "FROM debian:12\nSHELL " + shell +
                     "\nHEALTHCHECK CMD curl -f http://localhost/\nCMD node server.js\n";
    INFO(in);
    OptimizeResult result = run_rule("DF201", in);
    CHECK(result.output.find("[\"") == result.output.find("[\"/bin/bash"));  // no JSON written
    CHECK(result.output.find("CMD exec node server.js") != std::string::npos);
    for (const Finding& f : result.findings)
      if (!f.fix) CHECK(f.message.find("startup files") != std::string::npos);
  }
}

TEST_CASE("shell: DF201 does not drop exec's options", "[rules][safety][DF201]") {
  std::string in = "FROM debian:12\nENTRYPOINT exec -a myname /usr/bin/server --port 80\n";
  CHECK(fixed("DF201", in, true) == in);
  CHECK(fixed("DF201", "FROM debian:12\nENTRYPOINT exec /usr/bin/server --port 80\n") ==
        "FROM debian:12\nENTRYPOINT [\"/usr/bin/server\", \"--port\", \"80\"]\n");
}

// --- 5. What the stage looks like: ONBUILD triggers of a base stage ------------------------

TEST_CASE("stage: DF103 knows the directory a base stage's ONBUILD WORKDIR sets", "[rules][safety][DF103]") {
  // The child starts in /build (the trigger), not /app: `cd /app` is not redundant.
  std::string in = "FROM debian:12 AS base\nWORKDIR /app\nONBUILD WORKDIR /build\n"
                   "FROM base\nRUN cd /app && make\n";
  std::string out = fixed("DF103", in);
  CHECK(out.find("RUN cd /app && make") == std::string::npos);
  CHECK(out.find("WORKDIR /app\nRUN make\nWORKDIR /build\n") != std::string::npos);
  // And `cd /build` there is the redundant one.
  CHECK(fixed("DF103", "FROM debian:12 AS base\nWORKDIR /app\nONBUILD WORKDIR /build\n"
                       "FROM base\nRUN cd /build && make\n") ==
        "FROM debian:12 AS base\nWORKDIR /app\nONBUILD WORKDIR /build\nFROM base\nRUN make\n");
}

// --- 6. RUN mounts ---------------------------------------------------------------------------

TEST_CASE("mounts: DF103 leaves RUNs whose mounts depend on the working directory", "[rules][safety][DF103]") {
  for (std::string run : {"RUN --mount=type=bind,target=src cd /build && make",
                          "RUN --mount=type=cache,target=/root/.cache cd /root/.cache && ls",
                          "RUN --mount=type=cache,target=/build cd /build/sub && make"}) {
    std::string in = "FROM debian:12\nWORKDIR /app\n" + run + "\n";
    INFO(in);
    OptimizeResult result = run_rule("DF103", in, true);
    CHECK(result.output == in);
    REQUIRE(result.findings.size() == 1);
    CHECK(result.findings[0].message.find("--mount") != std::string::npos);
  }
  // An absolute mount elsewhere does not matter.
  CHECK(fixed("DF103", "FROM debian:12\nWORKDIR /app\nRUN --mount=type=cache,target=/root/.cache cd /build && make\n") ==
        "FROM debian:12\nWORKDIR /app\nWORKDIR /build\nRUN --mount=type=cache,target=/root/.cache make\nWORKDIR /app\n");
}

// --- 7. Context facts: a script without #! ---------------------------------------------------

TEST_CASE("context: DF201 checks that a copied script starts with #!", "[rules][safety][DF201]") {
  dfopt::test::TempDir temp;
  const std::filesystem::path& dir = temp.path();
  dfopt::test::write_file(dir / "start.sh", "echo hello\n");
  dfopt::test::write_file(dir / "run.sh", "#!/bin/sh\necho hello\n");
  const std::string in = "FROM debian:12\nWORKDIR /app\nCOPY start.sh run.sh ./\n"
                         "HEALTHCHECK CMD ./start.sh\nHEALTHCHECK CMD /app/run.sh\n";
  OptimizeResult result = run_rule("DF201", in, false, dir);
  CHECK(result.output.find("HEALTHCHECK CMD ./start.sh") != std::string::npos);
  CHECK(result.output.find("HEALTHCHECK CMD [\"/app/run.sh\"]") != std::string::npos);
  bool explained = false;
  for (const Finding& f : result.findings)
    if (f.message.find("no '#!' line") != std::string::npos) explained = true;
  CHECK(explained);
  // Without a context the script may lack #!: the fix is unsafe.
  OptimizeResult unknown = run_rule("DF201", "FROM debian:12\nHEALTHCHECK CMD ./start.sh\n");
  REQUIRE(unknown.findings.size() == 1);
  REQUIRE(unknown.findings[0].fix.has_value());
  CHECK(unknown.findings[0].fix->safety == FixSafety::Unsafe);
}

// --- 5. What the stage looks like: symlinks ---------------------------------------------------

TEST_CASE("stage: DF204 does not swap COPYs that a symlink may join", "[rules][safety][DF204]") {
  const std::string swap = "COPY app/ /srv/app/\nCOPY lib/ /srv/lib/\n";
  const std::string swapped = "COPY lib/ /srv/lib/\nCOPY app/ /srv/app/\n";
  CHECK(fixed("DF204", "FROM debian:12\n" + swap) == "FROM debian:12\n" + swapped);
  for (std::string run : {"RUN ln -s /srv/lib /srv/app/lib", "RUN ln -sf /a /b",
                          "RUN mkdir -p /x && sudo ln --symbolic /a /b", "RUN $TOOL && ln x y"}) {
    std::string in = "FROM debian:12\n" + run + "\n" + swap;
    INFO(in);
    OptimizeResult result = run_rule("DF204", in);
    CHECK(result.output == in);
    REQUIRE(result.findings.size() == 1);
    CHECK(result.findings[0].message.find("symlink") != std::string::npos);
  }
  // A hard link joins no folders.
  CHECK(fixed("DF204", "FROM debian:12\nRUN ln /a /b\n" + swap) ==
        "FROM debian:12\nRUN ln /a /b\n" + swapped);
  // Merged /usr: /bin/tool and /usr/bin/tool are one file, so these two stay in order.
  std::string usr = "FROM debian:12\nCOPY app/ /usr/bin/\nCOPY tool /bin/tool\n";
  CHECK(fixed("DF204", usr) == usr);
}

// --- 5. What the stage looks like: later uses of a download ---------------------------------

TEST_CASE("stage: DF203 keeps the downloaded archive when something may still read it", "[rules][safety][DF203]") {
  const std::string head = "FROM debian:12\nRUN apt-get install -y wget\nADD https://x.org/h.tgz /opt/\n";
  const std::string unpack = "RUN tar -xzf /opt/h.tgz -C /opt\n";
  // Nothing else reads it: streamed, and the archive never reaches the image.
  CHECK(fixed("DF203", head + unpack) ==
        "FROM debian:12\nRUN apt-get install -y wget\nRUN wget -q -O - https://x.org/h.tgz | tar -xzf - -C /opt\n");
  for (std::string later : {"RUN ls /opt/*.tgz", "RUN sha256sum /opt/$ARCHIVE",
                            "RUN cp -r /opt /backup", "FROM debian:12\nCOPY --from=0 /opt/ /srv/"}) {
    std::string in = head + unpack + later + "\n";
    INFO(in);
    // The download is kept where ADD put it; the unpacking RUN stays as it is.
    std::string out = fixed("DF203", in);
    CHECK(out.find("wget -q -O /opt/h.tgz https://x.org/h.tgz") != std::string::npos);
    CHECK(out.find(unpack) != std::string::npos);
  }
  // Other files of the folder are not the archive.
  CHECK(fixed("DF203", head + unpack + "RUN cat /opt/other.txt\n").find("ADD ") == std::string::npos);
  // The same RUN reading it through a glob.
  std::string glob = "RUN tar -xzf /opt/h.tgz -C /opt && ls -l /opt/*.tgz\n";
  std::string out = fixed("DF203", head + glob);
  CHECK(out.find("wget -q -O /opt/h.tgz https://x.org/h.tgz") != std::string::npos);
  CHECK(out.find(glob) != std::string::npos);
}
