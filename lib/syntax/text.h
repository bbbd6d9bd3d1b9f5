#pragma once
// Small byte-level text predicates shared by the parser and the passes. Dockerfile syntax is
// ASCII; everything else is opaque bytes that must pass through untouched.
#include <cstdint>
#include <string>
#include <string_view>

namespace dfopt {

// Go's unicode.IsSpace restricted to ASCII, which is what BuildKit's splitters see in practice.
inline bool is_blank(char c) { return c == ' ' || c == '\t'; }
inline bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

// Decodes the UTF-8 sequence at s[i] into `code_point`; returns its length, or 0 when the bytes
// there are not valid UTF-8 (overlong, surrogate, truncated, out of range).
std::size_t decode_utf8(std::string_view s, std::size_t i, std::uint32_t& code_point);

// Length of the white-space character at s[i] as Go's unicode.IsSpace sees it (ASCII blanks,
// U+0085, U+00A0, U+1680, U+2000..U+200A, U+2028, U+2029, U+202F, U+205F, U+3000), or 0.
// BuildKit trims these around instructions, so text pasted with a non-breaking space still parses.
std::size_t unicode_space_length(std::string_view s, std::size_t i);
// Leading white space as unicode.IsSpace defines it.
std::string_view trim_left_unicode(std::string_view s);

inline char ascii_lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }
inline char ascii_upper(char c) { return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 32) : c; }

bool iequals(std::string_view a, std::string_view b);
std::string to_lower(std::string_view s);
std::string to_upper(std::string_view s);

std::string_view trim(std::string_view s);
std::string_view trim_left(std::string_view s);
std::string_view trim_right(std::string_view s);

bool starts_with_icase(std::string_view s, std::string_view prefix);

}  // namespace dfopt
