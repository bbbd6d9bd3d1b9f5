#pragma once
// The part of a shell word that is the same under every environment: `"http://host/x-${V}.tgz"`
// starts with `http://host/x-` whatever V is. Rules that judge a word by its start (a URL's
// scheme and host) read this instead of giving up on every word with an expansion.
#include <string>

#include "shell/shell_syntax.h"

namespace dfopt {

// Quote removal of the word up to its first parameter, command or arithmetic expansion,
// unquoted glob character or leading tilde; the whole value when the word is literal.
std::string fixed_prefix(const ShellWord& word);

}  // namespace dfopt
