#!/bin/sh
# Builds the fuzz targets with clang (ASan + UBSan + libFuzzer) and runs each for SECONDS
# (default 60), seeded from test/torture, examples/ and, when present, the shared corpus.
# usage: fuzz/run.sh [SECONDS] [BUILD_DIR]
set -e
seconds=${1:-60}
root=$(cd "$(dirname "$0")/.." && pwd)
build=${2:-$root/build-fuzz}
if [ ! -f "$build/CMakeCache.txt" ]; then  # a build dir made elsewhere (CI) keeps its settings
  CC=clang CXX=clang++ cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DDFOPT_BUILD_FUZZERS=ON -DDFOPT_BUILD_TESTS=OFF >/dev/null
fi
cmake --build "$build" -j"$(nproc)" --target fuzz_parser fuzz_shell fuzz_pipeline >/dev/null
seeds=$build/seeds
mkdir -p "$seeds/dockerfiles" "$seeds/shell"
cp "$root"/test/torture/*.Dockerfile "$seeds/dockerfiles/" 2>/dev/null || true
find "$root/examples" -name Dockerfile | while read -r f; do
  cp "$f" "$seeds/dockerfiles/$(echo "$f" | tr / _)"; done
corpus=${DFOPT_CORPUS:-$root/../shared/corpus}
if [ -d "$corpus/real" ]; then
  ls "$corpus"/real/*.Dockerfile | awk 'NR % 40 == 0' | while read -r f; do cp "$f" "$seeds/dockerfiles/"; done
fi
grep -h '^RUN ' "$seeds"/dockerfiles/* | sed 's/^RUN //' | split -l 1 - "$seeds/shell/run-"
rm -rf "$build/crashes"  # findings of earlier runs live on as regression tests
status=0
for target in fuzz_parser fuzz_shell fuzz_pipeline; do
  case $target in fuzz_shell) seed=$seeds/shell ;; *) seed=$seeds/dockerfiles ;; esac
  work=$build/corpus-$target
  mkdir -p "$work" "$build/crashes"
  echo "== $target ($seconds s)"
  "$build/fuzz/$target" "$work" "$seed" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
    -artifact_prefix="$build/crashes/$target-" -print_final_stats=1 2>&1 \
    | grep -E '^(stat::|==|SUMMARY|#[0-9]+ *DONE)' || status=1
done
ls "$build/crashes" | grep . && { echo "crashes found in $build/crashes"; status=1; }
exit $status
