#!/bin/bash
# bench/parfum/run.sh [OUT_DIR]   Parfum and dfopt over the shared corpus, then the table.
# Needs node and a built Parfum checkout in $PARFUM_DIR (README.md says how); dfopt built in
# build/. Two shards of Parfum run side by side.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
CORPUS="${DFOPT_CORPUS:-$ROOT/../shared/corpus}"
OUT="${1:-/tmp/parfum-out}"
export PARFUM_DIR="${PARFUM_DIR:-/tmp/parfum}"
mkdir -p "$OUT/files"
find "$CORPUS/real" -name '*Dockerfile' -type f | sort > "$OUT/list.txt"
for shard in 0 1; do
  node "$ROOT/bench/parfum/run-parfum.js" "$OUT/list.txt" "$OUT" "$shard" 2 2> "$OUT/err.$shard.log" &
done
wait
DFOPT="$ROOT/build/apps/dfopt"
"$DFOPT" --check -q --no-progress --output-format json --files-from "$OUT/list.txt" \
  > "$OUT/dfopt-safe.json" 2>/dev/null || true
"$DFOPT" --check -q --no-progress --unsafe-fixes --output-format json --files-from "$OUT/list.txt" \
  > "$OUT/dfopt-unsafe.json" 2>/dev/null || true
DFOPT_CORPUS="$CORPUS" python3 "$ROOT/bench/parfum/compare.py" "$OUT" "$OUT/dfopt-safe.json" \
  "$OUT/dfopt-unsafe.json"
