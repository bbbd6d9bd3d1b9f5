// Unit tests for the lossless Dockerfile parser and its helper modules. Every parse goes through
// `parse()` below, which also checks that printing the tree gives back the input byte for byte.
// Expected values follow BuildKit's parser (frontend/dockerfile/parser).
#include <catch2/catch.hpp>

#include <string>
#include <string_view>
#include <vector>

#include "syntax/builder_flags.h"
#include "syntax/buildkit_dump.h"
#include "syntax/directive_line.h"
#include "syntax/heredoc_marker.h"
#include "syntax/instruction_checks.h"
#include "syntax/json_array.h"
#include "syntax/parser.h"
#include "syntax/words.h"
#include "test_support.h"

namespace {

using namespace dfopt;
using dfopt::test::print_tree;
using Strings = std::vector<std::string>;

// ---- helpers ---------------------------------------------------------------------------------

Document parse(const std::string& source) {
  Document doc = parse_dockerfile(source, "Dockerfile");
  CHECK(print_tree(doc) == source);
  return doc;
}

// "Kind" for every node of the document.
Strings node_kinds(const Document& doc) {
  Strings out;
  for (const Node& node : doc.nodes) out.emplace_back(node_kind_name(node.kind));
  return out;
}

// "Kind:text" for every token of a node.
Strings tokens(const Document& doc, const Node& node) {
  Strings out;
  for (const Token& token : node.tokens)
    out.push_back(std::string(token_kind_name(token.kind)) + ":" + std::string(doc.text(token.span)));
  return out;
}

const Node& instruction_node(const Document& doc, std::size_t index) {
  auto nodes = doc.instructions();
  REQUIRE(index < nodes.size());
  return *nodes[index];
}

const Instruction& instruction(const Document& doc, std::size_t index) {
  return *instruction_node(doc, index).instruction;
}

std::size_t instruction_count(const Document& doc) { return doc.instructions().size(); }

Strings error_messages(const Document& doc) {
  Strings out;
  for (const SyntaxError& e : doc.errors) out.push_back(e.message);
  return out;
}

// BuildKit's instruction-level rejections (unknown instructions, bad ONBUILD triggers, ...), which
// dfopt reports apart from the parser's own errors.
Strings check_messages(const Document& doc) {
  Strings out;
  for (const SyntaxError& e : check_instructions(doc)) out.push_back(e.message);
  return out;
}

Strings warning_messages(const Document& doc) {
  Strings out;
  for (const Warning& w : doc.warnings) out.push_back(w.message);
  return out;
}

// "line:column" of a document offset.
std::string at(const Document& doc, std::size_t offset) {
  Position p = doc.position(offset);
  return std::to_string(p.line) + ":" + std::to_string(p.column);
}

Strings flag_texts(const Instruction& ins) {
  Strings out;
  for (const Flag& f : ins.flags) out.push_back(f.text);
  return out;
}

Strings word_texts(const std::vector<Word>& words) {
  Strings out;
  for (const Word& w : words) out.emplace_back(w.text);
  return out;
}

std::string text(const Document& doc, Span span) { return std::string(doc.text(span)); }

}  // namespace

// ---- parser directives -----------------------------------------------------------------------

TEST_CASE("parser directives syntax, escape and check are recognised at the top", "[syntax]") {
  const std::string src =
      "# syntax=docker/dockerfile:1\n"
      "# escape=`\n"
      "# check=skip=all;error=true\n"
      "FROM a\n";
  Document doc = parse(src);
  CHECK(node_kinds(doc) == Strings{"Directive", "Directive", "Directive", "Instruction"});
  REQUIRE(doc.nodes[0].directive);
  CHECK(doc.nodes[0].directive->name == "syntax");
  CHECK(doc.nodes[0].directive->value == "docker/dockerfile:1");
  CHECK(text(doc, doc.nodes[0].span) == "# syntax=docker/dockerfile:1\n");
  REQUIRE(doc.nodes[1].directive);
  CHECK(doc.nodes[1].directive->name == "escape");
  CHECK(doc.nodes[1].directive->value == "`");
  REQUIRE(doc.nodes[2].directive);
  CHECK(doc.nodes[2].directive->name == "check");
  CHECK(doc.nodes[2].directive->value == "skip=all;error=true");
  CHECK(doc.escape == '`');
  CHECK(doc.errors.empty());
  CHECK(doc.warnings.empty());
  CHECK_FALSE(doc.nodes[3].directive);
}

TEST_CASE("directive keys are case-insensitive and blanks around them are allowed", "[syntax]") {
  const std::string src =
      "#  SYNTAX  =  docker/dockerfile:1.7  \n"
      "  #Escape=`\t\n"
      "\t# ChEcK = skip=JSONArgsRecommended\n"
      "FROM a\n"
      "RUN a `\n"
      "  b\n";
  Document doc = parse(src);
  CHECK(node_kinds(doc) ==
        Strings{"Directive", "Directive", "Directive", "Instruction", "Instruction"});
  CHECK(doc.nodes[0].directive->name == "syntax");
  CHECK(doc.nodes[0].directive->value == "docker/dockerfile:1.7");
  CHECK(doc.nodes[1].directive->name == "escape");
  CHECK(doc.nodes[1].directive->value == "`");
  CHECK(doc.nodes[2].directive->name == "check");
  CHECK(doc.nodes[2].directive->value == "skip=JSONArgsRecommended");
  CHECK(doc.escape == '`');
  CHECK(instruction(doc, 1).arguments == Strings{"a   b"});
  CHECK(doc.errors.empty());
}

TEST_CASE("a directive given twice is an error", "[syntax]") {
  SECTION("same spelling") {
    Document doc = parse("# syntax=a\n# syntax=b\nFROM a\n");
    CHECK(node_kinds(doc) == Strings{"Directive", "Directive", "Instruction"});
    REQUIRE(doc.errors.size() == 1);
    CHECK(doc.errors[0].message == "only one syntax parser directive can be used");
    CHECK(at(doc, doc.errors[0].offset) == "2:1");
  }
  SECTION("different case") {
    Document doc = parse("# escape=\\\n# ESCAPE=`\nFROM a\n");
    REQUIRE(doc.errors.size() == 1);
    CHECK(doc.errors[0].message == "only one escape parser directive can be used");
    CHECK(at(doc, doc.errors[0].offset) == "2:1");
  }
}

TEST_CASE("an unknown directive is a comment and ends the directive block", "[syntax]") {
  Document doc = parse("# foo=bar\n# escape=`\nFROM a\nRUN a `\nRUN b\n");
  CHECK(node_kinds(doc) == Strings{"Comment", "Comment", "Instruction", "Instruction", "Instruction"});
  CHECK_FALSE(doc.nodes[0].directive);
  CHECK_FALSE(doc.nodes[1].directive);
  CHECK(doc.escape == '\\');
  CHECK(instruction(doc, 1).arguments == Strings{"a `"});
  CHECK(doc.errors.empty());
}

TEST_CASE("a directive after a comment, blank line or instruction is just a comment", "[syntax]") {
  SECTION("after a comment") {
    Document doc = parse("# hello\n# escape=`\nFROM a\n");
    CHECK(node_kinds(doc) == Strings{"Comment", "Comment", "Instruction"});
    CHECK(doc.escape == '\\');
  }
  SECTION("after a blank line") {
    Document doc = parse("\n# escape=`\nFROM a\n");
    CHECK(node_kinds(doc) == Strings{"BlankLine", "Comment", "Instruction"});
    CHECK(doc.escape == '\\');
  }
  SECTION("after an instruction") {
    Document doc = parse("FROM a\n# escape=`\nRUN b `\nRUN c\n");
    CHECK(node_kinds(doc) == Strings{"Instruction", "Comment", "Instruction", "Instruction"});
    CHECK(doc.escape == '\\');
  }
  SECTION("a directive without a value is a comment") {
    Document doc = parse("# escape=\n# syntax=x\nFROM a\n");
    CHECK(node_kinds(doc) == Strings{"Comment", "Comment", "Instruction"});
    CHECK(doc.errors.empty());
  }
}

TEST_CASE("an invalid escape directive value is an error", "[syntax]") {
  Document doc = parse("FROM a\n");
  CHECK(doc.errors.empty());

  Document bad = parse("# escape=x\nFROM a\n");
  CHECK(node_kinds(bad) == Strings{"Directive", "Instruction"});
  CHECK(bad.escape == '\\');
  REQUIRE(bad.errors.size() == 1);
  CHECK(bad.errors[0].message == "invalid escape token 'x' does not match ` or \\");
  CHECK(at(bad, bad.errors[0].offset) == "1:1");

  Document two_chars = parse("# escape=``\nFROM a\n");
  REQUIRE(two_chars.errors.size() == 1);
  CHECK(two_chars.errors[0].message == "invalid escape token '``' does not match ` or \\");
}

TEST_CASE("a UTF-8 byte order mark is its own node and directives after it still count",
          "[syntax]") {
  const std::string src = "\xEF\xBB\xBF# escape=`\nFROM a\nRUN a `\n b\n";
  Document doc = parse(src);
  CHECK(node_kinds(doc) == Strings{"ByteOrderMark", "Directive", "Instruction", "Instruction"});
  CHECK(doc.nodes[0].span == Span{0, 3});
  CHECK(text(doc, doc.nodes[0].span) == "\xEF\xBB\xBF");
  CHECK(doc.nodes[1].directive->name == "escape");
  CHECK(doc.escape == '`');
  CHECK(instruction(doc, 1).arguments == Strings{"a  b"});

  SECTION("a BOM directly before an instruction") {
    Document d = parse("\xEF\xBB\xBF" "FROM a\n");
    CHECK(node_kinds(d) == Strings{"ByteOrderMark", "Instruction"});
    CHECK(instruction(d, 0).keyword == Keyword::From);
    CHECK(instruction(d, 0).keyword_span == Span{3, 7});
    CHECK(d.errors.empty());
  }
  SECTION("a BOM later in the file is just bytes") {
    Document d = parse("FROM a\nRUN \xEF\xBB\xBFx\n");
    CHECK(node_kinds(d) == Strings{"Instruction", "Instruction"});
    CHECK(instruction(d, 1).arguments == Strings{"\xEF\xBB\xBFx"});
  }
}

