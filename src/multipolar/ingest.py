"""Ingestion: documents → analysis (one or several processes) → the store, batch by batch.

Each batch is written in one transaction (documents with their events), so a crash loses at
most the batch in flight and a re-run resumes: documents already stored are recognised by their
content hash and not analysed again.
"""

from __future__ import annotations

import dataclasses
import itertools
import logging
import multiprocessing
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from multipolar.analyzer import Analyzer
from multipolar.config import Settings
from multipolar.errors import ConfigError, InputError, MultipolarError
from multipolar.model import AnalysisResult, Document
from multipolar.store.core import Store
from multipolar.textio import CODED_LANGUAGES

log = logging.getLogger(__name__)


@dataclass
class IngestSummary:
    """What an ingestion did."""

    read: int = 0  # documents offered
    stored: int = 0  # new documents written
    copies: int = 0  # known texts from a new outlet or URL, recorded as copies
    skipped: int = 0  # nothing new (same text, outlet and URL already stored)
    failed: int = 0  # analysis raised an error
    mentions: int = 0
    events: int = 0  # new deduplicated events (the store's count after minus before)
    events_updated: int = 0  # existing events that got more mentions (counted once per batch)
    seconds: float = 0.0
    write_seconds: float = 0.0  # time spent in store writes (the rest: reading and analysis)
    failures: list[tuple[str, str]] = field(default_factory=list)  # (document id, message)

    @property
    def docs_per_second(self) -> float:
        return (self.stored / self.seconds) if self.seconds > 0 else 0.0

    def to_dict(self) -> dict[str, object]:
        return {"read": self.read, "stored": self.stored, "copies": self.copies,
                "skipped": self.skipped,
                "failed": self.failed, "mentions": self.mentions, "events": self.events,
                "events_updated": self.events_updated,
                "seconds": round(self.seconds, 3),
                "write_seconds": round(self.write_seconds, 3),
                "docs_per_second": round(self.docs_per_second, 2),
                "failures": [{"id": i, "error": m} for i, m in self.failures]}


Progress = Callable[[int, int], None]  # (documents done so far, documents in this batch)

# -- analysis in worker processes --------------------------------------------------------

_WORKER_ANALYZER: Analyzer | None = None
_WORKER_BATCH = 8  # default documents per batch when analysing in several processes


def _init_worker(settings: Settings) -> None:
    global _WORKER_ANALYZER  # one analyzer (one model load) per worker process
    _WORKER_ANALYZER = Analyzer(settings)
    _ = _WORKER_ANALYZER.nlp


@dataclass(frozen=True, slots=True)
class _Batch:
    documents: list[Document]  # to analyse
    copies: list[Document]  # already stored or earlier in the input: recorded as copies
    any_language: bool = False  # code documents in languages the coder does not read


@dataclass(frozen=True, slots=True)
class _Analysed:
    results: list[AnalysisResult]
    failures: list[tuple[str, str]]
    copies: list[Document]


def _analyze_batch(batch: _Batch) -> _Analysed:
    assert _WORKER_ANALYZER is not None, "worker not initialised"
    return _Analysed(*analyze_batch(_WORKER_ANALYZER, batch.documents,
                                    any_language=batch.any_language), batch.copies)


def analyze_batch(analyzer: Analyzer, batch: list[Document], *, any_language: bool = False
                  ) -> tuple[list[AnalysisResult], list[tuple[str, str]]]:
    """Analyze a batch; if it fails, analyze its documents one by one and report the bad ones.

    A document whose language the coder does not read (`Document.language`, set by the
    readers) is stored with its language and nothing coded, unless `any_language`."""
    if not batch:
        return [], []
    if not any_language and any(d.language not in CODED_LANGUAGES for d in batch):
        coded = [d for d in batch if d.language in CODED_LANGUAGES]
        done, problems = analyze_batch(analyzer, coded) if coded else ([], [])
        by_id = {r.document.id: r for r in done}
        return [by_id.get(d.id) or AnalysisResult(document=d) for d in batch
                if d.id in by_id or d.language not in CODED_LANGUAGES], problems
    try:
        return list(analyzer.pipe(batch, batch_size=len(batch) or 1)), []
    except Exception as exc:  # a stage failing on one document must not stop the corpus
        _raise_if_systematic(exc)
        log.warning("a batch of %d documents failed (%s); retrying one by one", len(batch), exc)
    results: list[AnalysisResult] = []
    failures: list[tuple[str, str]] = []
    for document in batch:
        try:
            results.append(analyzer.analyze(document))
        except Exception as exc:  # recorded and reported per document
            _raise_if_systematic(exc)
            failures.append((document.id, f"{type(exc).__name__}: {exc}"))
    return results, failures


