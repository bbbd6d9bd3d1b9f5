#include "analysis/windows_images.h"

#include <algorithm>
#include <cctype>
#include <iterator>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "shell/variable_expansion.h"
#include "syntax/text.h"

namespace dfopt {
namespace {

// ---------------------------------------------------------------------------------------------
// The data. Written for dfopt from these sources (read, not copied):
//  - docker-library/official-images, `library/*` at commit 37079fb336f5 (2026-08-21): every
//    entry with `Architectures: windows-amd64` and its `Tags:`/`SharedTags:` lines. All Windows
//    tags of the Docker Official Images carry `windowsservercore` or `nanoserver` (golang:
//    1.27-windowsservercore-ltsc2025, python:3.14-nanoserver-…, mongo:8.0-windowsservercore,
//    eclipse-temurin:21-jdk-nanoserver, caddy:2-builder-windowsservercore-ltsc2022, …), also
//    in the repository's history (openjdk, adoptopenjdk, nats-streaming, redis, traefik, …);
//    the deleted `library/*` files (`git log --diff-filter=D -- library/`) give the retired
//    names (java, centos, …).
//  - docker-library/docs, `.template-helpers/variant-windowsservercore.md`: the
//    `<version>-windowsservercore` variant is built on mcr.microsoft.com/windows/servercore.
//  - MicrosoftDocs/Virtualization-Documentation,
//    `virtualization/windowscontainers/manage-containers/container-base-images.md`: the Windows
//    base images (Server Core, Nano Server, Windows, IoT Core), served from
//    mcr.microsoft.com/windows/… and pulled by release tags (ltsc2019, 1809, 20H2, …); the
//    Docker Hub names before MCR were microsoft/windowsservercore and microsoft/nanoserver.
//  - microsoft/dotnet-framework-docker, `manifest.json` and `README.md` at commit ebb6885f22fe:
//    dotnet/framework/{runtime,sdk,aspnet,wcf} (every image `"os": "windows"`) and
//    dotnet/framework/samples; their Docker Hub predecessors were microsoft/dotnet-framework,
//    microsoft/aspnet, microsoft/wcf, microsoft/dotnet-framework-samples and
//    microsoft/dotnet-framework-build.
//  - microsoft/iis-docker, `README.md` and its `windowsservercore-*`/`nanoserver-*` folders:
//    microsoft/iis (now mcr.microsoft.com/windows/servercore/iis), tags windowsservercore-1803,
//    nanoserver-sac2016, ….
//  - microsoft/mssql-docker, `windows/mssql-server-windows{,-express,-developer}/dockerfile`.
// ---------------------------------------------------------------------------------------------

// Windows-only repositories on mcr.microsoft.com: these and everything below them.
constexpr std::string_view kMcrWindowsFamilies[] = {
    "windows",            // windows, windows/servercore, windows/nanoserver, windows/server,
                          // windows/iotcore, windows/servercore/iis, windows/*/insider, …
    "dotnet/framework",   // dotnet/framework/{runtime,sdk,aspnet,wcf,samples}
};

// Windows-only repositories on Docker Hub (Microsoft's retired `microsoft/` namespace).
constexpr std::string_view kHubWindowsRepositories[] = {
    "microsoft/windowsservercore", "microsoft/windowsservercore-insider",
    "microsoft/nanoserver",        "microsoft/nanoserver-insider",
    "microsoft/iis",               "microsoft/aspnet",
    "microsoft/dotnet-framework",  "microsoft/dotnet-framework-build",
    "microsoft/dotnet-framework-samples", "microsoft/wcf",
    "microsoft/windows-servercore", "microsoft/windows-nanoserver",
};
// …and every `microsoft/mssql-server-windows*` (-express, -developer).
constexpr std::string_view kHubWindowsPrefix = "microsoft/mssql-server-windows";

// Multi-component Windows repository paths that also identify a mirror on any other registry
// (myregistry.azurecr.io/windows/servercore, registry.local/mirror/microsoft/iis).
constexpr std::string_view kMirroredWindowsPaths[] = {
    "windows/servercore", "windows/nanoserver",     "windows/server",
    "windows/iotcore",    "windows/servercore/iis", "dotnet/framework/runtime",
    "dotnet/framework/sdk", "dotnet/framework/aspnet", "dotnet/framework/wcf",
    "dotnet/framework/samples", "microsoft/iis",     "microsoft/aspnet",
};

// A repository whose last component is one of these is a Windows base image (or its mirror).
constexpr std::string_view kWindowsRepositoryNames[] = {"windowsservercore", "nanoserver",
                                                        "servercore"};

// Tag tokens (split on '-' and '_') naming a Windows variant, on any repository: the Official
// Images' `-windowsservercore`/`-nanoserver` variants, Microsoft's `…-nanoserver-1809`.
constexpr std::string_view kWindowsVariantTokens[] = {"windowsservercore", "nanoserver",
                                                      "servercore"};

// Windows release tokens. Alone they prove nothing (`myapp:1809`, `tool:2004`); they count on a
// Microsoft repository, or beside a `windows` token (`pause:3.9-windows-ltsc2022-amd64`).
constexpr std::string_view kWindowsReleaseTokens[] = {
    "ltsc2016", "ltsc2019", "ltsc2022", "ltsc2025", "sac2016", "1709", "1803", "1809", "1903",
    "1909",     "2004",     "2009",     "20h2",     "21h1",    "21h2", "22h2", "23h2", "24h2"};

// Docker Official Images (Docker Hub `library/`), current and retired. Linux images unless the
// tag names a Windows variant.
constexpr std::string_view kOfficialImages[] = {
    // library/* at 37079fb336f5
    "adminer", "aerospike", "almalinux", "alpine", "alt", "amazoncorretto", "amazonlinux",
    "api-firewall", "arangodb", "archlinux", "azul-zulu", "backdrop", "bash", "bonita",
    "buildpack-deps", "busybox", "caddy", "cassandra", "chronograf", "cirros", "clearlinux",
    "clefos", "clickhouse", "clojure", "composer", "convertigo", "couchbase", "couchdb", "crate",
    "dart", "debian", "docker", "drupal", "eclipse-mosquitto", "eclipse-temurin", "eggdrop",
    "elasticsearch", "elixir", "emqx", "erlang", "espocrm", "fedora", "flink", "fluentd",
    "friendica", "gazebo", "gcc", "geonetwork", "ghost", "golang", "gradle", "groovy", "haproxy",
    "haskell", "haxe", "hello-world", "hitch", "httpd", "hylang", "ibm-semeru-runtimes",
    "ibmjava", "influxdb", "irssi", "jetty", "joomla", "jruby", "julia", "kapacitor", "kibana",
    "kong", "krakend", "lightstreamer", "liquibase", "logstash", "mageia", "mariadb", "matomo",
    "maven", "mediawiki", "memcached", "mongo", "mongo-express", "monica", "mysql", "nats",
    "neo4j", "neurodebian", "nextcloud", "nginx", "nim", "node", "notary", "odoo",
    "open-liberty", "openjdk", "oraclelinux", "orientdb", "percona", "perl", "photon", "php",
    "php-zendserver", "phpmyadmin", "plone", "postfixadmin", "postgres", "pypy", "python",
    "r-base", "rabbitmq", "rakudo-star", "redis", "redmine", "registry", "rethinkdb",
    "rocket.chat", "rockylinux", "ros", "ruby", "rust", "sapmachine", "satosa", "silverpeas",
    "solr", "sonarqube", "spark", "spiped", "storm", "swift", "swipl", "teamspeak", "telegraf",
    "tomcat", "tomee", "traefik", "ubuntu", "unit", "varnish", "websphere-liberty", "wordpress",
    "xwiki", "yourls", "znc", "zookeeper",
    // retired library/* files
    "adoptopenjdk", "celery", "centos", "consul", "couchdb-nouveau", "crux", "django",
    "docker-dev", "euleros", "express-gateway", "fsharp", "glassfish", "hello-seattle",
    "hipache", "hola-mundo", "iojs", "java", "jenkins", "jobber", "kaazing-gateway", "known",
    "lightstreamer-server", "mono", "mosquitto", "nats-streaming", "notary-server",
    "notary-signer", "nuxeo", "opensuse", "owncloud", "piwik", "rails", "rapidoid", "sentry",
    "sl", "sourcemage", "swarm", "thrift", "ubuntu-debootstrap", "ubuntu-upstart", "vault",
    "zend-php",
};

// ---------------------------------------------------------------------------------------------

template <std::size_t N>
bool contains(const std::string_view (&list)[N], std::string_view value) {
  return std::find(std::begin(list), std::end(list), value) != std::end(list);
}

template <std::size_t N>
bool has_prefix_in(const std::string_view (&list)[N], std::string_view value) {
  for (std::string_view prefix : list)
    if (value.starts_with(prefix)) return true;
  return false;
}

// Marks where an unresolved variable stood; never part of a name we match.
constexpr char kHole = '\x01';

bool is_docker_hub(std::string_view registry) {
  return registry.empty() || registry == "docker.io" || registry == "index.docker.io" ||
         registry == "registry-1.docker.io" || registry == "registry.hub.docker.com";
}

bool is_mcr(std::string_view registry) { return registry == "mcr.microsoft.com"; }

bool is_microsoft_repository(const ImageReference& image) {
  return is_mcr(image.registry) ||
         (is_docker_hub(image.registry) && image.repository.starts_with("microsoft/"));
}

bool in_family(std::string_view repository, std::string_view family) {
  return repository == family ||
         (repository.size() > family.size() && repository.starts_with(family) &&
          repository[family.size()] == '/');
}

bool ends_with_path(std::string_view repository, std::string_view path) {
  return repository == path ||
         (repository.size() > path.size() && repository.ends_with(path) &&
          repository[repository.size() - path.size() - 1] == '/');
}

bool is_windows_repository(const ImageReference& image) {
  const std::string& repo = image.repository;
  if (is_mcr(image.registry))
    for (std::string_view family : kMcrWindowsFamilies)
      if (in_family(repo, family)) return true;
  if (is_docker_hub(image.registry) &&
      (contains(kHubWindowsRepositories, repo) || repo.starts_with(kHubWindowsPrefix)))
    return true;
  for (std::string_view path : kMirroredWindowsPaths)
    if (ends_with_path(repo, path)) return true;
  std::string_view last = repo;
  if (std::size_t slash = last.rfind('/'); slash != std::string_view::npos)
    last = last.substr(slash + 1);
  return contains(kWindowsRepositoryNames, last);
}

std::vector<std::string_view> tag_tokens(std::string_view tag) {
  std::vector<std::string_view> tokens;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= tag.size(); ++i) {
    if (i == tag.size() || tag[i] == '-' || tag[i] == '_') {
      if (i > start) tokens.push_back(tag.substr(start, i - start));
      start = i + 1;
    }
  }
  return tokens;
}

// "10.0.17763.1234", "10.0.14393": a Windows build number.
bool is_windows_build_number(std::string_view token) {
  if (!token.starts_with("10.0.")) return false;
  std::string_view rest = token.substr(5);
  std::size_t digits = 0;
  while (digits < rest.size() && rest[digits] >= '0' && rest[digits] <= '9') ++digits;
  return digits == 5;
}

bool is_windows_tag(std::string_view tag, bool microsoft_repository) {
  bool windows_word = false, release = false;
  for (std::string_view token : tag_tokens(tag)) {
    if (token.find(kHole) != std::string_view::npos) {
      // `nanoserver${SUFFIX}`, `${VERSION}windowsservercore`: a literal piece of the token
      // still names the variant.
      for (std::size_t start = 0; start <= token.size();) {
        std::size_t end = std::min(token.find(kHole, start), token.size());
        if (has_prefix_in(kWindowsVariantTokens, token.substr(start, end - start))) return true;
        start = end + 1;
      }
      continue;
    }
    if (has_prefix_in(kWindowsVariantTokens, token)) return true;
    if (token == "windows") windows_word = true;
    if (contains(kWindowsReleaseTokens, token) || is_windows_build_number(token)) release = true;
  }
  if (windows_word && release) return true;
  return microsoft_repository && (windows_word || release);
}

// `$REPO:4.8-windowsservercore` -> "\x01:4.8-windowsservercore": every `$name`, `${…}` becomes
// one hole, so the literal parts can still be classified.
std::string punch_holes(std::string_view reference) {
  std::string out;
  for (std::size_t i = 0; i < reference.size();) {
    if (reference[i] != '$') {
      out += reference[i++];
      continue;
    }
    ++i;
    if (i < reference.size() && reference[i] == '{') {
      int depth = 0;
      for (; i < reference.size(); ++i) {
        if (reference[i] == '{') ++depth;
        if (reference[i] == '}' && --depth == 0) {
          ++i;
          break;
        }
      }
    } else {
      while (i < reference.size() &&
             (std::isalnum(static_cast<unsigned char>(reference[i])) || reference[i] == '_'))
        ++i;
    }
    if (out.empty() || out.back() != kHole) out += kHole;
  }
  // Quotes that expansion would have removed ("${VERSION}").
  std::erase_if(out, [](char c) { return c == '"' || c == '\''; });
  return out;
}

// The program a SHELL runs, lower-case, path and `.exe` removed.
std::string shell_program_name(std::string_view program) {
  std::size_t cut = program.find_last_of("/\\");
  if (cut != std::string_view::npos) program = program.substr(cut + 1);
  std::string name = to_lower(program);
  if (name.ends_with(".exe")) name.resize(name.size() - 4);
  return name;
}

// ARG instructions before the first FROM, with their defaults, as BuildKit substitutes them in
// FROM lines (each default expanded with the ones before it). Names without a default are unset.
Environment meta_arg_defaults(const Document& doc, const ExpansionOptions& options) {
  Environment env;
  for (const Node* node : doc.instructions()) {
    const Instruction& ins = *node->instruction;
    if (ins.keyword == Keyword::From) break;
    if (ins.keyword != Keyword::Arg) continue;
    for (const std::string& word : ins.arguments) {
      std::size_t eq = word.find('=');
      std::string name = word.substr(0, eq);
      if (eq == std::string::npos) {
        env.erase(name);
        continue;
      }
      auto value = expand_word(std::string_view(word).substr(eq + 1), env, options);
      if (auto* text = std::get_if<std::string>(&value))
        env[name] = *text;
      else
        env.erase(name);
    }
  }
  // BuildKit sets the platform ARGs itself, in FROM lines too; their value is the build's, so a
  // default (`${TARGETPLATFORM:-linux/amd64}`) says nothing.
  for (std::string_view name : {"TARGETPLATFORM", "TARGETOS", "TARGETARCH", "TARGETVARIANT",
                                "BUILDPLATFORM", "BUILDOS", "BUILDARCH", "BUILDVARIANT"})
    env[std::string(name)] = std::string(1, kHole);
  return env;
}

// The meta-ARG defaults, computed once per document (every root stage asks).
struct MetaArgDefaults {
  Environment env;
};

ExpansionOptions from_expansion(const Document& doc) {
  ExpansionOptions options;
  options.escape = doc.escape;
  options.skip_unset = true;  // an ARG without default, or set by --build-arg: unknown
  return options;
}

const Environment& meta_args(const Document& doc) {
  auto make = [&doc] { return MetaArgDefaults{meta_arg_defaults(doc, from_expansion(doc))}; };
  return doc.memo.get<MetaArgDefaults>(make).env;
}

// A FROM word with the meta-ARG defaults substituted; unresolved variables are kept as written.
std::string substitute(std::string_view word, const Environment& env,
                       const ExpansionOptions& options) {
  if (word.find('$') == std::string_view::npos) return std::string(word);
  auto value = expand_word(word, env, options);
  if (auto* text = std::get_if<std::string>(&value)) return *text;
  return std::string(word);
}

// `C:\app`, `c:/bin`, `"C:\inetpub"`: an absolute Windows path, which on Linux would be a
// relative path starting with a directory named "c:".
bool is_drive_path(std::string_view path) {
  while (!path.empty() && (path.front() == '"' || path.front() == '\'')) path.remove_prefix(1);
  return path.size() >= 3 && std::isalpha(static_cast<unsigned char>(path[0])) && path[1] == ':' &&
         (path[2] == '/' || path[2] == '\\');
}

// What an instruction of a stage with an Unknown base tells about its platform.
std::optional<PlatformSignal> windows_evidence(const Instruction& ins) {
  switch (ins.keyword) {
    case Keyword::Shell:
      if (shell_implies_windows(ins)) return PlatformSignal::WindowsShell;
      break;
    case Keyword::Workdir:  // not VOLUME: containerd tests `VOLUME ["C:/dir"]` on Linux
      if (!ins.arguments.empty() && is_drive_path(ins.arguments.front()))
        return PlatformSignal::WindowsPath;
      break;
    case Keyword::Copy:
    case Keyword::Add:  // the destination
      if (ins.arguments.size() >= 2 && is_drive_path(ins.arguments.back()))
        return PlatformSignal::WindowsPath;
      break;
    case Keyword::User:
      // The two accounts every Windows base image has; no Linux image has them.
      if (!ins.arguments.empty() && (iequals(ins.arguments.front(), "ContainerAdministrator") ||
                                     iequals(ins.arguments.front(), "ContainerUser")))
        return PlatformSignal::WindowsUser;
      break;
    default: break;
  }
  return std::nullopt;
}

}  // namespace