TEST_CASE("a #! first line is a comment and BuildKit's Parse then applies no escape directive",
          "[syntax]") {
  // parser.Parse feeds the shebang to the directive parser, which stops there: a following
  // "# escape=`" does not switch the escape character.
  const std::string src = "#!/usr/bin/env buildctl\n# escape=`\nFROM a\nRUN a `\nRUN b\n";
  Document doc = parse(src);
  CHECK(doc.nodes[0].kind == NodeKind::Comment);
  CHECK(text(doc, doc.nodes[0].span) == "#!/usr/bin/env buildctl\n");
  CHECK(doc.escape == '\\');
  CHECK(instruction_count(doc) == 3);
  CHECK(instruction(doc, 1).arguments == Strings{"a `"});
  CHECK(doc.errors.empty());
}

TEST_CASE("a syntax directive after a #! first line is still a directive", "[syntax]") {
  // BuildKit's DetectSyntax / ParseDirective (used for `syntax` and `check`) discard a leading
  // "#!" line before reading directives, so this file selects the docker/dockerfile:1 frontend.
  Document doc = parse("#!/usr/bin/env buildctl\n# syntax=docker/dockerfile:1\nFROM a\n");
  REQUIRE(doc.nodes.size() == 3);
  CHECK(doc.nodes[0].kind == NodeKind::Comment);
  CHECK(doc.nodes[1].kind == NodeKind::Directive);
  REQUIRE(doc.nodes[1].directive);
  CHECK(doc.nodes[1].directive->name == "syntax");
  CHECK(doc.nodes[1].directive->value == "docker/dockerfile:1");
}

// ---- escapes and continuation lines ----------------------------------------------------------

TEST_CASE("the backtick escape continues lines and leaves backslashes alone", "[syntax]") {
  const std::string src =
      "# escape=`\n"
      "FROM mcr.microsoft.com/windows\n"
      "RUN dir c:\\ `\n"
      "  && echo done\n"
      "COPY a\\ c:\\\n";
  Document doc = parse(src);
  CHECK(doc.escape == '`');
  REQUIRE(instruction_count(doc) == 3);
  const Node& run = instruction_node(doc, 1);
  CHECK(tokens(doc, run) == Strings{"LineText:RUN dir c:\\ ", "Continuation:`", "Newline:\n",
                                    "LineText:  && echo done", "Newline:\n"});
  CHECK(run.instruction->line.text() == "RUN dir c:\\   && echo done");
  CHECK(run.instruction->arguments == Strings{"dir c:\\   && echo done"});
  // A trailing backslash does not continue under the backtick escape.
  CHECK(instruction(doc, 2).arguments == Strings{"a\\", "c:\\"});
}

TEST_CASE("blanks after the escape character still continue the line", "[syntax]") {
  Document doc = parse("RUN a \\ \t\nb\n");
  const Node& node = instruction_node(doc, 0);
  CHECK(tokens(doc, node) ==
        Strings{"LineText:RUN a ", "Continuation:\\ \t", "Newline:\n", "LineText:b", "Newline:\n"});
  CHECK(node.instruction->line.text() == "RUN a b");
  CHECK(node.instruction->arguments == Strings{"a b"});
}

TEST_CASE("comment and empty lines inside a continuation are dropped, empty ones warn",
          "[syntax]") {
  const std::string src = "FROM x\nRUN a \\\n# c\n\n   \n  b\n";
  Document doc = parse(src);
  REQUIRE(instruction_count(doc) == 2);
  const Node& node = instruction_node(doc, 1);
  CHECK(tokens(doc, node) == Strings{"LineText:RUN a ", "Continuation:\\", "Newline:\n",
                                     "CommentLine:# c", "Newline:\n", "Newline:\n",
                                     "EmptyLine:   ", "Newline:\n", "LineText:  b", "Newline:\n"});
  CHECK(node.instruction->arguments == Strings{"a   b"});
  CHECK(warning_messages(doc) == Strings{"empty continuation line"});
  CHECK(at(doc, doc.warnings[0].offset) == "2:1");
  CHECK(doc.errors.empty());

  SECTION("a comment line alone gives no warning") {
    Document d = parse("FROM x\nRUN a \\\n  # indented comment \\\n  b\n");
    CHECK(tokens(d, instruction_node(d, 1)) ==
          Strings{"LineText:RUN a ", "Continuation:\\", "Newline:\n",
                  "CommentLine:  # indented comment \\", "Newline:\n", "LineText:  b", "Newline:\n"});
    CHECK(instruction(d, 1).arguments == Strings{"a   b"});
    CHECK(d.warnings.empty());
  }
  SECTION("an empty continuation line does not end the instruction") {
    Document d = parse("FROM x\nRUN a \\\n\nRUN b\n");
    REQUIRE(instruction_count(d) == 2);
    CHECK(instruction(d, 1).arguments == Strings{"a RUN b"});
    CHECK(d.warnings.size() == 1);
  }
}

TEST_CASE("an escaped escape character does not continue the line", "[syntax]") {
  Document doc = parse("RUN foo \\\\\nRUN bar\n");
  REQUIRE(instruction_count(doc) == 2);
  CHECK(tokens(doc, instruction_node(doc, 0)) == Strings{"LineText:RUN foo \\\\", "Newline:\n"});
  CHECK(instruction(doc, 0).arguments == Strings{"foo \\\\"});
  CHECK(instruction(doc, 1).arguments == Strings{"bar"});

  SECTION("BuildKit's known quirk: three escapes do not continue either") {
    Document d = parse("RUN foo \\\\\\\nRUN bar\n");
    CHECK(instruction_count(d) == 2);
  }
}

TEST_CASE("a continuation at end of file ends the instruction", "[syntax]") {
  SECTION("no newline after the escape") {
    Document doc = parse("FROM a\nRUN foo \\");
    REQUIRE(instruction_count(doc) == 2);
    CHECK(tokens(doc, instruction_node(doc, 1)) == Strings{"LineText:RUN foo ", "Continuation:\\"});
    CHECK(instruction(doc, 1).arguments == Strings{"foo"});
    CHECK(doc.errors.empty());
  }
  SECTION("newline after the escape") {
    Document doc = parse("FROM a\nRUN foo \\\n");
    CHECK(tokens(doc, instruction_node(doc, 1)) ==
          Strings{"LineText:RUN foo ", "Continuation:\\", "Newline:\n"});
    CHECK(instruction(doc, 1).arguments == Strings{"foo"});
  }
  SECTION("comment lines after the escape at end of file") {
    Document doc = parse("FROM a\nRUN foo \\\n# trailing\n");
    REQUIRE(instruction_count(doc) == 2);
    CHECK(instruction_node(doc, 1).span == Span{7, 28});
    CHECK(instruction(doc, 1).arguments == Strings{"foo"});
  }
}

TEST_CASE("continuation lines keep their leading whitespace", "[syntax]") {
  Document doc = parse("RUN echo hello\\\n  world\n");
  CHECK(instruction(doc, 0).line.text() == "RUN echo hello  world");
  CHECK(instruction(doc, 0).arguments == Strings{"echo hello  world"});
}

TEST_CASE("a line holding only the escape character starts an instruction", "[syntax]") {
  Document doc = parse("\\\nRUN a\n");
  REQUIRE(instruction_count(doc) == 1);
  const Node& node = instruction_node(doc, 0);
  CHECK(tokens(doc, node) == Strings{"Continuation:\\", "Newline:\n", "LineText:RUN a", "Newline:\n"});
  CHECK(node.instruction->keyword == Keyword::Run);
  CHECK(node.instruction->keyword_span == Span{2, 5});
}

TEST_CASE("a keyword split by a continuation maps back over both lines", "[syntax]") {
  Document doc = parse("RU\\\nN a\n");
  const Instruction& ins = instruction(doc, 0);
  CHECK(ins.keyword == Keyword::Run);
  CHECK(ins.keyword_text == "RUN");
  CHECK(text(doc, ins.keyword_span) == "RU\\\nN");
  CHECK(ins.arguments == Strings{"a"});
}

// ---- instructions ----------------------------------------------------------------------------

TEST_CASE("FROM with flags and AS", "[syntax]") {
  Document doc = parse("FROM --platform=$BUILDPLATFORM golang:1.22 AS build\n");
  const Node& node = instruction_node(doc, 0);
  const Instruction& ins = *node.instruction;
  CHECK(node.span == Span{0, 52});
  CHECK(tokens(doc, node) ==
        Strings{"LineText:FROM --platform=$BUILDPLATFORM golang:1.22 AS build", "Newline:\n"});
  CHECK(ins.keyword == Keyword::From);
  CHECK(ins.keyword_text == "FROM");
  CHECK(text(doc, ins.keyword_span) == "FROM");
  CHECK(flag_texts(ins) == Strings{"--platform=$BUILDPLATFORM"});
  CHECK(ins.arguments == Strings{"golang:1.22", "AS", "build"});
  CHECK(ins.arguments_text() == "golang:1.22 AS build");
  CHECK(ins.form == ArgumentForm::None);
  CHECK(doc.errors.empty());
}

