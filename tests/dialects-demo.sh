#!/usr/bin/env bash
# Prints, per registry dialect, the berth commands the dialect matrix runs (connect, registries verify, tags,
# inspect, copy in and out, repos …) and their real output. The dialects are the local fakes in
# tests/Berth.Testing/Dialects in front of a real Distribution registry; nothing leaves 127.0.0.1.
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
dotnet build tests/Berth.Cli.Tests -c Release -nologo -v q -clp:ErrorsOnly >/dev/null
BERTH_DIALECT_TRANSCRIPTS="$out" dotnet test tests/Berth.Cli.Tests -c Release --no-build -nologo \
  --filter "FullyQualifiedName~Berth.Cli.Tests.Dialects" --logger "console;verbosity=minimal" >&2
for f in "$out"/*.txt; do
  echo "===== $(basename "$f" .txt) ====="
  # Loopback ports change every run; everything else is as printed.
  cat "$f"
done
