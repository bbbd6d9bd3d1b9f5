// BuildKit's variable expansion (lib/shell/variable_expansion): its own tables envVarTest and
// wordsTest, read the way frontend/dockerfile/shell/lex_test.go reads them, then cases from the
// inline tests of lex_test.go and hand-written ones for the backtick escape and error messages.
#include <catch2/catch.hpp>

#include <sstream>
#include <string>
#include <variant>
#include <vector>

#include "shell/variable_expansion.h"
#include "syntax/text.h"
#include "test_support.h"

namespace {

using namespace dfopt;
using Strings = std::vector<std::string>;

std::filesystem::path shell_tables_dir() { return test::corpus_dir() / "conformance" / "buildkit" / "shell"; }

// The table's lines; a missing or empty table fails the test rather than passing it vacuously.
Strings table_lines(const std::string& name) {
  std::filesystem::path path = shell_tables_dir() / name;
  INFO("table " << path.string());
  REQUIRE(std::filesystem::is_regular_file(path));
  std::istringstream in(test::read_file(path));
  Strings lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  REQUIRE_FALSE(lines.empty());
  return lines;
}

Strings split(std::string_view text, char separator) {
  Strings out;
  std::size_t begin = 0;
  for (std::size_t i = 0; i <= text.size(); ++i) {
    if (i == text.size() || text[i] == separator) {
      out.emplace_back(text.substr(begin, i - begin));
      begin = i + 1;
    }
  }
  return out;
}

// What a test expects of a word: the expanded text, or "error".
std::string outcome(const std::variant<std::string, ExpansionError>& result) {
  if (const auto* word = std::get_if<std::string>(&result)) return *word;
  return "error";
}

Strings outcome(const std::variant<Strings, ExpansionError>& result) {
  if (const auto* words = std::get_if<Strings>(&result)) return *words;
  return {"error"};
}

std::string error_of(std::string_view word, const Environment& env = {}, const ExpansionOptions& options = {}) {
  auto result = expand_word(word, env, options);
  if (const auto* error = std::get_if<ExpansionError>(&result)) return error->message;
  return "(no error, got \"" + std::get<std::string>(result) + "\")";
}

const Environment kTableEnv{{"PWD", "/home"}, {"SHELL", "bash"}, {"KOREAN", "한국어"}, {"NULL", ""}};

}  // namespace

TEST_CASE("variable expansion: every envVarTest row", "[variable-expansion]") {
  // Platform A rows run on Linux and Windows, U rows on Linux only, W rows on Windows only: the
  // only Windows difference is that names are compared case-insensitively, so W rows are checked
  // with `windows = true` and A rows both ways.
  int rows = 0, checks = 0, errors = 0;
  int line_number = 0;
  for (const std::string& raw : table_lines("envVarTest")) {
    ++line_number;
    if (raw.rfind('#', 0) == 0) continue;
    std::string_view line = trim(raw);
    if (line.empty()) continue;
    Strings fields = split(line, '|');
    INFO("envVarTest line " << line_number << ": " << raw);
    REQUIRE(fields.size() == 3);
    std::string platform(trim(fields[0])), source(trim(fields[1])), expected(trim(fields[2]));
    REQUIRE((platform == "A" || platform == "U" || platform == "W"));
    ++rows;
    if (expected == "error") ++errors;
    for (bool windows : {false, true}) {
      if ((platform == "U" && windows) || (platform == "W" && !windows)) continue;
      CAPTURE(windows, source);
      CHECK(outcome(expand_word(source, kTableEnv, {'\\', windows})) == expected);
      ++checks;
    }
  }
  CHECK(rows == 230);
  CHECK(errors == 36);
  CHECK(checks == 456);  // 226 A rows twice, 2 U rows, 2 W rows
}

TEST_CASE("variable expansion: every wordsTest row", "[variable-expansion]") {
  Environment env;
  int rows = 0, line_number = 0;
  for (const std::string& line : table_lines("wordsTest")) {
    ++line_number;
    if (line.rfind('#', 0) == 0) continue;
    if (line.rfind("ENV ", 0) == 0) {
      // `ENV name=value`, the value kept verbatim, trailing blanks included; later ones win.
      std::string definition(trim_left(std::string_view(line).substr(3)));
      std::size_t eq = definition.find('=');
      if (eq == std::string::npos) env[definition] = "";
      else env[definition.substr(0, eq)] = definition.substr(eq + 1);
      continue;
    }
    Strings fields = split(line, '|');
    INFO("wordsTest line " << line_number << ": " << line);
    REQUIRE(fields.size() == 2);
    std::string source(trim(fields[0]));
    std::string_view expected_text = fields[1];
    while (!expected_text.empty() && expected_text.front() == ' ') expected_text.remove_prefix(1);
    CAPTURE(source);
    CHECK(outcome(expand_words(source, env)) == split(expected_text, ','));
    ++rows;
  }
  CHECK(rows == 24);
  CHECK(env.size() == 4);
}

