#!/usr/bin/env python3
"""zabbix_krakend.so in the real Zabbix agent (issue 13).

Serves a KrakenD payload on loopback, writes a zabbix_agentd.conf loading the module into a
temporary directory and runs the real `zabbix_agentd`: in test mode (`-t <key>`) and as a
daemon in the foreground (`-f`) queried with the passive-check protocol. What the items answer
is compared with what host-stub submits (the core through the project's own ABI) for the same
payload and configuration.

Scenarios:
  items   -t for every item: krakend.get equals host-stub's run (URL target, and a named target
          of examples/zabbix/krakend.yaml); krakend.value of every series equals its value;
          krakend.discovery lists every series; krakend.health 0; -p lists the four keys; the
          examples' LoadModule and template keys match the module.
  daemon  the same items over the passive protocol; one scrape answers every item of a target
          for cache_seconds; cache_seconds 0 scrapes each time; a clean SIGTERM stop.
  errors  one daemon: missing, unreadable and bad conf.yaml, unknown instance, bad key
          parameters, endpoint down, an endpoint that never answers (bounded by Timeout),
          hostile payloads: an item error each time, and the agent still answers afterwards.

Under the asan-ubsan preset the module is ASan-built: the agent runs with libasan preloaded
(agent_test_support.daemon_environment), so every scenario is also an ASan test in the agent.

Exit status: 0 when every check passed, 1 otherwise, 77 (CTest SKIP_RETURN_CODE) when
zabbix_agentd or the module is missing.
"""

import argparse
import json
import os
import re
import sys
import tempfile

from agent_test_support import SKIP, Results, closed_port, finish, sanitizer_runtimes
from zabbix_harness import (Agent, Endpoint, SilentEndpoint, comparable, get_records,
                            host_stub_records, item_key, stop_all)

REPO_ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
EXAMPLES = os.path.join(REPO_ROOT, "examples", "zabbix")
EXAMPLE_URL = "http://localhost:9090/metrics"
KEYS = ["krakend.get", "krakend.value", "krakend.discovery", "krakend.health"]
# What the agent, ASan or UBSan print when a process dies.
CRASH = re.compile(r"child process died|SIGSEGV|SIGABRT|SIGBUS|AddressSanitizer|runtime error:")

# gw_cached has the default cache_seconds (10); gw_live scrapes on every call.
CONF_YAML = """\
init_config:
  timeout: 5
instances:
  - name: gw_cached
    openmetrics_endpoint: {url}
    tags: [env:test]
"""
GW_LIVE = """\
  - name: gw_live
    openmetrics_endpoint: {url}
    go_metrics: false
    cache_seconds: 0
"""


def write(path, text):
    with open(path, "w") as f:
        f.write(text)
    return path


def host_stub_run(args, workdir, conf_text):
    """host-stub's submissions for `conf_text`, less cache_seconds (only the module reads it)."""
    conf = write(os.path.join(workdir, "host-stub.yaml"),
                 re.sub(r"^\s*cache_seconds:.*\n", "", conf_text, flags=re.M))
    return host_stub_records(args.host_stub, args.kcheck_plugin, conf)


def url_conf(url):
    return "instances:\n  - openmetrics_endpoint: %s\n" % url


def check_get(res, label, answer, expected):
    kind, text = answer
    if not res.check(kind in ("t", "ok"), "%s answers" % label, "%s %s" % answer):
        return False
    got = comparable(get_records(text))
    return res.check(got == comparable(expected), "%s equals host-stub's submissions" % label,
                     "got %s\nwant %s" % (got, comparable(expected)))


def check_values(res, ask, url, expected):
    """krakend.value of every metric, selected by all its tags, equals host-stub's value."""
    wrong = []
    for r in (r for r in expected if r["kind"] == "metric"):
        kind, text = ask(item_key("krakend.value", url, r["name"], *r["tags"]))
        if kind not in ("d", "ok") or float(text) != r["value"]:
            wrong.append("%s%s = %s, got %s %s" % (r["name"], r["tags"], r["value"], kind, text))
    return res.check(not wrong, "krakend.value of every series equals host-stub's value",
                     "\n".join(wrong))


