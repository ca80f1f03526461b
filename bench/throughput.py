"""Throughput at the physical limit: the ratios of issue 9, measured in one run on the same texts.

    .venv/bin/python bench/throughput.py [--limit N] [--actors 1,2,4] [--skip-ray] [--json F]

On the Guardian articles in ../shared/corpora (or --corpus FILE, JSON lines with a `text`
field), it prints:

  1. end-to-end `Analyzer.pipe` words/s vs raw spaCy `nlp.pipe` with the same model (ratio);
  2. the same with the sentence pre-filter (ratio; target >= 1.3x raw spaCy), and the share of
     tokens it sent through the full parse;
  3. `ingest` into a fresh DuckDB store with one process vs `--workers 2` (ratio; >= 1.4x);
  4. `ingest --engine ray` with 2 actors vs local `--workers 2` (ratio; >= 0.9), and the
     scaling curve over `--actors` (docs/s for each pool size, ratio to the smallest); each
     run starts and stops its own local Ray instance (`--warm-ray`: also with one instance
     started beforehand, as when joining a running cluster);
  5. peak RSS of this process and of the largest worker process (target <= 1.5 GB);
  6. a stage-by-stage time table (parse, then each stage), without and with the pre-filter.

Every figure comes from this one run, each the best of `--repeat` runs interleaved with the
others (a, b, c, a, b, c), so the ratios hold on a loaded machine even when the absolute numbers
do not. Words are whitespace-separated words of the input texts.
"""

from __future__ import annotations

import argparse
import functools
import json
import resource
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from multipolar.analyzer import Analyzer
from multipolar.config import Settings
from multipolar.model import Document
from multipolar.pipeline.nlp import load_model

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpora" / "guardian_sdf_articles.jsonl"


def read_corpus(path: Path, limit: int | None) -> list[Document]:
    if not path.exists():
        sys.exit(f"corpus {path} not found: give --corpus FILE (JSON lines with a 'text' field)")
    docs = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        published = str(row.get("date") or "")[:10] or None
        docs.append(Document(text=row["text"], source=row.get("source"), url=row.get("url"),
                             published=_date(published)))
        if limit is not None and len(docs) >= limit:
            break
    return docs


def _date(value: str | None) -> Any:
    from multipolar.analyzer import to_date

    return to_date(value) if value else None


def best_of(runs: dict[str, Callable[[], Any]], repeat: int) -> dict[str, tuple[float, Any]]:
    """The best wall time of each run and its last result; the runs are interleaved (a, b, c,
    a, b, c…) so that a slow spell of a shared machine does not fall on one of them only."""
    best = {name: (float("inf"), None) for name in runs}
    for _ in range(repeat):
        for name, fn in runs.items():
            started = time.perf_counter()
            result = fn()
            seconds = time.perf_counter() - started
            best[name] = (min(best[name][0], seconds), result)
    return best


def stage_table(analyzer: Analyzer, docs: Sequence[Document], batch_size: int
                ) -> list[tuple[str, float]]:
    """Seconds for the parse and for each stage, run one after the other over all documents."""
    rows: list[tuple[str, float]] = []
    started = time.perf_counter()
    items = list(analyzer.parse(docs, batch_size=batch_size))
    rows.append(("parse (spaCy" + (" + pre-filter)" if analyzer.prefilter else ")"),
                 time.perf_counter() - started))
    for stage in analyzer.stages:
        started = time.perf_counter()
        items = list(stage.pipe(items, batch_size=batch_size))
        rows.append((stage.name, time.perf_counter() - started))
    return rows


