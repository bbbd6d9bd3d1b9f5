// DF117 rpm-clean-all: each case shows the input and the expected output side by side; the
// not-safe cases expect the input back unchanged.
#include <catch2/catch.hpp>

#include "engine/optimizer.h"
#include "rules/rule_fixture.h"
#include "transforms/registry.h"

using namespace dfopt;

namespace {

constexpr std::string_view kRule = "DF117";

OptimizeResult run_rule(const std::string& input) { return test::run_rule(kRule, input, false); }
std::string fixed(const std::string& input) { return run_rule(input).output; }
void check_reported_only(const std::string& input) { test::check_reported_only(kRule, input, 1, false); }
void check_idempotent(const std::string& input) { test::check_idempotent(kRule, input, false); }

}  // namespace

TEST_CASE("DF117: each manager gets its own cleanup", "[rules][DF117]") {
  CHECK(fixed("FROM centos:7\nRUN yum install -y httpd\n") ==
        "FROM centos:7\nRUN yum install -y httpd && yum clean all\n");
  CHECK(fixed("FROM fedora\nRUN dnf -y install gcc\n") ==
        "FROM fedora\nRUN dnf -y install gcc && dnf clean all\n");
  CHECK(fixed("FROM ubi8-minimal\nRUN microdnf install tar\n") ==
        "FROM ubi8-minimal\nRUN microdnf install tar && microdnf clean all\n");
  CHECK(fixed("FROM opensuse/leap\nRUN zypper -n in curl\n") ==
        "FROM opensuse/leap\nRUN zypper -n in curl && zypper clean -a\n");
  CHECK(fixed("FROM centos:7\nRUN yum -y update\n") ==
        "FROM centos:7\nRUN yum -y update && yum clean all\n");
  CHECK(fixed("FROM centos:7\nRUN yum -y groupinstall 'Development Tools' && make\n") ==
        "FROM centos:7\nRUN yum -y groupinstall 'Development Tools' && make && yum clean all\n");
  // The manager that ran last cleans up.
  CHECK(fixed("FROM rockylinux:9\nRUN yum install -y epel-release && dnf install -y jq\n") ==
        "FROM rockylinux:9\nRUN yum install -y epel-release && dnf install -y jq && dnf clean all\n");
}

TEST_CASE("DF117: multi-line RUNs, CRLF and the backtick escape", "[rules][DF117]") {
  CHECK(fixed("FROM centos\nRUN yum install -y \\\n      httpd \\\n      mod_ssl\n") ==
        "FROM centos\nRUN yum install -y \\\n      httpd \\\n      mod_ssl && \\\n      yum clean all\n");
  CHECK(fixed("FROM centos\nRUN yum install -y httpd \\\n    && echo done\n") ==
        "FROM centos\nRUN yum install -y httpd \\\n    && echo done \\\n    && yum clean all\n");
  CHECK(fixed("FROM centos\r\nRUN yum install -y httpd\r\n") ==
        "FROM centos\r\nRUN yum install -y httpd && yum clean all\r\n");
  CHECK(fixed("# escape=`\nFROM centos\nRUN yum install -y httpd && `\n    echo done\n") ==
        "# escape=`\nFROM centos\nRUN yum install -y httpd && `\n    echo done && `\n    yum clean all\n");
  CHECK(fixed("FROM centos\nRUN yum install -y httpd ;\n") ==
        "FROM centos\nRUN yum install -y httpd && yum clean all ;\n");
}

TEST_CASE("DF117: the cleanup is already there", "[rules][DF117]") {
  for (std::string in : {
           "FROM centos\nRUN yum install -y httpd && yum clean all\n",
           "FROM centos\nRUN yum install -y httpd && dnf clean all\n",
           "FROM centos\nRUN yum install -y httpd && rm -rf /var/cache/yum\n",
           "FROM fedora\nRUN dnf install -y gcc && rm -rf /var/cache/dnf/*\n",
           "FROM fedora\nRUN dnf install -y gcc; dnf clean all; rm -rf /tmp/*\n",
           "FROM opensuse/leap\nRUN zypper -n in curl && zypper cc -a\n",
           "FROM opensuse/leap\nRUN zypper -n in curl && zypper clean\n",
           "FROM centos\nRUN --mount=type=cache,target=/var/cache/yum yum install -y httpd\n",
           "FROM fedora\nRUN --mount=type=cache,target=/var/cache/dnf dnf install -y gcc\n",
       }) {
    INFO(in);
    CHECK(fixed(in) == in);
    CHECK(run_rule(in).findings.empty());
  }
  // A cleanup before the last install, or in a later RUN, does not count; nor does a partial one.
  CHECK(fixed("FROM centos\nRUN yum clean all && yum install -y httpd\n") ==
        "FROM centos\nRUN yum clean all && yum install -y httpd && yum clean all\n");
  CHECK(fixed("FROM centos\nRUN yum install -y httpd\nRUN yum clean all\n") ==
        "FROM centos\nRUN yum install -y httpd && yum clean all\nRUN yum clean all\n");
  CHECK(fixed("FROM centos\nRUN yum install -y httpd && yum clean packages\n") ==
        "FROM centos\nRUN yum install -y httpd && yum clean packages && yum clean all\n");
}

TEST_CASE("DF117: not installs", "[rules][DF117]") {
  for (std::string in : {"FROM centos\nRUN yum repolist\n", "FROM centos\nRUN yum remove -y x\n",
                         "FROM centos\nRUN rpm -i x.rpm\n", "FROM centos\nRUN yum-config-manager --enable x\n"}) {
    INFO(in);
    CHECK(fixed(in) == in);
    CHECK(run_rule(in).findings.empty());
  }
}

TEST_CASE("DF117: not safe - reported without a fix", "[rules][DF117]") {
  check_reported_only("FROM centos\nRUN yum install -y httpd || true\n");
  check_reported_only("FROM centos\nRUN yum install -y httpd; echo done\n");
  check_reported_only("FROM centos\nRUN yum install -y httpd # web server\n");
}

TEST_CASE("DF117: not safe - RUNs the rule cannot follow", "[rules][DF117]") {
  for (std::string in : {
           "FROM centos\nRUN [\"yum\", \"install\", \"-y\", \"httpd\"]\n",
           "FROM centos\nRUN <<EOF\nyum install -y httpd\nEOF\n",
           "FROM centos\nSHELL [\"powershell\", \"-Command\"]\nRUN yum install -y httpd\n",
           "FROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN yum install -y httpd\n",
           "FROM centos\nRUN yum install -y httpd && echo \"unterminated\n",
           "FROM centos\nONBUILD RUN yum install -y httpd\n",
       }) {
    INFO(in);
    CHECK(fixed(in) == in);
    CHECK(run_rule(in).findings.empty());
  }
}

TEST_CASE("DF117: the fix is idempotent", "[rules][DF117]") {
  for (std::string in : {"FROM centos\nRUN yum install -y a && zypper -n in b\n",
                         "FROM centos\nRUN yum install -y httpd \\\n    && echo done\n",
                         "FROM centos\nRUN yum install -y httpd # web server\n"})
    check_idempotent(in);
}
