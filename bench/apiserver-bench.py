#!/usr/bin/env python3
"""Benchmark for the swift-osm embedded Kubernetes API server.

What it does (all traffic goes to 127.0.0.1 only):

  1. Starts a throw-away cluster (`osm cluster up --detach`) from the binary given by
     --osm, in a temporary data dir on a free port; stops it and deletes the dir at the end.
  2. Creates --objects ConfigMaps spread over --namespaces namespaces with --clients
     concurrent clients, each on one keep-alive HTTPS connection; prints objects/s and the
     p50/p99 latency of one create.
  3. Creates --pods Pods (one container each; no node needed, they just sit in the store)
     over --pod-namespaces namespaces, then times `kubectl get pods -A` (--runs runs, warm
     discovery cache) and, separately, the raw HTTP Table list GET /api/v1/pods.
  4. Opens --watchers concurrent watches on /api/v1/namespaces/bench/configmaps from the
     current resourceVersion, makes --watch-writes writes (half creates, half merge-patch
     updates) at --watch-rate writes/s, and measures, for every (event, watcher) pair, the
     delay from the moment the write's response was read to the moment the watcher read
     the event line (events matched by object name + resourceVersion).
  5. Prints a summary table with each figure beside its target and an empty "peer" column.

Python 3.11 standard library only. Usage:

    python3 bench/apiserver-bench.py [--osm PATH] [--build debug|release]

Figures are client-side: they include the Python client's own overhead (GIL, TLS,
JSON), which matters most for the concurrent create phase.
"""

import argparse
import http.client
import json
import os
import selectors
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import threading
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TABLE_ACCEPT = "application/json;as=Table;v=v1;g=meta.k8s.io"
WATCH_NAMESPACE = "bench"
HTTP_TIMEOUT = 30.0          # seconds, every HTTP request
MAX_ERRORS_PER_CLIENT = 50   # a create client gives up after this many failures


# --------------------------------------------------------------------------- helpers

def log(msg):
    print(msg, flush=True)


def percentile(values, p):
    """Nearest-rank percentile (p in 0..100) of a list of numbers; None when empty."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * p // 100))  # ceil(n * p / 100), at least 1
    return ordered[min(len(ordered), int(rank)) - 1]


def ms(seconds):
    """Seconds -> 'N.N ms' text ('-' for None)."""
    return "-" if seconds is None else f"{seconds * 1000:.1f} ms"


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def default_osm():
    release = os.path.join(REPO, ".build", "release", "osm")
    return release if os.path.exists(release) else os.path.join(REPO, ".build", "debug", "osm")


def guess_build(path):
    """'debug' / 'release' from the binary's path, else 'unknown'."""
    parts = os.path.realpath(path).split(os.sep)
    for kind in ("debug", "release"):
        if kind in parts or any(p.endswith("-" + kind) for p in parts):
            return kind
    return "unknown"


def pid_alive(pid):
    try:
        os.kill(pid, 0)
        return True
    except ProcessLookupError:
        return False
    except PermissionError:
        return True


# --------------------------------------------------------------------------- cluster

