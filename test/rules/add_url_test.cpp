// DF203 add-url: input and expected output side by side; the not-safe cases expect the input
// back unchanged, or an unsafe fix that only --unsafe-fixes applies.
#include <catch2/catch.hpp>

#include "engine/optimizer.h"
#include "transforms/registry.h"

using namespace dfopt;

namespace {

OptimizeResult run_rule(const std::string& input, bool unsafe = false) {
  OptimizeOptions options;
  options.apply_unsafe_fixes = unsafe;
  return optimize(input, "Dockerfile", {find_rule("DF203")}, options);
}

std::string fixed(const std::string& input, bool unsafe = false) {
  return run_rule(input, unsafe).output;
}

const std::string kCurl = "FROM debian:bookworm\nRUN apt-get update && apt-get install -y curl\n";
const std::string kHex = "24cdb3e0d624cdb3e0d624cdb3e0d624cdb3e0d624cdb3e0d624cdb3e0d6aaaa";

}  // namespace

TEST_CASE("DF203: ADD <url> becomes RUN curl, safe where curl was installed before", "[rules][DF203]") {
  auto result = run_rule(kCurl + "ADD https://example.com/tool /usr/local/bin/tool\n");
  CHECK(result.output ==
        kCurl + "RUN curl -fsSL https://example.com/tool -o /usr/local/bin/tool && chmod 600 /usr/local/bin/tool\n");
  CHECK(result.fixes_applied.at("DF203") == 1);
  CHECK(result.findings.empty());
  // The base image carries curl: buildpack-deps and the full images built on it.
  CHECK(fixed("FROM python:3.12\nADD https://example.com/get.py /tmp/\n") ==
        "FROM python:3.12\nRUN curl -fsSL https://example.com/get.py -o /tmp/get.py && chmod 600 /tmp/get.py\n");
  // curl run by an earlier RUN is there; one removed again is not.
  CHECK(fixed("FROM debian\nRUN curl -fsSL https://x.org/k -o /k\nADD https://x.org/t /t\n") ==
        "FROM debian\nRUN curl -fsSL https://x.org/k -o /k\nRUN curl -fsSL https://x.org/t -o /t && chmod 600 /t\n");
  // Left of a `|` a missing curl goes unseen (`curl … | sh` succeeds on empty input).
  std::string piped = "FROM debian\nRUN curl -fsSL https://x.org/k | apt-key add -\nADD https://x.org/t /t\n";
  CHECK(fixed(piped) == piped);
  CHECK(fixed(piped, true) != piped);
  // A removal counts even where it may not run; an install only where it surely ran.
  std::string maybe_purged = "FROM debian\nRUN apt-get install -y curl\n"
                             "RUN [ -n \"$KEEP\" ] || apt-get purge -y curl\nADD https://x.org/t /t\n";
  CHECK(fixed(maybe_purged) == maybe_purged);
  std::string maybe_installed = "FROM debian\nRUN if [ -n \"$X\" ]; then apt-get install -y curl; fi\n"
                                "ADD https://x.org/t /t\n";
  CHECK(fixed(maybe_installed) == maybe_installed);
  // Behind sudo, and inside sh -c, an install is an install.
  CHECK(fixed("FROM debian\nRUN sudo apt-get install -y curl\nADD https://x.org/t /t\n") ==
        "FROM debian\nRUN sudo apt-get install -y curl\nRUN curl -fsSL https://x.org/t -o /t && chmod 600 /t\n");
  // ca-certificates purged again: https is not known to work.
  std::string no_certificates =
      "FROM debian\nRUN apt-get install -y --no-install-recommends curl ca-certificates\n"
      "RUN apt-get purge -y ca-certificates\nADD https://x.org/t /t\n";
  CHECK(fixed(no_certificates) == no_certificates);
  std::string purged = "FROM debian\nRUN apt-get install -y curl && apt-get purge -y curl\nADD https://x.org/t /t\n";
  CHECK(fixed(purged) == purged);
  std::string virtual_group =
      "FROM alpine:3.19\nRUN apk add --virtual .fetch curl && apk del .fetch\nADD https://x.org/t /t\n";
  CHECK(fixed(virtual_group) == virtual_group);
  // A parent stage's install counts.
  CHECK(fixed("FROM debian AS base\nRUN apt-get install -y curl\nFROM base\nADD https://x.org/t /t\n") ==
        "FROM debian AS base\nRUN apt-get install -y curl\nFROM base\nRUN curl -fsSL https://x.org/t -o /t && chmod 600 /t\n");
}

