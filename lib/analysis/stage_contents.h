#pragma once
// What a stage holds when an instruction runs, as far as the Dockerfile tells: the base image's
// known tools, the system packages and download programs the RUNs before it (in its stage and
// the stages it is built FROM) installed, ran or removed, the directories WORKDIRs made, the
// variables ARG and ENV declared, and whether a USER instruction or a RUN that may make
// symlinks came first. A base stage's `ONBUILD RUN` triggers count in the stages built FROM it,
// as they run there before the first instruction. One forward pass per document; a question costs one step per stage of
// the chain, so rules that ask at every instruction stay linear in the file.
//
// Presence is claimed only from calls that ran whenever their RUN succeeded (not conditional,
// see ProgramCall); a removal counts wherever it may run.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "analysis/image_tools.h"
#include "analysis/stages.h"
#include "shell/run_script.h"

namespace dfopt {

// A system package (apt, apk, yum/dnf/microdnf, zypper), or a download program seen running.
struct HeldPackage {
  bool present = false;
  bool recommends = false;     // some install of it brought its recommends (not apt's
                               // --no-install-recommends; other managers always count)
  bool fetched_https = false;  // it ran with an https:// argument, so it can fetch over https
  std::string group;           // the `apk add --virtual` group that brought it
};

class StageContents {
 public:
  explicit StageContents(const Document& doc);
  // The document's stage contents, computed once per document.
  static const StageContents& of(const Document& doc);

  // The image the stage chain of instruction `index` starts from, as written, and what it is
  // known to carry.
  const std::string& base(std::size_t index) const;
  const std::optional<ImageTools>& image_tools(std::size_t index) const;
  // The package or program `name` before instruction `index` runs (after, when `inclusive`).
  HeldPackage package(std::size_t index, std::string_view name, bool inclusive = false) const;
  // What the package managers used so far say `tar` is (apk: busybox, unless `apk add tar`).
  std::optional<bool> gnu_tar(std::size_t index) const { return before(index).gnu_tar; }
  // A system package manager installed something: the RUNs run as root.
  bool installs_packages(std::size_t index) const { return before(index).installs; }
  bool user_instruction(std::size_t index) const { return before(index).user; }
  // A RUN may have made a symlink (`ln -s`, or a script dfopt cannot fully read that says
  // `ln `): lexically disjoint paths may be one folder.
  bool may_make_symlinks(std::size_t index) const { return before(index).symlinks; }
  // `path` (absolute, clean) is a folder every Linux base image has, or a WORKDIR of the chain
  // made it, up to and including the one in effect at `index`.
  bool directory_exists(std::size_t index, const std::string& path) const;
  // ENV of the chain, or ARG of the stage itself, declared `name` before `index`.
  bool variable_declared(std::size_t index, const std::string& name) const;

 private:
  struct Flags {
    std::optional<bool> gnu_tar;
    bool apk_tar = false;  // `apk add tar`: GNU tar on Alpine
    bool installs = false, user = false, symlinks = false;
  };
  struct PackageEvent {
    std::size_t index;  // the instruction after which the state holds
    HeldPackage state;
  };
  struct StageBase {
    std::string reference;
    std::optional<ImageTools> tools;
  };

  const Flags& before(std::size_t index) const { return flags_[index]; }
  // The latest of `indices` (sorted) in the chain of `index`, before it; ancestors only when
  // `inherited`.
  bool any_in_chain(const std::vector<std::size_t>& indices, std::size_t index,
                    bool inherited) const;
  const PackageEvent* latest(const std::vector<PackageEvent>& events, std::size_t index,
                             bool inclusive) const;
  void learn_run(std::size_t index, const RunScript& run, Flags& flags);
  void set_package(std::size_t index, const std::string& name, const HeldPackage& state);

  const StageMap& stages_;
  std::vector<Flags> flags_;            // per instruction: in effect before it
  std::vector<StageBase> stage_bases_;  // per stage
  std::unordered_map<std::string, std::vector<PackageEvent>> packages_;
  std::unordered_map<std::string, std::vector<std::string>> group_members_;
  std::unordered_map<std::string, std::vector<std::size_t>> directories_, env_, args_;
};

}  // namespace dfopt