TEST_CASE("RUN, CMD, ENTRYPOINT and SHELL in shell and exec form", "[syntax]") {
  Document doc = parse(
      "FROM a\n"
      "RUN apt-get update && apt-get install -y curl\n"
      "CMD echo hi\n"
      "CMD [\"echo\", \"hi\"]\n"
      "ENTRYPOINT [\"/bin/app\", \"--flag\"]\n"
      "ENTRYPOINT exec app\n"
      "SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\n");
  REQUIRE(instruction_count(doc) == 7);
  const Instruction& run = instruction(doc, 1);
  CHECK(run.keyword == Keyword::Run);
  CHECK(run.form == ArgumentForm::Shell);
  CHECK(run.arguments == Strings{"apt-get update && apt-get install -y curl"});
  CHECK(instruction(doc, 2).keyword == Keyword::Cmd);
  CHECK(instruction(doc, 2).form == ArgumentForm::Shell);
  CHECK(instruction(doc, 2).arguments == Strings{"echo hi"});
  CHECK(instruction(doc, 3).form == ArgumentForm::Exec);
  CHECK(instruction(doc, 3).arguments == Strings{"echo", "hi"});
  CHECK(instruction(doc, 4).keyword == Keyword::Entrypoint);
  CHECK(instruction(doc, 4).form == ArgumentForm::Exec);
  CHECK(instruction(doc, 4).arguments == Strings{"/bin/app", "--flag"});
  CHECK(instruction(doc, 5).form == ArgumentForm::Shell);
  CHECK(instruction(doc, 5).arguments == Strings{"exec app"});
  CHECK(instruction(doc, 6).keyword == Keyword::Shell);
  CHECK(instruction(doc, 6).form == ArgumentForm::Exec);
  CHECK(instruction(doc, 6).arguments == Strings{"/bin/bash", "-o", "pipefail", "-c"});
  CHECK(doc.errors.empty());
}

TEST_CASE("LABEL and ENV in both forms", "[syntax]") {
  Document doc = parse(
      "FROM a\n"
      "LABEL a=1 \"b c\"=\"d e\" f='g'\n"
      "LABEL legacy some  value\n"
      "ENV A=1 B=\"two words\" C=\n"
      "ENV LEGACY value with spaces\n"
      "ENV ESC=a\\ b\n");
  REQUIRE(instruction_count(doc) == 6);
  const Instruction& label = instruction(doc, 1);
  CHECK(label.keyword == Keyword::Label);
  CHECK(label.arguments == Strings{"a", "1", "=", "\"b c\"", "\"d e\"", "=", "f", "'g'", "="});
  CHECK(instruction(doc, 2).arguments == Strings{"legacy", "some  value", ""});
  const Instruction& env = instruction(doc, 3);
  CHECK(env.keyword == Keyword::Env);
  CHECK(env.arguments == Strings{"A", "1", "=", "B", "\"two words\"", "=", "C", "", "="});
  CHECK(instruction(doc, 4).arguments == Strings{"LEGACY", "value with spaces", ""});
  CHECK(instruction(doc, 5).arguments == Strings{"ESC", "a\\ b", "="});
  CHECK(doc.errors.empty());

  SECTION("ENV without a value is an error") {
    Document d = parse("FROM a\nENV PATH\n");
    REQUIRE(error_messages(d) == Strings{"ENV must have two arguments"});
    CHECK(at(d, d.errors[0].offset) == "2:1");
  }
  SECTION("mixing the forms is an error") {
    Document d = parse("FROM a\nLABEL a=b c\n");
    CHECK(error_messages(d) ==
          Strings{"Syntax error - can't find = in \"c\". Must be of the form: name=value"});
  }
}

TEST_CASE("MAINTAINER, EXPOSE, USER, WORKDIR and STOPSIGNAL", "[syntax]") {
  Document doc = parse(
      "FROM a\n"
      "MAINTAINER Jane Doe <jane@example.com>\n"
      "EXPOSE 80/tcp   443\n"
      "USER app:app\n"
      "WORKDIR /srv/my app\n"
      "STOPSIGNAL SIGTERM\n");
  REQUIRE(instruction_count(doc) == 6);
  CHECK(instruction(doc, 1).keyword == Keyword::Maintainer);
  CHECK(instruction(doc, 1).arguments == Strings{"Jane Doe <jane@example.com>"});
  CHECK(instruction(doc, 2).keyword == Keyword::Expose);
  CHECK(instruction(doc, 2).arguments == Strings{"80/tcp", "443"});
  CHECK(instruction(doc, 3).keyword == Keyword::User);
  CHECK(instruction(doc, 3).arguments == Strings{"app:app"});
  CHECK(instruction(doc, 4).keyword == Keyword::Workdir);
  CHECK(instruction(doc, 4).arguments == Strings{"/srv/my app"});
  CHECK(instruction(doc, 5).keyword == Keyword::Stopsignal);
  CHECK(instruction(doc, 5).arguments == Strings{"SIGTERM"});
  for (std::size_t i = 1; i < 6; ++i) CHECK(instruction(doc, i).form == ArgumentForm::None);
  CHECK(doc.errors.empty());
}

TEST_CASE("ADD, COPY and VOLUME in list and JSON form", "[syntax]") {
  Document doc = parse(
      "FROM a\n"
      "ADD --chown=1:1 --checksum=sha256:abc https://x/y.tgz /opt/\n"
      "COPY --from=build --chmod=755 /src /dst\n"
      "COPY [\"a b\", \"c\"]\n"
      "VOLUME /a /b\n"
      "VOLUME [\"/c\"]\n");
  REQUIRE(instruction_count(doc) == 6);
  const Instruction& add = instruction(doc, 1);
  CHECK(add.keyword == Keyword::Add);
  CHECK(flag_texts(add) == Strings{"--chown=1:1", "--checksum=sha256:abc"});
  CHECK(add.arguments == Strings{"https://x/y.tgz", "/opt/"});
  CHECK(add.form == ArgumentForm::Shell);
  const Instruction& copy = instruction(doc, 2);
  CHECK(copy.keyword == Keyword::Copy);
  CHECK(flag_texts(copy) == Strings{"--from=build", "--chmod=755"});
  CHECK(copy.arguments == Strings{"/src", "/dst"});
  CHECK(instruction(doc, 3).form == ArgumentForm::Exec);
  CHECK(instruction(doc, 3).arguments == Strings{"a b", "c"});
  CHECK(instruction(doc, 4).keyword == Keyword::Volume);
  CHECK(instruction(doc, 4).form == ArgumentForm::Shell);
  CHECK(instruction(doc, 4).arguments == Strings{"/a", "/b"});
  CHECK(instruction(doc, 5).form == ArgumentForm::Exec);
  CHECK(instruction(doc, 5).arguments == Strings{"/c"});
  CHECK(doc.errors.empty());
}

TEST_CASE("ARG with and without a value", "[syntax]") {
  Document doc = parse("ARG BASE\nARG V=1 W=\"x y\"\nFROM $BASE\n");
  REQUIRE(instruction_count(doc) == 3);
  CHECK(instruction(doc, 0).keyword == Keyword::Arg);
  CHECK(instruction(doc, 0).arguments == Strings{"BASE"});
  CHECK(instruction(doc, 1).arguments == Strings{"V=1", "W=\"x y\""});
  CHECK(instruction(doc, 2).arguments == Strings{"$BASE"});
  CHECK(doc.errors.empty());
}

TEST_CASE("ONBUILD wraps a trigger instruction", "[syntax]") {
  Document doc = parse("FROM a\nONBUILD RUN echo trig\nONBUILD ADD . /app/src\n");
  REQUIRE(instruction_count(doc) == 3);
  const Instruction& run = instruction(doc, 1);
  CHECK(run.keyword == Keyword::Onbuild);
  CHECK(text(doc, run.keyword_span) == "ONBUILD");
  CHECK(run.arguments_text() == "RUN echo trig");
  REQUIRE(run.trigger);
  CHECK(run.trigger->keyword == Keyword::Run);
  CHECK(run.trigger->keyword_text == "RUN");
  CHECK(text(doc, run.trigger->keyword_span) == "RUN");
  CHECK(run.trigger->keyword_span == Span{15, 18});
  CHECK(run.trigger->form == ArgumentForm::Shell);
  CHECK(run.trigger->arguments == Strings{"echo trig"});

  const Instruction& add = instruction(doc, 2);
  REQUIRE(add.trigger);
  CHECK(add.trigger->keyword == Keyword::Add);
  CHECK(text(doc, add.trigger->keyword_span) == "ADD");
  CHECK(add.trigger->arguments == Strings{".", "/app/src"});
  CHECK(buildkit_dump(doc) == "(from \"a\")\n(onbuild (run \"echo trig\"))\n(onbuild (add \".\" \"/app/src\"))\n");
  CHECK(doc.errors.empty());

  SECTION("a trigger on a continuation line, with flags") {
    Document d = parse("FROM a\nONBUILD \\\n   copy   --from=x a b\n");
    const Instruction& ins = instruction(d, 1);
    REQUIRE(ins.trigger);
    CHECK(ins.trigger->keyword == Keyword::Copy);
    CHECK(ins.trigger->keyword_text == "copy");
    CHECK(text(d, ins.trigger->keyword_span) == "copy");
    REQUIRE(ins.trigger->flags.size() == 1);
    CHECK(text(d, ins.trigger->flags[0].source) == "--from=x");
    CHECK(ins.trigger->arguments == Strings{"a", "b"});
  }
  SECTION("invalid triggers are rejected by the instruction checks, not the parser") {
    Document d = parse("FROM a\nONBUILD ONBUILD RUN x\nONBUILD\nONBUILD FROM x\nONBUILD MAINTAINER me\n");
    CHECK(d.errors.empty());
    REQUIRE(instruction(d, 1).trigger);
    CHECK(instruction(d, 1).trigger->keyword == Keyword::Onbuild);
    CHECK_FALSE(instruction(d, 1).trigger->trigger);  // one level: deeper ones are an error anyway
    CHECK_FALSE(instruction(d, 2).trigger);
    CHECK(check_messages(d) == Strings{"Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed",
                                       "ONBUILD requires at least one argument",
                                       "FROM isn't allowed as an ONBUILD trigger",
                                       "MAINTAINER isn't allowed as an ONBUILD trigger"});
    auto checks = check_instructions(d);
    REQUIRE(checks.size() == 4);
    CHECK(at(d, checks[1].offset) == "3:1");
  }
}

