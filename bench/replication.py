#!/usr/bin/env python3
"""Incremental replication cost: a Berth replication run over 100 unchanged tags, beside `skopeo sync` and
`berth sync` of the same tags, on real docker-registry instances on 127.0.0.1.

Called by bench/replication.sh. Python 3 standard library only. Every registry writes its access log; the requests
each tool sends to each side during an unchanged run are counted from those logs (HEAD/GET of manifests, tag
lists, blobs, the rest), and wall times are taken per round with the tools alternating. Environment: SERVER_BIN
(berth-server), BERTH_BIN (berth CLI), ROUNDS (default 5), TAGS (default 100), BENCH_WORK, BENCH_OUT.
"""

import hashlib
import http.client
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import datetime, timezone

SERVER = os.environ["SERVER_BIN"]
BERTH = os.environ["BERTH_BIN"]
ROUNDS = int(os.environ.get("ROUNDS", "5"))
TAGS = int(os.environ.get("TAGS", "100"))
WORK = os.environ.get("BENCH_WORK") or tempfile.mkdtemp(prefix="berth-repl-bench-")
OUT = os.environ.get("BENCH_OUT")
OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json"
LINE = re.compile(r'"(GET|HEAD|PUT|POST|PATCH|DELETE) (\S+) HTTP/[0-9.]+" (\d{3})')


def log(msg):
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Registry:
    """A docker-registry on 127.0.0.1 whose access log (one line per request) goes to a file."""

    def __init__(self, name):
        self.dir = tempfile.mkdtemp(prefix=f"reg-{name}-", dir=WORK)
        self.port = free_port()
        self.host = f"127.0.0.1:{self.port}"
        config = os.path.join(self.dir, "config.yml")
        with open(config, "w") as f:
            f.write(f"""version: 0.1
log:
  level: error
storage:
  filesystem:
    rootdirectory: {self.dir}/data
  cache:
    blobdescriptor: inmemory
http:
  addr: 127.0.0.1:{self.port}
""")
        self.logpath = os.path.join(self.dir, "access.log")
        self.log = open(self.logpath, "w")
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
                raise RuntimeError(f"docker-registry on {self.host} did not start")
            time.sleep(0.05)

    def mark(self):
        self.log.flush()
        return os.path.getsize(self.logpath)

    def requests_since(self, offset):
        time.sleep(0.3)  # the registry writes the access line after the response
        with open(self.logpath, "r", errors="replace") as f:
            f.seek(offset)
            return [m.groups() for m in map(LINE.search, f.read().splitlines()) if m]

    def stop(self):
        self.proc.terminate()
        self.proc.wait(10)
        self.log.close()


def classify(requests):
    counts = {}
    for method, path, _status in requests:
        if "/manifests/" in path:
            kind = f"manifest {method}"
        elif path.split("?")[0].endswith("/tags/list"):
            kind = "tags/list"
        elif "/blobs/" in path:
            kind = f"blob {method}"
        elif path.split("?")[0] in ("/v2/", "/v2"):
            kind = "ping"
        else:
            kind = f"other {method}"
        counts[kind] = counts.get(kind, 0) + 1
    return counts


def seed(reg, repo):
    """One small image (config + one layer) under t0..t<TAGS-1>."""
    def put_blob(data):
        digest = "sha256:" + hashlib.sha256(data).hexdigest()
        c = http.client.HTTPConnection("127.0.0.1", reg.port, timeout=30)
        c.request("POST", f"/v2/{repo}/blobs/uploads/")
        r = c.getresponse()
        r.read()
        location = r.getheader("Location")
        sep = "&" if "?" in location else "?"
        c.request("PUT", f"{location}{sep}digest={digest}", body=data, headers={"Content-Type": "application/octet-stream"})
        r = c.getresponse()
        r.read()
        c.close()
        if r.status != 201:
            raise RuntimeError(f"blob upload failed: {r.status}")
        return digest, len(data)

    layer = os.urandom(4096)
    config = json.dumps({"architecture": "amd64", "os": "linux", "rootfs": {"type": "layers", "diff_ids": ["sha256:" + hashlib.sha256(layer).hexdigest()]}}).encode()
    cd, cs = put_blob(config)
    ld, ls = put_blob(layer)
    manifest = json.dumps({"schemaVersion": 2, "mediaType": OCI_MANIFEST,
                           "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": cd, "size": cs},
                           "layers": [{"mediaType": "application/vnd.oci.image.layer.v1.tar", "digest": ld, "size": ls}]}).encode()
    c = http.client.HTTPConnection("127.0.0.1", reg.port, timeout=30)
    for i in range(TAGS):
        c.request("PUT", f"/v2/{repo}/manifests/t{i}", body=manifest, headers={"Content-Type": OCI_MANIFEST})
        r = c.getresponse()
        r.read()
        if r.status != 201:
            raise RuntimeError(f"tag PUT failed: {r.status}")
    c.close()


