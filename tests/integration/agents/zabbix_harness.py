"""The pieces zabbix_agent_test.py drives: a loopback KrakenD, an endpoint that never answers,
the real zabbix_agentd (test mode `-t` and daemon `-f`), a Zabbix passive-protocol client, and
host-stub's submissions for the same payload. Python 3 standard library only."""

import http.server
import json
import os
import random
import signal
import socket
import struct
import subprocess
import threading
import time

from agent_test_support import daemon_environment, stop_process

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
DEADLINE_S = 20.0


class Endpoint:
    """Serves `self.payload` (bytes, replaceable) at http://127.0.0.1:<port>/metrics."""

    def __init__(self, payload):
        self.payload = payload
        self.requests = 0
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 (http.server's naming)
                outer.requests += 1
                body = outer.payload
                self.send_response(200)
                self.send_header("Content-Type", CONTENT_TYPE)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = "http://127.0.0.1:%d/metrics" % self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


class SilentEndpoint:
    """Accepts connections and never answers: a KrakenD that hangs."""

    def __init__(self):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.url = "http://127.0.0.1:%d/metrics" % self.sock.getsockname()[1]
        self.held = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                self.held.append(self.sock.accept()[0])
            except OSError:
                return

    def close(self):
        self.sock.close()
        for conn in self.held:
            conn.close()


def free_port():
    """A free loopback port within what ListenPort accepts (1024-32767, below the kernel's
    ephemeral range, so the kernel does not hand out port 0 binds from it)."""
    for _ in range(200):
        port = random.randint(20000, 32767)
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
            try:
                s.bind(("127.0.0.1", port))
                return port
            except OSError:
                continue
    raise RuntimeError("no free port in 20000-32767")


def quote_param(text):
    """A Zabbix item key parameter, quoted (commas, brackets and spaces are then literal)."""
    return '"%s"' % text.replace('"', '\\"')


def item_key(name, *params):
    return "%s[%s]" % (name, ",".join(quote_param(p) for p in params))


CONF_TEMPLATE = """\
# Written by tests/integration/agents/zabbix_agent_test.py
LogType=file
LogFile={workdir}/zabbix_agentd.log
DebugLevel=3
PidFile={workdir}/zabbix_agentd.pid
Server=127.0.0.1
ListenIP=127.0.0.1
ListenPort={port}
ServerActive=
Hostname=kcheck-test
StartAgents={listeners}
Timeout={timeout}
AllowRoot=1
LoadModulePath={module_dir}
LoadModule={module_name}
"""


STARTED = []  # every daemon started, for stop_all()


def stop_all():
    """Stops the daemons a failed scenario left running."""
    for agent in STARTED:
        if agent.running():
            agent.stop()


class Agent:
    """zabbix_agentd with zabbix_krakend.so, configured in `workdir`."""

    def __init__(self, agentd, module, workdir, conf_yaml, timeout=3, listeners=1):
        os.makedirs(workdir, exist_ok=True)
        self.agentd = agentd
        self.workdir = workdir
        self.port = free_port()
        self.conf_path = os.path.join(workdir, "zabbix_agentd.conf")
        with open(self.conf_path, "w") as f:
            f.write(CONF_TEMPLATE.format(workdir=workdir, port=self.port, listeners=listeners,
                                         timeout=timeout, module_dir=os.path.dirname(module),
                                         module_name=os.path.basename(module)))
        self.env = daemon_environment(module)
        self.env["KCHECK_ZABBIX_CONF"] = conf_yaml
        self.proc = None

    def run(self, *args):
        """zabbix_agentd -c <conf> <args>: (exit status, stdout, stderr). In a session of its
        own: the agent forks to run some items, and a hung run is killed with its children."""
        p = subprocess.Popen([self.agentd, "-c", self.conf_path] + list(args), env=self.env,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                             errors="replace", start_new_session=True)
        try:
            out, err = p.communicate(timeout=DEADLINE_S)
        except subprocess.TimeoutExpired:
            os.killpg(p.pid, signal.SIGKILL)
            out, err = p.communicate()
            return -1, out, "timed out after %d s: %s" % (DEADLINE_S, err)
        return p.returncode, out, err

    def test(self, key):
        """`zabbix_agentd -t key`: ("t"|"u"|"d"|"s", value) or ("error", message)."""
        rc, out, err = self.run("-t", key)
        line = next((l for l in out.splitlines() if l.startswith(key)), None)
        if rc != 0 or line is None:
            return "agent-failed", "exit %d: %s %s" % (rc, out[-500:], err[-1500:])
        rest = line[len(key):].strip()
        unsupported = "[m|ZBX_NOTSUPPORTED]"
        if rest.startswith(unsupported):
            return "error", rest[len(unsupported):].strip()[1:-1]
        return rest[1], rest[3:-1]

    def start(self):
        self.log = open(os.path.join(self.workdir, "agentd.out"), "wb")
        self.proc = subprocess.Popen([self.agentd, "-c", self.conf_path, "-f"], env=self.env,
                                     stdout=self.log, stderr=subprocess.STDOUT,
                                     stdin=subprocess.DEVNULL, start_new_session=True)
        STARTED.append(self)
        deadline = time.monotonic() + DEADLINE_S
        while time.monotonic() < deadline and self.running():
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return True
            except OSError:
                time.sleep(0.1)
        return False

    def running(self):
        return self.proc is not None and self.proc.poll() is None

    def query(self, key):
        """A passive check: ("ok", value) or ("error", message)."""
        data = key.encode()
        with socket.create_connection(("127.0.0.1", self.port), timeout=DEADLINE_S) as s:
            s.sendall(b"ZBXD\x01" + struct.pack("<II", len(data), 0) + data)
            reply = b""
            while True:
                chunk = s.recv(65536)
                if not chunk:
                    break
                reply += chunk
        if len(reply) < 13 or not reply.startswith(b"ZBXD"):
            return "bad-reply", repr(reply[:200])
        size = struct.unpack("<I", reply[5:9])[0]
        body = reply[13:13 + size].decode(errors="replace")
        if body.startswith("ZBX_NOTSUPPORTED"):
            return "error", body[len("ZBX_NOTSUPPORTED") + 1:]
        return "ok", body

    def stop(self):
        """SIGTERM, then SIGKILL after 15 s. Returns a description of a bad exit, or ""."""
        try:
            return stop_process(self.proc)
        finally:
            if self.proc is not None:
                self.log.close()

    def log_text(self):
        text = ""
        for name in ("zabbix_agentd.log", "agentd.out"):
            try:
                with open(os.path.join(self.workdir, name), errors="replace") as f:
                    text += f.read()
            except OSError:
                pass
        return text


# --- what the core submits: host-stub, and krakend.get, in one comparable form ----------------


def comparable(records):
    """Sorted (kind, name, type or status, value or message, sorted tags) tuples."""
    out = []
    for r in records:
        tags = tuple(sorted(r.get("tags", [])))
        if r["kind"] == "metric":
            out.append(("metric", r["name"], r["type"], r["value"], tags))
        elif r["kind"] == "service_check":
            out.append(("service_check", r["name"], r["status"], r["message"], tags))
    return sorted(out, key=repr)


def host_stub_records(host_stub, plugin, conf_path):
    """What host-stub submits for one run of every instance of `conf_path`."""
    p = subprocess.run([host_stub, "run", "--plugin", plugin, "--conf", conf_path, "--format",
                        "json"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                       timeout=DEADLINE_S)
    return [json.loads(line) for line in p.stdout.splitlines() if line.strip()]


def get_records(text):
    """krakend.get's JSON as host-stub-like records."""
    doc = json.loads(text)
    return ([dict(m, kind="metric") for m in doc["metrics"]] +
            [dict(c, kind="service_check") for c in doc["service_checks"]])
