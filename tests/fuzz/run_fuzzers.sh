#!/usr/bin/env bash
# run_fuzzers.sh BUILD_DIR SECONDS: runs every fuzz target for SECONDS over its seed corpus.
set -euo pipefail
build=$1; secs=$2
echo "no fuzz targets yet"
