"""Crash consistency of `multipolar ingest`: SIGKILL at 20 random moments, then re-run.

A small corpus (30 short Guardian articles from ../shared, as JSON lines and CSV, plus a
repeated document) is ingested once without interruption: the reference store. Then the same
command is started again and again on other store files (4 rounds of 5 kills, each round on
its own file) and killed with SIGKILL at a seeded random point: during start-up, or a random
0-0.8 s after a random number of writes to the store file or its write-ahead log (so kills land
inside the work even on a slow machine). After every kill:

- the DuckDB file opens (read-only, as `multipolar stats` does, and for writing);
- the documents stored are exactly the first k of the input, each with exactly the records the
  reference has for it (nothing half-written, nothing duplicated);
- the deduplicated events agree with the stored mentions (no orphan, counts recomputed).

After each round's kills a plain re-run completes, and every table equals the reference row
for row (ingestion timestamps aside).

All runs import a copy of the package taken when the test starts, so they run the same code
even while the working tree is being edited. Run with `-s` to see the kill points.
"""

from __future__ import annotations

import csv
import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from reliability_support import shared_corpus

from multipolar.store import open_store
from multipolar.store.schema import DOCUMENT_TABLES, TABLES

KILLS = 20
ROUNDS = 4  # store files; each takes KILLS / ROUNDS kills, then a re-run to completion
BATCH = 3
SEED = 8


def write_corpus(root: Path) -> list[str]:
    """30 articles (20 as JSON lines, 10 as CSV) and one repeat; the texts in input order."""
    rows = shared_corpus(30, start=100, chars=500)
    root.mkdir()
    with (root / "a.jsonl").open("w", encoding="utf-8") as f:
        for row in rows[:20]:
            f.write(json.dumps(row) + "\n")
        f.write(json.dumps(rows[3]) + "\n")  # the same story again: stored once
    with (root / "b.csv").open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=["id", "text", "date", "source"])
        writer.writeheader()
        writer.writerows(rows[20:])
    return [r["text"] for r in rows]


def ingest_command(corpus: Path, db: Path) -> list[str]:
    return [sys.executable, "-m", "multipolar", "ingest", str(corpus), "--db", str(db),
            "--batch-size", str(BATCH), "--no-progress", "--json"]


def frozen_package(root: Path) -> dict[str, str]:
    """Copy the multipolar package to `root` and return an environment that imports it from
    there: every run of the test executes the same code even if the working tree changes."""
    import shutil

    import multipolar

    source = Path(multipolar.__file__).resolve().parent
    shutil.copytree(source, root / "multipolar", ignore=shutil.ignore_patterns("__pycache__"))
    return {**os.environ, "PYTHONPATH": str(root)}


def run_to_end(corpus: Path, db: Path, env: dict[str, str]) -> tuple[dict[str, Any], float]:
    started = time.perf_counter()
    done = subprocess.run(ingest_command(corpus, db), capture_output=True, text=True,
                          timeout=300, check=False, env=env)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout), time.perf_counter() - started


def run_and_kill(corpus: Path, db: Path, env: dict[str, str], *, writes: int,
                 delay: float) -> bool:
    """Start an ingestion; once the store file (or its write-ahead log) has changed `writes`
    times, wait `delay` seconds and SIGKILL it. Counting writes instead of seconds puts the
    kill inside the work even when a busy machine makes model loading slow. Returns False if
    the process finished first."""
    files = [db, db.with_name(db.name + ".wal")]

    def state() -> tuple[tuple[int, int], ...]:
        out = []
        for f in files:
            try:
                st = f.stat()
            except FileNotFoundError:
                out.append((-1, 0))
            else:
                out.append((st.st_size, st.st_mtime_ns))
        return tuple(out)

    with subprocess.Popen(ingest_command(corpus, db), stdout=subprocess.DEVNULL,
                          stderr=subprocess.DEVNULL, env=env) as proc:
        seen, last = 0, state()
        deadline = time.monotonic() + 300
        while seen < writes and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.01)
            now = state()
            if now != last:
                seen, last = seen + 1, now
        try:
            proc.wait(timeout=delay)
            return False
        except subprocess.TimeoutExpired:
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait(timeout=30)
            assert proc.returncode == -signal.SIGKILL
            return True


