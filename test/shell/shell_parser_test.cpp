// The shell layer: one case per construct, the words' literal values, and what the RUN passes
// ask of a script (does it leak state into a following command, is it a plain && chain).
#include <catch2/catch.hpp>

#include "shell/shell_dump.h"
#include "shell/shell_lexer.h"
#include "shell/shell_parser.h"
#include "shell/shell_queries.h"

using namespace dfopt;

namespace {
std::string tree(std::string_view script) { return dump_shell(parse_shell(script)); }
}  // namespace

TEST_CASE("shell parser: lists, chains and pipelines", "[shell]") {
  CHECK(tree("apt-get update && apt-get install -y curl") ==
        "(list (simple apt-get update) && (simple apt-get install -y curl))");
  CHECK(tree("a; b || c & d") == "(list (simple a) ; (simple b) || (simple c) & (simple d))");
  CHECK(tree("! grep -q x f | sort |& uniq") ==
        "(list ! (simple grep -q x f) | (simple sort) | (simple uniq))");
  CHECK(tree("a &&\n b") == "(list (simple a) && (simple b))");
  CHECK(tree("make;") == "(list (simple make) ;)");
  CHECK(tree("") == "(list)");
}

TEST_CASE("shell parser: compound commands", "[shell]") {
  CHECK(tree("(cd /x && make) && { echo a; echo b; }") ==
        "(list (subshell (list (simple cd /x) && (simple make))) && "
        "(group (list (simple echo a) ; (simple echo b) ;)))");
  CHECK(tree("if [ -f x ]; then a; elif b; then c; else d; fi") ==
        "(list (if (list (simple [ -f x ]) ;) (list (simple a) ;) (list (simple b) ;) "
        "(list (simple c) ;) (list (simple d) ;)))");
  CHECK(tree("for f in a b \"c d\"; do rm $f; done > log") ==
        "(list (for f a b \"c d\" (list (simple rm $f) ;) > log))");
  CHECK(tree("while read l; do echo $l; done < f") ==
        "(list (while (list (simple read l) ;) (list (simple echo $l) ;) < f))");
  CHECK(tree("case \"$A\" in amd64|x86_64) a=1 ;; (arm*) a=2;; *) exit 1;; esac") ==
        "(list (case \"$A\" amd64 x86_64 arm* * (list (simple a=1)) (list (simple a=2)) "
        "(list (simple exit 1))))");
  CHECK(tree("f() { echo hi; }; f") ==
        "(list (function f (list (group (list (simple echo hi) ;)))) ; (simple f))");
  CHECK(tree("[[ -n $x && $y < 3 ]] && echo ok") ==
        "(list (test [[ -n $x && $y < 3 ]]) && (simple echo ok))");
}

TEST_CASE("shell parser: words, quotes and expansions stay whole", "[shell]") {
  CHECK(tree("echo \"a b\" 'c;d' e\\ f $(ls -l | wc -l) ${X:-a b} `date` $((1+(2*3)))") ==
        "(list (simple echo \"a b\" 'c;d' e\\ f $(ls -l | wc -l) ${X:-a b} `date` $((1+(2*3)))))");
  CHECK(tree("echo a#b # comment && not a command") == "(list (simple echo a#b))");
  CHECK(tree("FOO=1 BAR=\"x y\" make 2>&1 >/dev/null") ==
        "(list (simple FOO=1 BAR=\"x y\" make 2>&1 >/dev/null))");
  CHECK(tree("echo $(echo \"$(echo ')')\")") == "(list (simple echo $(echo \"$(echo ')')\")))");
}

TEST_CASE("shell parser: what it does not follow is reported, never guessed", "[shell]") {
  for (std::string_view script :
       {"echo 'unterminated", "echo \"x", "echo $(ls", "(( i++ ))", "cat <<EOF", "a && && b",
        "if a; then b", "echo )", "function f { :; }", "case x in a) b esac", "a |"}) {
    INFO(script);
    ShellScript parsed = parse_shell(script);
    CHECK_FALSE(parsed.parsed);
    CHECK_FALSE(parsed.error.empty());
  }
  std::string deep(100000, '(');
  deep += "x";
  deep += std::string(100000, ')');
  ShellScript nested = parse_shell(deep);
  CHECK_FALSE(nested.parsed);
  CHECK(nested.error == "nested too deeply");
  std::string deep_substitution;
  for (int i = 0; i < 50000; ++i) deep_substitution += "$(";
  CHECK_FALSE(parse_shell(deep_substitution).parsed);
}

TEST_CASE("shell words: literal values after quote removal", "[shell]") {
  auto word = [](std::string_view text) { return make_shell_word(text, {0, text.size()}); };
  CHECK(word("'a b'c").literal);
  CHECK(word("'a b'c").value == "a bc");
  CHECK(word("\"x\\$y\"").value == "x$y");
  CHECK(word("\"x\\$y\"").literal);
  CHECK(word("a\\ b").value == "a b");
  CHECK_FALSE(word("$HOME").literal);
  CHECK(word("$HOME").has_expansion);
  CHECK_FALSE(word("\"$HOME\"").literal);
  CHECK(word("'$HOME'").literal);
  CHECK_FALSE(word("*.txt").literal);
  CHECK(word("'*.txt'").literal);
  CHECK_FALSE(word("~/x").literal);
  CHECK_FALSE(word("a{b,c}").literal);
  CHECK(word("a{b}").literal);
  CHECK(word("cost$").literal);
  CHECK_FALSE(word("`date`").literal);
}

TEST_CASE("shell queries: && chains and trailing comments", "[shell]") {
  CHECK(is_and_chain(parse_shell("a && b && c")));
  CHECK(is_and_chain(parse_shell("a | b && c;")));
  CHECK_FALSE(is_and_chain(parse_shell("a || b")));
  CHECK_FALSE(is_and_chain(parse_shell("a; b")));
  CHECK_FALSE(is_and_chain(parse_shell("a &")));
  CHECK(trailing_comment(parse_shell("make # build")).has_value());
  CHECK_FALSE(trailing_comment(parse_shell("echo '# no'")).has_value());
  CHECK(command_lines(parse_shell("a x && if b; then c >f; fi | d")) ==
        std::vector<std::string>{"a x", "b", "c >f", "d"});
}

// Found by fuzz_shell in a build without NDEBUG: Spirit's x3::alpha asserted on a byte above
// 0x7F after `$` (undefined behaviour in release builds).
TEST_CASE("bytes above 0x7F where a name or a number may start", "[shell]") {
  for (std::string text : {std::string("echo $\x9e+x"), std::string("echo ${\xff}"),
                           std::string("cat \xc3\xa9<x"), std::string("a\x80=1 b")}) {
    ShellScript script = parse_shell(text);
    CHECK(script.text == text);
    if (script.parsed)
      for (const ShellCommand* command : simple_commands(script.list))
        for (const ShellWord& word : command->words)
          CHECK(text.substr(word.span.begin, word.span.size()) == word.text);
  }
  ShellScript dollar = parse_shell("echo $\xe9t\xe9");
  REQUIRE(dollar.parsed);
  REQUIRE(simple_commands(dollar.list).size() == 1);
  CHECK(simple_commands(dollar.list)[0]->words.size() == 2);
}