TEST_CASE("DF203: curl not known to be in the image - an unsafe fix only", "[rules][DF203]") {
  std::string input = "FROM debian:bookworm\nADD https://example.com/tool /usr/local/bin/tool\n";
  auto safe = run_rule(input);
  CHECK(safe.output == input);
  REQUIRE(safe.findings.size() == 1);
  REQUIRE(safe.findings[0].fix);
  CHECK(safe.findings[0].fix->safety == FixSafety::Unsafe);
  CHECK_THAT(safe.findings[0].message, Catch::Contains("curl is not known to be in the image"));
  CHECK(fixed(input, true) ==
        "FROM debian:bookworm\nRUN curl -fsSL https://example.com/tool -o /usr/local/bin/tool && chmod 600 /usr/local/bin/tool\n");
  // The user is unknown: the base image is not one dfopt knows and sets no USER here.
  auto unknown = run_rule("FROM myorg/base\nADD https://x.org/t /t\n");
  REQUIRE(unknown.findings.size() == 1);
  CHECK_THAT(unknown.findings[0].message, Catch::Contains("may not run as root"));
  // https without CA certificates on Debian.
  auto no_ca = run_rule("FROM debian\nRUN apt-get install -y --no-install-recommends curl\nADD https://x.org/t /t\n");
  REQUIRE(no_ca.findings.size() == 1);
  CHECK(no_ca.findings[0].fix->safety == FixSafety::Unsafe);
  CHECK_THAT(no_ca.findings[0].message, Catch::Contains("ca-certificates"));
  CHECK(fixed("FROM debian\nRUN apt-get install -y --no-install-recommends ca-certificates curl\nADD https://x.org/t /t\n") ==
        "FROM debian\nRUN apt-get install -y --no-install-recommends ca-certificates curl\n"
        "RUN curl -fsSL https://x.org/t -o /t && chmod 600 /t\n");
  // Alpine: only busybox's wget.
  auto alpine = run_rule("FROM alpine:3.19\nADD https://x.org/t /t\n");
  REQUIRE(alpine.findings.size() == 1);
  CHECK_THAT(alpine.findings[0].message, Catch::Contains("busybox"));
  CHECK(fixed("FROM alpine:3.19\nADD https://x.org/t /t\n", true) ==
        "FROM alpine:3.19\nRUN wget -q -O /t https://x.org/t && chmod 600 /t\n");
}

TEST_CASE("DF203: wget where the stage installed wget", "[rules][DF203]") {
  CHECK(fixed("FROM debian\nRUN apt-get update && apt-get install -y wget\nADD https://x.org/t.sh /opt/\n") ==
        "FROM debian\nRUN apt-get update && apt-get install -y wget\n"
        "RUN wget -q -O /opt/t.sh https://x.org/t.sh && chmod 600 /opt/t.sh\n");
  CHECK(fixed("FROM alpine:3.19\nRUN apk add --no-cache wget\nADD http://x.org/t /t\n") ==
        "FROM alpine:3.19\nRUN apk add --no-cache wget\nRUN wget -q -O /t http://x.org/t && chmod 600 /t\n");
}