def check_discovery(res, ask, url, expected, name):
    kind, text = ask(item_key("krakend.discovery", url, name))
    want = [r for r in expected if r.get("name") == name]
    if not res.check(kind in ("t", "ok"), "krakend.discovery[%s] answers" % name, text):
        return False
    rows = json.loads(text)
    macros = sorted(sorted(row.items()) for row in rows)
    wanted = sorted(sorted([("{#NAME}", name)] + [
        ("{#%s}" % re.sub(r"[^A-Z0-9_]", "_", t.split(":", 1)[0].upper()), t.split(":", 1)[1])
        for t in r["tags"]]) for r in want)
    return res.check(macros == wanted and len(rows) == len(want),
                     "krakend.discovery[%s]: one row per series, {#NAME} and a macro per tag"
                     % name, "got %s\nwant %s" % (macros, wanted))


def template_rules(template):
    """[(discovery key, [item prototype keys])] of the template, in file order."""
    rules = []
    for m in re.finditer(r"^\s+key: '(.*)'$", template, re.M):
        key = m.group(1).replace("''", "'")
        if key.startswith("krakend.discovery["):
            rules.append((key, []))
        elif "{#" in key and rules:
            rules[-1][1].append(key)
    return rules


def check_prototypes(res, agent, url, template):
    """Every item prototype, filled in from its rule's discovery, answers one number."""
    answered, wrong = 0, []
    for rule, prototypes in template_rules(template):
        kind, text = agent.test(rule.replace("{$KRAKEND.TARGET}", url))
        rows = json.loads(text) if kind == "t" else []
        wrong += [] if rows else ["%s: %s %s" % (rule, kind, text)]
        for row in rows:
            for prototype in prototypes:
                key = prototype.replace("{$KRAKEND.TARGET}", url)
                for macro, value in row.items():
                    key = key.replace(macro, value)
                kind, text = agent.test(key)
                answered += 1
                if kind != "d":
                    wrong.append("%s: %s %s" % (key, kind, text))
    return res.check(answered > 0 and not wrong,
                     "example: %d template item prototypes, filled in from discovery, answer a "
                     "value" % answered, "\n".join(wrong))


def check_examples(res, agent, url, expected):
    ok = True
    snippet = open(os.path.join(EXAMPLES, "zabbix_agentd.conf.d", "krakend.conf")).read()
    ok &= res.check(re.search(r"^LoadModule=zabbix_krakend\.so$", snippet, re.M) is not None,
                    "example: the zabbix_agentd.conf.d snippet loads zabbix_krakend.so")
    template = open(os.path.join(EXAMPLES, "template_krakend.yaml")).read()
    used = set(re.findall(r"key: '?(krakend\.[a-z]+)\[", template))
    ok &= res.check(used == set(KEYS), "example: the template uses the four module keys",
                    "got %s" % sorted(used))
    names = {r["name"] for r in expected if r["kind"] == "metric"}
    paths = set(re.findall(r"@\.name=='+([a-z_.]+)", template))
    ok &= res.check(bool(paths) and paths <= names,
                    "example: every metric the template's JSONPaths select is submitted",
                    "not submitted: %s" % sorted(paths - names))
    ok &= check_prototypes(res, agent, url, template)
    try:
        import yaml  # noqa: PLC0415 (optional: python3-yaml)
        doc = yaml.safe_load(template)
        ok &= res.check(doc["zabbix_export"]["version"] == "6.0",
                        "example: the template is a Zabbix 6.0 YAML export")
    except ImportError:
        print("NOTE: PyYAML missing, the template's YAML syntax was not checked", flush=True)
    return ok


def scenario_items(args, res, endpoint, workdir):
    example = open(os.path.join(EXAMPLES, "krakend.yaml")).read().replace(EXAMPLE_URL,
                                                                         endpoint.url)
    conf = write(os.path.join(workdir, "krakend.yaml"), example)
    agent = Agent(args.agentd, args.module, workdir, conf)
    url = endpoint.url
    by_url = host_stub_run(args, workdir, url_conf(url))
    by_name = host_stub_run(args, workdir, example)
    ok = res.check(any(r["kind"] == "metric" for r in by_url), "host-stub submitted metrics")
    ok &= check_get(res, "-t krakend.get[<url>]", agent.test(item_key("krakend.get", url)),
                    by_url)
    ok &= check_get(res, "-t krakend.get[gateway] (examples/zabbix/krakend.yaml)",
                    agent.test(item_key("krakend.get", "gateway")), by_name)
    ok &= check_values(res, agent.test, url, by_url)
    for name in ("krakend.api.http_client.request_started.count",
                 "krakend.api.proxy_duration.bucket"):
        ok &= check_discovery(res, agent.test, url, by_url, name)
    ok &= res.check(agent.test(item_key("krakend.health", url)) == ("u", "0"),
                    "-t krakend.health[<url>] is 0")
    if sanitizer_runtimes(args.module):
        # -p runs every built-in item too; with libasan preloaded the agent hangs in one of
        # them (vfs.dir.size[/var/log]), before the module's.
        print("NOTE: -p not run with the sanitizer runtime preloaded", flush=True)
    else:
        _, listing, _ = agent.run("-p")
        ok &= res.check(all(re.search(r"^%s\[" % re.escape(k), listing, re.M) for k in KEYS),
                        "-p lists krakend.get, .value, .discovery and .health")
    return check_examples(res, agent, url, by_url) and ok


