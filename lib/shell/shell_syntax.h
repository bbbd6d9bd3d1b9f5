#pragma once
// The POSIX sh tree of a shell-form RUN body (or any one-line script).
//
// Spans are byte offsets into the script text the tree was parsed from; for a RUN that is the
// instruction's logical line from `arguments_offset` on, so `LogicalLine::to_source` maps them
// back to the document. The tree is read-only: passes describe changes as text edits.
//
// What the parser does not understand (bash arithmetic commands, `<<` here-documents inside a
// one-line script, nesting deeper than it is willing to follow) makes the whole script
// unparsed (`ShellScript::parsed == false`, with a reason): passes then leave it alone instead
// of guessing.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "syntax/memo.h"
#include "syntax/source_location.h"

namespace dfopt {

// One shell word as written ("'a b'", "$HOME/x", "pkg=1.*").
struct ShellWord {
  Span span;
  std::string text;  // raw, quotes and escapes kept
  // Quote removal gives a fixed string: no parameter, command or arithmetic expansion, and no
  // unquoted glob character or leading tilde. Then `value` holds that string.
  bool literal = false;
  std::string value;
  bool has_expansion = false;  // $..., `...`
  bool has_glob = false;       // unquoted * ? [
};

struct ShellRedirect {
  Span span;
  std::string op;  // ">", ">>", "<", "2>&1" is op ">&" with fd 2 and target "1"
  std::optional<int> fd;
  ShellWord target;
};

struct ShellList;

enum class ShellCommandKind {
  Simple,       // [assignments] [words] [redirections]
  Subshell,     // ( list )
  BraceGroup,   // { list; }
  If,           // if list; then list; [elif ...] [else list;] fi
  For,          // for name [in words]; do list; done
  While,        // while list; do list; done
  Until,        // until list; do list; done
  Case,         // case word in pattern) list;; ... esac
  FunctionDef,  // name() compound-command
  Test,         // [[ ... ]]: words only, operators inside are not the shell's
};

struct ShellCommand {
  ShellCommandKind kind = ShellCommandKind::Simple;
  Span span;
  std::vector<ShellWord> assignments;  // Simple: leading NAME=value words
  std::vector<ShellWord> words;        // Simple: command name and arguments; For: name + items;
                                       // Case: the subject word then the patterns; FunctionDef: name
  std::vector<ShellRedirect> redirects;
  std::vector<ShellList> bodies;       // compound commands: their lists, in source order

  // The command name after quote removal when it is literal ("apt-get"), else empty.
  std::string_view name() const;
  // Argument `i` (0 = first after the name).
  const ShellWord* argument(std::size_t i) const;
};

struct ShellPipeline {
  Span span;
  bool negated = false;  // "! cmd"
  std::vector<ShellCommand> commands;
};

enum class ShellConnector { And, Or };  // && ||

struct ShellAndOr {
  Span span;
  std::vector<ShellPipeline> pipelines;
  std::vector<ShellConnector> connectors;  // between pipelines: size = pipelines.size() - 1
  std::vector<Span> connector_spans;
};

enum class ShellTerminator { None, Semicolon, Ampersand, Newline };

struct ShellListItem {
  ShellAndOr and_or;
  ShellTerminator terminator = ShellTerminator::None;
  Span terminator_span;  // empty when None
};

struct ShellList {
  Span span;
  std::vector<ShellListItem> items;
};

struct ShellComment {
  Span span;  // from '#' to the end of its line
};

struct ShellScript {
  std::string text;
  bool parsed = false;
  std::string error;     // why not parsed
  std::size_t error_offset = 0;
  ShellList list;
  std::vector<ShellComment> comments;
  // Facts derived from the tree (lib/analysis: program calls, effects), computed on first use.
  // A tree is shared only within one thread (the parse cache is per thread).
  Memo memo;
};

}  // namespace dfopt
