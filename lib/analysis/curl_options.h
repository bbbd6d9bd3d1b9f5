#pragma once
// curl's options the rules ask about, in every spelling curl accepts (see call_options.h), from
// `curl --help all`; and whether a call is one whose download the rules leave alone.
#include <string_view>

#include "analysis/call_options.h"

namespace dfopt {

// curl's short options that take a value (`-o FILE`), so `-of` is `-o f`.
inline constexpr std::string_view kCurlValueLetters = "AbcCdDeEFHKmoPQrtTuUwxXyYz";

inline constexpr OptionSpelling kCurlOutput{.long_name = "--output", .short_name = 'o', .value_letters = kCurlValueLetters};
inline constexpr OptionSpelling kCurlRemoteName{.long_name = "--remote-name", .short_name = 'O',
                                                .value_letters = kCurlValueLetters};
inline constexpr OptionSpelling kCurlRemoteNameAll{.long_name = "--remote-name-all"};
inline constexpr OptionSpelling kCurlOutputDir{.long_name = "--output-dir"};

// The call only prints curl's version or help, or writes the HTTP status with -w/--write-out
// for the script to check: what it downloads, the script already judges.
bool curl_reports_itself(const ProgramCall& call);

}  // namespace dfopt
