#pragma once
// Which build-context file a path in the image came from: the last `COPY`/`ADD` from the
// context (no `--from`, no heredoc, no variables) before an instruction, in its stage or a stage
// it builds on, whose destination holds the path. Rules use it to read the file itself (does a
// script start with `#!`?). A RUN may have changed or replaced the file since; callers that
// need more than a hint must allow for that.
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "analysis/stages.h"

namespace dfopt {

// `image_path` is absolute and clean. Returns the path relative to `context`, the build
// context root, of the file that exists there and that the last COPY/ADD writing `image_path`
// copied; nullopt when none provably did (a glob or a variable may have).
std::optional<std::string> context_source_of(const Document& doc, const StageMap& stages,
                                             std::size_t index, std::string_view image_path,
                                             const std::filesystem::path& context);

}  // namespace dfopt
