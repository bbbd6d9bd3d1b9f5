// Any bytes as a .dfopt.ini: reading it and resolving the settings for a Dockerfile beside it
// either works or fails with std::invalid_argument naming the file; nothing else escapes, and
// the settings it gives can be described.
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>

#include "dfopt/project_config.h"

namespace fs = std::filesystem;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const fs::path folder = [] {
    fs::path dir = fs::temp_directory_path() / ("dfopt-fuzz-config-" + std::to_string(getpid()));
    fs::create_directories(dir);
    return dir;
  }();
  const fs::path file = folder / ".dfopt.ini";
  {
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  }
  // Once found by walking up from the Dockerfile, once given with --config.
  for (bool given : {false, true}) {
    dfopt::cli::CliOptions options;
    if (given) options.config_file = file.string();
    dfopt::cli::ConfigResolver resolver(options);
    try {
      const dfopt::cli::EffectiveSettings& settings = resolver.settings_for(folder / "Dockerfile");
      if (!settings.config_file || *settings.config_file != file) std::abort();
      if (dfopt::cli::describe(settings).empty()) std::abort();
    } catch (const std::invalid_argument& e) {
      if (!std::string(e.what()).starts_with(file.string() + ":")) std::abort();  // names the file
    }
  }
  return 0;
}