def check_clean_stop(res, label, agent):
    """The daemon is still running, stops on SIGTERM, and its log shows no crash."""
    ok = res.check(agent.running(), "%s: the agent kept running" % label)
    bad_exit = agent.stop()
    ok &= res.check(not bad_exit, "%s: the agent stopped cleanly on SIGTERM" % label, bad_exit)
    crashes = [l for l in agent.log_text().splitlines() if CRASH.search(l)]
    ok &= res.check(not crashes, "%s: no crash in the agent's log" % label, "\n".join(crashes[:5]))
    return ok


def scenario_daemon(args, res, endpoint, workdir):
    url = endpoint.url
    cached = host_stub_run(args, workdir, CONF_YAML.format(url=url))
    by_url = host_stub_run(args, workdir, url_conf(url))
    conf = write(os.path.join(workdir, "krakend.yaml"),
                 (CONF_YAML + GW_LIVE).format(url=url))
    agent = Agent(args.agentd, args.module, workdir, conf)
    if not res.check(agent.start(), "daemon: zabbix_agentd -f listens", agent.log_text()[-3000:]):
        agent.stop()
        return False
    before = endpoint.requests
    ok = check_get(res, "daemon: krakend.get[gw_cached]",
                   agent.query(item_key("krakend.get", "gw_cached")), cached)
    ok &= check_get(res, "daemon: krakend.get[<url>]", agent.query(item_key("krakend.get", url)),
                    by_url)
    answer = agent.query(item_key("krakend.value", "gw_cached",
                                  "krakend.api.process.cpu_seconds.count"))
    ok &= res.check(answer[0] == "ok" and float(answer[1]) == 12.75,
                    "daemon: krakend.value answers 12.75", "%s %s" % answer)
    ok &= check_discovery(res, agent.query, "gw_cached", cached, "krakend.api.proxy_duration.count")
    ok &= res.check(agent.query(item_key("krakend.health", "gw_cached")) == ("ok", "0"),
                    "daemon: krakend.health is 0")
    ok &= res.check(endpoint.requests - before == 2,
                    "daemon: one scrape per target answered every item (cache_seconds 10)",
                    "%d scrapes" % (endpoint.requests - before))
    before = endpoint.requests
    for _ in range(3):
        agent.query(item_key("krakend.health", "gw_live"))
    ok &= res.check(endpoint.requests - before == 3, "daemon: cache_seconds 0 scrapes each time",
                    "%d scrapes" % (endpoint.requests - before))
    return check_clean_stop(res, "daemon", agent) and ok


HOSTILE_PAYLOADS = [
    ("an unterminated label value", b'krakend_x{a="oops\n'),
    ("binary garbage with NUL bytes", bytes(range(256)) * 64),
    ("200 labels on one sample (label_limit 128)",
     b"m{" + b",".join(b'l%d="v"' % i for i in range(200)) + b"} 1\n"),
    ("a valid sample, then a broken one", b"ok_metric 1\nbroken{ 2\n"),
]


