#include "shell/run_script.h"

#include <string>
#include <unordered_map>

#include "shell/shell_parser.h"

namespace dfopt {
namespace {

struct TextHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view text) const { return std::hash<std::string_view>{}(text); }
};

// Parsing is a pure function of the text, so a cache keyed by text can never be stale. It is
// per thread (files are processed in parallel) and simply starts over when it grows large.
std::shared_ptr<const ShellScript> cached_parse(std::string_view text) {
  constexpr std::size_t kMaxEntries = 8192;
  thread_local std::unordered_map<std::string, std::shared_ptr<const ShellScript>, TextHash,
                                  std::equal_to<>>
      cache;
  auto it = cache.find(text);
  if (it != cache.end()) return it->second;
  if (cache.size() >= kMaxEntries) cache.clear();
  auto parsed = std::make_shared<const ShellScript>(parse_shell(text));
  cache.emplace(std::string(text), parsed);
  return parsed;
}

}  // namespace

std::optional<RunScript> parse_run_script(const Instruction& run) {
  if (run.keyword != Keyword::Run || run.form != ArgumentForm::Shell || !run.heredocs.empty())
    return std::nullopt;
  std::string_view text = run.arguments_text();
  auto offset = static_cast<std::size_t>(text.data() - run.line.text().data());
  if (!run.shell_memo) run.shell_memo = cached_parse(text);
  return RunScript(run, offset, std::static_pointer_cast<const ShellScript>(run.shell_memo));
}

}  // namespace dfopt
