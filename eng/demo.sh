#!/usr/bin/env bash
# The README's demo: OciSource against an embedded local environment. Installs and caches what it needs
# (eng/testenv.sh: registry, etcd, apiextensions-apiserver, oras, helm, kubectl), builds the controller, then runs
# tests/OciSource.Demo: registries and an API server on loopback, a Kustomize bundle pushed with oras and Helm charts
# pushed with helm, the controller as a child process, the article's v1beta2 OCIRepository manifests applied with
# kubectl, `kubectl wait --for=condition=Ready`, every artifact downloaded with curl and checked against
# status.artifact.digest, then a new chart version pushed and picked up. Exits 0 only if all of that held.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
mkdir -p "${TMPDIR:-/tmp}"

OCISOURCE_TOOLS_DIR=$(bash eng/testenv.sh | tail -n 1)
export OCISOURCE_TOOLS_DIR

dotnet build src/OciSource.Controller -c Release --nologo -clp:ErrorsOnly -warnaserror
dotnet build tests/OciSource.Demo -c Release --nologo -clp:ErrorsOnly -warnaserror
exec dotnet tests/OciSource.Demo/bin/Release/net10.0/OciSource.Demo.dll \
  "$root/src/OciSource.Controller/bin/Release/net10.0/oci-source-controller.dll"
