// Which stages run Windows: the image table, the FROM --platform flag, `# escape=``, SHELL, and
// end to end: no shell-aware rule touches a Windows Dockerfile, while a Linux image whose name
// merely contains "windows" still gets its fixes.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "analysis/stages.h"
#include "analysis/windows_images.h"
#include "engine/optimizer.h"
#include "syntax/parser.h"
#include "test_support.h"
#include "transforms/registry.h"

using namespace dfopt;
using namespace dfopt::test;

namespace {

const std::string kDigest =
    "@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

void check_platform(const std::vector<std::string>& references, ImagePlatform expected) {
  for (const std::string& reference : references) {
    INFO(reference);
    CHECK(image_platform_name(classify_image(reference)) == image_platform_name(expected));
  }
}

StagePlatform first_stage(const std::string& dockerfile) {
  Document doc = parse_dockerfile(dockerfile);
  REQUIRE(doc.errors.empty());
  const auto& instructions = doc.instructions();
  for (std::size_t i = 0; i < instructions.size(); ++i)
    if (instructions[i]->instruction->keyword == Keyword::From) return stage_platform(doc, i);
  FAIL("no FROM");
  return {};
}

const Instruction& shell_of(const Document& doc) {
  for (const Node* node : doc.instructions())
    if (node->instruction->keyword == Keyword::Shell) return *node->instruction;
  FAIL("no SHELL");
  return *doc.instructions().front()->instruction;
}

// Every rule, unsafe fixes included: what `dfopt --unsafe-fixes --select ALL` does.
OptimizeResult run_all(const std::string& input) {
  OptimizeOptions options;
  options.apply_unsafe_fixes = true;
  return optimize(input, "Dockerfile", all_rules(), options);
}

// The rules that read shell-form text as POSIX sh: DF1xx and DF201.
std::vector<const Rule*> shell_rules() {
  std::vector<const Rule*> rules;
  for (const Rule* rule : all_rules())
    if (rule->info().id.starts_with("DF1") || rule->info().id == "DF201") rules.push_back(rule);
  return rules;
}

}  // namespace

TEST_CASE("windows: Microsoft's Windows-only repositories", "[windows]") {
  check_platform(
      {
          "mcr.microsoft.com/windows/servercore:ltsc2022",
          "mcr.microsoft.com/windows/servercore:ltsc2019-amd64",
          "mcr.microsoft.com/windows/servercore:10.0.19042.1645",
          "mcr.microsoft.com/windows/servercore",
          "mcr.microsoft.com/windows/nanoserver:1809",
          "mcr.microsoft.com/windows/nanoserver:ltsc2025-amd64",
          "mcr.microsoft.com/windows/server:ltsc2022",
          "mcr.microsoft.com/windows:20H2",
          "mcr.microsoft.com/windows:1903",
          "mcr.microsoft.com/windows/iotcore:1809",
          "mcr.microsoft.com/windows/servercore/iis",
          "mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2019",
          "mcr.microsoft.com/windows/servercore/insider:10.0.20348.1",
          "mcr.microsoft.com/windows/nanoserver/insider",
          "mcr.microsoft.com/dotnet/framework/aspnet:4.8",
          "mcr.microsoft.com/dotnet/framework/sdk:4.8-windowsservercore-ltsc2019",
          "mcr.microsoft.com/dotnet/framework/runtime:4.8.1",
          "mcr.microsoft.com/dotnet/framework/wcf:4.8",
          "mcr.microsoft.com/dotnet/framework/samples:aspnetapp",
          "MCR.MICROSOFT.COM/WINDOWS/SERVERCORE:LTSC2022",  // not a valid reference, still Windows
          // Docker Hub's retired microsoft/ namespace
          "microsoft/windowsservercore",
          "microsoft/windowsservercore:10.0.14393.693",
          "microsoft/windowsservercore:1709",
          "microsoft/nanoserver:sac2016",
          "microsoft/iis",
          "microsoft/iis:windowsservercore-10.0.14393.693",
          "microsoft/aspnet:4.7.2",
          "microsoft/dotnet-framework:4.6.2",
          "microsoft/dotnet-framework-build:4.7.1",
          "microsoft/dotnet-framework-samples",
          "microsoft/wcf",
          "microsoft/mssql-server-windows-express:2016-sp1",
          "microsoft/mssql-server-windows-developer",
          "docker.io/microsoft/iis",
          "index.docker.io/microsoft/windowsservercore:ltsc2016",
      },
      ImagePlatform::Windows);
}

