#!/usr/bin/env python3
"""What dfopt's rewrites do to real images: every examples/ Dockerfile is built with buildah
(no Docker engine) as written, after `dfopt --fix` and after `dfopt --fix --unsafe-fixes`.

For each build it measures the image size, the layer count, the cold build time (--no-cache)
and the rebuild time after editing one source file of the context (layer cache on). It then
checks that the rewrite kept the build's meaning: the images' filesystems (package lists and
caches aside) and configs (CMD, ENTRYPOINT, ENV, WORKDIR, USER, EXPOSE) must be equal, except
for differences that a rule which was applied intends (each is listed with its rule) and files
that differ between two builds of the very same Dockerfile (timestamps inside jars and such).

usage: bench/image-effect/run.py [--only EXAMPLE,...] [--dfopt PATH] [--imagebuild DIR]
                                 [--results FILE]
Needs root (buildah with chroot isolation). Installs buildah and debootstrap when missing and
makes the Debian base images with ../shared/imagebuild/make-base.sh on first use.
"""
import argparse
import fnmatch
import hashlib
import json
import os
import platform
import re
import shlex
import shutil
import stat
import subprocess
import sys
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))

# The file of each example's context that a developer edits most often: the rebuild test
# appends a newline to it. None: the build reads no local source.
EDITED_FILE = {
    "add-local-file": "entrypoint.sh",
    "add-tarball-url": None,
    "apt-update-separate": "fetch.sh",
    "copy-app-before-libs": "app/main.py",
    "copy-dot-no-dockerignore": "greeter/__init__.py",
    "go-single-stage": "main.go",
    "java-shell-entrypoint": "Hello.java",
    "latest-base": "hello.c",
    "mkdir-cd": "greet.sh",
    "unpinned-dependencies": "check.js",
    "useradd-large-uid": None,
    "archive-kept": None,
}

# What an image can do that a rewrite must keep, whatever the rules intend for the files
# behind it: DF112 leaving out a package's Recommends must not take away the CA bundle that
# curl, wget and git need for HTTPS, nor a locale the original image had.
CA_BUNDLE = "/etc/ssl/certs/ca-certificates.crt"


def capabilities(files):
    found = set()
    if files.get(CA_BUNDLE, (0,))[0] == stat.S_IFREG:
        found.add(f"a CA bundle ({CA_BUNDLE})")
    for path in files:
        if path.startswith("/usr/lib/locale/") and path.count("/") == 4:
            found.add(f"the locale {path[len('/usr/lib/locale/'):]}")
    return found

# Left out of the filesystem comparison: package indexes, caches and logs, which the hygiene
# rules exist to remove or which change with every build.
IGNORED = ["/var/lib/apt/lists/*", "/var/cache/*", "/root/.cache/*", "/root/.npm/*",
           "/var/log/*", "/tmp/*.log", "/var/lib/dpkg/*-old", "/etc/ld.so.cache", "/run/*",
           "/root/.config/go/*", "/root/go/pkg/*"]


def sh(cmd, check=True, capture=True, env=None):
    result = subprocess.run(cmd, shell=isinstance(cmd, str), check=False, text=True,
                            capture_output=capture, env=env)
    if check and result.returncode != 0:
        sys.stderr.write(f"command failed ({result.returncode}): {cmd}\n{result.stderr}\n")
        raise SystemExit(1)
    return result