TEST_CASE("variable expansion: mandatory variables give the message", "[variable-expansion]") {
  // TestShellParserMandatoryEnvVars.
  const Environment set{{"VAR", "plain"}, {"ARG", "x"}}, empty{{"VAR", ""}, {"ARG", "x"}}, unset{{"ARG", "x"}};
  const std::string no_empty = "${VAR:?message here$ARG}", no_unset = "${VAR?message here$ARG}";
  CHECK(outcome(expand_word(no_empty, set)) == "plain");
  CHECK(error_of(no_empty, empty) == "failed to process \"${VAR:?message here$ARG}\": VAR: message herex");
  CHECK(error_of(no_empty, unset) == "failed to process \"${VAR:?message here$ARG}\": VAR: message herex");
  CHECK(outcome(expand_word(no_unset, set)) == "plain");
  CHECK(outcome(expand_word(no_unset, empty)) == "");
  CHECK(error_of(no_unset, unset) == "failed to process \"${VAR?message here$ARG}\": VAR: message herex");
  CHECK(error_of("${X?}") == "failed to process \"${X?}\": X: is not allowed to be unset");
  CHECK(error_of("${NULL:?}", kTableEnv) == "failed to process \"${NULL:?}\": NULL: is not allowed to be empty");
}

TEST_CASE("variable expansion: patterns, replacements and the names looked up", "[variable-expansion]") {
  // TestProcessWithMatches.
  struct Case {
    std::string input;
    Environment env;
    std::string expected;  // "error" when expansion must fail
    Strings matched, unmatched;
  };
  const std::vector<Case> cases{
      {"x", {{"DUMMY", "dummy"}}, "x", {}, {}},
      {"x ${UNUSED}", {{"DUMMY", "dummy"}}, "x ", {}, {"UNUSED"}},
      {"x ${FOO}", {{"FOO", "y"}}, "x y", {"FOO"}, {}},
      {"${FOO-aaa} ${BAR-bbb} ${BAZ-ccc}", {{"FOO", "xxx"}, {"BAR", ""}}, "xxx  ccc", {"BAR", "FOO"}, {"BAZ"}},
      {"${FOO:-aaa} ${BAR:-bbb} ${BAZ:-ccc}", {{"FOO", "xxx"}, {"BAR", ""}}, "xxx bbb ccc", {"BAR", "FOO"}, {"BAZ"}},
      {"${FOO:-}", {{"FOO", "xxx"}, {"BAR", ""}}, "xxx", {"FOO"}, {}},
      {"${FOO:-}", {}, "", {}, {"FOO"}},
      {"${FOO+aaa} ${BAR+bbb} ${BAZ+ccc}", {{"FOO", "xxx"}, {"BAR", ""}}, "aaa bbb ", {"BAR", "FOO"}, {"BAZ"}},
      {"${FOO:+aaa} ${BAR:+bbb} ${BAZ:+ccc}", {{"FOO", "xxx"}, {"BAR", ""}}, "aaa  ", {"BAR", "FOO"}, {"BAZ"}},
      {"${FOO?aaa}", {{"FOO", "xxx"}, {"BAR", ""}}, "xxx", {"FOO"}, {}},
      {"${BAR?bbb}", {{"FOO", "xxx"}, {"BAR", ""}}, "", {"BAR"}, {}},
      {"${BAZ?ccc}", {{"FOO", "xxx"}}, "error", {}, {}},
      {"${FOO:?aaa}", {{"FOO", "xxx"}}, "xxx", {"FOO"}, {}},
      {"${BAR:?bbb}", {{"BAR", ""}}, "error", {}, {}},
      {"${BAZ:?ccc}", {{"FOO", "xxx"}}, "error", {}, {}},
      {"${BAZ:?}", {{"FOO", "xxx"}}, "error", {}, {}},
      {"${FOO=aaa}", {{"FOO", "xxx"}}, "error", {}, {}},
      {"${FOO=:aaa}", {{"FOO", "xxx"}}, "error", {}, {}},
      {"${FOO=}", {}, "error", {}, {}},
      {"${FOO#()[]{\\}^$.\\*\\?|\\\\}", {{"FOO", "()[]{}^$.*?|\\x"}}, "x", {"FOO"}, {}},
      {"${FOO%%\\**}", {{"FOO", "xx**"}}, "xx", {"FOO"}, {}},
      {"${FOO#*x*y}", {{"FOO", "xxyy"}}, "y", {"FOO"}, {}},
      {"${FOO#*}", {{"FOO", "xxyy"}}, "xxyy", {"FOO"}, {}},
      {"${FOO#$BAR}", {{"FOO", "xxyy"}, {"BAR", "x"}}, "xyy", {"BAR", "FOO"}, {}},
      {"${FOO#$BAR}", {{"FOO", "xxyy"}, {"BAR", ""}}, "xxyy", {"BAR", "FOO"}, {}},
      {"${FOO#}", {{"FOO", "xxyy"}}, "xxyy", {"FOO"}, {}},
      {"${FOO##*x}", {{"FOO", "xxyy"}}, "yy", {"FOO"}, {}},
      {"${FOO##}", {{"FOO", "xxyy"}}, "xxyy", {"FOO"}, {}},
      {"${FOO#?\\?}", {{"FOO", "???y"}}, "?y", {"FOO"}, {}},
      {"${ABC:-.}${FOO%x}${ABC:-.}", {{"FOO", "xxyy"}}, ".xxyy.", {"FOO"}, {"ABC"}},
      {"${FOO%%\\**\\*}", {{"FOO", "a***yy*"}}, "a", {"FOO"}, {}},
      {"${FOO%}", {{"FOO", "xxyy"}}, "xxyy", {"FOO"}, {}},
      {"${FOO%%$BAR}", {{"FOO", "xxyy"}, {"BAR", ""}}, "xxyy", {"BAR", "FOO"}, {}},
      {"${FOO/$NEEDLE/.} - ${FOO//$NEEDLE/.}", {{"FOO", "/foo*/*/*.txt"}, {"NEEDLE", "\\*/"}},
       "/foo.*/*.txt - /foo..*.txt", {"FOO", "NEEDLE"}, {}},
      {"${FOO/$NEEDLE/} - ${FOO//$NEEDLE/}", {{"FOO", "/tmp/tmp/bar.txt"}, {"NEEDLE", "/tmp"}},
       "/tmp/bar.txt - /bar.txt", {"FOO", "NEEDLE"}, {}},
      {"${FOO/$NEEDLE/$REPLACEMENT} - ${FOO//$NEEDLE/$REPLACEMENT}",
       {{"FOO", "/a/foo/b/c.txt"}, {"NEEDLE", "/?/"}, {"REPLACEMENT", "/"}}, "/foo/b/c.txt - /foo/c.txt",
       {"FOO", "NEEDLE", "REPLACEMENT"}, {}},
      {"${FOO/$NEEDLE/$REPLACEMENT}", {{"FOO", "http://google.de"}, {"NEEDLE", "http://"}, {"REPLACEMENT", "https://"}},
       "https://google.de", {"FOO", "NEEDLE", "REPLACEMENT"}, {}},
      {"${FOO//\\//\\/}", {{"FOO", "/tmp/foo.txt"}}, "\\/tmp\\/foo.txt", {"FOO"}, {}},
      {"${FOO/$BAR/ww}", {{"FOO", "xxyy"}, {"BAR", ""}}, "wwxxyy", {"BAR", "FOO"}, {}},
      {"${FOO//ww}", {{"FOO", "xxyy"}}, "error", {}, {}},
      {"${FOO//}", {{"FOO", "xxyy"}}, "error", {}, {}},
      {"${FOO///}", {{"FOO", "xxyy"}}, "xxyy", {"FOO"}, {}},
      {"${FOO///}", {}, "", {}, {"FOO"}},
      // TestProcessWithMatchesPlatform
      {"something-${VERSION}.${TARGETOS}-${TARGETARCH}${TARGETVARIANT:+-${TARGETVARIANT}}.tar.gz",
       {{"VERSION", "v1.2.3"}, {"TARGETOS", "linux"}, {"TARGETARCH", "arm"}, {"TARGETVARIANT", "v7"}},
       "something-v1.2.3.linux-arm-v7.tar.gz", {"TARGETARCH", "TARGETOS", "TARGETVARIANT", "VERSION"}, {}},
      {"something-${VERSION}.${TARGETOS}-${TARGETARCH}${TARGETVARIANT:+-${TARGETVARIANT}}.tar.gz",
       {{"VERSION", "v1.2.3"}, {"TARGETOS", "linux"}, {"TARGETARCH", "amd64"}, {"TARGETVARIANT", ""}},
       "something-v1.2.3.linux-amd64.tar.gz", {"TARGETARCH", "TARGETOS", "TARGETVARIANT", "VERSION"}, {}},
  };
  for (const Case& c : cases) {
    CAPTURE(c.input);
    auto result = expand(c.input, c.env);
    if (c.expected == "error") {
      CHECK(std::holds_alternative<ExpansionError>(result));
      continue;
    }
    REQUIRE(std::holds_alternative<Expansion>(result));
    const Expansion& e = std::get<Expansion>(result);
    CHECK(e.word == c.expected);
    CHECK(Strings(e.matched.begin(), e.matched.end()) == c.matched);
    CHECK(Strings(e.unmatched.begin(), e.unmatched.end()) == c.unmatched);
  }
}

