#pragma once
// The package-manager commands a script runs, wherever they are: behind `sudo`/`env`/`xargs`,
// inside `sh -c '…'` or a `$(…)`. Rules that add options or cleanups use `call.nested` to know
// whether the words can be edited, and `call.through_sudo` to run an added cleanup the same way.
#include <vector>

#include "analysis/program_calls.h"
#include "shell/package_commands.h"

namespace dfopt {

struct PackageCall {
  ProgramCall call;
  PackageCommand package;

  // The words are the RUN script's own (not an inner script's), so a fix may edit them.
  bool editable() const { return !call.nested; }
};

// Computed once per script tree.
const std::vector<PackageCall>& package_calls(const ShellScript& script);

}  // namespace dfopt
