#!/usr/bin/env bash
# Incremental replication cost: a Berth replication run over 100 unchanged tags beside `skopeo sync` and `berth sync`,
# requests counted from the registries' access logs. Not a test: test.sh never runs it. See bench/README.md.
#
#   bench/replication.sh              # 5 rounds, 100 tags
#   ROUNDS=3 TAGS=200 bench/replication.sh
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")

need() { command -v "$1" >/dev/null 2>&1; }
missing=()
need docker-registry || missing+=(docker-registry)
need skopeo || missing+=(skopeo)
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing ${missing[*]}" >&2
  apt-get install -y "${missing[@]}" >&2
fi
need python3 || { echo "python3 is required" >&2; exit 1; }

work=$(mktemp -d "${TMPDIR:-/tmp}/berth-repl-bench.XXXXXX")
cleanup() { rm -rf "$work"; }
trap cleanup EXIT

echo "building berth-server and the Native AOT berth" >&2
dotnet build "$root/src/Berth.Server" -c Release -o "$work/server" -nologo -v q -clp:ErrorsOnly >&2
"$root/berth" --version >/dev/null
SERVER_BIN="$work/server/berth-server" BERTH_BIN="$root/artifacts/launcher/berth" BENCH_WORK="$work" \
  BENCH_OUT="$here/results/replication.md" python3 "$here/replication.py"
