#include "syntax/buildkit_dump.h"

#include <cstdint>
#include <cstdio>

#include "syntax/text.h"

namespace dfopt {
namespace {

// Go's unicode.IsPrint, approximated: controls, separators other than ' ', and the common format
// characters are escaped; everything else is printed as is.
bool is_printable(std::uint32_t cp) {
  if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0xA0) || cp == 0xAD) return false;
  if (cp == 0x1680 || cp == 0x180E || (cp >= 0x2000 && cp <= 0x200F)) return false;
  if ((cp >= 0x2028 && cp <= 0x202F) || (cp >= 0x205F && cp <= 0x206F)) return false;
  if (cp == 0x3000 || cp == 0xFEFF || (cp >= 0xFFF9 && cp <= 0xFFFB)) return false;
  if ((cp >= 0x600 && cp <= 0x605) || cp == 0x61C || cp == 0x6DD || cp == 0x70F) return false;
  if (cp >= 0xE000 && cp <= 0xF8FF) return false;  // private use
  return true;
}

void append_escape(std::string& out, const char* fmt, std::uint32_t value) {
  char buf[16];
  std::snprintf(buf, sizeof buf, fmt, value);
  out += buf;
}

void append_flags(std::string& out, const std::vector<Flag>& flags) {
  if (flags.empty()) return;
  out += " [";
  for (std::size_t i = 0; i < flags.size(); ++i) {
    if (i) out += ' ';
    out += go_quote(flags[i].text);
  }
  out += ']';
}

std::string dump_instruction(const Instruction& ins) {
  std::string out = to_lower(ins.keyword_text);
  append_flags(out, ins.flags);
  if (ins.trigger) {
    out += " (";
    out += dump_instruction(*ins.trigger);
    out += ')';
    return out;
  }
  for (const std::string& arg : ins.arguments) {
    out += ' ';
    out += go_quote(arg);
  }
  return out;
}

}  // namespace

std::string go_quote(std::string_view s) {
  std::string out = "\"";
  for (std::size_t i = 0; i < s.size();) {
    std::uint32_t cp = 0;
    std::size_t n = decode_utf8(s, i, cp);
    if (n == 0) {
      append_escape(out, "\\x%02x", static_cast<unsigned char>(s[i]));
      ++i;
      continue;
    }
    switch (cp) {
      case '\a': out += "\\a"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\v': out += "\\v"; break;
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      default:
        if (is_printable(cp)) out.append(s.substr(i, n));
        else if (cp < 0x80) append_escape(out, "\\x%02x", cp);
        else if (cp < 0x10000) append_escape(out, "\\u%04x", cp);
        else append_escape(out, "\\U%08x", cp);
    }
    i += n;
  }
  out += '"';
  return out;
}

std::string buildkit_dump(const Document& doc) {
  std::string out;
  for (const Node& node : doc.nodes) {
    if (node.kind != NodeKind::Instruction) continue;
    out += '(';
    out += dump_instruction(*node.instruction);
    out += ")\n";
  }
  return out;
}

}  // namespace dfopt
