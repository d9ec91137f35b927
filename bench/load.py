#!/usr/bin/env python3
"""Server load benchmark (issue 15 item 7): the real berth-server on SQLite and on PostgreSQL, driven by
Apache Bench (`ab`, Debian apache2-utils) with keep-alive, several rounds, medians.

Per backend, one server process; in one run, interleaved per round and concurrency:
  healthz       GET /healthz (the baseline: no auth, no database)
  list-20       GET /api/v1/registries with 20 registries (their one page)
  creds         GET /api/v1/registries/{name}/credentials of a generic (non-expiring) credential
  resolve       GET /api/v1/credentials/resolve?server=HOST/NAMESPACE: what the remote credential helper and the
                kubelet provider ask (longest-prefix resolution, then the same audited credential read)
then 980 more registries are added and, again beside the baseline:
  list-1000     GET /api/v1/registries with 1,000 registries: the first page (default limit 50)
  list-1000/20  the same with ?limit=20 (the same page size as list-20)
Reports requests/s, p50 and p99 (ms) at 1, 16 and 64 concurrent clients, and every non-2xx answer.

ab speaks HTTP/1.0: it keeps a connection (-k) only for answers that carry a Content-Length. /healthz and the lists
do; the credential answers are written as they are serialised (no length), so for them each request opens a new
connection, as it did for every target before lists and health had lengths.

Environment: ROUNDS (3), SECONDS per measurement (3), BACKENDS (sqlite,postgres), OUT (bench/results/load.md).
"""
import concurrent.futures, csv, http.client, json, os, re, shutil, socket, statistics, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SERVER = os.path.join(ROOT, "src/Berth.Server/bin/Release/net10.0/berth-server")
ROUNDS = int(os.environ.get("ROUNDS", "3"))
SECONDS = int(os.environ.get("SECONDS", "3"))
BACKENDS = os.environ.get("BACKENDS", "sqlite,postgres").split(",")
OUT = os.environ.get("OUT", os.path.join(ROOT, "bench/results/load.md"))
CONCURRENCY = [1, 16, 64]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run(cmd, **kw):
    return subprocess.run(cmd, check=True, capture_output=True, text=True, **kw)


