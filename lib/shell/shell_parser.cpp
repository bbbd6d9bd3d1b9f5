#include "shell/shell_parser.h"

#include <array>
#include <cctype>

#include "shell/shell_lexer.h"

namespace dfopt {
namespace {

// Words that end a list when they stand where a command would start.
constexpr std::array<std::string_view, 9> kListClosers = {"then", "else", "elif", "fi", "do",
                                                          "done", "esac", "}", "in"};

bool is_redirect_operator(std::string_view op) {
  static constexpr std::array<std::string_view, 12> kRedirects = {
      "<", ">", ">>", "<&", ">&", "<>", ">|", "&>", "&>>", "<<", "<<-", "<<<"};
  for (std::string_view r : kRedirects)
    if (op == r) return true;
  return false;
}

bool is_assignment(std::string_view word) {
  std::size_t eq = word.find('=');
  if (eq == 0 || eq == std::string_view::npos) return false;
  if (std::isdigit(static_cast<unsigned char>(word[0]))) return false;
  for (std::size_t i = 0; i < eq; ++i) {
    unsigned char c = static_cast<unsigned char>(word[i]);
    // "a[1]=x" and "a+=x" are bash assignments too.
    if (!std::isalnum(c) && c != '_' && !(c == '+' && i + 1 == eq)) return false;
  }
  return true;
}

struct ParseFailure {
  std::size_t offset;
  std::string message;
};

class Parser {
 public:
  Parser(std::string_view text, std::vector<ShellToken> tokens)
      : text_(text), tokens_(std::move(tokens)) {}

  ShellList parse_script() {
    ShellList list = parse_list();
    skip_newlines();
    if (!at_end()) fail("unexpected '" + std::string(current_text()) + "'");
    return list;
  }

 private:
  // --- token access ---
  bool at_end() const { return pos_ >= tokens_.size(); }
  const ShellToken& current() const { return tokens_[pos_]; }
  std::string_view current_text() const { return at_end() ? "" : current().span.of(text_); }
  std::size_t current_offset() const { return at_end() ? text_.size() : current().span.begin; }
  std::size_t previous_end() const { return pos_ == 0 ? 0 : tokens_[pos_ - 1].span.end; }

  bool at_operator(std::string_view op) const {
    return !at_end() && current().kind == ShellTokenKind::Operator && current_text() == op;
  }
  bool at_word(std::string_view word) const {
    return !at_end() && current().kind == ShellTokenKind::Word && current_text() == word;
  }
  bool at_list_closer() const {
    if (at_end()) return true;
    if (current().kind == ShellTokenKind::Operator) {
      std::string_view op = current_text();
      return op == ")" || op == ";;" || op == ";&" || op == ";;&";
    }
    if (current().kind != ShellTokenKind::Word) return false;
    for (std::string_view closer : kListClosers)
      if (current_text() == closer) return true;
    return false;
  }

  [[noreturn]] void fail(std::string message) const {
    throw ParseFailure{current_offset(), std::move(message)};
  }
  void expect_word(std::string_view word) {
    if (!at_word(word)) fail("expected '" + std::string(word) + "'");
    ++pos_;
  }
  void expect_operator(std::string_view op) {
    if (!at_operator(op)) fail("expected '" + std::string(op) + "'");
    ++pos_;
  }
  void skip_newlines() {
    while (!at_end() && current().kind == ShellTokenKind::Newline) ++pos_;
  }

  struct DepthGuard {
    explicit DepthGuard(Parser& p) : parser(p) {
      if (++parser.depth_ > kMaxShellNesting) parser.fail("nested too deeply");
    }
    ~DepthGuard() { --parser.depth_; }
    Parser& parser;
  };

  // --- grammar ---
  ShellList parse_list() {
    DepthGuard guard(*this);
    ShellList list;
    skip_newlines();
    list.span = {current_offset(), current_offset()};
    while (!at_list_closer()) {
      ShellListItem item;
      item.and_or = parse_and_or();
      if (at_operator(";") || at_operator("&")) {
        item.terminator = at_operator(";") ? ShellTerminator::Semicolon : ShellTerminator::Ampersand;
        item.terminator_span = current().span;
        ++pos_;
      } else if (!at_end() && current().kind == ShellTokenKind::Newline) {
        item.terminator = ShellTerminator::Newline;
        item.terminator_span = current().span;
      }
      bool more = item.terminator != ShellTerminator::None;
      list.items.push_back(std::move(item));
      list.span.end = previous_end();
      skip_newlines();
      if (!more) break;
    }
    return list;
  }