def snapshot(db: Path, *, read_only: bool = True) -> dict[str, list[tuple[Any, ...]]]:
    """Every table's rows, sorted, without the ingestion-time columns."""
    out: dict[str, list[tuple[Any, ...]]] = {}
    with open_store(db, read_only=read_only) as store:
        for table in TABLES:
            columns = [c for c in store.table(table).columns if c != "added_at"]
            listed = ", ".join(f'"{c}"' for c in columns)
            out[table] = sorted(store.con.execute(f"SELECT {listed} FROM {table}").fetchall(),
                                key=repr)
    return out


def batch_ends(order: list[str]) -> set[int]:
    """Documents stored after each committed batch: the input is cut into chunks of BATCH
    records and a chunk's batch holds its documents not stored before (the repeat is not)."""
    records = [*order[:20], order[3], *order[20:]]  # as write_corpus lays them out
    ends, seen = {0}, set()
    for i in range(0, len(records), BATCH):
        seen.update(records[i:i + BATCH])
        ends.add(len(seen))
    return ends


def check_partial(db: Path, reference: dict[str, list[tuple[Any, ...]]],
                  order: list[str]) -> int:
    """The invariants that must hold at any kill point; returns the documents stored."""
    partial = snapshot(db, read_only=True)
    with open_store(db) as store:  # opens for writing too (what the re-run does)
        stored_ids = {r[0] for r in store.con.execute("SELECT id FROM documents").fetchall()}
        event_check = store.con.execute("""
            SELECT
              (SELECT count(*) FROM mentions WHERE event_id NOT IN (SELECT id FROM events)),
              (SELECT count(*) FROM events WHERE id NOT IN (SELECT event_id FROM mentions)),
              (SELECT count(*) FROM events e WHERE num_mentions <>
                 (SELECT count(*) FROM mentions m WHERE m.event_id = e.id))
        """).fetchall()[0]
    k = len(stored_ids)
    assert stored_ids == set(order[:k]), "stored documents are not a prefix of the input"
    assert k in batch_ends(order), f"{k} documents: not whole batches of {BATCH}"
    # Every record of a stored document is there, as in the reference; none of the others.
    for table in ("documents", *DOCUMENT_TABLES):
        doc_col = 0
        expected = [r for r in reference[table] if r[doc_col] in stored_ids]
        assert partial[table] == expected, f"{table} differs from the reference"
    mention_doc = 2
    expected_mentions = [r for r in reference["mentions"] if r[mention_doc] in stored_ids]
    assert partial["mentions"] == expected_mentions, "mentions differ from the reference"
    assert event_check == (0, 0, 0), f"events disagree with mentions: {event_check}"
    return k


@pytest.mark.slow
def test_sigkill_at_20_random_points_then_rerun_equals_uninterrupted(tmp_path: Path) -> None:
    env = frozen_package(tmp_path / "src")
    corpus = tmp_path / "corpus"
    texts = write_corpus(corpus)
    reference_db = tmp_path / "reference.duckdb"
    summary, _ = run_to_end(corpus, reference_db, env)
    assert summary["stored"] == 30 and summary["skipped"] == 1 and summary["ok"]
    reference = snapshot(reference_db)
    assert len(reference["documents"]) == 30 and reference["events"]
    from multipolar.model import document_id

    order = [document_id(t.strip()) for t in texts]
    assert {r[0] for r in reference["documents"]} == set(order)
    ends = sorted(batch_ends(order))

    rng = random.Random(SEED)
    kills: list[tuple[int, int, float, bool, int]] = []
    for round_no in range(ROUNDS):
        db = tmp_path / f"killed{round_no}.duckdb"
        stored = 0
        for _ in range(KILLS // ROUNDS):
            # Kill before the first write (start-up), or after some of the batches left.
            remaining = sum(1 for e in ends if e > stored)
            writes = rng.randint(0, max(1, remaining // 2))
            delay = rng.uniform(0.0, 0.8)
            killed = run_and_kill(corpus, db, env, writes=writes, delay=delay)
            stored = check_partial(db, reference, order) if db.exists() else 0
            kills.append((round_no, writes, round(delay, 2), killed, stored))
        rerun, _ = run_to_end(corpus, db, env)
        assert rerun["stored"] + stored == 30, (rerun, kills)
        assert snapshot(db) == reference, f"round {round_no}: differs after re-run; {kills}"

    assert len(kills) == KILLS
    print("\nkill points (round, writes seen, delay s, killed, documents stored):", kills)
    # The kill points must have hit the work, not only start-up or a finished store.
    assert sum(1 for *_, killed, n in kills if killed and 0 < n < 30) >= 8, kills
    assert sum(1 for *_, killed, n in kills if killed and n == 0) >= 1, kills
