#!/usr/bin/env bash
# Builds the oci-source-controller container image (the top-level Dockerfile) on a machine that cannot pull images:
#   1. installs Debian's docker.io when there is no dockerd, and starts dockerd when no engine answers (data root,
#      pid file and log under the cache; no bridge, no iptables: every container here uses --network host);
#   2. makes two local base images once and keeps them in the engine, tagged with BASES_VERSION (and, for the SDK, a
#      key of this machine's .NET SDKs, CA bundle and NuGet settings):
#      - a runtime-deps equivalent: from a debootstrap bookworm minbase root, only the files of libc6, libgcc-s1,
#        libstdc++6, libssl3, zlib1g, ca-certificates and base-files (as the chiseled image has them), /tmp, and the
#        chiseled image's passwd ("app", 1654);
#      - an SDK image: the whole minbase root with clang, lld and zlib1g-dev (Native AOT links with them) plus this
#        machine's .NET SDK, its CA bundle, NuGet.Config and NUGET_* variables, so the restore inside the build reaches
#        the same package feed as the host does and the build needs no network beyond it;
#   3. runs `docker build --network host --build-arg SDK=… --build-arg BASE=… --build-arg BUILD=…` (the Docker layer
#      cache makes repeated builds fast) and removes the images that the build replaced.
# Prints the image name on its last line of standard output. Needs root (or sudo) for apt, dockerd and docker.
# Environment: OCISOURCE_IMAGE (image name, default oci-source-controller:local), OCISOURCE_CACHE_DIR (cache root,
# default ~/.cache/ocisource), OCISOURCE_IMAGE_BASES=upstream (skip step 2 and build on the Dockerfile's default base
# images, for machines whose engine can pull them, e.g. GitHub's runners; the upstream SDK image gets clang and lld
# from apt in the build stage), OCISOURCE_IMAGE_BUILD (aot, the default, or jit: the Dockerfile's BUILD argument).
set -euo pipefail

BASES_VERSION=2   # 2: clang, lld and zlib1g-dev in the SDK image (Native AOT)
IMAGE=${OCISOURCE_IMAGE:-oci-source-controller:local}
BUILD_STAGE=ocisource-local/build-stage:latest
RUNTIME_PACKAGES=(base-files libc6 libgcc-s1 libstdc++6 libssl3 zlib1g ca-certificates)
BASES=${OCISOURCE_IMAGE_BASES:-local}
BUILD=${OCISOURCE_IMAGE_BUILD:-aot}
CHISELED_APP_UID=1654   # the chiseled runtime-deps image's own "app" user, mirrored in the local base's passwd

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cache_root=${OCISOURCE_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/ocisource}
engine_dir=$cache_root/docker
work_dir=$cache_root/image-v$BASES_VERSION

log() { printf '[image] %s\n' "$*" >&2; }
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
if [ "$(id -u)" -eq 0 ]; then docker_cli=(docker); else docker_cli=(sudo docker); fi
run_docker() { "${docker_cli[@]}" "$@"; }

install_docker() {
  command -v dockerd >/dev/null && command -v docker >/dev/null && return
  bash "$root/eng/apt-install.sh" docker.io
}

# alive PID: PID is a live process (not a zombie). running PID NAME: and it is named NAME.
alive() { [ -n "$1" ] && [ -e "/proc/$1/status" ] && ! grep -q '^State:.*Z' "/proc/$1/status" 2>/dev/null; }
running() { alive "$1" && [ "$(cat "/proc/$1/comm" 2>/dev/null)" = "$2" ]; }

# remove_stale_pidfile FILE NAME: a pid file left by a killed NAME stops it from starting again (its PID may be reused).
remove_stale_pidfile() {
  local pid
  pid=$(as_root cat "$1" 2>/dev/null || true)
  running "$pid" "$2" || as_root rm -f "$1"
}