TEST_CASE("HEALTHCHECK CMD, NONE and flags", "[syntax]") {
  Document doc = parse(
      "FROM a\n"
      "HEALTHCHECK CMD curl -f http://localhost/\n"
      "HEALTHCHECK NONE\n"
      "HEALTHCHECK --interval=5s --timeout=3s CMD [\"curl\", \"-f\", \"x\"]\n"
      "HEALTHCHECK\n");
  REQUIRE(instruction_count(doc) == 5);
  const Instruction& cmd = instruction(doc, 1);
  CHECK(cmd.keyword == Keyword::Healthcheck);
  CHECK(cmd.arguments == Strings{"CMD", "curl -f http://localhost/"});
  CHECK(cmd.form == ArgumentForm::Shell);
  CHECK(instruction(doc, 2).arguments == Strings{"NONE"});
  CHECK(instruction(doc, 2).form == ArgumentForm::None);
  const Instruction& flagged = instruction(doc, 3);
  CHECK(flag_texts(flagged) == Strings{"--interval=5s", "--timeout=3s"});
  CHECK(flagged.arguments == Strings{"CMD", "curl", "-f", "x"});
  CHECK(flagged.form == ArgumentForm::Exec);
  CHECK(instruction(doc, 4).arguments.empty());
  CHECK(doc.errors.empty());
}

TEST_CASE("keywords are case-insensitive", "[syntax]") {
  Document doc = parse("from a\nrun echo 1\nRun echo 2\nrUn [\"echo\", \"3\"]\n");
  REQUIRE(instruction_count(doc) == 4);
  CHECK(instruction(doc, 0).keyword == Keyword::From);
  CHECK(instruction(doc, 1).keyword == Keyword::Run);
  CHECK(instruction(doc, 1).keyword_text == "run");
  CHECK(instruction(doc, 2).keyword == Keyword::Run);
  CHECK(instruction(doc, 2).keyword_text == "Run");
  CHECK(text(doc, instruction(doc, 2).keyword_span) == "Run");
  CHECK(instruction(doc, 3).form == ArgumentForm::Exec);
  CHECK(buildkit_dump(doc) ==
        "(from \"a\")\n(run \"echo 1\")\n(run \"echo 2\")\n(run \"echo\" \"3\")\n");
  CHECK(doc.errors.empty());
}

TEST_CASE("leading whitespace before an instruction is allowed", "[syntax]") {
  Document doc = parse("FROM a\n  \t RUN   echo hi  \n");
  const Node& node = instruction_node(doc, 1);
  const Instruction& ins = *node.instruction;
  CHECK(node.span == Span{7, 27});
  CHECK(tokens(doc, node) == Strings{"LineText:  \t RUN   echo hi  ", "Newline:\n"});
  CHECK(ins.keyword == Keyword::Run);
  CHECK(ins.keyword_span == Span{11, 14});
  CHECK(ins.line.text() == "RUN   echo hi  ");
  CHECK(ins.arguments_text() == "echo hi");
  CHECK(ins.arguments == Strings{"echo hi"});
}

// ---- flags -----------------------------------------------------------------------------------

TEST_CASE("builder flags: text, name, value and source span", "[syntax]") {
  Document doc = parse(
      "FROM a\n"
      "RUN --mount=type=cache,target=/x --network=none make\n"
      "COPY --from=build --chown=app:app --link /src /dst\n");
  const Instruction& run = instruction(doc, 1);
  REQUIRE(run.flags.size() == 2);
  const Flag& mount = run.flags[0];
  CHECK(mount.text == "--mount=type=cache,target=/x");
  CHECK(mount.name() == "mount");
  REQUIRE(mount.value());
  CHECK(*mount.value() == "type=cache,target=/x");
  CHECK(text(doc, mount.source) == "--mount=type=cache,target=/x");
  CHECK(mount.logical == Span{4, 32});
  CHECK(run.line.text().substr(mount.logical.begin, mount.logical.size()) == mount.text);
  CHECK(run.flags[1].name() == "network");
  CHECK(run.has_flag("mount"));
  CHECK(run.has_flag("network"));
  CHECK_FALSE(run.has_flag("security"));
  CHECK(run.flag("network") == &run.flags[1]);
  CHECK(run.arguments == Strings{"make"});

  const Instruction& copy = instruction(doc, 2);
  CHECK(flag_texts(copy) == Strings{"--from=build", "--chown=app:app", "--link"});
  REQUIRE(copy.flag("from"));
  CHECK(*copy.flag("from")->value() == "build");
  CHECK(*copy.flag("chown")->value() == "app:app");
  REQUIRE(copy.flag("link"));
  CHECK(copy.flag("link")->name() == "link");
  CHECK_FALSE(copy.flag("link")->value());
  CHECK(copy.arguments == Strings{"/src", "/dst"});
}

TEST_CASE("a flag continued across lines maps to both lines", "[syntax]") {
  Document doc = parse(
      "FROM a\n"
      "RUN --mount=type=bind,\\\n"
      "source=/a,target=/b \\\n"
      "    --network=none \\\n"
      "    true\n");
  const Instruction& run = instruction(doc, 1);
  REQUIRE(run.flags.size() == 2);
  CHECK(run.flags[0].text == "--mount=type=bind,source=/a,target=/b");
  CHECK(text(doc, run.flags[0].source) == "--mount=type=bind,\\\nsource=/a,target=/b");
  CHECK(text(doc, run.flags[1].source) == "--network=none");
  CHECK(run.arguments == Strings{"true"});
}

TEST_CASE("quoted flag values and the -- terminator", "[syntax]") {
  Document doc = parse(
      "FROM a\n"
      "RUN --mount=\"type=secret,id=a b\" cat /run/secrets/a\n"
      "COPY --doit=true -- foo /tmp/\n"
      "COPY -- --not-a-flag /tmp/\n"
      "CMD --doit -- [ ]\n");
  const Instruction& run = instruction(doc, 1);
  REQUIRE(run.flags.size() == 1);
  CHECK(run.flags[0].text == "--mount=type=secret,id=a b");
  CHECK(text(doc, run.flags[0].source) == "--mount=\"type=secret,id=a b\"");
  CHECK(run.arguments == Strings{"cat /run/secrets/a"});
  CHECK(flag_texts(instruction(doc, 2)) == Strings{"--doit=true"});
  CHECK(instruction(doc, 2).arguments == Strings{"foo", "/tmp/"});
  CHECK(instruction(doc, 3).flags.empty());
  CHECK(instruction(doc, 3).arguments == Strings{"--not-a-flag", "/tmp/"});
  CHECK(flag_texts(instruction(doc, 4)) == Strings{"--doit"});
  CHECK(instruction(doc, 4).form == ArgumentForm::Exec);
  CHECK(instruction(doc, 4).arguments.empty());
}

// ---- exec vs shell form ----------------------------------------------------------------------

TEST_CASE("exec form only for a JSON array of strings", "[syntax]") {
  SECTION("single quotes are shell form") {
    Document doc = parse("RUN ['echo', 'hi']\n");
    CHECK(instruction(doc, 0).form == ArgumentForm::Shell);
    CHECK(instruction(doc, 0).arguments == Strings{"['echo', 'hi']"});
    CHECK(doc.errors.empty());
  }
  SECTION("an unterminated bracket is shell form") {
    Document doc = parse("CMD [\"echo\", \"hi\"\n");
    CHECK(instruction(doc, 0).form == ArgumentForm::Shell);
    CHECK(instruction(doc, 0).arguments == Strings{"[\"echo\", \"hi\""});
    CHECK(doc.errors.empty());
  }
  SECTION("an array of numbers is an error") {
    Document doc = parse("FROM a\nCMD [1,2]\n");
    REQUIRE(doc.errors.size() == 1);
    CHECK(doc.errors[0].message ==
          "when using JSON array syntax, arrays must be comprised of strings only");
    CHECK(at(doc, doc.errors[0].offset) == "2:1");
    CHECK(instruction(doc, 1).arguments.empty());
  }
  SECTION("a nested array is an error") {
    Document doc = parse("CMD [ \"echo\", [ \"nested json\" ] ]\n");
    CHECK(error_messages(doc) ==
          Strings{"when using JSON array syntax, arrays must be comprised of strings only"});
  }
  SECTION("COPY with a non-string element is an error too") {
    Document doc = parse("COPY [\"a\", null]\n");
    CHECK(doc.errors.size() == 1);
  }
  SECTION("an empty array is exec form without arguments") {
    Document doc = parse("CMD []\n");
    CHECK(instruction(doc, 0).form == ArgumentForm::Exec);
    CHECK(instruction(doc, 0).arguments.empty());
  }
  SECTION("text after the array is ignored, like Go's json.Decoder does") {
    Document doc = parse("RUN [ \"a\" ] trailing\n");
    CHECK(instruction(doc, 0).form == ArgumentForm::Exec);
    CHECK(instruction(doc, 0).arguments == Strings{"a"});
  }
  SECTION("JSON escapes are decoded") {
    Document doc = parse(
        "CMD [\"caf\\u00e9\", \"\\ud83d\\ude00\", \"a\\/b\\n\\t\\\"q\\\"\\\\\", \"\\ud800x\"]\n");
    const Instruction& cmd = instruction(doc, 0);
    CHECK(cmd.form == ArgumentForm::Exec);
    CHECK(cmd.arguments ==
          Strings{"caf\xC3\xA9", "\xF0\x9F\x98\x80", "a/b\n\t\"q\"\\", "\xEF\xBF\xBDx"});
  }
  SECTION("an exec form spread over continuation lines") {
    Document doc = parse("ENTRYPOINT [\"a\", \\\n  \"b\"]\n");
    CHECK(instruction(doc, 0).form == ArgumentForm::Exec);
    CHECK(instruction(doc, 0).arguments == Strings{"a", "b"});
  }
}

