#include "syntax/json_array.h"

#include <boost/spirit/home/x3.hpp>
#include <cstdint>
#include <vector>

#include "syntax/byte_classes.h"
#include "syntax/text.h"

namespace dfopt {
namespace x3 = boost::spirit::x3;

namespace json_grammar {

using x3::char_;
using x3::lit;

auto const ws = *char_(" \t\r\n");
auto const control = char_('\x00', '\x1f');
auto const escape = lit('\\') >> (char_("\"\\/bfnrt") | (lit('u') >> x3::repeat(4)[byte_classes::xdigit]));
auto const string_literal = lit('"') >> *(escape | (char_ - '"' - '\\' - control)) >> lit('"');
auto const digits = +char_('0', '9');
auto const number = -lit('-') >> (lit('0') | (char_('1', '9') >> *char_('0', '9'))) >>
                    -(lit('.') >> digits) >> -(char_("eE") >> -char_("+-") >> digits);

auto const scalar = string_literal | number | lit("true") | lit("false") | lit("null");

// Go's encoding/json refuses nesting deeper than this (the outer array counts as 1): BuildKit
// then reads the instruction as shell form.
constexpr std::size_t kMaxDepth = 10000;

// Any JSON value nested in the outer array. A recursive rule would let `[[[[…` exhaust the call
// stack, so arrays and objects are tracked with an explicit stack of the closers they expect.
struct nested_value_parser : x3::parser<nested_value_parser> {
  using attribute_type = x3::unused_type;
  static bool const has_attribute = false;

  template <typename Iterator, typename Context, typename RContext, typename Attribute>
  bool parse(Iterator& first, Iterator const& last, Context const&, RContext&, Attribute&) const {
    Iterator it = first;
    std::vector<char> closers;
    auto skip = [&](auto const& p) { return x3::parse(it, last, p); };
    auto open = [&](char closer) {
      if (closers.size() + 2 > kMaxDepth) return false;
      closers.push_back(closer);
      skip(ws);
      return true;
    };
    auto member_key = [&] { return skip(string_literal >> ws >> ':' >> ws); };
    for (;;) {
      // A value is expected here.
      if (it == last) return false;
      if (*it == '[' || *it == '{') {
        const char closer = *it == '[' ? ']' : '}';
        ++it;
        if (!open(closer)) return false;
        if (it != last && *it == closer) {
          ++it;
          closers.pop_back();
        } else {
          if (closer == '}' && !member_key()) return false;
          continue;
        }
      } else if (!skip(scalar)) {
        return false;
      }
      // After a value: close containers until one continues with a comma.
      for (;;) {
        if (closers.empty()) {
          first = it;
          return true;
        }
        skip(ws);
        if (it == last) return false;
        if (*it == closers.back()) {
          ++it;
          closers.pop_back();
          continue;
        }
        if (*it != ',') return false;
        ++it;
        skip(ws);
        if (closers.back() == '}' && !member_key()) return false;
        break;
      }
    }
  }
};
nested_value_parser const value{};

}  // namespace json_grammar

namespace {

void append_utf8(std::string& out, std::uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

constexpr std::uint32_t kReplacement = 0xFFFD;

std::uint32_t hex4(std::string_view s) {
  std::uint32_t v = 0;
  for (char c : s.substr(0, 4)) {
    v <<= 4;
    if (c >= '0' && c <= '9') v |= static_cast<std::uint32_t>(c - '0');
    else if (c >= 'a' && c <= 'f') v |= static_cast<std::uint32_t>(c - 'a' + 10);
    else v |= static_cast<std::uint32_t>(c - 'A' + 10);
  }
  return v;
}

// Decodes the body of a syntactically valid JSON string literal the way Go does: surrogate
// pairs combine, lone surrogates and invalid UTF-8 become U+FFFD.
std::string decode_string(std::string_view body) {
  std::string out;
  out.reserve(body.size());
  for (std::size_t i = 0; i < body.size();) {
    char c = body[i];
    if (c != '\\') {
      std::uint32_t cp = 0;
      std::size_t n = decode_utf8(body, i, cp);
      if (n == 0) {
        append_utf8(out, kReplacement);
        ++i;
      } else {
        out.append(body.substr(i, n));
        i += n;
      }
      continue;
    }
    char e = body[i + 1];
    i += 2;
    switch (e) {
      case 'b': out += '\b'; break;
      case 'f': out += '\f'; break;
      case 'n': out += '\n'; break;
      case 'r': out += '\r'; break;
      case 't': out += '\t'; break;
      case 'u': {
        std::uint32_t cp = hex4(body.substr(i));
        i += 4;
        if (cp >= 0xD800 && cp < 0xDC00) {
          if (i + 6 <= body.size() && body[i] == '\\' && body[i + 1] == 'u') {
            std::uint32_t low = hex4(body.substr(i + 2));
            if (low >= 0xDC00 && low < 0xE000) {
              cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
              i += 6;
            } else {
              cp = kReplacement;
            }
          } else {
            cp = kReplacement;
          }
        } else if (cp >= 0xDC00 && cp < 0xE000) {
          cp = kReplacement;
        }
        append_utf8(out, cp);
        break;
      }
      default: out += e; break;  // " \ /
    }
  }
  return out;
}

}  // namespace

JsonArray parse_json_array(std::string_view text) {
  using namespace json_grammar;
  JsonArray result;
  bool all_strings = true;
  std::vector<std::string> elements;
  auto on_string = [&](auto& ctx) {
    auto const& range = x3::_attr(ctx);
    std::string_view raw(&*range.begin(), static_cast<std::size_t>(range.end() - range.begin()));
    elements.push_back(decode_string(raw.substr(1, raw.size() - 2)));
  };
  auto on_other = [&](auto&) { all_strings = false; };
  auto const element = x3::raw[string_literal][on_string] | x3::omit[value][on_other];
  auto const top = ws >> lit('[') >> ws >> -(element % (ws >> ',' >> ws)) >> ws >> lit(']');

  auto first = text.begin();
  if (!x3::parse(first, text.end(), top)) return result;
  result.end = static_cast<std::size_t>(first - text.begin());
  if (!all_strings) {
    result.status = JsonArray::Status::NotAllStrings;
    return result;
  }
  result.status = JsonArray::Status::Strings;
  result.elements = std::move(elements);
  return result;
}

std::string json_quote(std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(text.size() + 2);
  out += '"';
  for (char c : text) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          out += "\\u00";
          out += kHex[(c >> 4) & 0xF];
          out += kHex[c & 0xF];
        } else {
          out += c;
        }
    }
  }
  out += '"';
  return out;
}

}  // namespace dfopt