class Buildah:
    def __init__(self, imagebuild):
        self.imagebuild = imagebuild
        env = dict(os.environ)
        env.setdefault("IMGBUILD_DRIVER", "overlay")
        env["CONTAINERS_STORAGE_CONF"] = os.path.join(imagebuild, f"storage-{env['IMGBUILD_DRIVER']}.conf")
        env.setdefault("BUILDAH_ISOLATION", "chroot")
        env.setdefault("BUILDAH_FORMAT", "docker")
        self.env = env

    def run(self, args, check=True):
        return sh(["buildah"] + args, check=check, env=self.env)

    def has_image(self, name):
        return self.run(["inspect", "--type", "image", name], check=False).returncode == 0

    def ensure_bases(self, dockerfiles):
        if shutil.which("buildah") is None or shutil.which("debootstrap") is None:
            sh("apt-get update && apt-get install -y --no-install-recommends buildah debootstrap",
               capture=False)
        # Every Debian base an example names (`FROM debian:bullseye-slim`), made with
        # debootstrap; `FROM debian` and `FROM debian:latest` resolve to bookworm.
        tags = {"bookworm"}
        for dockerfile in dockerfiles:
            for line in open(dockerfile, encoding="utf-8"):
                m = re.match(r"\s*FROM\s+(?:--\S+\s+)*(?:docker\.io/)?(?:library/)?debian:(\S+)",
                             line, re.I)
                if m and re.fullmatch(r"[a-z]+(-slim)?", m.group(1)) and m.group(1) != "latest":
                    tags.add(m.group(1))
        for tag in sorted(tags):
            if not self.has_image(f"docker.io/library/debian:{tag}"):
                suite, slim = tag.removesuffix("-slim"), "1" if tag.endswith("-slim") else "0"
                print(f"making the base image debian:{tag} (about a minute)", flush=True)
                sh([os.path.join(self.imagebuild, "make-base.sh"), suite], capture=False,
                   env=dict(self.env, SLIM=slim))
        self.run(["tag", "localhost/debian:bookworm", "docker.io/library/debian:latest"])

    def build(self, dockerfile, context, tag, no_cache):
        args = ["bud", "--layers", "--network", "host", "-f", dockerfile, "-t", tag]
        if no_cache:
            args.append("--no-cache")
        start = time.monotonic()
        result = sh(["buildah"] + args + [context], check=False, env=self.env)
        seconds = time.monotonic() - start
        if result.returncode != 0:
            sys.stderr.write(result.stdout[-3000:] + result.stderr[-3000:])
            raise SystemExit(f"build of {dockerfile} failed")
        log = result.stdout + result.stderr
        return {"seconds": seconds, "steps": len(re.findall(r"STEP \d+/\d+: ", log)),
                "cached": len(re.findall(r"Using cache", log))}

    def inspect(self, tag):
        image = json.loads(self.run(["inspect", "--type", "image", tag]).stdout)
        oci = image["OCIv1"]
        diffs = oci["rootfs"]["diff_ids"]
        root = os.path.join(self.env.get("GRAPHROOT", "/var/lib/containers/storage"),
                            f"{self.env['IMGBUILD_DRIVER']}-layers")
        sizes = {}
        for name in ("layers.json", "volatile-layers.json"):
            path = os.path.join(root, name)
            if os.path.exists(path):
                for layer in json.load(open(path)):
                    sizes.setdefault(layer.get("diff-digest"), layer.get("diff-size", 0))
        config = oci.get("config", {})
        return {"size": sum(sizes.get(d, 0) for d in diffs), "layers": len(diffs),
                "config": {"Cmd": config.get("Cmd"), "Entrypoint": config.get("Entrypoint"),
                           "Env": config.get("Env"), "WorkingDir": config.get("WorkingDir", ""),
                           "User": config.get("User", ""),
                           "ExposedPorts": sorted((config.get("ExposedPorts") or {}).keys())}}

    def filesystem(self, tag):
        """path -> (type, mode, uid, gid, content digest or link target) of the image's files."""
        container = self.run(["from", "--pull-never", tag]).stdout.strip().splitlines()[-1]
        try:
            mount = self.run(["mount", container]).stdout.strip()
            files = {}
            for directory, subdirs, names in os.walk(mount):
                for name in subdirs + names:
                    full = os.path.join(directory, name)
                    path = "/" + os.path.relpath(full, mount)
                    if any(fnmatch.fnmatch(path, p) for p in IGNORED):
                        continue
                    st = os.lstat(full)
                    if stat.S_ISLNK(st.st_mode):
                        content = "-> " + os.readlink(full)
                    elif stat.S_ISREG(st.st_mode):
                        digest = hashlib.sha256()
                        with open(full, "rb") as f:
                            for block in iter(lambda: f.read(1 << 20), b""):
                                digest.update(block)
                        content = digest.hexdigest()
                    else:
                        content = ""
                    files[path] = (stat.S_IFMT(st.st_mode), stat.S_IMODE(st.st_mode), st.st_uid,
                                   st.st_gid, content)
            return files
        finally:
            self.run(["umount", container], check=False)
            self.run(["rm", container], check=False)

    def remove(self, tag):
        self.run(["rmi", "-f", tag], check=False)