// ---- heredocs --------------------------------------------------------------------------------

TEST_CASE("a heredoc body and terminator belong to the instruction", "[syntax]") {
  const std::string src = "FROM a\nRUN <<EOF\necho hi\n# not a comment\nEOF\nRUN next\n";
  Document doc = parse(src);
  REQUIRE(instruction_count(doc) == 3);
  const Node& node = instruction_node(doc, 1);
  CHECK(text(doc, node.span) == "RUN <<EOF\necho hi\n# not a comment\nEOF\n");
  CHECK(tokens(doc, node) == Strings{"LineText:RUN <<EOF", "Newline:\n",
                                     "HeredocBody:echo hi\n# not a comment\n", "HeredocEnd:EOF",
                                     "Newline:\n"});
  const Instruction& ins = *node.instruction;
  CHECK(ins.arguments == Strings{"<<EOF"});
  REQUIRE(ins.heredocs.size() == 1);
  const Heredoc& h = ins.heredocs[0];
  CHECK(h.name == "EOF");
  CHECK(h.expand);
  CHECK_FALSE(h.strip_tabs);
  CHECK(h.fd == 0);
  CHECK(text(doc, h.marker) == "<<EOF");
  CHECK(text(doc, h.body) == "echo hi\n# not a comment\n");
  CHECK(text(doc, h.terminator) == "EOF");
  CHECK(h.terminated);
  CHECK(instruction(doc, 2).arguments == Strings{"next"});
  CHECK(doc.errors.empty());
}

TEST_CASE("<<- strips tabs before the terminator", "[syntax]") {
  Document doc = parse("FROM a\nRUN <<-EOF\n\techo tab\n\t\tEOF\n");
  const Instruction& ins = instruction(doc, 1);
  REQUIRE(ins.heredocs.size() == 1);
  CHECK(ins.heredocs[0].strip_tabs);
  CHECK(ins.heredocs[0].name == "EOF");
  CHECK(text(doc, ins.heredocs[0].body) == "\techo tab\n");
  CHECK(text(doc, ins.heredocs[0].terminator) == "\t\tEOF");

  SECTION("without the dash an indented terminator is body") {
    Document d = parse("FROM a\nRUN <<EOF\n\tEOF\nEOF\n");
    REQUIRE(instruction(d, 1).heredocs.size() == 1);
    CHECK(text(d, instruction(d, 1).heredocs[0].body) == "\tEOF\n");
  }
}

TEST_CASE("a quoted heredoc delimiter disables expansion", "[syntax]") {
  Document doc = parse(
      "FROM a\n"
      "RUN cat <<\"EOF\" <<'Q'\n$x\nEOF\n$y\nQ\n"
      "RUN cat <<E\"O\"F\nbody\nEOF\n"
      "RUN <<-\"T\"\n\tbody\n\tT\n"
      "RUN cat <<\\B\nbody\nB\n");
  const Instruction& two = instruction(doc, 1);
  REQUIRE(two.heredocs.size() == 2);
  CHECK(two.heredocs[0].name == "EOF");
  CHECK_FALSE(two.heredocs[0].expand);
  CHECK(text(doc, two.heredocs[0].marker) == "<<\"EOF\"");
  CHECK(text(doc, two.heredocs[0].body) == "$x\n");
  CHECK(two.heredocs[1].name == "Q");
  CHECK_FALSE(two.heredocs[1].expand);
  CHECK(text(doc, two.heredocs[1].marker) == "<<'Q'");
  CHECK(text(doc, two.heredocs[1].body) == "$y\n");

  const Instruction& partial = instruction(doc, 2);
  REQUIRE(partial.heredocs.size() == 1);
  CHECK(partial.heredocs[0].name == "EOF");
  CHECK_FALSE(partial.heredocs[0].expand);

  const Instruction& dash = instruction(doc, 3);
  REQUIRE(dash.heredocs.size() == 1);
  CHECK(dash.heredocs[0].name == "T");
  CHECK(dash.heredocs[0].strip_tabs);
  CHECK_FALSE(dash.heredocs[0].expand);

  // BuildKit counts only quote characters: a backslash-escaped delimiter still expands.
  const Instruction& escaped = instruction(doc, 4);
  REQUIRE(escaped.heredocs.size() == 1);
  CHECK(escaped.heredocs[0].name == "B");
  CHECK(escaped.heredocs[0].expand);
  CHECK(doc.errors.empty());
}

TEST_CASE("a heredoc with a file descriptor", "[syntax]") {
  Document doc = parse("FROM a\nRUN 3<<EOF cat /dev/fd/3\nz\nEOF\nRUN 10<<X\nX\n");
  const Instruction& ins = instruction(doc, 1);
  REQUIRE(ins.heredocs.size() == 1);
  CHECK(ins.heredocs[0].fd == 3);
  CHECK(ins.heredocs[0].name == "EOF");
  CHECK(text(doc, ins.heredocs[0].marker) == "3<<EOF");
  CHECK(text(doc, ins.heredocs[0].body) == "z\n");
  REQUIRE(instruction(doc, 2).heredocs.size() == 1);
  CHECK(instruction(doc, 2).heredocs[0].fd == 10);
}

TEST_CASE("two heredocs on one line are read in order", "[syntax]") {
  Document doc = parse("FROM a\nCOPY <<A a <<B b /dst/\naa\nA\nbb\nB\n");
  const Node& node = instruction_node(doc, 1);
  CHECK(tokens(doc, node) == Strings{"LineText:COPY <<A a <<B b /dst/", "Newline:\n",
                                     "HeredocBody:aa\n", "HeredocEnd:A", "Newline:\n",
                                     "HeredocBody:bb\n", "HeredocEnd:B", "Newline:\n"});
  const Instruction& ins = *node.instruction;
  CHECK(ins.arguments == Strings{"<<A", "a", "<<B", "b", "/dst/"});
  REQUIRE(ins.heredocs.size() == 2);
  CHECK(ins.heredocs[0].name == "A");
  CHECK(text(doc, ins.heredocs[0].body) == "aa\n");
  CHECK(ins.heredocs[1].name == "B");
  CHECK(text(doc, ins.heredocs[1].body) == "bb\n");
  CHECK(text(doc, ins.heredocs[1].terminator) == "B");
}

TEST_CASE("a heredoc marker on a continuation line", "[syntax]") {
  const std::string src = "FROM a\nRUN echo start \\\n  # note\n  && cat <<EOF\nbody\nEOF\n";
  Document doc = parse(src);
  const Node& node = instruction_node(doc, 1);
  CHECK(tokens(doc, node) ==
        Strings{"LineText:RUN echo start ", "Continuation:\\", "Newline:\n", "CommentLine:  # note",
                "Newline:\n", "LineText:  && cat <<EOF", "Newline:\n", "HeredocBody:body\n",
                "HeredocEnd:EOF", "Newline:\n"});
  REQUIRE(node.instruction->heredocs.size() == 1);
  CHECK(text(doc, node.instruction->heredocs[0].marker) == "<<EOF");
  CHECK(node.instruction->heredocs[0].marker.begin == src.find("<<EOF"));
  CHECK(text(doc, node.instruction->heredocs[0].body) == "body\n");
}

TEST_CASE("a heredoc terminator on the last line without newline", "[syntax]") {
  Document doc = parse("FROM a\nRUN <<EOF\nlast\nEOF");
  const Node& node = instruction_node(doc, 1);
  CHECK(tokens(doc, node) ==
        Strings{"LineText:RUN <<EOF", "Newline:\n", "HeredocBody:last\n", "HeredocEnd:EOF"});
  REQUIRE(node.instruction->heredocs.size() == 1);
  CHECK(node.instruction->heredocs[0].terminated);
  CHECK(text(doc, node.instruction->heredocs[0].terminator) == "EOF");
  CHECK(doc.errors.empty());
}

TEST_CASE("an unterminated heredoc is an error and runs to end of file", "[syntax]") {
  Document doc = parse("FROM a\nRUN <<EOF\nbody\nEOF \n");
  const Node& node = instruction_node(doc, 1);
  CHECK(tokens(doc, node) ==
        Strings{"LineText:RUN <<EOF", "Newline:\n", "HeredocBody:body\nEOF \n"});
  REQUIRE(node.instruction->heredocs.size() == 1);
  const Heredoc& h = node.instruction->heredocs[0];
  CHECK_FALSE(h.terminated);
  CHECK(text(doc, h.body) == "body\nEOF \n");
  CHECK(h.terminator.empty());
  CHECK(h.terminator.begin == doc.source().size());
  REQUIRE(error_messages(doc) == Strings{"unterminated heredoc"});
  CHECK(at(doc, doc.errors[0].offset) == "2:1");
}

