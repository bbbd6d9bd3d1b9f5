#include "syntax/parser.h"

#include <set>

#include "syntax/arguments.h"
#include "syntax/builder_flags.h"
#include "syntax/directive_line.h"
#include "syntax/heredoc_marker.h"
#include "syntax/text.h"

namespace dfopt {
namespace {

constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";

// One physical line: [begin, content_end) is its text, [content_end, end) its line ending.
struct PhysicalLine {
  std::size_t begin;
  std::size_t content_end;
  std::size_t end;
};

bool is_comment_line(std::string_view content) {
  std::string_view t = trim_left_unicode(content);
  return !t.empty() && t.front() == '#';
}

bool is_blank_line(std::string_view content) { return trim_left_unicode(content).empty(); }

class Parser {
 public:
  explicit Parser(Document& doc) : doc_(doc), src_(doc.source()) {}

  void run() {
    if (src_.starts_with(kByteOrderMark)) {
      doc_.nodes.push_back({NodeKind::ByteOrderMark, {0, 3}, {}, nullptr, std::nullopt});
      pos_ = 3;
    }
    parse_directives();
    while (pos_ < src_.size()) {
      PhysicalLine line = line_at(pos_);
      std::string_view content = text(line.begin, line.content_end);
      if (is_comment_line(content)) {
        push_line_node(NodeKind::Comment, line);
      } else if (is_blank_line(content)) {
        push_line_node(NodeKind::BlankLine, line);
      } else {
        parse_instruction();
      }
    }
    bool any = false;
    for (const Node& node : doc_.nodes) any = any || node.kind == NodeKind::Instruction;
    if (!any) error(src_.size(), "file with no instructions");
  }

 private:
  std::string_view text(std::size_t begin, std::size_t end) const {
    return src_.substr(begin, end - begin);
  }

  PhysicalLine line_at(std::size_t pos) const {
    std::size_t nl = src_.find('\n', pos);
    std::size_t end = nl == std::string_view::npos ? src_.size() : nl + 1;
    std::size_t content_end = nl == std::string_view::npos ? src_.size() : nl;
    while (content_end > pos && src_[content_end - 1] == '\r') --content_end;
    return {pos, content_end, end};
  }

  void error(std::size_t offset, std::string message) {
    doc_.errors.push_back({offset, std::move(message)});
  }

  void push_line_node(NodeKind kind, const PhysicalLine& line) {
    doc_.nodes.push_back({kind, {line.begin, line.end}, {}, nullptr, std::nullopt});
    pos_ = line.end;
  }

  // BuildKit reads directives twice: its frontend selection (`syntax`, `check`) skips a leading
  // "#!" line, its parser (`escape`) does not. A shebang line is a comment either way.
  void parse_directives() {
    std::set<std::string> seen;
    bool after_shebang = false;
    if (src_.substr(pos_).starts_with("#!")) {
      push_line_node(NodeKind::Comment, line_at(pos_));
      after_shebang = true;
    }
    while (pos_ < src_.size()) {
      PhysicalLine line = line_at(pos_);
      auto match = match_directive_line(trim_left_unicode(text(line.begin, line.content_end)));
      if (!match) return;
      std::string name = to_lower(match->name);
      if (!is_known_directive(name) || (after_shebang && name == "escape")) return;
      if (!seen.insert(name).second)
        error(line.begin, "only one " + name + " parser directive can be used");
      if (name == "escape") {
        if (match->value == "`" || match->value == "\\")
          doc_.escape = match->value[0];
        else
          error(line.begin, "invalid escape token '" + match->value + "' does not match ` or \\");
      }
      push_line_node(NodeKind::Directive, line);
      doc_.nodes.back().directive = Directive{name, match->value};
    }
  }

  // Splits a line's content into the part BuildKit keeps and a continuation marker. BuildKit's
  // rule: the last non-blank character is the escape and is not itself escaped.
  struct Continuation {
    std::size_t text_end;  // end of the kept text
    bool continues;
  };
  Continuation continuation(std::size_t begin, std::size_t end) const {
    std::size_t last = end;
    while (last > begin && is_blank(src_[last - 1])) --last;
    if (last == begin || src_[last - 1] != doc_.escape) return {end, false};
    std::size_t esc = last - 1;
    if (esc > begin && src_[esc - 1] == doc_.escape) return {end, false};
    return {esc, true};
  }

  void push_line_tokens(Node& node, const PhysicalLine& line, Continuation cont) {
    if (cont.text_end > line.begin) node.tokens.push_back({TokenKind::LineText, {line.begin, cont.text_end}});
    if (cont.continues) node.tokens.push_back({TokenKind::Continuation, {cont.text_end, line.content_end}});
    if (line.end > line.content_end) node.tokens.push_back({TokenKind::Newline, {line.content_end, line.end}});
  }

