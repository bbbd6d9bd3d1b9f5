#include "shell/substitutions.h"

namespace dfopt {
namespace {

constexpr std::size_t npos = std::string_view::npos;

std::size_t skip_double_quoted(std::string_view w, std::size_t i);
std::size_t matching_paren(std::string_view w, std::size_t open);

// `i` is at a backquote; returns the index just past its closing one (npos when unterminated).
std::size_t skip_back_quoted(std::string_view w, std::size_t i) {
  for (++i; i < w.size(); ++i) {
    if (w[i] == '\\') ++i;
    else if (w[i] == '`') return i + 1;
  }
  return npos;
}

// `i` is at a double quote; returns the index just past the closing one.
std::size_t skip_double_quoted(std::string_view w, std::size_t i) {
  for (++i; i < w.size();) {
    char c = w[i];
    if (c == '\\') i += 2;
    else if (c == '"') return i + 1;
    else if (c == '`') { if ((i = skip_back_quoted(w, i)) == npos) return npos; }
    else if (c == '$' && i + 1 < w.size() && w[i + 1] == '(') {
      std::size_t close = matching_paren(w, i + 1);
      if (close == npos) return npos;
      i = close + 1;
    } else ++i;
  }
  return npos;
}

// `open` is at '('; returns the index of the ')' that closes it.
std::size_t matching_paren(std::string_view w, std::size_t open) {
  std::size_t depth = 0;
  for (std::size_t i = open; i < w.size();) {
    char c = w[i];
    switch (c) {
      case '\\': i += 2; continue;
      case '\'': {
        std::size_t close = w.find('\'', i + 1);
        if (close == npos) return npos;
        i = close + 1;
        continue;
      }
      case '"': if ((i = skip_double_quoted(w, i)) == npos) return npos; continue;
      case '`': if ((i = skip_back_quoted(w, i)) == npos) return npos; continue;
      case '(': ++depth; break;
      case ')':
        if (--depth == 0) return i;
        break;
      default: break;
    }
    ++i;
  }
  return npos;
}

std::string unescape_back_quoted(std::string_view body) {
  std::string out;
  out.reserve(body.size());
  for (std::size_t i = 0; i < body.size(); ++i) {
    if (body[i] == '\\' && i + 1 < body.size() &&
        (body[i + 1] == '$' || body[i + 1] == '`' || body[i + 1] == '\\')) {
      out += body[++i];
      continue;
    }
    out += body[i];
  }
  return out;
}

bool is_name_start(char c) { return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_name_char(char c) { return is_name_start(c) || (c >= '0' && c <= '9'); }

// An arithmetic expression assigns: `=`, `+=`, … (but not `==`, `!=`, `<=`, `>=`), `++`, `--`.
bool arithmetic_assigns(std::string_view body) {
  for (std::size_t i = 0; i < body.size(); ++i) {
    char c = body[i];
    if ((c == '+' || c == '-') && i + 1 < body.size() && body[i + 1] == c) return true;
    if (c != '=') continue;
    if (i + 1 < body.size() && body[i + 1] == '=') { ++i; continue; }
    char before = i > 0 ? body[i - 1] : ' ';
    if (before == '=' || before == '!') continue;
    if ((before == '<' || before == '>') && !(i > 1 && body[i - 2] == before)) continue;
    return true;
  }
  return false;
}

}  // namespace

std::size_t substitution_end(std::string_view w, std::size_t at) {
  if (w.substr(at, 1) == "`") return skip_back_quoted(w, at);
  if (w.substr(at, 2) != "$(") return npos;
  std::size_t close = matching_paren(w, at + 1);
  return close == npos ? npos : close + 1;
}

std::vector<std::string> command_substitutions(std::string_view w) {
  std::vector<std::string> out;
  bool in_double = false;
  for (std::size_t i = 0; i < w.size();) {
    char c = w[i];
    if (c == '\\') { i += 2; continue; }
    if (c == '\'' && !in_double) {
      std::size_t close = w.find('\'', i + 1);
      if (close == npos) return out;
      i = close + 1;
      continue;
    }
    if (c == '"') { in_double = !in_double; ++i; continue; }
    if (c == '`') {
      std::size_t end = skip_back_quoted(w, i);
      if (end == npos) return out;
      out.push_back(unescape_back_quoted(w.substr(i + 1, end - i - 2)));
      i = end;
      continue;
    }
    if (c == '$' && i + 1 < w.size() && w[i + 1] == '(') {
      if (i + 2 < w.size() && w[i + 2] == '(') {  // arithmetic: look inside it as plain text
        i += 3;
        continue;
      }
      std::size_t close = matching_paren(w, i + 1);
      if (close == npos) return out;
      out.emplace_back(w.substr(i + 2, close - i - 2));
      i = close + 1;
      continue;
    }
    ++i;
  }
  return out;
}

bool word_assigns_variable(std::string_view w) {
  bool in_double = false;
  for (std::size_t i = 0; i < w.size(); ++i) {
    char c = w[i];
    if (c == '\\') { ++i; continue; }
    if (c == '\'' && !in_double) {
      std::size_t close = w.find('\'', i + 1);
      if (close == npos) return false;
      i = close;
      continue;
    }
    if (c == '"') { in_double = !in_double; continue; }
    if (c != '$' || i + 1 >= w.size()) continue;
    if (w[i + 1] == '{') {
      std::size_t j = i + 2;
      if (j >= w.size() || !is_name_start(w[j])) continue;
      while (j < w.size() && is_name_char(w[j])) ++j;
      if (j < w.size() && w[j] == '=') return true;
      if (j + 1 < w.size() && w[j] == ':' && w[j + 1] == '=') return true;
    } else if (w.substr(i + 1, 2) == "((") {
      std::size_t close = w.find("))", i + 3);
      if (arithmetic_assigns(w.substr(i + 3, close == npos ? npos : close - i - 3))) return true;
    }
  }
  return false;
}

}  // namespace dfopt