TEST_CASE("windows: Windows tags of the Official Images and of Microsoft's cross-platform repos",
          "[windows]") {
  check_platform(
      {
          "golang:1.21-windowsservercore-ltsc2022",
          "golang:windowsservercore",
          "golang:1.27-nanoserver-ltsc2025",
          "python:3.12-windowsservercore",
          "python:3.14-windowsservercore-ltsc2025",
          "library/python:3.12-windowsservercore-ltsc2022",
          "docker.io/library/golang:1.22-nanoserver",
          "openjdk:17-jdk-nanoserver",
          "openjdk:11-jdk-windowsservercore-1809",
          "eclipse-temurin:21-jdk-nanoserver-ltsc2022",
          "mongo:7.0-windowsservercore",
          "mongo:8.0-nanoserver-ltsc2022",
          "docker:windowsservercore-ltsc2022",
          "docker:29-windowsservercore",
          "caddy:2-builder-windowsservercore-ltsc2022",
          "hello-world:nanoserver",
          "julia:1.10-windowsservercore-ltsc2022",
          "pypy:3.11-windowsservercore",
          "nats:2-nanoserver",
          "traefik:v3.1-windowsservercore-ltsc2022",
          // Microsoft's multi-platform repositories, Windows tags
          "mcr.microsoft.com/dotnet/sdk:8.0-nanoserver-ltsc2022",
          "mcr.microsoft.com/dotnet/aspnet:10.0-windowsservercore-ltsc2022",
          "mcr.microsoft.com/dotnet/core/aspnet:3.1-nanoserver-1809",
          "mcr.microsoft.com/dotnet/runtime:6.0-20H2",  // a Windows release on a Microsoft repo
          "mcr.microsoft.com/powershell:lts-nanoserver-1809",
          "mcr.microsoft.com/powershell:windowsservercore-ltsc2022",
          "mcr.microsoft.com/oss/kubernetes/pause:3.9-windows-ltsc2022-amd64",
          "microsoft/dotnet:2.1-sdk-nanoserver-1803",
          "microsoft/dotnet:sdk-nanoserver",
          "microsoft/powershell:nanoserver",
          // third parties that follow the same tag scheme
          "jenkins/inbound-agent:windowsservercore-ltsc2019",
          "stefanscherer/node-windows:12-nanoserver",
          "rancher/agent:v2.4.0-windows-1809",  // "windows" beside a Windows release
      },
      ImagePlatform::Windows);
}

TEST_CASE("windows: registries, mirrors, digests and variables", "[windows]") {
  check_platform(
      {
          "myregistry.azurecr.io/windows/servercore:ltsc2019",
          "registry.local:5000/mirror/microsoft/iis",
          "localhost/dotnet/framework/sdk:4.8",
          "ghcr.io/acme/nanoserver:1809",  // a repository named after the base image
          "mcr.microsoft.com/windows/nanoserver" + kDigest,
          "mcr.microsoft.com/windows/servercore:ltsc2022" + kDigest,
          "golang:1.21-windowsservercore" + kDigest,
          "$REPO:4.8-20260714-windowsservercore-ltsc2019",
          "${REPO}:11.0.0-preview.7-nanoserver-ltsc2025",
          "mcr.microsoft.com/windows/servercore:${WINDOWS_VERSION}",
          "mcr.microsoft.com/windows/servercore:\"${WINDOWS_VERSION}\"",
          "microsoft/windowsservercore:${version}",
          "python:${PYTHON_VERSION}-nanoserver",
          "golang:1.22-nanoserver${SUFFIX}",
          "${REGISTRY}/windows/servercore:ltsc2022",
      },
      ImagePlatform::Windows);
}