TEST_CASE("an empty heredoc body", "[syntax]") {
  Document doc = parse("FROM a\nRUN <<EOF\nEOF\n");
  const Node& node = instruction_node(doc, 1);
  CHECK(tokens(doc, node) == Strings{"LineText:RUN <<EOF", "Newline:\n", "HeredocEnd:EOF", "Newline:\n"});
  REQUIRE(node.instruction->heredocs.size() == 1);
  CHECK(node.instruction->heredocs[0].body.empty());
  CHECK(node.instruction->heredocs[0].body.begin == 17);
}

TEST_CASE("heredocs are not recognised in exec form, quotes or other instructions", "[syntax]") {
  SECTION("exec form RUN") {
    Document doc = parse("FROM a\nRUN [\"cat\",\"<<EOF\"]\nRUN echo\n");
    REQUIRE(instruction_count(doc) == 3);
    CHECK(instruction(doc, 1).form == ArgumentForm::Exec);
    CHECK(instruction(doc, 1).arguments == Strings{"cat", "<<EOF"});
    CHECK(instruction(doc, 1).heredocs.empty());
    CHECK(instruction(doc, 2).keyword == Keyword::Run);
  }
  SECTION("a quoted marker") {
    Document doc = parse("FROM a\nRUN echo \"<<EOF\" '<<X'\nRUN echo\n");
    CHECK(instruction(doc, 1).heredocs.empty());
    CHECK(instruction_count(doc) == 3);
  }
  SECTION("CMD does not take heredocs") {
    Document doc = parse("FROM a\nCMD <<EOF\nEOF\n");
    REQUIRE(instruction_count(doc) == 3);
    CHECK(instruction(doc, 1).heredocs.empty());
    CHECK(doc.errors.empty());
    CHECK(instruction(doc, 2).keyword == Keyword::Unknown);
    CHECK(check_messages(doc) == Strings{"unknown instruction: EOF"});
  }
}

TEST_CASE("ONBUILD RUN with a heredoc", "[syntax]") {
  Document doc = parse("FROM a\nONBUILD RUN <<EOF\necho on build\nEOF\nRUN after\n");
  REQUIRE(instruction_count(doc) == 3);
  const Node& node = instruction_node(doc, 1);
  CHECK(tokens(doc, node) == Strings{"LineText:ONBUILD RUN <<EOF", "Newline:\n",
                                     "HeredocBody:echo on build\n", "HeredocEnd:EOF", "Newline:\n"});
  const Instruction& ins = *node.instruction;
  REQUIRE(ins.trigger);
  CHECK(ins.trigger->keyword == Keyword::Run);
  CHECK(ins.trigger->arguments == Strings{"<<EOF"});
  REQUIRE(ins.heredocs.size() == 1);
  CHECK(ins.heredocs[0].name == "EOF");
  CHECK(text(doc, ins.heredocs[0].body) == "echo on build\n");
  CHECK(instruction(doc, 2).arguments == Strings{"after"});
  CHECK(doc.errors.empty());
}

TEST_CASE("heredoc lines with CRLF endings", "[syntax]") {
  Document doc = parse("FROM a\r\nRUN <<EOF\r\nline\r\nEOF\r\nRUN b\r\n");
  const Node& node = instruction_node(doc, 1);
  CHECK(tokens(doc, node) == Strings{"LineText:RUN <<EOF", "Newline:\r\n", "HeredocBody:line\r\n",
                                     "HeredocEnd:EOF", "Newline:\r\n"});
  CHECK(instruction_count(doc) == 3);
}

TEST_CASE("an unterminated quote on the line hides heredocs from BuildKit",
          "[syntax]") {
  // BuildKit's heredocsFromLine ignores the shell lexer's error: "it's" leaves a single quote
  // open, ProcessWords returns no words, so no heredoc is read and "hello" becomes an
  // (unknown) instruction.
  Document doc = parse("FROM a\nRUN cat <<EOF it's\nhello\nEOF\n");
  CHECK(instruction(doc, 1).heredocs.empty());
  CHECK(instruction_count(doc) == 4);
  CHECK(check_messages(doc) ==
        Strings{"unknown instruction: HELLO", "unknown instruction: EOF"});
}

// ---- errors ----------------------------------------------------------------------------------

TEST_CASE("an unknown instruction is an error with its position", "[syntax]") {
  // BuildKit's parser keeps it (without arguments); the instruction checks reject it.
  Document doc = parse("FROM a\nFOO bar --x\n");
  REQUIRE(instruction_count(doc) == 2);
  CHECK(instruction(doc, 1).keyword == Keyword::Unknown);
  CHECK(instruction(doc, 1).keyword_text == "FOO");
  CHECK(text(doc, instruction(doc, 1).keyword_span) == "FOO");
  CHECK(instruction(doc, 1).arguments.empty());
  CHECK(instruction(doc, 1).form == ArgumentForm::None);
  CHECK(doc.errors.empty());
  CHECK(buildkit_dump(doc) == "(from \"a\")\n(foo)\n");
  auto checks = check_instructions(doc);
  REQUIRE(checks.size() == 1);
  CHECK(checks[0].message == "unknown instruction: FOO");
  CHECK(at(doc, checks[0].offset) == "2:1");

  SECTION("indented and lower case") {
    Document d = parse("FROM a\n\n   foo bar\n");
    auto c = check_instructions(d);
    REQUIRE(c.size() == 1);
    CHECK(c[0].message == "unknown instruction: FOO");
    CHECK(at(d, c[0].offset) == "3:4");
  }
}

TEST_CASE("a file with no instructions is an error", "[syntax]") {
  SECTION("empty file") {
    Document doc = parse("");
    CHECK(doc.nodes.empty());
    REQUIRE(error_messages(doc) == Strings{"file with no instructions"});
    CHECK(at(doc, doc.errors[0].offset) == "1:1");
  }
  SECTION("only comments and blank lines") {
    Document doc = parse("# only\n\n   # comments\n");
    CHECK(node_kinds(doc) == Strings{"Comment", "BlankLine", "Comment"});
    REQUIRE(error_messages(doc) == Strings{"file with no instructions"});
    CHECK(at(doc, doc.errors[0].offset) == "4:1");
  }
  SECTION("only directives") {
    Document doc = parse("# syntax=docker/dockerfile:1\n");
    CHECK(node_kinds(doc) == Strings{"Directive"});
    CHECK(error_messages(doc) == Strings{"file with no instructions"});
  }
  SECTION("only blank lines") {
    Document doc = parse("\n \t\n\r\n");
    CHECK(node_kinds(doc) == Strings{"BlankLine", "BlankLine", "BlankLine"});
    CHECK(error_messages(doc) == Strings{"file with no instructions"});
  }
}

// ---- line endings and raw bytes ----------------------------------------------------------------

TEST_CASE("CRLF line endings", "[syntax]") {
  Document doc = parse("# escape=`\r\nFROM a\r\nRUN b `\r\n  c\r\n\r\n# done\r\n");
  CHECK(node_kinds(doc) == Strings{"Directive", "Instruction", "Instruction", "BlankLine", "Comment"});
  CHECK(doc.nodes[0].directive->value == "`");
  CHECK(tokens(doc, instruction_node(doc, 1)) ==
        Strings{"LineText:RUN b ", "Continuation:`", "Newline:\r\n", "LineText:  c", "Newline:\r\n"});
  CHECK(instruction(doc, 1).arguments == Strings{"b   c"});
  for (const Node* node : doc.instructions())
    for (const Token& token : node->tokens)
      if (token.kind == TokenKind::Newline) CHECK(doc.text(token.span) == "\r\n");
  CHECK(text(doc, doc.nodes[4].span) == "# done\r\n");
}

TEST_CASE("mixed line endings, lone CR and no final newline", "[syntax]") {
  SECTION("mixed") {
    Document doc = parse("FROM a\nRUN b\r\nRUN c\r\r\nRUN d\re\n");
    REQUIRE(instruction_count(doc) == 4);
    CHECK(tokens(doc, instruction_node(doc, 1)) == Strings{"LineText:RUN b", "Newline:\r\n"});
    CHECK(tokens(doc, instruction_node(doc, 2)) == Strings{"LineText:RUN c", "Newline:\r\r\n"});
    CHECK(instruction(doc, 2).arguments == Strings{"c"});
    // A carriage return inside a line is just a byte of the line.
    CHECK(tokens(doc, instruction_node(doc, 3)) == Strings{"LineText:RUN d\re", "Newline:\n"});
    CHECK(instruction(doc, 3).arguments == Strings{"d\re"});
  }
  SECTION("a lone CR at end of file") {
    Document doc = parse("FROM a\r");
    CHECK(tokens(doc, instruction_node(doc, 0)) == Strings{"LineText:FROM a", "Newline:\r"});
    CHECK(instruction(doc, 0).arguments == Strings{"a"});
  }
  SECTION("no final newline") {
    Document doc = parse("FROM a\nCMD [\"x\"]");
    CHECK(tokens(doc, instruction_node(doc, 1)) == Strings{"LineText:CMD [\"x\"]"});
    CHECK(instruction(doc, 1).arguments == Strings{"x"});
    CHECK(instruction_node(doc, 1).span == Span{7, 16});
  }
  SECTION("comment without final newline") {
    Document doc = parse("FROM a\n# end");
    CHECK(node_kinds(doc) == Strings{"Instruction", "Comment"});
    CHECK(text(doc, doc.nodes[1].span) == "# end");
  }
}

TEST_CASE("tabs separate words like spaces", "[syntax]") {
  Document doc = parse("FROM\talpine\n\tRUN\techo\ta\t\nEXPOSE\t80\t443\nENV\tK\tv\tw\n");
  REQUIRE(instruction_count(doc) == 4);
  CHECK(instruction(doc, 0).arguments == Strings{"alpine"});
  CHECK(instruction(doc, 1).keyword == Keyword::Run);
  CHECK(instruction(doc, 1).arguments == Strings{"echo\ta"});
  CHECK(instruction(doc, 2).arguments == Strings{"80", "443"});
  CHECK(instruction(doc, 3).arguments == Strings{"K", "v\tw", ""});
}

