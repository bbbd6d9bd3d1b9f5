#include "analysis/stages.h"

#include <array>
#include <unordered_map>

#include "analysis/windows_images.h"
#include "syntax/text.h"

namespace dfopt {
namespace {

// A WORKDIR argument resolved against the known working directory; nullopt when it holds a
// variable or is relative to an unknown directory.
std::optional<std::string> resolve_workdir(std::string_view path,
                                           const std::optional<std::string>& current) {
  if (path.empty() || path.find('$') != std::string_view::npos) return std::nullopt;
  std::string resolved;
  if (path.front() == '/') {
    resolved = std::string(path);
  } else {
    if (!current) return std::nullopt;
    resolved = *current == "/" ? "/" + std::string(path) : *current + "/" + std::string(path);
  }
  while (resolved.size() > 1 && resolved.back() == '/') resolved.pop_back();
  return resolved;
}

// What SHELL, WORKDIR and USER change for the instructions after them.
void apply_config(const Instruction& ins, InstructionFacts& state) {
  switch (ins.keyword) {
    case Keyword::Shell:
      state.shell = shell_from_instruction(ins);
      state.posix_shell = state.shell.posix;
      break;
    case Keyword::Workdir:
      state.workdir = ins.arguments.empty() ? std::nullopt
                                            : resolve_workdir(ins.arguments.front(), state.workdir);
      break;
    case Keyword::User:
      if (!ins.arguments.empty() && ins.arguments.front().find('$') == std::string::npos)
        state.user = ins.arguments.front();
      else
        state.user.reset();
      break;
    default: break;
  }
}

}  // namespace

bool is_root_user(std::string_view user) {
  std::string_view name = user.substr(0, user.find(':'));
  return name == "root" || name == "0";
}

StageMap::StageMap(const Document& doc) : instructions_(doc.instructions()) {
  facts_.resize(instructions_.size());
  InstructionFacts state;  // before the first FROM: no stage
  std::vector<InstructionFacts> stage_end_state;
  std::unordered_map<std::string, std::size_t> stage_by_name;  // a later stage of a name wins
  std::unordered_map<std::size_t, std::vector<const Instruction*>> onbuild_triggers;  // per stage
  for (std::size_t i = 0; i < instructions_.size(); ++i) {
    const Instruction& ins = *instructions_[i]->instruction;
    if (ins.keyword == Keyword::From) {
      if (!stages_.empty()) {
        stages_.back().end = i;
        stage_end_state.push_back(state);
      }
      Stage stage;
      stage.first = i;
      if (!ins.arguments.empty()) stage.base = ins.arguments.front();
      if (ins.arguments.size() >= 3) stage.name = to_lower(ins.arguments[2]);
      state = InstructionFacts{};
      std::string base = to_lower(stage.base);
      if (auto named = stage_by_name.find(base); named != stage_by_name.end()) {
        stage.parent = named->second;
        state = stage_end_state[named->second];
        used_as_base_[named->second] = true;
        for (const Instruction* trigger : onbuild_triggers[named->second])
          apply_config(*trigger, state);
      }
      if (!stage.parent) {
        state.posix_shell = !is_windows_stage(doc, i);
        if (!state.posix_shell) state.shell = windows_default_shell();
        if (base == "scratch") {
          state.workdir = "/";
          state.user = "root";
        }
      }
      state.stage = stages_.size();
      if (!stage.name.empty()) stage_by_name[stage.name] = stages_.size();
      stages_.push_back(std::move(stage));
      used_as_base_.push_back(false);
      facts_[i] = state;
      continue;
    }
    facts_[i] = state;
    apply_config(ins, state);
    // A trigger runs in the stages built FROM this one, before their first instruction.
    if (ins.keyword == Keyword::Onbuild && ins.trigger && state.stage)
      onbuild_triggers[*state.stage].push_back(ins.trigger.get());
  }
  if (!stages_.empty()) stages_.back().end = instructions_.size();
}

const StageMap& StageMap::of(const Document& doc) {
  return doc.memo.get<StageMap>([&doc] { return StageMap(doc); });
}

bool StageMap::is_used_as_base(std::size_t stage) const { return used_as_base_[stage]; }

}  // namespace dfopt