TEST_CASE("DF203: destination folder or file, made when missing", "[rules][DF203]") {
  std::string from = "FROM buildpack-deps:bookworm\n";
  // Ends in '/': a folder, the file named after the URL's path; parents are made as ADD does.
  CHECK(fixed(from + "ADD https://example.com/a/hello.tar.gz?dl=1 /opt/src/\n") ==
        from + "RUN mkdir -p /opt/src && \\\n"
               "    curl -fsSL 'https://example.com/a/hello.tar.gz?dl=1' -o /opt/src/hello.tar.gz && \\\n"
               "    chmod 600 /opt/src/hello.tar.gz\n");
  // A folder every image has, without the '/'.
  CHECK(fixed(from + "ADD https://x.org/b.tgz /tmp\n") ==
        from + "RUN curl -fsSL https://x.org/b.tgz -o /tmp/b.tgz && chmod 600 /tmp/b.tgz\n");
  // Otherwise a file path.
  CHECK(fixed(from + "ADD https://x.org/tini-amd64 /sbin/tini\n") ==
        from + "RUN curl -fsSL https://x.org/tini-amd64 -o /sbin/tini && chmod 600 /sbin/tini\n");
  CHECK(fixed(from + "ADD https://x.org/app.jar /srv/app/app.jar\n") ==
        from + "RUN mkdir -p /srv/app && \\\n    curl -fsSL https://x.org/app.jar -o /srv/app/app.jar && \\\n"
               "    chmod 600 /srv/app/app.jar\n");
  // A folder a WORKDIR made.
  CHECK(fixed(from + "WORKDIR /app\nADD https://x.org/t /app\n") ==
        from + "WORKDIR /app\nRUN curl -fsSL https://x.org/t -o /app/t && chmod 600 /app/t\n");
}

TEST_CASE("DF203: relative destinations stay relative to the working directory", "[rules][DF203]") {
  std::string from = "FROM buildpack-deps:bookworm\n";
  // WORKDIR known: "bin" under /usr/local is a folder every image has.
  CHECK(fixed(from + "WORKDIR /usr/local\nADD https://x.org/t bin\n") ==
        from + "WORKDIR /usr/local\nRUN curl -fsSL https://x.org/t -o bin/t && chmod 600 bin/t\n");
  CHECK(fixed(from + "WORKDIR /app\nADD https://x.org/t sub/\n") ==
        from + "WORKDIR /app\nRUN mkdir -p sub && curl -fsSL https://x.org/t -o sub/t && chmod 600 sub/t\n");
  // WORKDIR unknown: the RUN starts where ADD resolves, so the path is kept as written.
  CHECK(fixed(from + "ADD https://x.org/t .\n") ==
        from + "RUN curl -fsSL https://x.org/t -o t && chmod 600 t\n");
  CHECK(fixed(from + "ADD https://x.org/t ./run.sh\n") ==
        from + "RUN curl -fsSL https://x.org/t -o run.sh && chmod 600 run.sh\n");
  CHECK(fixed(from + "ADD https://x.org/t lib/\n") ==
        from + "RUN mkdir -p lib && curl -fsSL https://x.org/t -o lib/t && chmod 600 lib/t\n");
}

TEST_CASE("DF203: --checksum becomes a sha256sum check", "[rules][DF203]") {
  CHECK(fixed(kCurl + "ADD --checksum=sha256:" + kHex + " https://x.org/tool /usr/local/bin/tool\n") ==
        kCurl + "RUN curl -fsSL https://x.org/tool -o /usr/local/bin/tool && \\\n"
                "    echo \"" + kHex + "  /usr/local/bin/tool\" | sha256sum -c - && \\\n"
                "    chmod 600 /usr/local/bin/tool\n");
  // No streaming with a checksum: the download is converted only.
  std::string tar = "RUN tar -xzf /tmp/t.tgz -C /opt\n";
  CHECK(fixed(kCurl + "ADD --checksum=sha256:" + kHex + " https://x.org/t.tgz /tmp/\n" + tar) ==
        kCurl + "RUN curl -fsSL https://x.org/t.tgz -o /tmp/t.tgz && \\\n"
                "    echo \"" + kHex + "  /tmp/t.tgz\" | sha256sum -c - && \\\n"
                "    chmod 600 /tmp/t.tgz\n" + tar);
}

