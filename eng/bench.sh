#!/usr/bin/env bash
# Benchmarks against the real local environment (installed and cached by eng/testenv.sh, like the tests).
# Usage: bash eng/bench.sh <scenario> [options]; scenarios: pull [--size-mib N] [--runs N] [--discard], serve [--runs N],
# scale-1k, scale-10k, steady [--warm-intervals N], dedup, startup [--objects N] [--runs N] [--variant NAME] [--env NAME=VALUE]
# [-- controller flags], verify [--objects N] [--warm-up N] [--noop-rounds N]; pull also takes --controller, --variant, --env and controller flags
# (README "Benchmark").
# Each scenario prints a table and writes tests/OciSource.Benchmarks/results/<scenario>.md.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

# apt_install PACKAGE...: installs the Debian packages that are missing (as root or with sudo), starting no service.
apt_install() {
  local missing=() p
  for p in "$@"; do dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
  echo "[bench] apt-get install ${missing[*]}" >&2
  as_root apt-get -o DPkg::Lock::Timeout=300 update -qq
  local policy=/usr/sbin/policy-rc.d created_policy=0
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' | as_root tee "$policy" >/dev/null && as_root chmod 755 "$policy" && created_policy=1
  fi
  DEBIAN_FRONTEND=noninteractive as_root apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends "${missing[@]}" >&2
  [ $created_policy -eq 1 ] && as_root rm -f "$policy"
  return 0
}

# serve compares the artifact server with nginx, both driven by wrk.
if [ "${1:-}" = serve ]; then apt_install nginx wrk; fi
OCISOURCE_TOOLS_DIR=$(bash eng/testenv.sh | tail -n 1)
export OCISOURCE_TOOLS_DIR
exec dotnet run -c Release --project tests/OciSource.Benchmarks -- "$@"