start_engine() {
  run_docker info >/dev/null 2>&1 && return
  mkdir -p "$engine_dir"
  local pidfile=$engine_dir/dockerd.pid pid
  pid=$(cat "$pidfile" 2>/dev/null || true)
  if running "$pid" dockerd; then
    log "waiting for dockerd $pid (started earlier) to answer"
  else
    remove_stale_pidfile "$pidfile" dockerd
    remove_stale_pidfile /var/run/docker/containerd/containerd.pid containerd
    log "starting dockerd (data root $engine_dir/data, log $engine_dir/dockerd.log)"
    local launcher=(setsid)
    [ "$(id -u)" -eq 0 ] || launcher=(sudo setsid)
    "${launcher[@]}" dockerd --data-root "$engine_dir/data" --pidfile "$pidfile" \
      --bridge=none --iptables=false --ip6tables=false >>"$engine_dir/dockerd.log" 2>&1 </dev/null &
    pid=$!
  fi
  for _ in $(seq 1 120); do
    run_docker info >/dev/null 2>&1 && return
    alive "$pid" || break
    sleep 0.5
  done
  log "no Docker engine answers (dockerd exited or took over 60 s); the end of $engine_dir/dockerd.log:"
  tail -n 30 "$engine_dir/dockerd.log" >&2
  exit 1
}

has_image() { run_docker image inspect "$1" >/dev/null 2>&1; }

# debootstrap_root DIR: a bookworm minbase root with what the SDK, the Native AOT link and the runtime need.
debootstrap_root() {
  local dir=$1 mirror
  mirror=$(awk '/^URIs:/{print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
  mirror=${mirror:-http://deb.debian.org/debian}
  bash "$root/eng/apt-install.sh" debootstrap
  log "debootstrap bookworm minbase into $dir (mirror $mirror)"
  as_root debootstrap --variant=minbase --include=ca-certificates,libssl3,libicu72,clang,lld,zlib1g-dev bookworm "$dir" "$mirror" >&2
}

# import_runtime_deps ROOT NAME: the runtime packages' files only, with canonical paths (bookworm's /lib, /bin and
# /sbin are links into /usr), the usr-merge links, /tmp and a passwd/group naming root and app.
import_runtime_deps() {
  local rootfs name=$2 list extra
  rootfs=$(cd "$1" && pwd -P)
  list=$(mktemp) extra=$(mktemp -d)
  local pkg path dir
  for pkg in "${RUNTIME_PACKAGES[@]}"; do
    as_root chroot "$rootfs" dpkg -L "$pkg"
  done | grep -v -E '^/usr/share/(doc|man|lintian|locale|info)/' | sort -u | while read -r path; do
    if [ ! -e "$rootfs$path" ] || [ -d "$rootfs$path" ]; then continue; fi
    dir=$(cd "$rootfs$(dirname "$path")" && pwd -P)
    printf '.%s/%s\n' "${dir#"$rootfs"}" "$(basename "$path")"
  done | sort -u >"$list"
  (cd "$rootfs" && find ./etc/ssl/certs -mindepth 1 && for l in bin lib lib64 sbin; do [ -L "$l" ] && echo "./$l"; done) >>"$list"
  mkdir -p "$extra/etc" "$extra/tmp"
  chmod 1777 "$extra/tmp"
  printf 'root:x:0:0:root:/root:/sbin/nologin\napp:x:%s:%s::/home/app:/sbin/nologin\n' $CHISELED_APP_UID $CHISELED_APP_UID >"$extra/etc/passwd"
  printf 'root:x:0:\napp:x:%s:\n' $CHISELED_APP_UID >"$extra/etc/group"
  log "importing $name ($(wc -l <"$list") files)"
  as_root tar -cf - --no-recursion -C "$rootfs" -T "$list" -C "$extra" ./etc/passwd ./etc/group ./tmp \
    | run_docker import --change "ENV APP_UID=$CHISELED_APP_UID" - "$name" >/dev/null
  rm -rf "$list" "$extra"
}

# import_sdk ROOT NAME: the whole root plus this machine's .NET SDK, CA bundle and NuGet configuration.
import_sdk() {
  local rootfs=$1 name=$2 dotnet_root
  dotnet_root=$(dirname "$(readlink -f "$(command -v dotnet)")")
  as_root mkdir -p "$rootfs/usr/share/dotnet" "$rootfs/root/.nuget/NuGet"
  as_root cp -a "$dotnet_root/." "$rootfs/usr/share/dotnet/"
  as_root ln -sf /usr/share/dotnet/dotnet "$rootfs/usr/bin/dotnet"
  as_root cp /etc/ssl/certs/ca-certificates.crt "$rootfs/etc/ssl/certs/ca-certificates.crt"
  [ -f "$HOME/.nuget/NuGet/NuGet.Config" ] && as_root cp "$HOME/.nuget/NuGet/NuGet.Config" "$rootfs/root/.nuget/NuGet/"
  local changes=(--change 'ENV DOTNET_ROOT=/usr/share/dotnet' --change 'ENV DOTNET_CLI_TELEMETRY_OPTOUT=1'
    --change 'ENV DOTNET_NOLOGO=1')
  local var
  while IFS= read -r var; do changes+=(--change "ENV ${var%%=*}=\"${var#*=}\""); done < <(env | grep '^NUGET_' || true)
  log "importing $name (.NET SDK from $dotnet_root)"
  as_root tar -C "$rootfs" -cf - . | run_docker import "${changes[@]}" - "$name" >/dev/null
}

# The SDK image's tag follows what goes into it from this machine.
sdk_key() {
  { dotnet --list-sdks; cat /etc/ssl/certs/ca-certificates.crt; cat "$HOME/.nuget/NuGet/NuGet.Config" 2>/dev/null || true
    env | grep '^NUGET_' | sort || true; } | sha256sum | cut -c1-12
}

make_bases() {
  local runtime_image=$1 sdk_image=$2
  has_image "$runtime_image" && has_image "$sdk_image" && return
  local rootfs=$work_dir/rootfs
  as_root rm -rf --one-file-system "$rootfs"
  mkdir -p "$work_dir"
  trap 'as_root rm -rf --one-file-system "'"$rootfs"'"' EXIT
  debootstrap_root "$rootfs"
  has_image "$runtime_image" || import_runtime_deps "$rootfs" "$runtime_image"
  has_image "$sdk_image" || import_sdk "$rootfs" "$sdk_image"
  as_root rm -rf --one-file-system "$rootfs"
  trap - EXIT
}

case "$BUILD" in
  aot|jit) ;;
  *) log "OCISOURCE_IMAGE_BUILD must be aot or jit, not $BUILD"; exit 2 ;;