TEST_CASE("invalid UTF-8 and NUL bytes are kept byte for byte", "[syntax]") {
  SECTION("invalid UTF-8 in RUN") {
    const std::string src = "FROM a\nRUN echo \xFF\xFE \xC3\x28 caf\xC3\xA9\n";
    Document doc = parse(src);
    CHECK(instruction(doc, 1).arguments == Strings{"echo \xFF\xFE \xC3\x28 caf\xC3\xA9"});
    CHECK(doc.errors.empty());
    CHECK(buildkit_dump(doc) == "(from \"a\")\n(run \"echo \\xff\\xfe \\xc3( caf\xC3\xA9\")\n");
  }
  SECTION("a NUL byte in the middle") {
    const std::string src("FROM a\nRUN x\0y\nCMD z\n", 20);
    Document doc = parse(src);
    REQUIRE(instruction_count(doc) == 3);
    CHECK(instruction(doc, 1).arguments == Strings{std::string("x\0y", 3)});
    CHECK(instruction(doc, 2).arguments == Strings{"z"});
    CHECK(buildkit_dump(doc) == "(from \"a\")\n(run \"x\\x00y\")\n(cmd \"z\")\n");
  }
}

TEST_CASE("leading non-breaking space is whitespace to BuildKit", "[syntax]") {
  // BuildKit trims leading whitespace with unicode.IsSpace, which includes U+00A0 (often pasted
  // from web pages), so this line is a RUN.
  Document doc = parse("FROM a\n\xC2\xA0RUN echo hi\n");
  CHECK(instruction(doc, 1).keyword == Keyword::Run);
  CHECK(instruction(doc, 1).arguments == Strings{"echo hi"});
  CHECK(check_instructions(doc).empty());
}

TEST_CASE("line and column positions", "[syntax]") {
  Document doc = parse("FROM a\r\n\tRUN b\nCMD c");
  CHECK(at(doc, 0) == "1:1");
  CHECK(at(doc, 7) == "1:8");   // the '\n' of the CRLF
  CHECK(at(doc, 8) == "2:1");
  CHECK(at(doc, 9) == "2:2");   // RUN after the tab
  CHECK(at(doc, 15) == "3:1");
  CHECK(at(doc, doc.source().size()) == "3:6");
  CHECK(doc.path() == "Dockerfile");
}

// ---- smaller modules -------------------------------------------------------------------------

TEST_CASE("parse_json_array: statuses, end offset and decoding", "[syntax]") {
  using S = JsonArray::Status;
  auto status = [](std::string_view text) { return parse_json_array(text).status; };

  JsonArray a = parse_json_array("  [\"a\", \"b\"] rest");
  CHECK(a.status == S::Strings);
  CHECK(a.elements == Strings{"a", "b"});
  CHECK(a.end == 12);

  JsonArray empty = parse_json_array("[]");
  CHECK(empty.status == S::Strings);
  CHECK(empty.elements.empty());
  CHECK(empty.end == 2);

  JsonArray spaced = parse_json_array("[ \"a\" ,\n\t\"b\" ]");
  CHECK(spaced.status == S::Strings);
  CHECK(spaced.elements == Strings{"a", "b"});

  CHECK(status("[1,2]") == S::NotAllStrings);
  CHECK(status("[null]") == S::NotAllStrings);
  CHECK(status("[\"a\", [\"b\"]]") == S::NotAllStrings);
  CHECK(status("[\"a\", {\"b\": 1}]") == S::NotAllStrings);
  CHECK(status("[1e5, true, -0.5]") == S::NotAllStrings);
  CHECK(parse_json_array("[1,2]").end == 5);

  CHECK(status("") == S::NotJson);
  CHECK(status("['a']") == S::NotJson);
  CHECK(status("[\"a\"") == S::NotJson);
  CHECK(status("[\"a\",]") == S::NotJson);
  CHECK(status("{}") == S::NotJson);
  CHECK(status("\"a\"") == S::NotJson);
  CHECK(status("[01]") == S::NotJson);
  CHECK(status("[\"a\x01\"]") == S::NotJson);  // raw control character
  CHECK(status("[\"\\q\"]") == S::NotJson);     // unknown escape
  CHECK(status("[\"\\u12\"]") == S::NotJson);   // short \u escape
  CHECK(status("echo [\"a\"]") == S::NotJson);

  JsonArray decoded = parse_json_array(
      "[\"\\u00e9\", \"\\ud83d\\ude00\", \"\\/\\b\\f\\n\\r\\t\\\"\\\\\", \"\\ud800x\", \"\\udc00\","
      " \"\\ud800\\u0041\", \"\xFF\", \"\\u0000\"]");
  REQUIRE(decoded.status == S::Strings);
  CHECK(decoded.elements == Strings{"\xC3\xA9", "\xF0\x9F\x98\x80", "/\b\f\n\r\t\"\\",
                                    "\xEF\xBF\xBDx", "\xEF\xBF\xBD", "\xEF\xBF\xBD" "A",
                                    "\xEF\xBF\xBD", std::string(1, '\0')});
}

TEST_CASE("parse_json_array: nested values of any shape and depth, without recursion",
          "[syntax]") {
  using S = JsonArray::Status;
  auto status = [](std::string_view text) { return parse_json_array(text).status; };
  CHECK(status("[{\"a\": [1, {\"b\": null}], \"c\": {}}, [], [[]], \"x\"]") == S::NotAllStrings);
  CHECK(status("[{\"a\" 1}]") == S::NotJson);
  CHECK(status("[{\"a\": 1,}]") == S::NotJson);
  CHECK(status("[{1: 2}]") == S::NotJson);
  CHECK(status("[[1,]]") == S::NotJson);
  CHECK(status("[[1}]") == S::NotJson);
  CHECK(status("[{\"a\": 1]}") == S::NotJson);
  // Go's encoding/json accepts 10,000 levels (the outer array included) and no more; deeper
  // input is not JSON to BuildKit, which then reads the instruction as shell form.
  auto nested = [](std::size_t depth) {
    return std::string(depth, '[') + std::string(depth, ']');
  };
  CHECK(status(nested(10000)) == S::NotAllStrings);
  CHECK(status(nested(10001)) == S::NotJson);
  CHECK(status(std::string(1000000, '[')) == S::NotJson);
  std::string objects = "[";
  for (int i = 0; i < 9999; ++i) objects += "{\"k\":";
  objects += "1" + std::string(9999, '}') + "]";
  CHECK(status(objects) == S::NotAllStrings);
  CHECK(parse_json_array(objects).end == objects.size());
}

TEST_CASE("json_quote escapes only what JSON needs", "[syntax]") {
  CHECK(json_quote("a\"b\\\n\r\t\x01\xC3\xA9") == "\"a\\\"b\\\\\\n\\r\\t\\u0001\xC3\xA9\"");
  CHECK(parse_json_array("[" + json_quote("x \"y\" \\z\n") + "]").elements == Strings{"x \"y\" \\z\n"});
}

TEST_CASE("split_quoted_words keeps quotes and honours the escape character", "[syntax]") {
  auto words = split_quoted_words("a \"b c\" d\\ e 'f g'", '\\');
  CHECK(word_texts(words) == Strings{"a", "\"b c\"", "d\\ e", "'f g'"});
  REQUIRE(words.size() == 4);
  CHECK(words[1].span == Span{2, 7});
  CHECK(words[2].span == Span{8, 12});
  CHECK(words[3].span == Span{13, 18});

  CHECK(word_texts(split_quoted_words("d\\ e d` e", '`')) == Strings{"d\\", "e", "d` e"});
  CHECK(word_texts(split_quoted_words("k=\"a \\\" b\" x", '\\')) == Strings{"k=\"a \\\" b\"", "x"});
  CHECK(word_texts(split_quoted_words("k=\"unterminated value", '\\')) ==
        Strings{"k=\"unterminated value"});
  CHECK(split_quoted_words("  \t ", '\\').empty());
}

TEST_CASE("split_fields splits on blanks only", "[syntax]") {
  auto fields = split_fields("  a\tb  \"c d\" ");
  CHECK(word_texts(fields) == Strings{"a", "b", "\"c", "d\""});
  REQUIRE(fields.size() == 4);
  CHECK(fields[0].span == Span{2, 3});
  CHECK(fields[1].span == Span{4, 5});
  CHECK(fields[2].span == Span{7, 9});
  CHECK(split_fields("").empty());
}

TEST_CASE("split_shell_words and shell_unquote", "[syntax]") {
  auto words = split_shell_words("cat <<\"EOF\" x\\ y 'a b'\"c\"");
  CHECK(word_texts(words) == Strings{"cat", "<<\"EOF\"", "x\\ y", "'a b'\"c\""});
  REQUIRE(words.size() == 4);
  CHECK(words[1].span == Span{4, 11});
  CHECK(words[3].span == Span{17, 25});

  CHECK(shell_unquote("'a b'") == "a b");
  CHECK(shell_unquote("\"a\\\"b\"") == "a\"b");
  CHECK(shell_unquote("\\a") == "a");
  CHECK(shell_unquote("a'b'\"c\"") == "abc");
  CHECK(shell_unquote("'a\\b'") == "a\\b");
  CHECK(shell_unquote("EOF") == "EOF");
}

