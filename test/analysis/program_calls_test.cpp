// The program-call model: what runs behind wrappers, inside inner shells and substitutions.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "analysis/package_calls.h"
#include "analysis/program_calls.h"
#include "shell/shell_parser.h"
#include "shell/substitutions.h"

using namespace dfopt;

namespace {

// "program:flags" per call, flags n(ested) c(hild) u(ser switch) s(udo) x(args).
std::vector<std::string> describe(std::string_view text) {
  ShellScript script = parse_shell(text);
  REQUIRE(script.parsed);
  std::vector<std::string> out;
  ProgramCalls calls(script);
  for (const ProgramCall& call : calls.calls()) {
    std::string d(call.program.empty() ? "?" : call.program);
    std::string flags;
    if (call.nested) flags += 'n';
    if (call.in_child) flags += 'c';
    if (call.switches_user) flags += 'u';
    if (call.through_sudo) flags += 's';
    if (call.reads_arguments) flags += 'x';
    if (!flags.empty()) d += ":" + flags;
    out.push_back(d);
  }
  return out;
}

using V = std::vector<std::string>;

}  // namespace

TEST_CASE("program calls: wrappers are seen through", "[analysis][program-calls]") {
  CHECK(describe("apt-get install -y x") == V{"apt-get"});
  CHECK(describe("sudo apt-get install -y x") == V{"apt-get:cus"});
  CHECK(describe("sudo -E -u root apt-get install x") == V{"apt-get:cus"});
  CHECK(describe("sudo -uroot DEBIAN_FRONTEND=noninteractive apt-get install x") ==
        V{"apt-get:cus"});
  CHECK(describe("env DEBIAN_FRONTEND=noninteractive apt-get install x") == V{"apt-get:c"});
  CHECK(describe("env -u X -C /tmp A=1 B=2 /usr/bin/apt-get update") == V{"apt-get:c"});
  CHECK(describe("command apt-get update") == V{"apt-get"});
  CHECK(describe("builtin cd /x") == V{"cd"});
  CHECK(describe("exec -a name nginx -g x") == V{"nginx"});
  CHECK(describe("nice -n 10 make") == V{"make:c"});
  CHECK(describe("nice -10 make") == V{"make:c"});
  CHECK(describe("nohup ./server") == V{"server:c"});
  CHECK(describe("time -p make") == V{"make"});
  CHECK(describe("stdbuf -oL -e 0 make") == V{"make:c"});
  CHECK(describe("timeout -s KILL 10 curl x") == V{"curl:c"});
  CHECK(describe("xargs -a pkgs apt-get install -y") == V{"apt-get:cx"});
  CHECK(describe("cat list | xargs -r -n1 apk add") == V{"cat:c", "apk:cx"});
  CHECK(describe("gosu app npm ci") == V{"npm:cu"});
  CHECK(describe("sudo -E env X=1 nice pip install x") == V{"pip:cus"});
  CHECK(describe("busybox wget x") == V{"wget:c"});
}

TEST_CASE("program calls: wrappers that run nothing or act elsewhere", "[analysis][program-calls]") {
  CHECK(describe("command -v apt-get") == V{"command"});
  CHECK(describe("sudo -l") == V{"sudo"});
  CHECK(describe("sudo --chroot /x apt-get install y") == V{"sudo"});
  CHECK(describe("chroot /target apt-get install y") == V{"chroot"});
  CHECK(describe("xargs") == V{"xargs"});
  CHECK(describe("exec >log 2>&1") == V{"exec"});
  CHECK(describe("env") == V{"env"});
  CHECK(describe("A=1 B=2") == V{});
}

TEST_CASE("program calls: inner shells, eval and substitutions", "[analysis][program-calls]") {
  CHECK(describe("bash -c \"apt-get update && apt-get install -y x\"") ==
        V{"apt-get:nc", "apt-get:nc"});
  CHECK(describe("sh -ec 'cd /x; make'") == V{"cd:nc", "make:nc"});
  CHECK(describe("bash -o pipefail -c 'curl x | sh'") == V{"curl:nc", "sh:nc"});
  CHECK(describe("sudo bash -c 'apt-get install -y x'") == V{"apt-get:ncus"});
  CHECK(describe("su app -c 'npm ci'") == V{"npm:ncu"});
  CHECK(describe("eval \"apt-get install $PKGS\"") == V{"apt-get:n"});
  CHECK(describe("echo $(npm bin) `date`") == V{"npm:nc", "date:nc", "echo"});
  CHECK(describe("X=\"$(apt-cache policy x)\" make") == V{"apt-cache:nc", "make"});
  CHECK(describe("bash install.sh") == V{"bash"});
  CHECK(describe("bash -c \"$(curl -fsSL https://x/install.sh)\"") ==
        V{"curl:nc", "?:nc"});
  CHECK(describe("(cd /x && make) | tee log") == V{"cd:c", "make:c", "tee:c"});
  CHECK(describe("if true; then sudo apk add x; fi") == V{"true", "apk:cus"});
}