TEST_CASE("variable expansion: the backtick escape", "[variable-expansion]") {
  const ExpansionOptions backtick{'`'};
  auto word = [&](std::string_view w) { return outcome(expand_word(w, kTableEnv, backtick)); };
  CHECK(word("C:\\Users\\$SHELL") == "C:\\Users\\bash");  // a backslash is an ordinary character
  CHECK(word("he`$PWD") == "he$PWD");
  CHECK(word("he``$PWD") == "he`/home");
  CHECK(word("he`'llo") == "he'llo");
  CHECK(word("\"a`\"b\"") == "a\"b");
  CHECK(word("\"a`$PWD\"") == "a$PWD");
  CHECK(word("\"a`tb\"") == "a`tb");      // inside double quotes only ", $ and ` are escaped
  CHECK(word("\"a\\\"") == "a\\");        // so this backslash does not escape the quote
  CHECK(word("hello`") == "hello");       // an escape at the very end disappears
  CHECK(word("'a`b'") == "a`b");
  CHECK(word("${XXX:-`}}") == "}");
  // Patterns keep using a backslash whatever the escape: `\*` is a literal star.
  const Environment env{{"FOO", "a*b"}};
  CHECK(outcome(expand_word("${FOO#a\\*}", env, backtick)) == "b");
  CHECK(outcome(expand_word("${FOO#a`*}", env, backtick)) == "a*b");
  CHECK(outcome(expand_words("a` b $SHELL", kTableEnv, backtick)) == Strings{"a b", "bash"});
}

