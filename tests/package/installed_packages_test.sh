#!/usr/bin/env bash
# The Debian packages of dist/ (scripts/package.sh) on this machine: lintian, install, use,
# purge. Needs root (or sudo) and apt-get; installs the packages and purges them again, also
# when a step fails. Safe to re-run: packages left by an interrupted run are purged first.
#
#   bash scripts/package.sh && bash tests/package/installed_packages_test.sh
#
# Steps: lintian (no error, no warning); apt-get install ./dist/*.deb; krakend-check run with
# no --plugin (the bundled demo, then the installed auto_conf.yaml against a loopback endpoint);
# the real collectd with the installed krakend.so, and `collectd -t` with the installed snippet;
# zabbix_agentd -t with the installed module and snippet; examples/cpp-collector built against
# libkcheck-dev with find_package(kcheck) and with pkg-config; the Datadog library's path, owner
# and mode against the Agent's loader rules, with and without a dd-agent group; apt-get purge,
# then nothing of the packages is left.
set -euo pipefail
cd "$(dirname "$0")/../.."
repo=$PWD

packages=(krakend-check krakend-check-datadog krakend-check-collectd krakend-check-zabbix
  libkcheck-dev)
multiarch=$(dpkg-architecture -qDEB_HOST_MULTIARCH)
dd_dir=/etc/datadog-agent/checks.d
dd_library=$dd_dir/libdatadog-agent-krakend_native.so
payload=$repo/tests/data/map/krakend_small.prom  # go_goroutines 17
work=$(mktemp -d /tmp/kcheck-packages.XXXXXX)
sudo=""
if [[ $(id -u) -ne 0 ]]; then sudo="sudo"; fi
export DEBIAN_FRONTEND=noninteractive