TEST_CASE("windows: Linux images, look-alikes included", "[windows]") {
  check_platform(
      {
          "alpine",
          "alpine:3.19",
          "library/alpine:3.19",
          "docker.io/library/ubuntu:22.04",
          "index.docker.io/library/debian:bookworm-slim",
          "ubuntu" + kDigest,
          "node:20",
          "nginx:1.25-alpine",
          "redis:7",
          "docker:24-dind",
          "traefik:v3.1",
          "centos:7",
          "java:8",
          "scratch",
          "node:1809",  // a release number alone is no Windows tag
          "ubuntu:${UBUNTU_VERSION}",
          // Official Images with Windows variants: their other tags, shared multi-platform
          // tags included (the Windows image is only assumed when the tag names it)
          "python:3.12",
          "python",
          "golang:1.22",
          "golang:latest",
          "python" + kDigest,
          "python:$TAG",
          "python:3.12-slim",
          "python:3.12-alpine3.19",
          "golang:1.22-alpine",
          "golang:1.22-bookworm",
          "openjdk:17-jdk-slim",
          "openjdk:8-jdk-alpine",
          "eclipse-temurin:21-jre-jammy",
          "eclipse-temurin:21-ubi9-minimal",
          "mongo:7.0-jammy",
          "hello-world:linux",
      },
      ImagePlatform::Linux);
}

TEST_CASE("windows: images that prove nothing stay Unknown", "[windows]") {
  check_platform(
      {
          // "windows" in a name is not a Windows image
          "foo/windows-exporter-builder",
          "bar/cross-compile-for-windows",
          "dockcross/windows-static-x64",
          "dockcross/windows-shared-x64:latest",
          "ghcr.io/prometheus-community/windows-exporter:0.25.1",
          "mcr.microsoft.com/windows-exporter",
          "myorg/tool:windows",
          "myorg/windows:latest",
          "x1unix/go-mingw:windows-amd64",
          // a Windows release token alone, off Microsoft's repositories
          "myorg/app:1809",
          "myorg/app:20H2",
          "myorg/app:ltsc2022",
          "myorg/app:2004",
          // Microsoft's multi-platform repositories without a Windows tag
          "mcr.microsoft.com/dotnet/sdk:8.0",
          "mcr.microsoft.com/powershell",
          "microsoft/dotnet:2.1-sdk",
          "microsoft/aspnetcore-build:2.0",
          // other registries do not host the Official Images
          "registry.example.com/python:3.12-slim",
          "mcr.microsoft.com/mirror/docker/library/python:3.9",
          "myorg/base",
          // variables
          "$BASE",
          "${BASE_IMAGE}",
          "${REGISTRY}/python:3.12-slim",
          "",
      },
      ImagePlatform::Unknown);
}

TEST_CASE("windows: the --platform flag's OS", "[windows]") {
  CHECK(classify_platform_flag("windows/amd64") == ImagePlatform::Windows);
  CHECK(classify_platform_flag("Windows/AMD64") == ImagePlatform::Windows);
  CHECK(classify_platform_flag("windows") == ImagePlatform::Windows);
  CHECK(classify_platform_flag("windows/$TARGETARCH") == ImagePlatform::Windows);
  CHECK(classify_platform_flag("linux/arm64/v8") == ImagePlatform::Linux);
  CHECK(classify_platform_flag("linux") == ImagePlatform::Linux);
  CHECK(classify_platform_flag("$BUILDPLATFORM") == ImagePlatform::Unknown);
  CHECK(classify_platform_flag("${TARGETOS}/amd64") == ImagePlatform::Unknown);
  CHECK(classify_platform_flag("darwin/arm64") == ImagePlatform::Unknown);
  CHECK(classify_platform_flag("") == ImagePlatform::Unknown);
}

