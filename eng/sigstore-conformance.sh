#!/usr/bin/env bash
# Runs Sigstore bundle-verification conformance cases through `ocisource verify-bundle`.
# Usage: eng/sigstore-conformance.sh DIR
#   DIR holds one folder per case (bundle.sigstore.json, optional artifact, key.pub, identity, issuer,
#   trusted_root.json, README) and a.txt, the default artifact. A folder whose name ends in _fail must be refused.
#   OCISOURCE_CLI may name a built ocisource executable or ocisource.dll; otherwise the CLI is built (Release).
# Prints one line per failed case, and `N passed, N failed` last; exits 1 when any case failed, 2 on usage errors.
set -uo pipefail

if [[ $# -ne 1 || ! -d "$1" ]]; then
  echo "usage: $0 DIR" >&2
  exit 2
fi
dir=$(cd "$1" && pwd)
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
default_identity='https://github.com/sigstore-conformance/extremely-dangerous-public-oidc-beacon/.github/workflows/extremely-dangerous-oidc-beacon.yml@refs/heads/main'
default_issuer='https://token.actions.githubusercontent.com'

cli=${OCISOURCE_CLI:-}
if [[ -z "$cli" ]]; then
  out="$repo/artifacts/sigstore-conformance-cli"
  if ! dotnet build "$repo/src/OciSource.Cli" -c Release -o "$out" -nologo -v quiet >&2; then
    echo "building the CLI failed" >&2
    exit 2
  fi
  cli="$out/ocisource.dll"
fi
run_cli() {
  if [[ "$cli" == *.dll ]]; then dotnet "$cli" "$@"; else "$cli" "$@"; fi
}

passed=0
failed=0
for case in "$dir"/*/; do
  case=${case%/}
  name=$(basename "$case")
  [[ -f "$case/bundle.sigstore.json" ]] || continue
  artifact="$case/artifact"
  [[ -f "$artifact" ]] || artifact="$dir/a.txt"
  args=(verify-bundle --bundle "$case/bundle.sigstore.json")
  if [[ -f "$case/key.pub" ]]; then
    args+=(--key "$case/key.pub")
  else
    identity=$default_identity
    issuer=$default_issuer
    [[ -f "$case/identity" ]] && identity=$(<"$case/identity")
    [[ -f "$case/issuer" ]] && issuer=$(<"$case/issuer")
    args+=(--certificate-identity "$identity" --certificate-oidc-issuer "$issuer")
  fi
  [[ -f "$case/trusted_root.json" ]] && args+=(--trusted-root "$case/trusted_root.json")
  args+=("$artifact")

  reason=$(run_cli "${args[@]}" 2>&1 >/dev/null)
  status=$?
  if [[ "$name" == *_fail ]]; then expected_ok=0; else expected_ok=1; fi
  if { [[ $expected_ok -eq 1 && $status -eq 0 ]] || [[ $expected_ok -eq 0 && $status -ne 0 ]]; }; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    echo "FAIL $name (exit $status): ${reason//$'\n'/ }"
  fi
done

echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
