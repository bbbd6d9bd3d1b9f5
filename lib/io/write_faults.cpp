#include "io/write_faults.h"

#include <atomic>

namespace dfopt {

namespace {

WriteFaultHook hook;
std::atomic<bool> hooked{false};  // so that the write path pays one load without a hook

}  // namespace

std::string_view write_step_name(WriteStep step) {
  switch (step) {
    case WriteStep::Open: return "open";
    case WriteStep::Permission: return "permission";
    case WriteStep::OpenUnnamedTemp: return "open-unnamed-temp";
    case WriteStep::OpenNamedTemp: return "open-named-temp";
    case WriteStep::Write: return "write";
    case WriteStep::Chown: return "chown";
    case WriteStep::Attributes: return "attributes";
    case WriteStep::Chmod: return "chmod";
    case WriteStep::Fsync: return "fsync";
    case WriteStep::Link: return "link";
    case WriteStep::Close: return "close";
    case WriteStep::ChangedCheck: return "changed-check";
    case WriteStep::Rename: return "rename";
    case WriteStep::SyncFolder: return "sync-folder";
  }
  return "?";
}

void set_write_fault_hook(WriteFaultHook new_hook) {
  hooked.store(false);
  hook = std::move(new_hook);
  hooked.store(static_cast<bool>(hook));
}

int injected_fault(WriteStep step, const std::filesystem::path& target) {
  if (!hooked.load(std::memory_order_relaxed)) return 0;
  return hook(step, target);
}

}  // namespace dfopt