def exec_form(value):
    """A CMD/ENTRYPOINT as the words it runs: shell form with plain words, or with the `exec`
    DF201 may put in front, counts as the exec form of the same words."""
    if value and len(value) == 3 and value[:2] == ["/bin/sh", "-c"]:
        words = shlex.split(value[2])
        if words and words[0] == "exec":
            words = words[1:]
        if all(re.fullmatch(r"[A-Za-z0-9_./:=@%+,-]+", w) for w in words):
            return words
    return value


def dpkg_packages(files):
    return {p[len("/var/lib/dpkg/info/"):-len(".list")] for p in files
            if p.startswith("/var/lib/dpkg/info/") and p.endswith(".list")}


class Comparison:
    """The differences between two images, each one either intended by an applied rule,
    nondeterministic, or unexplained."""

    def __init__(self, before, after, fixes, intent):
        self.intended, self.unexplained = [], []
        paths = sorted(set(before) | set(after))
        for path in paths:
            if before.get(path) == after.get(path):
                continue
            what = "only before" if path not in after else "only after" if path not in before else "changed"
            reason = intent(path, what)
            (self.intended if reason else self.unexplained).append((path, what, reason))


MERGED_USR = ("/bin/", "/sbin/", "/lib/", "/lib32/", "/lib64/", "/libx32/")


def removed_package_traces(dpkg_dir, gone_packages):
    """What the packages DF112 leaves out put into the original image: the paths their dpkg
    lists name (also under /usr, as /lib is /usr/lib), the alternatives links they registered,
    and the text of their maintainer scripts (which create files no list names)."""
    owned, scripts = set(), ""
    for package in gone_packages:
        listing = os.path.join(dpkg_dir, "info", package + ".list")
        if os.path.exists(listing):
            for path in open(listing).read().split("\n"):
                owned.add(path)
                if path.startswith(MERGED_USR):
                    owned.add("/usr" + path)
        bare = package.split(":")[0]
        for suffix in ("postinst", "preinst", "triggers"):
            for name in (f"{package}.{suffix}", f"{bare}.{suffix}"):
                script = os.path.join(dpkg_dir, "info", name)
                if os.path.exists(script):
                    scripts += open(script, errors="replace").read()
    alternatives = set()
    alternatives_dir = os.path.join(dpkg_dir, "alternatives")
    if os.path.isdir(alternatives_dir):
        for name in os.listdir(alternatives_dir):
            lines = open(os.path.join(alternatives_dir, name), errors="replace").read().split("\n")
            # A link group whose every choice belongs to a package that is gone.
            choices = [l for l in lines if l.startswith("/") and l in owned]
            if choices:
                alternatives.update(l for l in lines if l.startswith("/"))
                alternatives.add("/etc/alternatives/" + name)
    return owned, alternatives, scripts


def intent_for(fixes, before_fs, after_fs, variant_dir, before_dir):
    """A function (path, difference) -> the applied rule that intends it, or None."""
    gone = dpkg_packages(before_fs) - dpkg_packages(after_fs)
    owned, alternatives, scripts = removed_package_traces(before_dir + ".dpkg", gone)
    ignore_patterns = []
    dockerignore = os.path.join(variant_dir, ".dockerignore")
    if "DF307" in fixes and os.path.exists(dockerignore):
        ignore_patterns = [l.strip() for l in open(dockerignore) if l.strip() and not l.startswith("#")]

    # The archives DF127's added `rm -f` names.
    removed_archives = set()
    if "DF127" in fixes:
        before_text = open(os.path.join(before_dir, "Dockerfile")).read()
        after_text = open(os.path.join(variant_dir, "Dockerfile")).read()
        removed_archives = (set(re.findall(r"rm -f (/\S+)", after_text)) -
                            set(re.findall(r"rm -f (/\S+)", before_text)))

    def link_target(path):
        content = before_fs.get(path, (0, 0, 0, 0, ""))[4]
        if not content.startswith("-> "):
            return None
        return os.path.normpath(os.path.join(os.path.dirname(path), content[3:]))

    def intent(path, what):
        if "DF112" in fixes and what == "only before":
            if path in owned:
                return "DF112: a file of a recommended package that is not installed"
            if path in alternatives:
                return "DF112: an alternatives link of a package that is not installed"
            target = link_target(path)
            if target and (target in owned or target in alternatives):
                return "DF112: a link to a file of a package that is not installed"
            if os.path.basename(path) and os.path.basename(path) in scripts:
                return "DF112: made by the install script of a package that is not installed"
        if "DF112" in fixes and (path.startswith("/var/lib/dpkg/") or path.startswith("/etc/alternatives/")
                                 or path == "/var/lib/apt/extended_states"
                                 or path.startswith("/var/lib/systemd/deb-systemd-")
                                 or path.startswith("/etc/ssl/certs/")):
            return "DF112: the package database of the smaller package set"
        if "DF203" in fixes and what == "only before" and path.startswith("/tmp/") and path.endswith((".tar.gz", ".tgz")):
            return "DF203: the downloaded archive is piped into tar, not kept"
        if "DF127" in fixes and what == "only before" and path in removed_archives:
            return "DF127: the unpacked archive is removed in its RUN"
        if "DF307" in fixes:
            if what == "only after" and path.endswith("/.dockerignore"):
                return "DF307: the new .dockerignore itself, copied by COPY ."
            if what == "only before":
                for pattern in ignore_patterns:
                    name = pattern.rstrip("/")
                    if re.search(r"/" + re.escape(name) + r"(/|$)", path):
                        return f"DF307: excluded by the new .dockerignore ({pattern})"
        return None
    return intent


