#include "shell/package_commands.h"

#include <array>
#include <initializer_list>

#include "shell/command_name.h"

namespace dfopt {
namespace {

struct ManagerSpelling {
  std::string_view name;
  PackageManager manager;
};

constexpr std::array<ManagerSpelling, 13> kManagers = {{
    {"apt-get", PackageManager::AptGet},
    {"apt", PackageManager::Apt},
    {"apk", PackageManager::Apk},
    {"yum", PackageManager::Yum},
    {"dnf", PackageManager::Dnf},
    {"microdnf", PackageManager::Microdnf},
    {"zypper", PackageManager::Zypper},
    {"pip", PackageManager::Pip},
    {"pip3", PackageManager::Pip},
    {"npm", PackageManager::Npm},
    {"yarn", PackageManager::Yarn},
    {"pnpm", PackageManager::Pnpm},
    {"gem", PackageManager::Gem},
}};

std::optional<PackageManager> manager_named(std::string_view name) {
  std::size_t slash = name.rfind('/');
  if (slash != std::string_view::npos) name = name.substr(slash + 1);
  // Most commands are not package managers: a cheap first-letter test before the table.
  if (name.empty() || std::string_view("adgmnpyz").find(name.front()) == std::string_view::npos)
    return std::nullopt;
  for (const ManagerSpelling& m : kManagers)
    if (m.name == name) return m.manager;
  // pip3.11, pip2
  if (name.starts_with("pip") && name.size() > 3 &&
      name.find_first_not_of("0123456789.", 3) == std::string_view::npos)
    return PackageManager::Pip;
  return std::nullopt;
}

bool is_python(std::string_view name) {
  std::size_t slash = name.rfind('/');
  if (slash != std::string_view::npos) name = name.substr(slash + 1);
  return name.starts_with("python") &&
         name.find_first_not_of("0123456789.", 6) == std::string_view::npos;
}

// Options that take the next word as their value when written before the action.
bool option_takes_value(PackageManager manager, std::string_view option) {
  switch (manager) {
    case PackageManager::AptGet:
    case PackageManager::Apt: return option == "-o" || option == "-c" || option == "-t";
    case PackageManager::Apk:
      return option == "-X" || option == "--repository" || option == "-p" || option == "--root";
    case PackageManager::Yum:
    case PackageManager::Dnf:
    case PackageManager::Microdnf: return option == "-c" || option == "--config";
    case PackageManager::Zypper: return option == "--root" || option == "-R";
    case PackageManager::Pip: return option == "--proxy" || option == "--log";
    default: return false;
  }
}

bool is_one_of(std::string_view word, std::initializer_list<std::string_view> words) {
  for (std::string_view w : words)
    if (word == w) return true;
  return false;
}

}  // namespace

PackageAction PackageCommand::action_kind() const {
  using A = PackageAction;
  std::string_view a = action;
  switch (manager) {
    case PackageManager::AptGet:
    case PackageManager::Apt:
      if (a == "update") return A::Refresh;
      if (is_one_of(a, {"install", "reinstall", "build-dep"})) return A::Install;
      if (is_one_of(a, {"upgrade", "dist-upgrade", "full-upgrade"})) return A::Upgrade;
      if (is_one_of(a, {"remove", "purge", "autoremove", "autopurge"})) return A::Remove;
      if (is_one_of(a, {"clean", "autoclean", "distclean", "dist-clean"})) return A::Clean;
      return A::Other;
    case PackageManager::Apk:
      if (a == "update") return A::Refresh;
      if (a == "add") return A::Install;
      if (a == "upgrade") return A::Upgrade;
      if (a == "del") return A::Remove;
      if (a == "cache") {
        for (const ShellWord* w : operands())
          if (w->value == "clean" || w->value == "purge") return A::Clean;
      }
      return A::Other;
    case PackageManager::Yum:
    case PackageManager::Dnf:
    case PackageManager::Microdnf:
      if (a == "makecache") return A::Refresh;
      if (is_one_of(a, {"install", "groupinstall", "localinstall", "reinstall", "downgrade",
                        "group", "module", "swap"}))
        return A::Install;
      if (is_one_of(a, {"update", "upgrade", "update-minimal", "upgrade-minimal", "distro-sync",
                        "distrosync"}))
        return A::Upgrade;
      if (is_one_of(a, {"remove", "erase", "autoremove"})) return A::Remove;
      if (a == "clean") return A::Clean;
      return A::Other;
    case PackageManager::Zypper:
      if (a == "refresh" || a == "ref") return A::Refresh;
      if (is_one_of(a, {"install", "in", "source-install", "si"})) return A::Install;
      if (is_one_of(a, {"update", "up", "dist-upgrade", "dup", "patch"})) return A::Upgrade;
      if (a == "remove" || a == "rm") return A::Remove;
      if (a == "clean" || a == "cc") return A::Clean;
      return A::Other;
    case PackageManager::Pip:
    case PackageManager::Gem:
      if (a == "install") return A::Install;
      if (a == "uninstall") return A::Remove;
      return A::Other;
    case PackageManager::Npm:
      if (is_one_of(a, {"install", "i", "add", "ci", "clean-install", "ic", "install-clean",
                        "install-test", "it", "install-ci-test", "cit"}))
        return A::Install;
      if (is_one_of(a, {"uninstall", "remove", "rm", "r", "un", "unlink"})) return A::Remove;
      if (a == "update" || a == "up" || a == "upgrade") return A::Upgrade;
      return A::Other;
    case PackageManager::Yarn:
    case PackageManager::Pnpm:
      if (is_one_of(a, {"install", "add", "i"})) return A::Install;
      if (a == "remove" || a == "rm" || a == "uninstall") return A::Remove;
      if (a == "upgrade" || a == "update" || a == "up") return A::Upgrade;
      return A::Other;
  }
  return A::Other;
}

std::string_view package_manager_name(PackageManager manager) {
  for (const ManagerSpelling& m : kManagers)
    if (m.manager == manager) return m.name;
  return "?";
}

bool same_package_family(PackageManager a, PackageManager b) {
  auto family = [](PackageManager m) {
    switch (m) {
      case PackageManager::Apt: return PackageManager::AptGet;
      case PackageManager::Dnf:
      case PackageManager::Microdnf: return PackageManager::Yum;
      default: return m;
    }
  };
  return family(a) == family(b);
}

std::optional<PackageCommand> package_command(const ShellCommand& command,
                                              std::size_t name_index) {
  if (command.kind != ShellCommandKind::Simple || command.words.size() <= name_index)
    return std::nullopt;
  const auto& words = command.words;
  std::optional<std::string_view> program = command_name(words[name_index]);
  if (!program) return std::nullopt;
  std::string_view name = *program;
  std::size_t first_option = name_index + 1;
  std::optional<PackageManager> manager = manager_named(name);
  // python -m pip install ...
  if (!manager && is_python(name) && words.size() > name_index + 3 &&
      words[name_index + 1].value == "-m" && words[name_index + 2].literal &&
      manager_named(words[name_index + 2].value) == PackageManager::Pip) {
    manager = PackageManager::Pip;
    first_option = name_index + 3;
  }
  if (!manager) return std::nullopt;
  for (std::size_t i = first_option; i < words.size(); ++i) {
    const ShellWord& word = words[i];
    if (!word.literal) return std::nullopt;
    if (word.value.starts_with("-")) {
      if (option_takes_value(*manager, word.value)) ++i;
      continue;
    }
    return PackageCommand{*manager, &command, name_index, i, word.value};
  }
  return std::nullopt;
}

bool PackageCommand::has_option(std::string_view option) const {
  bool short_letter = option.size() == 2 && option[0] == '-' && option[1] != '-';
  for (std::size_t i = name_index + 1; i < command->words.size(); ++i) {
    std::string_view w = command->words[i].value;
    if (w == option) return true;
    if (w.size() > option.size() && w.starts_with(option) && w[option.size()] == '=') return true;
    // "-qy" holds "-y"; "-oDebug::x=yes" does not (only clusters of bare letters count).
    if (short_letter && w.size() > 2 && w[0] == '-' && w[1] != '-' &&
        w.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ", 1) ==
            std::string_view::npos &&
        w.find(option[1]) != std::string_view::npos)
      return true;
  }
  return false;
}

std::vector<const ShellWord*> PackageCommand::operands() const {
  std::vector<const ShellWord*> out;
  for (std::size_t i = action_index + 1; i < command->words.size(); ++i)
    if (!command->words[i].value.starts_with("-") || !command->words[i].literal)
      out.push_back(&command->words[i]);
  return out;
}

}  // namespace dfopt
