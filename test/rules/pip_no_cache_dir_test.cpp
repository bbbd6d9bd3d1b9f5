// DF114 pip-no-cache-dir: each case shows the input and the expected output side by side; the
// not-safe cases expect the input back unchanged.
#include <catch2/catch.hpp>

#include "engine/optimizer.h"
#include "rules/rule_fixture.h"
#include "transforms/registry.h"

using namespace dfopt;

namespace {

constexpr std::string_view kRule = "DF114";

OptimizeResult run_rule(const std::string& input) { return test::run_rule(kRule, input, false); }
std::string fixed(const std::string& input) { return run_rule(input).output; }
void check_idempotent(const std::string& input) { test::check_idempotent(kRule, input, false); }

}  // namespace

TEST_CASE("DF114: --no-cache-dir goes right after install", "[rules][DF114]") {
  CHECK(fixed("FROM python\nRUN pip install -r requirements.txt\n") ==
        "FROM python\nRUN pip install --no-cache-dir -r requirements.txt\n");
  CHECK(fixed("FROM python\nRUN pip3 install flask\n") ==
        "FROM python\nRUN pip3 install --no-cache-dir flask\n");
  CHECK(fixed("FROM python\nRUN pip3.11 install flask\n") ==
        "FROM python\nRUN pip3.11 install --no-cache-dir flask\n");
  CHECK(fixed("FROM python\nRUN python3 -m pip install flask\n") ==
        "FROM python\nRUN python3 -m pip install --no-cache-dir flask\n");
  CHECK(fixed("FROM python\nRUN /usr/local/bin/pip install flask\n") ==
        "FROM python\nRUN /usr/local/bin/pip install --no-cache-dir flask\n");
  CHECK(fixed("FROM python\nRUN $VENV/bin/pip install flask\n") ==
        "FROM python\nRUN $VENV/bin/pip install --no-cache-dir flask\n");
  CHECK(fixed("FROM python\nRUN \"${PY}\"/bin/python -m pip install flask\n") ==
        "FROM python\nRUN \"${PY}\"/bin/python -m pip install --no-cache-dir flask\n");
  CHECK(fixed("FROM python\nRUN pip -q install flask\n") ==
        "FROM python\nRUN pip -q install --no-cache-dir flask\n");
  // Upgrading pip itself is an install too.
  CHECK(fixed("FROM python\nRUN pip install --upgrade pip\n") ==
        "FROM python\nRUN pip install --no-cache-dir --upgrade pip\n");
}

TEST_CASE("DF114: every pip install of the RUN, inside compound commands too", "[rules][DF114]") {
  CHECK(fixed("FROM python\nRUN pip install -U pip && pip install -r req.txt\n") ==
        "FROM python\nRUN pip install --no-cache-dir -U pip && pip install --no-cache-dir -r req.txt\n");
  CHECK(fixed("FROM python\nRUN if [ -f r.txt ]; then pip install -r r.txt; fi\n") ==
        "FROM python\nRUN if [ -f r.txt ]; then pip install --no-cache-dir -r r.txt; fi\n");
  auto result = run_rule("FROM python\nRUN pip install a; pip install b\n");
  CHECK(result.fixes_applied.at("DF114") == 2);
  CHECK(result.findings.empty());
}

TEST_CASE("DF114: multi-line RUNs, && at line end and at line start", "[rules][DF114]") {
  CHECK(fixed("FROM python\nRUN apt-get update && \\\n    pip install \\\n      flask\n") ==
        "FROM python\nRUN apt-get update && \\\n    pip install --no-cache-dir \\\n      flask\n");
  CHECK(fixed("FROM python\nRUN set -x \\\n    && pip install flask \\\n    && flask --version\n") ==
        "FROM python\nRUN set -x \\\n    && pip install --no-cache-dir flask \\\n    && flask --version\n");
  // Comment lines inside the instruction stay where they are.
  CHECK(fixed("FROM python\nRUN true && \\\n    # the app\n    pip install flask\n") ==
        "FROM python\nRUN true && \\\n    # the app\n    pip install --no-cache-dir flask\n");
}

TEST_CASE("DF114: CRLF and the backtick escape", "[rules][DF114]") {
  CHECK(fixed("FROM python\r\nRUN pip install flask\r\n") ==
        "FROM python\r\nRUN pip install --no-cache-dir flask\r\n");
  CHECK(fixed("# escape=`\nFROM python\nRUN pip install `\n    flask\n") ==
        "# escape=`\nFROM python\nRUN pip install --no-cache-dir `\n    flask\n");
}

TEST_CASE("DF114: the option is already there", "[rules][DF114]") {
  for (std::string in : {"FROM python\nRUN pip install --no-cache-dir flask\n",
                         "FROM python\nRUN pip install flask --no-cache-dir\n",
                         "FROM python\nRUN pip --no-cache-dir install flask\n",
                         "FROM python\nRUN pip install --no-cache flask\n"}) {
    INFO(in);
    CHECK(fixed(in) == in);
    CHECK(run_rule(in).findings.empty());
  }
}

