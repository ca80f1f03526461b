"""The Ray engine: the same pipeline over a Ray cluster (a local one by default).

    documents ─▶ input shards (Parquet, one batch each) ─▶ a pool of Ray actors (each builds one
    Analyzer: model and lexicons loaded once; each call reads one shard, analyses it and
    writes one Parquet part) ─▶ the driver loads each part into the DuckDB store as it
    arrives, in input order, or leaves the parts as a data set (`out`)

Each output row is one document (`records.ROW_COLUMNS`): scalar columns and the whole
AnalysisResult as JSON, so the store gets exactly what the local engine would have given it.

Ray's fixed costs are what decides its speed on a small machine, so the plan is as small as it
can be: core Ray actors (`AnalyzeShard`) that are handed shard paths, read the shard themselves
and write their own part; Ray schedules them on the cluster's CPUs, restarts a dead actor and
retries its shards (`analyze_shards`). An earlier version ran the actors under Ray Data
(`map_batches` with an actor pool): its stats, autoscaling and location actors and its operator
loop took about 2 s of CPU per 15 s of run on 2 cores, and it held each part back until its
actor's next shard was done, so the driver's store writes piled up at the end. The driver
streams the parts into the store while the actors work, as the local engine does with its
worker processes.

Local Ray (no `address`) starts with `object_store_memory` capped (1 GiB by default: the rows are
text, and this fits a 24 GB, 2-core machine next to the models) and stops when the run ends. With
`address` ("auto", "ray://head:10001"…) the run joins that cluster; the input shards and the
output directory must then be on storage every node can read (a shared file system).

Ray is an optional extra: `pip install 'multipolar[ray]'`.
"""

from __future__ import annotations

import dataclasses
import itertools
import json
import logging
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyarrow as pa
import pyarrow.parquet as pq

from multipolar.analyzer import Analyzer
from multipolar.config import Settings
from multipolar.errors import ConfigError, DependencyMissing
from multipolar.ingest import IngestSummary, analyze_batch, write_batch
from multipolar.model import AnalysisResult, Document
from multipolar.scale.records import ROW_COLUMNS, result_from_json, result_row

if TYPE_CHECKING:
    from multipolar.store.core import Store

__all__ = ["INPUT_SCHEMA", "OUTPUT_SCHEMA", "RayOptions", "analyze_shards",
           "ingest_ray", "ray_session", "write_shards"]

log = logging.getLogger(__name__)

INPUT_SCHEMA = pa.schema([
    ("seq", pa.int64()), ("id", pa.string()), ("text", pa.large_string()),
    ("title", pa.string()), ("url", pa.string()), ("source", pa.string()),
    ("published", pa.date32()), ("language", pa.string()), ("metadata", pa.string()),
])
OUTPUT_SCHEMA = pa.schema([
    ("seq", pa.int64()), ("id", pa.string()), ("published", pa.date32()), ("title", pa.string()),
    ("url", pa.string()), ("source", pa.string()), ("n_chars", pa.int64()),
    ("n_sentences", pa.int64()), ("n_actors", pa.int64()), ("n_events", pa.int64()),
    ("error", pa.string()), ("result", pa.large_string()),
])
assert tuple(OUTPUT_SCHEMA.names) == ROW_COLUMNS

Progress = Callable[[int, int], None]


@dataclass(frozen=True, slots=True)
class RayOptions:
    """How to run on Ray.

    - `actors`: analysis actors in the pool (each one process with one model, ~0.6-1 GB);
    - `address`: a Ray cluster to join; None starts a local instance for this run;
    - `object_store_memory`: bytes for a local instance's object store;
    - `shard_size`: documents per input shard, which is also one actor call, one output
      part and one store transaction. Small shards keep every actor busy to the end
      (the local engine's worker batches are as small, for the same reason).
    """

    actors: int = 2
    address: str | None = None
    object_store_memory: int = 1 << 30
    shard_size: int = 8

    def validate(self) -> None:
        if self.actors < 1:
            raise ConfigError(f"actors must be at least 1, got {self.actors}")
        if self.shard_size < 1:
            raise ConfigError(f"shard_size must be at least 1, got {self.shard_size}")
        if self.object_store_memory < 75 * 2**20:
            raise ConfigError("object_store_memory must be at least 75 MiB (Ray's minimum), "
                              f"got {self.object_store_memory:,} bytes")