TEST_CASE("variable expansion: error messages are BuildKit's", "[variable-expansion]") {
  CHECK(error_of("he${}") == "failed to process \"he${}\": syntax error: bad substitution");
  CHECK(error_of("${:-x}") == "failed to process \"${:-x}\": syntax error: bad substitution");
  CHECK(error_of("he${") == "failed to process \"he${\": syntax error: missing '}'");
  CHECK(error_of("${aaa:-bbb") == "failed to process \"${aaa:-bbb\": syntax error: missing '}'");
  CHECK(error_of("${aaa:-'bbb}") == "failed to process \"${aaa:-'bbb}\": syntax error: missing '}'");
  // `${NAME` followed by the end of the word: the missing `}` is read as an unknown modifier.
  CHECK(error_of("${PWD") == "failed to process \"${PWD\": unsupported modifier (\uFFFD) in substitution");
  CHECK(error_of("${PWD:=000}") == "failed to process \"${PWD:=000}\": unsupported modifier (:=) in substitution");
  CHECK(error_of("${.}") == "failed to process \"${.}\": unsupported modifier (.) in substitution");
  CHECK(error_of("${FOO:#x}") == "failed to process \"${FOO:#x}\": unsupported modifier (:#) in substitution");
  CHECK(error_of("he'llo") == "failed to process \"he'llo\": "
                               "unexpected end of statement while looking for matching single-quote");
  CHECK(error_of("\"hello\\\"") == "failed to process \"\\\"hello\\\\\\\"\": "
                                   "unexpected end of statement while looking for matching double-quote");
  CHECK(error_of("${X:-${}}") == "failed to process \"${X:-${}}\": syntax error: bad substitution");
  CHECK(error_of("${FOO//ww}") == "failed to process \"${FOO//ww}\": syntax error: missing '/' in ${}");
  CHECK(error_of("${FOO#a\\x}") ==
        "failed to process \"${FOO#a\\\\x}\": invalid pattern (a\\x) in substitution: invalid escape '\\x'");
  // `%` searches the reversed value with the reversed pattern, and says so.
  CHECK(error_of("${FOO%a\\xb}") ==
        "failed to process \"${FOO%a\\\\xb}\": invalid pattern (b\\xa) in substitution: invalid escape '\\x'");
  CHECK(error_of("${FOO/a\\x/b}") ==
        "failed to process \"${FOO/a\\\\x/b}\": invalid pattern (a\\x) in substitution: invalid escape '\\x'");
}

