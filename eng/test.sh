#!/usr/bin/env bash
# The README's test command. Prepares the real test environment (eng/testenv.sh: installs and caches the registry,
# etcd, apiextensions-apiserver and the OCI tools; eng/image.sh: the container image; the Native AOT controller for the
# process tests), builds the solution with warnings as errors, runs every test project and ends with one line
# "N passed, N failed, N skipped" summed over all of them, read from their TRX files.
# Exits non-zero when the build or any test fails. Extra arguments go to `dotnet test` (e.g. --filter ...).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
mkdir -p "${TMPDIR:-/tmp}"   # a TMPDIR that does not exist yet breaks MSBuild

OCISOURCE_TOOLS_DIR=$(bash eng/testenv.sh | tail -n 1)
export OCISOURCE_TOOLS_DIR

# tests/OciSource.Image.Tests builds the container image through eng/image.sh; building it here first keeps a cold build
# (Docker engine, local base images, package restore: a few minutes) out of the test run and its hang timeout. A failure
# does not stop the run: the image tests run the script again and fail with its output.
image_log="${TMPDIR:-/tmp}/ocisource-image.log"
echo "building the container image (eng/image.sh, log in $image_log)"
if ! bash eng/image.sh >"$image_log" 2>&1; then
  tail -n 20 "$image_log"
  echo "eng/image.sh failed; the container image tests will fail"
fi

# The controller process tests (tests/OciSource.Controller.Tests: ProgramTests, ArtifactServerFlagsTests,
# ReadOnlyStoreStartTests, CrashTests, ApiServerPauseTests) run against the JIT apphost and against the Native AOT
# binary that OCISOURCE_CONTROLLER_AOT names (tests/OciSource.Testing/Processes/ControllerExecutable.cs). It is
# published here once, with warnings as errors, into the cache, keyed by the SDK version, the machine and the content of
# src/ and the build files, so an unchanged tree reuses it. --artifacts-path keeps the publish's bin/ and obj/ out of the
# tree (the solution build below keeps its own) and in the cache, for an incremental publish after a change. A failed
# publish does not stop the run: the variable then names the missing binary, and the AOT cases fail (never skip).
aot_key=$({ dotnet --version; uname -m; find src -type f -not -path '*/bin/*' -not -path '*/obj/*' | LC_ALL=C sort \
  | xargs sha256sum; sha256sum global.json Directory.Build.props Directory.Packages.props .editorconfig; } | sha256sum | cut -c1-16)
aot_root=${OCISOURCE_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/ocisource}/controller-aot
aot_dir=$aot_root/$aot_key
aot_log="${TMPDIR:-/tmp}/ocisource-controller-aot.log"
case "$(uname -m)" in aarch64|arm64) aot_rid=linux-arm64 ;; *) aot_rid=linux-x64 ;; esac
if [ -x "$aot_dir/oci-source-controller" ]; then
  echo "Native AOT controller unchanged: $aot_dir/oci-source-controller"
else
  echo "publishing the Native AOT controller (log in $aot_log)"
  mkdir -p "$aot_root"
  find "$aot_root" -mindepth 1 -maxdepth 1 ! -name build -exec rm -rf {} +   # earlier trees' binaries
  if dotnet publish src/OciSource.Controller/OciSource.Controller.csproj -c Release -r "$aot_rid" -p:PublishAot=true \
      --artifacts-path "$aot_root/build" -o "$aot_dir.tmp" --nologo >"$aot_log" 2>&1; then
    mv "$aot_dir.tmp" "$aot_dir"
  else
    grep -E ' error |: error ' "$aot_log" | sort -u | tail -n 20 || tail -n 20 "$aot_log"
    echo "the Native AOT publish failed; the controller's AOT process tests will fail"
  fi
fi
export OCISOURCE_CONTROLLER_AOT="$aot_dir/oci-source-controller"

