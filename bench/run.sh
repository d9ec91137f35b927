#!/usr/bin/env bash
# Berth vs skopeo vs the raw curl floor on real docker-registry instances on 127.0.0.1.
# Not a test: test.sh never runs it. See bench/README.md.
#
#   bench/run.sh                 # 5 rounds
#   ROUNDS=3 bench/run.sh        # fewer rounds
#   BERTH_BIN=/path/berth bench/run.sh   # skip the publish, time this binary
#   BENCH_ONLY=copy-big8,tags bench/run.sh   # a subset: copy-big8 pull-big8 push-big8 copy-big1g pull-big1g push-big1g tags inspect
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")

need() { command -v "$1" >/dev/null 2>&1; }
missing=()
need docker-registry || missing+=(docker-registry)
need skopeo || missing+=(skopeo)
need curl || missing+=(curl)
[ -x /usr/bin/time ] || missing+=(time)
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing ${missing[*]}" >&2
  apt-get install -y "${missing[@]}" >&2
fi
need python3 || { echo "python3 is required" >&2; exit 1; }

avail=$(df -Pk "${TMPDIR:-/tmp}" | awk 'NR==2{print $4}')
if [ "$avail" -lt $((8 * 1024 * 1024)) ]; then
  echo "need about 8 GiB free in ${TMPDIR:-/tmp} (source registry, layouts, one destination at a time)" >&2
  exit 1
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/berth-bench.XXXXXX")
cleanup() { rm -rf "$work"; }
trap cleanup EXIT

if [ -z "${BERTH_BIN:-}" ]; then
  echo "publishing the Native AOT berth" >&2
  dotnet publish "$root/src/Berth.Cli" -c Release -r linux-x64 -p:PublishAot=true -o "$work/bin" -nologo -v q -clp:ErrorsOnly >&2
  BERTH_BIN="$work/bin/berth"
fi

BERTH_BIN="$BERTH_BIN" BENCH_WORK="$work" BENCH_OUT="$here/results/latest.md" \
  python3 "$here/bench.py"
