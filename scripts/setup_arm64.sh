#!/usr/bin/env bash
# Installs what the arm64 stage of scripts/test.sh needs: Debian's aarch64 cross compiler
# and qemu-user to run its test binaries. Safe to re-run: apt-get runs only when something
# is missing. The stage builds the parser alone (KCHECK_PARSER_ONLY), whose tests link no
# arm64 library beyond the cross toolchain's own libc/libstdc++ (Catch2 and RapidJSON are
# header-only), so no multiarch package is needed for it.
#
#   bash scripts/setup_arm64.sh           the cross compiler and qemu-aarch64
#   bash scripts/setup_arm64.sh --bench   also Google Benchmark for arm64 (multiarch), for
#                                         the parse benchmark under qemu (docs/benchmarks.md)
set -euo pipefail

sudo=""
if [[ $(id -u) -ne 0 ]]; then sudo="sudo"; fi
packages=(g++-aarch64-linux-gnu qemu-user)
if [[ "${1:-}" == --bench ]]; then
  if ! dpkg --print-foreign-architectures | grep -qx arm64; then
    echo "setup_arm64: adding the arm64 architecture to dpkg"
    $sudo dpkg --add-architecture arm64
  fi
  packages+=(libbenchmark-dev:arm64)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]} == 0)); then
  echo "setup_arm64: all packages present"
  exit 0
fi
echo "setup_arm64: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
