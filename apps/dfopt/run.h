#pragma once
#include "cli_options.h"

namespace dfopt::cli {

// Exit status: 0 nothing to change, 1 changes or findings, 2 errors.
int run(const CliOptions& options);

}  // namespace dfopt::cli
