#!/usr/bin/env bash
# Install the Debian packages dbgd needs to build, run and test, if any is missing.
# Sourced by run.sh and test.sh; safe to run on its own.
set -euo pipefail

DBGD_PACKAGES=(
  build-essential cmake pkg-config
  libjansson-dev libmicrohttpd-dev libseccomp-dev libcmocka-dev
  libcurl4-openssl-dev libedit-dev libelf-dev libdw-dev libcapstone-dev libsystemd-dev
  python3 gdb gdbserver strace elfutils binutils curl procps util-linux iproute2
  libc6-dbg
  clang clang-14 libclang-rt-14-dev openssl systemd
)

dbgd_install_deps() {
  local missing=()
  for p in "${DBGD_PACKAGES[@]}" "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
      missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "installing: ${missing[*]}" >&2
  local sudo=()
  [ "$(id -u)" -eq 0 ] || sudo=(sudo)
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends \
    "${missing[@]}"
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  dbgd_install_deps "$@"
fi