TEST_CASE("DF203: --chown and --chmod", "[rules][DF203]") {
  std::string from = "FROM buildpack-deps:bookworm\n";
  CHECK(fixed(from + "ADD --chown=1000 https://x.org/t /tmp/t\n") ==
        from + "RUN curl -fsSL https://x.org/t -o /tmp/t && chown 1000:1000 /tmp/t && chmod 600 /tmp/t\n");
  CHECK(fixed(from + "ADD --chown=app:app --chmod=755 https://x.org/t /usr/local/bin/\n") ==
        from + "RUN curl -fsSL https://x.org/t -o /usr/local/bin/t && \\\n"
               "    chown app:app /usr/local/bin/t && \\\n"
               "    chmod 755 /usr/local/bin/t\n");
  // ADD --chown also owns the folders it makes: unsafe.
  std::string made = from + "ADD --chown=app:app https://x.org/t /srv/app/\n";
  auto result = run_rule(made);
  CHECK(result.output == made);
  REQUIRE(result.findings.size() == 1);
  CHECK(result.findings[0].fix->safety == FixSafety::Unsafe);
  // The next RUN sets an absolute mode first: ADD's 600 never shows.
  CHECK(fixed(from + "ADD https://x.org/t /usr/local/bin/t\nRUN chmod 0755 /usr/local/bin/t\n") ==
        from + "RUN curl -fsSL https://x.org/t -o /usr/local/bin/t\nRUN chmod 0755 /usr/local/bin/t\n");
  CHECK(fixed(from + "ADD https://x.org/t /usr/local/bin/t\nRUN chmod +x /usr/local/bin/t\n") ==
        from + "RUN curl -fsSL https://x.org/t -o /usr/local/bin/t && chmod 600 /usr/local/bin/t\n"
               "RUN chmod +x /usr/local/bin/t\n");
}

TEST_CASE("DF203: variables declared by ARG or ENV of the stage", "[rules][DF203]") {
  std::string from = "FROM buildpack-deps:bookworm\n";
  CHECK(fixed(from + "ARG V=1.2\nADD https://x.org/$V/t-${V}.tgz /tmp/t.tgz\n") ==
        from + "ARG V=1.2\nRUN curl -fsSL \"https://x.org/$V/t-${V}.tgz\" -o /tmp/t.tgz && chmod 600 /tmp/t.tgz\n");
  CHECK(fixed("FROM buildpack-deps AS a\nENV V=1\nFROM a\nADD https://x.org/$V /tmp/t\n") ==
        "FROM buildpack-deps AS a\nENV V=1\nFROM a\nRUN curl -fsSL \"https://x.org/$V\" -o /tmp/t && chmod 600 /tmp/t\n");
}

TEST_CASE("DF203: the next RUN's tar unpacks the download - streamed, rm dropped", "[rules][DF203]") {
  CHECK(fixed(kCurl + "ADD https://x.org/hello.tar.gz /tmp/\n# unpack\n"
                      "RUN tar -xzf /tmp/hello.tar.gz -C /opt && rm /tmp/hello.tar.gz && make -C /opt/hello\n") ==
        kCurl + "# unpack\nRUN curl -fsSL https://x.org/hello.tar.gz | tar -xzf - -C /opt && make -C /opt/hello\n");
  std::string from = "FROM buildpack-deps:bookworm\n";
  // Old-style options; tar cannot guess the compression of a stream, so the letter is added.
  CHECK(fixed(from + "ADD https://x.org/h.tar.xz /tmp/\nRUN tar xf /tmp/h.tar.xz -C /opt \\\n && rm -f /tmp/h.tar.xz \\\n && make\n") ==
        from + "RUN curl -fsSL https://x.org/h.tar.xz | tar Jxf - -C /opt \\\n && make\n");
  // cd first, relative names, rm of other files kept.
  CHECK(fixed(from + "ADD https://x.org/h.tgz /tmp/h.tgz\nRUN cd /tmp && tar xzf h.tgz && rm -rf h.tgz /tmp/other\n") ==
        from + "RUN cd /tmp && curl -fsSL https://x.org/h.tgz | tar xzf - && rm -rf /tmp/other\n");
  // The folder ADD would make is still made.
  CHECK(fixed(from + "ADD https://x.org/h.tar /opt/src/\nRUN tar --extract --file=/opt/src/h.tar -C /opt/src\n") ==
        from + "RUN mkdir -p /opt/src && curl -fsSL https://x.org/h.tar | tar --extract --file=- -C /opt/src\n");
  // Not deleted and named by no later instruction: only its contents stay.
  CHECK(fixed(from + "ADD https://x.org/h.tgz /tmp/\nRUN mkdir -p /opt/h && tar -C /opt/h -xzf /tmp/h.tgz\nCMD [\"h\"]\n") ==
        from + "RUN mkdir -p /opt/h && curl -fsSL https://x.org/h.tgz | tar -C /opt/h -xzf -\nCMD [\"h\"]\n");
  // wget streams too.
  CHECK(fixed("FROM debian\nRUN apt-get install -y wget\nADD https://x.org/h.tgz /opt/\nRUN tar -xzf /opt/h.tgz -C /opt && rm /opt/h.tgz\n") ==
        "FROM debian\nRUN apt-get install -y wget\nRUN wget -q -O - https://x.org/h.tgz | tar -xzf - -C /opt\n");
}

