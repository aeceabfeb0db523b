#!/usr/bin/env bash
# apt-install.sh PACKAGE...: installs those of the named Debian packages that are not installed yet (apt-get update
# first), as root or with sudo. Maintainer scripts may not start services: there is no init system here.
set -euo pipefail

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

missing=()
for p in "$@"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
printf '[apt-install] apt-get install %s\n' "${missing[*]}" >&2
as_root apt-get update -qq
policy=/usr/sbin/policy-rc.d
created_policy=0
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\nexit 101\n' | as_root tee "$policy" >/dev/null
  as_root chmod 755 "$policy"
  created_policy=1
fi
DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
[ $created_policy -eq 1 ] && as_root rm -f "$policy"
exit 0
