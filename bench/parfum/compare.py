#!/usr/bin/env python3
"""Side by side: the repairs Parfum makes to the shared corpus and the ones dfopt makes.

usage: bench/parfum/compare.py PARFUM_DIR DFOPT_SAFE.json DFOPT_UNSAFE.json [--misses CLASS]

PARFUM_DIR holds results.*.jsonl from run-parfum.js (one line per file: the Parfum rules that
matched before and after its repair) and files/ (its repaired Dockerfiles). The dfopt reports
are `dfopt --check --output-format json` over the same files, without and with --unsafe-fixes.
Prints the repair-class table in Markdown; --misses CLASS lists the files of one class that
Parfum repairs and dfopt does not, with Parfum's diff, for review.
"""
import collections
import difflib
import glob
import json
import os
import re
import sys

# Parfum rule -> (dfopt rules that make the same repair, what dfopt does with it, a note on
# Parfum's edit when it is not one to copy).
CLASSES = {
    "aptGetInstallUseNoRec": (["DF112"], "fix", ""),
    "DL3020": (["DF202"], "fix", ""),
    "pipUseNoCacheDir": (["DF114"], "fix", ""),
    "aptGetInstallThenRemoveAptLists": (["DF111"], "fix", ""),
    "aptGetInstallUseY": (["DF110"], "fix", ""),
    "aptGetUpdatePrecedesInstall": (["DF101"], "fix", ""),
    "apkAddUseNoCache": (["DF115"], "fix", ""),
    "DL3027": (["DF113"], "fix", ""),
    "DL3046": (["DF120"], "fix", ""),
    "gpgUseBatchFlag": (["DF121"], "fix", ""),
    "npmCacheCleanUseForce": (["DF122"], "fix", ""),
    "npmCacheCleanAfterInstall": (["DF116"], "fix", ""),
    "yarnCacheCleanAfterInstall": (["DF116"], "fix", ""),
    "sha256sumEchoOneSpaces": (["DF124"], "fix", ""),
    "curlUseFlagF": (["DF123"], "fix", ""),
    "curlUseFlagL": (["DF125"], "fix", ""),
    "tarSomethingRmTheSomething": (["DF127"], "fix", ""),
    "yumInstallRmVarCacheYum": (["DF117"], "fix", ""),
    "yumInstallForceYes": (["DF117"], "fix", ""),
    "gemUpdateNoDocument": (["DF118"], "fix", ""),
    "DL3004": (["DF119"], "fix", ""),
    "curlUseHttpsUrl": (["DF126"], "report", "dfopt cannot know that the server speaks HTTPS"),
    "wgetUseHttpsUrl": (["DF126"], "report", "dfopt cannot know that the server speaks HTTPS"),
    "DL3002": (["DF302"], "report", "which user the image needs is the author's decision"),
    "gpgVerifyAscRmAsc": ([], "none", ""),
    "ruleMoreThanOneInstall": ([], "none", ""),
    "DL3029": ([], "none", "left to BuildKit's FromPlatformFlagConstDisallowed check"),
    "configureShouldUseBuildFlag": ([], "wrong", "`--build=` with the build machine's triplet "
                                    "changes a cross build and breaks configure scripts that take no such option"),
    "mkdirUsrSrcThenRemove": ([], "wrong", "`rm -rf /usr/src/*` deletes sources a later step builds"),
    "gemUpdateSystemRmRootGem": ([], "wrong", "removing /root/.gem after `gem update --system` "
                                 "deletes gems installed there"),
    "rmRecursiveAfterMktempD": ([], "wrong", "the `rm -r` of a `mktemp -d` folder lands where "
                                "the folder is still used"),
    "gpgUseHaPools": ([], "wrong", "the SKS pool it points to no longer exists"),
}


def load_parfum(directory):
    rows = {}
    for path in sorted(glob.glob(os.path.join(directory, "results.*.jsonl"))):
        for line in open(path):
            rec = json.loads(line)
            rows[rec["file"]] = rec
    return rows


def load_dfopt(path):
    files = {}
    for f in json.load(open(path))["files"]:
        files[os.path.basename(f["path"])] = f
    return files


def repaired_classes(rec):
    """The Parfum classes that matched fewer times after its repair than before."""
    if not rec.get("changed") or "before" not in rec:
        return set()
    before = collections.Counter(rec["before"])
    after = collections.Counter(rec.get("after", []))
    return {name for name, n in before.items() if after.get(name, 0) < n}


INSTRUCTION = re.compile(r"^\s*([A-Za-z]+)\b")