std::string_view image_platform_name(ImagePlatform platform) {
  switch (platform) {
    case ImagePlatform::Linux: return "linux";
    case ImagePlatform::Windows: return "windows";
    case ImagePlatform::Unknown: return "unknown";
  }
  return "unknown";
}

ImagePlatform classify_image(const ImageReference& reference) {
  ImageReference image = reference;  // registries and tags compare case-insensitively here
  image.registry = to_lower(image.registry);
  image.repository = to_lower(image.repository);
  std::string tag = to_lower(image.tag);
  bool microsoft = is_microsoft_repository(image);
  if (is_windows_repository(image) || is_windows_tag(tag, microsoft)) return ImagePlatform::Windows;
  if (!is_docker_hub(image.registry) ||
      image.repository.find(kHole) != std::string::npos ||
      !contains(kOfficialImages, image.repository))
    return ImagePlatform::Unknown;
  // Some shared tags (`python:3.14`, `golang:1.27`, `latest`: caddy, eclipse-temurin, golang,
  // haxe, hello-world, hylang, julia, mongo, nats, openjdk, pypy, python) are manifest lists
  // that also hold the Windows image, which a Windows daemon would pick. They count as Linux, as
  // dfopt has always read them (`# escape=`` on `FROM python` is a Linux file with a backtick
  // escape): a Windows Dockerfile names its Windows tag or its Windows base.
  return ImagePlatform::Linux;
}