TEST_CASE("find_heredoc_markers", "[syntax]") {
  auto markers = find_heredoc_markers("RUN 3<<EOF cat <<-'X' \"<<Q\" <<A<<B <<");
  REQUIRE(markers.size() == 2);
  CHECK(markers[0].name == "EOF");
  CHECK(markers[0].fd == 3);
  CHECK(markers[0].expand);
  CHECK(markers[0].span == Span{4, 10});
  CHECK(markers[1].name == "X");
  CHECK(markers[1].strip_tabs);
  CHECK_FALSE(markers[1].expand);
  CHECK(find_heredoc_markers("RUN echo hi").empty());
  CHECK(find_heredoc_markers("RUN <<\"two words\"").size() == 1);
  CHECK(find_heredoc_markers("RUN <<\"two words\"")[0].name == "two words");
}

TEST_CASE("extract_builder_flags", "[syntax]") {
  auto texts = [](const BuilderFlags& flags) {
    Strings out;
    for (const BuilderFlag& f : flags.flags) out.push_back(f.text);
    return out;
  };
  SECTION("plain flags and where the rest starts") {
    auto f = extract_builder_flags("--mount=type=cache,target=/x  --network=none echo hi");
    CHECK(texts(f) == Strings{"--mount=type=cache,target=/x", "--network=none"});
    REQUIRE(f.flags.size() == 2);
    CHECK(f.flags[0].span == Span{0, 28});
    CHECK(f.flags[1].span == Span{30, 44});
    CHECK(f.rest == 45);
  }
  SECTION("no flags") {
    CHECK(extract_builder_flags("echo --not-a-flag").flags.empty());
    CHECK(extract_builder_flags("echo --not-a-flag").rest == 0);
    CHECK(extract_builder_flags("-x y").rest == 0);
    CHECK(extract_builder_flags("").rest == 0);
  }
  SECTION("the -- terminator is dropped") {
    auto f = extract_builder_flags("--doit=true -- foo /tmp/");
    CHECK(texts(f) == Strings{"--doit=true"});
    CHECK(f.rest == 15);
    auto only = extract_builder_flags("-- foo");
    CHECK(only.flags.empty());
    CHECK(only.rest == 3);
    CHECK(extract_builder_flags("--").flags.empty());
    CHECK(extract_builder_flags("--").rest == 2);
  }
  SECTION("quotes and backslashes are resolved") {
    auto f = extract_builder_flags("--a=\"b c\" --d='e' --g=h\\ i x");
    CHECK(texts(f) == Strings{"--a=b c", "--d=e", "--g=h i"});
    REQUIRE(f.flags.size() == 3);
    CHECK(f.flags[0].span == Span{0, 9});
    CHECK(f.rest == 27);
    CHECK(texts(extract_builder_flags("--a='' x")) == Strings{"--a="});
  }
  SECTION("flags up to the end of input") {
    auto f = extract_builder_flags("  --link");
    CHECK(texts(f) == Strings{"--link"});
    CHECK(f.flags[0].span == Span{2, 8});
    CHECK(f.rest == 8);
  }
}

TEST_CASE("match_directive_line and is_known_directive", "[syntax]") {
  auto match = [](std::string_view line) {
    auto d = match_directive_line(line);
    return d ? d->name + "=" + d->value : std::string("<none>");
  };
  CHECK(match("# syntax = docker/dockerfile:1 ") == "syntax=docker/dockerfile:1");
  CHECK(match("#escape=`") == "escape=`");
  CHECK(match("#\tEscape\t=\t`\t") == "Escape=`");
  CHECK(match("# name = value with spaces  ") == "name=value with spaces");
  CHECK(match("# check=skip=all;error=true") == "check=skip=all;error=true");
  CHECK(match("# a1=b") == "a1=b");
  CHECK(match("#  ") == "<none>");
  CHECK(match("# 1x=y") == "<none>");
  CHECK(match("# a=") == "<none>");
  CHECK(match("# a=   ") == "<none>");
  CHECK(match("#!x") == "<none>");
  CHECK(match("#a b=c") == "<none>");
  CHECK(match("a=b") == "<none>");
  CHECK(match(" # a=b") == "<none>");  // callers trim leading blanks first
  CHECK(is_known_directive("syntax"));
  CHECK(is_known_directive("escape"));
  CHECK(is_known_directive("check"));
  CHECK_FALSE(is_known_directive("foo"));
  CHECK_FALSE(is_known_directive("SYNTAX"));  // callers lower-case first
}

TEST_CASE("go_quote writes Go's strconv.Quote", "[syntax]") {
  CHECK(go_quote("") == "\"\"");
  CHECK(go_quote("plain text") == "\"plain text\"");
  CHECK(go_quote("\a\b\f\n\r\t\v\"\\") == "\"\\a\\b\\f\\n\\r\\t\\v\\\"\\\\\"");
  CHECK(go_quote(std::string("\0\x1f\x7f", 3)) == "\"\\x00\\x1f\\x7f\"");
  CHECK(go_quote("\xFF") == "\"\\xff\"");
  CHECK(go_quote("\xC3") == "\"\\xc3\"");                    // truncated sequence
  CHECK(go_quote("\xED\xA0\x80") == "\"\\xed\\xa0\\x80\"");  // encoded surrogate
  CHECK(go_quote("\xC0\xAF") == "\"\\xc0\\xaf\"");           // overlong
  CHECK(go_quote("\xC2\xA0") == "\"\\u00a0\"");              // no-break space
  CHECK(go_quote("\xE2\x80\x8B") == "\"\\u200b\"");          // zero width space
  CHECK(go_quote("\xEE\x80\x80") == "\"\\ue000\"");          // private use
  CHECK(go_quote("caf\xC3\xA9 \xE6\x97\xA5\xE6\x9C\xAC \xF0\x9F\x98\x80") ==
        "\"caf\xC3\xA9 \xE6\x97\xA5\xE6\x9C\xAC \xF0\x9F\x98\x80\"");
}

TEST_CASE("LogicalLine maps logical offsets back across continuation lines", "[syntax]") {
  // "RUN a \" + "  b": pieces "RUN a " at 0 and "  b" at source 9.
  Document doc = parse("RUN a \\\n  b\n");
  const LogicalLine& line = instruction(doc, 0).line;
  CHECK(line.text() == "RUN a   b");
  REQUIRE(line.pieces().size() == 2);
  CHECK(line.pieces()[0].logical == 0);
  CHECK(line.pieces()[0].source == 0);
  CHECK(line.pieces()[0].length == 6);
  CHECK(line.pieces()[1].logical == 6);
  CHECK(line.pieces()[1].source == 8);
  CHECK(line.pieces()[1].length == 3);

  CHECK(line.to_source(0) == 0);
  CHECK(line.to_source(5) == 5);
  CHECK(line.to_source(6) == 8);  // a piece boundary maps to the start of the next piece
  CHECK(line.to_source(8) == 10);
  CHECK(line.to_source(9) == 11);  // the end maps just past the last byte
  CHECK(line.to_source(4, 6) == Span{4, 6});  // does not swallow the continuation
  CHECK(line.to_source(4, 9) == Span{4, 11});
  CHECK(text(doc, line.to_source(4, 9)) == "a \\\n  b");
  CHECK(line.to_source(6, 6) == Span{8, 8});

  LogicalLine rest = line.slice(4);
  CHECK(rest.text() == "a   b");
  CHECK(rest.to_source(0) == 4);
  CHECK(rest.to_source(2) == 8);
  CHECK(rest.to_source(4) == 10);

  SECTION("appending contiguous bytes extends the last piece") {
    LogicalLine l;
    CHECK(l.to_source(0) == 0);
    l.append("ab", 10);
    l.append("cd", 12);
    l.append("", 40);
    l.append("ef", 20);
    CHECK(l.text() == "abcdef");
    REQUIRE(l.pieces().size() == 2);
    CHECK(l.pieces()[0].length == 4);
    CHECK(l.to_source(3) == 13);
    CHECK(l.to_source(4) == 20);
    CHECK(l.to_source(1, 5) == Span{11, 21});
  }
}

TEST_CASE("buildkit_dump writes BuildKit's S-expressions", "[syntax]") {
  Document doc = parse(
      "FROM a\n"
      "COPY --from=b --chown=1:1 x /y\n"
      "ENV K=\"v w\" L=v2\n"
      "CMD [\"sh\", \"-c\", \"echo \\\"hi\\\"\"]\n");
  CHECK(buildkit_dump(doc) ==
        "(from \"a\")\n"
        "(copy [\"--from=b\" \"--chown=1:1\"] \"x\" \"/y\")\n"
        "(env \"K\" \"\\\"v w\\\"\" \"=\" \"L\" \"v2\" \"=\")\n"
        "(cmd \"sh\" \"-c\" \"echo \\\"hi\\\"\")\n");
  CHECK(doc.errors.empty());
}

// Found by fuzz_parser in a build without NDEBUG: x3::digit (heredoc file descriptors),
// x3::xdigit (JSON \u escapes) and x3::ascii::alpha (directive names) asserted on bytes above
// 0x7F, which is undefined behaviour in release builds.
TEST_CASE("bytes above 0x7F where grammars expect ASCII classes", "[syntax]") {
  for (std::string src : {std::string("FROM a\nRUN <\xca<EOF\nx\nEOF\n"),
                          std::string("FROM a\nRUN 3\xff<<EOF cat\nx\nEOF\n"),
                          std::string("FROM a\nCMD [\"\\u00\xe9\xe9\"]\n"),
                          std::string("# \xe9scape=`\nFROM a\n"),
                          std::string("# s\xffntax=x\nFROM a\n")}) {
    Document doc = parse_dockerfile(src);
    CHECK(print_tree(doc) == src);
  }
  CHECK(parse_json_array("[\"\\u00\xe9\xe9\"]").status == JsonArray::Status::NotJson);
  Document directive = parse_dockerfile("# \xe9scape=`\nFROM a\n");
  CHECK_FALSE(directive.nodes.front().directive);
}
