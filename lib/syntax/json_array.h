#pragma once
// BuildKit's exec-form rule: an argument is exec form only if it is a JSON array of strings.
#include <string>
#include <string_view>
#include <vector>

namespace dfopt {

struct JsonArray {
  enum class Status {
    NotJson,        // not a JSON array at all: BuildKit silently falls back to shell form
    NotAllStrings,  // valid JSON array with a non-string element: BuildKit rejects the file
    Strings,        // exec form
  };
  Status status = Status::NotJson;
  std::vector<std::string> elements;  // decoded as Go's encoding/json decodes them
  std::size_t end = 0;                // offset just past ']' in the parsed text
};

// Parses a JSON array at the start of `text` (after blanks). Like Go's json.Decoder, anything
// after the closing bracket is not looked at.
JsonArray parse_json_array(std::string_view text);

// Encodes a string as a JSON string literal (quotes included), escaping only what JSON requires
// plus control characters, so that non-ASCII text stays readable.
std::string json_quote(std::string_view text);

}  // namespace dfopt
