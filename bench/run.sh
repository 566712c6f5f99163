#!/usr/bin/env bash
# bench/run.sh — dbgd's benchmarks: raw ptrace vs dbgd vs gdb, gdbserver and strace.
#
#   bench/run.sh [--quick] [--build DIR] [--mode pinned|unpinned|both] [--reps N]
#                [--only TITLE-PART]... [--out DIR]
#
# --quick is the smoke run (tiny N, one repetition, pinned; under a minute) that CTest
# runs with label bench. Without --build the build directory is ./build of the
# repository, configured and built here if dbgd or the bench programs are missing.
# See docs/performance.md.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
build=
args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --build) build=$2; args+=("$1" "$2"); shift 2 ;;
    --build=*) build=${1#--build=}; args+=("$1"); shift ;;
    *) args+=("$1"); shift ;;
  esac
done
if [ -z "$build" ]; then
  build=$root/build
  args+=(--build "$build")
fi
if [ ! -x "$build/bench/rawtrace" ]; then
  cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build "$build" -j"$(nproc)" >/dev/null
fi
for tool in gdb gdbserver strace taskset; do
  command -v "$tool" >/dev/null || echo "bench: $tool is missing (scripts/deps.sh installs it)" >&2
done
exec python3 "$here/bench.py" "${args[@]}"
