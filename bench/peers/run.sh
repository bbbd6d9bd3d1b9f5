#!/usr/bin/env bash
# Compares dfopt with its npm (JavaScript / WASM / Go) peers over the real-world corpus.
# Usage: bench/peers/run.sh [SCRATCH_DIR]      (or PEERS_DIR=...; default build/peers)
# Env:   DFOPT_CORPUS (default ../shared/corpus), DFOPT (default build/apps/dfopt),
#        PEERS_RUNS (default 3; 5 when a tool's first run takes < 2 s), PEERS_SAMPLE (default 500)
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cd "$root"
S=${1:-${PEERS_DIR:-build/peers}}
mkdir -p "$S" && S=$(cd "$S" && pwd)
CORPUS=${DFOPT_CORPUS:-../shared/corpus}
DFOPT=${DFOPT:-$root/build/apps/dfopt}
RUNS=${PEERS_RUNS:-3}
SAMPLE_N=${PEERS_SAMPLE:-500}
W="$S/work"; mkdir -p "$W"
skipped=()

# Pinned peers.
PINS=("@reteps/dockerfmt@0.5.4" "dockerfile-utils@0.16.3" "dockerfile-ast@0.7.1"
      "@dprint/dockerfile@0.6.0" "dprint@0.57.4")

installed_version() { # NAME -> version or empty
  local pj="$S/node_modules/$1/package.json"
  [ -f "$pj" ] && node -p "require('$pj').version" 2>/dev/null
}
need=()
for p in "${PINS[@]}"; do
  name=${p%@*}; ver=${p##*@}
  [ "$(installed_version "$name")" = "$ver" ] || need+=("$p")
done
if [ ${#need[@]} -gt 0 ]; then
  [ -f "$S/package.json" ] || echo '{ "private": true, "description": "dfopt peer benchmark scratch" }' > "$S/package.json"
  echo "installing into $S: ${need[*]}" >&2
  # --ignore-scripts: dprint's postinstall only copies its binary; we call the platform binary directly.
  (cd "$S" && npm install --no-audit --no-fund --ignore-scripts --save-exact "${need[@]}" >&2) \
    || { echo "npm install failed" >&2; exit 1; }
fi
for p in "${PINS[@]}"; do
  name=${p%@*}; v=$(installed_version "$name"); echo "  $name $v" >&2
done

DOCKERFMT_BIN=$(ls "$S"/node_modules/@reteps/dockerfmt-*/bin/dockerfmt 2>/dev/null | head -1)
DPRINT_BIN=$(ls "$S"/node_modules/@dprint/*/dprint 2>/dev/null | grep -v '/dockerfile/' | head -1)
DPRINT_WASM="$S/node_modules/@dprint/dockerfile/plugin.wasm"

# Corpus list.
LIST="$W/list.txt"
find "$CORPUS/real" -type f -name '*.Dockerfile' | sort > "$LIST"
NFILES=$(wc -l < "$LIST")
[ "$NFILES" -gt 0 ] || { echo "no *.Dockerfile under $CORPUS/real" >&2; exit 1; }
BYTES=$(tr '\n' '\0' < "$LIST" | xargs -0 cat | wc -c)
MB=$(awk -v b="$BYTES" 'BEGIN { printf "%.1f", b / 1e6 }')
SAMPLE="$W/sample.txt"
awk -v n="$NFILES" -v k="$SAMPLE_N" 'BEGIN { s = n / k } NR > c * s { print; c++ }' "$LIST" | head -n "$SAMPLE_N" > "$SAMPLE"
NSAMPLE=$(wc -l < "$SAMPLE")
echo "corpus: $NFILES files, $MB MB; sample: $NSAMPLE files" >&2

# A fresh, untimed copy of the corpus for the --fix runs, made writable: the corpus files are
# 0444, and --fix refuses files without a write bit (even as root).
FIXDIR="$W/fixcopy"; FIXLIST="$W/fixlist.txt"
absreal=$(cd "$CORPUS/real" && pwd)
sed "s|^$CORPUS/real|$FIXDIR|" "$LIST" > "$FIXLIST"
fresh_copy() { rm -rf "$FIXDIR"; cp -R "$absreal" "$FIXDIR"; chmod -R u+w "$FIXDIR"; }

# measure ID PREPARE_FN FAILS_FN CMD... : runs CMD RUNS times under /usr/bin/time.
# Stores "median max_rss_kb fails" in $W/ID.res. stdout/stderr of the last run in $W/ID.out/.err.
measure() {
  local id=$1 prep=$2 fails=$3; shift 3
  local n=$RUNS i=0 t
  : > "$W/$id.times"
  while [ $i -lt $n ]; do
    $prep
    /usr/bin/time -o "$W/$id.t" -f '%e %M' "$@" > "$W/$id.out" 2> "$W/$id.err"
    cat "$W/$id.t" | tail -1 >> "$W/$id.times"
    if [ $i -eq 0 ]; then
      t=$(tail -1 "$W/$id.t" | cut -d' ' -f1)
      awk -v t="$t" 'BEGIN { exit !(t < 2) }' && [ "$n" -lt 5 ] && n=5
    fi
    i=$((i + 1))
  done
  local med rss f
  med=$(cut -d' ' -f1 "$W/$id.times" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')
  rss=$(cut -d' ' -f2 "$W/$id.times" | sort -n | tail -1)
  f=$($fails "$id")
  echo "$med $rss $f $n" > "$W/$id.res"
  echo "  $id: median ${med}s over $n runs, ${rss} KB, failed $f" >&2
}
noprep() { :; }
fails_node() { sed -n 's/.*failed=\([0-9]*\).*/\1/p' "$W/$1.out" | tail -1; }
fails_dfopt() { grep ': error:' "$W/$1.err" | sed 's/:[0-9]*:[0-9]*: error:.*//' | sort -u | wc -l; }
fails_dprint() { grep -c '^Error formatting' "$W/$1.err"; }
fails_loop() { tail -1 "$W/$1.out"; }

rows=() # "id|tool|does|files_scale"   files_scale: 1 = whole corpus; else extrapolation factor
echo "running (each tool: $RUNS runs, 5 when fast)..." >&2

measure dfopt-check-j1 noprep fails_dfopt "$DFOPT" --check -q -j1 --files-from "$LIST"
rows+=("dfopt-check-j1|dfopt 0.1.0 \`--check -q -j1\`|parse + 28 rules + fix loop, report (lint)|1")
measure dfopt-check-j2 noprep fails_dfopt "$DFOPT" --check -q -j2 --files-from "$LIST"
rows+=("dfopt-check-j2|dfopt \`--check -q -j2\`|same, 2 threads|1")
# The work a formatter's check does: parse every file (and check it as BuildKit would), no rules.
measure dfopt-parse-j1 noprep fails_dfopt "$DFOPT" --check -q -j1 --ignore ALL --files-from "$LIST"
rows+=("dfopt-parse-j1|dfopt \`--check -q -j1 --ignore ALL\`|parse + BuildKit's checks, no rules (a formatter's check)|1")
measure dfopt-parse-j2 noprep fails_dfopt "$DFOPT" --check -q -j2 --ignore ALL --files-from "$LIST"
rows+=("dfopt-parse-j2|dfopt \`--check -q -j2 --ignore ALL\`|same, 2 threads|1")
measure dfopt-fix-j1 fresh_copy fails_dfopt "$DFOPT" --fix -q -j1 --files-from "$FIXLIST"
rows+=("dfopt-fix-j1|dfopt \`--fix -q -j1\`|parse + 28 rules + fix, write files (fix)|1")
measure dfopt-fix-j2 fresh_copy fails_dfopt "$DFOPT" --fix -q -j2 --files-from "$FIXLIST"
rows+=("dfopt-fix-j2|dfopt \`--fix -q -j2\`|same, 2 threads|1")
rm -rf "$FIXDIR"

measure ast noprep fails_node node "$here/ast.js" "$LIST" "$S"
rows+=("ast|dockerfile-ast $(installed_version dockerfile-ast) \`DockerfileParser.parse\` (node)|parse|1")
measure utils-format noprep fails_node node "$here/utils-format.js" "$LIST" "$S"
rows+=("utils-format|dockerfile-utils $(installed_version dockerfile-utils) \`format()\` (node)|format (text edits)|1")
measure utils-validate noprep fails_node node "$here/utils-validate.js" "$LIST" "$S"
rows+=("utils-validate|dockerfile-utils $(installed_version dockerfile-utils) \`validate()\` (node)|lint (validate)|1")

V_DFMT=$(installed_version @reteps/dockerfmt)
measure dockerfmt-wasm noprep fails_node node "$here/dockerfmt-wasm.mjs" "$LIST" "$S"
rows+=("dockerfmt-wasm|@reteps/dockerfmt $V_DFMT, Go→WASM API in one node process|format|1")

if [ -n "$DOCKERFMT_BIN" ]; then
  # The native CLI takes many files, but a Go panic on one file (e.g. an unterminated quote in a
  # RUN) ends the process, and which file it was is not printed: one process for the whole list
  # stops early. So: one process per file, on a sample, extrapolated.
  dfmt_loop() {
    local bin=$1 list=$2 bad=0 rc
    while IFS= read -r f; do
      "$bin" --check "$f" > /dev/null 2>&1; rc=$?
      [ $rc -le 1 ] || bad=$((bad + 1))
    done < "$list"
    echo "$bad"
  }
  export -f dfmt_loop
  measure dockerfmt-loop noprep fails_loop bash -c 'dfmt_loop "$1" "$2"' _ "$DOCKERFMT_BIN" "$SAMPLE"
  rows+=("dockerfmt-loop|@reteps/dockerfmt $V_DFMT native Go binary \`--check FILE\`, one process per file: **$NSAMPLE-file sample, extrapolated**|format check|$NSAMPLE")
  # Show (not timed in the table) that the one-process run stops early.
  mapfile -t ALL < "$LIST"
  "$DOCKERFMT_BIN" --check "${ALL[@]}" > "$W/dockerfmt-all.out" 2> "$W/dockerfmt-all.err"
  DFMT_ALL_RC=$?
  DFMT_ALL_LINES=$(grep -c 'is not formatted' "$W/dockerfmt-all.out")
  unset ALL
else
  skipped+=("dockerfmt native binary: no @reteps/dockerfmt-<platform> package for this machine")
fi

if [ -n "$DPRINT_BIN" ] && [ -f "$DPRINT_WASM" ]; then
  # Local plugin file, so no network; incremental off so nothing is cached between runs.
  cat > "$W/dprint.json" <<JSON
{ "incremental": false,
  "dockerfile": { "associations": ["**/*.Dockerfile"] },
  "plugins": ["$DPRINT_WASM"] }
JSON
  export DPRINT_CACHE_DIR="$S/dprint-cache"
  mapfile -t ALL < "$LIST"
  # First call compiles the .wasm into the cache (not timed).
  "$DPRINT_BIN" output-file-paths --config "$W/dprint.json" "${ALL[0]}" > /dev/null 2>&1
  if [ "$("$DPRINT_BIN" output-file-paths --config "$W/dprint.json" "${ALL[@]}" 2>/dev/null | wc -l)" -eq "$NFILES" ]; then
    V_DP=$(installed_version @dprint/dockerfile); V_DPCLI=$(installed_version dprint)
    DPRINT_MAX_THREADS=1 measure dprint-j1 noprep fails_dprint "$DPRINT_BIN" check --config "$W/dprint.json" --list-different "${ALL[@]}"
    rows+=("dprint-j1|@dprint/dockerfile $V_DP (WASM) via dprint $V_DPCLI \`check\`, 1 thread|format check|1")
    DPRINT_MAX_THREADS=2 measure dprint-j2 noprep fails_dprint "$DPRINT_BIN" check --config "$W/dprint.json" --list-different "${ALL[@]}"
    rows+=("dprint-j2|same, 2 threads|format check|1")
  else
    skipped+=("@dprint/dockerfile: dprint does not pick up the corpus files (see $W/dprint.json)")
  fi
  unset ALL
else
  skipped+=("@dprint/dockerfile: no dprint binary for this platform or no plugin.wasm")
fi

# Table.
base=$(cut -d' ' -f1 "$W/dfopt-check-j1.res")
echo
echo "## dfopt vs npm peers"
echo
echo "$(date -u '+%Y-%m-%d %H:%M UTC'), nproc $(nproc), CPU $(lscpu | grep 'Model name' | sed 's/^Model name: *//'), node $(node --version)."
echo "Corpus: every \`*.Dockerfile\` under \`$CORPUS/real\`: $NFILES files, $MB MB. Median of 3 runs (5 when a run takes < 2 s)."
echo
echo "| tool | does | median wall s | files/s | MB/s | peak RSS MB | files failed | time / dfopt --check -j1 |"
echo "|---|---|---:|---:|---:|---:|---:|---:|"
for r in "${rows[@]}"; do
  IFS='|' read -r id tool does scale <<< "$r"
  read -r med rss f n < "$W/$id.res"
  awk -v med="$med" -v rss="$rss" -v f="$f" -v scale="$scale" -v nf="$NFILES" -v by="$BYTES" \
      -v base="$base" -v tool="$tool" -v does="$does" 'BEGIN {
    if (scale == 1) { t = med; ts = sprintf("%.2f", t); fs = f }
    else { t = med * nf / scale; ts = sprintf("%.1f (%.2f for %d files)", t, med, scale); fs = f " of " scale }
    printf "| %s | %s | %s | %.0f | %.1f | %.0f | %s | %.1f× |\n",
      tool, does, ts, (t > 0 ? nf / t : 0), (t > 0 ? by / 1e6 / t : 0), rss / 1024, fs, t / base }'
done
echo
echo "files failed: dfopt = files it rejects with an error (as BuildKit would); node libraries = files where the call threw;"
echo "dockerfmt = files where the Go formatter panicked; dprint = \"Error formatting\" messages."
if [ -n "${DFMT_ALL_RC:-}" ] && [ "$DFMT_ALL_RC" -gt 1 ]; then
  echo "dockerfmt native binary with the whole list in one process: exit code $DFMT_ALL_RC after reporting $DFMT_ALL_LINES files (a panic on one file ends the run), so it is measured per file on a sample."
fi
if [ ${#skipped[@]} -gt 0 ]; then
  echo
  echo "Skipped:"
  for s in "${skipped[@]}"; do echo "- $s"; done
fi
exit 0
