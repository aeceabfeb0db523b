#!/usr/bin/env bash
# Benchmarks against the real local environment (installed and cached by eng/testenv.sh, like the tests).
# Usage: bash eng/bench.sh <scenario> [options]; scenarios: pull [--size-mib N] [--runs N] [--discard],
# scale-1k, scale-10k, steady, dedup, startup [--objects N] [--runs N] [--variant NAME] [--env NAME=VALUE] [-- controller flags]
# (README "Benchmark").
# Each scenario prints a table and writes tests/OciSource.Benchmarks/results/<scenario>.md.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
OCISOURCE_TOOLS_DIR=$(bash eng/testenv.sh | tail -n 1)
export OCISOURCE_TOOLS_DIR
exec dotnet run -c Release --project tests/OciSource.Benchmarks -- "$@"
