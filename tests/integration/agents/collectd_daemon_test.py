#!/usr/bin/env python3
"""krakend.so under the real collectd daemon (issue 6).

Starts a loopback HTTP server serving a KrakenD payload, writes a collectd.conf into a temporary
directory (logfile + csv + krakend), runs `collectd -C <conf> -f`, stops it with SIGTERM and
checks what it wrote. Python 3 standard library only.

Scenarios:
  values         two <Instance> blocks read the payload; named series in the CSV files have the
                 values the payload says; the example <Plugin krakend> block of
                 examples/collectd/collectd.conf loads and reads too.
  bad-config     instances with a bad value and an unknown key: logged, naming the key; the
                 daemon keeps running; no krakend output; the endpoint is never scraped.
  endpoint-down  the endpoint is a closed port: an error naming it every interval, the health
                 gauge at 2 (CRITICAL), the daemon keeps running.

Where collectd's csv writer puts a value:
  <DataDir>/<host>/krakend-<Instance name>/<type>-<type_instance>-<YYYY-MM-DD>
with type gauge or absolute (monotonic counts are gauges of their cumulative value) and
type_instance the series name folded as
plugin/adapters/collectd/series_name.cpp does (docs/agents.md, "Series names in collectd"); the
folding is re-implemented here from that description, not taken from the plugin's output.

Exit status: 0 when every check passed, 1 otherwise, 77 (CTest SKIP_RETURN_CODE) when the plugin
or the daemon is not available.
"""

import argparse
import http.server
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time

from agent_test_support import (SKIP, Results, closed_port, daemon_environment, finish,
                                stop_process)

HOST = "kcheck-test"  # collectd's Hostname: the first directory level of the CSV output
TYPES_DB = "/usr/share/collectd/types.db"
CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
DEADLINE_S = 30.0
MAX_NAME = 127  # collectd's DATA_MAX_NAME_LEN minus the NUL
REPO_ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
EXAMPLE_CONF = os.path.join(REPO_ROOT, "examples", "collectd", "collectd.conf")


# --- series names, as docs/agents.md describes them ------------------------------------------

