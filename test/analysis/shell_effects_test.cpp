// What a script does to the shell that runs it (the condition for merging RUNs).
#include <catch2/catch.hpp>

#include "analysis/shell_effects.h"
#include "shell/shell_parser.h"

using namespace dfopt;

TEST_CASE("shell effects: state a following command would inherit", "[analysis][effects]") {
  for (std::string_view script :
       {"cd /tmp", "a && cd b", "export A=1", "A=1", "set -e", "source x", ". ./env", "exit 0",
        "exec nginx", "umask 022", "ulimit -n 1", "alias ll=ls", "eval $X", "trap x EXIT",
        "unset A", "f() { :; }", "sleep 1 &", "(sleep 1 &)", "make # build",
        "if true; then cd /; fi", "for i in 1; do export A=$i; done", "$CMD arg", "echo 'x",
        "shopt -s globstar", "read line < f", "pushd /x",
        // through the shell's own wrappers
        "command cd /x", "builtin cd /x", "time cd /x", "command -p export A=1",
        // assignments hidden in expansions
        ": ${X:=v}", "echo ${X=v}", "echo $((X=4))", "echo \"$((i++))\"", "make >${LOG:=/l}",
        // loops and builtins that assign
        "for f in a b; do echo $f; done", "while read -r l; do echo $l; done < f", "let x=1",
        "declare -x A=1", "typeset A", "local A", "readonly A=1", "mapfile -t a < f",
        "readarray a < f", "printf -v X %s 1", "getopts ab opt", "hash -r", "X=1 :",
        "X=1 export Y", "coproc cat", "exec 3>log"}) {
    INFO(script);
    CHECK(state_change(parse_shell(script)).has_value());
  }
}

TEST_CASE("shell effects: scripts that leave the shell as they found it", "[analysis][effects]") {
  for (std::string_view script :
       {"apt-get update", "(cd /x && make)", "A=1 make", "make || true", "a; b",
        "if x; then y; fi", "echo $(cd /; pwd)", "bash -c 'cd /'", "echo a#b",
        "env cd /x", "sudo cd /x", "nice cd /x", "cd /x | cat", "command -v cd",
        "echo '${X:=1}'", "echo ${X:-1} $((1 + 2)) $((a == b))", "printf '%s' -v",
        "X=1 true", "[ -f x ] && echo y"}) {
    INFO(script);
    CHECK_FALSE(state_change(parse_shell(script)).has_value());
  }
}

TEST_CASE("shell effects: scripts that read what ran before them", "[analysis][effects]") {
  CHECK(reads_shell_history(parse_shell("echo $_")).has_value());
  CHECK(reads_shell_history(parse_shell("echo \"${_}\"")).has_value());
  CHECK(reads_shell_history(parse_shell("echo $LINENO")).has_value());
  CHECK_FALSE(reads_shell_history(parse_shell("perl -ne 'print $_' f")).has_value());
  CHECK_FALSE(reads_shell_history(parse_shell("echo $_x $LINENOS")).has_value());
}
