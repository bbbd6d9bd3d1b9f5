// dfopt: the command line. Parses options and hands over to run(); all work is in lib/.
#include <csignal>
#include <exception>
#include <iostream>
#include <stdexcept>

#include "cli_options.h"
#include "io/standard_output.h"
#include "io/temp_files.h"
#include "run.h"

namespace {

int run_command_line(int argc, char** argv) {
  try {
    return dfopt::cli::run(dfopt::cli::parse_command_line(argc, argv));
  } catch (const std::invalid_argument& e) {
    std::cerr << "dfopt: " << e.what() << "\nTry 'dfopt --help'.\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "dfopt: internal error: " << e.what() << "\n";
    return 2;
  }
}

}  // namespace

int main(int argc, char** argv) {
  // Before any file is opened: a closed standard output must not become the file being written.
  dfopt::ensure_standard_descriptors();
  // Past a file-size limit (ulimit -f) a write must fail with EFBIG, so the temporary file is
  // removed and the error reported; the default action would kill dfopt and leave it behind.
  std::signal(SIGXFSZ, SIG_IGN);
  // A signal or exit() removes the temporary files of writes under way.
  dfopt::install_temp_file_cleanup();
  int status = run_command_line(argc, argv);
  // Output that did not arrive is an error, whatever else went well.
  if (auto error = dfopt::finish_standard_output()) {
    std::cerr << "dfopt: error: writing output: " << *error << "\n";
    return 2;
  }
  return status;
}
