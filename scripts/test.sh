#!/usr/bin/env bash
# Run every test: install missing packages, build with -Werror, run the whole suite
# (unit + integration) plainly, then again under AddressSanitizer and
# UndefinedBehaviorSanitizer.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/scripts/deps.sh"
dbgd_install_deps
jobs=$(nproc)

# run_suite DIR "CTEST ARGS" CMAKE ARGS...
run_suite() {
  local dir=$1 ctest_args=$2; shift 2
  cmake -S "$top" -B "$dir" -DDBGD_WERROR=ON "$@" >/dev/null
  cmake --build "$dir" -j"$jobs"
  # shellcheck disable=SC2086
  (cd "$dir" && ctest --output-on-failure -j"$jobs" --timeout 600 $ctest_args)
}

echo "== plain build" >&2
run_suite "$top/build-test" "" -DCMAKE_BUILD_TYPE=RelWithDebInfo
echo "== AddressSanitizer + UndefinedBehaviorSanitizer" >&2
# A small quarantine: the memory-growth checks measure dbgd, not ASan's freed-block
# cache. The benchmark smoke run is not repeated here (it measures, it tests nothing).
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:quarantine_size_mb=16 \
UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  run_suite "$top/build-asan" "-LE bench" -DCMAKE_BUILD_TYPE=Debug -DDBGD_SANITIZE=ON
echo "all tests passed" >&2
