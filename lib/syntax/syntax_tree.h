#pragma once
// The lossless concrete syntax tree of a Dockerfile.
//
// A Document owns the source bytes; every node and token is a Span into them. The nodes partition
// the source: concatenating the spans of `Document::nodes` gives back the input byte for byte, and
// inside an instruction the tokens partition the instruction's span the same way. Semantic views
// (keyword, flags, arguments, heredocs) are derived from BuildKit's "logical line" - the
// instruction with continuations joined and interior comment lines dropped - and map back to
// source bytes through `LogicalLine`.
//
// The tree is immutable: passes describe changes as text edits on the source and the document is
// parsed again, so untouched bytes can never change.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "syntax/keyword.h"
#include "syntax/memo.h"
#include "syntax/source_location.h"

namespace dfopt {

enum class TokenKind : std::uint8_t {
  LineText,      // the content of one physical line of the instruction, minus continuation/newline
  Continuation,  // the escape character ending a line, plus any blanks after it
  Newline,       // "\n", "\r\n" (any run of '\r' before '\n'), or a bare '\r' run at end of file
  CommentLine,   // a whole '#' line inside a continued instruction (BuildKit drops it)
  EmptyLine,     // a blank line inside a continued instruction (BuildKit drops it, with a warning)
  HeredocBody,   // the lines of one heredoc body, newlines included
  HeredocEnd,    // the heredoc's terminator line, without its newline
};

struct Token {
  TokenKind kind;
  Span span;
};

// The text BuildKit reads for one instruction, with a map back to source offsets.
class LogicalLine {
 public:
  struct Piece {
    std::size_t logical;  // offset in text()
    std::size_t source;   // offset in the document
    std::size_t length;
  };

  const std::string& text() const { return text_; }
  const std::vector<Piece>& pieces() const { return pieces_; }
  void append(std::string_view bytes, std::size_t source_offset);
  // The document offset of a logical offset; offsets at a piece boundary map to the start of
  // the next piece, the end maps just past the last byte.
  std::size_t to_source(std::size_t logical) const;
  // The smallest source span covering logical [begin, end).
  Span to_source(std::size_t begin, std::size_t end) const;
  // The part from logical offset `from` on, still mapped to the same source bytes.
  LogicalLine slice(std::size_t from) const;

 private:
  std::string text_;
  std::vector<Piece> pieces_;
};

// A `--name=value` word before an instruction's arguments.
struct Flag {
  std::string text;     // as BuildKit reports it: quotes removed, escapes resolved
  Span logical;         // in the logical line
  Span source;          // in the document
  std::string_view name() const;   // "mount" for "--mount=type=cache"
  std::optional<std::string_view> value() const;
};

struct Heredoc {
  std::string name;         // delimiter after quote removal
  bool expand = true;       // unquoted delimiter: the builder expands variables in the body
  bool strip_tabs = false;  // "<<-": leading tabs are removed from body lines
  unsigned fd = 0;          // "3<<EOF"
  Span marker;              // "<<EOF" in the document
  Span body;                // body lines, newlines included
  Span terminator;          // the terminator line without newline; empty when unterminated
  bool terminated = true;
};

// How RUN/CMD/ENTRYPOINT/SHELL (and HEALTHCHECK CMD) arguments were written.
enum class ArgumentForm : std::uint8_t { None, Exec, Shell };

struct Instruction {
  Keyword keyword = Keyword::Unknown;
  std::string keyword_text;       // as written ("run", "Run", ...)
  Span keyword_span;              // in the document
  LogicalLine line;               // the joined instruction text (keyword included, left-trimmed)
  std::size_t arguments_offset = 0;  // logical offset of the arguments (after flags and blanks)
  std::vector<Flag> flags;
  ArgumentForm form = ArgumentForm::None;
  // The arguments exactly as BuildKit's parser produces them (its AST node values): JSON-decoded
  // elements for exec form, otherwise words, or key/value/separator triples for ENV and LABEL.
  std::vector<std::string> arguments;
  std::vector<Heredoc> heredocs;
  // ONBUILD's trigger. Its spans are document offsets too; its logical line is the parent's
  // from the trigger's keyword on.
  std::unique_ptr<Instruction> trigger;

  // A memo for the shell layer: the parsed RUN script, computed on first use and shared by
  // every rule that asks (see shell/run_script.cpp). Type-erased so the syntax tree does not
  // depend on the shell layer; a document is only ever used by one thread at a time.
  mutable std::shared_ptr<const void> shell_memo;

  // The logical text after keyword and flags, trimmed ("apt-get update && ..." for RUN).
  std::string_view arguments_text() const;
  bool has_flag(std::string_view name) const;
  const Flag* flag(std::string_view name) const;
};

enum class NodeKind : std::uint8_t {
  ByteOrderMark,  // the UTF-8 BOM at the very start
  Directive,      // "# syntax=...", "# escape=`", "# check=..." at the top
  Comment,        // a whole comment line
  BlankLine,      // a line of only blanks
  Instruction,    // one instruction with its continuation lines and heredoc bodies
};

struct Directive {
  std::string name;   // lower-case: syntax, escape, check
  std::string value;  // trimmed
};

struct Node {
  NodeKind kind;
  Span span;                 // whole lines, newline included
  std::vector<Token> tokens; // instructions only: partition `span`
  std::unique_ptr<Instruction> instruction;  // set for NodeKind::Instruction
  std::optional<Directive> directive;        // set for NodeKind::Directive
};

struct SyntaxError {
  std::size_t offset;
  std::string message;
};

struct Warning {
  std::size_t offset;
  std::string message;
};

// Names of the kinds, as the tree dump and tests print them ("LineText", "Instruction").
std::string_view token_kind_name(TokenKind kind);
std::string_view node_kind_name(NodeKind kind);

class Document {
 public:
  Document(std::string source, std::string path);

  const std::string& source() const { return source_; }
  const std::string& path() const { return path_; }
  std::string_view text(Span span) const { return span.of(source_); }
  Position position(std::size_t offset) const { return lines_.position(offset); }

  char escape = '\\';
  std::vector<Node> nodes;
  std::vector<SyntaxError> errors;  // what BuildKit would reject; empty for a buildable file
  std::vector<Warning> warnings;

  // Instruction nodes in order, for passes that only care about instructions.
  const std::vector<const Node*>& instructions() const;

  // Facts derived from this document by other layers (StageMap::of, file_style).
  Memo memo;

 private:
  std::string source_;
  std::string path_;
  LineIndex lines_;
};

}  // namespace dfopt
