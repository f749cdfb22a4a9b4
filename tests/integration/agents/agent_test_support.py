"""Helpers shared by the tests that run a real agent daemon with one of our libraries loaded
(collectd_daemon_test.py, zabbix_agent_test.py). Python 3 standard library only."""

import os
import shutil
import signal
import socket
import subprocess
import sys

SKIP = 77  # CTest SKIP_RETURN_CODE


def closed_port():
    """A loopback port nothing listens on (bound, then released)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Results:
    def __init__(self):
        self.failed = 0
        self.passed = 0

    def check(self, ok, what, detail=""):
        if ok:
            self.passed += 1
            print("PASS: %s" % what, flush=True)
        else:
            self.failed += 1
            print("FAIL: %s%s" % (what, (": " + detail) if detail else ""), flush=True)
        return ok


def sanitizer_runtimes(library):
    """The sanitizer runtimes a library built by the asan-ubsan preset links (ldd), if any."""
    try:
        out = subprocess.run(["ldd", library], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                             text=True, timeout=30).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    libs = []
    for line in out.splitlines():
        parts = line.split("=>")
        if len(parts) == 2 and ("libasan" in parts[0] or "libubsan" in parts[0]):
            path = parts[1].split("(")[0].strip()
            if path:
                libs.append(path)
    return libs


def daemon_environment(library):
    """The agents are not instrumented: an ASan-built library needs the runtime loaded first,
    so the agent runs with it preloaded and the library is checked under ASan+UBSan inside the
    real agent (leak checking off: the agent's own allocations are not ours)."""
    env = dict(os.environ)
    runtimes = sanitizer_runtimes(library)
    if runtimes:
        env["LD_PRELOAD"] = " ".join(runtimes + [env.get("LD_PRELOAD", "")]).strip()
        env["ASAN_OPTIONS"] = "detect_leaks=0:abort_on_error=0:" + env.get("ASAN_OPTIONS", "")
    return env


def stop_process(proc):
    """SIGTERM, then SIGKILL after 15 s. Returns a description of a bad exit, or ""."""
    if proc is None:
        return "never started"
    if proc.poll() is not None:
        return "exited on its own with status %s" % proc.returncode
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        # A daemon started in a session of its own is killed with the processes it forked.
        if os.getpgid(proc.pid) == proc.pid:
            os.killpg(proc.pid, signal.SIGKILL)
        else:
            proc.kill()
        proc.wait()
        return "did not stop within 15 s of SIGTERM (killed)"
    rc = proc.returncode
    # The agents exit 0 after a SIGTERM shutdown; dying of the SIGTERM itself is fine too.
    if rc in (0, -signal.SIGTERM):
        return ""
    if rc < 0:
        return "died of signal %s" % signal.Signals(-rc).name
    return "exited with status %d" % rc


def finish(res, workdir, keep):
    """Keeps `workdir` when a check failed or `keep`, else removes it; prints the summary and
    returns the exit status."""
    if res.failed or keep:
        print("kept %s" % workdir, file=sys.stderr)
    else:
        shutil.rmtree(workdir, ignore_errors=True)
    print("%s: %d passed, %d failed" % ("PASS" if res.failed == 0 else "FAIL", res.passed,
                                         res.failed), flush=True)
    return 0 if res.failed == 0 else 1