TEST_CASE("DF203: no streaming - the download is converted only", "[rules][DF203]") {
  std::string from = "FROM buildpack-deps:bookworm\n";
  std::string add = "ADD https://x.org/h.tgz /opt/\n";
  std::string run = "RUN curl -fsSL https://x.org/h.tgz -o /opt/h.tgz && chmod 600 /opt/h.tgz\n";
  for (std::string next : {
           "RUN tar -xzf /opt/h.tgz -C /opt\nCOPY /opt/h.tgz /x\n",   // named later, not deleted
           "RUN tar -xzf /opt/h.tgz -C /opt && sha256sum /opt/h.tgz\n",  // used otherwise
           "RUN unzip /opt/h.tgz -d /opt\n",                         // unzip needs a file
           "RUN tar -tzf /opt/h.tgz\n",                              // not an extraction
           "RUN tar -xzf /opt/other.tgz -C /opt\n",                  // another file
           "RUN --network=none tar -xzf /opt/h.tgz -C /opt\n",       // flags
           "RUN tar -xzf /opt/h.tgz -C /opt; make\n",                // not an && chain
           "RUN make && tar -xzf /opt/h.tgz -C /opt\n",              // tar not first
           "\nRUN tar -xzf /opt/h.tgz -C /opt && rm /opt/h.tgz\n",   // a blank line between
           "RUN tar -xzf /opt/h.tgz -C /opt \\\n# gone\n && rm /opt/h.tgz\n",  // comment in the rm part
       }) {
    INFO(next);
    CHECK(fixed(from + add + next) == from + run + next);
  }
  // Alpine's busybox tar takes an empty stream for an empty archive: no streaming there.
  std::string alpine = "FROM alpine:3.19\nRUN apk add --no-cache curl\n";
  std::string tar = "RUN tar -xzf /opt/h.tgz -C /opt && rm /opt/h.tgz\n";
  CHECK(fixed(alpine + add + tar) == alpine + run + tar);
  // ... unless the stage installs GNU tar.
  std::string gnu = "FROM alpine:3.19\nRUN apk add --no-cache curl tar\n";
  CHECK(fixed(gnu + add + tar) == gnu + "RUN curl -fsSL https://x.org/h.tgz | tar -xzf - -C /opt\n");
}

