// DF306 single-stage-build-tools: a one-stage build that installs or uses compilers and build
// tools, which then stay in the image (report only, with the suggested stage boundary).
#include <array>

#include "analysis/base_images.h"
#include "analysis/program_calls.h"
#include "analysis/stages.h"
#include "shell/package_commands.h"
#include "shell/run_script.h"
#include "shell/shell_queries.h"
#include "transforms/registry.h"

namespace dfopt {
namespace {

constexpr std::string_view kDoc = R"md(## What it does
Reports a Dockerfile with a single stage that installs a compiler toolchain (`build-essential`,
`gcc`, `make`, `cmake`, a JDK, Maven, Gradle, Go, Rust, ...) or starts from a toolchain image
(`golang`, `rust`, `gcc`, `maven`, `gradle`, a JDK image) and builds in it (`go build`,
`cargo build`, `mvn package`, `gradle build`, `make`, `npm run build`, `dotnet publish`, ...).
The message names the line where the build ends: the stage boundary to introduce.

## Why is this bad?
Everything needed to *build* the application then ships with it: compilers, headers, package
caches, source code, often several hundred megabytes, and a larger attack surface. A multi-stage
build compiles in one stage and copies only the result into a small runtime stage.

## Example
```dockerfile
FROM maven:3.9-eclipse-temurin-17
COPY . /src
RUN mvn -f /src/pom.xml package
CMD ["java", "-jar", "/src/target/app.jar"]
```

## Use instead
```dockerfile
FROM maven:3.9-eclipse-temurin-17 AS build
COPY . /src
RUN mvn -f /src/pom.xml package

FROM eclipse-temurin:17-jre
COPY --from=build /src/target/app.jar /app.jar
CMD ["java", "-jar", "/app.jar"]
```

## Fix safety
Report only: which files the runtime stage needs, and which runtime image fits, is for the author
to decide.
)md";

const RuleInfo kInfo{
    .id = "DF306",
    .name = "single-stage-build-tools",
    .summary = "Build in a separate stage so compilers and build tools stay out of the final image",
    .doc = kDoc,
    .fix = FixAvailability::None,
};

bool is_toolchain_package(std::string_view p) {
  static constexpr std::array<std::string_view, 18> kTools = {
      "build-essential", "build-base", "gcc", "g++", "gcc-c++", "make", "cmake", "clang",
      "golang", "golang-go", "go", "maven", "gradle", "cargo", "rustc", "default-jdk",
      "default-jdk-headless", "ninja-build"};
  std::string_view name = p.substr(0, p.find_first_of("=<>~"));
  for (std::string_view tool : kTools)
    if (name == tool) return true;
  return (name.starts_with("openjdk-") && name.find("jdk", 8) != std::string_view::npos) ||
         (name.starts_with("java-") && name.ends_with("-devel"));
}

bool is_build_command(const ProgramCall& call) {
  std::string_view name = call.command->words[call.name_index].value;
  std::string_view first = call.argument(0) ? std::string_view(call.argument(0)->value) : "";
  if (name == "javac" || name == "make" || name == "tsc" || name == "ninja") return true;
  if (name == "go" || name == "cargo") return first == "build";
  if (name == "mvn" || name == "./mvnw" || name == "mvnw")
    return call.argument_count() > 0;  // any goal
  if (name == "gradle" || name == "./gradlew" || name == "gradlew") return call.argument_count() > 0;
  if (name == "cmake") return first == "--build";
  if (name == "dotnet") return first == "publish" || first == "build";
  if (name == "npm" || name == "yarn" || name == "pnpm")
    return first == "build" ||
           (first == "run" && call.argument(1) && call.argument(1)->value == "build");
  return false;
}

bool is_toolchain_image(std::string_view reference) {
  auto image = parse_image_reference(reference);
  if (!image || !(image->registry.empty() || image->registry == "docker.io")) return false;
  const std::string& repo = image->repository;
  if (repo == "golang" || repo == "rust" || repo == "gcc" || repo == "maven" || repo == "gradle")
    return true;
  if (repo == "openjdk" || repo == "eclipse-temurin" || repo == "amazoncorretto")
    return image->tag.find("jre") == std::string::npos;
  return false;
}

class SingleStageBuildTools final : public Rule {
 public:
  const RuleInfo& info() const override { return kInfo; }

  void check(const Document& doc, const RuleContext&, std::vector<Finding>& findings) const override {
    const StageMap& stages = StageMap::of(doc);
    if (stages.stages().size() != 1) return;
    const Stage& stage = stages.stages().front();
    std::string tools;
    std::optional<std::size_t> build_end;  // the last RUN that installs tools or builds
    bool builds = false;
    for (std::size_t i = stage.first + 1; i < stage.end; ++i) {
      std::optional<RunScript> run = parse_run_script(*stages.instructions()[i]->instruction);
      if (!run || !run->shell.parsed) continue;
      for (const ProgramCall& call : program_calls(run->shell).calls()) {
        if (call.program.empty()) continue;
        if (is_build_command(call)) {
          builds = true;
          build_end = i;
        }
        auto pc = package_command(*call.command, call.name_index);
        if (!pc || pc->action_kind() != PackageAction::Install) continue;
        for (const ShellWord* word : pc->operands())
          if (is_toolchain_package(word->value)) {
            if (tools.find(word->value) == std::string::npos)
              tools += (tools.empty() ? "" : ", ") + word->value;
            if (!build_end || *build_end < i) build_end = i;
          }
      }
    }
    bool toolchain_base = is_toolchain_image(stage.base);
    if (toolchain_base && builds) tools = (tools.empty() ? "" : tools + ", ") + "the " + stage.base + " toolchain";
    if (tools.empty() || !build_end) return;
    const Instruction& from = *stages.instructions()[stage.first]->instruction;
    const Instruction& end = *stages.instructions()[*build_end]->instruction;
    findings.push_back(
        {std::string(kInfo.id), from.keyword_span.begin,
         "single-stage build keeps " + tools + " in the final image; end a build stage after line " +
             std::to_string(doc.position(end.keyword_span.begin).line) +
             " and COPY --from it only what runs into a slim runtime stage",
         std::nullopt});
  }
};

}  // namespace

std::unique_ptr<Rule> make_single_stage_build_tools() {
  return std::make_unique<SingleStageBuildTools>();
}

}  // namespace dfopt