class Cluster:
    """One `osm cluster up --detach` in its own temporary data dir."""

    def __init__(self, osm, port):
        self.osm = osm
        self.port = port
        self.data_dir = tempfile.mkdtemp(prefix="osm-bench-")
        self.pid = None
        self.token = None
        self.ssl_context = None

    @property
    def kubeconfig(self):
        return os.path.join(self.data_dir, "admin.kubeconfig")

    def up(self):
        cmd = [self.osm, "cluster", "up", "--data-dir", self.data_dir, "--port", str(self.port),
               "--detach", "--no-kubeconfig-merge"]
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
        if out.returncode != 0:
            raise RuntimeError(f"cluster up failed ({out.returncode}): {out.stderr.strip() or out.stdout.strip()}")
        log(f"  {out.stdout.strip()}")
        with open(os.path.join(self.data_dir, "apiserver.pid")) as f:
            self.pid = int(f.read().strip())
        with open(os.path.join(self.data_dir, "pki", "admin.token")) as f:
            self.token = f.read().strip()
        self.ssl_context = ssl.create_default_context(cafile=os.path.join(self.data_dir, "pki", "ca.crt"))
        self.wait_ready(timeout=60)

    def wait_ready(self, timeout):
        deadline = time.monotonic() + timeout
        last = None
        while time.monotonic() < deadline:
            try:
                status, _ = Client(self).request("GET", "/version")
                if status == 200:
                    return
                last = f"HTTP {status}"
            except (OSError, http.client.HTTPException) as e:
                last = repr(e)
            time.sleep(0.2)
        raise RuntimeError(f"API server not ready after {timeout}s: {last}")

    def down(self):
        """Stop the server (cluster down, then by pid if it lingers) and delete the data dir."""
        try:
            if self.pid is not None:
                out = subprocess.run([self.osm, "cluster", "down", "--data-dir", self.data_dir],
                                     capture_output=True, text=True, timeout=60)
                log(f"  {(out.stdout or out.stderr).strip()}")
                deadline = time.monotonic() + 15
                while pid_alive(self.pid) and time.monotonic() < deadline:
                    time.sleep(0.1)
                for sig in (signal.SIGTERM, signal.SIGKILL):
                    if not pid_alive(self.pid):
                        break
                    log(f"  server pid {self.pid} still running; sending {sig.name}")
                    os.kill(self.pid, sig)
                    time.sleep(2)
        finally:
            shutil.rmtree(self.data_dir, ignore_errors=True)