def explain_directories(comparison):
    """A directory only one image has is intended when everything in it is."""
    unexplained = {p for p, _, _ in comparison.unexplained}
    intended_paths = {p for p, _, _ in comparison.intended}
    for entry in list(comparison.unexplained):
        path = entry[0]
        inside = [p for p in unexplained | intended_paths if p.startswith(path + "/")]
        if inside and all(p in intended_paths for p in inside):
            comparison.unexplained.remove(entry)
            comparison.intended.append((path, entry[1], "a folder whose every entry is intended"))


def copy_example(src, dst):
    if os.path.exists(dst):
        shutil.rmtree(dst)
    shutil.copytree(src, dst, symlinks=True)


def dfopt_fix(dfopt, directory, unsafe):
    args = [dfopt, "--fix", "--quiet", "--fail-on", "never", "--output-format", "json"]
    if unsafe:
        args.append("--unsafe-fixes")
    result = sh(args + [os.path.join(directory, "Dockerfile")], check=False)
    if result.returncode not in (0, 1):
        raise SystemExit(f"dfopt failed on {directory}: {result.stderr}")
    report = json.loads(result.stdout)
    return report["files"][0].get("fixes_applied", {})


def dump_dpkg_lists(buildah, tag, out_dir):
    """Copies the image's dpkg database (file lists, maintainer scripts, alternatives), to tell
    which paths a package put there."""
    container = buildah.run(["from", "--pull-never", tag]).stdout.strip().splitlines()[-1]
    try:
        mount = buildah.run(["mount", container]).stdout.strip()
        if os.path.exists(out_dir):
            shutil.rmtree(out_dir)
        for part in ("info", "alternatives"):
            source = os.path.join(mount, "var/lib/dpkg", part)
            if os.path.isdir(source):
                shutil.copytree(source, os.path.join(out_dir, part), symlinks=True)
    finally:
        buildah.run(["umount", container], check=False)
        buildah.run(["rm", container], check=False)


