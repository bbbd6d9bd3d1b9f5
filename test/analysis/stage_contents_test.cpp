// What a stage holds at an instruction: the questions are asked at the file's last instruction.
#include <catch2/catch.hpp>

#include <string>

#include "analysis/stage_contents.h"
#include "syntax/parser.h"

using namespace dfopt;

namespace {

struct Probe {
  Document doc;
  std::size_t last = 0;
  explicit Probe(const std::string& text) : doc(parse_dockerfile(text)) {
    last = StageMap::of(doc).instructions().size() - 1;
  }
  const StageContents& contents() const { return StageContents::of(doc); }
  HeldPackage package(std::string_view name) const { return contents().package(last, name); }
};

}  // namespace

TEST_CASE("stage contents: packages installed, and how", "[analysis][stage-contents]") {
  Probe p("FROM debian\n"
          "RUN apt-get update && apt-get install -y --no-install-recommends curl\n"
          "RUN sudo apt-get install -y git=1:2.39 ca-certificates\n"
          "RUN sh -c 'apk add --virtual .build wget'\n"
          "COPY . .\n");
  CHECK(p.package("curl").present);
  CHECK_FALSE(p.package("curl").recommends);  // --no-install-recommends
  CHECK(p.package("git").present);            // behind sudo, version stripped
  CHECK(p.package("git").recommends);
  CHECK(p.package("ca-certificates").present);
  CHECK(p.package("wget").present);  // inside sh -c
  CHECK(p.package("wget").group == ".build");
  CHECK_FALSE(p.package("vim").present);
  CHECK(p.contents().installs_packages(p.last));
  // Not before the install itself.
  CHECK_FALSE(p.contents().package(1, "curl").present);
  CHECK(p.contents().package(1, "curl", /*inclusive=*/true).present);
}

TEST_CASE("stage contents: presence only from installs that surely ran",
          "[analysis][stage-contents]") {
  for (std::string run : {"if [ -n \"$X\" ]; then apt-get install -y curl; fi",
                          "apt-get install -y curl || true", "false || apt-get install -y curl",
                          "apt-get install -y curl &", "echo $(apt-get install -y curl)",
                          "for p in a; do apt-get install -y curl; done",
                          "apt-get install -y curl | tee log", "! apt-get install -y curl",
                          "pip install curl", "npm install wget"}) {
    INFO(run);
    Probe p("FROM debian\nRUN " + run + "\nCOPY . .\n");
    CHECK_FALSE(p.package("curl").present);
    CHECK_FALSE(p.package("wget").present);
  }
  // A group and a subshell run when the RUN succeeds.
  Probe group("FROM debian\nRUN { apt-get install -y curl; } && (apt-get install -y wget)\n"
              "COPY . .\n");
  CHECK(group.package("curl").present);
  CHECK(group.package("wget").present);
}

TEST_CASE("stage contents: removals count wherever they may run", "[analysis][stage-contents]") {
  Probe purged("FROM debian\nRUN apt-get install -y curl ca-certificates\n"
               "RUN [ -z \"$KEEP\" ] && apt-get purge -y ca-certificates || true\nCOPY . .\n");
  CHECK(purged.package("curl").present);
  CHECK_FALSE(purged.package("ca-certificates").present);
  Probe group("FROM alpine\nRUN apk add --virtual .deps curl tar\nRUN apk del .deps\nCOPY . .\n");
  CHECK_FALSE(group.package("curl").present);
  CHECK_FALSE(group.package("tar").present);
  Probe other_group("FROM alpine\nRUN apk add --virtual .deps curl\n"
                    "RUN apk add --virtual .other curl\nRUN apk del .deps\nCOPY . .\n");
  CHECK(other_group.package("curl").present);  // the later install moved it to .other
}

TEST_CASE("stage contents: download programs seen running", "[analysis][stage-contents]") {
  Probe p("FROM debian\nRUN curl -fsSL https://example.com/x -o /x && wget http://e.com/y\n"
          "COPY . .\n");
  CHECK(p.package("curl").present);
  CHECK(p.package("curl").fetched_https);
  CHECK(p.package("wget").present);
  CHECK_FALSE(p.package("wget").fetched_https);
  Probe piped("FROM debian\nRUN wget -qO- https://e.com/key | apt-key add -\nCOPY . .\n");
  CHECK_FALSE(piped.package("wget").present);  // a failure left of `|` goes unseen
}

TEST_CASE("stage contents: inherited through FROM <stage>, not across unrelated stages",
          "[analysis][stage-contents]") {
  Probe p("FROM debian AS base\nRUN apt-get install -y curl\nENV TOOL=x\nARG LOCAL=1\n"
          "WORKDIR /srv/app\n"
          "FROM debian AS other\nRUN apt-get install -y wget\n"
          "FROM base\nCOPY . .\n");
  CHECK(p.package("curl").present);
  CHECK_FALSE(p.package("wget").present);
  CHECK(p.contents().base(p.last) == "debian");
  CHECK(p.contents().variable_declared(p.last, "TOOL"));
  CHECK_FALSE(p.contents().variable_declared(p.last, "LOCAL"));  // ARG ends with its stage
  CHECK(p.contents().directory_exists(p.last, "/srv/app"));
  CHECK(p.contents().directory_exists(p.last, "/usr/local/bin"));
  CHECK_FALSE(p.contents().directory_exists(p.last, "/srv/other"));
}

TEST_CASE("stage contents: tar, users and symlinks", "[analysis][stage-contents]") {
  Probe alpine("FROM alpine\nRUN apk add --no-cache curl\nCOPY . .\n");
  CHECK(alpine.contents().gnu_tar(alpine.last) == false);
  Probe alpine_tar("FROM alpine\nRUN apk add --no-cache tar\nRUN apk add curl\nCOPY . .\n");
  CHECK(alpine_tar.contents().gnu_tar(alpine_tar.last) == true);
  Probe debian("FROM x\nRUN apt-get update\nCOPY . .\n");
  CHECK(debian.contents().gnu_tar(debian.last) == true);
  CHECK_FALSE(debian.contents().installs_packages(debian.last));
  Probe user("FROM x\nUSER app\nCOPY . .\n");
  CHECK(user.contents().user_instruction(user.last));
  CHECK_FALSE(user.contents().user_instruction(1));
  for (std::string run : {"ln -s /data /srv/data", "ln -sf a b", "ln --symbolic a b", "$X ln -s"}) {
    INFO(run);
    Probe links("FROM x\nRUN " + run + "\nCOPY a /a\n");
    CHECK(links.contents().may_make_symlinks(links.last));
    CHECK_FALSE(links.contents().may_make_symlinks(1));
  }
  Probe hard("FROM x\nRUN ln a b\nCOPY a /a\n");
  CHECK_FALSE(hard.contents().may_make_symlinks(hard.last));
}

TEST_CASE("stage contents: ONBUILD RUN triggers run in the stages built on the stage",
          "[analysis][stage-contents]") {
  Probe p("FROM debian AS base\nONBUILD RUN apt-get install -y curl && ln -s /a /b\n"
          "FROM base\nCOPY . .\n");
  CHECK(p.package("curl").present);
  CHECK(p.contents().may_make_symlinks(p.last));
  // Not in the stage that declares them.
  CHECK_FALSE(p.contents().package(1, "curl", /*inclusive=*/true).present);
  Probe unrelated("FROM debian AS base\nONBUILD RUN apt-get install -y curl\nFROM debian\nCOPY . .\n");
  CHECK_FALSE(unrelated.package("curl").present);
}