class Postgres:
    """A throwaway cluster (fsync off), as the tests' PostgresCluster starts one."""

    def __init__(self):
        versions = sorted(os.listdir("/usr/lib/postgresql"))
        self.bin = f"/usr/lib/postgresql/{versions[-1]}/bin"
        self.root = tempfile.mkdtemp(prefix="berth-load-pg-")
        shutil.chown(self.root, "postgres", "postgres") if os.geteuid() == 0 else None
        self.data = os.path.join(self.root, "data")
        self.port = free_port()
        self._pg([f"{self.bin}/initdb", "-D", self.data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-locale", "--no-sync"])
        self._pg([f"{self.bin}/pg_ctl", "-D", self.data, "-l", os.path.join(self.root, "log"), "-w", "-o",
                  f"-k {self.root} -h 127.0.0.1 -p {self.port} -c fsync=off -c synchronous_commit=off -c full_page_writes=off", "start"])

    def _pg(self, cmd):
        run((["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []) + cmd)

    @property
    def connection_string(self):
        return f"Host=127.0.0.1;Port={self.port};Username=postgres;Database=postgres"

    def stop(self):
        try:
            self._pg([f"{self.bin}/pg_ctl", "-D", self.data, "-m", "immediate", "-w", "stop"])
        finally:
            shutil.rmtree(self.root, ignore_errors=True)


class Server:
    def __init__(self, database):
        self.dir = tempfile.mkdtemp(prefix="berth-load-")
        self.port = free_port()
        env = dict(os.environ, BERTH_HOME=self.dir, BERTH_URLS=f"http://127.0.0.1:{self.port}",
                   # The per-token quota stays on (its cost is measured) but far above what one token sends here.
                   BERTH_TOKEN_REQUESTS_PER_MINUTE="100000000")
        env.pop("BERTH_DATABASE", None)
        if database:
            env["BERTH_DATABASE"] = database
        self.log = open(os.path.join(self.dir, "server.log"), "w")
        self.proc = subprocess.Popen([SERVER], env=env, stdout=subprocess.PIPE, stderr=self.log, text=True)
        self.token = None
        deadline = time.time() + 120
        for line in self.proc.stdout:
            m = re.search(r"berth_[A-Za-z0-9_-]{43}", line)
            if m:
                self.token = m.group(0)
            if "serving the API" in line:
                break
            if time.time() > deadline:
                raise RuntimeError("server did not start")
        if not self.token:
            raise RuntimeError("no bootstrap token printed")
        # Keep reading stdout so the server never blocks on a full pipe.
        self._drain = concurrent.futures.ThreadPoolExecutor(1).submit(lambda: [None for _ in self.proc.stdout])

    def request(self, method, path, body=None):
        c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        headers = {"Authorization": f"Bearer {self.token}", "Content-Type": "application/json"}
        c.request(method, path, json.dumps(body) if body is not None else None, headers)
        r = c.getresponse()
        data = r.read()
        c.close()
        return r.status, data

    def add_registries(self, start, count):
        # Addresses that refuse at once (the discard port on loopback): the background health and listing jobs
        # verify every new registry, and an unresolvable name would make them wait on DNS during the measurements.
        def one(i):
            status, data = self.request("POST", "/api/v1/registries?verify=false",
                                        {"name": f"reg-{i:04d}", "type": "generic", "url": f"127.0.0.1:9/team-{i:04d}",
                                         "username": f"user{i}", "password": f"password-{i:04d}-0123456789"})
            if status != 201:
                raise RuntimeError(f"creating reg-{i:04d}: {status} {data[:200]!r}")
        with concurrent.futures.ThreadPoolExecutor(4) as pool:
            list(pool.map(one, range(start, start + count)))

    def stop(self):
        self.proc.terminate()
        try:
            self.proc.wait(30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self.log.close()
        shutil.rmtree(self.dir, ignore_errors=True)


def ab(server, path, concurrency, auth):
    csv_file = tempfile.mktemp(prefix="ab-", suffix=".csv")
    cmd = ["ab", "-k", "-q", "-t", str(SECONDS), "-n", "10000000", "-c", str(concurrency), "-e", csv_file, "-s", "30"]
    if auth:
        cmd += ["-H", f"Authorization: Bearer {server.token}"]
    cmd.append(f"http://127.0.0.1:{server.port}{path}")
    out = subprocess.run(cmd, capture_output=True, text=True).stdout
    rps = float(re.search(r"Requests per second:\s+([\d.]+)", out).group(1))
    done = int(re.search(r"Complete requests:\s+(\d+)", out).group(1))
    # ab counts a body whose length differs from the first as "failed" (Length); a list's body legitimately changes
    # when a background verify records health. Only connect, receive and exception failures are failures.
    failed = sum(int(m) for m in re.findall(r"(?:Connect|Receive|Exceptions): (\d+)", out))
    non2xx = int(m.group(1)) if (m := re.search(r"Non-2xx responses:\s+(\d+)", out)) else 0
    percent = {}
    with open(csv_file) as f:
        for row in csv.reader(f):
            if row and row[0].isdigit():
                percent[int(row[0])] = float(row[1])
    os.unlink(csv_file)
    return {"rps": rps, "p50": percent[50], "p99": percent[99], "n": done, "bad": failed + non2xx}


def measure(server, targets, results, backend):
    # Warm-up, not counted: the JIT's tiers, connection pools and caches settle before the first round.
    for name, path, auth in targets:
        ab(server, path, 16, auth)
    for round_no in range(ROUNDS):
        for c in CONCURRENCY:
            order = targets[round_no % len(targets):] + targets[:round_no % len(targets)]
            for name, path, auth in order:
                results.setdefault((backend, name, c), []).append(ab(server, path, c, auth))
        print(f"  {backend}: round {round_no + 1}/{ROUNDS} done", file=sys.stderr)


def bench_backend(backend, results):
    pg = Postgres() if backend == "postgres" else None
    server = Server(pg.connection_string if pg else None)
    try:
        server.add_registries(0, 20)
        status, body = server.request("GET", "/api/v1/registries")
        assert status == 200 and len(json.loads(body)) == 20, (status, body[:200])
        phase1 = [("healthz", "/healthz", False), ("list-20", "/api/v1/registries", True),
                  ("creds", "/api/v1/registries/reg-0007/credentials", True),
                  ("resolve", "/api/v1/credentials/resolve?server=127.0.0.1:9/team-0007", True)]
        measure(server, phase1, results, backend)
        server.add_registries(20, 980)
        status, body = server.request("GET", "/api/v1/registries")
        assert status == 200 and len(json.loads(body)) == 50, (status, body[:200])
        phase2 = [("healthz (2)", "/healthz", False), ("list-1000", "/api/v1/registries", True),
                  ("list-1000/20", "/api/v1/registries?limit=20", True)]
        measure(server, phase2, results, backend)
    finally:
        server.stop()
        if pg:
            pg.stop()


def main():
    if not shutil.which("ab"):
        sys.exit("ab is missing: apt-get install -y apache2-utils")
    if not os.path.exists(SERVER):
        sys.exit(f"{SERVER} is missing: dotnet build src/Berth.Server -c Release")
    results = {}
    for backend in BACKENDS:
        print(f"{backend} ...", file=sys.stderr)
        bench_backend(backend, results)

    med = lambda runs, key: statistics.median(r[key] for r in runs)
    lines = [f"Medians of {ROUNDS} rounds of {SECONDS} s each (`ab -k`), per backend and concurrency; targets in one run, "
             f"interleaved; {os.cpu_count()} cores. `bad` = non-2xx + failed answers over all rounds.", ""]
    for backend in BACKENDS:
        lines += [f"### {backend}", "", "| target | clients | req/s | p50 ms | p99 ms | bad | req/s ÷ healthz |", "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
        for c in CONCURRENCY:
            for name in ["healthz", "list-20", "creds", "resolve", "healthz (2)", "list-1000", "list-1000/20"]:
                runs = results.get((backend, name, c))
                if not runs:
                    continue
                base = results[(backend, "healthz (2)" if name.startswith("list-1000") else "healthz", c)]
                ratio = med(runs, "rps") / med(base, "rps")
                lines.append(f"| {name} | {c} | {med(runs, 'rps'):.0f} | {med(runs, 'p50'):.2f} | {med(runs, 'p99'):.2f} | "
                             f"{sum(r['bad'] for r in runs)} | {ratio:.2f} |")
        l20 = med(results[(backend, "list-20", 16)], "rps")
        l1000 = med(results[(backend, "list-1000", 16)], "rps")
        l1000_20 = med(results[(backend, "list-1000/20", 16)], "rps")
        lines += ["", f"At 16 clients: list-1000 first page (50 rows) ÷ list-20 = {l1000 / l20:.2f}; "
                  f"list-1000 ?limit=20 ÷ list-20 = {l1000_20 / l20:.2f} (target ≥ 0.80); "
                  f"list-20 ÷ healthz = {l20 / med(results[(backend, 'healthz', 16)], 'rps'):.2f} (target ≥ 0.50); "
                  f"list-20 p99 = {med(results[(backend, 'list-20', 16)], 'p99'):.1f} ms (target ≤ 20).", ""]
    text = "\n".join(lines)
    print(text)
    with open(OUT + ".table", "w") as f:
        f.write(text + "\n")


if __name__ == "__main__":
    main()