TEST_CASE("windows: SHELL programs", "[windows]") {
  struct Row {
    std::string shell;
    ShellFamily family;
    bool windows;
  };
  const std::vector<Row> rows = {
      {R"(["cmd", "/S", "/C"])", ShellFamily::Cmd, true},
      {R"(["CMD.EXE", "/S", "/C"])", ShellFamily::Cmd, true},
      {R"(["C:\\Windows\\System32\\cmd.exe", "/S", "/C"])", ShellFamily::Cmd, true},
      {R"(["powershell", "-Command"])", ShellFamily::PowerShell, true},
      {R"(["PowerShell.exe", "-Command", "$ErrorActionPreference = 'Stop';"])",
       ShellFamily::PowerShell, true},
      {R"(["C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe", "-Command"])",
       ShellFamily::PowerShell, true},
      {R"(["pwsh", "-Command"])", ShellFamily::PowerShell, false},  // PowerShell 7 ships for Linux
      {R"(["/usr/bin/pwsh", "-c"])", ShellFamily::PowerShell, false},
      {R"(["pwsh.exe", "-Command"])", ShellFamily::PowerShell, true},
      {R"(["C:\\Program Files\\PowerShell\\7\\pwsh.exe", "-c"])", ShellFamily::PowerShell, true},
      {R"(["/bin/bash", "-o", "pipefail", "-c"])", ShellFamily::Posix, false},
      {R"(["sh", "-c"])", ShellFamily::Posix, false},
      {R"(["/bin/ash", "-eo", "pipefail", "-c"])", ShellFamily::Posix, false},
      {R"(["C:\\Program Files\\Git\\bin\\bash.exe", "-c"])", ShellFamily::Posix, true},
      {R"(["/usr/bin/fish", "-c"])", ShellFamily::Other, false},
  };
  for (const Row& row : rows) {
    INFO(row.shell);
    Document doc = parse_dockerfile("FROM x\nSHELL " + row.shell + "\n");
    REQUIRE(doc.errors.empty());
    const Instruction& shell = shell_of(doc);
    CHECK(static_cast<int>(shell_family(shell)) == static_cast<int>(row.family));
    CHECK(shell_implies_windows(shell) == row.windows);
  }
}

TEST_CASE("windows: a stage's platform from every signal", "[windows]") {
  struct Row {
    std::string dockerfile;
    ImagePlatform platform;
    PlatformSignal signal;
  };
  const std::vector<Row> rows = {
      {"FROM microsoft/iis\n", ImagePlatform::Windows, PlatformSignal::BaseImage},
      {"FROM ubuntu:22.04\n", ImagePlatform::Linux, PlatformSignal::BaseImage},
      {"FROM myorg/base\n", ImagePlatform::Unknown, PlatformSignal::None},
      {"FROM foo/windows-exporter-builder\n", ImagePlatform::Unknown, PlatformSignal::None},
      // --platform: a literal windows value is decisive; linux settles an unknown base
      {"FROM --platform=windows/amd64 myorg/base\n", ImagePlatform::Windows,
       PlatformSignal::PlatformFlag},
      {"FROM --platform=windows/amd64 golang:1.22\n", ImagePlatform::Windows,
       PlatformSignal::PlatformFlag},
      {"# escape=`\nFROM --platform=linux/amd64 myorg/base\n", ImagePlatform::Linux,
       PlatformSignal::PlatformFlag},
      {"FROM --platform=linux/amd64 mcr.microsoft.com/windows/servercore\n",
       ImagePlatform::Windows, PlatformSignal::BaseImage},  // Windows wins a contradiction
      {"FROM --platform=$BUILDPLATFORM golang:1.22-alpine AS build\n", ImagePlatform::Linux,
       PlatformSignal::BaseImage},
      {"ARG PLATFORM=windows/amd64\nFROM --platform=$PLATFORM myorg/base\n",
       ImagePlatform::Windows, PlatformSignal::PlatformFlag},
      // BuildKit sets TARGETPLATFORM itself: its default in the FROM line says nothing
      {"# escape=`\nFROM --platform=${TARGETPLATFORM:-linux/amd64} myorg/base\n",
       ImagePlatform::Windows, PlatformSignal::EscapeDirective},
      {"FROM --platform=linux/${TARGETARCH} myorg/base\n", ImagePlatform::Linux,
       PlatformSignal::PlatformFlag},
      {"FROM myorg/base-${TARGETOS}\n", ImagePlatform::Unknown, PlatformSignal::None},
      // meta ARG defaults are substituted, as BuildKit does for FROM
      {"ARG BASE=mcr.microsoft.com/windows/servercore:ltsc2022\nFROM $BASE\n",
       ImagePlatform::Windows, PlatformSignal::BaseImage},
      {"ARG TAG=ltsc2022\nARG BASE=mcr.microsoft.com/windows/nanoserver:${TAG}\n"
       "FROM ${BASE} AS run\n",
       ImagePlatform::Windows, PlatformSignal::BaseImage},
      {"ARG BASE=alpine:3.19\nFROM ${BASE}\n", ImagePlatform::Linux, PlatformSignal::BaseImage},
      {"ARG BASE\nFROM $BASE\n", ImagePlatform::Unknown, PlatformSignal::None},
      // the backtick escape exists for Windows paths: it decides an Unknown base only
      {"# escape=`\nFROM myorg/base\n", ImagePlatform::Windows, PlatformSignal::EscapeDirective},
      {"# escape=`\nFROM ${BUILD_BASE_IMAGE} AS builder\n", ImagePlatform::Windows,
       PlatformSignal::EscapeDirective},
      {"# escape=`\nFROM python:3.12\n", ImagePlatform::Linux, PlatformSignal::BaseImage},
      {"# escape=`\nFROM ubuntu:22.04\n", ImagePlatform::Linux, PlatformSignal::BaseImage},
      {"# escape=\\\nFROM myorg/base\n", ImagePlatform::Unknown, PlatformSignal::None},
      // a SHELL in the stage that only Windows has
      {"FROM myorg/base\nRUN dir\nSHELL [\"cmd\", \"/S\", \"/C\"]\n", ImagePlatform::Windows,
       PlatformSignal::WindowsShell},
      {"FROM myorg/base\nSHELL [\"powershell\", \"-Command\"]\n", ImagePlatform::Windows,
       PlatformSignal::WindowsShell},
      {"FROM myorg/base\nSHELL [\"pwsh\", \"-Command\"]\n", ImagePlatform::Unknown,
       PlatformSignal::None},
      {"FROM alpine\nSHELL [\"powershell\", \"-Command\"]\n", ImagePlatform::Linux,
       PlatformSignal::BaseImage},
      {"FROM myorg/base\nRUN make\nFROM other\nSHELL [\"cmd\", \"/S\", \"/C\"]\n",
       ImagePlatform::Unknown, PlatformSignal::None},  // another stage's SHELL
  };
  for (const Row& row : rows) {
    INFO(row.dockerfile);
    StagePlatform got = first_stage(row.dockerfile);
    CHECK(image_platform_name(got.platform) == image_platform_name(row.platform));
    CHECK(static_cast<int>(got.signal) == static_cast<int>(row.signal));
  }
}