class Server:
    """berth-server on 127.0.0.1 over a fresh data directory (SQLite), with its bootstrap admin token."""

    def __init__(self):
        self.dir = tempfile.mkdtemp(prefix="berth-server-", dir=WORK)
        self.port = free_port()
        self.out = open(os.path.join(self.dir, "server.log"), "w+")
        env = dict(os.environ)
        env.pop("BERTH_DATABASE", None)
        self.proc = subprocess.Popen([SERVER, "--urls", f"http://127.0.0.1:{self.port}", "--data-dir", self.dir], stdout=self.out, stderr=subprocess.STDOUT, env=env)
        deadline = time.time() + 90
        self.token = None
        while self.token is None:
            self.out.flush()
            with open(self.out.name) as f:
                m = re.search(r"berth_[A-Za-z0-9_-]{43}", f.read())
            if m and self.up():
                self.token = m.group(0)
            elif self.proc.poll() is not None or time.time() > deadline:
                raise RuntimeError("berth-server did not start: " + open(self.out.name).read())
            else:
                time.sleep(0.2)

    def up(self):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/healthz", timeout=2) as r:
                return r.status == 200
        except OSError:
            return False

    def call(self, method, path, body=None):
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(f"http://127.0.0.1:{self.port}/api/v1/{path}", data=data, method=method,
                                     headers={"Authorization": f"Bearer {self.token}", "Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=120) as r:
            text = r.read()
            return json.loads(text) if text else None

    def run(self, policy):
        """Runs the policy; returns (server-side seconds from start to finish, the finished run)."""
        run = self.call("POST", f"replications/{policy}/run")
        while run["status"] in ("queued", "running"):
            time.sleep(0.05)
            run = self.call("GET", f"replications/{policy}/runs/{run['id']}")
        if run["status"] != "succeeded":
            raise RuntimeError(f"run failed: {run}")
        started = datetime.fromisoformat(run["started"])
        finished = datetime.fromisoformat(run["finished"])
        return (finished - started).total_seconds(), run

    def stop(self):
        self.proc.terminate()
        self.proc.wait(20)


def timed(argv, env=None):
    start = time.perf_counter()
    p = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    wall = time.perf_counter() - start
    if p.returncode != 0:
        raise RuntimeError(f"{argv[0]} failed ({p.returncode}): {p.stderr.decode(errors='replace')[-2000:]}")
    return wall


def main():
    src, dst = Registry("src"), Registry("dst")
    server = None
    results = {}
    try:
        log(f"seeding {TAGS} tags of one small image")
        seed(src, "bench/app")
        server = Server()
        server.call("POST", "registries?verify=false", {"name": "src", "type": "generic", "url": f"http://{src.host}"})
        server.call("POST", "registries?verify=false", {"name": "dst", "type": "generic", "url": f"http://{dst.host}"})
        server.call("POST", "replications", {"name": "bench", "sourceRegistry": "src", "repositories": ["bench/app"],
                                             "destinationRegistry": "dst", "destinationNamespace": "replicated"})
        home = os.path.join(WORK, "berth-home")
        cli_env = dict(os.environ, BERTH_HOME=home, NO_COLOR="1")

        tools = {
            "berth replication (server)": lambda: server.run("bench")[0],
            "berth sync (CLI)": lambda: timed([BERTH, "sync", "--insecure", f"{src.host}/bench/app", f"{dst.host}/cli/bench/app"], cli_env),
            "skopeo sync": lambda: timed(["skopeo", "sync", "--src", "docker", "--dest", "docker", "--src-tls-verify=false",
                                          "--dest-tls-verify=false", f"{src.host}/bench/app", f"{dst.host}/skopeo"]),
        }
        log("priming: each tool copies every tag once")
        for name, run in tools.items():
            run()
        _, primed = server.run("bench")
        if primed["unchanged"] != TAGS:
            raise RuntimeError(f"the replication did not find {TAGS} unchanged tags: {primed['unchanged']}")

        names = list(tools)
        for r in range(ROUNDS):
            order = names if r % 2 == 0 else list(reversed(names))
            for name in order:
                marks = (src.mark(), dst.mark())
                seconds = tools[name]()
                results.setdefault(name, {"times": [], "src": [], "dst": []})
                results[name]["times"].append(seconds)
                results[name]["src"].append(classify(src.requests_since(marks[0])))
                results[name]["dst"].append(classify(dst.requests_since(marks[1])))
            log(f"round {r + 1}/{ROUNDS} done")
    finally:
        if server:
            server.stop()
        src.stop()
        dst.stop()

    report(results)


def per_tag(counts, kind):
    return statistics.median(c.get(kind, 0) for c in counts) / TAGS


def fmt(counts):
    merged = {}
    for c in counts:
        for k, v in c.items():
            merged.setdefault(k, []).append(v)
    return ", ".join(f"{k} {statistics.median(v):g}" for k, v in sorted(merged.items()))


def report(results):
    skopeo = statistics.median(results["skopeo sync"]["times"])
    lines = [
        f"# Incremental replication: {TAGS} unchanged tags",
        "",
        f"`bench/replication.sh`, {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC, {ROUNDS} rounds (tools alternate), {os.cpu_count()} CPUs; "
        "requests counted from each registry's access log during one unchanged run (medians over the rounds).",
        "",
        "| tool | median wall | vs skopeo | manifest HEAD per tag (src / dst) | manifest GET per tag (src / dst) | all requests src | all requests dst |",
        "| --- | ---: | ---: | ---: | ---: | --- | --- |",
    ]
    for name, r in results.items():
        t = statistics.median(r["times"])
        lines.append(f"| {name} | {t * 1000:.0f} ms | {t / skopeo:.2f}× | {per_tag(r['src'], 'manifest HEAD'):.2f} / {per_tag(r['dst'], 'manifest HEAD'):.2f} | "
                     f"{per_tag(r['src'], 'manifest GET'):.2f} / {per_tag(r['dst'], 'manifest GET'):.2f} | {fmt(r['src'])} | {fmt(r['dst'])} |")
    lines += ["", "The replication's wall time is the server's own (run started → finished); the CLI tools' include their process start."]
    text = "\n".join(lines) + "\n"
    print(text)
    if OUT:
        with open(OUT, "w") as f:
            f.write(text)


if __name__ == "__main__":
    main()
