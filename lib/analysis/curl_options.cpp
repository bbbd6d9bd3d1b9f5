#include "analysis/curl_options.h"

namespace dfopt {

bool curl_reports_itself(const ProgramCall& call) {
  static constexpr OptionSpelling kWriteOut{.long_name = "--write-out", .short_name = 'w', .value_letters = kCurlValueLetters};
  static constexpr OptionSpelling kVersion{.long_name = "--version", .short_name = 'V', .value_letters = kCurlValueLetters};
  static constexpr OptionSpelling kHelp{.long_name = "--help", .short_name = 'h', .value_letters = kCurlValueLetters};
  return has_option(call, kWriteOut) || has_option(call, kVersion) || has_option(call, kHelp);
}

}  // namespace dfopt
