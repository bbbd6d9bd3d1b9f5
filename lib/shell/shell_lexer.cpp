#include "shell/shell_lexer.h"

#include <array>
#include <cctype>
#include <cstdint>
#include <vector>
#include <boost/spirit/home/x3.hpp>

#include "syntax/byte_classes.h"

namespace dfopt {
namespace x3 = boost::spirit::x3;

namespace shell_grammar {
using x3::char_;
using x3::lit;
using Iterator = std::string_view::const_iterator;

// The grammar is an ordered choice with fallbacks: a `$(` that does not close is read again as
// a bare `$` followed by `(`, a `$((` that is not arithmetic again as `$(`. Read naively, every
// such level reads the bytes after it once per alternative, so a malformed script nested k deep
// took time exponential in k. So the repetitions inside the nesting constructs are memoised:
// a repetition started at some offset, or passing through it, ends where the first one that
// passed there ended. Each repetition tries its item at each offset at most once per script,
// which bounds lexing by a constant times the script's length, and the tokens are the plain
// grammar's, since where a repetition ends depends only on where it starts. (A single-quoted
// string needs no memo: it ends at the next quote, so the strings read from different quotes
// never overlap, and each context that can hold one tries a given quote once.)
enum class Repetition : std::uint8_t {
  BackQuoted,
  DoubleQuoted,
  Substitution,
  Parameter,
  Arithmetic,
};
constexpr std::size_t kRepetitions = 5;

// Past the limit: thrown from the depth of the recursion, caught by lex_shell.
struct NestedTooDeeply {
  std::size_t offset;
};

// What one lex_shell call has learnt about its script: for each kind of repetition and each
// offset, 0 if no repetition passed it yet, else kEnd | where the one that passed it ended, or
// 1 + the offset that repetition started at, whose own entry then holds the end.
class ScriptMemo {
 public:
  static constexpr std::uint32_t kEnd = std::uint32_t{1} << 31;
  static constexpr std::size_t kMaxScript = kEnd - 2;  // offsets leave kEnd's bit free

  explicit ScriptMemo(std::string_view script) : script_(script) {}

  // Runs `item` from `first` while it matches, as `*item` would, and returns where that ends.
  template <Repetition R, typename Item>
  Iterator repeat(Iterator first, Item const& item) {
    // A backquoted command is read as text here: nothing in it nests further.
    constexpr bool nests = R != Repetition::BackQuoted;
    if (nests && ++depth_ > kMaxShellNesting) throw NestedTooDeeply{offset(first)};
    std::vector<std::uint32_t>& memo = memo_of(R);
    const std::uint32_t start = offset(first);
    Iterator at = first;
    for (;;) {
      // Left by a repetition that has ended: this one only moves forward, and those under way
      // around it stopped before it began.
      if (std::uint32_t passed = memo[offset(at)]) {
        if ((passed & kEnd) == 0) passed = memo[passed - 1];
        at = script_.begin() + (passed & ~kEnd);
        break;
      }
      memo[offset(at)] = start + 1;
      if (!item(at)) break;
    }
    memo[start] = kEnd | offset(at);
    if (nests) --depth_;
    return at;
  }

 private:
  std::uint32_t offset(Iterator at) const {
    return static_cast<std::uint32_t>(at - script_.begin());
  }
  // Allocated on first use, as most scripts use few kinds.
  std::vector<std::uint32_t>& memo_of(Repetition r) {
    std::vector<std::uint32_t>& memo = memo_[static_cast<std::size_t>(r)];
    if (memo.empty()) memo.assign(script_.size() + 1, 0);
    return memo;
  }

  std::string_view script_;
  std::array<std::vector<std::uint32_t>, kRepetitions> memo_;
  std::size_t depth_ = 0;
};

// The context key under which the grammar finds its ScriptMemo.
struct script_memo_id;

// `repeat<R>[item]`: `*item` through the script's memo.
template <Repetition R, typename Subject>
struct memoised_repeat : x3::unary_parser<Subject, memoised_repeat<R, Subject>> {
  using base_type = x3::unary_parser<Subject, memoised_repeat<R, Subject>>;
  using attribute_type = x3::unused_type;
  static bool const has_attribute = false;

  constexpr explicit memoised_repeat(Subject const& subject) : base_type(subject) {}

