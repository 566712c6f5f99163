#!/usr/bin/env bash
# Start dbgd: install missing packages, build if needed, run in the foreground.
# Arguments are passed to dbgd (e.g. --listen 127.0.0.1:7777, --listen unix:PATH).
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/scripts/deps.sh"
dbgd_install_deps
cmake -S "$top" -B "$top/build" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$top/build" -j"$(nproc)" --target dbgd dbgctl >/dev/null
exec "$top/build/bin/dbgd" "$@"
