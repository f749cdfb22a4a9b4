#!/usr/bin/env bash
# Installs the Debian 12 packages the project needs. Safe to re-run: it calls apt-get
# only when something is missing.
set -euo pipefail

packages=(
  cmake ninja-build g++ clang libclang-rt-14-dev pkg-config
  libboost-dev libssl-dev zlib1g-dev libyaml-cpp-dev rapidjson-dev catch2 libbenchmark-dev
  libre2-dev libc-ares-dev libdeflate-dev
  ca-certificates openssl python3 tzdata
)
# Real peers for the integration tests (real exporters and agents on loopback).
if [[ "${KCHECK_SETUP_PEERS:-1}" == 1 ]]; then
  packages+=(prometheus-node-exporter collectd-core collectd-dev zabbix-agent)
fi
# Building and checking the Debian packages (scripts/package.sh): dpkg-shlibdeps and
# dpkg-architecture, `file` (CPack finds the ELF files with it), lintian.
if [[ "${KCHECK_SETUP_PACKAGING:-0}" == 1 ]]; then
  packages+=(dpkg-dev file lintian)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  sudo=""
  if [[ $(id -u) -ne 0 ]]; then sudo="sudo"; fi
  echo "setup: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  # Services from these packages must not start on install (tests start their own on loopback).
  if [[ ! -e /usr/sbin/policy-rc.d ]]; then
    printf '#!/bin/sh\nexit 101\n' | $sudo tee /usr/sbin/policy-rc.d >/dev/null
    $sudo chmod +x /usr/sbin/policy-rc.d
    remove_policy=1
  fi
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
  if [[ "${remove_policy:-0}" == 1 ]]; then $sudo rm -f /usr/sbin/policy-rc.d; fi
else
  echo "setup: all packages present"
fi
