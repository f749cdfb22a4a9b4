#!/usr/bin/env bash
# Sets everything up, builds the release preset and runs the check once through the
# host-stub. Without arguments the host-stub serves a bundled KrakenD sample on loopback
# and checks it; any arguments are passed to `host-stub run`.
set -euo pipefail
cd "$(dirname "$0")/.."
KCHECK_SETUP_PEERS=0 bash scripts/setup.sh
cmake --preset release >/dev/null
cmake --build --preset release
exec build/release/host-stub/host-stub run --plugin build/release/plugin/libkrakend_check.so "$@"
