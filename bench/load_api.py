"""Load test of the HTTP API on loopback: latency percentiles, errors, server memory.

Starts `multipolar serve` on 127.0.0.1 (a free port) over a store, then sends a bounded number
of requests from a fixed number of concurrent clients over a mix of endpoints: events with
filters and pagination, dyad series, network, documents, briefs, analyze, health, the workbench
views (series, map, conflict, dyads, actor search, document list, reviews) as JSON, CSV and
Parquet, and a share
of deliberately bad requests (which must get their documented 4xx). Prints p50/p90/p99 latency
per endpoint and overall, the status counts, the 5xx count, and the server's resident memory
(RSS) before, after and at its peak. Exit code 1 if any response was a 5xx or not the expected
status, or a request failed at the connection level.

    python bench/load_api.py                      # builds a store from 40 Guardian articles
    python bench/load_api.py --db multipolar.duckdb --requests 2000 --concurrency 20

Everything stays on 127.0.0.1; nothing else is contacted.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx2

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
HOST = "127.0.0.1"

ANALYZE_TEXTS = [
    "Chinese President Xi Jinping arrived in Moscow on Wednesday for a state visit.",
    "The United States imposed tariffs of 145% on Chinese goods, officials said.",
    "Iran accused Israel of attacking its embassy in Damascus.",
    "The EU will provide €50bn in aid to Ukraine, Ursula von der Leyen said.",
]


@dataclass(frozen=True, slots=True)
class Call:
    """One request of the mix and the statuses it may get."""

    name: str
    method: str
    path: str
    params: dict[str, Any] | None = None
    body: bytes | None = None
    expect: frozenset[int] = frozenset({200})


@dataclass
class Outcome:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    statuses: Counter[int] = field(default_factory=Counter)
    unexpected: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)  # connection errors, timeouts
    rss_peak_kib: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def server_errors(self) -> int:
        return sum(n for status, n in self.statuses.items() if status >= 500)


# --- the server ------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


@contextmanager
def serve(db: Path, *, port: int | None = None, token: str | None = None,
          extra: list[str] | None = None, timeout: float = 120.0
          ) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """Run `multipolar serve --db DB --port PORT` (default host) until the block ends."""
    port = port or free_port()
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    env.pop("MULTIPOLAR_API_TOKEN", None)
    if token:
        env["MULTIPOLAR_API_TOKEN"] = token
    command = [sys.executable, "-m", "multipolar", "serve", "--db", str(db), "--port",
               str(port), *(extra or [])]
    base = f"http://{HOST}:{port}"
    with tempfile.TemporaryFile() as log:
        proc = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=env)
        try:
            _wait_until_up(proc, base, log, timeout)
            yield base, proc
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def _wait_until_up(proc: subprocess.Popen[bytes], base: str, log: Any, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while True:
        if proc.poll() is not None:
            log.seek(0)
            raise RuntimeError(f"server exited with {proc.returncode}: "
                               f"{log.read().decode(errors='replace')[-2000:]}")
        try:
            if httpx2.get(f"{base}/api/health", timeout=2.0).status_code == 200:
                return
        except httpx2.TransportError:
            pass
        if time.monotonic() > deadline:
            raise RuntimeError(f"server did not answer on {base} within {timeout:.0f}s")
        time.sleep(0.2)


def rss_kib(pid: int) -> tuple[int, int]:
    """(current, peak) resident set size of a process in KiB, from /proc (Linux)."""
    values = {}
    with open(f"/proc/{pid}/status", encoding="ascii") as f:
        for line in f:
            key, _, rest = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                values[key] = int(rest.split()[0])
    return values.get("VmRSS", 0), values.get("VmHWM", 0)


def listening_addresses(port: int) -> set[str]:
    """The local IPv4/IPv6 addresses with a socket listening on `port` (from /proc/net)."""
    found = set()
    for table, width in (("/proc/net/tcp", 8), ("/proc/net/tcp6", 32)):
        try:
            lines = Path(table).read_text(encoding="ascii").splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            parts = line.split()
            local, state = parts[1], parts[3]
            address, _, hex_port = local.partition(":")
            if state == "0A" and int(hex_port, 16) == port and len(address) == width:
                found.add(_decode_address(address))
    return found


def _decode_address(hex_address: str) -> str:
    raw = bytes.fromhex(hex_address)
    if len(raw) == 4:
        return socket.inet_ntop(socket.AF_INET, raw[::-1])
    words = b"".join(raw[i:i + 4][::-1] for i in range(0, 16, 4))
    return socket.inet_ntop(socket.AF_INET6, words)


# --- the request mix -------------------------------------------------------------------------


def discover(base: str) -> dict[str, list[str]]:
    """Ids, actors and dyads present in the store, so the mix asks for real data."""
    events = httpx2.get(f"{base}/api/events", params={"limit": 500}, timeout=60).json()["events"]
    actors = sorted({(e.get("actor1") or "")[:3] for e in events} - {""})
    dyads = sorted({(e["actor1"][:3], e["actor2"][:3]) for e in events
                    if e.get("actor1") and e.get("actor2")})
    docs = sorted({e["first_doc_id"] for e in events if e.get("first_doc_id")})
    return {"actors": actors or ["CHN"], "dyads": [f"{a}:{b}" for a, b in dyads] or ["CHN:RUS"],
            "docs": docs, "events": [e["id"] for e in events]}


def build_mix(found: dict[str, list[str]], *, analyze_share: float) -> list[tuple[float, Any]]:
    """(weight, factory) pairs; each factory draws one Call from a Random."""
    actors, dyads, docs = found["actors"], found["dyads"], found["docs"]

    def events(r: random.Random) -> Call:
        params: dict[str, Any] = {"limit": r.choice([10, 50, 200]),
                                  "offset": r.choice([0, 0, 10, 50])}
        choice = r.random()
        if choice < 0.3:
            params["actor"] = r.choice(actors)
        elif choice < 0.5:
            params["dyad"] = r.choice(dyads)
        elif choice < 0.6:
            params["code"] = r.choice(["04", "05", "11", "19", "042"])
        if r.random() < 0.3:
            params["since"] = "2015-01-01"
        return Call("events", "GET", "/api/events", params)

    def series(r: random.Random) -> Call:
        a, b = r.choice(dyads).split(":")
        return Call("dyad_series", "GET", f"/api/dyads/{a}/{b}/series",
                    {"by": r.choice(["day", "week", "month"])})

    def network(r: random.Random) -> Call:
        return Call("network", "GET", "/api/network", {"level": r.choice(["country", "actor"])})

    def document(r: random.Random) -> Call:
        if not docs:
            return Call("health", "GET", "/api/health")
        return Call("document", "GET", f"/api/documents/{r.choice(docs)}")

    def brief(r: random.Random) -> Call:
        a, b = r.choice(dyads).split(":")
        params = {"a": a, "b": b} if r.random() < 0.5 else {"a": a}
        return Call("brief", "GET", "/api/brief", params)

    def analyze(r: random.Random) -> Call:
        body = json.dumps({"text": r.choice(ANALYZE_TEXTS), "published": "2025-05-07"})
        return Call("analyze", "POST", "/api/analyze", body=body.encode())

    def health(r: random.Random) -> Call:
        return Call("health", "GET", "/api/health")

    def workbench(r: random.Random) -> Call:
        """The workbench views and their downloads."""
        fmt = r.choice(["json", "json", "csv", "parquet"])
        return r.choice([
            Call("workbench", "GET", "/api/series", {"by": r.choice(["week", "month"]),
                                                     "format": fmt}),
            Call("workbench", "GET", "/api/map", {"quad_class": r.choice([1, 4]),
                                                  "format": fmt}),
            Call("workbench", "GET", "/api/conflict", {"format": fmt}),
            Call("workbench", "GET", "/api/dyads", {"format": fmt}),
            Call("workbench", "GET", "/api/actors", {"q": r.choice(actors)[:3]}),
            Call("workbench", "GET", "/api/documents", {"limit": 20, "format": fmt}),
            Call("workbench", "GET", "/api/events", {"limit": 50, "format": fmt}),
            Call("workbench", "GET", "/api/reviews", {"format": r.choice(["json", "gold"])}),
        ])

    def bad(r: random.Random) -> Call:
        return r.choice([
            Call("bad", "GET", "/api/events", {"actor": "CHN' OR 1=1 --"}, expect=frozenset({422})),
            Call("bad", "GET", "/api/events", {"limit": "-1"}, expect=frozenset({422})),
            Call("bad", "GET", "/api/documents/..%2f..%2fetc%2fpasswd",
                 expect=frozenset({404, 422})),
            Call("bad", "GET", "/api/documents/deadbeefdeadbeef", expect=frozenset({404})),
            Call("bad", "POST", "/api/analyze", body=b'{"text": ', expect=frozenset({400})),
            Call("bad", "POST", "/api/analyze", body=b'{"text": 5}', expect=frozenset({422})),
            Call("bad", "GET", "/api/nowhere", expect=frozenset({404})),
            Call("bad", "POST", "/api/ingest", body=b'{"documents": []}',
                 expect=frozenset({401, 403, 422})),
            Call("bad", "POST", "/api/reviews",
                 body=b'{"event_id": "deadbeef", "verdict": "not_event", "reviewer": "x"}',
                 expect=frozenset({401, 403, 422})),  # 422: no such event (no token set)
            Call("bad", "GET", "/api/documents/abc", expect=frozenset({422})),
        ])

    rest = 1.0 - analyze_share
    return [(0.25 * rest, events), (0.12 * rest, series), (0.08 * rest, network),
            (0.12 * rest, document), (0.08 * rest, brief), (0.05 * rest, health),
            (0.20 * rest, workbench), (0.10 * rest, bad), (analyze_share, analyze)]


def run_load(base: str, pid: int | None, *, requests: int, concurrency: int, seed: int = 0,
             analyze_share: float = 0.05, timeout: float = 120.0) -> Outcome:
    """Send `requests` requests from `concurrency` clients; return what happened."""
    found = discover(base)
    mix = build_mix(found, analyze_share=analyze_share)
    r = random.Random(seed)
    weights = [w for w, _ in mix]
    calls = [r.choices(mix, weights)[0][1](r) for _ in range(requests)]
    outcome = Outcome()
    if pid is not None:
        outcome.rss_peak_kib = rss_kib(pid)[0]
    stop = threading.Event()

    def sample_memory() -> None:
        while pid is not None and not stop.wait(0.05):
            try:
                current = rss_kib(pid)[0]
            except OSError:
                return
            with outcome.lock:
                outcome.rss_peak_kib = max(outcome.rss_peak_kib, current)

    limits = httpx2.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    with httpx2.Client(base_url=base, timeout=timeout, limits=limits) as client:
        sampler = threading.Thread(target=sample_memory, daemon=True)
        sampler.start()

        def one(call: Call) -> None:
            headers = {"content-type": "application/json"} if call.body is not None else None
            started = time.perf_counter()
            try:
                response = client.request(call.method, call.path, params=call.params,
                                          content=call.body, headers=headers)
            except httpx2.HTTPError as exc:
                with outcome.lock:
                    outcome.failures.append(f"{call.method} {call.path}: {exc!r}")
                return
            elapsed = time.perf_counter() - started
            problem = None
            if response.status_code not in call.expect:
                problem = f"{call.method} {call.path} {call.params} -> {response.status_code}"
            elif response.status_code >= 400 and set(response.json()) != {"error"}:
                problem = f"{call.method} {call.path}: error without the JSON error shape"
            with outcome.lock:
                outcome.latencies[call.name].append(elapsed)
                outcome.statuses[response.status_code] += 1
                if problem:
                    outcome.unexpected.append(f"{problem}: {response.text[:200]}")

        with ThreadPoolExecutor(concurrency) as pool:
            list(pool.map(one, calls))
        stop.set()
        sampler.join()
    return outcome


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]


def report(outcome: Outcome, *, seconds: float, rss_before: int, rss_after: int,
           requests: int, concurrency: int) -> dict[str, Any]:
    every = [v for values in outcome.latencies.values() for v in values]
    endpoints = {
        name: {"requests": len(values), "p50_ms": round(percentile(values, 50) * 1000, 1),
               "p99_ms": round(percentile(values, 99) * 1000, 1),
               "max_ms": round(max(values) * 1000, 1)}
        for name, values in sorted(outcome.latencies.items())}
    return {
        "requests": requests, "concurrency": concurrency, "seconds": round(seconds, 2),
        "requests_per_second": round(len(every) / seconds, 1) if seconds else None,
        "p50_ms": round(percentile(every, 50) * 1000, 1),
        "p90_ms": round(percentile(every, 90) * 1000, 1),
        "p99_ms": round(percentile(every, 99) * 1000, 1),
        "statuses": {str(k): v for k, v in sorted(outcome.statuses.items())},
        "server_errors_5xx": outcome.server_errors,
        "unexpected": len(outcome.unexpected), "connection_failures": len(outcome.failures),
        "server_rss_mib": {"before": round(rss_before / 1024, 1),
                           "after": round(rss_after / 1024, 1),
                           "peak": round(outcome.rss_peak_kib / 1024, 1)},
        "endpoints": endpoints,
    }


# --- building a store when none is given ------------------------------------------------------


def build_store(db: Path, *, docs: int) -> None:
    """Ingest the reference article and `docs` Guardian articles of ../shared (in process)."""
    from multipolar.config import Settings
    from multipolar.ingest import ingest
    from multipolar.model import Document
    from multipolar.store import open_store

    documents = [Document(text=(ROOT / "src/multipolar/examples/xi-moscow-state-visit.txt")
                          .read_text(encoding="utf-8"), source="reference",
                          url="https://example.org/xi-moscow")]
    corpus = SHARED / "corpora" / "guardian_sdf_articles.jsonl"
    if docs and corpus.exists():
        import datetime as dt

        with corpus.open(encoding="utf-8") as f:
            for line, _ in zip(f, range(docs), strict=False):
                record = json.loads(line)
                documents.append(Document(
                    text=record["text"][:4000], source=record.get("source") or "guardian",
                    published=dt.date.fromisoformat(str(record["date"])[:10])))
    with open_store(db) as store:
        ingest(store, documents, settings=Settings.from_env())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, help="store to serve (default: build one)")
    parser.add_argument("--docs", type=int, default=40,
                        help="Guardian articles to ingest when --db is not given")
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=20)
    parser.add_argument("--analyze-share", type=float, default=0.05,
                        help="share of POST /api/analyze requests (the slow endpoint)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--json", action="store_true", help="print only the JSON summary")
    args = parser.parse_args(argv)
    if args.requests < 1 or args.concurrency < 1:
        parser.error("--requests and --concurrency must be positive")

    with tempfile.TemporaryDirectory() as tmp:
        db = args.db
        if db is None:
            db = Path(tmp) / "load.duckdb"
            started = time.perf_counter()
            build_store(db, docs=args.docs)
            if not args.json:
                print(f"built {db} from {args.docs} articles in "
                      f"{time.perf_counter() - started:.0f}s", file=sys.stderr)
        with serve(db) as (base, proc):
            # Warm-up: load spaCy (first analyze) and open the store before timing.
            httpx2.post(f"{base}/api/analyze", json={"text": ANALYZE_TEXTS[0]}, timeout=300)
            rss_before = rss_kib(proc.pid)[0]
            started = time.perf_counter()
            outcome = run_load(base, proc.pid, requests=args.requests,
                               concurrency=args.concurrency, seed=args.seed,
                               analyze_share=args.analyze_share)
            seconds = time.perf_counter() - started
            rss_after = rss_kib(proc.pid)[0]
            bound = listening_addresses(int(base.rsplit(":", 1)[1]))
    summary = report(outcome, seconds=seconds, rss_before=rss_before, rss_after=rss_after,
                     requests=args.requests, concurrency=args.concurrency)
    summary["listening_on"] = sorted(bound)
    if args.json:
        print(json.dumps(summary, indent=2))
    else:
        print(f"{summary['requests']} requests, {summary['concurrency']} concurrent, "
              f"{summary['seconds']}s ({summary['requests_per_second']} req/s) on "
              f"{', '.join(summary['listening_on'])}")
        print(f"latency p50 {summary['p50_ms']} ms, p90 {summary['p90_ms']} ms, "
              f"p99 {summary['p99_ms']} ms")
        for name, row in summary["endpoints"].items():
            print(f"  {name:12} {row['requests']:5} req  p50 {row['p50_ms']:8.1f} ms  "
                  f"p99 {row['p99_ms']:8.1f} ms  max {row['max_ms']:8.1f} ms")
        print(f"statuses {summary['statuses']}; 5xx {summary['server_errors_5xx']}; "
              f"unexpected {summary['unexpected']}; connection failures "
              f"{summary['connection_failures']}")
        rss = summary["server_rss_mib"]
        print(f"server RSS {rss['before']} MiB before, {rss['after']} MiB after, "
              f"{rss['peak']} MiB peak")
        for line in (outcome.unexpected + outcome.failures)[:10]:
            print("  !", line)
    ok = not (outcome.server_errors or outcome.unexpected or outcome.failures)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
