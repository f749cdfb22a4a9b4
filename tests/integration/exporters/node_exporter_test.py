#!/usr/bin/env python3
"""A real exporter scraped through the host-stub.

Starts Debian's prometheus-node-exporter on a free loopback port, runs
`host-stub run --plugin libkrakend_check.so --conf conf.yaml --times 2 --format json`
against it and checks what was submitted: its go_* and process_* families come through the
KrakenD map (docs: metric-map.md sections 2-6), its node_* families do not.

Scenarios:
  defaults          go_metrics and process_metrics on (the defaults)
  no-go-process     go_metrics: false and process_metrics: false on the instance

Exit status: 0 passed, 1 failed, 77 skipped (no prometheus-node-exporter on this machine).
"""

import argparse
import ctypes
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

SKIP = 77
READY_TIMEOUT_S = 15.0
HOST_STUB_TIMEOUT_S = 60.0
HEALTH = "krakend.api.openmetrics.health"


class Failure(Exception):
    pass


def check(condition, message):
    if not condition:
        raise Failure(message)


def free_loopback_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def die_with_parent():
    # The exporter gets SIGTERM if this script dies without running its cleanup (e.g. a
    # SIGKILL from a ctest timeout): no exporter outlives the test.
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        pr_set_pdeathsig = 1
        libc.prctl(pr_set_pdeathsig, signal.SIGTERM)
    except (OSError, AttributeError):
        pass


def start_exporter(binary, workdir):
    """Starts the exporter and waits (bounded) until /metrics answers. Returns (proc, url)."""
    for attempt in range(3):
        port = free_loopback_port()
        log_path = os.path.join(workdir, f"node-exporter-{attempt}.log")
        log = open(log_path, "wb")
        # Only two cheap node collectors: the payload still has real node_* families (which
        # must not come through), without minutes of /proc and /sys walking on CI machines.
        proc = subprocess.Popen(
            [binary, f"--web.listen-address=127.0.0.1:{port}", "--collector.disable-defaults",
             "--collector.loadavg", "--collector.time"],
            stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            preexec_fn=die_with_parent)
        log.close()
        url = f"http://127.0.0.1:{port}/metrics"
        deadline = time.monotonic() + READY_TIMEOUT_S
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                break  # e.g. the port was taken in between: try another one
            try:
                with urllib.request.urlopen(url, timeout=1) as r:
                    if r.status == 200 and b"go_goroutines" in r.read():
                        return proc, url
            except OSError:
                pass
            time.sleep(0.1)
        stop_exporter(proc)
        with open(log_path, "rb") as f:
            tail = f.read()[-2000:].decode("utf-8", "replace")
        print(f"exporter attempt {attempt + 1} on port {port} did not answer:\n{tail}",
              file=sys.stderr)
    raise Failure(f"{binary} did not serve /metrics within {READY_TIMEOUT_S:.0f} s (3 attempts)")


def stop_exporter(proc):
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def write_conf(workdir, url, scenario):
    lines = ["init_config:", "instances:", f"  - openmetrics_endpoint: {url}",
             "    tags:", "      - env:ci", "      - exporter:node"]
    if scenario == "no-go-process":
        lines += ["    go_metrics: false", "    process_metrics: false"]
    path = os.path.join(workdir, "conf.yaml")
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    return path


def run_host_stub(host_stub, plugin, conf):
    cmd = [host_stub, "run", "--plugin", plugin, "--conf", conf, "--times", "2",
           "--format", "json"]
    proc = subprocess.run(cmd, capture_output=True, timeout=HOST_STUB_TIMEOUT_S)
    stderr = proc.stderr.decode("utf-8", "replace")
    if stderr:
        print(f"host-stub stderr:\n{stderr}", file=sys.stderr)
    check(proc.returncode == 0, f"host-stub exited with {proc.returncode}: {' '.join(cmd)}")
    runs = [[]]
    ends = []
    for raw in proc.stdout.decode("utf-8").splitlines():
        line = json.loads(raw)
        if line["kind"] == "run_end":
            ends.append(line)
            runs.append([])
        else:
            runs[-1].append(line)
    check(runs[-1] == [], "submissions after the last run_end line")
    return runs[:-1], ends


def by_name(lines, kind="metric"):
    out = {}
    for line in lines:
        if line["kind"] == kind:
            out.setdefault(line["name"], []).append(line)
    return out


def check_common(runs, ends, url):
    check(len(ends) == 2, f"expected 2 run_end lines, got {len(ends)}")
    for n, (lines, end) in enumerate(zip(runs, ends), start=1):
        check(end["run"] == n and end["instance"] == 0, f"run_end out of order: {end}")
        check(end["status"] == "ok" and end["error"] is None, f"run {n} failed: {end}")
        check(end["submissions"] == len(lines),
              f"run {n}: run_end counts {end['submissions']} submissions, "
              f"the stream has {len(lines)}")
        checks = by_name(lines, "service_check").get(HEALTH, [])
        check(len(checks) == 1, f"run {n}: expected one {HEALTH}, got {len(checks)}")
        sc = checks[0]
        check(sc["status"] == 0, f"run {n}: {HEALTH} is not OK: {sc}")
        check(f"endpoint:{url}" in sc["tags"], f"run {n}: {HEALTH} lacks endpoint:{url}")
        check("env:ci" in sc["tags"], f"run {n}: {HEALTH} lacks the instance tag env:ci")
        for line in lines:
            if line["kind"] == "service_check":
                continue
            name = line["name"]
            check(name.startswith("krakend.api."), f"run {n}: unprefixed name {name}")
            check("node" not in name and "promhttp" not in name,
                  f"run {n}: an unmapped node_exporter family was submitted: {name}")
            check(line["flush_first_value"] == (n == 2),
                  f"run {n}: flush_first_value is {line['flush_first_value']} on {name}")
            check(f"endpoint:{url}" in line["tags"] and "env:ci" in line["tags"],
                  f"run {n}: {name} lacks the instance tags: {line['tags']}")