def measure(buildah, example, variant, directory):
    tag = f"localhost/dfopt-effect-{example}-{variant}"
    dockerfile = os.path.join(directory, "Dockerfile")
    cold = buildah.build(dockerfile, directory, tag, no_cache=True)
    info = buildah.inspect(tag)
    files = buildah.filesystem(tag)
    dump_dpkg_lists(buildah, tag, directory + ".dpkg")  # beside the context, not in it
    rebuild = None
    edited = EDITED_FILE.get(example)
    if edited:
        # First a build with the cache as a developer has it after a normal build (buildah does
        # not reuse the COPY layers of a --no-cache build), then the edit and the timed rebuild.
        buildah.build(dockerfile, directory, tag, no_cache=False)
        path = os.path.join(directory, edited)
        original = open(path, "rb").read()
        try:
            with open(path, "ab") as f:
                f.write(b"\n")
            rebuild = buildah.build(dockerfile, directory, tag + "-edit", no_cache=False)
        finally:
            with open(path, "wb") as f:
                f.write(original)
        buildah.remove(tag + "-edit")
    return {"tag": tag, "cold": cold, "rebuild": rebuild, "files": files, **info}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--only", default="")
    parser.add_argument("--dfopt", default=os.path.join(ROOT, "build", "apps", "dfopt"))
    parser.add_argument("--imagebuild", default=os.path.join(ROOT, "..", "shared", "imagebuild"))
    parser.add_argument("--work", default=os.path.join(ROOT, "build", "image-effect"))
    parser.add_argument("--results", default=os.path.join(ROOT, "bench", "image-effect", "RESULTS.md"))
    args = parser.parse_args()
    if os.geteuid() != 0:
        raise SystemExit("run as root: buildah builds with chroot isolation")
    buildah = Buildah(os.path.abspath(args.imagebuild))
    examples = sorted(e for e in os.listdir(os.path.join(ROOT, "examples"))
                      if os.path.isfile(os.path.join(ROOT, "examples", e, "Dockerfile")))
    if args.only:
        examples = [e for e in examples if e in args.only.split(",")]
    buildah.ensure_bases(os.path.join(ROOT, "examples", e, "Dockerfile") for e in examples)
    for example in examples:
        print(f"== {example}", flush=True)
        rows, details = [], []
        source = os.path.join(ROOT, "examples", example)
        dirs = {v: os.path.join(args.work, example, v) for v in ("before", "safe", "unsafe")}
        for variant, directory in dirs.items():
            copy_example(source, directory)
        fixes = {"before": {}, "safe": dfopt_fix(args.dfopt, dirs["safe"], False),
                 "unsafe": dfopt_fix(args.dfopt, dirs["unsafe"], True)}
        results = {}
        for variant in ("before", "safe", "unsafe"):
            same_as = next((v for v in results if fixes[v] == fixes[variant] and
                            open(os.path.join(dirs[v], "Dockerfile")).read() ==
                            open(os.path.join(dirs[variant], "Dockerfile")).read() and
                            os.path.exists(os.path.join(dirs[v], ".dockerignore")) ==
                            os.path.exists(os.path.join(dirs[variant], ".dockerignore"))), None)
            if same_as:
                results[variant] = dict(results[same_as], same_as=same_as)
                continue
            print(f"   {variant}: building", flush=True)
            results[variant] = measure(buildah, example, variant, dirs[variant])
        noise = None
        for variant in ("safe", "unsafe"):
            r, b = results[variant], results["before"]
            if r.get("same_as"):
                verdict, intended, unexplained = "same Dockerfile", [], []
            else:
                comparison = Comparison(b["files"], r["files"], fixes[variant],
                                        intent_for(fixes[variant], b["files"], r["files"],
                                                   dirs[variant], dirs["before"]))
                explain_directories(comparison)
                unexplained = comparison.unexplained
                for lost in sorted(capabilities(b["files"]) - capabilities(r["files"])):
                    unexplained.append((f"capability: {lost}", "lost", None))
                if unexplained and noise is None:
                    # Build the original again: whatever differs between two builds of the
                    # same Dockerfile is not the rewrite's doing.
                    print("   before, again: building (to find nondeterministic files)", flush=True)
                    again = os.path.join(args.work, example, "before-again")
                    copy_example(source, again)
                    tag = f"localhost/dfopt-effect-{example}-before-again"
                    buildah.build(os.path.join(again, "Dockerfile"), again, tag, no_cache=True)
                    second = buildah.filesystem(tag)
                    buildah.remove(tag)
                    noise = {p for p in set(b["files"]) | set(second) if b["files"].get(p) != second.get(p)}
                nondeterministic = [d for d in unexplained if noise and d[0] in noise]
                unexplained = [d for d in unexplained if not (noise and d[0] in noise)]
                intended = comparison.intended
                config_b = dict(b["config"], Cmd=exec_form(b["config"]["Cmd"]),
                                Entrypoint=exec_form(b["config"]["Entrypoint"]))
                config_r = dict(r["config"], Cmd=exec_form(r["config"]["Cmd"]),
                                Entrypoint=exec_form(r["config"]["Entrypoint"]))
                for key in config_b:
                    if config_b[key] == config_r[key]:
                        continue
                    difference = (f"config {key}", f"{config_b[key]} -> {config_r[key]}")
                    if key == "WorkingDir" and "DF103" in fixes[variant] and variant == "unsafe":
                        intended.append(difference + ("DF103 (unsafe): the WORKDIR before the cd "
                                                      "was not known, so it is not restored",))
                    else:
                        unexplained.append(difference + (None,))
                verdict = "equal" if not unexplained else f"{len(unexplained)} unexplained"
                details.append((example, variant, fixes[variant], intended, nondeterministic, unexplained))
            rows.append((example, variant, fixes[variant], b, r, verdict, len(intended)))
        for variant in ("before", "safe", "unsafe"):
            buildah.remove(results[variant]["tag"])
        save_example(args.work, example, rows, details)
    # The table covers every example measured so far, so `--only` can redo one of them.
    rows, details = load_examples(args.work)
    write_results(args.results, rows, details)
    print(open(args.results).read())
    return 1 if any(unexplained for *_, unexplained in details) else 0


