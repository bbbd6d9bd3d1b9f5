// Torture inputs for the lossless parser: every file under test/torture/ must print back byte for
// byte and keep the tree's structural invariants; each file also gets a check of the thing it
// exists for. Large inputs (a 1 MB RUN) are generated here rather than committed.
#include <catch2/catch.hpp>

#include <cstdio>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "syntax/buildkit_dump.h"
#include "syntax/parser.h"
#include "test_support.h"

namespace {

namespace fs = std::filesystem;
using namespace dfopt;
using dfopt::test::print_tree;
using Strings = std::vector<std::string>;

fs::path torture_dir() { return dfopt::test::test_data_dir() / "torture"; }

std::string torture_file(const std::string& name) {
  return dfopt::test::read_file(torture_dir() / name);
}

bool within(Span inner, Span outer) { return outer.begin <= inner.begin && inner.end <= outer.end; }

std::string_view ltrim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\v' ||
                        s.front() == '\f' || s.front() == '\r'))
    s.remove_prefix(1);
  return s;
}

void check_instruction(const Document& doc, const Instruction& ins, Span node_span) {
  CHECK(within(ins.keyword_span, node_span));
  for (const Flag& flag : ins.flags) CHECK(within(flag.source, node_span));
  for (const Heredoc& heredoc : ins.heredocs) {
    CHECK(within(heredoc.marker, node_span));
    CHECK(within(heredoc.body, node_span));
    CHECK(within(heredoc.terminator, node_span));
    CHECK(heredoc.body.end <= heredoc.terminator.begin);
  }
  // Every piece of the logical line is a copy of the source bytes it maps to.
  const LogicalLine& line = ins.line;
  std::size_t logical = 0;
  for (const LogicalLine::Piece& piece : line.pieces()) {
    CHECK(piece.logical == logical);
    CHECK(within({piece.source, piece.source + piece.length}, node_span));
    CHECK(line.text().compare(piece.logical, piece.length, doc.source(), piece.source,
                              piece.length) == 0);
    logical += piece.length;
  }
  CHECK(logical == line.text().size());
  if (ins.trigger) check_instruction(doc, *ins.trigger, node_span);
}

// The invariants every parse must keep, whatever the input.
void check_invariants(const Document& doc) {
  const std::string& src = doc.source();
  REQUIRE(print_tree(doc) == src);
  std::size_t pos = 0;
  for (const Node& node : doc.nodes) {
    CHECK(node.span.begin == pos);
    CHECK(node.span.end > node.span.begin);
    pos = node.span.end;
    if (node.kind == NodeKind::ByteOrderMark) {
      CHECK(node.span == Span{0, 3});
      continue;
    }
    // Nodes are whole lines.
    CHECK((node.span.end == src.size() || src[node.span.end - 1] == '\n'));
    CHECK((node.kind == NodeKind::Directive) == node.directive.has_value());
    if (node.kind != NodeKind::Instruction) {
      CHECK(node.tokens.empty());
      CHECK(node.instruction == nullptr);
      continue;
    }
    REQUIRE(node.instruction);
    REQUIRE_FALSE(node.tokens.empty());
    std::size_t at = node.span.begin;
    std::string line_text;
    bool in_heredoc = false;
    std::size_t heredoc_tokens = 0;
    for (const Token& token : node.tokens) {
      CHECK(token.span.begin == at);
      CHECK(token.span.end > token.span.begin);
      at = token.span.end;
      std::string_view t = doc.text(token.span);
      switch (token.kind) {
        case TokenKind::Newline: {
          // "\r*\n", or a run of "\r" at end of file.
          std::string_view crs = t.back() == '\n' ? t.substr(0, t.size() - 1) : t;
          CHECK(crs.find_first_not_of('\r') == std::string_view::npos);
          CHECK((t.back() == '\n' || token.span.end == src.size()));
          break;
        }
        case TokenKind::LineText:
          CHECK_FALSE(in_heredoc);
          CHECK(t.find('\n') == std::string_view::npos);
          line_text += t;
          break;
        case TokenKind::Continuation:
          CHECK(t.front() == doc.escape);
          CHECK(t.find_first_not_of(" \t", 1) == std::string_view::npos);
          break;
        case TokenKind::CommentLine:
          CHECK(ltrim(t).front() == '#');
          break;
        case TokenKind::EmptyLine:
          CHECK(ltrim(t).empty());
          break;
        case TokenKind::HeredocBody:
        case TokenKind::HeredocEnd:
          in_heredoc = true;
          ++heredoc_tokens;
          break;
      }
    }
    CHECK(at == node.span.end);
    const Instruction& ins = *node.instruction;
    CHECK(ltrim(line_text) == ltrim(ins.line.text()));
    CHECK(heredoc_tokens <= 2 * ins.heredocs.size());
    check_instruction(doc, ins, node.span);
  }
  CHECK(pos == src.size());
  for (const SyntaxError& e : doc.errors) CHECK(e.offset <= src.size());
  for (const Warning& w : doc.warnings) CHECK(w.offset <= src.size());
}

