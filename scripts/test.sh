#!/usr/bin/env bash
# Run every test: install missing packages, build with -Werror, run the whole suite
# (unit, integration, stress, fuzz corpus) plainly, the unit and integration tests of
# an -O3 build, then the whole suite again under AddressSanitizer
# and UndefinedBehaviorSanitizer, then a short libFuzzer run of each fuzz target
# (DBGD_FUZZ_SECONDS, default 30; 0 skips it; see docs/security.md for the long run).
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/scripts/deps.sh"
dbgd_install_deps nodejs # (the tests' own: the web page's DOM test)
jobs=$(nproc)
# jsdom for the page's DOM test (tests/web/smoke.js, run by test_web.py), from the npm
# registry; without it (no network) that one test says it is skipped.
if [ ! -d "$top/tests/web/node_modules/jsdom" ]; then
  # (Debian's nodejs comes without npm, other builds of it with it)
  command -v npm >/dev/null || dbgd_install_deps npm
  (cd "$top/tests/web" && npm install --no-audit --no-fund --no-package-lock --silent) ||
    echo "jsdom could not be installed: the page's DOM test will be skipped" >&2
fi

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
echo "== optimised build (-O3): unit and integration tests" >&2
# The benchmarks' build type: code that relies on undefined behaviour can pass at -O2
# and fail here (it did: a strict-aliasing violation in the emulator).
run_suite "$top/build-release" "-L unit|integration" -DCMAKE_BUILD_TYPE=Release
echo "== AddressSanitizer + UndefinedBehaviorSanitizer" >&2
# A small quarantine: the memory-growth checks measure dbgd, not ASan's freed-block
# cache. The benchmark smoke run is not repeated here (it measures, it tests nothing).
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:quarantine_size_mb=16 \
UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  run_suite "$top/build-asan" "-LE bench" -DCMAKE_BUILD_TYPE=Debug -DDBGD_SANITIZE=ON
echo "== libFuzzer (clang), ${DBGD_FUZZ_SECONDS:-30} s per target" >&2
if [ "${DBGD_FUZZ_SECONDS:-30}" -gt 0 ]; then
  CC=clang cmake -S "$top" -B "$top/build-fuzz" -DDBGD_FUZZ=ON -DDBGD_WERROR=ON \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
  cmake --build "$top/build-fuzz" -j"$jobs" --target fuzz_rpc fuzz_stop fuzz_cexpr fuzz_gdbval
  for t in rpc stop cexpr gdbval; do
    work="$top/build-fuzz/corpus-$t"
    mkdir -p "$work"
    (cd "$top/build-fuzz" &&
      ASAN_OPTIONS=detect_leaks=1 "./bin/fuzz_$t" -max_total_time="${DBGD_FUZZ_SECONDS:-30}" \
        -max_len=65536 -print_final_stats=1 "$work" "$top/tests/fuzz/corpus/$t")
  done
fi
echo "all tests passed" >&2
