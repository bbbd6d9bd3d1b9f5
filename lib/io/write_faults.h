#pragma once
// The seam through which tests make each step of a file write fail, one at a time, instead of
// hoping a disk fills at the right moment: every step of replace_file_atomically and
// create_file_exclusively asks the hook first, and fails with the errno it returns.
// docs/write-path.md lists every fault tried and what dfopt did.
#include <filesystem>
#include <functional>
#include <string_view>

namespace dfopt {

enum class WriteStep {
  Open,             // opening the original again, to compare it and read its attributes
  Permission,       // may this user write the original?
  OpenUnnamedTemp,  // an O_TMPFILE beside it (EOPNOTSUPP: the file system has none)
  OpenNamedTemp,    // else a named temporary file beside it
  Write,            // the new content
  Chown,            // the original's owner and group
  Attributes,       // the original's extended attributes (ACLs among them)
  Chmod,            // the original's mode
  Fsync,            // the content to disk
  Link,             // an O_TMPFILE's temporary name, or a created file into its place
  Close,            // the temporary file's descriptor
  ChangedCheck,     // is the original still the file that was read? (the last step)
  Rename,           // the temporary file over the original
  SyncFolder,       // the folder, so that the rename survives a crash
};

std::string_view write_step_name(WriteStep step);

// Called before each step with the step and the file being written (the original, or the file
// to create). Returns 0 to let the step run, or an errno value for it to fail with instead. A
// test may also act there: change the original, raise a signal. One hook per process; set it
// while no write is running. An empty function removes it.
using WriteFaultHook = std::function<int(WriteStep step, const std::filesystem::path& target)>;
void set_write_fault_hook(WriteFaultHook hook);

// What the hook says for this step (0 without a hook). For the write path.
int injected_fault(WriteStep step, const std::filesystem::path& target);

}  // namespace dfopt
