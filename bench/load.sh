#!/bin/sh
# Server load benchmark: see bench/load.py. Not a test; test.sh never runs it.
set -eu
cd "$(dirname "$0")/.."
command -v ab >/dev/null || apt-get install -y apache2-utils
dotnet build src/Berth.Server -c Release -nologo -v q -clp:ErrorsOnly
exec python3 bench/load.py "$@"
