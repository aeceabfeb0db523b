#!/usr/bin/env bash
# The README's test command. Prepares the real test environment (eng/testenv.sh: installs and caches the registry,
# etcd, apiextensions-apiserver and the OCI tools; eng/image.sh: the container image), builds the solution with
# warnings as errors, runs every test project and ends with one line "N passed, N failed, N skipped" summed over all
# of them, read from their TRX files.
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

# Processes a crashed earlier run left behind carry their work directory on the command line.
stray_pattern="$(dirname "$(mktemp -u)")/ocisource-tests/"
end_strays() { pkill -f -- "$stray_pattern" 2>/dev/null || true; }
end_strays

results=$root/TestResults
rm -rf "$results"
dotnet build OciSource.sln --nologo -clp:ErrorsOnly -warnaserror

status=0
dotnet test OciSource.sln --no-build --nologo --logger trx --results-directory "$results" \
  --blame-hang-timeout 10m "$@" || status=$?
end_strays

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
