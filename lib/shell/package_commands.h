#pragma once
// Recognises package-manager commands in a shell tree: which manager, which action
// ("update", "install", "add", ...), and where the action word sits, so passes can insert
// options right after it. Anything not recognised with certainty is not a package command:
// the passes then leave it alone.
#include <optional>
#include <string_view>

#include "shell/shell_syntax.h"

namespace dfopt {

enum class PackageManager { AptGet, Apt, Apk, Yum, Dnf, Microdnf, Zypper, Pip, Npm, Yarn, Pnpm, Gem };

// What an action word does, across managers' spellings (`apt-get install`, `apk add`, `zypper
// in`, `dnf groupinstall`): rules ask "does this install?" of one vocabulary, not their own.
enum class PackageAction {
  Refresh,  // fetches the package index: apt-get/apk update, yum/dnf makecache, zypper refresh
  Install,  // installs named packages (reinstall, localinstall, yum group/module/swap included)
  Upgrade,  // upgrades what is installed: apt-get upgrade/dist-upgrade, yum update, zypper dup
  Remove,   // removes packages: remove/purge/autoremove, apk del, yum erase, pip uninstall
  Clean,    // empties the manager's cache: apt-get clean, yum clean, zypper cc, apk cache clean
  Other,
};

struct PackageCommand {
  PackageManager manager;
  const ShellCommand* command = nullptr;
  std::size_t name_index = 0;    // index in command->words of the manager's name (after sudo, env, ...)
  std::size_t action_index = 0;  // index in command->words of the action word
  std::string_view action;       // its literal value

  PackageAction action_kind() const;

  // True when a word of the command (options included) equals `option` or starts with
  // `option=`; also matches the combined short form ("-qy" has "-y").
  bool has_option(std::string_view option) const;
  // The words after the action that are not options: packages, mostly.
  std::vector<const ShellWord*> operands() const;
};

// `name_index`: where the program's name is, when wrappers come first (`sudo apt-get …` has 1);
// lib/analysis/program_calls finds it.
std::optional<PackageCommand> package_command(const ShellCommand& command,
                                              std::size_t name_index = 0);

std::string_view package_manager_name(PackageManager manager);

// The managers apt-get and apt share a package index, yum/dnf/microdnf theirs.
bool same_package_family(PackageManager a, PackageManager b);

}  // namespace dfopt