Document parse_torture(const std::string& name) {
  Document doc = parse_dockerfile(torture_file(name), name);
  check_invariants(doc);
  return doc;
}

const Instruction& instruction(const Document& doc, std::size_t index) {
  auto nodes = doc.instructions();
  REQUIRE(index < nodes.size());
  return *nodes[index]->instruction;
}

Strings token_texts(const Document& doc, TokenKind kind) {
  Strings out;
  for (const Node* node : doc.instructions())
    for (const Token& token : node->tokens)
      if (token.kind == kind) out.emplace_back(doc.text(token.span));
  return out;
}

Strings error_messages(const Document& doc) {
  Strings out;
  for (const SyntaxError& e : doc.errors) out.push_back(e.message);
  return out;
}

}  // namespace

TEST_CASE("every torture file prints back byte for byte", "[syntax][torture]") {
  auto files = dfopt::test::files_under(torture_dir());
  REQUIRE(files.size() >= 13);
  for (const fs::path& file : files) {
    INFO(file.filename().string());
    std::string bytes = dfopt::test::read_file(file);
    Document doc = parse_dockerfile(bytes, file.string());
    CHECK(print_tree(doc) == bytes);
    check_invariants(doc);
  }
}

TEST_CASE("the BuildKit conformance inputs keep the tree invariants", "[syntax][torture]") {
  fs::path dir = dfopt::test::corpus_dir() / "conformance" / "buildkit";
  if (!fs::exists(dir)) {
    WARN("no corpus at " << dir.string());
    return;
  }
  for (const fs::path& file : dfopt::test::files_under(dir, "Dockerfile")) {
    INFO(file.string());
    check_invariants(parse_dockerfile(dfopt::test::read_file(file), file.string()));
  }
}

TEST_CASE("a generated 1 MB RUN round-trips", "[syntax][torture]") {
  std::string src = "FROM alpine\nRUN true \\\n";
  std::string logical = "RUN true ";
  char number[16];
  for (int i = 0; i < 20000; ++i) {
    std::snprintf(number, sizeof number, "%05d", i);
    std::string text = std::string("    && echo line-") + number + " abcdefghijklmnopqrstuvwxyz ";
    src += text + "\\\n";
    logical += text;
  }
  src += "    && echo done\n";
  logical += "    && echo done";
  REQUIRE(src.size() > 1000000);

  Document doc = parse_dockerfile(src);
  REQUIRE(print_tree(doc) == src);
  check_invariants(doc);
  CHECK(doc.errors.empty());
  REQUIRE(doc.instructions().size() == 2);
  const Node& node = *doc.instructions()[1];
  const Instruction& run = *node.instruction;
  CHECK(run.keyword == Keyword::Run);
  CHECK(run.line.text().size() == logical.size());
  CHECK(run.line.text() == logical);
  CHECK(run.line.pieces().size() == 20002);
  CHECK(run.arguments_text() == std::string_view(logical).substr(4));
  REQUIRE(run.arguments.size() == 1);
  CHECK(run.arguments[0].size() == logical.size() - 4);
  CHECK(node.tokens.size() == 3 * 20001 + 2);
  // The last piece maps back into the last line.
  CHECK(doc.text(run.line.to_source(logical.size() - 4, logical.size())) == "done");
}

TEST_CASE("a generated 1 MB heredoc and 20,000 instructions", "[syntax][torture]") {
  std::string body;
  for (int i = 0; i < 20000; ++i) body += "echo line " + std::to_string(i) + " of a long script\n";
  std::string src = "FROM alpine\nRUN <<EOF\n" + body + "EOF\n";
  for (int i = 0; i < 20000; ++i) src += "RUN echo " + std::to_string(i) + "\n";
  Document doc = parse_dockerfile(src);
  REQUIRE(print_tree(doc) == src);
  check_invariants(doc);
  CHECK(doc.errors.empty());
  REQUIRE(doc.instructions().size() == 20002);
  const Instruction& heredoc = instruction(doc, 1);
  REQUIRE(heredoc.heredocs.size() == 1);
  CHECK(doc.text(heredoc.heredocs[0].body) == body);
  CHECK(instruction(doc, 20001).arguments == Strings{"echo 19999"});
}

