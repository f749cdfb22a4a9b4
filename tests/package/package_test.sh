#!/bin/sh
# The installed package as a consumer sees it (tests/package/CMakeLists.txt sets the
# KCHECK_* variables). Each step prints what it does; the first failure names the step,
# shows its output and exits 1.
set -u

work=$KCHECK_WORK_DIR
prefix=$work/prefix
log=$work/step.log
server_pid=

cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null; wait "$server_pid" 2>/dev/null; fi
}
trap cleanup EXIT

fail() {
  echo "FAILED step: $1" >&2
  if [ -f "$log" ]; then
    echo "---- output of the step ----" >&2
    cat "$log" >&2
    echo "----------------------------" >&2
  fi
  exit 1
}

# step NAME COMMAND...: runs COMMAND with its output in $log; fails the test when it fails.
step() {
  name=$1
  shift
  echo "== $name"
  "$@" >"$log" 2>&1 || fail "$name (exit $?)"
}

# expect NAME PATTERN FILE: FILE must contain the fixed string PATTERN.
expect() {
  grep -F -q -- "$2" "$3" || {
    cp "$3" "$log"
    fail "$1: expected '$2' in $3"
  }
}

rm -rf "$work" && mkdir -p "$work" || fail "create $work"

step "install the Development component into $prefix" \
  "$KCHECK_CMAKE" --install "$KCHECK_BUILD_DIR" --prefix "$prefix" --config "$KCHECK_CONFIG" \
  --component Development

echo "== check the installed files"
libdir=
for d in lib lib64 lib/x86_64-linux-gnu; do
  [ -f "$prefix/$d/cmake/kcheck/kcheckConfig.cmake" ] && libdir=$prefix/$d
done
[ -n "$libdir" ] || fail "find kcheckConfig.cmake under $prefix"
for f in include/kcheck/check.hpp include/kcheck/sink.hpp include/kcheck/status.hpp \
         include/kcheck/parse.hpp include/kcheck.h; do
  [ -f "$prefix/$f" ] || fail "installed file $f is missing"
done
for lib in core config http map parse; do
  [ -f "$libdir/libkcheck_$lib.a" ] || fail "installed archive libkcheck_$lib.a is missing"
done
# kcheck.pc is written at install time with the prefix installed to.
[ -f "$libdir/pkgconfig/kcheck.pc" ] || fail "installed file pkgconfig/kcheck.pc is missing"
grep -q -x -F "prefix=$prefix" "$libdir/pkgconfig/kcheck.pc" ||
  { cp "$libdir/pkgconfig/kcheck.pc" "$log"; fail "kcheck.pc does not say prefix=$prefix"; }
# The package must not point back into the source or build tree, nor name build-only targets.
for leak in "$KCHECK_SOURCE_DIR" "$KCHECK_BUILD_DIR" kcheck_warnings kcheck_internal_headers; do
  if grep -r -F -l -- "$leak" "$libdir/cmake/kcheck" >"$log" 2>&1; then
    fail "the installed package files mention '$leak'"
  fi
done

# configure_and_build NAME SOURCE BINARY
configure_and_build() {
  step "configure $1 against the installed package" \
    "$KCHECK_CMAKE" -S "$2" -B "$3" -G "$KCHECK_GENERATOR" \
    ${KCHECK_MAKE_PROGRAM:+"-DCMAKE_MAKE_PROGRAM=$KCHECK_MAKE_PROGRAM"} \
    "-DCMAKE_CXX_COMPILER=$KCHECK_CXX" "-DCMAKE_BUILD_TYPE=$KCHECK_CONFIG" \
    "-DCMAKE_CXX_FLAGS=$KCHECK_CXX_FLAGS" "-DCMAKE_EXE_LINKER_FLAGS=$KCHECK_EXE_LINKER_FLAGS" \
    "-DCMAKE_PREFIX_PATH=$prefix" -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF
  step "build $1" "$KCHECK_CMAKE" --build "$3" --config "$KCHECK_CONFIG"
}

# binary DIR NAME: the built executable (multi-config generators add a <config>/ folder).
binary() {
  if [ -x "$1/$2" ]; then echo "$1/$2"; else echo "$1/$KCHECK_CONFIG/$2"; fi
}

configure_and_build "the parse-only consumer" "$KCHECK_SOURCE_DIR/tests/package/parse-consumer" \
  "$work/parse-consumer"
step "run the parse-only consumer" "$(binary "$work/parse-consumer" parse-consumer)" \
  "$KCHECK_PAYLOAD"
expect "run the parse-only consumer" "parsed " "$log"

configure_and_build "examples/cpp-collector" "$KCHECK_SOURCE_DIR/examples/cpp-collector" \
  "$work/collector"
collector=$(binary "$work/collector" cpp-collector)

echo "== run the collector against a closed port (must fail with CRITICAL)"
"$collector" http://127.0.0.1:1/metrics >"$work/down.out" 2>"$work/down.err"
rc=$?
cat "$work/down.out" "$work/down.err" >"$log"
[ "$rc" -eq 1 ] || fail "collector against a closed port: exit $rc, expected 1"
expect "collector against a closed port" \
  "service_check krakend.api.openmetrics.health CRITICAL" "$work/down.out"
expect "collector against a closed port" "error: run failed (unavailable)" "$work/down.err"

if [ -z "$KCHECK_PYTHON" ]; then
  echo "== SKIPPED the loopback scrape: no Python 3 interpreter was found" >&2
  exit 0
fi

echo "== serve $KCHECK_PAYLOAD on a loopback port"
"$KCHECK_PYTHON" "$KCHECK_SOURCE_DIR/tests/package/serve_payload.py" "$KCHECK_PAYLOAD" \
  "$work/port" >"$work/server.log" 2>&1 &
server_pid=$!
i=0
while [ ! -s "$work/port" ]; do
  i=$((i + 1))
  [ "$i" -le 100 ] || { cp "$work/server.log" "$log"; fail "start the loopback server"; }
  sleep 0.1
done
url="http://127.0.0.1:$(cat "$work/port")/metrics"

step "run the collector against $url" "$collector" "$url"
expect "collector against the loopback server" "metric gauge krakend.api.go.goroutines = 17" "$log"
expect "collector against the loopback server" \
  "service_check krakend.api.openmetrics.health OK" "$log"

printf 'openmetrics_endpoint: %s\ntags: [team:gateway]\n' "$url" >"$work/instance.yaml"
step "run the collector with an instance file" "$collector" "$work/instance.yaml"
expect "collector with an instance file" "team:gateway" "$log"

printf 'openmetrics_endpoint: %s\ntimeout: ten\n' "$url" >"$work/bad.yaml"
echo "== run the collector with an invalid instance file (must exit 2)"
"$collector" "$work/bad.yaml" >"$log" 2>&1
rc=$?
[ "$rc" -eq 2 ] || fail "collector with an invalid instance file: exit $rc, expected 2"
expect "collector with an invalid instance file" "timeout" "$log"

echo "== all package steps passed"
