#include "syntax/keyword.h"

#include <array>
#include <utility>

#include "syntax/text.h"

namespace dfopt {
namespace {

constexpr std::array<std::pair<std::string_view, Keyword>, 18> kKeywords{{
    {"ADD", Keyword::Add},           {"ARG", Keyword::Arg},
    {"CMD", Keyword::Cmd},           {"COPY", Keyword::Copy},
    {"ENTRYPOINT", Keyword::Entrypoint}, {"ENV", Keyword::Env},
    {"EXPOSE", Keyword::Expose},     {"FROM", Keyword::From},
    {"HEALTHCHECK", Keyword::Healthcheck}, {"LABEL", Keyword::Label},
    {"MAINTAINER", Keyword::Maintainer}, {"ONBUILD", Keyword::Onbuild},
    {"RUN", Keyword::Run},           {"SHELL", Keyword::Shell},
    {"STOPSIGNAL", Keyword::Stopsignal}, {"USER", Keyword::User},
    {"VOLUME", Keyword::Volume},     {"WORKDIR", Keyword::Workdir},
}};

}  // namespace

Keyword keyword_from_text(std::string_view word) {
  for (const auto& [name, keyword] : kKeywords)
    if (iequals(name, word)) return keyword;
  return Keyword::Unknown;
}

std::string_view keyword_name(Keyword keyword) {
  for (const auto& [name, value] : kKeywords)
    if (value == keyword) return name;
  return {};
}

bool keyword_allows_heredoc(Keyword keyword) {
  return keyword == Keyword::Run || keyword == Keyword::Copy || keyword == Keyword::Add;
}

}  // namespace dfopt