SAFE = set(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.:=+-")


def escape(text):
    return "".join(chr(b) if b in SAFE else "%%%02X" % b for b in text.encode())


def fnv1a64(name, sorted_tags):
    h = 14695981039346656037
    data = name.encode() + b"".join(b"\0" + t.encode() for t in sorted_tags)
    for b in data:
        h ^= b
        h = (h * 1099511628211) & 0xFFFFFFFFFFFFFFFF
    return h


def series_name(name, tags):
    """type_instance of `name` with `tags` (instance-constant tags already left out)."""
    # collectd takes C strings: a NUL byte is U+FFFD before anything else.
    name = name.replace("\0", "\ufffd")
    tags = [t.replace("\0", "\ufffd") for t in tags]
    kept = sorted(set(tags), key=lambda t: t.encode())
    readable = escape(name) + "".join("," + escape(t) for t in kept)
    if len(readable) <= MAX_NAME:
        return readable
    suffix = "#%012x" % (fnv1a64(name, kept) & 0xFFFFFFFFFFFF)
    cut = escape(name)[: MAX_NAME - len(suffix)]
    # Never split a %XX escape.
    if cut.endswith("%"):
        cut = cut[:-1]
    elif len(cut) >= 2 and cut[-2] == "%":
        cut = cut[:-2]
    return cut + suffix


# --- the loopback KrakenD --------------------------------------------------------------------


class Endpoint:
    """Serves `payload` at http://127.0.0.1:<port>/metrics from a thread."""

    def __init__(self, payload):
        self.requests = 0
        self.headers = []  # of every request, in order
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 (http.server's naming)
                outer.requests += 1
                outer.headers.append(dict(self.headers.items()))
                if self.path.split("?")[0] != "/metrics":
                    self.send_error(404)
                    return
                self.send_response(200)
                self.send_header("Content-Type", CONTENT_TYPE)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = "http://127.0.0.1:%d/metrics" % self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


# --- the daemon --------------------------------------------------------------------------------


def builtin_plugin_dir(collectd):
    """collectd's compiled-in plugin directory (`collectd -h`: "Plugin directory  /usr/...")."""
    out = subprocess.run([collectd, "-h"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                         universal_newlines=True, check=False).stdout
    m = re.search(r"Plugin directory\s+(\S+)", out)
    return m.group(1) if m else "/usr/lib/collectd"


class Daemon:
    """One collectd run in `workdir`, with logfile, csv and krakend loaded."""

    def __init__(self, args, workdir, plugin_block):
        self.workdir = workdir
        self.log_path = os.path.join(workdir, "collectd.log")
        self.csv_dir = os.path.join(workdir, "csv")
        self.conf_path = os.path.join(workdir, "collectd.conf")
        self.output_path = os.path.join(workdir, "collectd.out")
        # LoadPlugin takes a name, looked up in the one PluginDir: a directory of its own puts
        # krakend.so next to the stock logfile.so and csv.so. collectd refuses symbolic links
        # ("is not a regular file"): hard links, else copies.
        plugins = os.path.join(workdir, "plugins")
        os.makedirs(plugins)
        stock = builtin_plugin_dir(args.collectd)
        for source, name in ((os.path.join(stock, "logfile.so"), "logfile.so"),
                             (os.path.join(stock, "csv.so"), "csv.so"),
                             (os.path.abspath(args.plugin), "krakend.so")):
            try:
                os.link(source, os.path.join(plugins, name))
            except OSError:
                shutil.copy2(source, os.path.join(plugins, name))
        with open(self.conf_path, "w") as f:
            f.write(CONF_TEMPLATE.format(host=HOST, base=workdir, plugins=plugins,
                                         types_db=TYPES_DB, log=self.log_path,
                                         csv=self.csv_dir, krakend=plugin_block))
        self.collectd = args.collectd
        self.plugin = os.path.abspath(args.plugin)
        self.proc = None
        self.stopped_by_us = False

    def start(self):
        out = open(self.output_path, "wb")
        self.proc = subprocess.Popen([self.collectd, "-C", self.conf_path, "-f"], stdout=out,
                                     stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                     env=daemon_environment(self.plugin))
        out.close()

    def running(self):
        return self.proc is not None and self.proc.poll() is None

    def wait_for(self, predicate, timeout=DEADLINE_S):
        """Polls `predicate` until true, the deadline, or the daemon's exit. Returns its value."""
        deadline = time.monotonic() + timeout
        while True:
            value = predicate()
            if value or time.monotonic() > deadline or not self.running():
                return value
            time.sleep(0.2)

    def stop(self):
        """SIGTERM, then SIGKILL after 15 s. Returns a description of a bad exit, or ""."""
        return stop_process(self.proc)

    def log(self):
        text = ""
        for path in (self.log_path, self.output_path):
            try:
                with open(path, errors="replace") as f:
                    text += f.read()
            except OSError:
                pass
        return text

    def instance_dir(self, instance):
        return os.path.join(self.csv_dir, HOST, "krakend-" + instance)

    def krakend_dirs(self):
        host_dir = os.path.join(self.csv_dir, HOST)
        if not os.path.isdir(host_dir):
            return []
        return sorted(d for d in os.listdir(host_dir) if d.startswith("krakend"))

    def csv_values(self, instance, vtype, type_instance):
        """Values (strings) of one series' CSV file, oldest first; None when it does not exist."""
        directory = self.instance_dir(instance)
        if not os.path.isdir(directory):
            return None
        prefix = vtype + "-" + type_instance + "-"
        for entry in sorted(os.listdir(directory)):
            if entry.startswith(prefix) and re.fullmatch(r"\d{4}-\d{2}-\d{2}",
                                                         entry[len(prefix):]):
                with open(os.path.join(directory, entry)) as f:
                    lines = [line.strip() for line in f if line.strip()]
                # First line: "epoch,value" (the data source names of the type).
                return [line.split(",", 1)[1] for line in lines[1:] if "," in line]
        return None

    def describe(self):
        """What there is to look at after a failure."""
        listing = []
        for root, _, files in os.walk(self.csv_dir):
            for name in sorted(files):
                listing.append(os.path.relpath(os.path.join(root, name), self.csv_dir))
        return ("--- collectd.conf ---\n%s\n--- log ---\n%s\n--- CSV files ---\n%s" %
                (open(self.conf_path).read(), self.log()[-6000:], "\n".join(listing[:200])))


CONF_TEMPLATE = """\
# Written by tests/integration/agents/collectd_daemon_test.py
Hostname "{host}"
FQDNLookup false
BaseDir "{base}"
PIDFile "{base}/collectd.pid"
PluginDir "{plugins}"
TypesDB "{types_db}"
Interval 1
ReadThreads 2

LoadPlugin logfile
<Plugin logfile>
  LogLevel "info"
  File "{log}"
  Timestamp true
  PrintSeverity true
</Plugin>

LoadPlugin csv
<Plugin csv>
  DataDir "{csv}"
  StoreRates false
</Plugin>

LoadPlugin krakend
{krakend}
"""


# --- expectations, read by hand from tests/integration/agents/data/krakend_metrics.txt ------

# target_info{service_name="shop-gateway",service_version="2.4.1"} is put on every series,
# renamed by the default rename_labels.
TARGET = ["krakend.service_name:shop-gateway", "krakend.service_version:2.4.1"]
PROXY_LABELS = ["canceled:false", "complete:true", "error:false", "http_request_method:GET",
                "http_route:/api/items", "otel_scope_name:io.krakend.krakend-otel",
                "otel_scope_version:"]
CLIENT_LABELS = ["backend_type:catalog", "http_request_method:GET",
                 "krakend_endpoint_method:GET", "otel_scope_name:io.krakend.krakend-otel",
                 "otel_scope_version:", "server_address:catalog", "server_port:8080"]

# (instance, collectd type, metric name, tags, expected value). gauge: the sample value, and for
# a monotonic_count the cumulative value, fraction included; health: 0 OK. A string is the exact
# text the csv writer prints (gauges with "%f", 6 decimals).
EXPECTED_VALUES = [
    ("gw_a", "gauge", "krakend.api.go.goroutines", TARGET, 42),
    ("gw_a", "gauge", "krakend.api.go.memstats.alloc_bytes", TARGET, 5234688),
    ("gw_a", "gauge", "krakend.api.go.memstats.alloc_bytes.count", TARGET, 98765432),
    ("gw_a", "gauge", "krakend.api.go.gc_duration_seconds.quantile", TARGET + ["quantile:1.0"],
     0.000734),
    ("gw_a", "gauge", "krakend.api.go.gc_duration_seconds.quantile", TARGET + ["quantile:0"],
     0.000012),
    ("gw_a", "gauge", "krakend.api.go.gc_duration_seconds.count", TARGET, 57),
    ("gw_a", "gauge", "krakend.api.process.open_fds", TARGET, 23),
    ("gw_a", "gauge", "krakend.api.process.cpu_seconds.count", TARGET, "12.750000"),
    ("gw_a", "gauge", "krakend.api.http_client.request_started.count",
     CLIENT_LABELS + TARGET + ["clientname:/items/", "http_response_status_code:200",
                               "http_route:/items/", "krakend_endpoint_route:/api/items",
                               "code_class:2XX"], 17),
    ("gw_a", "gauge", "krakend.api.http_client.request_started.count",
     CLIENT_LABELS + TARGET + ["clientname:/stock/", "http_response_status_code:503",
                               "http_route:/stock/", "krakend_endpoint_route:/api/stock",
                               "code_class:5XX"], 3),
    ("gw_a", "gauge", "krakend.api.proxy_duration.bucket",
     PROXY_LABELS + TARGET + ["upper_bound:0.01"], 4),
    ("gw_a", "gauge", "krakend.api.proxy_duration.bucket",
     PROXY_LABELS + TARGET + ["upper_bound:0.1"], 15),
    ("gw_a", "gauge", "krakend.api.proxy_duration.count", PROXY_LABELS + TARGET, 17),
    # A fractional _sum: derive (int64) used to store 1 for 0.734, and 0 for 0.0123.
    ("gw_a", "gauge", "krakend.api.proxy_duration.sum", PROXY_LABELS + TARGET, "0.734000"),
    ("gw_a", "gauge", "krakend.api.go.gc_duration_seconds.sum", TARGET, "0.012300"),
    ("gw_a", "gauge", "krakend.api.openmetrics.health", [], 0),
    # gw_b: include_labels ["http_route"] leaves only that label (and upper_bound) as tags, so
    # its names stay readable; go_metrics false drops go_*.
    ("gw_b", "gauge", "krakend.api.proxy_duration.bucket",
     ["http_route:/api/items", "upper_bound:1.0"], 17),
    ("gw_b", "gauge", "krakend.api.proxy_duration.count", ["http_route:/api/items"], 17),
    ("gw_b", "gauge", "krakend.api.process.open_fds", [], 23),
    ("gw_b", "gauge", "krakend.api.openmetrics.health", [], 0),
]


def values_block(url):
    # gw_a in conf.yaml spelling, gw_b in collectd's CamelCase spelling.
    return """\
<Plugin krakend>
  SeriesMapLog true
  <Instance "gw_a">
    openmetrics_endpoint "{url}"
    tags "env:test" "team:api"
    timeout 5
  </Instance>
  <Instance "gw_b">
    OpenmetricsEndpoint "{url}"
    Tag "env:test"
    Service "shop"
    GoMetrics false
    IncludeLabels "http_route"
    Interval 2
  </Instance>
</Plugin>""".format(url=url)


def number(text):
    try:
        return float(text)
    except ValueError:
        return None


def close_enough(got, want):
    # The csv writer prints gauges with 6 decimals ("%f").
    return got is not None and abs(got - want) <= max(1e-6, abs(want) * 1e-9)


def check_value(res, daemon, instance, vtype, name, tags, want):
    ti = series_name(name, tags)
    values = daemon.csv_values(instance, vtype, ti)
    label = "%s %s-%s %s{%s} = %s" % (instance, vtype, ti, name, ",".join(sorted(tags)), want)
    if not values:
        return res.check(False, label, "no CSV file or no value")
    if isinstance(want, str):
        return res.check(values[-1] == want, label, "CSV says %s" % values[-1])
    got = number(values[-1])
    return res.check(close_enough(got, want), label, "CSV says %s" % values[-1])


def all_present(daemon, expected):
    return all(daemon.csv_values(i, t, series_name(n, tags))
               for i, t, n, tags, _ in expected)


def scenario_values(args, res, endpoint, workdir):
    daemon = Daemon(args, os.path.join(workdir, "values"), values_block(endpoint.url))
    daemon.start()
    daemon.wait_for(lambda: all_present(daemon, EXPECTED_VALUES))
    # Two more reads, so that values written after a restart of a series would show up too.
    time.sleep(2.5)
    alive = daemon.running()
    bad_exit = daemon.stop()
    ok = res.check(alive, "values: daemon still running after the reads")
    ok &= res.check(not bad_exit, "values: daemon stopped cleanly on SIGTERM", bad_exit)
    for expected in EXPECTED_VALUES:
        ok &= check_value(res, daemon, *expected)
    ok &= res.check(daemon.krakend_dirs() == ["krakend-gw_a", "krakend-gw_b"],
                    "values: both instances wrote data (krakend-gw_a, krakend-gw_b)",
                    "got %s" % daemon.krakend_dirs())
    gw_a, gw_b = ([] if not os.path.isdir(daemon.instance_dir(i)) else
                  os.listdir(daemon.instance_dir(i)) for i in ("gw_a", "gw_b"))
    derive_files = [f for f in gw_a + gw_b if not f.startswith(("gauge-", "absolute-"))]
    ok &= res.check(not derive_files, "values: every file is gauge-* or absolute-*, no derive",
                    "found %s" % derive_files[:3])
    go_files = [f for f in gw_b if "krakend.api.go." in f]
    ok &= res.check(not go_files, "values: go_metrics false left out krakend.api.go.* in gw_b",
                    "found %s" % go_files[:3])
    log = daemon.log()
    # SeriesMapLog true: each hashed name is logged once with the series it stands for.
    hashed = series_name("krakend.api.proxy_duration.count", PROXY_LABELS + TARGET)
    ok &= res.check('instance "gw_a": gauge-%s is krakend.api.proxy_duration.count{' % hashed
                    in log, "values: SeriesMapLog names the series behind %s" % hashed)
    errors = [line for line in log.splitlines() if "[error]" in line]
    ok &= res.check(not errors, "values: no error in the collectd log", "\n".join(errors[:5]))
    ok &= scenario_example(args, res, endpoint, workdir)
    if not ok:
        print(daemon.describe(), file=sys.stderr)
    return ok


def example_block(url):
    """The <Plugin krakend> block of examples/collectd/collectd.conf, pointed at `url`."""
    with open(EXAMPLE_CONF) as f:
        text = f.read()
    m = re.search(r"^<Plugin krakend>.*?^</Plugin>", text, re.M | re.S)
    if not m:
        return None
    return re.sub(r"http://localhost:9090/metrics", url, m.group(0))


def scenario_example(args, res, endpoint, workdir):
    """examples/collectd/collectd.conf's block loads and reads (its instance is "gateway")."""
    block = example_block(endpoint.url) if os.path.exists(EXAMPLE_CONF) else None
    if not res.check(block is not None and endpoint.url in block,
                     "example: examples/collectd/collectd.conf has a <Plugin krakend> block "
                     "for http://localhost:9090/metrics"):
        return False
    daemon = Daemon(args, os.path.join(workdir, "example"), block)
    first_request = len(endpoint.headers)
    daemon.start()
    health = ("gateway", "gauge", "krakend.api.openmetrics.health", [], 0)
    daemon.wait_for(lambda: all_present(daemon, [health]))
    bad_exit = daemon.stop()
    ok = res.check(not bad_exit, "example: daemon stopped cleanly on SIGTERM", bad_exit)
    ok &= check_value(res, daemon, *health)
    sent = [h.get("X-Monitoring") for h in endpoint.headers[first_request:]]
    ok &= res.check(bool(sent) and all(v == "collectd" for v in sent),
                    "example: its extra_headers reached KrakenD (X-Monitoring: collectd)",
                    "got %s" % sent[:3])
    errors = [line for line in daemon.log().splitlines() if "[error]" in line]
    ok &= res.check(not errors, "example: no error in the collectd log", "\n".join(errors[:5]))
    if not ok:
        print(daemon.describe(), file=sys.stderr)
    return ok


def scenario_bad_config(args, res, endpoint, workdir):
    block = """\
<Plugin krakend>
  <Instance "bad_timeout">
    openmetrics_endpoint "{url}"
    timeout "ten"
  </Instance>
  <Instance "bad_key">
    openmetrics_endpoint "{url}"
    NoSuchOption 1
  </Instance>
</Plugin>""".format(url=endpoint.url)
    daemon = Daemon(args, os.path.join(workdir, "bad-config"), block)
    daemon.start()

    def error_lines():
        lines = [l for l in daemon.log().splitlines() if "[error]" in l and "krakend" in l]
        return ([l for l in lines if 'instance "bad_timeout"' in l and "timeout" in l],
                [l for l in lines if 'instance "bad_key"' in l and "no_such_option" in l])

    daemon.wait_for(lambda: all(error_lines()))
    time.sleep(3)  # three intervals in which nothing may be read
    alive = daemon.running()
    bad_exit = daemon.stop()
    timeout_errors, key_errors = error_lines()
    ok = res.check(alive, "bad-config: daemon still running with both instances rejected")
    ok &= res.check(not bad_exit, "bad-config: daemon stopped cleanly on SIGTERM", bad_exit)
    ok &= res.check(bool(timeout_errors),
                    'bad-config: log has an error for instance "bad_timeout" naming timeout',
                    "none found")
    for line in timeout_errors[:1] + key_errors[:1]:
        print("      " + line.strip(), flush=True)
    ok &= res.check(bool(key_errors),
                    'bad-config: log has an error for instance "bad_key" naming no_such_option',
                    "none found")
    ok &= res.check(daemon.krakend_dirs() == [], "bad-config: no krakend CSV output",
                    "got %s" % daemon.krakend_dirs())
    ok &= res.check(endpoint.requests == 0, "bad-config: the endpoint was never scraped",
                    "%d requests" % endpoint.requests)
    if not ok:
        print(daemon.describe(), file=sys.stderr)
    return ok


def scenario_endpoint_down(args, res, workdir):
    port = closed_port()
    url = "http://127.0.0.1:%d/metrics" % port
    block = """\
<Plugin krakend>
  <Instance "down">
    openmetrics_endpoint "{url}"
    timeout 2
  </Instance>
</Plugin>""".format(url=url)
    daemon = Daemon(args, os.path.join(workdir, "endpoint-down"), block)
    daemon.start()
    needle = "127.0.0.1:%d" % port

    def error_lines():
        return [l for l in daemon.log().splitlines()
                if "[error]" in l and 'instance "down"' in l and needle in l]

    health = ("down", "gauge", "krakend.api.openmetrics.health", [], 2)
    # Three failed reads: the callback keeps being called every interval (no backoff).
    daemon.wait_for(lambda: len(error_lines()) >= 3 and all_present(daemon, [health]))
    alive = daemon.running()
    bad_exit = daemon.stop()
    errors = error_lines()
    ok = res.check(alive, "endpoint-down: daemon still running")
    ok &= res.check(not bad_exit, "endpoint-down: daemon stopped cleanly on SIGTERM", bad_exit)
    ok &= res.check(bool(errors), "endpoint-down: log has an error naming %s" % needle,
                    "none found")
    if errors:
        print("      " + errors[0].strip(), flush=True)
    ok &= res.check(any("refused" in l for l in errors),
                    "endpoint-down: the error says the connection was refused")
    ok &= res.check(len(errors) >= 3, "endpoint-down: read again every interval (>= 3 errors)",
                    "%d errors" % len(errors))
    ok &= check_value(res, daemon, *health)
    files = os.listdir(daemon.instance_dir("down")) if os.path.isdir(
        daemon.instance_dir("down")) else []
    others = [f for f in files if "openmetrics.health" not in f]
    ok &= res.check(not others, "endpoint-down: nothing but the health gauge was written",
                    "found %s" % others[:3])
    if not ok:
        print(daemon.describe(), file=sys.stderr)
    return ok


def skip(reason):
    print("SKIPPED: %s (collectd-core/collectd-dev not installed)" % reason, file=sys.stderr,
          flush=True)
    return SKIP


def missing(args):
    """Why the daemon cannot be run with the plugin (--plugin, --collectd), or None."""
    if not args.plugin or not os.path.isfile(args.plugin):
        return "no collectd plugin krakend.so built (--plugin %r)" % args.plugin
    if not args.collectd or not os.access(args.collectd, os.X_OK):
        return "no collectd daemon (--collectd %r)" % args.collectd
    if not os.path.isfile(TYPES_DB):
        return "no %s" % TYPES_DB
    stock = builtin_plugin_dir(args.collectd)
    for name in ("logfile.so", "csv.so"):
        if not os.path.isfile(os.path.join(stock, name)):
            return "collectd's %s is not in %s" % (name, stock)
    return None


def run(scenarios, description, prefix="kcheck-collectd-"):
    """The main() of a daemon test script. `scenarios` maps each --scenario name (the first is
    the default) to a function(args, res, endpoint, workdir). Returns the exit status."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--scenario", choices=list(scenarios), default=next(iter(scenarios)))
    parser.add_argument("--plugin", default="", help="krakend.so (empty: skip)")
    parser.add_argument("--collectd", default="", help="the collectd daemon (empty: skip)")
    parser.add_argument("--payload", required=True, help="the KrakenD payload to serve")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    args = parser.parse_args()

    reason = missing(args)
    if reason:
        return skip(reason)
    with open(args.payload, "rb") as f:
        payload = f.read()

    res = Results()
    workdir = tempfile.mkdtemp(prefix=prefix)
    endpoint = Endpoint(payload)
    try:
        scenarios[args.scenario](args, res, endpoint, workdir)
    finally:
        endpoint.close()
    return finish(res, workdir, args.keep)


def main():
    return run({
        "values": scenario_values,
        "bad-config": scenario_bad_config,
        "endpoint-down": lambda args, res, _endpoint, workdir: scenario_endpoint_down(
            args, res, workdir),
    }, __doc__.split("\n\n")[0])


if __name__ == "__main__":
    sys.exit(main())