def expect_type(metrics, name, type_, run):
    check(name in metrics, f"run {run}: {name} was not submitted")
    types = {m["type"] for m in metrics[name]}
    check(types == {type_}, f"run {run}: {name} submitted as {sorted(types)}, want {type_}")


def check_defaults(runs):
    for n, lines in enumerate(runs, start=1):
        metrics = by_name(lines)
        expect_type(metrics, "krakend.api.go.goroutines", "gauge", n)
        expect_type(metrics, "krakend.api.go.threads", "gauge", n)
        expect_type(metrics, "krakend.api.go.gc_duration_seconds.quantile", "gauge", n)
        quantiles = {t for m in metrics["krakend.api.go.gc_duration_seconds.quantile"]
                     for t in m["tags"] if t.startswith("quantile:")}
        want = {"quantile:0", "quantile:0.25", "quantile:0.5", "quantile:0.75", "quantile:1.0"}
        check(quantiles == want, f"run {n}: quantile tags {sorted(quantiles)}, want {sorted(want)}")
        expect_type(metrics, "krakend.api.go.gc_duration_seconds.sum", "monotonic_count", n)
        expect_type(metrics, "krakend.api.go.gc_duration_seconds.count", "monotonic_count", n)
        expect_type(metrics, "krakend.api.process.cpu_seconds.count", "monotonic_count", n)
        expect_type(metrics, "krakend.api.process.open_fds", "gauge", n)
        expect_type(metrics, "krakend.api.process.resident_memory_bytes", "gauge", n)
        expect_type(metrics, "krakend.api.go.memstats.alloc_bytes", "gauge", n)
        expect_type(metrics, "krakend.api.go.memstats.alloc_bytes.count", "monotonic_count", n)
        expect_type(metrics, "krakend.api.go.memstats.heap_alloc_bytes", "gauge", n)
        expect_type(metrics, "krakend.api.go.memstats.mallocs.count", "monotonic_count", n)
        expect_type(metrics, "krakend.api.go.memstats.frees.count", "monotonic_count", n)
        memstats = [k for k in metrics if k.startswith("krakend.api.go.memstats.")]
        check(len(memstats) >= 20, f"run {n}: only {len(memstats)} go.memstats series")
        # go_memstats_lookups_total is not in the KrakenD map: dropped.
        check("krakend.api.go.memstats.lookups.count" not in metrics,
              f"run {n}: go_memstats_lookups_total is not in the map but was submitted")
        expect_type(metrics, "krakend.api.go.info", "gauge", n)
        info_tags = metrics["krakend.api.go.info"][0]["tags"]
        check(any(t.startswith("go_version:go") for t in info_tags),
              f"run {n}: go_info's version label is not renamed to go_version: {info_tags}")


def check_no_go_process(runs):
    for n, lines in enumerate(runs, start=1):
        names = sorted(by_name(lines))
        bad = [k for k in names if k.startswith(("krakend.api.go.", "krakend.api.process."))]
        check(not bad, f"run {n}: go_metrics/process_metrics false, yet submitted {bad[:5]}")
        # Everything else node_exporter serves (node_*, promhttp_*) is outside the map.
        check(not names, f"run {n}: unexpected metrics {names[:5]}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scenario", choices=["defaults", "no-go-process"], required=True)
    ap.add_argument("--host-stub", required=True)
    ap.add_argument("--plugin", required=True)
    ap.add_argument("--exporter", default="")
    args = ap.parse_args()

    exporter = args.exporter
    if not exporter or not os.access(exporter, os.X_OK):
        print("\n*** SKIPPED: prometheus-node-exporter not found "
              f"({exporter or 'not configured'}); install it (scripts/setup.sh) to run the "
              "real-exporter test ***\n", file=sys.stderr)
        return SKIP
    for path in (args.host_stub, args.plugin):
        if not os.path.isfile(path):
            print(f"FAILED: {path} does not exist", file=sys.stderr)
            return 1

    # A ctest timeout sends SIGTERM: turn it into an exception so the finally below runs.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    proc = None
    try:
        with tempfile.TemporaryDirectory(prefix="kcheck-node-exporter-") as workdir:
            proc, url = start_exporter(exporter, workdir)
            conf = write_conf(workdir, url, args.scenario)
            runs, ends = run_host_stub(args.host_stub, args.plugin, conf)
            check_common(runs, ends, url)
            if args.scenario == "defaults":
                check_defaults(runs)
            else:
                check_no_go_process(runs)
            counts = [len(r) for r in runs]
            print(f"PASSED ({args.scenario}): {url}, submissions per run {counts}")
            return 0
    except Failure as e:
        print(f"FAILED ({args.scenario}): {e}", file=sys.stderr)
        return 1
    finally:
        if proc is not None:
            stop_exporter(proc)


if __name__ == "__main__":
    sys.exit(main())
