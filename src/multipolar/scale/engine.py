"""The Ray engine: the same pipeline over a Ray cluster (a local one by default).

    documents ─▶ input shards (Parquet) ─▶ ray.data.read_parquet ─▶ map_batches over a pool of
    actors (each builds one Analyzer: model and lexicons loaded once) ─▶ write_parquet (parts)
    ─▶ loaded into the DuckDB store in input order, or left as a Parquet data set (`out`)

Nothing here is a home-made job system: Ray Data schedules, retries and streams the batches.
Each output row is one document (`records.ROW_COLUMNS`): scalar columns and the whole
AnalysisResult as JSON, so the store gets exactly what the local engine would have given it.

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
import pyarrow.compute as pc
import pyarrow.parquet as pq

from multipolar.config import Settings
from multipolar.errors import ConfigError, DependencyMissing
from multipolar.model import Document
from multipolar.scale.records import ROW_COLUMNS, result_from_json, result_row

if TYPE_CHECKING:
    from multipolar.store.core import Store
    from multipolar.store.ingest import IngestSummary

__all__ = ["INPUT_SCHEMA", "OUTPUT_SCHEMA", "RayOptions", "analyze_shards", "ingest_ray",
           "load_parts", "ray_session", "write_shards"]

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
    - `shard_size`: documents per input shard (a Parquet file);
    - `batch_size`: documents per `map_batches` call (default: `Settings.batch_size`).
    """

    actors: int = 2
    address: str | None = None
    object_store_memory: int = 1 << 30
    shard_size: int = 32
    batch_size: int | None = None

    def validate(self) -> None:
        if self.actors < 1:
            raise ConfigError(f"actors must be at least 1, got {self.actors}")
        if self.shard_size < 1:
            raise ConfigError(f"shard_size must be at least 1, got {self.shard_size}")
        if self.object_store_memory < 75 * 2**20:
            raise ConfigError("object_store_memory must be at least 75 MiB (Ray's minimum), "
                              f"got {self.object_store_memory:,} bytes")


# -- the actor ---------------------------------------------------------------------------------


class AnalyzeBatch:
    """A Ray Data callable class: one Analyzer per actor, one Arrow table in, one out."""

    def __init__(self, settings: Settings) -> None:
        from multipolar.analyzer import Analyzer

        self.analyzer = Analyzer(settings)
        _ = self.analyzer.nlp, self.analyzer.stages, self.analyzer.prefilter

    def __call__(self, batch: pa.Table) -> pa.Table:
        from multipolar.store.ingest import analyze_batch

        rows = batch.to_pylist()
        documents = [_document(row) for row in rows]
        results, failures = analyze_batch(self.analyzer, documents)
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
    """Write documents as Parquet shards of `shard_size` rows, numbered in input order.

    Documents whose id `known` reports (already stored) and repeats are not analysed again:
    they are kept, without their text, in `ShardSummary.copies`.
    """
    directory.mkdir(parents=True, exist_ok=True)
    summary = ShardSummary()
    seen: set[str] = set()
    for chunk in _chunks(documents, shard_size):
        summary.read += len(chunk)
        stored = known([d.id for d in chunk]) if known is not None else set()
        rows: list[dict[str, Any]] = []
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
        if rows:
            table = pa.Table.from_pylist(rows, schema=INPUT_SCHEMA)
            pq.write_table(table, directory / f"shard-{summary.shards:06d}.parquet")
            summary.written += len(rows)
            summary.shards += 1
    return summary


def _chunks(documents: Iterable[Document], size: int) -> Iterator[list[Document]]:
    chunk: list[Document] = []
    for document in documents:
        chunk.append(document)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
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
        cpus = max(os.cpu_count() or 1, options.actors) + 1  # actors plus read/write tasks
        ray.init(num_cpus=cpus, object_store_memory=options.object_store_memory,
                 include_dashboard=False, logging_level=logging.WARNING, log_to_driver=False)
    try:
        yield ray
    finally:
        ray.shutdown()


def analyze_shards(input_dir: Path, out_dir: Path, *, settings: Settings,
                   options: RayOptions) -> None:
    """Ray Data: read the shards, analyze them on the actor pool, write Parquet parts."""
    with ray_session(options) as ray:
        context = ray.data.DataContext.get_current()
        context.enable_progress_bars = False
        context.execution_options.preserve_order = True  # parts in input order
        batch_size = options.batch_size or settings.batch_size
        # Text is small: Ray Data would read the shards into one or two blocks and feed a
        # single actor. Streaming repartition into batch-sized blocks spreads them over the pool.
        dataset = ray.data.read_parquet(str(input_dir)).repartition(
            target_num_rows_per_block=batch_size)
        analysed = dataset.map_batches(
            AnalyzeBatch,
            fn_constructor_kwargs={"settings": settings},
            batch_size=batch_size,
            batch_format="pyarrow",
            compute=ray.data.ActorPoolStrategy(size=options.actors),
            num_cpus=1,
        )
        analysed.write_parquet(str(out_dir))