class CountingHTTPSConnection(http.client.HTTPSConnection):
    """An HTTPSConnection that counts how often it (re)connects, to show keep-alive works."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.connects = 0

    def connect(self):
        self.connects += 1
        super().connect()


class Client:
    """One keep-alive HTTPS connection to the API server with the admin token."""

    def __init__(self, cluster):
        self.auth = f"Bearer {cluster.token}"
        self.conn = CountingHTTPSConnection("127.0.0.1", cluster.port, context=cluster.ssl_context,
                                            timeout=HTTP_TIMEOUT)

    def request(self, method, path, body=None, accept="application/json",
                content_type="application/json"):
        """Returns (status, body bytes). On a transport error closes the connection and re-raises."""
        headers = {"Authorization": self.auth, "Accept": accept}
        if body is not None:
            headers["Content-Type"] = content_type
        try:
            self.conn.request(method, path, body=body, headers=headers)
            resp = self.conn.getresponse()
            return resp.status, resp.read()
        except (OSError, http.client.HTTPException):
            self.conn.close()
            raise

    def close(self):
        self.conn.close()


def create_namespace(client, name):
    body = json.dumps({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": name}}).encode()
    status, data = client.request("POST", "/api/v1/namespaces", body)
    if status not in (200, 201, 409):
        raise RuntimeError(f"create namespace {name}: HTTP {status}: {data[:300]!r}")


# --------------------------------------------------------------------------- creating many objects

def create_many(cluster, items, clients):
    """POST every (path, body) in items using `clients` threads, one keep-alive connection each.

    Returns dict(wall, latencies, errors, connects): per-request latencies in seconds, up to
    a few sample errors plus their total count, and the number of TCP connections opened.
    """
    latencies = [[] for _ in range(clients)]
    errors = [[] for _ in range(clients)]
    connects = [0] * clients

    def worker(idx):
        client = Client(cluster)
        for path, body in items[idx::clients]:
            t0 = time.perf_counter()
            try:
                status, data = client.request("POST", path, body)
            except (OSError, http.client.HTTPException) as e:
                errors[idx].append(f"POST {path}: {type(e).__name__}: {e}")
            else:
                if status in (200, 201, 202):
                    latencies[idx].append(time.perf_counter() - t0)
                else:
                    errors[idx].append(f"POST {path}: HTTP {status}: {data[:300].decode(errors='replace')}")
            if len(errors[idx]) >= MAX_ERRORS_PER_CLIENT:
                errors[idx].append(f"client {idx} gave up after {MAX_ERRORS_PER_CLIENT} errors")
                break
        connects[idx] = client.conn.connects
        client.close()

    threads = [threading.Thread(target=worker, args=(i,), daemon=True) for i in range(clients)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=3600)
    wall = time.perf_counter() - start
    all_errors = [e for errs in errors for e in errs]
    return {"wall": wall, "latencies": [x for lat in latencies for x in lat],
            "errors": all_errors, "connects": sum(connects)}


def report_errors(label, errors, show=5):
    if errors:
        log(f"  !! {label}: {len(errors)} errors; first {min(show, len(errors))}:")
        for e in errors[:show]:
            log(f"     {e}")


def phase_configmaps(cluster, args, results):
    log(f"\n[2] create {args.objects} ConfigMaps over {args.namespaces} namespaces, {args.clients} clients")
    client = Client(cluster)
    namespaces = [f"bench-cm-{i}" for i in range(args.namespaces)]
    for ns in namespaces:
        create_namespace(client, ns)
    client.close()
    items = []
    for i in range(args.objects):
        ns = namespaces[i % len(namespaces)]
        body = {"apiVersion": "v1", "kind": "ConfigMap",
                "metadata": {"name": f"cm-{i:05d}", "labels": {"bench": "configmaps"}},
                "data": {"index": str(i), "payload": "x" * 64}}
        items.append((f"/api/v1/namespaces/{ns}/configmaps", json.dumps(body).encode()))
    r = create_many(cluster, items, args.clients)
    ok = len(r["latencies"])
    rate = ok / r["wall"] if r["wall"] > 0 else 0.0
    p50, p99 = percentile(r["latencies"], 50), percentile(r["latencies"], 99)
    log(f"  {ok}/{args.objects} created in {r['wall']:.2f} s = {rate:.1f} objects/s; "
        f"create latency p50 {ms(p50)}, p99 {ms(p99)}, max {ms(max(r['latencies'], default=None))}; "
        f"{r['connects']} TCP connections")
    report_errors("ConfigMap creates", r["errors"])
    results.update(cm_rate=rate, cm_p50=p50, cm_p99=p99, cm_ok=ok, cm_errors=len(r["errors"]))


# --------------------------------------------------------------------------- listing pods

def time_kubectl(cluster, args, cache_dir):
    """Wall time of `kubectl get pods -A` over args.runs runs after two warm-up runs."""
    cmd = [args.kubectl, "--kubeconfig", cluster.kubeconfig, "--cache-dir", cache_dir, "get", "pods", "-A"]
    times, problems, lines = [], [], None
    for run in range(2 + args.runs):
        t0 = time.perf_counter()
        try:
            out = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
        except subprocess.TimeoutExpired:
            problems.append("kubectl timed out after 120 s")
            continue
        elapsed = time.perf_counter() - t0
        if out.returncode != 0:
            problems.append(f"kubectl exit {out.returncode}: {out.stderr.strip()[:300]}")
            continue
        if out.stderr.strip():
            problems.append(f"kubectl stderr: {out.stderr.strip()[:300]}")
        lines = len(out.stdout.splitlines())
        if run >= 2:
            times.append(elapsed)
    return times, problems, lines


def time_raw_list(cluster, runs, path, paged):
    """Times a Table list of `path` on one warm keep-alive connection.

    With paged=True it follows `continue` tokens with limit=500, as kubectl does.
    Returns (times, rows, bytes, problems).
    """
    client = Client(cluster)
    times, rows, size, problems = [], 0, 0, []
    for run in range(1 + runs):
        t0 = time.perf_counter()
        rows, size, token = 0, 0, ""
        for _page in range(1000):  # bounded paging
            query = "?limit=500" + (f"&continue={token}" if token else "") if paged else ""
            status, data = client.request("GET", path + query, accept=TABLE_ACCEPT)
            if status != 200:
                problems.append(f"GET {path}{query}: HTTP {status}: {data[:300]!r}")
                break
            doc = json.loads(data)
            rows += len(doc.get("rows", []))
            size += len(data)
            token = doc.get("metadata", {}).get("continue", "")
            if not paged or not token:
                break
        if run >= 1:
            times.append(time.perf_counter() - t0)
    client.close()
    return times, rows, size, problems


def phase_pods(cluster, args, results):
    log(f"\n[3] create {args.pods} Pods over {args.pod_namespaces} namespaces; list them {args.runs} times")
    client = Client(cluster)
    namespaces = [f"bench-pods-{i}" for i in range(args.pod_namespaces)]
    for ns in namespaces:
        create_namespace(client, ns)
    client.close()
    items = []
    for i in range(args.pods):
        ns = namespaces[i % len(namespaces)]
        body = {"apiVersion": "v1", "kind": "Pod",
                "metadata": {"name": f"pod-{i:04d}", "labels": {"app": f"bench-{i % 10}"}},
                "spec": {"containers": [{"name": "main", "image": "registry.local/bench:1"}]}}
        items.append((f"/api/v1/namespaces/{ns}/pods", json.dumps(body).encode()))
    r = create_many(cluster, items, args.clients)
    ok = len(r["latencies"])
    log(f"  {ok}/{args.pods} pods created in {r['wall']:.2f} s = {ok / r['wall']:.1f} pods/s; "
        f"create p50 {ms(percentile(r['latencies'], 50))}, p99 {ms(percentile(r['latencies'], 99))}")
    report_errors("Pod creates", r["errors"])

    cache_dir = os.path.join(cluster.data_dir, "kubectl-cache")
    times, problems, lines = time_kubectl(cluster, args, cache_dir)
    k50, k90 = percentile(times, 50), percentile(times, 90)
    log(f"  kubectl get pods -A: {len(times)} runs, median {ms(k50)}, p90 {ms(k90)}, "
        f"min {ms(min(times, default=None))}, max {ms(max(times, default=None))}; "
        f"{lines} output lines (expected {ok + 1})")
    report_errors("kubectl", problems)

    raw_times, rows, size, raw_problems = time_raw_list(cluster, args.runs, "/api/v1/pods", paged=False)
    r50, r90 = percentile(raw_times, 50), percentile(raw_times, 90)
    log(f"  raw GET /api/v1/pods (Table): median {ms(r50)}, p90 {ms(r90)}; {rows} rows, {size / 1024:.0f} KiB")
    report_errors("raw Table list", raw_problems)

    pg_times, pg_rows, pg_size, pg_problems = time_raw_list(cluster, args.runs, "/api/v1/pods", paged=True)
    g50, g90 = percentile(pg_times, 50), percentile(pg_times, 90)
    log(f"  raw GET /api/v1/pods?limit=500 + continue (Table, as kubectl pages): median {ms(g50)}, "
        f"p90 {ms(g90)}; {pg_rows} rows, {pg_size / 1024:.0f} KiB")
    report_errors("raw paged Table list", pg_problems)

    results.update(pods_ok=ok, kubectl_p50=k50, kubectl_p90=k90, raw_p50=r50, raw_p90=r90,
                   paged_p50=g50, paged_p90=g90,
                   pod_errors=len(r["errors"]) + len(problems) + len(raw_problems) + len(pg_problems))


# --------------------------------------------------------------------------- watch delivery

class WatchStream:
    """One raw watch connection: parses the HTTP head, chunked framing and event lines.

    Every complete line is kept with the perf_counter time of the recv() that completed it.
    """

    def __init__(self, index, sock):
        self.index = index
        self.sock = sock
        self.raw = bytearray()    # bytes not yet de-chunked
        self.body = bytearray()   # de-chunked bytes not yet split into lines
        self.status = None
        self.head = ""
        self.chunked = False
        self.ended = False
        self.error = None
        self.lines = []           # (time, line bytes)

    def feed(self, data, t):
        self.raw += data
        if self.status is None:
            end = self.raw.find(b"\r\n\r\n")
            if end < 0:
                return
            self.head = self.raw[:end].decode("latin-1")
            del self.raw[:end + 4]
            head_lines = self.head.split("\r\n")
            self.status = int(head_lines[0].split()[1])
            for line in head_lines[1:]:
                name, _, value = line.partition(":")
                if name.strip().lower() == "transfer-encoding" and "chunked" in value.lower():
                    self.chunked = True
        if self.chunked:
            self._dechunk()
        else:
            self.body += self.raw
            self.raw.clear()
        while True:
            nl = self.body.find(b"\n")
            if nl < 0:
                break
            self.lines.append((t, bytes(self.body[:nl])))
            del self.body[:nl + 1]

    def _dechunk(self):
        while not self.ended:
            crlf = self.raw.find(b"\r\n")
            if crlf < 0:
                return
            size = int(self.raw[:crlf].split(b";")[0], 16)
            if size == 0:
                self.ended = True
                return
            if len(self.raw) < crlf + 2 + size + 2:
                return
            self.body += self.raw[crlf + 2:crlf + 2 + size]
            del self.raw[:crlf + 2 + size + 2]


class WatchReceiver(threading.Thread):
    """Reads all watch sockets from one thread with a selector, timestamping each recv."""

    def __init__(self, streams, deadline):
        super().__init__(daemon=True)
        self.streams = streams
        self.deadline = deadline
        self.stop = threading.Event()
        self.selector = selectors.DefaultSelector()
        for s in streams:
            s.sock.setblocking(False)
            self.selector.register(s.sock, selectors.EVENT_READ, s)

    def run(self):
        while not self.stop.is_set() and time.perf_counter() < self.deadline:
            if not self.selector.get_map():
                return
            for key, _ in self.selector.select(timeout=0.05):
                stream = key.data
                for _ in range(1000):  # drain this socket (TLS may hold several records)
                    t = time.perf_counter()
                    try:
                        data = stream.sock.recv(65536)
                    except (ssl.SSLWantReadError, ssl.SSLWantWriteError, BlockingIOError):
                        break
                    except OSError as e:
                        stream.error = f"{type(e).__name__}: {e}"
                        self.selector.unregister(stream.sock)
                        break
                    if not data:
                        stream.error = stream.error or "connection closed by server"
                        self.selector.unregister(stream.sock)
                        break
                    stream.feed(data, t)

    def close(self):
        self.selector.close()
        for s in self.streams:
            try:
                s.sock.close()
            except OSError:
                pass


def open_watch(cluster, index, path):
    sock = socket.create_connection(("127.0.0.1", cluster.port), timeout=10)
    tls = cluster.ssl_context.wrap_socket(sock, server_hostname="127.0.0.1")
    request = (f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{cluster.port}\r\n"
               f"Authorization: Bearer {cluster.token}\r\nAccept: application/json\r\n"
               f"User-Agent: osm-apiserver-bench\r\n\r\n")
    tls.sendall(request.encode())
    return WatchStream(index, tls)


def do_watch_writes(cluster, args):
    """Half creates, half merge-patch updates in WATCH_NAMESPACE, paced at args.watch_rate/s.

    Returns ({(name, resourceVersion): response time}, write latencies, errors).
    """
    client = Client(cluster)
    base = f"/api/v1/namespaces/{WATCH_NAMESPACE}/configmaps"
    creates = (args.watch_writes + 1) // 2
    written, latencies, errors = {}, [], []
    start = time.perf_counter()
    for k in range(args.watch_writes):
        pause = start + k / args.watch_rate - time.perf_counter()
        if pause > 0:
            time.sleep(pause)
        name = f"w-{k % creates:04d}"
        if k < creates:
            method, path, ctype = "POST", base, "application/json"
            body = {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": name}, "data": {"v": "0"}}
        else:
            method, path, ctype = "PATCH", f"{base}/{name}", "application/merge-patch+json"
            body = {"data": {"v": str(k)}}
        t0 = time.perf_counter()
        try:
            status, data = client.request(method, path, json.dumps(body).encode(), content_type=ctype)
        except (OSError, http.client.HTTPException) as e:
            errors.append(f"{method} {path}: {type(e).__name__}: {e}")
            continue
        t1 = time.perf_counter()
        if status not in (200, 201):
            errors.append(f"{method} {path}: HTTP {status}: {data[:300].decode(errors='replace')}")
            continue
        latencies.append(t1 - t0)
        rv = json.loads(data)["metadata"]["resourceVersion"]
        written[(name, rv)] = t1
    client.close()
    return written, latencies, errors


def phase_watch(cluster, args, results):
    log(f"\n[4] watch delivery: {args.watchers} watches on namespace {WATCH_NAMESPACE}, "
        f"{args.watch_writes} writes at {args.watch_rate:g}/s")
    client = Client(cluster)
    create_namespace(client, WATCH_NAMESPACE)
    status, data = client.request("GET", f"/api/v1/namespaces/{WATCH_NAMESPACE}/configmaps")
    client.close()
    if status != 200:
        raise RuntimeError(f"list configmaps: HTTP {status}: {data[:300]!r}")
    rv = json.loads(data)["metadata"]["resourceVersion"]
    path = f"/api/v1/namespaces/{WATCH_NAMESPACE}/configmaps?watch=true&resourceVersion={rv}"

    streams, open_errors = [], []
    for i in range(args.watchers):
        try:
            streams.append(open_watch(cluster, i, path))
        except (OSError, ssl.SSLError) as e:
            open_errors.append(f"watch {i}: {type(e).__name__}: {e}")
    write_time = args.watch_writes / args.watch_rate
    receiver = WatchReceiver(streams, deadline=time.perf_counter() + write_time + 120)
    receiver.start()
    try:
        # Wait (bounded) until every watch has its response head, so writes start on open watches.
        deadline = time.perf_counter() + 15
        while time.perf_counter() < deadline and any(s.status is None and s.error is None for s in streams):
            time.sleep(0.02)
        waiting = sum(1 for s in streams if s.status is None)
        if waiting:
            log(f"  !! {waiting} watches had no response head after 15 s (writes start anyway)")
        bad = [s for s in streams if s.status not in (None, 200)]
        for s in bad[:3]:
            log(f"  !! watch {s.index}: HTTP {s.status}: {bytes(s.body[:300])!r}")

        written, write_lat, write_errors = do_watch_writes(cluster, args)

        # Drain: wait (bounded) until every watch has at least one line per successful write.
        deadline = time.perf_counter() + args.drain_timeout
        while time.perf_counter() < deadline and any(
                len(s.lines) < len(written) and s.error is None for s in streams if s.status == 200):
            time.sleep(0.05)
        time.sleep(0.2)
    finally:
        receiver.stop.set()
        receiver.join(timeout=10)
        receiver.close()

    delays, unmatched, other_types, missing = [], 0, {}, 0
    for s in streams:
        seen = set()
        for t, line in s.lines:
            try:
                event = json.loads(line)
                meta = event["object"]["metadata"]
                key = (meta["name"], meta["resourceVersion"])
            except (ValueError, KeyError, TypeError):
                label = f"unparsable: {line[:120]!r}"
                other_types[label] = other_types.get(label, 0) + 1
                continue
            kind = event.get("type")
            if kind not in ("ADDED", "MODIFIED"):
                other_types[kind] = other_types.get(kind, 0) + 1
            if key in written and key not in seen:
                seen.add(key)
                delays.append(t - written[key])
            else:
                unmatched += 1
        missing += len(written) - len(seen)
    expected = len(written) * len(streams)
    p50, p99 = percentile(delays, 50), percentile(delays, 99)
    worst = max(delays, default=None)
    negative = sum(1 for d in delays if d < 0)
    log(f"  writes: {len(written)}/{args.watch_writes} ok, write latency p50 {ms(percentile(write_lat, 50))}, "
        f"p99 {ms(percentile(write_lat, 99))}")
    log(f"  delivered {len(delays)}/{expected} (event, watcher) pairs; missing {missing}; "
        f"unmatched lines {unmatched}; other event types {other_types or 'none'}")
    log(f"  delivery delay p50 {ms(p50)}, p99 {ms(p99)}, max {ms(worst)}, min {ms(min(delays, default=None))} "
        f"({negative} events reached a watcher before the write's response was read)")
    stream_errors = [f"watch {s.index}: {s.error}" for s in streams if s.error]
    report_errors("watch writes", write_errors)
    report_errors("watch opens", open_errors)
    report_errors("watch streams", stream_errors)
    results.update(watch_p50=p50, watch_p99=p99, watch_max=worst, watch_delivered=len(delays),
                   watch_expected=expected,
                   watch_errors=len(write_errors) + len(open_errors) + len(stream_errors) + len(bad) + missing)


# --------------------------------------------------------------------------- summary

def verdict(value, target):
    if value is None:
        return "n/a"
    return "ok" if value <= target else "MISSED"


def print_summary(results, build, osm):
    r = results.get
    rows = [
        ("ConfigMap creates/s", f"{r('cm_rate', 0):.0f}/s", "-", ""),
        ("ConfigMap create p50 / p99", f"{ms(r('cm_p50'))} / {ms(r('cm_p99'))}", "-", ""),
        ("kubectl get pods -A median / p90", f"{ms(r('kubectl_p50'))} / {ms(r('kubectl_p90'))}",
         "<= 200 ms", verdict(r("kubectl_p50"), 0.200) + " / " + verdict(r("kubectl_p90"), 0.200)),
        ("raw Table list /api/v1/pods median / p90", f"{ms(r('raw_p50'))} / {ms(r('raw_p90'))}", "-", ""),
        ("raw Table list, limit=500 pages med / p90", f"{ms(r('paged_p50'))} / {ms(r('paged_p90'))}", "-", ""),
        ("watch delivery p50 / p99", f"{ms(r('watch_p50'))} / {ms(r('watch_p99'))}",
         "p99 <= 50 ms", verdict(r("watch_p99"), 0.050)),
        ("watch delivery max", ms(r("watch_max")), "-", ""),
    ]
    errors = sum(r(k, 0) for k in ("cm_errors", "pod_errors", "watch_errors"))
    log(f"\n== summary: swift-osm API server, {build} build ({osm}) ==")
    width = max(len(row[0]) for row in rows)
    log(f"{'metric':<{width}}  {'swift-osm':<22}  {'target':<13}  {'verdict':<15}  peer")
    for name, value, target, ok in rows:
        log(f"{name:<{width}}  {value:<22}  {target:<13}  {ok:<15}  -")
    log(f"errors / missing events: {errors}")
    log("peer: no peer API server (kube-apiserver, k3s, ...) runs on this machine; the peer column is")
    log("      left empty for a comparison run elsewhere.")
    if build != "release":
        log(f"note: this is a {build} build; a release build is expected to be considerably faster.")


# --------------------------------------------------------------------------- main

def parse_args():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--osm", default=default_osm(), help="osm binary (default: .build/release/osm, else .build/debug/osm)")
    p.add_argument("--build", default="auto", choices=["auto", "debug", "release"],
                   help="build kind to print in the output (auto: guessed from the path)")
    p.add_argument("--port", type=int, default=0, help="API server port (default: a free port)")
    p.add_argument("--kubectl", default="/usr/bin/kubectl")
    p.add_argument("--objects", type=int, default=10000, help="ConfigMaps to create")
    p.add_argument("--namespaces", type=int, default=10, help="namespaces for the ConfigMaps")
    p.add_argument("--clients", type=int, default=4, help="concurrent create clients")
    p.add_argument("--pods", type=int, default=1000)
    p.add_argument("--pod-namespaces", type=int, default=5)
    p.add_argument("--runs", type=int, default=10, help="timed runs of each list")
    p.add_argument("--watchers", type=int, default=100)
    p.add_argument("--watch-writes", type=int, default=200)
    p.add_argument("--watch-rate", type=float, default=20.0, help="writes per second during the watch phase")
    p.add_argument("--drain-timeout", type=float, default=10.0, help="seconds to wait for late watch events")
    return p.parse_args()


def main():
    args = parse_args()
    if not os.access(args.osm, os.X_OK):
        sys.exit(f"osm binary not found or not executable: {args.osm}")
    if args.watch_rate <= 0 or min(args.clients, args.runs, args.watchers, args.namespaces, args.pod_namespaces) < 1:
        sys.exit("--watch-rate, --clients, --runs, --watchers and the namespace counts must be positive")
    build = guess_build(args.osm) if args.build == "auto" else args.build
    # Shorter GIL slices so the watch receiver thread is not held up by the writer thread.
    sys.setswitchinterval(0.001)
    log(f"swift-osm API server benchmark: {args.osm} ({build} build), {os.cpu_count()} CPUs, "
        f"load average {os.getloadavg()[0]:.2f} at start")
    cluster = Cluster(args.osm, args.port or free_port())
    results = {}
    try:
        log(f"\n[1] cluster up on 127.0.0.1:{cluster.port}, data dir {cluster.data_dir}")
        cluster.up()
        phase_configmaps(cluster, args, results)
        phase_pods(cluster, args, results)
        phase_watch(cluster, args, results)
    finally:
        log("\n[5] cluster down")
        cluster.down()
    log(f"load average at end: {os.getloadavg()[0]:.2f}")
    print_summary(results, build, args.osm)


if __name__ == "__main__":
    main()