  template <typename Context, typename RContext, typename Attribute>
  bool parse(Iterator& first, Iterator const& last, Context const& context, RContext& rcontext,
             Attribute&) const {
    ScriptMemo& memo = x3::get<script_memo_id>(context);
    first = memo.repeat<R>(first, [&](Iterator& at) {
      return this->subject.parse(at, last, context, rcontext, x3::unused);
    });
    return true;
  }
};

template <Repetition R>
struct memoised_repeat_gen {
  template <typename Subject>
  constexpr auto operator[](Subject const& subject) const {
    using Parser = typename x3::extension::as_parser<Subject>::value_type;
    return memoised_repeat<R, Parser>(x3::as_parser(subject));
  }
};

template <Repetition R>
constexpr memoised_repeat_gen<R> repeat{};

// The constructs that nest: they can hold each other, so they are rules, defined below.
x3::rule<class dollar_id> const dollar = "dollar";
x3::rule<class double_quoted_id> const double_quoted = "double_quoted";
x3::rule<class substitution_body_id> const substitution_body = "substitution_body";
x3::rule<class parameter_body_id> const parameter_body = "parameter_body";
x3::rule<class arithmetic_body_id> const arithmetic_body = "arithmetic_body";

auto const single_quoted = lit('\'') >> *(char_ - '\'') >> lit('\'');
auto const back_quoted =
    lit('`') >> repeat<Repetition::BackQuoted>[(lit('\\') >> char_) | (char_ - '`' - '\\')] >>
    lit('`');
// A backslash at the very end of the script stands for itself.
auto const escaped = lit('\\') >> (char_ | x3::eoi);
auto const name = (byte_classes::alpha | char_('_')) >> *(byte_classes::alnum | char_('_'));
auto const special_parameter = char_("@*#?$!0-9-");

auto const dollar_def = lit('$') >> ((lit("((") >> arithmetic_body >> lit("))")) |
                                     (lit('(') >> substitution_body >> lit(')')) |
                                     (lit('{') >> parameter_body >> lit('}')) | name |
                                     special_parameter | x3::eps);
auto const double_quoted_def =
    lit('"') >>
    repeat<Repetition::DoubleQuoted>[(lit('\\') >> char_) | dollar | back_quoted |
                                     (char_ - char_("\"\\$`"))] >>
    lit('"');
auto const substitution_body_def = repeat<Repetition::Substitution>[
    single_quoted | double_quoted | back_quoted | dollar | escaped |
    (lit('(') >> substitution_body >> lit(')')) | (char_ - char_("()'\"`$\\"))];
auto const parameter_body_def = repeat<Repetition::Parameter>[
    single_quoted | double_quoted | back_quoted | dollar | escaped |
    (lit('{') >> parameter_body >> lit('}')) | (char_ - char_("{}'\"`$\\"))];
auto const arithmetic_body_def = repeat<Repetition::Arithmetic>[
    (lit('(') >> arithmetic_body >> lit(')')) | dollar | (char_ - char_("()$"))];

BOOST_SPIRIT_DEFINE(dollar, double_quoted, substitution_body, parameter_body, arithmetic_body)

auto const plain = char_ - char_(" \t\r\n|&;<>()'\"\\`$");
// Plain characters first: they are most of any script.
auto const word = +(+plain | single_quoted | double_quoted | back_quoted | dollar | escaped);
auto const io_number = +byte_classes::digit >> &char_("<>");
auto const comment = lit('#') >> *(char_ - '\n');
}  // namespace shell_grammar

namespace {

using shell_grammar::Iterator;

// Longest first, so "&&" wins over "&" and "<<-" over "<<".
constexpr std::array<std::string_view, 23> kOperators = {
    ";;&", "<<<", "<<-", "&>>", "&&", "||", ";;", ";&", "&>", "|&", "<<", "<>",
    "<&",  ">>",  ">&",  ">|",  ";",  "&",  "|",  "<",  ">",  "(",  ")"};

template <typename Parser>
std::size_t match_length(std::string_view rest, const Parser& parser) {
  Iterator first = rest.begin();
  if (!x3::parse(first, rest.end(), parser)) return 0;
  return static_cast<std::size_t>(first - rest.begin());
}

// The tokens of `script` into `result`, up to the first byte no token can start at.
template <typename WordParser>
void lex_tokens(std::string_view script, const WordParser& word, ShellLexResult& result) {
  std::size_t pos = 0;
  while (pos < script.size()) {
    char c = script[pos];
    if (c == ' ' || c == '\t' || c == '\r') {
      ++pos;
      continue;
    }
    // "\<newline>" is a line continuation to the shell: no token at all.
    if (c == '\\' && pos + 1 < script.size() && script[pos + 1] == '\n') {
      pos += 2;
      continue;
    }
    std::string_view rest = script.substr(pos);
    ShellTokenKind kind = ShellTokenKind::Word;
    std::size_t length = 0;
    if (c == '#') {
      kind = ShellTokenKind::Comment;
      length = match_length(rest, shell_grammar::comment);
    } else if (c == '\n') {
      kind = ShellTokenKind::Newline;
      length = 1;
    } else if (std::isdigit(static_cast<unsigned char>(c)) &&
               (length = match_length(rest, shell_grammar::io_number)) != 0) {
      kind = ShellTokenKind::IoNumber;
    } else if (std::string_view(";&|<>()").find(c) == std::string_view::npos) {
      length = match_length(rest, word);
    } else {
      for (std::string_view op : kOperators) {
        if (rest.substr(0, op.size()) == op) {
          kind = ShellTokenKind::Operator;
          length = op.size();
          break;
        }
      }
      if (length == 0) length = match_length(rest, word);
    }
    if (length == 0) {
      result.error_offset = pos;
      result.error = c == '\'' || c == '"' || c == '`' || c == '$'
                         ? "unterminated quote or substitution"
                         : "cannot read the shell word here";
      return;
    }
    result.tokens.push_back({kind, {pos, pos + length}});
    pos += length;
  }
}

}  // namespace

ShellLexResult lex_shell(std::string_view script) {
  ShellLexResult result;
  if (script.size() > shell_grammar::ScriptMemo::kMaxScript) {
    result.error_offset = 0;
    result.error = "script too large";
    return result;
  }
  shell_grammar::ScriptMemo memo(script);
  auto const word = x3::with<shell_grammar::script_memo_id>(memo)[shell_grammar::word];
  try {
    lex_tokens(script, word, result);
  } catch (const shell_grammar::NestedTooDeeply& too_deep) {
    result.error_offset = too_deep.offset;
    result.error = "nested too deeply";
  }
  return result;
}

std::size_t shell_nesting_depth(std::string_view s) {
  enum class Context : char { Code, Paren, Brace, Double, Back };
  std::vector<Context> stack{Context::Code};
  std::size_t deepest = 1;
  auto push = [&](Context c) {
    stack.push_back(c);
    deepest = std::max(deepest, stack.size());
  };
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    Context top = stack.back();
    if (c == '\\') {
      ++i;
      continue;
    }
    if (top == Context::Back) {
      if (c == '`') stack.pop_back();
      continue;
    }
    if (c == '$' && i + 1 < s.size() && (s[i + 1] == '(' || s[i + 1] == '{')) {
      push(s[i + 1] == '(' ? Context::Paren : Context::Brace);
      ++i;
      continue;
    }
    if (c == '`') {
      push(Context::Back);
      continue;
    }
    if (top == Context::Double) {
      if (c == '"') stack.pop_back();
      continue;
    }
    if (c == '\'') {
      std::size_t close = s.find('\'', i + 1);
      if (close == std::string_view::npos) break;
      i = close;
    } else if (c == '"') {
      push(Context::Double);
    } else if (c == '(') {
      push(Context::Paren);
    } else if (c == ')' && top == Context::Paren) {
      stack.pop_back();
    } else if (c == '}' && top == Context::Brace) {
      stack.pop_back();
    }
  }
  return deepest;
}

