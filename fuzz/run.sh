#!/bin/sh
# Builds the fuzz targets with clang (ASan + UBSan + libFuzzer, the libraries instrumented for
# coverage) and runs each for SECONDS (default 60), from its seeds in fuzz/seeds/<target>/ plus
# test/torture, examples/ and, when present, every 40th file of the shared corpus.
# usage: fuzz/run.sh [SECONDS] [BUILD_DIR] [TARGET...]
# The targets run one after another, or all at once with FUZZ_PARALLEL=1. An input that takes
# over FUZZ_TIMEOUT seconds (default 2) is a finding: raise it when the targets share the cores
# with other work, as libFuzzer measures wall-clock time. Prints libFuzzer's final stats (execs,
# coverage) per target; exits 1 if any target found a crash or a timeout.
set -e
seconds=${1:-60}
root=$(cd "$(dirname "$0")/.." && pwd)
build=${2:-$root/build-fuzz}
[ $# -ge 2 ] && shift 2 || shift $#
targets=${*:-fuzz_parser fuzz_shell fuzz_pipeline fuzz_dockerignore fuzz_diff fuzz_config}
if [ ! -f "$build/CMakeCache.txt" ]; then  # a build dir made elsewhere (CI) keeps its settings
  CC=clang CXX=clang++ cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DDFOPT_BUILD_FUZZERS=ON -DDFOPT_BUILD_TESTS=OFF >/dev/null
fi
# shellcheck disable=SC2086
cmake --build "$build" -j"$(nproc)" --target $targets >/dev/null
seeds=$build/seeds
rm -rf "$seeds"
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
mkdir -p "$build/crashes" "$build/logs"
run_target() {
  target=$1
  case $target in
    fuzz_shell) dict=shell; extra=$seeds/shell ;;
    fuzz_parser|fuzz_pipeline) dict=dockerfile; extra=$seeds/dockerfiles ;;
    fuzz_dockerignore) dict=dockerignore; extra= ;;
    fuzz_config) dict=config; extra= ;;
    fuzz_diff) dict=dockerfile; extra= ;;
  esac
  work=$build/corpus-$target
  mkdir -p "$work"
  [ -d "$root/fuzz/seeds/$target" ] && extra="$root/fuzz/seeds/$target $extra"
  # shellcheck disable=SC2086
  "$build/fuzz/$target" "$work" $extra -dict="$root/fuzz/dict/$dict.dict" \
    -max_total_time="$seconds" -timeout="${FUZZ_TIMEOUT:-2}" -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$build/crashes/$target-" >"$build/logs/$target.log" 2>&1 || true
  echo "== $target ($seconds s)"
  grep -E '^(stat::|SUMMARY|==[0-9]+==ERROR|#[0-9]+ *DONE)' "$build/logs/$target.log" || true
}
for target in $targets; do
  if [ -n "$FUZZ_PARALLEL" ]; then run_target "$target" & else run_target "$target"; fi
done
wait
if ls "$build/crashes" | grep .; then echo "crashes or timeouts found in $build/crashes"; exit 1; fi