TEST_CASE("variable expansion: names, Unicode and bytes as Go reads them", "[variable-expansion]") {
  auto word = [](std::string_view w) { return outcome(expand_word(w, kTableEnv)); };
  CHECK(word("$KOREAN한") == "");                 // a Hangul syllable is a letter: part of the name
  CHECK(word("$KOREAN…") == "한국어…");             // an ellipsis is not
  CHECK(word("${KOREAN}한") == "한국어한");
  CHECK(word("$PWD\u00a0x") == "/home\u00a0x");
  CHECK(word("$PWD١") == "");                       // an Arabic-Indic digit continues the name
  CHECK(word("a\xff" "b") == "a\uFFFDb");             // an invalid byte of the word becomes U+FFFD
  CHECK(word("\xEF\xBB\xBFhello") == "hello");     // a byte order mark at the start is dropped
  CHECK(word("a\xEF\xBB\xBF") == "a\xEF\xBB\xBF"); // elsewhere it stays
  const Environment bytes{{"V", "a\xff b"}};
  CHECK(outcome(expand_word("$V", bytes)) == "a\xff b");  // values are copied byte for byte...
  CHECK(outcome(expand_word("${V#a}", bytes)) == "\xff b");
  CHECK(outcome(expand_word("${V%b}", bytes)) == "a\uFFFD ");  // ...except through `%`, which reverses runes
  CHECK(outcome(expand_words("$V", bytes)) == Strings{"a\uFFFD", "b"});
}

TEST_CASE("variable expansion: pattern matching follows Go's regexp", "[variable-expansion]") {
  const Environment env{{"P", "/usr/local/lib/x.tar.gz"}, {"NL", "a\nb"}, {"R", "<$0>"}, {"S", "a.b.c"},
                         {"D", "[$$]"}};
  auto word = [&](std::string_view w) { return outcome(expand_word(w, env)); };
  CHECK(word("${P#*/}") == "usr/local/lib/x.tar.gz");
  CHECK(word("${P##*/}") == "x.tar.gz");
  CHECK(word("${P%.*}") == "/usr/local/lib/x.tar");
  CHECK(word("${P%%.*}") == "/usr/local/lib/x");
  CHECK(word("${P%/*}") == "/usr/local/lib");
  CHECK(word("${P/l*/L}") == "/usr/L");             // the pattern of `/` is always greedy
  CHECK(word("${NL#*}") == "a\nb");
  CHECK(word("${NL##*}") == "\nb");                  // `*` does not cross a newline
  CHECK(word("${NL#?}") == "\nb");
  CHECK(word("${NL#a?}") == "a\nb");
  CHECK(word("${S//./-}") == "a-b-c");
  CHECK(word("${S//./$R}") == "a<.>b<.>c");          // ReplaceAllString expands $0 to the match
  CHECK(word("${S/./$R}") == "a<$0>b.c");            // the single replacement is literal
  CHECK(word("${S//x*/y}") == "a.b.c");
  CHECK(word("${S///-}") == "-a-.-b-.-c-");           // an empty pattern matches between characters
  CHECK(word("${S//?/$D}") == "[$][$][$][$][$]");  // and `$$` to a dollar
  CHECK(word("${S//?/[$$]}") == "[][][][][]");       // (written in the word, `$$` is a variable)
}

TEST_CASE("variable expansion: special and positional parameters", "[variable-expansion]") {
  auto word = [](std::string_view w) { return outcome(expand_word(w, kTableEnv)); };
  CHECK(word("$12a") == "a");
  CHECK(word("${+x}") == "");   // an empty name, unset
  CHECK(word("${-x}") == "error");
  CHECK(word("$") == "$");
  CHECK(word("a$ b") == "a$ b");
  CHECK(word("${#}") == "");
  CHECK(word("${##x}") == "");
}