TEST_CASE("DF203: the file's style - case, CRLF, backtick escape, && at line start", "[rules][DF203]") {
  CHECK(fixed("from buildpack-deps:bookworm\r\nadd --chown=1000 https://x.org/tool /usr/local/bin/tool\r\n") ==
        "from buildpack-deps:bookworm\r\nrun curl -fsSL https://x.org/tool -o /usr/local/bin/tool && \\\r\n"
        "    chown 1000:1000 /usr/local/bin/tool && \\\r\n    chmod 600 /usr/local/bin/tool\r\n");
  CHECK(fixed("# escape=`\nFROM buildpack-deps:bookworm\n  ADD --checksum=sha256:" + kHex + " https://x.org/tool /usr/local/bin/tool\n") ==
        "# escape=`\nFROM buildpack-deps:bookworm\n  RUN curl -fsSL https://x.org/tool -o /usr/local/bin/tool && `\n"
        "    echo \"" + kHex + "  /usr/local/bin/tool\" | sha256sum -c - && `\n"
        "    chmod 600 /usr/local/bin/tool\n");
  CHECK(fixed("FROM buildpack-deps\nRUN apt-get update \\\n  && apt-get install -y x\nADD --chown=1:1 https://x.org/tool /usr/local/bin/\n") ==
        "FROM buildpack-deps\nRUN apt-get update \\\n  && apt-get install -y x\n"
        "RUN curl -fsSL https://x.org/tool -o /usr/local/bin/tool \\\n  && chown 1:1 /usr/local/bin/tool \\\n"
        "  && chmod 600 /usr/local/bin/tool\n");
  // No final newline.
  CHECK(fixed("FROM buildpack-deps\nADD https://x.org/t /t") ==
        "FROM buildpack-deps\nRUN curl -fsSL https://x.org/t -o /t && chmod 600 /t");
}

TEST_CASE("DF203: not safe - left alone", "[rules][DF203]") {
  for (std::string input : {
           "FROM buildpack-deps\nADD --keep-git-dir=true https://github.com/moby/buildkit.git /src\n",
           "FROM buildpack-deps\nADD https://github.com/moby/buildkit.git /src\n",
           "FROM buildpack-deps\nADD https://github.com/moby/buildkit.git#v0.10.1 /src\n",
           "FROM buildpack-deps\nADD --unpack=true https://x.org/t.tgz /opt/\n",
           "FROM buildpack-deps\nADD --link https://x.org/t /t\n",
           "FROM buildpack-deps\nADD <<EOF /t\nhello\nEOF\n",
           "FROM buildpack-deps\nADD https://x.org/a https://x.org/b /opt/\n",
           "FROM buildpack-deps\nADD ftp://x.org/t /t\n",
           "FROM buildpack-deps\nADD local.txt /t\n",
           "FROM buildpack-deps\nONBUILD ADD https://x.org/t /t\n",
           "FROM buildpack-deps\nSHELL [\"pwsh\", \"-c\"]\nADD https://x.org/t /t\n",
           "FROM buildpack-deps\nARG DIR=/opt\nADD https://x.org/t $DIR/\n",  // variable destination
           "FROM buildpack-deps\nADD https://x.org/$NOPE/t /t\n",              // undeclared variable
           "FROM buildpack-deps\nADD https://x.org/${V:-1}/t /t\n",            // expansion form
           "FROM buildpack-deps\nUSER app\nADD https://x.org/t /t\n",          // not root
           "FROM scratch\nADD https://x.org/t /t\n",
           "FROM buildpack-deps\nADD https://api.github.com/repos/a/b/commits/main /tmp/v\n",
           "FROM buildpack-deps\nADD https://x.org/t /dev/null\n",
           "FROM buildpack-deps\nADD --chown=app https://x.org/t /t\n",        // group id = uid
           "FROM buildpack-deps\nADD --chmod=u+x https://x.org/t /t\n",
           "FROM buildpack-deps\nADD --checksum=md5:abc https://x.org/t /t\n",
           "FROM buildpack-deps\nADD https://x.org/t \\\n# why\n  /t\n",      // a comment inside
           "FROM buildpack-deps\nADD https://x.org/it's /t\n",
           "FROM buildpack-deps\nADD [\"https://x.org/t\", \"/my dir/\"]\n",
       }) {
    INFO(input);
    CHECK(fixed(input, true) == input);
  }
}

TEST_CASE("DF203: idempotent", "[rules][DF203]") {
  std::string once = fixed(kCurl + "ADD https://x.org/h.tgz /tmp/\nRUN tar -xzf /tmp/h.tgz -C /opt\n"
                                    "ADD --checksum=sha256:" + kHex + " https://x.org/t /t\n");
  CHECK(fixed(once) == once);
  CHECK(run_rule(once).findings.empty());
}