# -- the actor ---------------------------------------------------------------------------------


class AnalyzeShard:
    """A Ray actor's class: one Analyzer per actor. Each `shard` call gets the path of one
    input shard, reads it, writes its analysis as one Parquet part in `parts_dir` and returns
    the part's name."""

    def __init__(self, settings: Settings, parts_dir: str) -> None:
        self.analyzer = Analyzer(settings)
        _ = self.analyzer.nlp, self.analyzer.stages, self.analyzer.prefilter
        self.parts_dir = Path(parts_dir)

    def shard(self, path: str) -> str:
        """Analyse the input shard at `path`; the name of the part written (empty: none)."""
        shard = pq.read_table(path, schema=INPUT_SCHEMA)
        if shard.num_rows == 0:
            return ""
        table = analyze_table(self.analyzer, shard)
        first = table.column("seq")[0].as_py()
        name = f"part-{first:09d}.parquet"
        # written under a temporary name, then renamed: a retried task never leaves half a part
        temporary = self.parts_dir / f".{name}.{os.getpid()}.tmp"
        pq.write_table(table, temporary)
        os.replace(temporary, self.parts_dir / name)
        return name


def analyze_table(analyzer: Any, shard: pa.Table) -> pa.Table:
    """Input rows (`INPUT_SCHEMA`) to output rows (`OUTPUT_SCHEMA`), failures included."""

    rows = shard.to_pylist()
    documents = [_document(row) for row in rows]
    results, failures = analyze_batch(analyzer, documents)
    by_id = {r.document.id: r for r in results}
    errors = dict(failures)
    out = [result_row(row["seq"], doc, by_id.get(doc.id), errors.get(doc.id))
           for row, doc in zip(rows, documents, strict=True)]
    return pa.Table.from_pylist(out, schema=OUTPUT_SCHEMA)


def _document(row: dict[str, Any]) -> Document:
    return Document(text=row["text"], id=row["id"], title=row["title"], url=row["url"],
                    source=row["source"], published=row["published"],
                    language=row["language"] or "en",
                    metadata=json.loads(row["metadata"]) if row["metadata"] else {})


# -- input shards ------------------------------------------------------------------------------


@dataclass
class ShardSummary:
    read: int = 0
    written: int = 0
    skipped: int = 0  # already stored, or repeated in the input
    shards: int = 0
    copies: list[Document] = field(default_factory=list)  # the skipped ones, without text


def write_shards(documents: Iterable[Document], directory: Path, *, shard_size: int,
                 known: Callable[[list[str]], set[str]] | None = None) -> ShardSummary:
    """Write documents as Parquet shards of up to `shard_size` rows, numbered in input order.

    Documents whose id `known` reports (already stored) and repeats are not analysed again:
    they are kept, without their text, in `ShardSummary.copies`. Every shard is full except
    the last, whatever the number of skipped documents.
    """
    directory.mkdir(parents=True, exist_ok=True)
    summary = ShardSummary()
    seen: set[str] = set()
    rows: list[dict[str, Any]] = []

    def flush() -> None:
        table = pa.Table.from_pylist(rows, schema=INPUT_SCHEMA)
        pq.write_table(table, directory / f"shard-{summary.shards:09d}.parquet")
        summary.written += len(rows)
        summary.shards += 1
        rows.clear()

    for chunk in _chunks(documents, shard_size):
        summary.read += len(chunk)
        stored = known([d.id for d in chunk]) if known is not None else set()
        for document in chunk:
            if document.id in seen or document.id in stored:
                # recorded as a copy (another outlet or URL) by the store, like the local engine
                summary.skipped += 1
                summary.copies.append(dataclasses.replace(document, text=""))
                continue
            seen.add(document.id)
            rows.append({"seq": summary.written + len(rows), "id": document.id,
                         "text": document.text, "title": document.title,
                         "url": document.url, "source": document.source,
                         "published": document.published, "language": document.language,
                         "metadata": json.dumps(dict(document.metadata), sort_keys=True,
                                                ensure_ascii=False)})
            if len(rows) >= shard_size:
                flush()
    if rows:
        flush()
    return summary