def scenario_errors(args, res, endpoint, workdir):
    conf = os.path.join(workdir, "krakend.yaml")
    write(conf, "instances:\n  - name: gw\n    openmetrics_endpoint: %s\n"
          "  - name: bad_timeout\n    openmetrics_endpoint: %s\n    timeout: ten\n"
          "  - name: bad_cache\n    openmetrics_endpoint: %s\n    cache_seconds: -1\n"
          % ((endpoint.url,) * 3))
    agent = Agent(args.agentd, args.module, workdir, conf, timeout=2)
    if not res.check(agent.start(), "errors: zabbix_agentd -f listens", agent.log_text()[-3000:]):
        agent.stop()
        return False
    ok = True

    def expect_error(what, key, *needles):
        kind, text = agent.query(key)
        good = kind == "error" and all(n in text for n in needles)
        print("      %s -> %s: %s" % (key[:100], kind, text[:300]), flush=True)
        return res.check(good, "errors: %s is an item error naming %s" % (what, ", ".join(needles)),
                         "%s %s" % (kind, text))

    ok &= expect_error("an invalid instance", item_key("krakend.health", "bad_timeout"), conf,
                       "instances[1].timeout")
    ok &= expect_error("a bad cache_seconds", item_key("krakend.get", "bad_cache"),
                       "instances[2].cache_seconds")
    ok &= expect_error("an unknown instance name", item_key("krakend.get", "nope"), '"nope"')
    ok &= expect_error("krakend.value without a metric", item_key("krakend.value", "gw"),
                       "krakend.value[<target>,<metric name>")
    ok &= expect_error("no matching series",
                       item_key("krakend.value", "gw", "krakend.api.go.goroutines", "x:y"),
                       "no series krakend.api.go.goroutines with tags x:y")
    write(conf, "instances: [unclosed\n")
    ok &= expect_error("a conf.yaml that is not YAML", item_key("krakend.get", "gw"), conf)
    os.remove(conf)
    ok &= expect_error("a missing conf.yaml", item_key("krakend.health", "gw"), conf,
                       "No such file")
    down = "http://127.0.0.1:%d/metrics" % closed_port()
    ok &= expect_error("an endpoint that is down", item_key("krakend.value", down, "m"), "refused")
    ok &= res.check(agent.query(item_key("krakend.health", down)) == ("ok", "2"),
                    "errors: krakend.health of an endpoint that is down is 2")
    silent = SilentEndpoint()
    try:
        ok &= expect_error("an endpoint that never answers (Timeout=2)",
                           item_key("krakend.value", silent.url, "m"), silent.url.split("/")[2])
        ok &= res.check(agent.query(item_key("krakend.health", silent.url)) == ("ok", "2"),
                        "errors: krakend.health of an endpoint that never answers is 2")
    finally:
        silent.close()
    for i, (what, payload) in enumerate(HOSTILE_PAYLOADS):
        endpoint.payload = payload
        target = "%s?%d" % (endpoint.url, i)  # a new target: not answered from the cache
        ok &= expect_error("a payload with %s" % what, item_key("krakend.value", target, "m"),
                           endpoint.url)
        # A bad family is dropped (health WARNING) unless strict_parsing; a limit fails the
        # scrape (CRITICAL). Either way the health check says so, with the reason.
        kind, text = agent.query(item_key("krakend.get", target))
        checks = json.loads(text)["service_checks"] if kind == "ok" else []
        ok &= res.check(len(checks) == 1 and checks[0]["status"] in (1, 2) and
                        bool(checks[0]["message"]), "errors: krakend.get of %s: health %s, %s" % (
                            what, checks[0]["status"] if checks else "?",
                            checks[0]["message"][:60] if checks else "?"), text[:300])
    endpoint.payload = args.payload_bytes
    ok &= res.check(agent.query(item_key("krakend.health", endpoint.url)) == ("ok", "0"),
                    "errors: after all that the agent still answers krakend.health 0")
    return check_clean_stop(res, "errors", agent) and ok


def skip(reason):
    print("SKIPPED: %s" % reason, file=sys.stderr, flush=True)
    return SKIP


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scenario", required=True, choices=["items", "daemon", "errors"])
    parser.add_argument("--agentd", default="", help="zabbix_agentd (empty: skip)")
    parser.add_argument("--module", required=True, help="zabbix_krakend.so")
    parser.add_argument("--host-stub", required=True)
    parser.add_argument("--kcheck-plugin", required=True, help="libkrakend_check.so")
    parser.add_argument("--payload", required=True, help="the KrakenD payload to serve")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    args = parser.parse_args()
    if not args.agentd or not os.access(args.agentd, os.X_OK):
        return skip("no zabbix_agentd (--agentd %r); install it with apt-get install "
                    "zabbix-agent (scripts/setup.sh)" % args.agentd)
    if not os.path.isfile(args.module):
        return skip("no module %s" % args.module)
    with open(args.payload, "rb") as f:
        args.payload_bytes = f.read()

    res = Results()
    workdir = tempfile.mkdtemp(prefix="kcheck-zabbix-")
    endpoint = Endpoint(args.payload_bytes)
    try:
        scenario = {"items": scenario_items, "daemon": scenario_daemon,
                    "errors": scenario_errors}[args.scenario]
        scenario(args, res, endpoint, workdir)
    finally:
        stop_all()
        endpoint.close()
    return finish(res, workdir, args.keep)


if __name__ == "__main__":
    sys.exit(main())