def _raise_if_systematic(exc: Exception) -> None:
    """Errors that would hit every document (no model, broken lexicon, missing module) stop
    the run instead of being reported once per document."""
    if isinstance(exc, ImportError | MemoryError):
        raise exc
    if isinstance(exc, MultipolarError) and not isinstance(exc, InputError):
        raise exc


# -- the driver --------------------------------------------------------------------------


def ingest(
    store: Store,
    documents: Iterable[Document],
    *,
    settings: Settings | None = None,
    analyzer: Analyzer | None = None,
    workers: int = 1,
    batch_size: int | None = None,
    progress: Progress | None = None,
    any_language: bool = False,
) -> IngestSummary:
    """Analyze `documents` and write them to `store`, one transaction per batch.

    `workers` > 1 analyses in that many processes (each loads the model once); results are
    written in input order by this process, so the store's contents do not depend on `workers`.
    Documents in a language the coder does not read are stored without events unless
    `any_language`.
    """
    if workers < 1:
        raise ConfigError(f"workers must be at least 1, got {workers}")
    settings = settings or (analyzer.settings if analyzer else Settings.from_env())
    # Several workers need several batches in flight: smaller batches keep them all busy.
    size = batch_size or (settings.batch_size if workers == 1
                          else min(settings.batch_size, _WORKER_BATCH))
    summary = IngestSummary()
    started = time.perf_counter()
    # At most `2 * workers` batches are read ahead of the writer, whatever the input size.
    window = threading.Semaphore(2 * workers)
    cancelled = threading.Event()
    batches = _new_batches(store, documents, size, summary, window, cancelled,
                           any_language=any_language)

    def stop_reading() -> None:
        # Unblock the reader (it may wait for the window) and make it stop, so that a pool
        # being shut down after an error does not wait for it forever.
        cancelled.set()
        for _ in range(2 * workers + 1):
            window.release()

    if workers == 1:
        local = analyzer or Analyzer(settings)
        analysed: Iterator[_Analysed] = (
            _Analysed(*analyze_batch(local, batch.documents, any_language=any_language),
                      batch.copies)
            for batch in batches)
        try:
            _write_all(store, analysed, summary, progress, 0, window)
        finally:
            stop_reading()
    else:
        context = multiprocessing.get_context("spawn")
        with context.Pool(workers, initializer=_init_worker, initargs=(settings,)) as pool:
            try:
                _write_all(store, pool.imap(_analyze_batch, batches), summary, progress, 0,
                           window)
            finally:
                stop_reading()
    summary.seconds = time.perf_counter() - started
    return summary


def _write_all(store: Store, analysed: Iterable[_Analysed], summary: IngestSummary,
               progress: Progress | None, done: int, window: threading.Semaphore) -> int:
    for item in analysed:
        window.release()
        write_batch(store, item.results, item.copies, summary)
        summary.failed += len(item.failures)
        summary.failures.extend(item.failures)
        count = len(item.results) + len(item.failures) + len(item.copies)
        done += count
        if progress is not None:
            progress(done, count)
    return done


def write_batch(store: Store, results: Sequence[AnalysisResult], copies: Sequence[Document],
                summary: IngestSummary) -> None:
    """Write one batch in one transaction and count what it wrote in `summary`."""
    started = time.perf_counter()
    written = store.add(results, copies=copies)
    summary.write_seconds += time.perf_counter() - started
    summary.stored += written.documents
    summary.copies += written.copies
    summary.skipped += written.skipped
    summary.mentions += written.mentions
    summary.events += written.new_events
    summary.events_updated += written.events - written.new_events


def _new_batches(store: Store, documents: Iterable[Document], size: int,
                 summary: IngestSummary, window: threading.Semaphore,
                 cancelled: threading.Event, *, any_language: bool = False
                 ) -> Iterator[_Batch]:
    """Batches of documents to analyse (not yet stored, not earlier in this input) and of
    documents already known, which are only recorded as copies (another outlet or URL).

    May run in the pool's feeder thread, so it asks the store through its own cursor.
    """
    cursor = store.con.cursor()
    seen: set[str] = set()
    try:
        iterator = iter(documents)
        while True:
            chunk = list(itertools.islice(iterator, size))
            if not chunk:
                return
            summary.read += len(chunk)
            ids = sorted({d.id for d in chunk} - seen)
            stored = {r[0] for r in cursor.execute(
                "SELECT id FROM documents WHERE id IN (SELECT unnest($1::VARCHAR[]))",
                [ids]).fetchall()} if ids else set()
            batch = _Batch([], [], any_language)
            for document in chunk:
                if document.id in seen or document.id in stored:
                    # the text is not needed to record a copy: do not ship it to a worker
                    batch.copies.append(dataclasses.replace(document, text=""))
                    continue
                seen.add(document.id)
                batch.documents.append(document)
            window.acquire()
            if cancelled.is_set():
                return
            yield batch
    finally:
        cursor.close()
