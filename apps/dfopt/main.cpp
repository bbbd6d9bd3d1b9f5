// dfopt: the command line. Parses options and hands over to run(); all work is in lib/.
#include <csignal>
#include <exception>
#include <iostream>
#include <stdexcept>

#include "cli_options.h"
#include "run.h"

int main(int argc, char** argv) {
  // Past a file-size limit (ulimit -f) a write must fail with EFBIG, so the temporary file is
  // removed and the error reported; the default action would kill dfopt and leave it behind.
  std::signal(SIGXFSZ, SIG_IGN);
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