# -- loading the parts -------------------------------------------------------------------------


def read_parts(parts_dir: Path) -> Iterator[dict[str, Any]]:
    """The rows of a parts directory in input order (`seq`).

    Ray writes the parts in input order (`preserve_order`), so one file at a time is read; if
    their `seq` ranges overlap all are read and sorted together.
    """
    ranges = []
    for file in sorted(parts_dir.rglob("*.parquet")):
        seqs = pq.read_table(file, columns=["seq"]).column("seq")
        if len(seqs):
            ranges.append((pc.min(seqs).as_py(), pc.max(seqs).as_py(), file))
    ranges.sort()
    disjoint = all(a[1] < b[0] for a, b in itertools.pairwise(ranges))
    groups = [[file] for _, _, file in ranges] if disjoint else [[f for _, _, f in ranges]]
    for group in groups:
        table = pa.concat_tables([pq.read_table(f, schema=OUTPUT_SCHEMA) for f in group])
        yield from table.sort_by("seq").to_pylist()


def load_parts(store: Store, parts_dir: Path | None, *, batch_size: int,
               copies: Sequence[Document] = (), progress: Progress | None = None
               ) -> IngestSummary:
    """Write the analysed parts into the store, `batch_size` documents per transaction, then
    the `copies` (known texts seen again: the store records their outlet and URL)."""
    from multipolar.store.ingest import IngestSummary

    summary = IngestSummary()
    batch: list[Any] = []
    done = 0

    def flush(extra: Sequence[Document] = ()) -> None:
        nonlocal done
        written = store.add(batch, copies=extra)
        summary.stored += written.documents
        summary.copies += written.copies
        summary.skipped += written.skipped
        summary.mentions += written.mentions
        summary.events += written.events
        done += len(batch) + len(extra)
        if progress is not None:
            progress(done, len(batch) + len(extra))
        batch.clear()

    for row in read_parts(parts_dir) if parts_dir is not None else ():
        if row["result"] is None:
            summary.failed += 1
            summary.failures.append((row["id"], row["error"] or "analysis failed"))
            continue
        batch.append(result_from_json(row["result"]))
        if len(batch) >= batch_size:
            flush()
    if batch or copies:
        flush(copies)
    return summary


def _count_parts(parts_dir: Path) -> IngestSummary:
    """Documents written, events found and failures in a parts directory (no JSON parsing)."""
    from multipolar.store.ingest import IngestSummary

    summary = IngestSummary()
    for file in sorted(parts_dir.rglob("*.parquet")):
        for row in pq.read_table(file, columns=["id", "error", "n_events"]).to_pylist():
            if row["error"] is not None:
                summary.failed += 1
                summary.failures.append((row["id"], row["error"]))
            else:
                summary.stored += 1
                summary.events += row["n_events"] or 0
    return summary


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
    system's by default) that is removed once loaded. Documents already in `store` are skipped.
    """
    from multipolar.store.ingest import IngestSummary

    settings = settings or Settings.from_env()
    options = options or RayOptions()
    options.validate()
    if store is None and out is None:
        raise ConfigError("the Ray engine needs a store to load into, or an output directory")
    out_dir = Path(out) if out is not None else None
    if out_dir is not None and out_dir.exists() and any(out_dir.iterdir()):
        raise ConfigError(f"output directory {str(out_dir)!r} is not empty; give a new one")
    started = time.perf_counter()
    scratch = Path(tempfile.mkdtemp(prefix="multipolar-ray-", dir=work_dir))
    try:
        shards = write_shards(documents, scratch / "input", shard_size=options.shard_size,
                              known=store.known if store is not None else None)
        parts = out_dir if out_dir is not None else scratch / "parts"
        if shards.written:
            analyze_shards(scratch / "input", parts, settings=settings, options=options)
        if out_dir is not None:
            summary = _count_parts(parts) if shards.written else IngestSummary()
        else:
            assert store is not None
            summary = load_parts(store, parts if shards.written else None,
                                 batch_size=options.batch_size or settings.batch_size,
                                 copies=shards.copies,
                                 progress=progress)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    summary.read = shards.read
    if out_dir is not None:
        summary.skipped += shards.skipped
    summary.seconds = time.perf_counter() - started
    return summary
