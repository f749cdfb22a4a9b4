#!/usr/bin/env bash
# run_fuzzers.sh BUILD_DIR SECONDS
#
# Runs every libFuzzer target built in BUILD_DIR (preset `fuzz`: clang, ASan+UBSan) for
# SECONDS each, one after the other, on a fresh temporary working corpus seeded from the
# committed seeds (tests/fuzz/corpus/<target>/, plus tests/data/config/ for the
# config target). The third-party files in ../shared (real KrakenD scrapes, Prometheus'
# benchmark inputs, the OpenMetrics suite) are added as extra read-only seeds when present.
# Prints the executions per target. On a finding it copies the input that triggered it into
# tests/fuzz/regressions/<target>/ (commit it: CTest replays it from then on) and exits 1.
#
# Environment: KCHECK_SHARED_DIR (default: ../shared beside the repository),
#              KCHECK_FUZZ_TARGETS (space-separated subset, e.g. to run two in parallel),
#              KCHECK_FUZZ_ARGS (extra libFuzzer flags, e.g. "-seed=1").
set -euo pipefail

if [[ $# -ne 2 ]]; then
  echo "usage: $0 BUILD_DIR SECONDS" >&2
  exit 2
fi
build=$1
secs=$2
repo=$(cd "$(dirname "$0")/../.." && pwd)
fuzz_src=$repo/tests/fuzz
shared=${KCHECK_SHARED_DIR:-$repo/../shared}
bindir=$build/tests/fuzz

targets=()
for t in ${KCHECK_FUZZ_TARGETS:-fuzz_parse_prom fuzz_parse_openmetrics fuzz_sample_lexer fuzz_logs fuzz_config fuzz_check_core}; do
  if [[ -x $bindir/$t ]]; then
    targets+=("$t")
  elif [[ $t != fuzz_config ]]; then
    # The parser targets always exist in a fuzz build: their absence is a broken build.
    echo "run_fuzzers: $bindir/$t not built (configure with the fuzz preset)" >&2
    exit 2
  else
    echo "run_fuzzers: $t not built (the config loader's fuzz entry point is not there yet)"
  fi
done

work=$(mktemp -d "${TMPDIR:-/tmp}/kcheck-fuzz.XXXXXX")
trap 'rm -rf "$work"' EXIT

# Seeds: the committed ones, then read-only extras from ../shared.
seed_dirs() {
  local t=$1
  echo "$fuzz_src/corpus/$t"
  echo "$fuzz_src/regressions/$t"
  case $t in
    fuzz_config) echo "$repo/tests/data/config" ;;
    fuzz_sample_lexer)
      echo "$fuzz_src/corpus/fuzz_parse_prom"
      echo "$fuzz_src/corpus/fuzz_parse_openmetrics" ;;
  esac
}

# ../shared inputs of a parser target, staged into one folder (libFuzzer reads folders).
stage_shared() {
  local t=$1 dest=$2
  mkdir -p "$dest"
  [[ -d $shared ]] || return 0
  case $t in
    fuzz_parse_prom | fuzz_sample_lexer)
      cp "$shared"/fixtures/krakend/metrics.txt "$shared"/fixtures/krakend/output \
        "$shared"/bench-data/prometheus-textparse/*.prom.txt "$dest"/ 2>/dev/null || true ;;
    fuzz_parse_openmetrics)
      cp "$shared"/bench-data/prometheus-textparse/*.om.txt "$dest"/ 2>/dev/null || true
      local d
      for d in "$shared"/conformance/openmetrics/*/; do
        [[ -f $d/metrics ]] && cp "$d/metrics" "$dest/$(basename "$d")"
      done ;;
  esac
  return 0
}

max_len_of() {
  case $1 in
    fuzz_config) echo 8192 ;;
    fuzz_check_core) echo 32768 ;;
    *) echo 16384 ;;  # dozens of 300-byte KrakenD lines; larger only slows each run down
  esac
}

status=0
summary=()
for t in "${targets[@]}"; do
  corpus=$work/$t/corpus
  artifacts=$work/$t/artifacts/
  extras=$work/$t/shared-seeds
  mkdir -p "$corpus" "$artifacts"
  stage_shared "$t" "$extras"
  seeds=()
  while read -r d; do
    [[ -d $d ]] && seeds+=("$d")
  done < <(seed_dirs "$t")
  seeds+=("$extras")
  # libFuzzer writes new units to the first folder only; the seed folders stay untouched.
  for d in "${seeds[@]}"; do
    find "$d" -maxdepth 1 -type f ! -name 'README.md' ! -name '.*' -exec cp -t "$corpus" {} +
  done
  dict=()
  [[ $t == fuzz_parse_* || $t == fuzz_sample_lexer || $t == fuzz_check_core ]] &&
    dict=(-dict="$fuzz_src/dict/exposition.dict")
  [[ $t == fuzz_logs ]] && dict=(-dict="$fuzz_src/dict/krakend_logs.dict")
  log=$work/$t/log
  echo "==> $t: ${secs}s, seeds: $(find "$corpus" -type f | wc -l) files"
  set +e
  # shellcheck disable=SC2086
  "$bindir/$t" "$corpus" -max_total_time="$secs" -max_len="$(max_len_of "$t")" -timeout=10 \
    -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$artifacts" "${dict[@]}" \
    ${KCHECK_FUZZ_ARGS:-} >"$log" 2>&1
  rc=$?
  set -e
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 || true)
  found=$(find "$artifacts" -type f | wc -l)
  if [[ $rc -ne 0 || $found -ne 0 ]]; then
    status=1
    tail -n 60 "$log" >&2
    dest=$fuzz_src/regressions/$t
    mkdir -p "$dest"
    find "$artifacts" -type f -exec cp -t "$dest" {} +
    summary+=("$t: FINDING (exit $rc) after ${execs:-?} executions; input saved to $dest/")
  else
    summary+=("$t: ${execs:-?} executions in ${secs}s, ${cov:-cov: ?}, no finding")
  fi
done

echo
echo "==== fuzz summary ===="
printf '%s\n' "${summary[@]}"
exit $status
