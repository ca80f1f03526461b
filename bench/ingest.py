"""Ingestion throughput vs raw spaCy on the Guardian articles (target: ratio >= 0.8).

In one run, on the same texts and with the same model and batch size:

1. raw spaCy: `nlp.pipe` over the texts (the parse alone), documents and words per second;
2. `multipolar ingest` as a library call (reading the JSONL, every pipeline stage, story
   grouping and the DuckDB writes, one transaction per batch) into a fresh store;

and prints the documents-per-second ratio 2/1 and the share of time spent writing the store.
Model loading is excluded from both. With `--workers N` step 2 uses N processes (each loads
the model once; their start-up is included).

    .venv/bin/python bench/ingest.py [--limit N] [--batch-size 32] [--workers 1]
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

from multipolar.analyzer import Analyzer
from multipolar.config import Settings
from multipolar.ingest import ingest
from multipolar.sources import Report, read_documents
from multipolar.store import open_store

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "guardian_sdf_articles.jsonl"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=0, help="articles to use (default: all)")
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args()
    if not CORPUS.exists():
        raise SystemExit(f"{CORPUS} is missing: the benchmark reads ../shared beside the repo")

    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "guardian.jsonl"
        lines = CORPUS.read_text(encoding="utf-8").splitlines()
        if args.limit:
            lines = lines[: args.limit]
        source.write_text("\n".join(lines) + "\n", encoding="utf-8")
        texts = [json.loads(line)["text"] for line in lines]

        settings = Settings.from_env(batch_size=args.batch_size)
        analyzer = Analyzer(settings)
        nlp = analyzer.nlp
        analyzer.analyze("Warm-up: Russia criticised NATO.", published="2025-01-01")

        start = time.perf_counter()
        words = sum(len(doc) for doc in nlp.pipe(texts, batch_size=args.batch_size))
        raw_s = time.perf_counter() - start

        report = Report()
        with open_store(Path(tmp) / "bench.duckdb") as store:
            summary = ingest(store, read_documents([source], report=report), settings=settings,
                             analyzer=analyzer if args.workers == 1 else None,
                             workers=args.workers)
            stats = store.stats()

    n = len(texts)
    raw_dps = n / raw_s
    ingest_dps = summary.stored / summary.seconds
    print(f"documents            {n} ({words:,} spaCy tokens), batch size {args.batch_size}")
    print(f"raw spaCy nlp.pipe   {raw_s:7.2f} s  {raw_dps:6.2f} docs/s  {words / raw_s:8,.0f} "
          "tokens/s")
    print(f"ingest (workers={args.workers})   {summary.seconds:7.2f} s  {ingest_dps:6.2f} docs/s"
          f"  ({summary.stored} stored, {stats['events']} events, {stats['stories']} stories)")
    print(f"  store writes       {summary.write_seconds:7.2f} s  "
          f"({100 * summary.write_seconds / summary.seconds:.1f}% of ingest)")
    print(f"ratio ingest / raw spaCy = {ingest_dps / raw_dps:.2f}  (target >= 0.8)")
    if not report.ok:
        print(f"input problems: {report.summary()}")


if __name__ == "__main__":
    main()
