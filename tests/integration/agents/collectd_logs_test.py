#!/usr/bin/env python3
"""krakend.so tailing KrakenD's log under the real collectd daemon (issue 12).

Writes a KrakenD log file, runs `collectd -C <conf> -f` with the logfile, csv and krakend plugins
(collectd_daemon_test.py's Daemon, whose helpers this script imports) and an <Instance> with
`LogFile` (LogFiles' singular) and `LogStartPosition "beginning"`, then appends an ERROR line while it runs. Checks:

* each ERROR line is a FAILURE notification, logged by the logfile plugin with its message
  (a long message cut to 255 bytes, not inside a UTF-8 character); the INFO and access lines
  are not notified;
* the krakend.api.logs.*.count values are written by the csv writer (gauges of the cumulative
  count, under the series names of docs/agents.md) and grow with the appended line.

Exit status: 0 when every check passed, 1 otherwise, 77 (CTest SKIP_RETURN_CODE) when the plugin
or the daemon is not available.
"""

import os
import sys

sys.dont_write_bytecode = True  # no __pycache__ in the source tree for the import below
from collectd_daemon_test import (  # noqa: E402 (after the line above)
    Daemon, check_value, run, series_name)

ENDPOINT_ERROR = "[ENDPOINT: /api/users] context canceled"
LONG_ERROR = "[BACKEND: /items] " + "\u00e9" * 200  # 418 bytes: cut to 254, the é at 254 would straddle 255
APPENDED_ERROR = "[ENDPOINT: /api/orders] context deadline exceeded"
LOG_LINES = [
    "2024/01/17 11:24:24 KRAKEND INFO: Starting the KrakenD instance",
    "2024/01/17 11:24:25 KRAKEND ERROR: " + ENDPOINT_ERROR,
    '[GIN] 2024/01/17 - 11:24:26 | 200 |     143.655729ms |       127.0.0.1 | GET      '
    '"/api/users"',
    "2024/01/17 11:24:27 KRAKEND ERROR: " + LONG_ERROR,
    "2024/01/17 11:24:28 KRAKEND INFO: Listening on port 8080",
]
APPENDED_LINE = "2024/01/17 11:25:00 KRAKEND ERROR: " + APPENDED_ERROR


def logs_block(url, log_path):
    return """\
<Plugin krakend>
  <Instance "gw">
    OpenmetricsEndpoint "{url}"
    Tags "env:test"
    LogFile "{log}"
    LogStartPosition "beginning"
  </Instance>
</Plugin>""".format(url=url, log=log_path)


def cut_utf8(text, limit):
    """`text` cut to at most `limit` bytes of UTF-8, never inside a character."""
    data = text.encode()[:limit]
    return data.decode(errors="ignore")


def notifications(daemon):
    """(severity, whole line, message) of each krakend notification the logfile plugin wrote,
    in order."""
    found = []
    for line in daemon.log().splitlines():
        if "Notification:" not in line or "plugin = krakend" not in line:
            continue
        severity = line.split("severity = ", 1)[1].split(",", 1)[0]
        message = line.split("message = ", 1)[1] if "message = " in line else ""
        found.append((severity, line, message))
    return found


def log_notifications(daemon):
    return [(s, m) for s, line, m in notifications(daemon) if "type_instance = log" in line]


def count(name, tags, value):
    """An expected krakend.api.logs.* count of instance gw (env:test and endpoint: are the
    instance's own tags, left out of the names)."""
    return ("gw", "gauge", "krakend.api.logs.%s.count" % name, tags, value)


def counts_written(daemon, expected):
    for instance, vtype, name, tags, want in expected:
        values = daemon.csv_values(instance, vtype, series_name(name, tags))
        if not values or abs(float(values[-1]) - want) > 1e-6:
            return False
    return True


def scenario_logs(args, res, endpoint, workdir):
    log_path = os.path.join(workdir, "krakend.log")
    with open(log_path, "w") as f:
        f.write("".join(line + "\n" for line in LOG_LINES))
    daemon = Daemon(args, os.path.join(workdir, "logs"), logs_block(endpoint.url, log_path))
    first = [
        count("lines", ["level:info", "logger:krakend"], 2),
        count("lines", ["level:error", "logger:krakend"], 2),
        count("lines", ["level:info", "logger:gin"], 1),
        count("requests", ["code_class:2xx", "http_request_method:GET",
                           "http_response_status_code:200"], 1),
        count("errors", ["error_kind:canceled"], 1),
        count("errors", ["error_kind:other"], 1),
        count("bytes", [], os.path.getsize(log_path)),
    ]
    daemon.start()
    # The tailer holds a file's last record back for one read: every line is in after two.
    daemon.wait_for(lambda: len(log_notifications(daemon)) >= 2 and counts_written(daemon, first))
    ok = True
    for expected in first:
        ok &= check_value(res, daemon, *expected)
    with open(log_path, "a") as f:
        f.write(APPENDED_LINE + "\n")
    second = [
        count("lines", ["level:error", "logger:krakend"], 3),
        count("errors", ["error_kind:timeout"], 1),
        count("bytes", [], os.path.getsize(log_path)),
    ]
    daemon.wait_for(lambda: len(log_notifications(daemon)) >= 3 and counts_written(daemon, second))
    alive = daemon.running()
    bad_exit = daemon.stop()
    ok &= res.check(alive, "logs: daemon still running after the reads")
    ok &= res.check(not bad_exit, "logs: daemon stopped cleanly on SIGTERM", bad_exit)

    notified = log_notifications(daemon)
    for severity, message in notified[:1]:
        print("      notification: severity = %s, message = %s" % (severity, message), flush=True)
    want = [("FAILURE", ENDPOINT_ERROR), ("FAILURE", cut_utf8(LONG_ERROR, 255)),
            ("FAILURE", APPENDED_ERROR)]
    ok &= res.check(notified == want,
                    "logs: each ERROR line is one FAILURE notification with its message, the "
                    "long one cut to %d bytes on a UTF-8 boundary; nothing else is notified"
                    % len(want[1][1].encode()),
                    "got %s" % notified)
    for expected in second:  # the appended line counted too
        ok &= check_value(res, daemon, *expected)
    health = [line for s, line, m in notifications(daemon) if "type_instance = log" not in line]
    ok &= res.check(not health, "logs: no health notification (the scrape is OK)",
                    "got %s" % health[:2])
    errors = [line for line in daemon.log().splitlines() if "[error]" in line]
    ok &= res.check(not errors, "logs: no error in the collectd log", "\n".join(errors[:5]))
    if not ok:
        print(daemon.describe(), file=sys.stderr)
    return ok


def main():
    return run({"logs": scenario_logs}, __doc__.split("\n\n")[0], "kcheck-collectd-logs-")


if __name__ == "__main__":
    sys.exit(main())
