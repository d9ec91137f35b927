#!/usr/bin/env bash
# Installs every missing prerequisite, builds, publishes the Native AOT CLI, runs all tests,
# and ends with one line: "N passed, N failed" (", N skipped" when any were skipped).
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$root"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

# --- prerequisites ----------------------------------------------------------------------------
# Debian package -> a file it provides; a missing file means the package gets installed.
declare -A need=(
  [docker-registry]=/usr/bin/docker-registry
  [skopeo]=/usr/bin/skopeo
  [clang]=/usr/bin/clang
  [postgresql]=/usr/lib/postgresql
  [apache2-utils]=/usr/bin/htpasswd
  [openssl]=/usr/bin/openssl
  [zlib1g-dev]=/usr/include/zlib.h
  [python3]=/usr/bin/python3
  [chromium]=/usr/bin/chromium
  [chromium-driver]=/usr/bin/chromedriver
  # Hostile-peer tests run berth inside a network namespace holding only loopback (unshare/nsenter, ip).
  [util-linux]=/usr/bin/nsenter
  [iproute2]=/bin/ip
  # Peak RSS of the CLI under hostile peers is read from GNU time.
  [time]=/usr/bin/time
  # The remote credential helper is tested through podman as well as skopeo.
  [podman]=/usr/bin/podman
  # Pull-secret tests compare the Secret Berth writes with 'kubectl create secret docker-registry --dry-run=client'.
  [kubernetes-client]=/usr/bin/kubectl
)
missing=()
for pkg in "${!need[@]}"; do [ -e "${need[$pkg]}" ] || missing+=("$pkg"); done
if [ ${#missing[@]} -gt 0 ]; then
  echo "test.sh: installing ${missing[*]}"
  sudo_cmd=""; [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${missing[@]}" >/dev/null \
    || { echo "test.sh: could not install ${missing[*]}"; echo "0 passed, 1 failed"; exit 1; }
fi
# Debian starts a registry service on :5000 on install; the tests start their own, so stop it.
if command -v systemctl >/dev/null && systemctl is-active --quiet docker-registry 2>/dev/null; then
  systemctl stop docker-registry || true
fi
for tool in docker-registry skopeo clang htpasswd openssl unshare nsenter ip; do
  command -v "$tool" >/dev/null || { echo "test.sh: $tool is still missing after install"; echo "0 passed, 1 failed"; exit 1; }
done

results="$root/artifacts/test-results"
rm -rf "$results"; mkdir -p "$results"
extra_failed=0

# --- build --------------------------------------------------------------------------------------
echo "test.sh: building"
if ! dotnet build Berth.slnx -c Release -nologo -v quiet -clp:ErrorsOnly; then
  echo "test.sh: build failed"; echo "0 passed, 1 failed"; exit 1
fi

# --- Native AOT publish of the CLI, through the launcher: any trimming/AOT warning fails it -------
# ./berth publishes with the same warnings-as-errors properties; the tests then run that very binary
# (BERTH_CLI), and LauncherTests finds the launcher's artifacts current instead of publishing again.
echo "test.sh: publishing the CLI with Native AOT (./berth)"
launcher="$root/artifacts/launcher"
rm -f "$launcher/.stamp" # publish afresh, as for a release
if "$root/berth" --version >"$results/launcher-version.txt" 2>"$results/launcher.log" \
   && cp "$launcher/publish.log" "$results/aot-publish.log" \
   && ! grep -Eq 'warning (IL|CS)[0-9]+' "$results/aot-publish.log" \
   && [ -x "$launcher/berth" ] && [ ! -e "$launcher/berth.dll" ]; then
  echo "test.sh: AOT publish ok ($(du -h "$launcher/berth" | cut -f1))"
  export BERTH_CLI="$launcher/berth"
else
  cat "$results/launcher.log"
  [ -f "$launcher/publish.log" ] && cat "$launcher/publish.log"
  echo "test.sh: AOT publish FAILED"
  extra_failed=$((extra_failed + 1))
fi

# --- tests --------------------------------------------------------------------------------------
for proj in tests/*.Tests/*.Tests.csproj; do
  name="$(basename "$proj" .csproj)"
  echo "test.sh: running $name"
  dotnet test "$proj" -c Release --no-build -nologo \
    --logger "trx;LogFileName=$name.trx" --logger "console;verbosity=minimal" \
    --results-directory "$results" || true
  if [ ! -f "$results/$name.trx" ]; then
    echo "test.sh: $name produced no results"; extra_failed=$((extra_failed + 1))
  fi
done

passed=0; failed=$extra_failed; skipped=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters="$(grep -o '<Counters [^>]*>' "$trx" | head -1)"
  get() { echo "$counters" | sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p"; }
  total=$(get total); executed=$(get executed); p=$(get passed); f=$(get failed); e=$(get error); t=$(get timeout); a=$(get aborted)
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0} + ${e:-0} + ${t:-0} + ${a:-0}))
  skipped=$((skipped + ${total:-0} - ${executed:-0}))
done
summary="$passed passed, $failed failed"
[ "$skipped" -gt 0 ] && summary="$summary, $skipped skipped"
echo "$summary"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
