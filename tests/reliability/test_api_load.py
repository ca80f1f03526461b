"""The real server (`multipolar serve`, uvicorn) on a socket: where it listens, what raw
requests get, and a bounded load test with zero 5xx (a smaller run of bench/load_api.py)."""

from __future__ import annotations

import contextlib
import socket
from collections.abc import Iterator
from typing import Any

import pytest
from reliability_support import build_store, load_bench

from multipolar.analyzer import Analyzer

bench: Any = load_bench("load_api")
TOKEN = "load-test-token"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, analyzer: Analyzer,
           seed_text: str) -> Iterator[tuple[str, Any]]:
    db = build_store(tmp_path_factory.mktemp("load") / "load.duckdb", analyzer, seed_text)
    with bench.serve(db, token=TOKEN) as (base, proc):
        yield base, proc


def raw_request(base: str, request: bytes) -> tuple[int, bytes]:
    """Send bytes as they are (no client-side path normalisation); the status and body."""
    host, port = base.removeprefix("http://").rsplit(":", 1)
    with socket.create_connection((host, int(port)), timeout=30) as conn:
        conn.sendall(request)
        chunks = []
        while True:
            data = conn.recv(65536)
            if not data:
                break
            chunks.append(data)
    response = b"".join(chunks)
    status_line = response.split(b"\r\n", 1)[0]
    return int(status_line.split()[1]), response.partition(b"\r\n\r\n")[2]


@pytest.mark.slow
def test_server_listens_on_loopback_only_by_default(server: tuple[str, Any]) -> None:
    base, _ = server
    port = int(base.rsplit(":", 1)[1])
    assert bench.listening_addresses(port) == {"127.0.0.1"}


@pytest.mark.slow
@pytest.mark.parametrize("target", [
    b"/static/../pyproject.toml", b"/static/../../pyproject.toml",
    b"/static/..%2f..%2fpyproject.toml", b"/static/%2e%2e/%2e%2e/pyproject.toml",
    b"/static/..\\..\\pyproject.toml", b"/../../../../etc/passwd",
    b"/api/documents/../../../etc/passwd", b"/api/documents/..%2f..%2fetc%2fpasswd",
    b"/static//etc/passwd", b"/static/%00", b"/api/events?actor=%27%20OR%201=1--",
])
def test_raw_traversal_requests_get_documented_errors(server: tuple[str, Any],
                                                      target: bytes) -> None:
    base, _ = server
    status, body = raw_request(base, b"GET " + target + b" HTTP/1.1\r\nHost: x\r\n"
                               b"Accept: application/json\r\nConnection: close\r\n\r\n")
    assert status in (400, 404, 422), (target, status, body[:200])
    assert b"[project]" not in body and b"root:" not in body
    assert body.startswith(b'{"error":{"code":'), body[:200]


@pytest.mark.slow
def test_malformed_http_does_not_kill_the_server(server: tuple[str, Any]) -> None:
    base, proc = server
    for request in (b"GARBAGE\r\n\r\n", b"GET / HTTP/9.9\r\n\r\n",
                    b"POST /api/analyze HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999\r\n"
                    b"Content-Type: application/json\r\nConnection: close\r\n\r\n{",
                    b"GET /api/health HTTP/1.1\r\nHost: x\r\n" + b"X-Long: " + b"a" * 70_000
                    + b"\r\nConnection: close\r\n\r\n"):
        with contextlib.suppress(OSError, IndexError, ValueError):
            raw_request(base, request)  # the server may just close the connection
    assert proc.poll() is None
    assert raw_request(base, b"GET /api/health HTTP/1.1\r\nHost: x\r\nConnection: close"
                             b"\r\n\r\n")[0] == 200


@pytest.mark.slow
def test_load_300_requests_10_concurrent_no_5xx(server: tuple[str, Any]) -> None:
    base, proc = server
    import httpx2

    # Warm up: the first analyze loads spaCy and the language detector's model (73 MiB) in
    # the server, the first Parquet download the Parquet writer (45 MiB): loaded once.
    assert httpx2.post(f"{base}/api/analyze", json={
        "text": "Chinese President Xi Jinping met Russian President Vladimir Putin in Moscow."},
        timeout=300).status_code == 200
    for path in ("/api/events", "/api/series", "/api/conflict", "/api/map"):
        assert httpx2.get(f"{base}{path}", params={"format": "parquet"},
                          timeout=60).status_code == 200
    before = bench.rss_kib(proc.pid)[0]
    outcome = bench.run_load(base, proc.pid, requests=300, concurrency=10, seed=1,
                             analyze_share=0.03)
    after = bench.rss_kib(proc.pid)[0]
    assert outcome.server_errors == 0, outcome.statuses
    assert not outcome.failures, outcome.failures[:5]
    assert not outcome.unexpected, outcome.unexpected[:5]
    assert sum(outcome.statuses.values()) == 300
    assert outcome.statuses[200] > 200  # the mix is mostly valid requests
    assert {"events", "dyad_series", "network", "document", "brief", "bad",
            "workbench"} <= set(outcome.latencies)
    # Memory stays bounded: 300 more requests do not grow the server by more than 200 MiB.
    assert after - before < 200 * 1024, (before, after)
    assert proc.poll() is None


def test_bench_percentiles_and_proc_parsing() -> None:
    assert bench.percentile([1.0, 2.0, 3.0, 4.0], 50) == 2.5
    assert bench.percentile([5.0], 99) == 5.0
    assert bench._decode_address("0100007F") == "127.0.0.1"
    assert bench._decode_address("00000000000000000000000001000000") == "::1"
    current, peak = bench.rss_kib(__import__("os").getpid())
    assert 0 < current <= peak


def test_bench_refuses_bad_arguments() -> None:
    with pytest.raises(SystemExit):
        bench.main(["--requests", "0"])

