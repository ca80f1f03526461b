"""The Ray engine gives the store exactly what the local engine gives it, event for event.

Runs on a small local Ray instance (started once for this module). Ray is the `[ray]` extra,
which ./test.sh installs: without it these tests fail, they do not skip.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest

from multipolar.analyzer import Analyzer, to_date
from multipolar.errors import ConfigError
from multipolar.ingest import ingest
from multipolar.model import AnalysisResult, Document
from multipolar.scale import RayOptions, ingest_ray
from multipolar.scale.engine import analyze_shards, ray_session, write_shards
from multipolar.scale.records import result_from_json, result_to_json
from multipolar.store import open_store, schema
from testpaths import SEED_PUBLISHED

# Ray's own modules warn about their internal deprecations (DataContext defaults) and about
# pool sizing; those are Ray's, not ours: only they are let through.
pytestmark = [pytest.mark.filterwarnings("ignore::DeprecationWarning:ray"),
              pytest.mark.filterwarnings("ignore::UserWarning:ray")]

GOLD = Path(__file__).resolve().parents[1] / "gold" / "events.jsonl"
OPTIONS = RayOptions(actors=2, shard_size=3, object_store_memory=200 * 2**20)


@pytest.fixture(scope="module")
def ray_instance() -> Iterator[object]:
    with ray_session(OPTIONS) as ray:
        yield ray


@pytest.fixture(scope="module")
def corpus(seed_text: str) -> list[Document]:
    """The reference article, gold passages grouped into short articles, and one repeat."""
    rows = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines()
            if line.strip()]
    docs = [Document(text=seed_text, published=to_date(SEED_PUBLISHED), source="seed",
                     url="https://example.org/seed")]
    for i in range(0, 40, 5):
        group = rows[i:i + 5]
        docs.append(Document(text=" ".join(r["text"] for r in group),
                             published=to_date(group[0].get("date")), source=f"gold-{i}",
                             metadata={"first": group[0]["id"]}))
    # the same text from another outlet: a copy, not a new document
    docs.append(dataclasses.replace(docs[1], source="another outlet", url="https://x.example"))
    return docs


def _dump(path: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every table of a store, rows sorted, without the wall-clock columns."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        out = {}
        for table in schema.TABLES:
            columns = [f'"{c}"' for c in schema.columns(table) if c != "added_at"]
            rows = con.execute(f"SELECT {', '.join(columns)} FROM {table}").fetchall()
            out[table] = sorted(rows, key=repr)
        return out
    finally:
        con.close()


def test_ray_store_equals_local_store(ray_instance: object, analyzer: Analyzer,
                                      corpus: list[Document], tmp_path: Path) -> None:
    local_db, ray_db = tmp_path / "local.duckdb", tmp_path / "ray.duckdb"
    with open_store(local_db) as store:
        local = ingest(store, corpus, analyzer=analyzer, batch_size=2)
    with open_store(ray_db) as store:
        remote = ingest_ray(store, corpus, settings=analyzer.settings, options=OPTIONS)
    assert remote.read == local.read == len(corpus)
    assert (remote.stored, remote.copies, remote.failed) == (local.stored, local.copies, 0)
    assert remote.stored == len(corpus) - 1
    a, b = _dump(local_db), _dump(ray_db)
    assert len(a["events"]) >= 5 and len(a["mentions"]) >= len(a["events"])
    for table in schema.TABLES:
        assert b[table] == a[table], table
    # idempotent: known documents are not analysed (nor sent to Ray) again
    with open_store(ray_db) as store:
        again = ingest_ray(store, corpus, settings=analyzer.settings, options=OPTIONS)
    assert again.read == len(corpus) and again.stored == 0 and again.copies == 0
    assert _dump(ray_db) == b


def test_failures_and_progress(ray_instance: object, analyzer: Analyzer,
                               corpus: list[Document], tmp_path: Path) -> None:
    """A document the actors cannot analyse is reported, not lost and not fatal; progress
    counts every document once, in order."""
    too_long = corpus[0]
    limit = max(len(d.text) for d in corpus[1:])
    assert len(too_long.text) > limit
    settings = analyzer.settings.replace(max_chars=limit)
    calls: list[tuple[int, int]] = []
    with open_store(tmp_path / "ray.duckdb") as store:
        summary = ingest_ray(store, corpus, settings=settings, options=OPTIONS,
                             progress=lambda done, count: calls.append((done, count)))
        stored = {r[0] for r in store.con.execute("SELECT id FROM documents").fetchall()}
    assert summary.failed == 1 and summary.failures[0][0] == too_long.id
    assert "DocumentTooLarge" in summary.failures[0][1]
    assert (summary.stored, summary.copies) == (len(corpus) - 2, 1)
    assert too_long.id not in stored and len(stored) == len(corpus) - 2
    assert sum(count for _, count in calls) == len(corpus) == calls[-1][0]
    assert [done for done, _ in calls] == sorted(done for done, _ in calls)


def test_out_leaves_a_parquet_data_set(ray_instance: object, analyzer: Analyzer,
                                       corpus: list[Document], tmp_path: Path) -> None:
    out = tmp_path / "parts"
    summary = ingest_ray(None, corpus, settings=analyzer.settings, options=OPTIONS, out=out)
    assert summary.stored == len(corpus) - 1 and summary.skipped == 1
    table = pq.read_table(out)
    assert table.num_rows == len(corpus) - 1
    rows = sorted(table.to_pylist(), key=lambda r: r["seq"])
    expected = list(analyzer.pipe(corpus[:-1]))
    for row, want in zip(rows, expected, strict=True):
        got = result_from_json(row["result"])
        assert got.events == want.events  # event for event, evidence and ids included
        assert got == want
        assert row["n_events"] == len(want.events) and row["id"] == want.document.id
    # any engine reads it: DuckDB straight from the files
    found = duckdb.sql(f"SELECT sum(n_events) FROM read_parquet('{out}/**/*.parquet')")
    assert found.fetchall() == [(sum(len(r.events) for r in expected),)]


def test_out_must_be_new(tmp_path: Path, corpus: list[Document]) -> None:
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "x.parquet").write_bytes(b"")
    with pytest.raises(ConfigError, match="not empty"):
        ingest_ray(None, corpus, options=OPTIONS, out=tmp_path / "full")
    with pytest.raises(ConfigError, match="store"):
        ingest_ray(None, corpus, options=OPTIONS)


@pytest.mark.parametrize("options", [RayOptions(actors=0), RayOptions(shard_size=0),
                                     RayOptions(object_store_memory=1000)])
def test_bad_options(options: RayOptions, corpus: list[Document]) -> None:
    with pytest.raises(ConfigError):
        ingest_ray(None, corpus, options=options, out="unused")


def test_records_round_trip(seed_result: AnalysisResult) -> None:
    text = result_to_json(seed_result)
    assert result_from_json(text) == seed_result
    bare = AnalysisResult(document=Document(text="x", published=dt.date(2020, 1, 2),
                                            metadata={"k": "v"}))
    assert result_from_json(result_to_json(bare)) == bare


def test_parts_come_in_input_order(ray_instance: object, analyzer: Analyzer,
                                   corpus: list[Document], tmp_path: Path) -> None:
    """More shards than actors, of unequal length (the first is the long reference article,
    done last): every shard becomes one part, yielded in input order."""
    shards = write_shards(corpus[:-1], tmp_path / "input", shard_size=1)
    parts = list(analyze_shards(tmp_path / "input", tmp_path / "parts",
                                settings=analyzer.settings, options=OPTIONS))
    assert len(parts) == shards.shards == len(corpus) - 1 > OPTIONS.actors
    assert parts == sorted(parts)
    seqs = [pq.read_table(tmp_path / "parts" / p).column("seq").to_pylist() for p in parts]
    assert seqs == [[i] for i in range(len(parts))]


def test_no_shard_waits_behind_another_at_the_end() -> None:
    """An idle actor always gets a shard; a busy one a second only while more shards are left
    than actors, and never a third."""
    from multipolar.scale.engine import may_queue

    assert may_queue(0, left=1, actors=4)
    assert may_queue(1, left=5, actors=4)
    assert not may_queue(1, left=4, actors=4)  # the last ones go to whoever is free first
    assert not may_queue(1, left=1, actors=1)
    assert not may_queue(2, left=100, actors=2)


def _makespan(durations: list[float], actors: int) -> float:
    """When the last of these shards is done, given out as `analyze_shards` gives them: to
    the least loaded actor, by `may_queue`, again each time a shard is done."""
    from multipolar.scale.engine import may_queue

    pending = list(range(len(durations)))
    queues: list[list[int]] = [[] for _ in range(actors)]
    ends = [0.0] * actors  # when each actor's running shard ends
    now = 0.0

    def give() -> None:
        while pending:
            k = min(range(actors), key=lambda a: len(queues[a]))
            if not may_queue(len(queues[k]), left=len(pending), actors=actors):
                return
            if not queues[k]:
                ends[k] = now + durations[pending[0]]
            queues[k].append(pending.pop(0))

    give()
    while any(queues):
        k = min((a for a in range(actors) if queues[a]), key=ends.__getitem__)
        now = ends[k]
        queues[k].pop(0)
        if queues[k]:
            ends[k] = now + durations[queues[k][0]]
        give()
    return now


def test_dispatch_keeps_every_actor_busy_to_the_end() -> None:
    """Simulated runs: equal shards end at the ideal time; a long first shard does not keep
    a shard queued behind it while the other actor is idle (the earlier dispatch, two queued
    per actor to the end, took 4 here)."""
    for actors, shards in ((2, 32), (3, 10), (4, 4), (2, 1)):
        assert _makespan([1.0] * shards, actors) == -(-shards // actors)
    assert _makespan([3.0, 1.0, 1.0, 1.0], 2) == 3.0
