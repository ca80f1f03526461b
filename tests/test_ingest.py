"""Ingestion with the real pipeline: idempotent, same contents with workers, and crash-safe
(kill -9 at several points, then a re-run, gives exactly an uninterrupted run's contents)."""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from multipolar.analyzer import Analyzer
from multipolar.ingest import ingest
from multipolar.model import Document
from multipolar.store import open_store
from snapshots import snapshot
from testpaths import shared_path

SEED_PUBLISHED = "2025-05-07"


def guardian(n: int, *, chars: int) -> list[dict[str, str]]:
    """The first `n` Guardian articles of ../shared, each cut to about `chars` characters."""
    rows = []
    path = shared_path("corpora", "guardian_sdf_articles.jsonl")
    with path.open(encoding="utf-8") as f:
        for line in f:
            record = json.loads(line)
            text = record["text"]
            cut = text.rfind(". ", 0, chars)
            rows.append({"id": record["id"], "text": text[: cut + 1 if cut > 0 else chars],
                         "date": record["date"], "source": record["source"]})
            if len(rows) == n:
                break
    return rows


def documents(rows: list[dict[str, str]]) -> list[Document]:
    return [Document(text=r["text"], source=r["source"],
                     published=dt.date.fromisoformat(r["date"])) for r in rows]


def test_ingest_stores_results_and_is_idempotent(analyzer: Analyzer, seed_text: str,
                                                 tmp_path: Path) -> None:
    docs = [Document(text=seed_text, published=dt.date.fromisoformat(SEED_PUBLISHED)),
            *documents(guardian(3, chars=1200))]
    with open_store(tmp_path / "s.duckdb") as store:
        seen: list[int] = []
        first = ingest(store, docs, analyzer=analyzer, batch_size=2,
                       progress=lambda done, _: seen.append(done))
        assert (first.read, first.stored, first.skipped, first.failed) == (4, 4, 0, 0)
        assert seen == [2, 4]
        assert first.events > 0 and first.docs_per_second > 0
        visits = store.events(dyad="CHN:RUS", code="042").to_dicts()
        assert visits and visits[0]["date"].isoformat() == "2025-05-07"
        assert "Moscow" in visits[0]["evidence"]
        before = snapshot(store)
        again = ingest(store, docs + docs[:1], analyzer=analyzer, batch_size=2)
        assert (again.read, again.stored, again.skipped) == (5, 0, 5)
        assert snapshot(store) == before


@pytest.mark.slow
def test_workers_give_the_same_contents(analyzer: Analyzer, tmp_path: Path) -> None:
    docs = documents(guardian(4, chars=800))
    with open_store(tmp_path / "one.duckdb") as one, open_store(tmp_path / "two.duckdb") as two:
        ingest(one, docs, analyzer=analyzer, batch_size=2)
        summary = ingest(two, docs, settings=analyzer.settings, workers=2, batch_size=2)
        assert summary.stored == 4
        assert snapshot(one) == snapshot(two)


# -- kill -9 -------------------------------------------------------------------------------

# The same library calls as `multipolar ingest`, printing a line after each committed batch.
DRIVER = """
import sys
from multipolar.config import Settings
from multipolar.sources import Report, read_documents
from multipolar.store import open_store
from multipolar.ingest import ingest

db, source = sys.argv[1], sys.argv[2]
settings = Settings.from_env(batch_size=3)
with open_store(db) as store:
    print("ready", flush=True)
    docs = read_documents([source], report=Report())
    summary = ingest(store, docs, settings=settings,
                     progress=lambda done, n: print("batch", done, flush=True))
print("done", summary.stored, flush=True)
"""


def run_driver(db: Path, source: Path, *, kill_after: int | None = None,
               delay: float = 0.0) -> list[str]:
    """Run the driver; with `kill_after`, SIGKILL it `delay` s after that many batch lines."""
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    lines: list[str] = []
    batches = 0
    with subprocess.Popen([sys.executable, "-c", DRIVER, str(db), str(source)],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                          env=env) as proc:
        assert proc.stdout is not None and proc.stderr is not None
        try:
            for line in proc.stdout:
                lines.append(line.strip())
                if line.startswith("batch"):
                    batches += 1
                if kill_after is not None and (batches == kill_after if kill_after else
                                               line.startswith("ready")):
                    time.sleep(delay)
                    proc.send_signal(signal.SIGKILL)
                    break
            errors = proc.stderr.read()
            proc.wait(timeout=300)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
    if kill_after is None:
        assert proc.returncode == 0, errors
    else:
        assert proc.returncode == -signal.SIGKILL
    return lines


def contents(db: Path) -> dict[str, list[tuple]]:
    with open_store(db) as store:  # the file must always open, whatever the kill point
        return snapshot(store)


@pytest.mark.slow
def test_kill_9_then_rerun_equals_an_uninterrupted_run(tmp_path: Path) -> None:
    """Kill the same ingestion three times (before the first commit, then at random moments
    in later batches), re-run it, and compare with an uninterrupted run, table by table."""
    source = tmp_path / "corpus.jsonl"
    rows = guardian(15, chars=700)
    source.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    reference = tmp_path / "reference.duckdb"
    lines = run_driver(reference, source)
    assert lines[-1] == "done 15"
    expected = contents(reference)
    assert len(expected["documents"]) == 15 and expected["events"]

    rng = random.Random(6)
    db = tmp_path / "killed.duckdb"
    counts = []
    for kill_after in (0, 1, 2):
        run_driver(db, source, kill_after=kill_after, delay=rng.uniform(0.0, 0.5))
        partial = contents(db)
        stored = {row[0] for row in partial["documents"]}
        assert len(stored) % 3 == 0  # whole batches (of 3) or nothing
        assert {row[2] for row in partial["mentions"]} <= stored  # no orphan events
        assert {row[0] for row in partial["actors"]} <= stored
        counts.append(len(stored))
    assert counts[0] == 0 and 0 < counts[1] <= counts[2] < 15, counts
    lines = run_driver(db, source)
    assert lines[-1] == f"done {15 - counts[-1]}"
    assert contents(db) == expected


FAILING_WRITER = """
import sys
from multipolar.config import Settings
from multipolar.errors import StoreError
from multipolar.model import Document
from multipolar.store import open_store
from multipolar.ingest import ingest

if __name__ == "__main__":
    open_store(sys.argv[1]).close()
    docs = [Document(text=f"Russia criticised Ukraine on day {i}.") for i in range(40)]
    with open_store(sys.argv[1], read_only=True) as store:  # every write fails
        try:
            ingest(store, docs, settings=Settings.from_env(batch_size=2), workers=2)
        except StoreError as exc:
            print("raised:", exc)
"""


@pytest.mark.slow
def test_a_failing_write_stops_the_workers_without_hanging(tmp_path: Path) -> None:
    script = tmp_path / "failing_writer.py"
    script.write_text(FAILING_WRITER)
    proc = subprocess.run([sys.executable, str(script), str(tmp_path / "ro.duckdb")],
                          capture_output=True, text=True, timeout=240, check=False)
    assert proc.returncode == 0, proc.stderr
    assert "raised:" in proc.stdout and "read-only" in proc.stdout