ImagePlatform classify_image(std::string_view reference) {
  std::string text = trim(reference).find('$') == std::string_view::npos
                         ? std::string(trim(reference))
                         : punch_holes(trim(reference));
  if (text.empty() || text == std::string(1, kHole)) return ImagePlatform::Unknown;
  // Windows has no `scratch`: a Windows image always builds on a Microsoft base layer.
  if (to_lower(text) == "scratch") return ImagePlatform::Linux;
  std::optional<ImageReference> image = parse_image_reference(text);
  if (!image) return ImagePlatform::Unknown;
  // A hole in the tag's place (`$REPO:$TAG`, `name${SUFFIX}`) leaves the tag unknown.
  return classify_image(*image);
}

ImagePlatform classify_platform_flag(std::string_view value) {
  std::string os = to_lower(trim(value).substr(0, trim(value).find('/')));
  if (os == "windows") return ImagePlatform::Windows;
  if (os == "linux") return ImagePlatform::Linux;
  return ImagePlatform::Unknown;
}

ShellFamily shell_family(const Instruction& shell) {
  if (shell.form != ArgumentForm::Exec || shell.arguments.empty()) return ShellFamily::Other;
  std::string name = shell_program_name(shell.arguments.front());
  static constexpr std::string_view kPosix[] = {"sh",  "bash", "ash", "dash",
                                                             "ksh", "zsh",  "mksh"};
  if (contains(kPosix, name)) return ShellFamily::Posix;
  if (name == "cmd") return ShellFamily::Cmd;
  if (name == "powershell" || name == "pwsh") return ShellFamily::PowerShell;
  return ShellFamily::Other;
}