TEST_CASE("program calls: completeness", "[analysis][program-calls]") {
  auto complete = [](std::string_view text) { return ProgramCalls(parse_shell(text)).complete(); };
  CHECK(complete("apt-get update && sudo apt-get install -y x"));
  CHECK(complete("bash -c 'make'"));
  CHECK_FALSE(complete("$CMD install x"));
  CHECK_FALSE(complete("sh -c \"$SCRIPT\""));
  CHECK_FALSE(complete("bash -c 'echo \"'"));
  CHECK_FALSE(complete("bash -c"));
  CHECK_FALSE(complete("sudo $TOOL x"));
  // A computed folder leaves the program known; a computed program name does not.
  CHECK(describe("$VENV/bin/pip install x && \"${HOME}\"/.local/bin/pip3 install y") == V{"pip", "pip3"});
  CHECK(complete("$VENV/bin/pip install x"));
  for (std::string_view computed : {"pip$V install x", "$VENV/bin/$TOOL x", "${X#*/}pip x", "$(which pip) install x", "$DIR/ x"}) {
    INFO(computed);
    CHECK_FALSE(complete(computed));
  }
  // Output that is read: by the next command of a pipeline, or by a substitution's word.
  auto consumed = [](std::string_view text) {
    std::vector<bool> out;
    ShellScript script = parse_shell(text);
    ProgramCalls calls(script);
    for (const ProgramCall& call : calls.calls()) out.push_back(call.output_consumed);
    return out;
  };
  CHECK(consumed("curl a | sh && curl b > f && echo $(curl c) && curl d") == std::vector<bool>{true, false, false, true, false, false});  // $(…) before echo
  CHECK_FALSE(complete("echo 'unterminated"));
  // Depth is capped, so a hostile input cannot make the model quadratic.
  std::string deep = "true";
  for (int i = 0; i < 20; ++i) deep = "sh -c " + std::string("'") + deep + "'";
  CHECK_NOTHROW(ProgramCalls(parse_shell(deep)));
}

TEST_CASE("package calls: managers behind wrappers, and where the action is", "[analysis][program-calls]") {
  ShellScript script =
      parse_shell("sudo -E apt-get -q install -y curl && env X=1 pip3 install --no-cache-dir a");
  REQUIRE(script.parsed);
  const auto& calls = package_calls(script);
  REQUIRE(calls.size() == 2);
  CHECK(calls[0].package.manager == PackageManager::AptGet);
  CHECK(calls[0].package.action == "install");
  CHECK(calls[0].package.action_index == 4);
  CHECK(calls[0].package.has_option("-y"));
  CHECK(calls[0].package.has_option("-q"));
  CHECK_FALSE(calls[0].package.has_option("-E"));  // sudo's, not apt-get's
  CHECK(calls[0].call.through_sudo);
  CHECK(calls[0].editable());
  CHECK(calls[1].package.manager == PackageManager::Pip);
  CHECK(calls[1].package.has_option("--no-cache-dir"));
  ShellScript inner = parse_shell("bash -c 'apk add x'");
  REQUIRE(package_calls(inner).size() == 1);
  CHECK_FALSE(package_calls(inner)[0].editable());
}

TEST_CASE("substitutions: bodies and assignments inside words", "[analysis][program-calls]") {
  using S = std::vector<std::string>;
  CHECK(command_substitutions("$(a b)") == S{"a b"});
  CHECK(command_substitutions("\"x$(a \")\" b)y\"") == S{"a \")\" b"});
  CHECK(command_substitutions("'$(no)'") == S{});
  CHECK(command_substitutions("\"'$(yes)'\"") == S{"yes"});
  CHECK(command_substitutions("`a \\`b\\``") == S{"a `b`"});
  CHECK(command_substitutions("$((1 + $(n)))") == S{"n"});
  CHECK(command_substitutions("$(a $(b) c)") == S{"a $(b) c"});
  CHECK(command_substitutions("$(unterminated") == S{});
  CHECK(word_assigns_variable("${X:=1}"));
  CHECK(word_assigns_variable("\"${X=1}\""));
  CHECK(word_assigns_variable("$((X=4))"));
  CHECK(word_assigns_variable("$((i++))"));
  CHECK(word_assigns_variable("$((x <<= 2))"));
  CHECK_FALSE(word_assigns_variable("${X:-1}"));
  CHECK_FALSE(word_assigns_variable("$((a == b || a <= c || a >= d || a != e))"));
  CHECK_FALSE(word_assigns_variable("'${X:=1}'"));
  CHECK_FALSE(word_assigns_variable("a=b"));
}

TEST_CASE("program calls: which calls surely ran when the script succeeded",
          "[analysis][program-calls]") {
  auto conditional = [](std::string_view text) {
    ShellScript script = parse_shell(text);
    REQUIRE(script.parsed);
    std::vector<std::string> out;
    ProgramCalls calls(script);
    for (const ProgramCall& call : calls.calls())
      out.push_back(std::string(call.program) + (call.conditional ? "?" : ""));
    return out;
  };
  CHECK(conditional("a && b; c") == V{"a", "b", "c"});
  CHECK(conditional("a || b") == V{"a?", "b?"});
  CHECK(conditional("a && b || c") == V{"a", "b?", "c?"});
  CHECK(conditional("a | b") == V{"a?", "b"});
  CHECK(conditional("! a") == V{"a?"});
  CHECK(conditional("a &") == V{"a?"});
  CHECK(conditional("if a; then b; else c; fi") == V{"a?", "b?", "c?"});
  CHECK(conditional("for i in 1; do a; done; while a; do b; done") == V{"a?", "a?", "b?"});
  CHECK(conditional("case x in y) a;; esac") == V{"a?"});
  CHECK(conditional("f() { a; }") == V{"a?"});
  CHECK(conditional("{ a; } && (b)") == V{"a", "b"});
  CHECK(conditional("echo $(a)") == V{"a?", "echo"});
  CHECK(conditional("sudo sh -c 'a && b'") == V{"a", "b"});
}
