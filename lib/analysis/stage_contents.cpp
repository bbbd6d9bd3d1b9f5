#include "analysis/stage_contents.h"

#include <algorithm>
#include <array>

#include "analysis/package_calls.h"
#include "analysis/program_calls.h"
#include "shell/run_script.h"

namespace dfopt {
namespace {

// Folders every Linux base image has.
constexpr std::array<std::string_view, 25> kStandardDirectories = {
    "/",         "/bin",       "/etc",       "/home",          "/lib",           "/mnt",
    "/opt",      "/root",      "/sbin",      "/srv",           "/tmp",           "/usr",
    "/usr/bin",  "/usr/lib",   "/usr/local", "/usr/local/bin", "/usr/local/lib", "/usr/local/share",
    "/usr/sbin", "/usr/share", "/var",       "/var/cache",     "/var/lib",       "/var/log",
    "/var/tmp"};

// Programs whose runs rules ask about (a download tool that ran is there).
constexpr std::array<std::string_view, 2> kWatchedPrograms = {"curl", "wget"};

bool is_system_manager(PackageManager m) {
  switch (m) {
    case PackageManager::AptGet:
    case PackageManager::Apt:
    case PackageManager::Apk:
    case PackageManager::Yum:
    case PackageManager::Dnf:
    case PackageManager::Microdnf:
    case PackageManager::Zypper: return true;
    default: return false;
  }
}

// "curl=7.88.1-10" -> "curl"; "curl>8" -> "curl".
std::string package_name(std::string_view operand) {
  return std::string(operand.substr(0, operand.find_first_of("=<>~")));
}

std::string apk_virtual_group(const PackageCommand& pkg) {
  const auto& words = pkg.command->words;
  for (std::size_t i = pkg.action_index + 1; i < words.size(); ++i) {
    std::string_view w = words[i].value;
    if ((w == "--virtual" || w == "-t") && i + 1 < words.size()) return words[i + 1].value;
    if (w.starts_with("--virtual=")) return std::string(w.substr(10));
  }
  return "";
}

// `run` is null when the script cannot be read.
bool makes_symlink(const Document& doc, const Node& node, const RunScript* run) {
  if (!run || !program_calls(run->shell).complete())
    return doc.text(node.span).find("ln ") != std::string_view::npos;
  for (const ProgramCall& call : program_calls(run->shell).calls()) {
    if (call.program != "ln") continue;
    for (std::size_t i = 0; i < call.argument_count(); ++i) {
      std::string_view a = call.argument(i)->value;
      if (a == "--symbolic" || (a.starts_with("-") && !a.starts_with("--") &&
                                a.find('s') != std::string_view::npos))
        return true;
    }
  }
  return false;
}

void add_index(std::vector<std::size_t>& indices, std::size_t index) {
  if (indices.empty() || indices.back() != index) indices.push_back(index);
}

}  // namespace

StageContents::StageContents(const Document& doc)
    : stages_(StageMap::of(doc)), flags_(stages_.instructions().size()) {
  const auto& instructions = stages_.instructions();
  std::vector<Flags> stage_end(stages_.stages().size());
  // ONBUILD RUN triggers of each stage: they run in the stages built FROM it, before their
  // first instruction.
  std::vector<std::vector<const Node*>> onbuild_runs(stages_.stages().size());
  auto learn = [&](std::size_t index, const Node& node, const Instruction& run, Flags& flags) {
    std::optional<RunScript> script = parse_run_script(run);
    bool readable = script && script->shell.parsed && stages_.facts(index).posix_shell;
    if (makes_symlink(doc, node, readable ? &*script : nullptr)) flags.symlinks = true;
    if (readable) learn_run(index, *script, flags);
  };
  for (std::size_t s = 0; s < stages_.stages().size(); ++s) {
    const Stage& stage = stages_.stages()[s];
    Flags flags = stage.parent ? stage_end[*stage.parent] : Flags{};
    StageBase base = stage.parent ? stage_bases_[*stage.parent] : StageBase{stage.base, {}};
    if (!stage.parent) base.tools = known_image_tools(stage.base);
    stage_bases_.push_back(std::move(base));
    for (std::size_t i = stage.first; i < stage.end; ++i) {
      flags_[i] = flags;
      if (i == stage.first) {
        if (stage.parent)
          for (const Node* trigger : onbuild_runs[*stage.parent])
            learn(i, *trigger, *trigger->instruction->trigger, flags);
        continue;
      }
      const InstructionFacts& facts = stages_.facts(i);
      if (facts.workdir) add_index(directories_[*facts.workdir], i);
      const Node& node = *instructions[i];
      const Instruction& ins = *node.instruction;
      switch (ins.keyword) {
        case Keyword::Run: learn(i, node, ins, flags); break;
        case Keyword::Onbuild:
          if (ins.trigger && ins.trigger->keyword == Keyword::Run) onbuild_runs[s].push_back(&node);
          break;
        case Keyword::User: flags.user = true; break;
        case Keyword::Env:
          for (std::size_t a = 0; a < ins.arguments.size(); a += 3) add_index(env_[ins.arguments[a]], i);
          break;
        case Keyword::Arg:  // ARGs end with their stage
          for (const std::string& word : ins.arguments)
            add_index(args_[word.substr(0, word.find('='))], i);
          break;
        default: break;
      }
    }
    stage_end[s] = flags;
  }
}

const StageContents& StageContents::of(const Document& doc) {
  return doc.memo.get<StageContents>([&doc] { return StageContents(doc); });
}

void StageContents::learn_run(std::size_t index, const RunScript& run, Flags& flags) {
  const RunScript* script = &run;
  for (const PackageCall& pc : package_calls(script->shell)) {
    const PackageCommand& pkg = pc.package;
    if (!is_system_manager(pkg.manager)) continue;
    PackageAction kind = pkg.action_kind();
    if (kind == PackageAction::Other || kind == PackageAction::Clean) continue;
    if (pkg.manager == PackageManager::Apk) {
      if (!flags.apk_tar) flags.gnu_tar = false;
    } else {
      flags.gnu_tar = true;
    }
    bool install = kind == PackageAction::Install && !pc.call.conditional;
    bool removal = kind == PackageAction::Remove;
    if (install) flags.installs = true;
    if (!install && !removal) continue;
    bool apt = pkg.manager == PackageManager::AptGet || pkg.manager == PackageManager::Apt;
    bool recommends = !apt || !pkg.has_option("--no-install-recommends");
    std::string group = pkg.manager == PackageManager::Apk ? apk_virtual_group(pkg) : "";
    for (const ShellWord* word : pkg.operands()) {
      if (!word->literal) continue;
      std::string name = package_name(word->value);
      if (removal) {
        set_package(index, name, {});
        if (auto members = group_members_.find(name); members != group_members_.end())
          for (const std::string& member : members->second)
            if (package(index, member, true).group == name) set_package(index, member, {});
        continue;
      }
      HeldPackage state = package(index, name, true);
      state.present = true;
      state.recommends = state.recommends || recommends;
      state.group = group;
      if (!group.empty()) group_members_[group].push_back(name);
      set_package(index, name, state);
      if (name == "tar" && pkg.manager == PackageManager::Apk) {
        flags.apk_tar = true;
        flags.gnu_tar = true;
      }
    }
  }
  for (const ProgramCall& call : program_calls(script->shell).calls()) {
    if (call.conditional ||
        std::find(kWatchedPrograms.begin(), kWatchedPrograms.end(), call.program) ==
            kWatchedPrograms.end())
      continue;
    HeldPackage state = package(index, call.program, true);
    state.present = true;
    for (std::size_t a = 0; a < call.argument_count(); ++a)
      if (call.argument(a)->value.starts_with("https://")) state.fetched_https = true;
    set_package(index, std::string(call.program), state);
  }
}

void StageContents::set_package(std::size_t index, const std::string& name,
                                const HeldPackage& state) {
  std::vector<PackageEvent>& events = packages_[name];
  if (!events.empty() && events.back().index == index)
    events.back().state = state;
  else
    events.push_back({index, state});
}

const StageContents::PackageEvent* StageContents::latest(const std::vector<PackageEvent>& events,
                                                         std::size_t index, bool inclusive) const {
  std::optional<std::size_t> stage = stages_.facts(index).stage;
  std::size_t limit = inclusive ? index + 1 : index;
  while (stage) {
    const Stage& s = stages_.stages()[*stage];
    auto it = std::lower_bound(events.begin(), events.end(), limit,
                               [](const PackageEvent& e, std::size_t i) { return e.index < i; });
    // Stages own contiguous ranges: the last event before `limit` is this stage's or none is.
    if (it != events.begin() && std::prev(it)->index >= s.first) return &*std::prev(it);
    stage = s.parent;
    if (stage) limit = stages_.stages()[*stage].end;
  }
  return nullptr;
}

bool StageContents::any_in_chain(const std::vector<std::size_t>& indices, std::size_t index,
                                 bool inherited) const {
  std::optional<std::size_t> stage = stages_.facts(index).stage;
  std::size_t limit = index;
  while (stage) {
    const Stage& s = stages_.stages()[*stage];
    auto it = std::lower_bound(indices.begin(), indices.end(), limit);
    if (it != indices.begin() && *std::prev(it) >= s.first) return true;
    if (!inherited) return false;
    stage = s.parent;
    if (stage) limit = stages_.stages()[*stage].end;
  }
  return false;
}

const std::string& StageContents::base(std::size_t index) const {
  static const std::string kNone;
  std::optional<std::size_t> stage = stages_.facts(index).stage;
  return stage ? stage_bases_[*stage].reference : kNone;
}

const std::optional<ImageTools>& StageContents::image_tools(std::size_t index) const {
  static const std::optional<ImageTools> kNone;
  std::optional<std::size_t> stage = stages_.facts(index).stage;
  return stage ? stage_bases_[*stage].tools : kNone;
}

HeldPackage StageContents::package(std::size_t index, std::string_view name,
                                   bool inclusive) const {
  auto it = packages_.find(std::string(name));
  if (it == packages_.end()) return {};
  const PackageEvent* event = latest(it->second, index, inclusive);
  return event ? event->state : HeldPackage{};
}

bool StageContents::directory_exists(std::size_t index, const std::string& path) const {
  for (std::string_view d : kStandardDirectories)
    if (path == d) return true;
  if (stages_.facts(index).workdir == path) return true;
  auto it = directories_.find(path);
  return it != directories_.end() && any_in_chain(it->second, index, true);
}

bool StageContents::variable_declared(std::size_t index, const std::string& name) const {
  if (auto it = env_.find(name); it != env_.end() && any_in_chain(it->second, index, true))
    return true;
  auto it = args_.find(name);
  return it != args_.end() && any_in_chain(it->second, index, false);
}

}  // namespace dfopt