def instructions(lines):
    """(first line, last line, keyword, text, stage) of each instruction, 0-based lines, and the
    stages the image is made of: the last one and those it is built FROM."""
    out, stage, names, parents = [], -1, {}, {}
    i = 0
    while i < len(lines):
        line = lines[i]
        if not line.strip() or line.lstrip().startswith("#"):
            i += 1
            continue
        first = i
        while lines[i].rstrip().endswith("\\") and i + 1 < len(lines):
            i += 1
        text = "\n".join(lines[first:i + 1])
        match = INSTRUCTION.match(text)
        keyword = match.group(1).upper() if match else ""
        if keyword == "FROM":
            stage += 1
            words = text.split()
            base = next((w for w in words[1:] if not w.startswith("--")), "")
            parents[stage] = names.get(base.lower())
            if len(words) >= 4 and words[-2].lower() == "as":
                names[words[-1].lower()] = stage
        out.append((first, i, keyword, text, stage))
        i += 1
    shipped, current = set(), stage
    while current is not None and current not in shipped:
        shipped.add(current)
        current = parents.get(current)
    return out, shipped


def parfum_hunks(original, repaired):
    """(original line range, removed text, added text) of each change Parfum made."""
    matcher = difflib.SequenceMatcher(None, original, repaired, autojunk=False)
    return [(i1, i2, "\n".join(original[i1:i2]), "\n".join(repaired[j1:j2]))
            for tag, i1, i2, j1, j2 in matcher.get_opcodes() if tag != "equal"]


# Repairs that only make the image smaller: in a stage the image is not built from, they save
# nothing, and dfopt's size rules leave such stages alone.
SIZE_ONLY = {"aptGetInstallThenRemoveAptLists", "pipUseNoCacheDir", "apkAddUseNoCache",
             "npmCacheCleanAfterInstall", "yarnCacheCleanAfterInstall", "tarSomethingRmTheSomething",
             "yumInstallRmVarCacheYum", "gemUpdateNoDocument", "DL3046"}
CHECKS_DOWNLOAD = re.compile(r"\b(sha(1|224|256|384|512)sum|md5sum)\b[^&|;]*(-c|--check)|gpg\b[^&|;]*--verify|\bgpgv\b")
ARCHIVE = re.compile(r"\.(tar|tar\.gz|tgz|tar\.bz2|tbz2?|tar\.xz|txz)$")


def explain_miss(cls, touched, hunks, shipped):
    """Why dfopt does not make Parfum's edit, read from the edit and the instructions it
    touches; None when no rule below explains it."""
    runs = [t for t in touched if t[2] == "RUN"]
    removed = "\n".join(h[2] for h in hunks)
    added = "\n".join(h[3] for h in hunks)
    if cls in SIZE_ONLY and runs and all(t[4] not in shipped for t in runs):
        return "dfopt right: the RUN is in a build stage the image does not contain"
    if cls == "aptGetInstallThenRemoveAptLists":
        if runs and all("/var/lib/apt/lists" in t[3] for t in runs):
            return "Parfum wrong: the RUN already removes the lists (a second rm)"
    if cls == "DL3020":
        if re.search(r"^\s*ADD\b.*://", removed, re.M | re.I):
            return "Parfum wrong: COPY cannot download a URL, the build fails"
        if any(ARCHIVE.search(w) for line in removed.splitlines() for w in line.split()[1:-1]):
            return "Parfum wrong: ADD unpacks this local archive, COPY does not"
    if cls == "sha256sumEchoOneSpaces" and re.search(r"  \*", added) and not re.search(r"  \*", removed):
        return "Parfum wrong: `HASH *FILE` is binary mode; two spaces make the name `*FILE` and the check fails"
    if cls in ("curlUseHttpsUrl", "wgetUseHttpsUrl"):
        if runs and all(CHECKS_DOWNLOAD.search(t[3]) for t in runs):
            return "dfopt right: the RUN checks a checksum or signature of what arrives"
        if re.search(r"http://(\$|localhost|127\.)", removed):
            return "dfopt right: a local address or a host behind a variable"
    if cls == "tarSomethingRmTheSomething":
        if runs and not any(re.search(r"\b(curl|wget)\b", t[3]) for t in runs):
            return "Parfum wrong: the archive comes from an earlier layer, an rm here saves nothing"
        for name in re.findall(r"\brm (?:-f )?(\S+)", added):
            stem = os.path.basename(name.strip("'\"")).split("$")[0].split("*")[0][:8]
            if stem and any(re.search(r"\brm\b[^&;|]*" + re.escape(stem), t[3]) for t in runs):
                return "Parfum wrong: the RUN already removes the archive (a glob or its folder), Parfum's rm fails"
    return None