def _chunks(documents: Iterable[Document], size: int) -> Iterator[list[Document]]:
    iterator = iter(documents)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk


# -- Ray ---------------------------------------------------------------------------------------


@contextmanager
def ray_session(options: RayOptions) -> Iterator[Any]:
    """Ray, initialised for this run: joins `options.address`, else starts a local instance
    (and shuts it down afterwards). An already initialised Ray is used as it is."""
    try:
        import ray
    except ImportError:
        raise DependencyMissing("the Ray engine", "ray", "ray") from None
    options.validate()
    if ray.is_initialized():
        yield ray
        return
    # No telemetry: this runs offline (Ray reads the variable when it starts).
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
    if options.address:
        ray.init(address=options.address, logging_level=logging.WARNING,
                 log_to_driver=False)
    else:
        # one CPU per actor and no more: Ray starts a worker process ahead for each CPU, and
        # there are no read tasks to run beside the actors (they read their shards)
        cpus = max(os.cpu_count() or 1, options.actors)
        ray.init(num_cpus=cpus, object_store_memory=options.object_store_memory,
                 include_dashboard=False, logging_level=logging.ERROR, log_to_driver=False)
    try:
        yield ray
    finally:
        ray.shutdown()


def analyze_shards(input_dir: Path, parts_dir: Path, *, settings: Settings,
                   options: RayOptions) -> Iterator[str]:
    """The shards of `input_dir`, analysed on a pool of Ray actors, each written as one Parquet
    part in `parts_dir`. Yields the part file names in input order as they are done.

    Each actor (`AnalyzeShard`, one CPU, one Analyzer) is given a shard's path and reads the
    shard itself; it has at most `_IN_FLIGHT` shards queued, so it never waits for the driver,
    and none once no more shards are left than actors (`may_queue`), so that none hoards the
    tail. A shard goes to the actor with the fewest queued. Ray restarts an
    actor whose process dies and retries its queued shards there (`max_restarts`,
    `max_task_retries`); an error raised by the analysis itself ends the run.

    Must run inside `ray_session`.
    """
    import ray

    shards = sorted(str(p) for p in input_dir.glob("shard-*.parquet"))
    parts_dir.mkdir(parents=True, exist_ok=True)
    if not shards:
        return
    # Core Ray actors, not Ray Data: its planner, stats and autoscaling actors and its operator
    # loop cost seconds of CPU on a small machine and held each part back until its actor's
    # next shard was done (docs/architecture.md, Throughput).
    remote: Any = ray.remote(num_cpus=1, max_restarts=_RESTARTS,
                             max_task_retries=_RESTARTS)(AnalyzeShard)
    actors: list[Any] = [remote.remote(settings, str(parts_dir))
                         for _ in range(min(options.actors, len(shards)))]
    queued: dict[Any, tuple[int, int]] = {}  # task → (the index of its actor, of its shard)
    load = [0] * len(actors)
    done: dict[int, str] = {}
    pending = list(enumerate(shards))
    pending.reverse()  # popped from the end: input order
    next_out = 0

    def submit() -> None:
        while pending:
            actor = min(range(len(actors)), key=load.__getitem__)
            if not may_queue(load[actor], left=len(pending), actors=len(actors)):
                return
            i, shard = pending.pop()
            task = actors[actor].shard.remote(shard)
            queued[task] = (actor, i)
            load[actor] += 1

    try:
        submit()
        while queued:
            ready, _ = ray.wait(list(queued), num_returns=1)
            for task in ready:
                actor, i = queued.pop(task)
                load[actor] -= 1
                done[i] = ray.get(task)
            submit()
            while next_out in done:
                name = done.pop(next_out)
                next_out += 1
                if name:
                    yield name
    finally:
        for actor in actors:
            ray.kill(actor)


# queued shards per actor: one running, one waiting
_IN_FLIGHT = 2


