#pragma once
// Standard output that cannot fail silently: `dfopt - < f > /dev/full` or a JSON report into a
// full disk must be an error, not exit 0 with nothing written. Every write(2) is checked, as are
// the final flush and close; the first failure is kept and reported once, by the caller.
#include <optional>
#include <string>
#include <string_view>

namespace dfopt {

// Before anything opens a file: makes sure descriptors 0, 1 and 2 are open. A closed standard
// output would otherwise be the descriptor the next open() returns, and findings meant for the
// user would land in the file being written. A closed 0 or 2 becomes /dev/null; a closed 1
// becomes /dev/null opened read-only, so that writing output fails (EBADF) and is reported.
void ensure_standard_descriptors();

// Writes all of `text` to standard output with write(2). After the first failure nothing more is
// written; returns false then.
bool write_standard_output(std::string_view text);

// Copies what is left of standard input to standard output, in bounded memory (a refused filter
// input that was too large to hold is passed on unchanged). Returns false on a read or write
// error, which is kept like a write error.
bool copy_rest_of_standard_input();

// Flushes std::cout and stdio's stdout, closes standard output, and returns the first failure of
// any write, the flush or the close ("No space left on device"), or nothing when all went out.
std::optional<std::string> finish_standard_output();

}  // namespace dfopt