TEST_CASE("variable expansion: word splitting", "[variable-expansion]") {
  const Environment env{{"PORTS", "80/tcp  443/tcp"}, {"EMPTY", ""}};
  auto words = [&](std::string_view w) { return outcome(expand_words(w, env)); };
  CHECK(words("$PORTS") == Strings{"80/tcp", "443/tcp"});
  CHECK(words("\"$PORTS\"") == Strings{"80/tcp  443/tcp"});
  CHECK(words("'$PORTS'") == Strings{"$PORTS"});
  CHECK(words("$EMPTY") == Strings{});
  CHECK(words("\"\"") == Strings{});
  CHECK(words("a\\ b c") == Strings{"a b", "c"});
  CHECK(words("x${PORTS}y") == Strings{"x80/tcp", "443/tcpy"});
  CHECK(words("x${NONE:-$PORTS}y") == Strings{"x80/tcp", "443/tcpy"});
  CHECK(words("x${NONE:-a b}y") == Strings{"xa", "by"});
  CHECK(words("${NONE:-\"a b\"}") == Strings{"a", "b"});  // a default is split like a value
}

TEST_CASE("variable expansion: the other Lex options", "[variable-expansion]") {
  const Environment env{{"SET", "v"}};
  ExpansionOptions skip;
  skip.skip_unset = true;
  CHECK(outcome(expand_word("$SET $UNSET ${UNSET} ${UNSET:-d} ${UNSET//a/b} ${UNSET:=x}", env, skip)) ==
        "v $UNSET ${UNSET} ${UNSET:-d} ${UNSET/a/b} ${UNSET:=x}");
  ExpansionOptions raw_quotes;
  raw_quotes.raw_quotes = true;
  CHECK(outcome(expand_word("'a'\"$SET\"", env, raw_quotes)) == "'a'\"v\"");
  ExpansionOptions raw_escapes;
  raw_escapes.raw_escapes = true;
  CHECK(outcome(expand_word("a\\$SET \"\\$SET\\x\"", env, raw_escapes)) == "a\\$SET \\$SET\\\\x");
  CHECK(outcome(expand_word("${X:-a\\b}", env, raw_escapes)) == "ab");  // `:-` turns raw escapes off
  ExpansionOptions skip_quotes;
  skip_quotes.skip_quotes = true;
  CHECK(outcome(expand_word("'$SET' \"a\"", env, skip_quotes)) == "'v' \"a\"");
  ExpansionOptions windows;
  windows.windows = true;
  CHECK(outcome(expand_word("$set-${Set}", env, windows)) == "v-v");
  CHECK(outcome(expand_word("$set", env)) == "");
}

TEST_CASE("variable expansion: references_variables", "[variable-expansion]") {
  CHECK_FALSE(references_variables("plain/path"));
  CHECK_FALSE(references_variables("'$HOME'"));
  CHECK_FALSE(references_variables("\\$HOME"));
  CHECK_FALSE(references_variables("\"\\$HOME\""));
  CHECK_FALSE(references_variables("$."));
  CHECK_FALSE(references_variables("cost$"));
  CHECK(references_variables("$HOME"));
  CHECK(references_variables("\"${HOME}\""));
  CHECK(references_variables("${X:-a}"));
  CHECK(references_variables("$1"));
  CHECK(references_variables("${}"));       // malformed: not a literal either
  CHECK(references_variables("'unterminated"));
  CHECK(references_variables("he`$PWD"));
  CHECK_FALSE(references_variables("he`$PWD", ExpansionOptions{'`'}));
}

TEST_CASE("variable expansion: deep nesting is refused, not a stack overflow",
          "[variable-expansion]") {
  auto nested = [](int depth) {
    std::string word;
    for (int i = 0; i < depth; ++i) word += "${x:-";
    return word + "1" + std::string(static_cast<std::size_t>(depth), '}');
  };
  auto fine = expand_word(nested(999), {});
  REQUIRE(std::holds_alternative<std::string>(fine));
  CHECK(std::get<std::string>(fine) == "1");
  auto deep = expand_word(nested(100000), {});
  REQUIRE(std::holds_alternative<ExpansionError>(deep));
  CHECK(std::get<ExpansionError>(deep).message.find("dfopt's limit") != std::string::npos);
  std::string quoted;
  for (int i = 0; i < 100000; ++i) quoted += "\"${x:-";
  CHECK(std::holds_alternative<ExpansionError>(expand_word(quoted, {})));
  CHECK(references_variables(nested(100000)));
}
