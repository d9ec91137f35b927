#!/usr/bin/env bash
# Times `docker-credential-berth get` (the Native AOT binary under its helper name) in local mode (store and key on
# this machine) and in remote mode (a Berth server on 127.0.0.1, the client holding only a saved login), side by side
# with baselines in the same hyperfine run: `true` (process start floor) and curl asking the server's resolve endpoint
# (the remote floor). Medians go to bench/results/helper.md. Not a test; test.sh never runs it.
#   bench/helper.sh                 # 200 runs per command
#   RUNS=50 bench/helper.sh         # fewer
#   BERTH_BIN=/path/to/berth bench/helper.sh
#   BERTH_SERVER=/path/to/berth-server bench/helper.sh   # a built server (else ./berth serve builds one)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs="${RUNS:-200}"
command -v hyperfine >/dev/null || { apt-get install -y -qq hyperfine >/dev/null; }
command -v curl >/dev/null || { apt-get install -y -qq curl >/dev/null; }
if [ -z "${BERTH_BIN:-}" ]; then
  "$root/berth" --version >/dev/null   # publishes the Native AOT binary when stale
  BERTH_BIN="$root/artifacts/launcher/berth"
fi

work="$(mktemp -d /tmp/berth-helper-bench.XXXXXX)"
server_pid=""
cleanup() { [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
mkdir -p "$work/bin" "$work/local" "$work/server" "$work/client"
ln -s "$BERTH_BIN" "$work/bin/docker-credential-berth"
helper="$work/bin/docker-credential-berth"
registry="127.0.0.1:5000"          # never contacted: a generic connection's credential is read from the store
printf '%s\n' "$registry" > "$work/request"

# Local mode: one generic connection in a fresh store.
printf 'bench-password' | BERTH_HOME="$work/local" "$BERTH_BIN" connect generic --name lab --url "$registry" \
  --username alice --password-stdin --no-verify >/dev/null

# Remote mode: a server over its own store, a ci token naming the connection, a client that only ran 'berth login'.
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
url="http://127.0.0.1:$port"
printf 'bench-password' | BERTH_HOME="$work/server" "$BERTH_BIN" connect generic --name lab --url "$registry" \
  --username alice --password-stdin --no-verify >/dev/null
token="$(BERTH_HOME="$work/server" "$BERTH_BIN" tokens create --org default --role ci --connections lab --output json \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')"
if [ -n "${BERTH_SERVER:-}" ]; then
  BERTH_HOME="$work/server" "$BERTH_BIN" serve --urls "$url" >"$work/serve.log" 2>&1 &
else
  BERTH_HOME="$work/server" "$root/berth" serve --urls "$url" >"$work/serve.log" 2>&1 &
fi
server_pid=$!
for _ in $(seq 1 300); do curl -sf "$url/healthz" >/dev/null 2>&1 && break; sleep 0.2; done
curl -sf "$url/healthz" >/dev/null || { echo "helper.sh: the server did not start; see below" >&2; cat "$work/serve.log" >&2; exit 1; }
printf '%s' "$token" | BERTH_HOME="$work/client" "$BERTH_BIN" login "$url" >/dev/null
printf 'Authorization: Bearer %s\n' "$token" > "$work/header"
unset token

# Both modes must answer before they are timed.
BERTH_HOME="$work/local" "$helper" get < "$work/request" | grep -q '"Secret":"bench-password"'
BERTH_HOME="$work/client" "$helper" get < "$work/request" | grep -q '"Secret":"bench-password"'
ls "$work/client"

export BERTH_SERVER_URL="" BERTH_TOKEN="" BERTH_DATABASE="" BERTH_MASTER_KEY=""
mkdir -p "$root/bench/results"
json="$work/hyperfine.json"
hyperfine --warmup 20 --runs "$runs" --export-json "$json" \
  -n 'true (process floor)' 'true' \
  -n 'helper version (berth start floor)' "$helper version > /dev/null" \
  -n 'curl resolve (remote floor)' "curl -sf -o /dev/null -H @$work/header '$url/api/v1/credentials/resolve?server=$registry'" \
  -n 'helper get, local' "BERTH_HOME=$work/local $helper get < $work/request > /dev/null" \
  -n 'helper get, remote' "BERTH_HOME=$work/client $helper get < $work/request > /dev/null"

python3 - "$json" "$root/bench/results/helper.md" "$runs" <<'PY'
import json, statistics, sys, datetime, os
data = json.load(open(sys.argv[1]))["results"]
rows = []
for r in data:
    times = r["times"]
    rows.append((r["command"], statistics.median(times) * 1000, r["mean"] * 1000, r["stddev"] * 1000, min(times) * 1000, (r["user"] + r["system"]) * 1000))
out = ["# docker-credential-berth get: local and remote mode", "",
       f"`bench/helper.sh` (RUNS={sys.argv[3]}), {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC, "
       f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} at the end. hyperfine subtracts its shell's start-up.", "",
       "| command | median | mean | stddev | min | CPU (user+sys, mean) |", "| --- | ---: | ---: | ---: | ---: | ---: |"]
for name, median, mean, sd, low, cpu in rows:
    out.append(f"| {name} | {median:.2f} ms | {mean:.2f} ms | {sd:.2f} ms | {low:.2f} ms | {cpu:.2f} ms |")
out += ["", "Wall times need an idle machine; on a shared, loaded one the CPU column (which includes the shell hyperfine starts) is the steadier figure.", "", "Targets: local ≤ 10 ms median, remote ≤ 15 ms median (docs/remote.md, DESIGN §5)."]
open(sys.argv[2], "w").write("\n".join(out) + "\n")
print("\n".join(out))
PY