def may_queue(load: int, *, left: int, actors: int) -> bool:
    """May the actor with the fewest shards (`load` of them, running or waiting) be given one
    more, with `left` shards not yet given out? An idle actor always; a busy one a second
    shard to start as soon as it is done, but only while more shards are left than actors:
    at the end every shard goes to the first actor that is free, so no actor waits out the
    run while a shard is queued behind another one (the tail of the run is at most one shard
    long, as with the local engine's pool)."""
    if load == 0:
        return True
    return load < _IN_FLIGHT and left > actors


# restarts of a dead actor process (and retries of its queued shards) before the run fails
_RESTARTS = 2


# -- the whole run ----------------------------------------------------------------------------


def ingest_ray(
    store: Store | None,
    documents: Iterable[Document],
    *,
    settings: Settings | None = None,
    options: RayOptions | None = None,
    out: str | Path | None = None,
    work_dir: str | Path | None = None,
    progress: Progress | None = None,
) -> IngestSummary:
    """Analyze `documents` on Ray; load the results into `store`, or leave them in `out`.

    With `out`, the Parquet parts stay there (a data set DuckDB, Spark or any warehouse reads)
    and `store` may be None; otherwise they go to a temporary directory under `work_dir` (the
    system's by default), each loaded in its own transaction as soon as it is written, in input
    order, then deleted. Documents already in `store` are skipped.
    """

    settings = settings or Settings.from_env()
    options = options or RayOptions()
    options.validate()
    if store is None and out is None:
        raise ConfigError("the Ray engine needs a store to load into, or an output directory")
    out_dir = Path(out) if out is not None else None
    if out_dir is not None and out_dir.exists() and any(out_dir.iterdir()):
        raise ConfigError(f"output directory {str(out_dir)!r} is not empty; give a new one")
    started = time.perf_counter()
    summary = IngestSummary()
    scratch = Path(tempfile.mkdtemp(prefix="multipolar-ray-", dir=work_dir))
    try:
        shards = write_shards(documents, scratch / "input", shard_size=options.shard_size,
                              known=store.known if store is not None else None)
        summary.read = shards.read
        parts = out_dir if out_dir is not None else scratch / "parts"
        if shards.written:
            with ray_session(options):
                for name in analyze_shards(scratch / "input", parts, settings=settings,
                                           options=options):
                    if out_dir is None:
                        assert store is not None
                        _load_part(store, parts / name, summary, progress)
                    else:
                        _count_part(parts / name, summary, progress)
        if out_dir is None:
            assert store is not None
            _add(store, [], shards.copies, summary, progress)
        else:
            summary.skipped += shards.skipped
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    summary.seconds = time.perf_counter() - started
    return summary


def _load_part(store: Store, path: Path, summary: IngestSummary,
               progress: Progress | None) -> None:
    """One part into the store (one transaction), then deleted."""
    results: list[AnalysisResult] = []
    failed = 0
    for row in pq.read_table(path, schema=OUTPUT_SCHEMA).to_pylist():
        if row["result"] is None:
            failed += 1
            summary.failures.append((row["id"], row["error"] or "analysis failed"))
        else:
            results.append(result_from_json(row["result"]))
    summary.failed += failed
    _add(store, results, (), summary, progress, failed=failed)
    path.unlink()


def _count_part(path: Path, summary: IngestSummary, progress: Progress | None) -> None:
    """Documents, events and failures of a part left in place (no JSON parsing)."""
    rows = pq.read_table(path, columns=["id", "error", "n_events"]).to_pylist()
    for row in rows:
        if row["error"] is not None:
            summary.failed += 1
            summary.failures.append((row["id"], row["error"]))
        else:
            summary.stored += 1
            summary.events += row["n_events"] or 0
    _advance(summary, progress, len(rows))


def _add(store: Store, results: Sequence[AnalysisResult], copies: Sequence[Document],
         summary: IngestSummary, progress: Progress | None, *, failed: int = 0) -> None:
    if not results and not copies:
        _advance(summary, progress, failed)
        return

    write_batch(store, results, copies, summary)
    _advance(summary, progress, len(results) + len(copies) + failed)


def _advance(summary: IngestSummary, progress: Progress | None, count: int) -> None:
    if progress is not None and count:
        done = summary.stored + summary.copies + summary.skipped + summary.failed
        progress(done, count)
