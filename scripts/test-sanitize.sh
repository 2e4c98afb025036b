#!/usr/bin/env bash
# `make test-sanitize`: the test suite under sanitizers, in build dirs of their own.
#   asan  build-asan, AddressSanitizer + UndefinedBehaviorSanitizer without
#         recovery: the whole suite, the binary it runs included.
#   tsan  build-tsan holds a ThreadSanitizer build of the binary only; the
#         ASan suite runs its tests of the parallel paths (work-tree scans on
#         every core, history scans, org batches with --jobs 2) against it
#         through NTS_TEST_BINARY, so the suite is not built a third time.
# Tests run the binary as a child process and check its exit code, so a
# sanitizer's own exit code could pass for "findings" (1). Every process
# therefore writes its reports to build-*/sanitizer-logs/, and the run fails
# if any report exists, whatever ctest said.
# SANITIZERS=asan or =tsan runs one of them; JOBS sets the build parallelism.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
jobs=${JOBS:-$(nproc 2>/dev/null || echo 2)}
sanitizers=${SANITIZERS:-asan tsan}
# The tests of the parallel paths, by CTest name (Catch2 test case names).
tsan_tests=${TSAN_TESTS:-'^(scan: |git scan: |history: |org: |hostile)'}
status=0
# Third-party leaks (see the file); set for the build too, which runs make-example.
export LSAN_OPTIONS="suppressions=$root/scripts/lsan.supp:print_suppressions=0"

configure() {  # build dir, NTS_SANITIZE value
  cmake -S "$root" -B "$1" -DNTS_SANITIZE="$2" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g" >/dev/null
}

# Runs ctest in build-asan with every sanitizer report going to $logs.
run_suite() {  # name, logs dir, binary under test (empty: the suite's own), ctest arguments...
  local name=$1 logs=$2 binary=$3
  shift 3
  rm -rf "$logs" && mkdir -p "$logs"
  local common="log_path=$logs/report:print_stacktrace=1:halt_on_error=1"
  local started=$SECONDS failed=0
  (cd "$root/build-asan" && env ASAN_OPTIONS="$common:detect_leaks=1:strict_string_checks=1" \
    UBSAN_OPTIONS="$common" TSAN_OPTIONS="$common:second_deadlock_stack=1" \
    NTS_TEST_BINARY="$binary" ctest --output-on-failure -j "$jobs" "$@") || failed=1
  if compgen -G "$logs/report*" >/dev/null; then
    echo "test-sanitize: $name: sanitizer reports:" >&2
    cat "$logs"/report* >&2
    failed=1
  fi
  echo "test-sanitize: $name: tests $((SECONDS - started))s," \
    "$([ $failed -eq 0 ] && echo clean || echo FAILED)" >&2
  [ $failed -eq 0 ] || status=1
}

build_asan() {
  local started=$SECONDS
  configure "$root/build-asan" address,undefined
  cmake --build "$root/build-asan" -j "$jobs"
  echo "test-sanitize: asan: build $((SECONDS - started))s" >&2
}

for s in $sanitizers; do
  case "$s" in
    asan)
      build_asan
      # The release tests check that the binary is fully static, which a
      # sanitizer runtime never is; everything else runs.
      run_suite asan "$root/build-asan/sanitizer-logs" "" \
        -E '^dist_(release|action_download)$'
      ;;
    tsan)
      [ -x "$root/build-asan/tests/unit_tests" ] || build_asan
      started=$SECONDS
      configure "$root/build-tsan" thread
      cmake --build "$root/build-tsan" --target npm-token-scan -j "$jobs"
      echo "test-sanitize: tsan: build $((SECONDS - started))s" >&2
      run_suite tsan "$root/build-tsan/sanitizer-logs" "$root/build-tsan/npm-token-scan" \
        -R "$tsan_tests"
      ;;
    *) echo "test-sanitize.sh: unknown sanitizer '$s' (asan or tsan)" >&2; exit 2 ;;
  esac
done
exit $status