// ---- one test per torture file ---------------------------------------------------------------

TEST_CASE("torture: crlf.Dockerfile", "[syntax][torture]") {
  Document doc = parse_torture("crlf.Dockerfile");
  CHECK(doc.errors.empty());
  CHECK(doc.warnings.empty());
  Strings newlines = token_texts(doc, TokenKind::Newline);
  REQUIRE(newlines.size() == 7);
  for (const std::string& nl : newlines) CHECK(nl == "\r\n");
  for (const Node& node : doc.nodes) CHECK(doc.text(node.span).ends_with("\r\n"));
  REQUIRE(doc.nodes[0].directive);
  CHECK(doc.nodes[0].directive->name == "syntax");
  CHECK(doc.nodes[0].directive->value == "docker/dockerfile:1");
  CHECK(instruction(doc, 1).arguments == Strings{"apk add --no-cache       curl       git"});
  const Instruction& copy = instruction(doc, 2);
  REQUIRE(copy.heredocs.size() == 1);
  CHECK(doc.text(copy.heredocs[0].body) == "hello from a CRLF heredoc\r\n");
  CHECK(doc.text(copy.heredocs[0].terminator) == "EOF");
  CHECK(instruction(doc, 3).form == ArgumentForm::Exec);
  CHECK(instruction(doc, 3).arguments == Strings{"sh", "-c", "echo hi"});
}

TEST_CASE("torture: mixed-line-endings.Dockerfile", "[syntax][torture]") {
  Document doc = parse_torture("mixed-line-endings.Dockerfile");
  CHECK(doc.errors.empty());
  CHECK(token_texts(doc, TokenKind::Newline) ==
        Strings{"\n", "\n", "\r\n", "\r\r\n", "\r\n", "\n", "\n", "\r"});
  CHECK(buildkit_dump(doc) ==
        "(from \"alpine\")\n"
        "(run \"echo lf\")\n"
        "(run \"echo crlf\")\n"
        "(run \"echo two-cr\")\n"
        "(run \"echo cont     && echo next\")\n"
        "(run \"echo lone\\rcr-in-the-middle\")\n"
        "(cmd \"echo last\")\n");
  CHECK(doc.nodes[doc.nodes.size() - 2].kind == NodeKind::BlankLine);
  CHECK(doc.text(doc.nodes[doc.nodes.size() - 2].span) == "\r\n");
}

TEST_CASE("torture: bom.Dockerfile", "[syntax][torture]") {
  Document doc = parse_torture("bom.Dockerfile");
  REQUIRE(doc.nodes.size() >= 4);
  CHECK(doc.nodes[0].kind == NodeKind::ByteOrderMark);
  REQUIRE(doc.nodes[1].directive);
  CHECK(doc.nodes[1].directive->name == "escape");
  CHECK(doc.nodes[1].directive->value == "`");
  REQUIRE(doc.nodes[2].directive);
  CHECK(doc.nodes[2].directive->name == "syntax");
  CHECK(doc.escape == '`');
  CHECK(doc.errors.empty());
  CHECK(buildkit_dump(doc) ==
        "(from \"mcr.microsoft.com/windows/nanoserver:ltsc2022\")\n"
        "(run \"echo one     && echo two\")\n"
        "(copy \"app\\\\bin\" \"C:\\\\app\\\\\")\n");
}

TEST_CASE("torture: tabs-and-trailing-whitespace.Dockerfile", "[syntax][torture]") {
  Document doc = parse_torture("tabs-and-trailing-whitespace.Dockerfile");
  CHECK(doc.errors.empty());
  CHECK(buildkit_dump(doc) ==
        "(from \"alpine:3.19\")\n"
        "(run \"echo\\ttabs\")\n"
        "(run \"apk add \\t\\tcurl \\t\\tjq\")\n"
        "(env \"A\" \"1\" \"=\" \"B\" \"2\" \"=\")\n"
        "(label \"description\" \"a label with\\ttabs\" \"\")\n"
        "(workdir \"/srv\")\n");
  CHECK(token_texts(doc, TokenKind::Continuation) == Strings{"\\  \t", "\\\t"});
  CHECK(doc.text(instruction(doc, 1).keyword_span) == "RUN");
}

