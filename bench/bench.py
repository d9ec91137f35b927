#!/usr/bin/env python3
"""Berth vs skopeo vs the raw curl floor, on real docker-registry instances on 127.0.0.1.

Called by bench/run.sh (which publishes the Native AOT berth first). Python 3 standard library only.
Environment: BERTH_BIN (required), ROUNDS (default 5), SMALL_REPS (default 10), BENCH_WORK (scratch dir),
BENCH_OUT (Markdown file to write), BENCH_ONLY (comma list of operation names to run, default all).
"""

import gzip
import hashlib
import http.client
import json
import os
import platform
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import zlib
from datetime import datetime, timezone

BERTH = os.environ["BERTH_BIN"]
ROUNDS = int(os.environ.get("ROUNDS", "5"))
SMALL_REPS = int(os.environ.get("SMALL_REPS", "10"))
WORK = os.environ.get("BENCH_WORK") or tempfile.mkdtemp(prefix="berth-bench-")
OUT = os.environ.get("BENCH_OUT")
ONLY = {s for s in os.environ.get("BENCH_ONLY", "").split(",") if s}
TAG_COUNT = int(os.environ.get("TAG_COUNT", "10000"))
MIB = 1024 * 1024
OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json"
ACCEPT = ",".join([
    OCI_MANIFEST,
    "application/vnd.oci.image.index.v1+json",
    "application/vnd.docker.distribution.manifest.v2+json",
    "application/vnd.docker.distribution.manifest.list.v2+json",
])
# skopeo (as root) keeps its blob-info cache in /var/lib/containers/cache and mounts blobs it has
# seen somewhere; each skopeo copy runs in a private mount namespace over an empty cache directory.
SKOPEO_CACHE = "/var/lib/containers/cache"
ENV = dict(os.environ, BERTH_HOME=os.path.join(WORK, "berth-home"), NO_COLOR="1")


def log(msg):
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Registry:
    """One docker-registry on 127.0.0.1 with filesystem storage in a fresh directory."""

    def __init__(self, name):
        self.dir = tempfile.mkdtemp(prefix=f"reg-{name}-", dir=WORK)
        self.port = free_port()
        self.host = f"127.0.0.1:{self.port}"
        config = os.path.join(self.dir, "config.yml")
        with open(config, "w") as f:
            f.write(f"""version: 0.1
log:
  level: error
  accesslog:
    disabled: true
storage:
  filesystem:
    rootdirectory: {self.dir}/data
  delete:
    enabled: true
  cache:
    blobdescriptor: inmemory
http:
  addr: 127.0.0.1:{self.port}
""")
        self.log = open(os.path.join(self.dir, "registry.log"), "w")
        self.proc = subprocess.Popen(["docker-registry", "serve", config], stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.time() + 20
        while True:
            try:
                c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
                c.request("GET", "/v2/")
                if c.getresponse().status == 200:
                    c.close()
                    break
            except OSError:
                pass
            if self.proc.poll() is not None or time.time() > deadline:
                raise RuntimeError(f"docker-registry on {self.host} did not start; see {self.dir}/registry.log")
            time.sleep(0.05)

    def stop(self):
        self.proc.terminate()
        self.proc.wait(10)
        self.log.close()
        shutil.rmtree(self.dir, ignore_errors=True)

    def manifest_digest(self, repo, ref):
        c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        c.request("HEAD", f"/v2/{repo}/manifests/{ref}", headers={"Accept": ACCEPT})
        r = c.getresponse()
        r.read()
        c.close()
        return r.getheader("Docker-Content-Digest") if r.status == 200 else None


# ---------------------------------------------------------------------------------------------
# Test images as OCI layouts. Layers are real gzip streams (stored deflate blocks of random
# bytes: incompressible, and cheap to make) so skopeo sees compressed layers and never recompresses.

def write_blob(layout, data):
    digest = hashlib.sha256(data).hexdigest()
    with open(os.path.join(layout, "blobs", "sha256", digest), "wb") as f:
        f.write(data)
    return "sha256:" + digest, len(data)


def write_layer(layout, size):
    tmp = os.path.join(layout, "blobs", "sha256", "layer.tmp")
    comp = zlib.compressobj(0, zlib.DEFLATED, 31)
    raw = hashlib.sha256()
    packed = hashlib.sha256()
    total = 0
    with open(tmp, "wb") as f:
        left = size
        while left > 0:
            chunk = os.urandom(min(left, 4 * MIB))
            left -= len(chunk)
            raw.update(chunk)
            out = comp.compress(chunk)
            packed.update(out)
            f.write(out)
            total += len(out)
        out = comp.flush()
        packed.update(out)
        f.write(out)
        total += len(out)
    digest = packed.hexdigest()
    os.rename(tmp, os.path.join(layout, "blobs", "sha256", digest))
    return {"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip", "digest": "sha256:" + digest, "size": total}, "sha256:" + raw.hexdigest()


def make_layout(layout, tag, layer_sizes):
    os.makedirs(os.path.join(layout, "blobs", "sha256"), exist_ok=True)
    layers, diff_ids = [], []
    for size in layer_sizes:
        desc, diff = write_layer(layout, size)
        layers.append(desc)
        diff_ids.append(diff)
    config = json.dumps({
        "created": "2024-01-01T00:00:00Z", "architecture": "amd64", "os": "linux",
        "config": {"Labels": {"bench": tag}},
        "rootfs": {"type": "layers", "diff_ids": diff_ids},
        "history": [{"created": "2024-01-01T00:00:00Z", "created_by": "bench.py"} for _ in layer_sizes],
    }, separators=(",", ":")).encode()
    cdigest, csize = write_blob(layout, config)
    manifest = json.dumps({
        "schemaVersion": 2, "mediaType": OCI_MANIFEST,
        "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": cdigest, "size": csize},
        "layers": layers,
    }, separators=(",", ":")).encode()
    mdigest, msize = write_blob(layout, manifest)
    with open(os.path.join(layout, "oci-layout"), "w") as f:
        f.write('{"imageLayoutVersion":"1.0.0"}')
    with open(os.path.join(layout, "index.json"), "w") as f:
        json.dump({"schemaVersion": 2, "manifests": [{
            "mediaType": OCI_MANIFEST, "digest": mdigest, "size": msize,
            "annotations": {"org.opencontainers.image.ref.name": tag}}]}, f)
    return mdigest