bool shell_implies_windows(const Instruction& shell) {
  if (shell.form != ArgumentForm::Exec || shell.arguments.empty()) return false;
  std::string_view program = shell.arguments.front();
  std::string name = shell_program_name(program);
  if (name == "cmd" || name == "powershell") return true;
  bool drive = program.size() >= 2 && program[1] == ':' &&
               std::isalpha(static_cast<unsigned char>(program[0]));
  return drive || program.find('\\') != std::string_view::npos ||
         to_lower(program).ends_with(".exe");
}

StagePlatform stage_platform(const Document& doc, std::size_t from_index) {
  const std::vector<const Node*>& instructions = doc.instructions();
  if (from_index >= instructions.size()) return {};
  const Instruction& from = *instructions[from_index]->instruction;

  const ExpansionOptions options = from_expansion(doc);
  const Environment& env = meta_args(doc);

  ImagePlatform flag = ImagePlatform::Unknown;
  if (const Flag* platform = from.flag("platform"))
    if (auto value = platform->value())
      flag = classify_platform_flag(substitute(*value, env, options));
  ImagePlatform base = from.arguments.empty()
                           ? ImagePlatform::Unknown
                           : classify_image(substitute(from.arguments.front(), env, options));

  if (flag == ImagePlatform::Windows) return {ImagePlatform::Windows, PlatformSignal::PlatformFlag};
  if (base == ImagePlatform::Windows) return {ImagePlatform::Windows, PlatformSignal::BaseImage};
  if (flag == ImagePlatform::Linux) return {ImagePlatform::Linux, PlatformSignal::PlatformFlag};
  if (base == ImagePlatform::Linux) return {ImagePlatform::Linux, PlatformSignal::BaseImage};

  if (doc.escape == '`') return {ImagePlatform::Windows, PlatformSignal::EscapeDirective};
  for (std::size_t i = from_index + 1; i < instructions.size(); ++i) {
    const Instruction& ins = *instructions[i]->instruction;
    if (ins.keyword == Keyword::From) break;
    if (std::optional<PlatformSignal> signal = windows_evidence(ins))
      return {ImagePlatform::Windows, *signal};
  }
  return {};
}

bool is_windows_stage(const Document& doc, std::size_t from_index) {
  return stage_platform(doc, from_index).platform == ImagePlatform::Windows;
}

}  // namespace dfopt