TEST_CASE("torture: no-final-newline.Dockerfile", "[syntax][torture]") {
  Document doc = parse_torture("no-final-newline.Dockerfile");
  CHECK(doc.source().back() == ']');
  const Node& last = *doc.instructions().back();
  REQUIRE(last.tokens.size() == 1);
  CHECK(last.tokens[0].kind == TokenKind::LineText);
  CHECK(last.instruction->form == ArgumentForm::Exec);
  CHECK(last.instruction->arguments == Strings{"echo", "no newline at the end"});
  CHECK(doc.errors.empty());
}

TEST_CASE("torture: empty.Dockerfile", "[syntax][torture]") {
  Document doc = parse_torture("empty.Dockerfile");
  CHECK(doc.source().empty());
  CHECK(doc.nodes.empty());
  CHECK(error_messages(doc) == Strings{"file with no instructions"});
}

TEST_CASE("torture: only-comments.Dockerfile", "[syntax][torture]") {
  Document doc = parse_torture("only-comments.Dockerfile");
  for (const Node& node : doc.nodes)
    CHECK((node.kind == NodeKind::Comment || node.kind == NodeKind::BlankLine));
  CHECK(doc.instructions().empty());
  CHECK(error_messages(doc) == Strings{"file with no instructions"});
}

TEST_CASE("torture: backtick-escape.Dockerfile", "[syntax][torture]") {
  Document doc = parse_torture("backtick-escape.Dockerfile");
  CHECK(doc.escape == '`');
  CHECK(doc.errors.empty());
  CHECK(doc.warnings.empty());
  CHECK(token_texts(doc, TokenKind::Continuation) == Strings{"`", "`", "`"});
  CHECK(token_texts(doc, TokenKind::CommentLine) == Strings{"    # a comment inside the continuation"});
  for (const std::string& nl : token_texts(doc, TokenKind::Newline)) CHECK(nl == "\r\n");
  CHECK(buildkit_dump(doc) ==
        "(from \"mcr.microsoft.com/windows/servercore:ltsc2022\")\n"
        "(shell \"powershell\" \"-Command\" \"$ErrorActionPreference = 'Stop';\")\n"
        "(workdir \"C:\\\\app\")\n"
        "(run \"New-Item -ItemType Directory -Path C:\\\\data ;     Write-Host 'created' ;     "
        "Write-Host 'done'\")\n"
        "(copy \"bin\\\\\" \"C:\\\\app\\\\bin\\\\\")\n"
        "(env \"PATH\" \"\\\"C:\\\\app\\\\bin;C:\\\\Windows\\\\system32\\\"\" \"=\" \"APP_HOME\" "
        "\"C:\\\\app\" \"=\")\n"
        "(run \"echo literal backslash at end \\\\\")\n"
        "(entrypoint \"C:\\\\app\\\\bin\\\\app.exe\")\n");
}

TEST_CASE("torture: heredoc-at-eof.Dockerfile", "[syntax][torture]") {
  Document doc = parse_torture("heredoc-at-eof.Dockerfile");
  CHECK(doc.source().ends_with("\nEOF"));
  CHECK(doc.errors.empty());
  const Node& last = *doc.instructions().back();
  REQUIRE_FALSE(last.tokens.empty());
  CHECK(last.tokens.back().kind == TokenKind::HeredocEnd);
  CHECK(last.tokens.back().span.end == doc.source().size());
  REQUIRE(last.instruction->heredocs.size() == 1);
  const Heredoc& h = last.instruction->heredocs[0];
  CHECK(h.terminated);
  CHECK(doc.text(h.body) == "set -e\necho last instruction\n");
}

