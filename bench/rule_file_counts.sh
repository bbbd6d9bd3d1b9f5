#!/usr/bin/env bash
# Per rule, how many corpus files its fixes change when it runs alone: safe fixes, and with
# --unsafe-fixes where that differs. Prints the README's "Per rule, files changed" line.
# Usage: bench/rule_file_counts.sh [dfopt binary] [corpus folder]
set -euo pipefail
dfopt=${1:-build/apps/dfopt}
corpus=${2:-../shared/corpus/real}
changed() {  # rule, extra options -> files that would change
  { "$dfopt" --check --select "$1" "${@:2}" "$corpus" 2>&1 || true; } |
    sed -n 's/.* \([0-9]*\) would change.*/\1/p'
}
out=()
for id in $("$dfopt" --list-rules | awk '/^DF[0-9]/ { print $1 }'); do
  safe=$(changed "$id")
  unsafe=$(changed "$id" --unsafe-fixes)
  [ "$safe" = 0 ] && [ "$unsafe" = 0 ] && continue
  if [ "$safe" = 0 ]; then out+=("$id ($unsafe)")
  elif [ "$safe" = "$unsafe" ]; then out+=("$id $safe")
  else out+=("$id $safe ($unsafe)"); fi
done
(IFS='·'; echo "${out[*]}" | sed 's/·/ · /g')