  void parse_instruction() {
    Node node{NodeKind::Instruction, {pos_, pos_}, {}, std::make_unique<Instruction>(), std::nullopt};
    Instruction& ins = *node.instruction;

    PhysicalLine line = line_at(pos_);
    std::size_t first = line.begin;
    while (std::size_t n = unicode_space_length(text(first, line.content_end), 0)) first += n;
    Continuation cont = continuation(first, line.content_end);
    push_line_tokens(node, line, cont);
    ins.line.append(text(first, cont.text_end), first);
    pos_ = line.end;
    bool empty_continuation = false;

    while (cont.continues && pos_ < src_.size()) {
      line = line_at(pos_);
      std::string_view content = text(line.begin, line.content_end);
      if (is_comment_line(content) || is_blank_line(content)) {
        bool comment = is_comment_line(content);
        empty_continuation = empty_continuation || !comment;
        if (line.content_end > line.begin)
          node.tokens.push_back({comment ? TokenKind::CommentLine : TokenKind::EmptyLine,
                                 {line.begin, line.content_end}});
        if (line.end > line.content_end)
          node.tokens.push_back({TokenKind::Newline, {line.content_end, line.end}});
        pos_ = line.end;
        continue;
      }
      cont = continuation(line.begin, line.content_end);
      push_line_tokens(node, line, cont);
      ins.line.append(text(line.begin, cont.text_end), line.begin);
      pos_ = line.end;
    }
    if (empty_continuation)
      doc_.warnings.push_back({node.span.begin, "empty continuation line"});

    analyze(ins, node.span.begin);
    read_heredoc_bodies(node, ins);
    node.span.end = pos_;
    doc_.nodes.push_back(std::move(node));
  }

  // Keyword, flags and arguments of an instruction whose logical line is set. A trigger's own
  // trigger is not read: BuildKit rejects `ONBUILD ONBUILD` (instruction_checks says so), and
  // reading n nested levels would copy the line n times.
  void analyze(Instruction& ins, std::size_t at, bool is_trigger = false) {
    std::string_view line = ins.line.text();
    std::size_t k = 0;
    while (std::size_t n = unicode_space_length(line, k)) k += n;
    std::size_t k_end = k;
    while (k_end < line.size() && !is_space(line[k_end])) ++k_end;
    ins.keyword_text = std::string(line.substr(k, k_end - k));
    ins.keyword = keyword_from_text(ins.keyword_text);
    ins.keyword_span = ins.line.to_source(k, k_end);

    std::size_t rest = k_end;
    while (rest < line.size() && is_space(line[rest])) ++rest;
    std::string_view rest_text = trim_right(line.substr(rest));
    BuilderFlags flags = extract_builder_flags(rest_text);
    for (auto& f : flags.flags) {
      Span logical{rest + f.span.begin, rest + f.span.end};
      ins.flags.push_back({std::move(f.text), logical, ins.line.to_source(logical.begin, logical.end)});
    }
    ins.arguments_offset = rest + flags.rest;

    if (ins.keyword == Keyword::Unknown) return;  // BuildKit's parser keeps it without arguments
    if (auto message = parse_arguments(ins, doc_.escape)) error(at, *message);
    if (ins.keyword == Keyword::Onbuild && !is_trigger) analyze_trigger(ins, at);
  }

  void analyze_trigger(Instruction& ins, std::size_t at) {
    std::string_view args = ins.arguments_text();
    if (args.empty()) return;
    std::size_t begin = static_cast<std::size_t>(args.data() - ins.line.text().data());
    ins.trigger = std::make_unique<Instruction>();
    ins.trigger->line = ins.line.slice(begin);
    analyze(*ins.trigger, at, /*is_trigger=*/true);
  }

  void read_heredoc_bodies(Node& node, Instruction& ins) {
    const Instruction& target = ins.trigger ? *ins.trigger : ins;
    if (!keyword_allows_heredoc(target.keyword) || target.form == ArgumentForm::Exec) return;
    for (HeredocMarker& marker : find_heredoc_markers(ins.line.text())) {
      Heredoc doc;
      doc.name = std::move(marker.name);
      doc.expand = marker.expand;
      doc.strip_tabs = marker.strip_tabs;
      doc.fd = marker.fd;
      doc.marker = ins.line.to_source(marker.span.begin, marker.span.end);
      std::size_t body_begin = pos_;
      doc.terminated = false;
      while (pos_ < src_.size()) {
        PhysicalLine line = line_at(pos_);
        std::string_view candidate = text(line.begin, line.content_end);
        if (doc.strip_tabs)
          while (!candidate.empty() && candidate.front() == '\t') candidate.remove_prefix(1);
        if (candidate == doc.name) {
          doc.body = {body_begin, line.begin};
          doc.terminator = {line.begin, line.content_end};
          doc.terminated = true;
          if (line.begin > body_begin) node.tokens.push_back({TokenKind::HeredocBody, doc.body});
          node.tokens.push_back({TokenKind::HeredocEnd, doc.terminator});
          if (line.end > line.content_end)
            node.tokens.push_back({TokenKind::Newline, {line.content_end, line.end}});
          pos_ = line.end;
          break;
        }
        pos_ = line.end;
      }
      if (!doc.terminated) {
        doc.body = {body_begin, pos_};
        doc.terminator = {pos_, pos_};
        if (pos_ > body_begin) node.tokens.push_back({TokenKind::HeredocBody, doc.body});
        error(node.span.begin, "unterminated heredoc");
      }
      ins.heredocs.push_back(std::move(doc));
    }
  }

  Document& doc_;
  std::string_view src_;
  std::size_t pos_ = 0;
};

}  // namespace

Document parse_dockerfile(std::string source, std::string path) {
  Document doc(std::move(source), std::move(path));
  Parser(doc).run();
  return doc;
}

}  // namespace dfopt
