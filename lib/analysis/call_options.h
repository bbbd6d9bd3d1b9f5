#pragma once
// Whether a program call already has an option, in every spelling a getopt-style program
// accepts: `--name`, `--name=value`, `-x`, and `x` inside a cluster of short options (`-rlm`)
// before a letter that takes a value (`-gl` is `-g l`). Rules that add a missing option ask
// this, so an option the author wrote in another spelling is never added twice.
#include <optional>
#include <string_view>

#include "analysis/program_calls.h"

namespace dfopt {

struct OptionSpelling {
  std::string_view long_name = {};      // "--no-log-init"; empty when there is none
  char short_name = 0;                  // 'l'; 0 when there is none
  std::string_view value_letters = {};  // its short options that take a value ("bcdefgGkKpsuZ")
  std::string_view value_longs[16] = {};  // its long options whose value is the next word ("--uid")
};

bool has_option(const ProgramCall& call, const OptionSpelling& option);

// The value of an option that takes one (its `short_name` is one of `value_letters`): the next
// word (`-o X`, `--output X`) or the rest of the word (`-oX`, `-so X`, `--output=X`). nullopt
// when the call does not have it; the last one counts, as for most programs.
struct OptionValue {
  const ShellWord* word;  // the word holding the value
  std::string_view value;
  bool whole_word;        // the value is all of `word` (so its raw text can be reused)
};
std::optional<OptionValue> option_value(const ProgramCall& call, const OptionSpelling& option);

// The first argument that is a plain cluster of short options (`-sSL`, not `--x`, not quoted),
// before any operand; nullptr when there is none.
const ShellWord* first_short_cluster(const ProgramCall& call);


}  // namespace dfopt