# Every process a test fixture starts is recorded in this run's directory ($OCISOURCE_TEST_RUN_DIR/pids/<pid>, holding
# its start time from /proc/<pid>/stat; tests/OciSource.Testing/Processes/PidRecord.cs). After the run exactly those
# processes are ended, by id, and only while the id still names the recorded process. Never by a name pattern: other
# runs and other programs on the machine are left alone.
runs_root="$(dirname "$(mktemp -u)")/ocisource-tests/runs"
mkdir -p "$runs_root"
run_dir=$(mktemp -d "$runs_root/run-XXXXXXXX")
export OCISOURCE_TEST_RUN_DIR="$run_dir"
mkdir -p "$run_dir/pids"

# start_time PID: field 22 of /proc/PID/stat (the fields after the last ')' start at field 3), empty when PID is gone.
start_time() { sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f20; }
echo "$$ $(start_time $$)" >"$run_dir/owner"

# end_recorded RUN_DIR: SIGTERM, then SIGKILL after 5 s, every recorded process that is still the one recorded.
end_recorded() {
  local record pid recorded alive=()
  for record in "$1"/pids/*; do
    [ -f "$record" ] || continue
    pid=$(basename "$record")
    recorded=$(head -n 1 "$record")
    if [ -n "$recorded" ] && [ "$(start_time "$pid")" = "$recorded" ]; then
      echo "ending $(sed -n 2p "$record") (pid $pid), left running by $(basename "$1")"
      kill -TERM "$pid" 2>/dev/null && alive+=("$pid")
    fi
  done
  for _ in 1 2 3 4 5 6 7 8 9 10; do
    local still=()
    for pid in "${alive[@]}"; do
      [ "$(start_time "$pid")" = "$(head -n 1 "$1/pids/$pid")" ] && still+=("$pid")
    done
    alive=("${still[@]}")
    [ "${#alive[@]}" -eq 0 ] && break
    sleep 0.5
  done
  for pid in "${alive[@]}"; do
    [ "$(start_time "$pid")" = "$(head -n 1 "$1/pids/$pid")" ] && kill -KILL "$pid" 2>/dev/null
  done
  rm -rf "$1"
}

# A crashed earlier run (its eng/test.sh no longer alive) left its records behind: end what they name. A run whose
# script still runs (another run beside this one) is not touched.
for earlier in "$runs_root"/run-*; do
  [ "$earlier" != "$run_dir" ] && [ -f "$earlier/owner" ] || continue
  read -r owner owner_start <"$earlier/owner" || continue
  [ "$(start_time "$owner")" = "$owner_start" ] && continue
  end_recorded "$earlier"
done
trap 'end_recorded "$run_dir"' EXIT

results=$root/TestResults
rm -rf "$results"
dotnet build OciSource.sln --nologo -clp:ErrorsOnly -warnaserror

status=0
dotnet test OciSource.sln --no-build --nologo --logger trx --results-directory "$results" \
  --blame-hang-timeout 10m "$@" || status=$?
end_recorded "$run_dir"
trap - EXIT

# count NAME COUNTERS: the value of attribute NAME in a TRX <Counters> element, 0 when absent.
count() { printf '%s' "$2" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*' || echo 0; }
passed=0 failed=0 skipped=0
shopt -s nullglob
for trx in "$results"/*.trx; do
  counters=$(grep -o '<Counters [^>]*>' "$trx" || true)
  passed=$((passed + $(count passed "$counters")))
  failed=$((failed + $(count failed "$counters") + $(count error "$counters") + $(count timeout "$counters") + $(count aborted "$counters")))
  # VSTest leaves notExecuted at 0 for skipped tests; they are the ones counted in total but not executed.
  skipped=$((skipped + $(count total "$counters") - $(count executed "$counters")))
done
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  echo "dotnet test exited with $status although no TRX file counts a failed test (a test host crashed or timed out?)"
fi
echo "$passed passed, $failed failed, $skipped skipped"
if [ "$status" -ne 0 ] || [ "$failed" -ne 0 ]; then exit 1; fi
