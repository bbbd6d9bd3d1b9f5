#include "analysis/package_calls.h"

namespace dfopt {
namespace {

// A distinct type for the memo slot.
struct PackageCallList {
  std::vector<PackageCall> calls;
};

}  // namespace

const std::vector<PackageCall>& package_calls(const ShellScript& script) {
  return script.memo
      .get<PackageCallList>([&script] {
        PackageCallList list;
        for (const ProgramCall& call : program_calls(script).calls())
          if (auto package = package_command(*call.command, call.name_index))
            list.calls.push_back({call, *package});
        return list;
      })
      .calls;
}

}  // namespace dfopt