server_pid=""
created_group=0
cleanup() {
  if [[ -n "$server_pid" ]]; then kill "$server_pid" 2>/dev/null || true; fi
  purge >/dev/null 2>&1 || true
  if [[ "$created_group" == 1 ]]; then $sudo groupdel dd-agent || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

step() { printf '== %s\n' "$*"; }
fail() {
  printf 'FAILED: %s\n' "$*" >&2
  exit 1
}
# expect TEXT FILE: FILE contains the fixed string TEXT.
expect() { grep -F -q -- "$1" "$2" || { cat "$2" >&2; fail "expected '$1' in $2"; }; }

installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }
purge() {
  local present=()
  for p in "${packages[@]}"; do
    if dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -qv "not-installed"; then
      present+=("$p")
    fi
  done
  if ((${#present[@]})); then
    $sudo apt-get purge -y -qq "${present[@]}" >"$work/purge.log" 2>&1 ||
      { cat "$work/purge.log" >&2; return 1; }
  fi
}

debs=()
for p in "${packages[@]}"; do
  deb=$(compgen -G "dist/${p}_*.deb" | head -n 1) || fail "dist/${p}_*.deb is missing (run scripts/package.sh)"
  debs+=("./$deb")
done

step "purge what an earlier run left installed"
purge

step "lintian: no error, no warning (overrides state their reasons)"
lintian --fail-on error,warning --tag-display-limit 0 "${debs[@]}" || fail "lintian"

step "apt-get install ${debs[*]}"
$sudo apt-get install -y -qq --no-install-recommends "${debs[@]}" >"$work/apt.log" 2>&1 ||
  { cat "$work/apt.log" >&2; fail "apt-get install"; }
for p in "${packages[@]}"; do
  installed "$p" || fail "$p is not installed"
  dpkg -L "$p" >"$work/$p.files"
done

step "serve $payload on a loopback port"
python3 tests/package/serve_payload.py "$payload" "$work/port" >"$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 100); do [[ -s "$work/port" ]] && break; sleep 0.1; done
[[ -s "$work/port" ]] || { cat "$work/server.log" >&2; fail "the loopback server did not start"; }
port=$(cat "$work/port")
url="http://127.0.0.1:$port/metrics"

plugin=/usr/lib/$multiarch/kcheck/libkrakend_check.so
step "krakend-check run, no --plugin, no --conf: the bundled demo with $plugin"
/usr/bin/krakend-check run >"$work/demo.out" 2>&1 || { cat "$work/demo.out" >&2; fail "demo run"; }
expect "$plugin" "$work/demo.out"
expect "krakend.api.openmetrics.health  OK" "$work/demo.out"

step "krakend-check run, no --plugin: the installed auto_conf.yaml with %%host%% resolved, $url"
sed "s|%%host%%:9090|127.0.0.1:$port|" \
  /etc/datadog-agent/conf.d/krakend_native.d/auto_conf.yaml >"$work/auto_conf.yaml"
/usr/bin/krakend-check run --conf "$work/auto_conf.yaml" >"$work/auto.out" 2>&1 ||
  { cat "$work/auto.out" >&2; fail "auto_conf.yaml run"; }
expect "$plugin" "$work/auto.out"
grep -E -q "krakend\.api\.go\.goroutines +gauge +value 17$" "$work/auto.out" ||
  { cat "$work/auto.out" >&2; fail "auto_conf.yaml run: no krakend.api.go.goroutines 17"; }

step "krakend-check --help and a usage error name krakend-check, not host-stub"
/usr/bin/krakend-check --help >"$work/help.out" 2>&1 || fail "krakend-check --help"
grep -q "^usage: krakend-check run " "$work/help.out" || { cat "$work/help.out" >&2; fail "usage names"; }
if grep -q "host-stub" "$work/help.out"; then cat "$work/help.out" >&2; fail "usage says host-stub"; fi
if /usr/bin/krakend-check parse >"$work/usage.out" 2>&1; then fail "parse without FILE exits 0"; fi
grep -q "^krakend-check parse: " "$work/usage.out" || { cat "$work/usage.out" >&2; fail "usage error"; }

step "collectd: the real daemon with the installed /usr/lib/collectd/krakend.so"
python3 tests/integration/agents/collectd_daemon_test.py --scenario values \
  --plugin /usr/lib/collectd/krakend.so --collectd "$(command -v collectd || echo /usr/sbin/collectd)" \
  --payload tests/integration/agents/data/krakend_metrics.txt >"$work/collectd.out" 2>&1 ||
  { cat "$work/collectd.out" >&2; fail "collectd_daemon_test.py (exit $?; 77 is a skip)"; }
tail -n 1 "$work/collectd.out"

step "collectd -t: collectd's plugin folder and the installed snippet"
cat >"$work/collectd.conf" <<CONF
Hostname "kcheck-package-test"
FQDNLookup false
BaseDir "$work"
PIDFile "$work/collectd.pid"
TypesDB "/usr/share/collectd/types.db"
Include "/etc/collectd/collectd.conf.d/krakend.conf.example"
CONF
collectd -t -C "$work/collectd.conf" >"$work/collectd-t.out" 2>&1 ||
  { cat "$work/collectd-t.out" >&2; fail "collectd -t with the installed snippet"; }

step "zabbix_agentd -t: the installed module and snippet"
cat >"$work/zabbix_agentd.conf" <<CONF
LogType=console
PidFile=$work/zabbix_agentd.pid
Server=127.0.0.1
ServerActive=
Hostname=kcheck-package-test
AllowRoot=1
Timeout=4
Include=/etc/zabbix/zabbix_agentd.conf.d/krakend.conf.example
CONF
zabbix_agentd -c "$work/zabbix_agentd.conf" -t "krakend.value[$url,krakend.api.go.goroutines]" \
  >"$work/zabbix.out" 2>&1 || { cat "$work/zabbix.out" >&2; fail "zabbix_agentd -t"; }
expect "[d|17]" "$work/zabbix.out"

# run_collector BINARY: the collector against the loopback endpoint.
run_collector() {
  "$1" "$url" >"$work/collector.out" 2>&1 || { cat "$work/collector.out" >&2; fail "$1 $url"; }
  expect "metric gauge krakend.api.go.goroutines = 17" "$work/collector.out"
  expect "service_check krakend.api.openmetrics.health OK" "$work/collector.out"
}
example=/usr/share/doc/krakend-check/examples/cpp-collector
step "examples/cpp-collector (installed copy) with find_package(kcheck) from libkcheck-dev"
if ! {
  cmake -S "$example" -B "$work/fp" -G Ninja -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF >"$work/fp.log" 2>&1 &&
    cmake --build "$work/fp" >>"$work/fp.log" 2>&1
}; then
  cat "$work/fp.log" >&2
  fail "configure and build with find_package(kcheck)"
fi
expect "/usr/lib/$multiarch/cmake/kcheck" "$work/fp/CMakeCache.txt"
run_collector "$work/fp/cpp-collector"

step "examples/cpp-collector with pkg-config --cflags --libs kcheck"
# shellcheck disable=SC2046  # pkg-config's output is a list of flags
g++ -std=c++20 -O1 -o "$work/pc-collector" "$example/main.cpp" \
  $(pkg-config --cflags --libs kcheck) >"$work/pc.log" 2>&1 || { cat "$work/pc.log" >&2; fail "pkg-config build"; }
run_collector "$work/pc-collector"

# loader_rules PATH KIND: the Datadog Agent's rules for its library and folder
# (../shared/docs/agent-abis.md): owned by root or dd-agent, no access for others, no group
# write; the library executable.
loader_rules() {
  local owner mode
  owner=$(stat -c %U "$1")
  mode=$(stat -c %a "$1")
  [[ "$owner" == root || "$owner" == dd-agent ]] || fail "$2 $1 is owned by $owner"
  ((8#$mode & 8#027)) && fail "$2 $1 has mode $mode: others have access or the group can write"
  ((8#$mode & 8#100)) || fail "$2 $1 has mode $mode: its owner cannot execute (search) it"
  echo "   $2 $1: $(stat -c '%U:%G %a' "$1")"
}
step "the Datadog library: path, owner and mode against the Agent's loader rules"
[[ -f "$dd_library" ]] || fail "$dd_library is missing"
loader_rules "$dd_library" library
loader_rules "$dd_dir" folder
python3 - "$dd_library" <<'PY' || fail "the installed Datadog library does not load"
import ctypes, sys
lib = ctypes.CDLL(sys.argv[1])
lib.Version.restype = ctypes.c_char_p
lib.Version.argtypes = [ctypes.POINTER(ctypes.c_char_p)]
error = ctypes.c_char_p()
version = lib.Version(ctypes.byref(error))
assert version and not error.value, (version, error.value)
assert hasattr(lib, "Run")
print("   dlopen: Run and Version %s" % version.decode())
PY

step "the Datadog postinst gives the dd-agent group read and execute"
if ! getent group dd-agent >/dev/null; then
  $sudo groupadd --system dd-agent
  created_group=1
fi
$sudo dpkg-reconfigure -f noninteractive krakend-check-datadog
for path in "$dd_dir" "$dd_library"; do
  [[ $(stat -c %G "$path") == dd-agent ]] || fail "$path: group $(stat -c %G "$path"), expected dd-agent"
  ((8#$(stat -c %a "$path") & 8#050)) || fail "$path: the group cannot read and execute"
done
loader_rules "$dd_library" library
loader_rules "$dd_dir" folder

step "apt-get purge: nothing of the packages is left"
purge
if [[ "$created_group" == 1 ]]; then
  $sudo groupdel dd-agent
  created_group=0
fi
for p in "${packages[@]}"; do
  if dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -qv "not-installed"; then
    fail "$p is still known to dpkg after purge: $(dpkg-query -W -f='${Status}' "$p")"
  fi
  while read -r path; do
    [[ -e "$path" || -L "$path" ]] || continue
    # A folder other packages share (/usr/lib, /etc, ...) stays; anything else must be gone.
    if [[ -d "$path" ]] && dpkg-query -S "$path" >/dev/null 2>&1; then continue; fi
    fail "$path (from $p) is still there after purge"
  done <"$work/$p.files"
done
echo "== all package steps passed"
