#!/usr/bin/env bash
# Builds the Debian packages into dist/ (docs/packages.md): krakend-check,
# krakend-check-datadog, krakend-check-collectd, krakend-check-zabbix and libkcheck-dev. It
# configures the release build (build/release, the one scripts/run.sh uses) for the /usr
# prefix, builds it and runs CPack. Safe to re-run: dist/ is emptied first.
set -euo pipefail
cd "$(dirname "$0")/.."
KCHECK_SETUP_PACKAGING=1 bash scripts/setup.sh

# The Debian changelog is dated by the last commit, not by the build.
if [[ -z "${SOURCE_DATE_EPOCH:-}" ]] && git rev-parse --git-dir >/dev/null 2>&1; then
  SOURCE_DATE_EPOCH=$(git log -1 --format=%ct)
  export SOURCE_DATE_EPOCH
fi

# Debian's hardening flags (dpkg-buildflags with hardening=+all) without its -g -O2: the
# release build keeps its -O3 and CPack strips the binaries.
hardening="-D_FORTIFY_SOURCE=2 -fstack-protector-strong -Wformat -Werror=format-security"
hardening_ld="-Wl,-z,relro -Wl,-z,now"
multiarch=$(dpkg-architecture -qDEB_HOST_MULTIARCH)
cmake --preset release -DCMAKE_INSTALL_PREFIX=/usr "-DCMAKE_INSTALL_LIBDIR=lib/$multiarch" \
  "-DCMAKE_C_FLAGS=$hardening" "-DCMAKE_CXX_FLAGS=$hardening" \
  "-DCMAKE_EXE_LINKER_FLAGS=$hardening_ld" "-DCMAKE_SHARED_LINKER_FLAGS=$hardening_ld" \
  "-DCMAKE_MODULE_LINKER_FLAGS=$hardening_ld" >/dev/null
cmake --build --preset release

rm -rf dist
(cd build/release && cpack -G DEB >/dev/null)

expected=(krakend-check krakend-check-datadog krakend-check-collectd krakend-check-zabbix
  libkcheck-dev)
for name in "${expected[@]}"; do
  if ! compgen -G "dist/${name}_*.deb" >/dev/null; then
    echo "package: dist/${name}_*.deb was not built" >&2
    exit 1
  fi
done
ls -l dist/*.deb
