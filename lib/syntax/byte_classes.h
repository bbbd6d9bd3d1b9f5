#pragma once
// ASCII character classes for Spirit X3 grammars that read arbitrary bytes. X3's own classes
// (x3::digit, x3::alpha, x3::ascii::alnum, ...) go through <cctype>-style lookups that are only
// defined for ASCII: a byte above 0x7F trips an assertion in builds without NDEBUG and is
// undefined behaviour otherwise, and a Dockerfile may hold any bytes. These match exactly the
// same ASCII characters and simply fail on every other byte.
#include <boost/spirit/home/x3.hpp>

namespace dfopt::byte_classes {

namespace x3 = boost::spirit::x3;

inline auto const digit = x3::char_('0', '9');
inline auto const xdigit = x3::char_('0', '9') | x3::char_('a', 'f') | x3::char_('A', 'F');
inline auto const alpha = x3::char_('a', 'z') | x3::char_('A', 'Z');
inline auto const alnum = alpha | digit;

}  // namespace dfopt::byte_classes