TEST_CASE("windows: the stage map marks Windows stages as not POSIX", "[windows]") {
  Document doc = parse_dockerfile(
      "FROM mcr.microsoft.com/windows/servercore:ltsc2022 AS win\n"
      "RUN dir\n"
      "FROM win AS child\n"
      "RUN dir\n"
      "FROM foo/windows-exporter-builder\n"
      "RUN make\n"
      "FROM myorg/base\n"
      "RUN dir\n"
      "SHELL [\"cmd\", \"/S\", \"/C\"]\n"
      "RUN dir\n");
  REQUIRE(doc.errors.empty());
  const StageMap& stages = StageMap::of(doc);
  CHECK_FALSE(stages.facts(1).posix_shell);  // Windows base
  CHECK_FALSE(stages.facts(3).posix_shell);  // inherited from its parent stage
  CHECK(stages.facts(5).posix_shell);        // a Linux image named "windows-…"
  CHECK_FALSE(stages.facts(7).posix_shell);  // before the stage's SHELL cmd: cmd already
  CHECK_FALSE(stages.facts(9).posix_shell);
}

TEST_CASE("windows: Windows Dockerfiles come out byte-identical under every rule", "[windows]") {
  const std::vector<std::string> inputs = {
      "FROM microsoft/iis\nENTRYPOINT powershell .\\InitializeContainer\n",
      "FROM mcr.microsoft.com/dotnet/framework/aspnet:4.8\nRUN cd C:\\src && dir\n",
      "# escape=`\nFROM myorg/base\nCMD C:\\ServiceMonitor.exe w3svc\n",
      "FROM mcr.microsoft.com/windows/servercore/iis\nRUN cd C:\\inetpub && dir\n"
      "CMD C:\\ServiceMonitor.exe w3svc\n",
      "FROM golang:1.21-windowsservercore-ltsc2022\nRUN cd C:\\gopath\\src && go build .\n"
      "RUN go vet ./...\nCMD app.exe --port 80\n",
      "FROM --platform=windows/amd64 myorg/base\nRUN cd C:\\app && build.cmd\n"
      "CMD C:\\app\\run.exe\n",
      "ARG BASE=mcr.microsoft.com/windows/servercore:ltsc2022\nFROM $BASE\n"
      "RUN cd C:\\src && dir\nCMD C:\\app.exe\n",
      "FROM myorg/base\nRUN cd C:\\src && dir\nSHELL [\"cmd\", \"/S\", \"/C\"]\nCMD C:\\app.exe\n",
      "# escape=`\nFROM ${BUILD_BASE_IMAGE} AS builder\nRUN cd C:\\build && nmake\n"
      "RUN pip install requests\n",
      "FROM python:3.12-windowsservercore\nRUN pip install requests\nRUN cd C:\\app && dir\n"
      "ENTRYPOINT python app.py\n",
  };
  for (const std::string& input : inputs) {
    INFO(input);
    OptimizeResult result = run_all(input);
    CHECK(result.errors.empty());
    CHECK(result.output == input);
    CHECK(result.fixes_applied.empty());
  }
}

