#!/usr/bin/env python3
"""Interleaved A/B of `berth pull` binaries against the curl floor, with CPU time. Not a test.

    python3 bench/pull_ab.py IMAGE ROUNDS NAME=BINARY[,VAR=VALUE...] [NAME=BINARY...]

IMAGE is big1g (one 1 GiB layer), big8 (8 x 64 MiB) or big512 (one 512 MiB layer), built and pushed
once to a docker-registry on 127.0.0.1 exactly as bench.py builds them. Each round runs the floor
(bench.py's curl_pull_floor: parallel curl GETs to files) and every binary, rotating the order, into
a fresh directory; VAR=VALUE pairs are set in that binary's environment. GAP (seconds, default 0)
sleeps before each run: on a VM whose balloon reports free memory to the host, memory freed seconds
earlier behaves differently from memory freed just now, and the full bench has other tools between
berth's runs. Prints, per tool, the median wall time, its ratio to the floor of the same run, the
median user and system CPU time (the steadier figures on a shared machine) and the registry's CPU.
"""

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

here = os.path.dirname(os.path.abspath(__file__))
image, rounds = sys.argv[1], int(sys.argv[2])
bins, envs = [], {}
for spec in sys.argv[3:]:
    name, rest = spec.split("=", 1)
    parts = rest.split(",")
    bins.append((name, parts[0]))
    envs[name] = dict(p.split("=", 1) for p in parts[1:])
os.environ.setdefault("BERTH_BIN", bins[0][1])
work = tempfile.mkdtemp(prefix="pull-ab-")
os.environ["BENCH_WORK"] = work
sys.argv = sys.argv[:1]
sys.path.insert(0, here)
import bench as B  # noqa: E402  (reads BERTH_BIN and BENCH_WORK at import)

GAP = float(os.environ.get("GAP", "0"))


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def run(argv, extra=None):
    start = time.perf_counter()
    p = subprocess.Popen(argv, env=dict(B.ENV, **(extra or {})), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(p.pid, 0)
    wall = time.perf_counter() - start
    err = p.stderr.read().decode(errors="replace")
    p.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"{argv[0]} failed: {err[-2000:]}")
    return wall, usage.ru_utime, usage.ru_stime


def main():
    sizes = {"big1g": [1024 * B.MIB], "big8": [64 * B.MIB] * 8, "big512": [512 * B.MIB]}[image]
    os.makedirs(B.ENV["BERTH_HOME"], exist_ok=True)
    src = B.Registry("source")
    try:
        layout = os.path.join(work, "layout")
        digest = B.make_layout(layout, "1", sizes)
        blobs = B.read_manifest_blobs(layout, digest)
        subprocess.run(["skopeo", "copy", "-q", "--dest-tls-verify=false", f"oci:{layout}:1",
                        f"docker://{src.host}/bench/{image}:1"], check=True)
        tools = ["floor"] + [name for name, _ in bins]
        results = {t: [] for t in tools}
        load_before = os.getloadavg()
        for r in range(rounds):
            k = r % len(tools)
            for tool in tools[k:] + tools[:k]:
                time.sleep(GAP)
                out = tempfile.mkdtemp(prefix="pull-", dir=work)
                target = os.path.join(out, "layout")
                registry_cpu = cpu_seconds(src.proc.pid)
                if tool == "floor":
                    script = "set -euo pipefail\n" + B.curl_pull_floor(src.host, f"bench/{image}", "1", blobs, target)
                    wall, user, system = run(["bash", "-c", script])
                else:
                    wall, user, system = run([dict(bins)[tool], "pull", f"{src.host}/bench/{image}:1", target], envs[tool])
                    with open(os.path.join(target, "index.json")) as f:
                        if digest not in [m["digest"] for m in json.load(f)["manifests"]]:
                            raise RuntimeError(f"{tool}: index.json lacks {digest}")
                registry_cpu = cpu_seconds(src.proc.pid) - registry_cpu
                shutil.rmtree(out, ignore_errors=True)
                results[tool].append((wall, user, system, registry_cpu))
                B.log(f"round {r + 1} {tool:<10} wall {wall:6.3f} s  user {user:5.2f}  sys {system:5.2f}  registry {registry_cpu:5.2f}")
        floor = statistics.median(x[0] for x in results["floor"])
        print(f"pull {image}, {rounds} rounds, GAP {GAP:g} s, load average {load_before[0]:.1f} before, {os.getloadavg()[0]:.1f} after")
        print()
        print("| tool | median wall | vs floor | user | sys | user+sys | registry CPU |")
        print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
        for t in tools:
            med = lambda i: statistics.median(x[i] for x in results[t])  # noqa: E731
            cpu = statistics.median(x[1] + x[2] for x in results[t])
            print(f"| {t} | {med(0):.3f} s | {med(0) / floor:.2f}× | {med(1):.2f} s | {med(2):.2f} s | {cpu:.2f} s | {med(3):.2f} s |")
        print()
        for t in tools:
            print(f"- {t} wall: " + ", ".join(f"{x[0]:.3f}" for x in results[t]))
    finally:
        src.stop()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