def peak_rss_mb() -> tuple[float, float]:
    """Peak RSS (MB) of this process and of the largest finished child process (Linux: KB)."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return own, children


def run_ingest(docs: Sequence[Document], settings: Settings, *, workers: int) -> float:
    from multipolar.ingest import ingest
    from multipolar.store import open_store

    with tempfile.TemporaryDirectory() as tmp, open_store(Path(tmp) / "bench.duckdb") as store:
        started = time.perf_counter()
        summary = ingest(store, docs, settings=settings, workers=workers)
        seconds = time.perf_counter() - started
    assert summary.stored + summary.copies + summary.skipped >= len(docs) - summary.failed
    return seconds


def run_ray(docs: Sequence[Document], settings: Settings, *, actors: int,
            address: str | None) -> float:
    from multipolar.scale import RayOptions, ingest_ray
    from multipolar.store import open_store

    with tempfile.TemporaryDirectory() as tmp, open_store(Path(tmp) / "bench.duckdb") as store:
        started = time.perf_counter()
        ingest_ray(store, docs, settings=settings,
                   options=RayOptions(actors=actors, address=address))
        seconds = time.perf_counter() - started
    return seconds


def warm_ray_runs(docs: Sequence[Document], settings: Settings, sizes: Sequence[int],
                  repeat: int) -> dict[int, float]:
    """Ray runs on one local instance started beforehand and kept between runs (the run joins
    an initialised Ray as it would join a cluster): actors still start in every run."""
    from multipolar.scale import RayOptions
    from multipolar.scale.engine import ray_session

    with ray_session(RayOptions(actors=max(sizes))):
        timings = best_of({str(size): functools.partial(run_ray, docs, settings, actors=size,
                                                        address=None) for size in sizes},
                          repeat)
    return {int(k): seconds for k, (seconds, _) in timings.items()}


def main(argv: Sequence[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--limit", type=int, default=None, help="use the first N articles")
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--repeat", type=int, default=2,
                        help="best of N interleaved runs for each figure (default 2)")
    parser.add_argument("--actors", default="1,2",
                        help="Ray pool sizes for the scaling curve, e.g. 1,2,4,8,16")
    parser.add_argument("--address", default=None, help="a Ray cluster (default: local)")
    parser.add_argument("--skip-ray", action="store_true", help="leave out 4 (no Ray)")
    parser.add_argument("--warm-ray", action="store_true",
                        help="also time 4 with a Ray instance started once beforehand")
    parser.add_argument("--skip-ingest", action="store_true", help="leave out 3 and 4")
    parser.add_argument("--prefilter-ingest", action="store_true",
                        help="run the ingest figures (3, 4) with the pre-filter on")
    parser.add_argument("--json", type=Path, default=None, help="also write the figures here")
    args = parser.parse_args(argv)

    docs = read_corpus(args.corpus, args.limit)
    words = sum(len(d.text.split()) for d in docs)
    print(f"corpus: {len(docs)} articles, {words:,} words ({args.corpus.name})")
    base = Settings(batch_size=args.batch_size)
    nlp = load_model(base)
    plain = Analyzer(base, nlp=nlp)
    quick = Analyzer(base.replace(prefilter=True), nlp=nlp)
    for analyzer in (plain, quick):  # load lexicons and gazetteer before timing
        analyzer.analyze("Russia and China signed a trade deal in Moscow on Tuesday.")
    texts = [d.text for d in docs]
    figures: dict[str, Any] = {"articles": len(docs), "words": words}

    # 1 and 2: one process, same texts, same model (spaCy warmed up on a few articles first)
    sum(1 for _ in nlp.pipe(texts[:8], batch_size=args.batch_size))
    stats = quick.prefilter.stats if quick.prefilter else None
    before = stats.to_dict() if stats else {}
    timings = best_of({
        "raw": lambda: sum(1 for _ in nlp.pipe(texts, batch_size=args.batch_size)),
        "full": lambda: list(plain.pipe(docs)),
        "pre": lambda: list(quick.pipe(docs)),
    }, args.repeat)
    (raw_s, _), (full_s, results), (pre_s, quick_results) = (
        timings["raw"], timings["full"], timings["pre"])
    kept = stats.kept_tokens - before.get("kept_tokens", 0) if stats else 0
    total = stats.tokens - before.get("tokens", 0) if stats else 0
    events = sum(len(r.events) for r in results)
    same = [[e.id for e in a.events] == [e.id for e in b.events]
            for a, b in zip(results, quick_results, strict=True)]
    figures.update({
        "raw_spacy_words_per_s": words / raw_s,
        "analyze_words_per_s": words / full_s,
        "prefilter_words_per_s": words / pre_s,
        "ratio1_analyze_vs_raw": raw_s / full_s,
        "ratio2_prefilter_vs_raw": raw_s / pre_s,
        "prefilter_kept_token_share": kept / total if total else 1.0,
        "events": events,
        "events_prefilter": sum(len(r.events) for r in quick_results),
        "articles_with_identical_event_ids": sum(same),
        "articles_per_hour_per_core_analyze": len(docs) / full_s * 3600,
        "articles_per_hour_per_core_prefilter": len(docs) / pre_s * 3600,
    })
    print(f"raw spaCy nlp.pipe        {words / raw_s:8.0f} words/s   {raw_s:7.1f} s")
    print(f"analyze (all stages)      {words / full_s:8.0f} words/s   {full_s:7.1f} s   "
          f"ratio 1 = {raw_s / full_s:.2f}x raw spaCy")
    print(f"analyze + pre-filter      {words / pre_s:8.0f} words/s   {pre_s:7.1f} s   "
          f"ratio 2 = {raw_s / pre_s:.2f}x raw spaCy (target >= 1.3); parsed "
          f"{figures['prefilter_kept_token_share']:.0%} of tokens; events "
          f"{figures['events_prefilter']} vs {events}, identical in {sum(same)}/{len(docs)}")

    # 6: stage table (parse and stages separately), without and with the pre-filter
    table_plain = stage_table(plain, docs, args.batch_size)
    table_quick = stage_table(quick, docs, args.batch_size)
    figures["stages"] = {name: round(s, 3) for name, s in table_plain}
    figures["stages_prefilter"] = {name: round(s, 3) for name, s in table_quick}
    total_plain = sum(s for _, s in table_plain)
    print("\n6. stage-by-stage time (s, share of the run; then with the pre-filter)")
    for (name, s), (_, q) in zip(table_plain, table_quick, strict=True):
        print(f"   {name:28s} {s:7.2f} {s / total_plain:6.1%}   {q:7.2f}")
    print(f"   {'total':28s} {total_plain:7.2f}           {sum(s for _, s in table_quick):7.2f}")

    # 3 and 4: end-to-end ingest into a fresh store (model loading included)
    if not args.skip_ingest:
        settings = base.replace(prefilter=args.prefilter_ingest)
        sizes = sorted({int(a) for a in args.actors.split(",") if a.strip()} | {2})
        runs: dict[str, Callable[[], Any]] = {
            "one": lambda: run_ingest(docs, settings, workers=1),
            "two": lambda: run_ingest(docs, settings, workers=2)}
        if not args.skip_ray:
            for size in sizes:
                runs[f"ray{size}"] = functools.partial(run_ray, docs, settings, actors=size,
                                                       address=args.address)
        ingest_timings = {name: seconds for name, (seconds, _) in
                          best_of(runs, args.repeat).items()}
        one, two = ingest_timings["one"], ingest_timings["two"]
        figures.update({"ingest_1_docs_per_s": len(docs) / one,
                        "ingest_2_docs_per_s": len(docs) / two,
                        "ratio3_workers2_vs_1": one / two})
        print(f"\n3. ingest, 1 process      {len(docs) / one:6.2f} docs/s  {one:7.1f} s")
        print(f"   ingest, --workers 2     {len(docs) / two:6.2f} docs/s  {two:7.1f} s   "
              f"ratio 3 = {one / two:.2f}x (target >= 1.4)")
        if not args.skip_ray:
            curve = {size: ingest_timings[f"ray{size}"] for size in sizes}
            figures["ray_docs_per_s"] = {str(k): len(docs) / v for k, v in curve.items()}
            figures["ratio4_ray2_vs_workers2"] = two / curve[2]
            print(f"4. ingest --engine ray, 2 actors: {len(docs) / curve[2]:6.2f} docs/s   "
                  f"ratio 4 = {two / curve[2]:.2f}x local --workers 2 (target >= 0.9)")
            smallest = curve[sizes[0]]
            for size in sizes:
                print(f"   actors={size:<3d} {len(docs) / curve[size]:6.2f} docs/s  "
                      f"{curve[size]:7.1f} s  x{smallest / curve[size]:.2f} vs {sizes[0]}")
            if args.warm_ray and args.address is None:
                warm = warm_ray_runs(docs, settings, sizes, args.repeat)
                figures["ray_warm_docs_per_s"] = {str(k): len(docs) / v for k, v in warm.items()}
                figures["ratio4_warm_ray2_vs_workers2"] = two / warm[2]
                print(f"   with Ray already running (as on a cluster: no start or stop in the "
                      f"timing): 2 actors {len(docs) / warm[2]:6.2f} docs/s, "
                      f"ratio 4 = {two / warm[2]:.2f}x")
                for size in sizes:
                    print(f"   actors={size:<3d} {len(docs) / warm[size]:6.2f} docs/s  "
                          f"{warm[size]:7.1f} s  x{warm[sizes[0]] / warm[size]:.2f} vs {sizes[0]}")

    own, child = peak_rss_mb()
    figures.update({"peak_rss_main_mb": own, "peak_rss_worker_mb": child})
    print(f"\n5. peak RSS: this process {own:.0f} MB (model, both analyzers, results); largest "
          f"worker process {child:.0f} MB (target <= 1536 MB)")
    if args.json is not None:
        args.json.write_text(json.dumps(figures, indent=2, default=float), encoding="utf-8")
    return figures


if __name__ == "__main__":
    main()