def reason_of(finding):
    match = re.search(r"\((not [^)]*|unsafe: [^)]*)\)\s*$", finding["message"])
    return match.group(1) if match else finding["message"]


def main():
    args = sys.argv[1:]
    misses_of = None
    if "--misses" in args:
        i = args.index("--misses")
        misses_of = args[i + 1]
        del args[i:i + 2]
    parfum_dir, safe_path, unsafe_path = args
    parfum = load_parfum(parfum_dir)
    safe, unsafe = load_dfopt(safe_path), load_dfopt(unsafe_path)
    names = sorted(set(parfum) & set(unsafe))
    corpus = os.path.join(os.environ.get("DFOPT_CORPUS", "../shared/corpus"), "real")

    table = []
    for cls, (rules, kind, note) in CLASSES.items():
        p_files = [n for n in names if cls in repaired_classes(parfum[n])]
        fixed_safe = [n for n in p_files if any(r in safe[n].get("fixes_applied", {}) for r in rules)]
        fixed_unsafe = [n for n in p_files if any(r in unsafe[n].get("fixes_applied", {}) for r in rules)]
        all_safe = [n for n in names if any(r in safe[n].get("fixes_applied", {}) for r in rules)]
        all_unsafe = [n for n in names if any(r in unsafe[n].get("fixes_applied", {}) for r in rules)]
        reported = [n for n in names if any(f["rule"] in rules for f in unsafe[n]["findings"])]
        misses = [n for n in p_files if n not in fixed_unsafe]
        reasons = collections.Counter()
        unexplained = []
        for n in misses:
            finding = next((f for f in unsafe[n]["findings"] if f["rule"] in rules), None)
            if unsafe[n].get("errors"):
                reasons["dfopt right: the file does not parse (BuildKit rejects it too)"] += 1
                continue
            if finding:
                reasons["reported: " + reason_of(finding)] += 1
                continue
            if kind == "wrong":
                unexplained.append(n)
                continue
            original = open(os.path.join(corpus, n), errors="replace").read().splitlines()
            repaired = open(os.path.join(parfum_dir, "files", n), errors="replace").read().splitlines()
            hunks = parfum_hunks(original, repaired)
            instrs, shipped = instructions(original)
            touched = [t for t in instrs if any(h[0] <= t[1] and t[0] < max(h[1], h[0] + 1) for h in hunks)]
            why = explain_miss(cls, touched, hunks, shipped)
            if why:
                reasons[why] += 1
            else:
                unexplained.append(n)
        table.append((cls, rules, kind, note, p_files, fixed_safe, fixed_unsafe, all_safe, all_unsafe,
                      reported, misses, reasons, unexplained))
        if cls == misses_of:
            for n in unexplained:
                original = open(os.path.join(corpus, n), errors="replace").read().splitlines()
                repaired = open(os.path.join(parfum_dir, "files", n), errors="replace").read().splitlines()
                print(f"==== {n}")
                for line in difflib.unified_diff(original, repaired, lineterm="", n=0):
                    if not line.startswith(("---", "+++")):
                        print(line[:300])

    if misses_of:
        return 0
    print("| Parfum repair | dfopt rule | Parfum repairs (files) | dfopt safe | dfopt --unsafe-fixes "
          "| of Parfum's files: dfopt fixes | misses | why dfopt does not make Parfum's edit |")
    print("|---|---|---:|---:|---:|---:|---:|---|")
    for (cls, rules, kind, note, p_files, fixed_safe, fixed_unsafe, all_safe, all_unsafe, reported,
         misses, reasons, unexplained) in sorted(table, key=lambda r: -len(r[4])):
        rule = ", ".join(rules) or "none"
        if kind == "report":
            dfopt_cols = f"reports {len(reported)} | reports {len(reported)}"
        else:
            dfopt_cols = f"{len(all_safe)} | {len(all_unsafe)}"
        why = []
        if note:
            why.append(note)
        for reason, n in reasons.most_common(6):
            why.append(f"{n}× {reason}")
        if unexplained:
            why.append(f"**{len(unexplained)} " + ("not reviewed one by one" if kind == "wrong" else "unexplained") + "**")
        print(f"| {cls} | {rule} | {len(p_files)} | {dfopt_cols} | {len(fixed_unsafe)} | {len(misses)} | "
              + "; ".join(why).replace("|", "\\|") + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
