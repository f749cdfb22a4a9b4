#!/usr/bin/env bash
# A whole check run, end to end: host-stub dlopen()s the plugin and runs it N times (--format
# quiet: the host counts submissions without copying them) against a loopback server that
# sends the 10 MB KrakenD-shaped payload gzip-compressed, as KrakenD does when asked. Prints
# each run's duration as the plugin's run_end reports it (fetch + gunzip + parse + map +
# submit), then the median and the throughput over the decoded payload.
#
#   cmake --preset bench && cmake --build --preset bench
#   bash tests/bench/whole_run.sh [BUILD_DIR] [RUNS]        # defaults: build/bench 10
#   FORMAT=openmetrics USE_GZIP=0 bash tests/bench/whole_run.sh  # other payload / no gzip
#   HOST_FORMAT=json ...   # the host records every submission (builds before --format quiet)
#
# The server is tests/package/serve_payload.py, Python's http.server serving the compressed
# bytes from memory (HTTP/1.1, keep-alive, Content-Encoding: gzip when the request accepts
# it); its own time per request is part of the measured run, as a real endpoint's would be.
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$root/build/bench}
runs=${2:-10}
format=${FORMAT:-prometheus}
use_gzip=${USE_GZIP:-1}
[[ $build == /* ]] || build=$root/$build

for f in "$build/host-stub/host-stub" "$build/plugin/libkrakend_check.so" \
  "$build/tests/bench/krakend_payload_gen"; do
  if [[ ! -x $f && ! -f $f ]]; then
    echo "whole_run: $f is missing; build with: cmake --preset bench && cmake --build --preset bench" >&2
    exit 2
  fi
done

work=$(mktemp -d)
server_pid=""
cleanup() {
  if [[ -n $server_pid ]]; then kill "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

gen_args=()
[[ $format == openmetrics ]] && gen_args=(openmetrics)
"$build/tests/bench/krakend_payload_gen" "${gen_args[@]}" > "$work/payload" 2> "$work/gen.log"
echo "payload: $(cat "$work/gen.log")"
gzip -6 -c "$work/payload" > "$work/payload.gz"

if [[ $format == openmetrics ]]; then
  content_type="application/openmetrics-text; version=1.0.0; charset=utf-8"
else
  content_type="text/plain; version=0.0.4; charset=utf-8"
fi
server_args=(--content-type "$content_type")
[[ $use_gzip == 1 ]] && server_args+=(--gzip "$work/payload.gz")
python3 "$root/tests/package/serve_payload.py" "$work/payload" "$work/port" "${server_args[@]}" &
server_pid=$!
for _ in $(seq 50); do
  [[ -s $work/port ]] && break
  sleep 0.1
done
port=$(cat "$work/port")

cat > "$work/conf.yaml" <<EOF
init_config:
instances:
  - openmetrics_endpoint: http://127.0.0.1:$port/metrics
    use_latest_spec: $([[ $format == openmetrics ]] && echo true || echo false)
    timeout: 30
EOF

# One run more than asked: the first warms the instance (connection, buffers, caches) and
# is reported but left out of the median, as a scheduled check's later runs are what count.
${PROFILE_CMD:-} "$build/host-stub/host-stub" run --plugin "$build/plugin/libkrakend_check.so" \
  --conf "$work/conf.yaml" --times $((runs + 1)) --interval 0 --format "${HOST_FORMAT:-quiet}" |
  grep '"kind":"run_end"' > "$work/runs.jsonl"

python3 - "$work/runs.jsonl" "$work/payload" "$work/payload.gz" "$use_gzip" <<'EOF'
import json, os, statistics, sys
runs = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
size = os.path.getsize(sys.argv[2])
wire = os.path.getsize(sys.argv[3]) if sys.argv[4] == "1" else size
bad = [r for r in runs if r.get("status") != "ok"]
if bad:
    print("whole_run: a run failed:", bad[0], file=sys.stderr)
    sys.exit(1)
for r in runs:
    print(f"run {r['run']:2d}: {r['duration_ms']:8.3f} ms  {r['submissions']} submissions"
          + ("  (warm-up, not counted)" if r['run'] == 1 else ""))
d = [r["duration_ms"] for r in runs[1:]]
m = statistics.median(d)
print(f"payload {size/1e6:.2f} MB decoded, {wire/1e6:.2f} MB on the wire; "
      f"median of {len(d)} runs {m:.3f} ms (min {min(d):.3f}, max {max(d):.3f}): "
      f"{size/(m/1e3)/1e9:.2f} GB/s")
EOF
