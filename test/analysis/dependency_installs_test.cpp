// Which commands install dependencies from the working directory's manifests, and what they read.
#include <catch2/catch.hpp>

#include "analysis/dependency_installs.h"
#include "shell/shell_parser.h"

using namespace dfopt;

namespace {

std::optional<DependencyInstall> install_of(std::string_view text) {
  ShellScript script = parse_shell(text);
  REQUIRE(script.parsed);
  return dependency_install(script.list.items.front().and_or.pipelines.front().commands.front());
}

}  // namespace

TEST_CASE("dependency installs: manifests, lock files and outputs per tool", "[analysis][dependency-installs]") {
  auto npm = install_of("npm ci --ignore-scripts");
  REQUIRE(npm);
  CHECK(npm->tool == DependencyTool::Npm);
  CHECK(npm->required == std::vector<std::string>{"package.json"});
  CHECK(std::find(npm->optional.begin(), npm->optional.end(), "package-lock.json") != npm->optional.end());
  CHECK(npm->outputs == std::vector<std::string>{"node_modules"});
  CHECK(npm->ignore_scripts);
  auto pip = install_of("pip install --no-cache-dir -r ./requirements.txt");
  REQUIRE(pip);
  CHECK(pip->tool == DependencyTool::Pip);
  CHECK(pip->required == std::vector<std::string>{"requirements.txt"});
  auto poetry = install_of("poetry install");
  REQUIRE(poetry);
  CHECK(poetry->no_fix.has_value());  // installs the project itself without --no-root
  CHECK(install_of("yarn")->tool == DependencyTool::Yarn);
  CHECK(install_of("go mod download")->required == std::vector<std::string>{"go.mod"});
  CHECK(install_of("php composer.phar install")->tool == DependencyTool::Composer);
  CHECK(dependency_tool_name(DependencyTool::Bundler) == "bundle");
}

TEST_CASE("dependency installs: named packages and other commands are not", "[analysis][dependency-installs]") {
  for (std::string_view text : {"npm install express", "pip install flask", "npm ci --prefix /x",
                                "yarn add left-pad", "cargo install ripgrep", "go build ./...",
                                "composer -d /app install", "make", "npm ci $FLAGS"}) {
    INFO(text);
    CHECK_FALSE(install_of(text).has_value());
  }
}

TEST_CASE("dependency installs: top-level file names", "[analysis][dependency-installs]") {
  CHECK(top_level_file("./requirements.txt") == "requirements.txt");
  CHECK_FALSE(top_level_file("deps/requirements.txt"));
  CHECK_FALSE(top_level_file("$REQS"));
  CHECK_FALSE(top_level_file(".."));
}
