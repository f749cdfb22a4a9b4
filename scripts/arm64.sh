#!/usr/bin/env bash
# The arm64 stage of scripts/test.sh, runnable alone: cross-builds the parser and its
# tests for aarch64 (preset `arm64`, KCHECK_PARSER_ONLY) and runs the unit, conformance
# and fuzz-regression tests under qemu-aarch64, where the NEON scanners are the ones under
# test. Installs what it needs (scripts/setup_arm64.sh). Tests that need ../shared are
# reported Skipped as in the native build ($KCHECK_SHARED_DIR: same filesystem under qemu).
# About 4 minutes on the shared 2-core machine without ccache (docs/architecture.md).
set -euo pipefail
cd "$(dirname "$0")/.."
KCHECK_SETUP_PEERS=0 bash scripts/setup.sh
bash scripts/setup_arm64.sh

start=$SECONDS
cmake --preset arm64 >/dev/null
cmake --build --preset arm64
ctest --preset arm64 -L 'unit|conformance|fuzz-regression'
echo "arm64: cross build and tests under qemu took $((SECONDS - start)) s"