def save_example(work, example, rows, details):
    """Keeps an example's measurements (not its file lists) beside its build folders."""
    slim = lambda image: {k: image[k] for k in ("size", "layers", "cold", "rebuild")}
    data = {"rows": [[e, v, f, slim(b), slim(r), verdict, n] for e, v, f, b, r, verdict, n in rows],
            "details": details}
    with open(os.path.join(work, example, "result.json"), "w") as f:
        json.dump(data, f)


def load_examples(work):
    rows, details = [], []
    for example in sorted(os.listdir(work)):
        path = os.path.join(work, example, "result.json")
        if os.path.exists(path):
            data = json.load(open(path))
            rows += [tuple(row) for row in data["rows"]]
            details += [tuple(d) for d in data["details"]]
    return rows, details


def mb(n):
    return f"{n / 1e6:.1f}"


def write_results(results_path, rows, details):
    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
    out = ["# Effect of dfopt on the images of examples/", "",
           f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, {os.cpu_count()} cores ({cpu}), "
           f"{platform.system()} {platform.release()}, buildah "
           f"{sh(['buildah', '--version']).stdout.split()[2]} (overlay storage, chroot isolation), "
           "Debian bases made with debootstrap.", "",
           "Cold build: `--no-cache`. Rebuild: layer cache on, after appending a newline to the "
           "example's most edited source file (cached steps / steps). Equivalence: filesystems "
           "(package lists, caches and logs aside) and configs compared with the original's; "
           "differences an applied rule intends are counted, anything else fails.", "",
           "| example | variant | fixes applied | size MB | Δ size | layers | cold build s | rebuild s (cached) | equivalence |",
           "|---|---|---|---:|---:|---:|---:|---:|---|"]
    for example, variant, fixes, b, r, verdict, intended in rows:
        if variant == "safe":
            rb = b["rebuild"]
            out.append(f"| {example} | original | | {mb(b['size'])} | | {b['layers']} | "
                       f"{b['cold']['seconds']:.1f} | "
                       + (f"{rb['seconds']:.1f} ({rb['cached']}/{rb['steps']})" if rb else "n/a")
                       + " | |")
        fix_text = ", ".join(f"{k}×{v}" for k, v in sorted(fixes.items())) or "none"
        rr = r["rebuild"]
        delta = (r["size"] - b["size"]) / b["size"] * 100
        out.append(f"| | {'--fix' if variant == 'safe' else '--fix --unsafe-fixes'} | {fix_text} | "
                   f"{mb(r['size'])} | {delta:+.1f} % | {r['layers']} | {r['cold']['seconds']:.1f} | "
                   + (f"{rr['seconds']:.1f} ({rr['cached']}/{rr['steps']})" if rr else "n/a")
                   + f" | {verdict}" + (f", {intended} intended" if intended else "") + " |")
    out += ["", "## Differences found", ""]
    for example, variant, fixes, intended, nondeterministic, unexplained in details:
        out.append(f"- **{example}**, {variant}: {len(intended)} intended, "
                   f"{len(nondeterministic)} nondeterministic, {len(unexplained)} unexplained")
        reasons = {}
        for path, what, reason in intended:
            reasons.setdefault(reason, []).append(path)
        for reason, paths in sorted(reasons.items()):
            out.append(f"  - {reason}: {len(paths)} paths, e.g. `{paths[0]}`")
        for path, what, _ in nondeterministic[:5]:
            out.append(f"  - nondeterministic: `{path}` ({what})")
        for path, what, _ in unexplained[:20]:
            out.append(f"  - **unexplained**: `{path}` ({what})")
    with open(results_path, "w") as f:
        f.write("\n".join(out) + "\n")


if __name__ == "__main__":
    sys.exit(main())