esac
install_docker
start_engine
if [ "$BASES" = upstream ]; then
  build_args=(--build-arg "BUILD=$BUILD")
  log "docker build $IMAGE (BUILD=$BUILD, the Dockerfile's default SDK and BASE)"
else
  runtime_image=ocisource-local/runtime-deps:bookworm-v$BASES_VERSION
  sdk_image=ocisource-local/sdk:v$BASES_VERSION-$(sdk_key)
  make_bases "$runtime_image" "$sdk_image"
  build_args=(--network host --build-arg "SDK=$sdk_image" --build-arg "BASE=$runtime_image" --build-arg "BUILD=$BUILD")
  log "docker build $IMAGE (BUILD=$BUILD SDK=$sdk_image BASE=$runtime_image)"
fi
previous=$(run_docker image inspect --format '{{.Id}}' "$IMAGE" "$BUILD_STAGE" 2>/dev/null || true)
run_docker build "${build_args[@]}" -t "$IMAGE" "$root" >&2
# The build stage is tagged too (all from cache), so its restore layer stays cached while the images that this build
# replaced are removed; otherwise every source change would leave a few hundred MB of untagged images behind.
run_docker build "${build_args[@]}" --target build -t "$BUILD_STAGE" "$root" >/dev/null
current=$(run_docker image inspect --format '{{.Id}}' "$IMAGE" "$BUILD_STAGE")
for id in $previous; do
  grep -qx "$id" <<<"$current" || run_docker rmi "$id" >/dev/null 2>&1 || true
done
echo "$IMAGE"
