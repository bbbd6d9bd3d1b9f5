#pragma once
// Which build stages run Windows, so that no POSIX-shell rule rewrites a Windows Dockerfile.
//
// A Windows stage runs shell form under `cmd /S /C` (or the SHELL it sets), where `&&`, quoting,
// backslashes and `exec` mean something else: turning `ENTRYPOINT powershell .\Init` into JSON
// exec form, or `RUN cd C:\src && dir` into WORKDIR, changes what the image does. The image
// name decides most cases (a table of Microsoft's Windows-only repositories and of the Windows
// tag variants of the Docker Official Images); the FROM `--platform` flag, the `# escape=`
// directive and the stage's SHELL instructions decide the rest. When in doubt the answer leans
// to Windows: a Windows verdict only costs fixes, a wrong Linux verdict corrupts a file.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "analysis/base_images.h"
#include "syntax/syntax_tree.h"

namespace dfopt {

enum class ImagePlatform : std::uint8_t {
  Linux,    // a Docker Official Image without a Windows tag, or scratch
  Windows,  // known to be a Windows image
  Unknown,  // anything else: other registries, other namespaces, unresolved variables
};

std::string_view image_platform_name(ImagePlatform platform);  // "linux", "windows", "unknown"

// Classifies an image reference as a FROM line writes it: "mcr.microsoft.com/windows/servercore:
// ltsc2022", "golang:1.22-windowsservercore-ltsc2022", "microsoft/iis". Variables (`$REPO:4.8-
// windowsservercore`) are allowed: the literal parts still count, the rest is unknown.
ImagePlatform classify_image(std::string_view reference);
ImagePlatform classify_image(const ImageReference& image);

// The OS of a `--platform` value ("windows/amd64", "linux/arm64/v8", "windows"); Unknown when
// it is empty, holds a variable, or names another OS.
ImagePlatform classify_platform_flag(std::string_view value);

// What a SHELL instruction's program is: sh/bash/…, cmd, PowerShell (powershell or pwsh), or
// something else. The program is matched by its last path component (`/` or `\`), any case,
// with or without `.exe`.
enum class ShellFamily : std::uint8_t { Posix, Cmd, PowerShell, Other };
ShellFamily shell_family(const Instruction& shell);
// True when the SHELL can only be a Windows program: cmd, Windows PowerShell (`powershell`,
// not `pwsh`, which also ships for Linux), or any program named by a Windows path (`C:\…`,
// a backslash, `.exe`).
bool shell_implies_windows(const Instruction& shell);

// The signal that decided a stage's platform.
enum class PlatformSignal : std::uint8_t {
  None,             // nothing known: Unknown
  PlatformFlag,     // FROM --platform=windows/… or linux/…
  BaseImage,        // classify_image of the base (after meta-ARG defaults are substituted)
  EscapeDirective,  // `# escape=`` with an Unknown base
  WindowsShell,     // a SHELL in the stage that implies Windows, with an Unknown base
  WindowsPath,      // WORKDIR or a COPY/ADD destination with a drive letter (C:\app, c:/bin),
                    // with an Unknown base
  WindowsUser,      // USER ContainerAdministrator or ContainerUser, with an Unknown base
};

struct StagePlatform {
  ImagePlatform platform = ImagePlatform::Unknown;
  PlatformSignal signal = PlatformSignal::None;
};

// The platform of the stage whose FROM is `Document::instructions()[from_index]`, from every
// signal the Dockerfile holds:
//   1. `--platform` with a literal (or meta-ARG default) value naming windows or linux;
//   2. the base image, with the ARGs before the first FROM substituted by their defaults;
//   3. for an Unknown base only: a `# escape=`` directive (the Dockerfile reference introduces
//      the backtick escape for Windows paths), then the first instruction of the stage that
//      only makes sense on Windows: a SHELL that implies Windows, a drive-letter path as WORKDIR
//      or COPY/ADD destination, USER ContainerAdministrator/ContainerUser.
// A Windows signal wins over a Linux one. A stage built FROM an earlier stage is not special
// here: its base name is just an Unknown image (StageMap gives such stages their parent's facts).
StagePlatform stage_platform(const Document& doc, std::size_t from_index);

// stage_platform(...) == Windows: shell form there is not a POSIX shell.
bool is_windows_stage(const Document& doc, std::size_t from_index);

}  // namespace dfopt
