// DF118 gem-no-document: each case shows the input and the expected output side by side; the
// not-safe cases expect the input back unchanged.
#include <catch2/catch.hpp>

#include "engine/optimizer.h"
#include "rules/rule_fixture.h"
#include "transforms/registry.h"

using namespace dfopt;

namespace {

constexpr std::string_view kRule = "DF118";

OptimizeResult run_rule(const std::string& input) { return test::run_rule(kRule, input, false); }
std::string fixed(const std::string& input) { return run_rule(input).output; }
void check_idempotent(const std::string& input) { test::check_idempotent(kRule, input, false); }

}  // namespace

TEST_CASE("DF118: --no-document goes right after install", "[rules][DF118]") {
  CHECK(fixed("FROM debian\nRUN gem install bundler\n") ==
        "FROM debian\nRUN gem install --no-document bundler\n");
  CHECK(fixed("FROM debian\nRUN gem install bundler -v 2.4.0 && gem install rake\n") ==
        "FROM debian\nRUN gem install --no-document bundler -v 2.4.0 && gem install --no-document rake\n");
  CHECK(fixed("FROM debian\nRUN /usr/bin/gem install fpm\n") ==
        "FROM debian\nRUN /usr/bin/gem install --no-document fpm\n");
  CHECK(fixed("FROM jruby\nRUN gem install rails\n") == "FROM jruby\nRUN gem install --no-document rails\n");
}

TEST_CASE("DF118: multi-line RUNs, CRLF and the backtick escape", "[rules][DF118]") {
  CHECK(fixed("FROM debian\nRUN apt-get update && \\\n    gem install \\\n      fpm\n") ==
        "FROM debian\nRUN apt-get update && \\\n    gem install --no-document \\\n      fpm\n");
  CHECK(fixed("FROM debian\nRUN set -x \\\n    && gem install fpm \\\n    && fpm --version\n") ==
        "FROM debian\nRUN set -x \\\n    && gem install --no-document fpm \\\n    && fpm --version\n");
  CHECK(fixed("FROM debian\r\nRUN gem install fpm\r\n") ==
        "FROM debian\r\nRUN gem install --no-document fpm\r\n");
  CHECK(fixed("# escape=`\nFROM debian\nRUN gem install `\n    fpm\n") ==
        "# escape=`\nFROM debian\nRUN gem install --no-document `\n    fpm\n");
}

TEST_CASE("DF118: documentation already decided", "[rules][DF118]") {
  for (std::string in : {
           "FROM debian\nRUN gem install --no-document fpm\n",
           "FROM debian\nRUN gem install fpm --no-doc\n",
           "FROM debian\nRUN gem install -N fpm\n",
           "FROM debian\nRUN gem install --no-ri --no-rdoc fpm\n",
           "FROM debian\nRUN gem install --document=ri fpm\n",
           "FROM debian\nRUN echo 'gem: --no-document' > /etc/gemrc\nRUN gem install fpm\n",
           "FROM debian\nRUN echo 'gem: --no-document' >> /etc/gemrc && gem install fpm\n",
           "FROM debian AS base\nRUN echo 'gem: --no-rdoc --no-ri' >> ~/.gemrc\nFROM base\nRUN gem install fpm\n",
       }) {
    INFO(in);
    CHECK(fixed(in) == in);
    CHECK(run_rule(in).findings.empty());
  }
}

TEST_CASE("DF118: the official ruby image turns documentation off", "[rules][DF118]") {
  for (std::string in : {"FROM ruby\nRUN gem install fpm\n", "FROM ruby:3.3-slim\nRUN gem install fpm\n",
                         "FROM docker.io/library/ruby:3@sha256:abc\nRUN gem install fpm\n",
                         "FROM ruby:3 AS build\nFROM build\nRUN gem install fpm\n"}) {
    INFO(in);
    CHECK(fixed(in) == in);
    CHECK(run_rule(in).findings.empty());
  }
  CHECK(fixed("FROM ruby:3 AS build\nFROM alpine\nRUN gem install fpm\n") ==
        "FROM ruby:3 AS build\nFROM alpine\nRUN gem install --no-document fpm\n");
  CHECK(fixed("FROM myorg/ruby:3\nRUN gem install fpm\n") ==
        "FROM myorg/ruby:3\nRUN gem install --no-document fpm\n");
}

TEST_CASE("DF118: not an install of anything", "[rules][DF118]") {
  for (std::string in : {"FROM debian\nRUN gem install\n", "FROM debian\nRUN gem update --system\n",
                         "FROM debian\nRUN gem list\n", "FROM debian\nRUN bundle install\n"}) {
    INFO(in);
    CHECK(fixed(in) == in);
    CHECK(run_rule(in).findings.empty());
  }
}

TEST_CASE("DF118: not safe - RUNs the rule cannot follow", "[rules][DF118]") {
  for (std::string in : {
           "FROM debian\nRUN [\"gem\", \"install\", \"fpm\"]\n",
           "FROM debian\nRUN <<EOF\ngem install fpm\nEOF\n",
           "FROM debian\nSHELL [\"powershell\", \"-Command\"]\nRUN gem install fpm\n",
           "FROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN gem install fpm\n",
           "FROM debian\nRUN gem install fpm && echo \"unterminated\n",
           "FROM debian\nONBUILD RUN gem install fpm\n",
       }) {
    INFO(in);
    CHECK(fixed(in) == in);
    CHECK(run_rule(in).findings.empty());
  }
}

TEST_CASE("DF118: the fix is idempotent", "[rules][DF118]") {
  for (std::string in : {"FROM debian\nRUN gem install a && gem install b -v 1\n",
                         "FROM debian\r\nRUN gem install fpm\r\n"})
    check_idempotent(in);
}
