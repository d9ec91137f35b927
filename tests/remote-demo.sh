#!/usr/bin/env bash
# Closing-note demo (issue 11): skopeo pulls through the remote helper from a machine-like directory holding no database
# or key, the kubelet provider answers a request, and prints its config. Needs BERTH_BIN (the AOT berth) and BERTH_SERVER
# (a built berth-server, e.g. src/Berth.Server/bin/Release/net10.0/berth-server). Not a test; test.sh never runs it.
set -euo pipefail
BERTH_BIN=${BERTH_BIN:?}; BERTH_SERVER=${BERTH_SERVER:?}; export BERTH_SERVER
w=$(mktemp -d /tmp/berth-demo.XXXXXX); trap 'kill $(jobs -p) 2>/dev/null; wait 2>/dev/null; rm -rf $w' EXIT
free() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
rp=$(free); sp=$(free)
htpasswd -Bbn alice 'demo-registry-pw' > $w/htpasswd
cat > $w/registry.yml <<YML
version: 0.1
storage: {filesystem: {rootdirectory: $w/store}}
http: {addr: 127.0.0.1:$rp}
auth: {htpasswd: {realm: demo, path: $w/htpasswd}}
YML
docker-registry serve $w/registry.yml > $w/registry.log 2>&1 &
# a one-layer OCI image, pushed with skopeo and the registry's own password
python3 - $w/layout <<'PY'
import hashlib, io, json, os, sys, tarfile, gzip
d = sys.argv[1]; os.makedirs(d + "/blobs/sha256")
def blob(b):
    h = hashlib.sha256(b).hexdigest(); open(f"{d}/blobs/sha256/{h}", "wb").write(b); return "sha256:" + h, len(b)
raw = io.BytesIO()
with tarfile.open(fileobj=raw, mode="w") as t:
    data = b"hello from berth\n"; i = tarfile.TarInfo("hello.txt"); i.size = len(data); t.addfile(i, io.BytesIO(data))
diff = "sha256:" + hashlib.sha256(raw.getvalue()).hexdigest()
layer = blob(gzip.compress(raw.getvalue(), mtime=0))
config = blob(json.dumps({"architecture": "amd64", "os": "linux", "rootfs": {"type": "layers", "diff_ids": [diff]}}).encode())
manifest = blob(json.dumps({"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
    "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": config[0], "size": config[1]},
    "layers": [{"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip", "digest": layer[0], "size": layer[1]}]}).encode())
open(d + "/oci-layout", "w").write('{"imageLayoutVersion":"1.0.0"}')
open(d + "/index.json", "w").write(json.dumps({"schemaVersion": 2, "manifests": [{"mediaType": "application/vnd.oci.image.manifest.v1+json",
    "digest": manifest[0], "size": manifest[1], "annotations": {"org.opencontainers.image.ref.name": "1.0"}}]}))
PY
sleep 1
skopeo --insecure-policy copy -q --dest-tls-verify=false --dest-creds alice:demo-registry-pw oci:$w/layout:1.0 docker://127.0.0.1:$rp/team/app:1.0
# the server, with the connection and a ci token
printf 'demo-registry-pw' | BERTH_HOME=$w/server $BERTH_BIN connect generic --name lab --url 127.0.0.1:$rp --username alice --password-stdin >/dev/null
token=$(BERTH_HOME=$w/server $BERTH_BIN tokens create --org default --role ci --connections lab --output json | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
BERTH_HOME=$w/server $BERTH_BIN serve --urls http://127.0.0.1:$sp > $w/serve.log 2>&1 &
for _ in $(seq 1 300); do curl -sf http://127.0.0.1:$sp/healthz >/dev/null 2>&1 && break; sleep 0.2; done
# the runner: a fresh HOME, a link, an auth file; nothing else
r=$w/runner; mkdir -p $r/bin; ln -s $BERTH_BIN $r/bin/docker-credential-berth
echo '{"credHelpers":{"127.0.0.1:'$rp'":"berth"}}' > $r/auth.json
run() { env -i HOME=$r PATH=$r/bin:/usr/bin:/bin "$@"; }
echo "\$ printf '%s' \"\$CI_TOKEN\" | berth login http://127.0.0.1:$sp"
printf '%s' "$token" | run $BERTH_BIN login http://127.0.0.1:$sp
echo "\$ skopeo copy --authfile auth.json --src-tls-verify=false docker://127.0.0.1:$rp/team/app:1.0 oci:pulled:1.0"
run skopeo --insecure-policy copy --authfile $r/auth.json --src-tls-verify=false docker://127.0.0.1:$rp/team/app:1.0 oci:$r/pulled:1.0
echo "\$ ls -la ~ ~/.berth   (the runner's HOME)"
ls -la $r $r/.berth
echo "\$ find ~ -name 'berth.db*' -o -name master.key | wc -l"; find $r -name 'berth.db*' -o -name master.key | wc -l
echo "\$ echo 127.0.0.1:$rp | docker-credential-berth get | sed 's/\"Secret\":\"[^\"]*\"/\"Secret\":\"(redacted here)\"/'"
echo 127.0.0.1:$rp | run $r/bin/docker-credential-berth get | sed 's/"Secret":"[^"]*"/"Secret":"(redacted here)"/'
mkdir -p $r/k; ln -s $BERTH_BIN $r/k/berth-credential-provider
req='{"apiVersion":"credentialprovider.kubelet.k8s.io/v1","kind":"CredentialProviderRequest","image":"127.0.0.1:'$rp'/team/app:1.0"}'
echo "\$ echo '$req' | berth-credential-provider"
echo "$req" | run $r/k/berth-credential-provider | sed 's/"password": "[^"]*"/"password": "(redacted here)"/'
echo "\$ berth kubelet-credential-provider config"
run $BERTH_BIN kubelet-credential-provider config