TEST_CASE("DF114: PIP_NO_CACHE_DIR already turns the cache off", "[rules][DF114]") {
  for (std::string in : {
           "FROM python\nENV PIP_NO_CACHE_DIR=1\nRUN pip install flask\n",
           "FROM python\nENV PIP_NO_CACHE_DIR 1\nRUN pip install flask\n",
           "FROM python\nENV A=1 PIP_NO_CACHE_DIR=off\nRUN pip install flask\n",
           "FROM python\nARG PIP_NO_CACHE_DIR=1\nRUN pip install flask\n",
           "FROM python\nRUN PIP_NO_CACHE_DIR=1 pip install flask\n",
           "FROM python\nRUN export PIP_NO_CACHE_DIR=1 && pip install flask\n",
           "FROM python AS base\nENV PIP_NO_CACHE_DIR=1\nFROM base\nRUN pip install flask\n",
       }) {
    INFO(in);
    CHECK(fixed(in) == in);
    CHECK(run_rule(in).findings.empty());
  }
  // Another stage's ENV, or one after the RUN, does not count.
  CHECK(fixed("FROM python AS a\nENV PIP_NO_CACHE_DIR=1\nFROM python\nRUN pip install x\n") ==
        "FROM python AS a\nENV PIP_NO_CACHE_DIR=1\nFROM python\nRUN pip install --no-cache-dir x\n");
  CHECK(fixed("FROM python\nRUN pip install x\nENV PIP_NO_CACHE_DIR=1\n") ==
        "FROM python\nRUN pip install --no-cache-dir x\nENV PIP_NO_CACHE_DIR=1\n");
}

TEST_CASE("DF114: a cache mount over pip's cache", "[rules][DF114]") {
  for (std::string in : {
           "FROM python\nRUN --mount=type=cache,target=/root/.cache/pip pip install flask\n",
           "FROM python\nRUN --mount=type=cache,target=/root/.cache pip install flask\n",
           "FROM python\nRUN --mount=target=/root/.cache/pip,type=cache pip install flask\n",
       }) {
    INFO(in);
    CHECK(fixed(in) == in);
    CHECK(run_rule(in).findings.empty());
  }
  // A cache mount elsewhere does not cover pip.
  CHECK(fixed("FROM python\nRUN --mount=type=cache,target=/var/cache/apt pip install x\n") ==
        "FROM python\nRUN --mount=type=cache,target=/var/cache/apt pip install --no-cache-dir x\n");
}

TEST_CASE("DF114: not an install of anything", "[rules][DF114]") {
  for (std::string in : {"FROM python\nRUN pip install\n", "FROM python\nRUN pip install --help\n",
                         "FROM python\nRUN pip download flask\n", "FROM python\nRUN pip freeze\n",
                         "FROM python\nRUN pipenv install\n", "FROM python\nRUN uv pip install x\n",
                         "FROM python\nRUN $PIP install flask\n"}) {
    INFO(in);
    CHECK(fixed(in) == in);
    CHECK(run_rule(in).findings.empty());
  }
}

TEST_CASE("DF114: pip before 7.0 is reported, not fixed", "[rules][DF114]") {
  std::string in = "FROM python:2\nRUN pip install --use-mirrors flask\n";
  auto result = run_rule(in);
  CHECK(result.output == in);
  REQUIRE(result.findings.size() == 1);
  CHECK_FALSE(result.findings[0].fix.has_value());
}

TEST_CASE("DF114: not safe - RUNs the rule cannot follow", "[rules][DF114]") {
  for (std::string in : {
           "FROM python\nRUN [\"pip\", \"install\", \"flask\"]\n",
           "FROM python\nRUN <<EOF\npip install flask\nEOF\n",
           "FROM python\nSHELL [\"powershell\", \"-Command\"]\nRUN pip install flask\n",
           "FROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN pip install flask\n",
           "FROM python\nRUN pip install flask && echo \"unterminated\n",
           "FROM python\nONBUILD RUN pip install flask\n",
       }) {
    INFO(in);
    CHECK(fixed(in) == in);
    CHECK(run_rule(in).findings.empty());
  }
}

TEST_CASE("DF114: findings point at the command", "[rules][DF114]") {
  std::string in = "FROM python\nRUN --mount=type=cache,target=/var/cache/apt pip install x\n";
  OptimizeOptions options;
  options.max_rounds = 0;
  auto result = optimize(in, "Dockerfile", {find_rule("DF114")}, options);
  REQUIRE(result.findings.size() == 1);
  CHECK(in.substr(result.findings[0].offset, 11) == "pip install");
}

TEST_CASE("DF114: the fix is idempotent", "[rules][DF114]") {
  for (std::string in : {"FROM python\nRUN pip install a && python -m pip install b\n",
                         "FROM python\nRUN set -x \\\n    && pip install flask\n",
                         "FROM python\r\nRUN pip install flask\r\n"})
    check_idempotent(in);
}