TEST_CASE("torture: heredocs-many.Dockerfile", "[syntax][torture]") {
  Document doc = parse_torture("heredocs-many.Dockerfile");
  CHECK(doc.errors.empty());
  auto names = [&](std::size_t index) {
    Strings out;
    for (const Heredoc& h : instruction(doc, index).heredocs) out.push_back(h.name);
    return out;
  };
  REQUIRE(doc.instructions().size() == 11);
  CHECK(names(1) == Strings{"EOF"});
  CHECK(doc.text(instruction(doc, 1).heredocs[0].body) ==
        "#!/bin/sh\n# this is body, not a comment\necho \"$HOME\"\n");
  CHECK(names(2) == Strings{"EOT"});
  CHECK(instruction(doc, 2).heredocs[0].strip_tabs);
  CHECK(doc.text(instruction(doc, 2).heredocs[0].terminator) == "\t\tEOT");
  CHECK(names(3) == Strings{"NOEXPAND", "ALSO"});
  CHECK_FALSE(instruction(doc, 3).heredocs[0].expand);
  CHECK_FALSE(instruction(doc, 3).heredocs[1].expand);
  CHECK(names(4) == Strings{"FD"});
  CHECK(instruction(doc, 4).heredocs[0].fd == 3);
  CHECK(names(5) == Strings{"A", "B"});
  CHECK(names(6) == Strings{"SCRIPT"});
  CHECK(instruction(doc, 6).flags.size() == 1);
  CHECK(names(7) == Strings{"EOF"});  // ONBUILD RUN
  REQUIRE(instruction(doc, 7).trigger);
  CHECK(instruction(doc, 7).trigger->keyword == Keyword::Run);
  CHECK(names(8).empty());  // exec form
  CHECK(instruction(doc, 8).arguments == Strings{"cat", "<<EOF"});
  CHECK(names(9) == Strings{"EMPTY"});
  CHECK(instruction(doc, 9).heredocs[0].body.empty());
  CHECK(names(10) == Strings{"EOF"});
  CHECK(doc.text(instruction(doc, 10).heredocs[0].body) == "EOF not the end\n EOF\n");
}

TEST_CASE("torture: odd-spacing.Dockerfile", "[syntax][torture]") {
  Document doc = parse_torture("odd-spacing.Dockerfile");
  CHECK(doc.errors.empty());
  Strings keywords;
  for (const Node* node : doc.instructions())
    keywords.emplace_back(doc.text(node->instruction->keyword_span));
  CHECK(keywords == Strings{"FROM", "run", "Run", "rUn", "COPY", "ENV", "EXPOSE", "HEALTHCHECK"});
  CHECK(buildkit_dump(doc) ==
        "(from \"alpine:3.19\" \"AS\" \"build\")\n"
        "(run \"echo   spaced\")\n"
        "(run \"ls\")\n"
        "(run \"echo\" \"json\")\n"
        "(copy [\"--from=build\" \"--chown=1:1\"] \"/a\" \"/b\")\n"
        "(env \"KEY\" \"value with   spaces\" \"\")\n"
        "(expose \"80\" \"443/udp\")\n"
        "(healthcheck [\"--interval=30s\"] \"CMD\" \"curl -f localhost\")\n");
}

TEST_CASE("torture: comments-in-continuations.Dockerfile", "[syntax][torture]") {
  Document doc = parse_torture("comments-in-continuations.Dockerfile");
  CHECK(doc.errors.empty());
  CHECK(token_texts(doc, TokenKind::CommentLine) == Strings{"# update first", "        # the packages"});
  CHECK(token_texts(doc, TokenKind::EmptyLine) == Strings{"   "});
  CHECK(doc.warnings.size() == 1);
  CHECK(instruction(doc, 1).arguments ==
        Strings{"apt-get update     && apt-get install -y         curl         git     && rm -rf "
                "/var/lib/apt/lists/*"});
  CHECK(doc.instructions().size() == 3);
  bool has_comment_node = false;
  for (const Node& node : doc.nodes)
    has_comment_node = has_comment_node || (node.kind == NodeKind::Comment &&
                                            doc.text(node.span) == "# a real comment\n");
  CHECK(has_comment_node);
}

TEST_CASE("torture: invalid-utf8.Dockerfile", "[syntax][torture]") {
  Document doc = parse_torture("invalid-utf8.Dockerfile");
  CHECK(doc.errors.empty());
  CHECK(instruction(doc, 2).arguments ==
        Strings{"echo \xC3\x28 \xA0\xA1 \xF0\x28\x8C\xBC \xED\xA0\x80 end"});
  CHECK(buildkit_dump(doc) ==
        "(from \"alpine\")\n"
        "(label \"note\" \"\\\"caf\xC3\xA9 \\xff\\xfe broken\\\"\" \"=\")\n"
        "(run \"echo \\xc3( \\xa0\\xa1 \\xf0(\\x8c\\xbc \\xed\\xa0\\x80 end\")\n"
        "(cmd \"echo\" \"\xEF\xBF\xBD\xEF\xBF\xBD\")\n");
  bool kept = false;
  for (const Node& node : doc.nodes)
    kept = kept || doc.text(node.span) == "# comment with invalid bytes \xFE\xFF\n";
  CHECK(kept);
}
