"""`multipolar dyad`, `network`, `brief`, `serve` on the hand-coded world."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx2
import pytest
from typer.testing import CliRunner

from multipolar.cli import _register_all, app
from multipolar.errors import InputError


@pytest.fixture(scope="module")
def runner() -> CliRunner:
    _register_all()
    return CliRunner()


def invoke(runner: CliRunner, *args: str):  # type: ignore[no-untyped-def]
    result = runner.invoke(app, list(args))
    return result


def test_dyad_json_and_table(runner: CliRunner, world_path: Path) -> None:
    result = invoke(runner, "dyad", "CHN", "RUS", "--db", str(world_path), "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["total"] == 3 and data["points"][0]["start"] == "2025-05-05"
    table = invoke(runner, "dyad", "usa", "chn", "--by", "month", "--db", str(world_path))
    assert table.exit_code == 0
    assert "United States [USA] ↔ China [CHN] by month: 3 events" in table.stdout
    assert "2025-04-01" in table.stdout and "2025-05-01" in table.stdout


@pytest.mark.parametrize("suffix", [".html", ".svg", ".png"])
def test_dyad_plot(runner: CliRunner, world_path: Path, tmp_path: Path, suffix: str) -> None:
    out = tmp_path / f"chart{suffix}"
    result = invoke(runner, "dyad", "CHN", "USA", "--db", str(world_path), "--plot", str(out),
                    "--since", "2025-04-01", "--until", "2025-05-31")
    assert result.exit_code == 0, result.output
    data = out.read_bytes()
    if suffix == ".png":
        assert data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) > 5_000
    else:
        text = data.decode()
        assert "<svg" in text and 'data-start="2025-05-12" data-events="2"' in text


def test_dyad_bad_plot_suffix(runner: CliRunner, world_path: Path, tmp_path: Path) -> None:
    result = invoke(runner, "dyad", "CHN", "USA", "--db", str(world_path), "--plot",
                    str(tmp_path / "chart.pdf"))
    assert isinstance(result.exception, InputError)


def test_network_json_and_html(runner: CliRunner, world_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "net.json"
    result = invoke(runner, "network", "--db", str(world_path), "--since", "2025-05-01",
                    "--until", "2025-05-31", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert "5 actors, 4 relations, 3 blocs" in result.stderr
    data = json.loads(out.read_text())
    assert sorted(data["blocs"]) == [["CHN", "RUS"], ["FRA", "UKR"], ["USA"]]
    page = tmp_path / "net.html"
    assert invoke(runner, "network", "--db", str(world_path), "--out", str(page)).exit_code == 0
    html = page.read_text()
    assert '"standalone": true' in html and "<script>" in html and "src=" not in html


def test_brief_to_stdout_and_file(runner: CliRunner, world_path: Path, tmp_path: Path) -> None:
    result = invoke(runner, "brief", "CHN", "RUS", "--db", str(world_path))
    assert result.exit_code == 0
    assert result.stdout.startswith("# Brief: China (CHN) and Russia (RUS)")
    out = tmp_path / "brief.md"
    assert invoke(runner, "brief", "UKR", "--db", str(world_path), "--out",
                  str(out)).exit_code == 0
    assert "## Partners" in out.read_text()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_missing_store_is_a_one_line_error(tmp_path: Path) -> None:
    proc = subprocess.run([sys.executable, "-m", "multipolar", "dyad", "CHN", "RUS", "--db",
                           str(tmp_path / "none.duckdb")], capture_output=True, text=True,
                          timeout=120, check=False)
    assert proc.returncode == 6
    assert proc.stderr.strip().startswith("error: no store at") and "Traceback" not in proc.stderr


def test_serve_binds_loopback_by_default(world_path: Path, tmp_path: Path) -> None:
    port = _free_port()
    env = {**os.environ, "MULTIPOLAR_API_TOKEN": "tok"}
    db = tmp_path / "served.duckdb"
    db.write_bytes(world_path.read_bytes())
    proc = subprocess.Popen([sys.executable, "-m", "multipolar", "serve", "--db", str(db),
                             "--port", str(port)], stderr=subprocess.PIPE, text=True, env=env)
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                health = httpx2.get(f"http://127.0.0.1:{port}/api/health", timeout=2)
                break
            except httpx2.TransportError:
                assert proc.poll() is None, "the server exited"
                assert time.monotonic() < deadline, "the server did not start"
                time.sleep(0.3)
        assert health.json()["status"] == "ok"
        denied = httpx2.post(f"http://127.0.0.1:{port}/api/ingest", json={"documents": []})
        assert denied.status_code == 401  # the token from the environment is required
    finally:
        proc.terminate()
        _, err = proc.communicate(timeout=30)
    assert f"serving {db} on http://127.0.0.1:{port}/" in err
