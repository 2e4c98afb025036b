#!/usr/bin/env bash
# Builds the fuzz targets with clang + libFuzzer (+ ASan/UBSan) and runs each
# for FUZZ_SECONDS (default 600), one at a time at nice FUZZ_NICE (15). New
# inputs that crash go to fuzz/out/; copy them into fuzz/corpus/<target>/ with
# their fix so ctest replays them forever, and record the run in fuzz/RESULTS.md.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
build=${FUZZ_BUILD:-$root/build-fuzz}
seconds=${FUZZ_SECONDS:-600}
CC=clang CXX=clang++ cmake -S "$root" -B "$build" -DNTS_FUZZ=ON -DNTS_BUILD_TESTS=OFF \
  -DNTS_SANITIZE=address,undefined -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
targets=${FUZZ_TARGETS:-$(ls "$here"/*_fuzzer.cpp | xargs -n1 basename | sed 's/_fuzzer.cpp//')}
for t in $targets; do
  cmake --build "$build" --target "${t}_fuzzer" -j 2 >/dev/null
done
mkdir -p "$here/out"
for t in $targets; do
  work=$(mktemp -d)
  cp -r "$here/corpus/$t/." "$work/"
  echo "== $t: ${seconds}s"
  nice -n "${FUZZ_NICE:-15}" "$build/fuzz/${t}_fuzzer" -max_total_time="$seconds" -timeout=10 \
    -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$here/out/${t}-" "$work" 2>&1 |
    grep -E '^(#[0-9]+ *DONE|Done|==|SUMMARY|stat::(number_of_executed_units|average_exec_per_sec))' || true
  rm -rf "$work"
done
