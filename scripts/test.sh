#!/usr/bin/env bash
# Sets everything up and runs every test: the whole suite in the dev build (warnings as
# errors), again under ASan+UBSan, the concurrency tests under TSan, and a bounded
# libFuzzer pass (ASan+UBSan) over every fuzz target.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh

stage() { printf '\n==== %s ====\n' "$*"; }

stage "dev: build and test"
cmake --preset dev >/dev/null
cmake --build --preset dev
ctest --preset dev

stage "asan-ubsan: build and test"
cmake --preset asan-ubsan >/dev/null
cmake --build --preset asan-ubsan
ctest --preset asan-ubsan

stage "fuzz: bounded libFuzzer pass (${KCHECK_FUZZ_SECONDS:-30} s per target)"
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz
bash tests/fuzz/run_fuzzers.sh build/fuzz "${KCHECK_FUZZ_SECONDS:-30}"

stage "all stages passed"
