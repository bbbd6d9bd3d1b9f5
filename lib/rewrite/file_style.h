#pragma once
// The habits of one Dockerfile that new text must follow (brief §5): line endings, escape
// character, how continuation lines of a RUN are indented and where `&&` goes when a chain is
// split over lines. Detected by majority over the file; defaults follow Docker's own examples.
#include <string>

#include "syntax/syntax_tree.h"

namespace dfopt {

enum class ChainPlacement {
  LineEnd,    // apt-get update && \      (the operator ends the line)
  LineStart,  // apt-get update \ + "    && apt-get install"
};

struct FileStyle {
  std::string newline = "\n";
  char escape = '\\';
  std::string indent = "    ";  // leading white space of a RUN's continuation lines
  ChainPlacement chain = ChainPlacement::LineEnd;

  // " \" + newline + indent: where a new continuation line starts.
  std::string line_break() const { return std::string(" ") + escape + newline + indent; }
};

FileStyle detect_style(const Document& doc);
// detect_style, computed once per document.
const FileStyle& file_style(const Document& doc);

// The newline a node ends with ("\r\n", "\n"), or `fallback` when it has none (end of file).
std::string node_newline(const Document& doc, const Node& node, std::string_view fallback);

}  // namespace dfopt