def put_many_tags(reg, repo, manifest, count, threads=8):
    """PUTs one manifest under t1..t<count-1> over keep-alive connections (t0 exists already)."""
    names = [f"t{i}" for i in range(1, count)]
    errors = []

    def worker(part):
        c = http.client.HTTPConnection("127.0.0.1", reg.port, timeout=60)
        for name in part:
            c.request("PUT", f"/v2/{repo}/manifests/{name}", body=manifest, headers={"Content-Type": OCI_MANIFEST})
            r = c.getresponse()
            r.read()
            if r.status != 201:
                errors.append((name, r.status))
        c.close()

    ts = [threading.Thread(target=worker, args=(names[i::threads],)) for i in range(threads)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    if errors:
        raise RuntimeError(f"tag PUTs failed: {errors[:3]}")


# ---------------------------------------------------------------------------------------------
# Running and timing. Every timed command runs under /usr/bin/time (both tools alike), which also
# gives its peak RSS.

def timed(argv, cwd=None):
    rss_file = os.path.join(WORK, "rss.txt")
    start = time.perf_counter()
    p = subprocess.run(["/usr/bin/time", "-f", "%M", "-o", rss_file] + argv, cwd=cwd, env=ENV,
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    wall = time.perf_counter() - start
    if p.returncode != 0:
        raise RuntimeError(f"{' '.join(argv)} failed ({p.returncode}): {p.stderr.decode(errors='replace')[-2000:]}")
    with open(rss_file) as f:
        rss_kib = int(f.read().strip().splitlines()[-1])
    return wall, rss_kib


def timed_shell(script):
    start = time.perf_counter()
    p = subprocess.run(["bash", "-c", "set -euo pipefail\n" + script], env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    wall = time.perf_counter() - start
    if p.returncode != 0:
        raise RuntimeError(f"floor script failed: {p.stderr.decode(errors='replace')[-2000:]}")
    return wall, None


def skopeo_isolated(args):
    """skopeo copy over an empty blob-info cache in a private mount namespace."""
    cache = tempfile.mkdtemp(prefix="skopeo-cache-", dir=WORK)
    script = f'mount --bind "$1" {SKOPEO_CACHE} && shift && exec skopeo "$@"'
    return ["unshare", "-m", "sh", "-c", script, "sh", cache] + args


def read_manifest_blobs(layout, digest):
    with open(os.path.join(layout, "blobs", "sha256", digest.split(":")[1]), "rb") as f:
        m = json.load(f)
    return [m["config"]] + m["layers"]


def curl_copy_floor(src, dst, repo, tag, blobs, manifest_path):
    # Each blob: POST opens an upload, then GET streams straight into a monolithic PUT; all at once.
    lines = []
    for b in blobs:
        d = b["digest"]
        lines.append(f"""(loc=$(curl -sS -o /dev/null -D - -X POST http://{dst}/v2/{repo}/blobs/uploads/ | tr -d '\\r' | awk 'tolower($1)=="location:"{{print $2}}')
  case "$loc" in http*) ;; *) loc="http://{dst}$loc";; esac
  case "$loc" in *\\?*) sep='&';; *) sep='?';; esac
  curl -sS -f http://{src}/v2/{repo}/blobs/{d} | curl -sS -f -o /dev/null -T - -H 'Content-Type: application/octet-stream' "$loc${{sep}}digest={d}") &""")
    lines.append("wait")
    lines.append(f"curl -sS -f -o /dev/null -X PUT -H 'Content-Type: {OCI_MANIFEST}' --data-binary @{manifest_path} http://{dst}/v2/{repo}/manifests/{tag}")
    return "\n".join(lines)


def curl_push_floor(layout, dst, repo, tag, blobs, manifest_path):
    lines = []
    for b in blobs:
        d = b["digest"]
        path = os.path.join(layout, "blobs", "sha256", d.split(":")[1])
        lines.append(f"""(loc=$(curl -sS -o /dev/null -D - -X POST http://{dst}/v2/{repo}/blobs/uploads/ | tr -d '\\r' | awk 'tolower($1)=="location:"{{print $2}}')
  case "$loc" in http*) ;; *) loc="http://{dst}$loc";; esac
  case "$loc" in *\\?*) sep='&';; *) sep='?';; esac
  curl -sS -f -o /dev/null -T {path} -H 'Content-Type: application/octet-stream' "$loc${{sep}}digest={d}") &""")
    lines.append("wait")
    lines.append(f"curl -sS -f -o /dev/null -X PUT -H 'Content-Type: {OCI_MANIFEST}' --data-binary @{manifest_path} http://{dst}/v2/{repo}/manifests/{tag}")
    return "\n".join(lines)


def curl_pull_floor(src, repo, tag, blobs, out):
    lines = [f"mkdir -p {out}",
             f"curl -sS -f -o {out}/manifest.json -H 'Accept: {ACCEPT}' http://{src}/v2/{repo}/manifests/{tag} &"]
    for b in blobs:
        d = b["digest"]
        lines.append(f"curl -sS -f -o {out}/{d.split(':')[1]} http://{src}/v2/{repo}/blobs/{d} &")
    lines.append("wait")
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------

results = {}  # op -> {tool: [walls], "rss": {tool: [kib]}}


def record(op, tool, wall, rss):
    entry = results.setdefault(op, {"wall": {}, "rss": {}})
    entry["wall"].setdefault(tool, []).append(wall)
    if rss is not None:
        entry["rss"].setdefault(tool, []).append(rss)
    log(f"{op:<22} {tool:<6} {wall:8.3f} s" + (f"  {rss / 1024:7.1f} MiB" if rss else ""))


def wanted(op):
    return not ONLY or op in ONLY


def order(round_no):
    tools = ["floor", "skopeo", "berth"]
    k = round_no % 3
    return tools[k:] + tools[:k]


def main():
    os.makedirs(ENV["BERTH_HOME"], exist_ok=True)
    log(f"work dir {WORK}; berth {BERTH}; rounds {ROUNDS}")
    images = {"big8": [64 * MIB] * 8, "big1g": [1024 * MIB]}
    layouts, digests, blobsets = {}, {}, {}
    src = Registry("source")
    try:
        for name, sizes in images.items():
            if not any(wanted(f"{kind}-{name}") for kind in ("copy", "pull", "push")) and not (name == "big8" and wanted("inspect")):
                continue
            layout = os.path.join(WORK, "layout-" + name)
            log(f"building {name} ({len(sizes)} x {sizes[0] // MIB} MiB) as an OCI layout")
            digests[name] = make_layout(layout, "1", sizes)
            layouts[name] = layout
            blobsets[name] = read_manifest_blobs(layout, digests[name])
            subprocess.run(["skopeo", "copy", "-q", "--dest-tls-verify=false", f"oci:{layout}:1",
                            f"docker://{src.host}/bench/{name}:1"], check=True, env=ENV)
            got = src.manifest_digest(f"bench/{name}", "1")
            if got != digests[name]:
                raise RuntimeError(f"skopeo changed the digest of {name}: {digests[name]} -> {got}")

        if wanted("tags"):
            log(f"building a repository of {TAG_COUNT} tags")
            small = os.path.join(WORK, "layout-small")
            small_digest = make_layout(small, "t0", [1024])
            subprocess.run(["skopeo", "copy", "-q", "--dest-tls-verify=false", f"oci:{small}:t0",
                            f"docker://{src.host}/bench/tags:t0"], check=True, env=ENV)
            with open(os.path.join(small, "blobs", "sha256", small_digest.split(":")[1]), "rb") as f:
                small_manifest = f.read()
            t = time.perf_counter()
            put_many_tags(src, "bench/tags", small_manifest, TAG_COUNT)
            log(f"  {TAG_COUNT} tags in {time.perf_counter() - t:.1f} s")

        for r in range(ROUNDS):
            log(f"round {r + 1}/{ROUNDS}")
            for name in layouts:
                repo = f"bench/{name}"
                mpath = os.path.join(layouts[name], "blobs", "sha256", digests[name].split(":")[1])
                if wanted(f"copy-{name}"):
                    for tool in order(r):
                        dst = Registry("dest")
                        try:
                            if tool == "floor":
                                wall, rss = timed_shell(curl_copy_floor(src.host, dst.host, repo, "1", blobsets[name], mpath))
                            elif tool == "skopeo":
                                wall, rss = timed(skopeo_isolated(["copy", "-q", "--src-tls-verify=false", "--dest-tls-verify=false",
                                                                   f"docker://{src.host}/{repo}:1", f"docker://{dst.host}/{repo}:1"]))
                            else:
                                wall, rss = timed([BERTH, "copy", f"{src.host}/{repo}:1", f"{dst.host}/{repo}:1"])
                            got = dst.manifest_digest(repo, "1")
                            if got != digests[name]:
                                raise RuntimeError(f"{tool} copy of {name}: destination digest {got}, expected {digests[name]}")
                            record(f"copy-{name}", tool, wall, rss)
                        finally:
                            dst.stop()

                if wanted(f"pull-{name}"):
                    for tool in order(r):
                        out = tempfile.mkdtemp(prefix="pull-", dir=WORK)
                        target = os.path.join(out, "layout")
                        try:
                            if tool == "floor":
                                wall, rss = timed_shell(curl_pull_floor(src.host, repo, "1", blobsets[name], target))
                            elif tool == "skopeo":
                                wall, rss = timed(skopeo_isolated(["copy", "-q", "--src-tls-verify=false",
                                                                   f"docker://{src.host}/{repo}:1", f"oci:{target}:1"]))
                            else:
                                wall, rss = timed([BERTH, "pull", f"{src.host}/{repo}:1", target])
                            if tool != "floor":
                                with open(os.path.join(target, "index.json")) as f:
                                    idx = json.load(f)
                                if digests[name] not in [m["digest"] for m in idx["manifests"]]:
                                    raise RuntimeError(f"{tool} pull of {name}: index.json lacks {digests[name]}")
                            record(f"pull-{name}", tool, wall, rss)
                        finally:
                            shutil.rmtree(out, ignore_errors=True)

                if wanted(f"push-{name}"):
                    for tool in order(r):
                        dst = Registry("push")
                        try:
                            if tool == "floor":
                                wall, rss = timed_shell(curl_push_floor(layouts[name], dst.host, repo, "1", blobsets[name], mpath))
                            elif tool == "skopeo":
                                wall, rss = timed(skopeo_isolated(["copy", "-q", "--dest-tls-verify=false",
                                                                   f"oci:{layouts[name]}:1", f"docker://{dst.host}/{repo}:1"]))
                            else:
                                wall, rss = timed([BERTH, "push", layouts[name], f"{dst.host}/{repo}:1"])
                            got = dst.manifest_digest(repo, "1")
                            if got != digests[name]:
                                raise RuntimeError(f"{tool} push of {name}: destination digest {got}, expected {digests[name]}")
                            record(f"push-{name}", tool, wall, rss)
                        finally:
                            dst.stop()

            if wanted("tags"):
                for _ in range(SMALL_REPS):
                    for tool in order(r):
                        if tool == "floor":
                            # One GET; the registry answers all tags in one page when no n is asked.
                            wall, rss = timed_shell(f"curl -sS -f -o /dev/null http://{src.host}/v2/bench/tags/tags/list")
                        elif tool == "skopeo":
                            wall, rss = timed(["skopeo", "list-tags", "--tls-verify=false", f"docker://{src.host}/bench/tags"])
                        else:
                            wall, rss = timed([BERTH, "tags", f"{src.host}/bench/tags"])
                        record(f"tags-{TAG_COUNT}", tool, wall, rss)

            if wanted("inspect") and "big8" in digests:
                config = blobsets["big8"][0]["digest"]
                for _ in range(SMALL_REPS):
                    for tool in order(r):
                        if tool == "floor":
                            # Manifest and config over one connection, as inspect needs both.
                            wall, rss = timed_shell(f"curl -sS -f -o /dev/null -o /dev/null -H 'Accept: {ACCEPT}' "
                                                    f"http://{src.host}/v2/bench/big8/manifests/1 http://{src.host}/v2/bench/big8/blobs/{config}")
                        elif tool == "skopeo":
                            wall, rss = timed(["skopeo", "inspect", "--tls-verify=false", f"docker://{src.host}/bench/big8:1"])
                        else:
                            wall, rss = timed([BERTH, "inspect", f"{src.host}/bench/big8:1"])
                        record("inspect", tool, wall, rss)
        report()
    finally:
        # The 10,000-tag repository makes this rmtree take a while; the report is out already.
        src.stop()


def fmt_time(s):
    return f"{s * 1000:.0f} ms" if s < 1 else f"{s:.2f} s"


def report():
    mem_kib = 0
    with open("/proc/meminfo") as f:
        for line in f:
            if line.startswith("MemTotal:"):
                mem_kib = int(line.split()[1])
    cpu = ""
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    sk = subprocess.run(["skopeo", "--version"], capture_output=True, text=True).stdout.strip()
    lines = [
        f"# Berth benchmark — {datetime.now(timezone.utc).strftime('%Y-%m-%d %H:%M UTC')}",
        "",
        f"Machine: {os.cpu_count()} CPUs ({cpu}), {mem_kib / 1024 / 1024:.1f} GiB RAM, {platform.system()} {platform.release()}; "
        f"{sk}; docker-registry on 127.0.0.1 (filesystem storage). Rounds: {ROUNDS} (small commands: {ROUNDS}×{SMALL_REPS} runs). "
        "Tools alternate within each round; every copy/push goes into a fresh, empty registry; skopeo runs over an empty blob-info cache.",
        "",
        "| operation | floor (curl) | skopeo median | berth median | berth/skopeo | berth/floor | berth peak RSS | skopeo peak RSS |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for op, e in results.items():
        med = {tool: statistics.median(v) for tool, v in e["wall"].items()}
        rss = {tool: max(v) / 1024 for tool, v in e["rss"].items()}
        f, s, b = med.get("floor"), med.get("skopeo"), med.get("berth")
        lines.append("| {} | {} | {} | {} | {} | {} | {} | {} |".format(
            op,
            fmt_time(f) if f else "–", fmt_time(s) if s else "–", fmt_time(b) if b else "–",
            f"{b / s:.2f}×" if b and s else "–", f"{b / f:.2f}×" if b and f else "–",
            f"{rss['berth']:.0f} MiB" if "berth" in rss else "–",
            f"{rss['skopeo']:.0f} MiB" if "skopeo" in rss else "–"))
    lines.append("")
    lines.append("Raw wall times (s), in run order:")
    lines.append("")
    for op, e in results.items():
        for tool, v in e["wall"].items():
            lines.append(f"- {op} {tool}: " + ", ".join(f"{x:.3f}" for x in v))
    text = "\n".join(lines) + "\n"
    sys.stdout.write(text)
    if OUT:
        os.makedirs(os.path.dirname(OUT), exist_ok=True)
        with open(OUT, "w") as fo:
            fo.write(text)


if __name__ == "__main__":
    main()