TEST_CASE("windows: a Linux image with \"windows\" in its name still gets its fixes", "[windows]") {
  for (std::string base : {"foo/windows-exporter-builder:1.0", "bar/cross-compile-for-windows:2",
                           "dockcross/windows-static-x64:latest"}) {
    std::string input =
        "FROM " + base + "\nRUN cd /src && make\nENTRYPOINT /usr/bin/server --port 80\n";
    INFO(input);
    OptimizeResult result = run_all(input);
    CHECK(result.output != input);
    CHECK(result.fixes_applied.count("DF201") == 1);  // exec form
    CHECK(result.output.find("ENTRYPOINT [\"/usr/bin/server\", \"--port\", \"80\"]") !=
          std::string::npos);
  }
}

TEST_CASE("windows: the corpus's microsoft/iis Dockerfiles are untouched by shell rules",
          "[windows][corpus]") {
  const std::vector<std::string> files = {
      "STAR-RG-shipwright__6e5b234d85c4.Dockerfile",
      "anthonychu-aspnet-4.x-docker-windows-container__via-shipwright-11c4b81d4ade.Dockerfile",
      "docker-labs__windows-modernize-traditional-apps-modernize-aspnet-v3-src-docker-homepage-"
      "Dockerfile.Dockerfile",
  };
  OptimizeOptions options;
  options.apply_unsafe_fixes = true;
  for (const std::string& name : files) {
    INFO(name);
    std::string input = read_file(corpus_dir() / "real" / name);
    REQUIRE(input.find("microsoft/iis") != std::string::npos);
    OptimizeResult result = optimize(input, name, shell_rules(), options);
    CHECK(result.output == input);
    CHECK(result.fixes_applied.empty());
  }
}

TEST_CASE("windows: no corpus Dockerfile whose stages all run Windows is changed by shell rules",
          "[windows][corpus]") {
  OptimizeOptions options;
  options.apply_unsafe_fixes = true;
  const std::vector<const Rule*> rules = shell_rules();
  std::size_t windows_files = 0;
  for (const auto& path : files_under(corpus_dir() / "real")) {
    if (path.extension() != ".Dockerfile") continue;
    std::string input = read_file(path);
    Document doc = parse_dockerfile(input, path.string());
    if (!doc.errors.empty()) continue;
    const StageMap& stages = StageMap::of(doc);
    bool all_windows = !stages.stages().empty();
    for (std::size_t i = 0; i < stages.instructions().size(); ++i)
      if (stages.facts(i).stage && stages.facts(i).posix_shell) all_windows = false;
    if (!all_windows) continue;
    ++windows_files;
    INFO(path.string());
    CHECK(optimize(input, path.string(), rules, options).output == input);
  }
  CHECK(windows_files > 100);
}