  ShellAndOr parse_and_or() {
    ShellAndOr and_or;
    and_or.pipelines.push_back(parse_pipeline());
    while (at_operator("&&") || at_operator("||")) {
      and_or.connectors.push_back(at_operator("&&") ? ShellConnector::And : ShellConnector::Or);
      and_or.connector_spans.push_back(current().span);
      ++pos_;
      skip_newlines();
      and_or.pipelines.push_back(parse_pipeline());
    }
    and_or.span = {and_or.pipelines.front().span.begin, and_or.pipelines.back().span.end};
    return and_or;
  }

  ShellPipeline parse_pipeline() {
    ShellPipeline pipeline;
    pipeline.span.begin = current_offset();
    if (at_word("!")) {
      pipeline.negated = true;
      ++pos_;
    }
    pipeline.commands.push_back(parse_command());
    while (at_operator("|") || at_operator("|&")) {
      ++pos_;
      skip_newlines();
      pipeline.commands.push_back(parse_command());
    }
    pipeline.span.end = previous_end();
    return pipeline;
  }

  ShellCommand parse_command() {
    DepthGuard guard(*this);
    if (at_end()) fail("expected a command");
    ShellCommand command;
    std::size_t begin = current_offset();
    if (at_operator("(")) {
      if (pos_ + 1 < tokens_.size() && tokens_[pos_ + 1].span.begin == current().span.end &&
          tokens_[pos_ + 1].span.of(text_) == "(")
        fail("arithmetic command '((' is not supported");
      ++pos_;
      command.kind = ShellCommandKind::Subshell;
      command.bodies.push_back(parse_list());
      expect_operator(")");
    } else if (at_word("{")) {
      ++pos_;
      command.kind = ShellCommandKind::BraceGroup;
      command.bodies.push_back(parse_list());
      expect_word("}");
    } else if (at_word("if")) {
      parse_if(command);
    } else if (at_word("while") || at_word("until")) {
      command.kind = at_word("while") ? ShellCommandKind::While : ShellCommandKind::Until;
      ++pos_;
      command.bodies.push_back(parse_list());
      parse_do_group(command);
    } else if (at_word("for")) {
      parse_for(command);
    } else if (at_word("case")) {
      parse_case(command);
    } else if (at_word("[[")) {
      parse_test(command);
    } else if (at_word("function")) {
      fail("bash 'function' definitions are not supported");
    } else if (!at_end() && current().kind == ShellTokenKind::Word && pos_ + 2 < tokens_.size() &&
               tokens_[pos_ + 1].span.of(text_) == "(" && tokens_[pos_ + 2].span.of(text_) == ")") {
      command.kind = ShellCommandKind::FunctionDef;
      command.words.push_back(make_shell_word(text_, current().span));
      pos_ += 3;
      skip_newlines();
      command.bodies.push_back(parse_function_body());
    } else {
      parse_simple(command);
      command.span = {begin, previous_end()};
      return command;
    }
    while (at_redirect()) command.redirects.push_back(parse_redirect());
    command.span = {begin, previous_end()};
    return command;
  }

  ShellList parse_function_body() {
    ShellCommand body = parse_command();
    if (body.kind == ShellCommandKind::Simple) fail("a function body must be a compound command");
    ShellList list;
    list.span = body.span;
    ShellListItem item;
    ShellPipeline pipeline;
    pipeline.span = body.span;
    pipeline.commands.push_back(std::move(body));
    item.and_or.span = pipeline.span;
    item.and_or.pipelines.push_back(std::move(pipeline));
    list.items.push_back(std::move(item));
    return list;
  }

  void parse_if(ShellCommand& command) {
    command.kind = ShellCommandKind::If;
    ++pos_;
    command.bodies.push_back(parse_list());
    expect_word("then");
    command.bodies.push_back(parse_list());
    while (at_word("elif")) {
      ++pos_;
      command.bodies.push_back(parse_list());
      expect_word("then");
      command.bodies.push_back(parse_list());
    }
    if (at_word("else")) {
      ++pos_;
      command.bodies.push_back(parse_list());
    }
    expect_word("fi");
  }

  void parse_do_group(ShellCommand& command) {
    expect_word("do");
    command.bodies.push_back(parse_list());
    expect_word("done");
  }

  void parse_for(ShellCommand& command) {
    command.kind = ShellCommandKind::For;
    ++pos_;
    if (at_end() || current().kind != ShellTokenKind::Word) fail("expected a loop variable");
    command.words.push_back(make_shell_word(text_, current().span));
    ++pos_;
    skip_newlines();
    if (at_word("in")) {
      ++pos_;
      while (!at_end() && current().kind == ShellTokenKind::Word) {
        command.words.push_back(make_shell_word(text_, current().span));
        ++pos_;
      }
    }
    if (at_operator(";")) ++pos_;
    skip_newlines();
    parse_do_group(command);
  }

