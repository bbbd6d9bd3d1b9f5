#pragma once
// The instruction keywords Docker knows. Keywords are case-insensitive in Dockerfiles.
#include <string_view>

namespace dfopt {

enum class Keyword {
  Unknown,
  Add, Arg, Cmd, Copy, Entrypoint, Env, Expose, From, Healthcheck, Label,
  Maintainer, Onbuild, Run, Shell, Stopsignal, User, Volume, Workdir,
};

// Case-insensitive lookup; Unknown for anything else.
Keyword keyword_from_text(std::string_view word);

// Canonical upper-case spelling ("RUN"); "" for Unknown.
std::string_view keyword_name(Keyword keyword);

// Instructions whose shell-form argument may carry heredocs (BuildKit: RUN, COPY, ADD).
bool keyword_allows_heredoc(Keyword keyword);

}  // namespace dfopt
