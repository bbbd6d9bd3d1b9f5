// Package-manager commands: which manager, which action, which options.
#include <catch2/catch.hpp>

#include "shell/package_commands.h"
#include "shell/shell_parser.h"
#include "shell/shell_queries.h"

using namespace dfopt;

namespace {
std::optional<PackageCommand> first_package_command(const ShellScript& script) {
  for (const ShellCommand* command : simple_commands(script.list))
    if (auto pc = package_command(*command)) return pc;
  return std::nullopt;
}
}  // namespace

TEST_CASE("package commands: manager and action, options before the action skipped",
          "[shell][packages]") {
  struct Case {
    std::string_view script;
    PackageManager manager;
    std::string_view action;
  };
  for (const Case& c : {Case{"apt-get -q -o Dpkg::Options::=--force-confnew install x", PackageManager::AptGet, "install"},
                        Case{"apt update", PackageManager::Apt, "update"},
                        Case{"apk --no-cache add curl", PackageManager::Apk, "add"},
                        Case{"/usr/bin/yum -y install git", PackageManager::Yum, "install"},
                        Case{"python3 -m pip install -r r.txt", PackageManager::Pip, "install"},
                        Case{"pip3.11 install x", PackageManager::Pip, "install"},
                        Case{"venv/bin/pip install x", PackageManager::Pip, "install"},
                        Case{"DEBIAN_FRONTEND=noninteractive apt-get install x", PackageManager::AptGet, "install"}}) {
    INFO(c.script);
    ShellScript script = parse_shell(c.script);
    auto pc = first_package_command(script);
    REQUIRE(pc.has_value());
    CHECK(pc->manager == c.manager);
    CHECK(pc->action == c.action);
  }
  ShellScript computed = parse_shell("apt-get $CMD x");
  CHECK_FALSE(first_package_command(computed).has_value());
  ShellScript not_a_manager = parse_shell("aptitude install x");
  CHECK_FALSE(first_package_command(not_a_manager).has_value());
}

TEST_CASE("package commands: options, short clusters and option values", "[shell][packages]") {
  ShellScript a = parse_shell("apt-get install -qy --no-install-recommends=true x");
  auto pa = first_package_command(a);
  REQUIRE(pa);
  CHECK(pa->has_option("-y"));
  CHECK(pa->has_option("-q"));
  CHECK(pa->has_option("--no-install-recommends"));
  CHECK_FALSE(pa->has_option("-f"));
  ShellScript b = parse_shell("apt-get -oDebug::pkgProblemResolver=yes install x");
  auto pb = first_package_command(b);
  REQUIRE(pb);
  CHECK_FALSE(pb->has_option("-y"));
  REQUIRE(pb->operands().size() == 1);
  CHECK(pb->operands()[0]->value == "x");
}