namespace {

bool starts_expansion(char c) {
  return std::isalpha(static_cast<unsigned char>(c)) || c == '_' || c == '{' || c == '(' ||
         std::string_view("@*#?$!-0123456789").find(c) != std::string_view::npos;
}

// bash expands "{a,b}" and "{1..3}"; dash does not, but a RUN may run under bash.
bool has_brace_expansion(std::string_view raw) {
  std::size_t open = raw.find('{');
  if (open == std::string_view::npos) return false;
  std::size_t close = raw.find('}', open);
  if (close == std::string_view::npos) return false;
  std::string_view inside = raw.substr(open + 1, close - open - 1);
  return inside.find(',') != std::string_view::npos || inside.find("..") != std::string_view::npos;
}

}  // namespace

ShellWord make_shell_word(std::string_view script, Span span) {
  ShellWord word;
  word.span = span;
  std::string_view raw = span.of(script);
  word.text = std::string(raw);
  std::string unquoted;  // the characters outside any quotes, for the brace check
  for (std::size_t i = 0; i < raw.size(); ++i) {
    char c = raw[i];
    if (c == '\'') {
      std::size_t close = raw.find('\'', i + 1);
      if (close == std::string_view::npos) close = raw.size();
      word.value.append(raw.substr(i + 1, close - i - 1));
      i = close;
    } else if (c == '"') {
      for (++i; i < raw.size() && raw[i] != '"'; ++i) {
        char d = raw[i];
        if (d == '\\' && i + 1 < raw.size() &&
            std::string_view("$`\"\\\n").find(raw[i + 1]) != std::string_view::npos) {
          word.value += raw[++i];
        } else if ((d == '$' && i + 1 < raw.size() && starts_expansion(raw[i + 1])) || d == '`') {
          word.has_expansion = true;
          word.value += d;
        } else {
          word.value += d;
        }
      }
    } else if (c == '\\') {
      if (i + 1 < raw.size()) word.value += raw[++i];
      else word.value += c;
    } else {
      if ((c == '$' && i + 1 < raw.size() && starts_expansion(raw[i + 1])) || c == '`')
        word.has_expansion = true;
      if (c == '*' || c == '?' || c == '[') word.has_glob = true;
      if (c == '~' && i == 0) word.has_glob = true;  // tilde expansion: not a fixed string either
      unquoted += c;
      word.value += c;
    }
  }
  if (has_brace_expansion(unquoted)) word.has_glob = true;
  word.literal = !word.has_expansion && !word.has_glob;
  if (!word.literal && word.has_expansion) word.value.clear();
  return word;
}

}  // namespace dfopt