  void parse_case(ShellCommand& command) {
    command.kind = ShellCommandKind::Case;
    ++pos_;
    if (at_end() || current().kind != ShellTokenKind::Word) fail("expected the case subject");
    command.words.push_back(make_shell_word(text_, current().span));
    ++pos_;
    skip_newlines();
    expect_word("in");
    skip_newlines();
    while (!at_word("esac")) {
      if (at_operator("(")) ++pos_;
      for (;;) {
        if (at_end() || current().kind != ShellTokenKind::Word) fail("expected a case pattern");
        command.words.push_back(make_shell_word(text_, current().span));
        ++pos_;
        if (!at_operator("|")) break;
        ++pos_;
      }
      expect_operator(")");
      command.bodies.push_back(parse_list());
      if (at_operator(";;") || at_operator(";&") || at_operator(";;&")) {
        ++pos_;
        skip_newlines();
      } else if (!at_word("esac")) {
        fail("expected ';;' or 'esac'");
      }
    }
    ++pos_;
  }

  // [[ ... ]]: bash's conditional; '<', '>', '&&' and '(' inside are its own operators.
  void parse_test(ShellCommand& command) {
    command.kind = ShellCommandKind::Test;
    while (!at_end() && !at_word("]]")) {
      if (current().kind == ShellTokenKind::Newline || current().kind == ShellTokenKind::Comment)
        fail("unterminated '[['");
      command.words.push_back(make_shell_word(text_, current().span));
      ++pos_;
    }
    if (at_end()) fail("unterminated '[['");
    command.words.push_back(make_shell_word(text_, current().span));
    ++pos_;
  }

  bool at_redirect() const {
    if (at_end()) return false;
    if (current().kind == ShellTokenKind::IoNumber) return true;
    return current().kind == ShellTokenKind::Operator && is_redirect_operator(current_text());
  }

  ShellRedirect parse_redirect() {
    ShellRedirect redirect;
    redirect.span.begin = current_offset();
    if (current().kind == ShellTokenKind::IoNumber) {
      redirect.fd = std::stoi(std::string(current_text().substr(0, 9)));
      ++pos_;
    }
    if (!at_redirect() || current().kind == ShellTokenKind::IoNumber) fail("expected a redirection");
    redirect.op = std::string(current_text());
    if (redirect.op == "<<" || redirect.op == "<<-")
      fail("here-documents inside a one-line script are not supported");
    ++pos_;
    if (at_end() || current().kind != ShellTokenKind::Word) fail("expected a redirection target");
    redirect.target = make_shell_word(text_, current().span);
    ++pos_;
    redirect.span.end = previous_end();
    return redirect;
  }

  void parse_simple(ShellCommand& command) {
    command.kind = ShellCommandKind::Simple;
    for (;;) {
      if (at_redirect()) {
        command.redirects.push_back(parse_redirect());
      } else if (!at_end() && current().kind == ShellTokenKind::Word) {
        std::string_view text = current_text();
        if (command.words.empty() && is_assignment(text))
          command.assignments.push_back(make_shell_word(text_, current().span));
        else
          command.words.push_back(make_shell_word(text_, current().span));
        ++pos_;
      } else {
        break;
      }
    }
    if (command.words.empty() && command.assignments.empty() && command.redirects.empty())
      fail(at_end() ? "expected a command" : "unexpected '" + std::string(current_text()) + "'");
  }

  std::string_view text_;
  std::vector<ShellToken> tokens_;
  std::size_t pos_ = 0;
  std::size_t depth_ = 0;
};

}  // namespace

ShellScript parse_shell(std::string_view script) {
  ShellScript result;
  result.text = std::string(script);
  if (shell_nesting_depth(script) > kMaxShellNesting) {
    result.error = "nested too deeply";
    return result;
  }
  ShellLexResult lexed = lex_shell(script);
  if (lexed.error_offset) {
    result.error = lexed.error;
    result.error_offset = *lexed.error_offset;
    return result;
  }
  // Comments are the shell's: they end at a newline and hold no commands.
  std::vector<ShellToken> tokens;
  for (const ShellToken& token : lexed.tokens) {
    if (token.kind == ShellTokenKind::Comment) result.comments.push_back({token.span});
    else tokens.push_back(token);
  }
  try {
    Parser parser(result.text, std::move(tokens));
    result.list = parser.parse_script();
    result.parsed = true;
  } catch (const ParseFailure& failure) {
    result.error = failure.message;
    result.error_offset = failure.offset;
  }
  return result;
}

}  // namespace dfopt
