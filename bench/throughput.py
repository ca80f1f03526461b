"""Throughput at the physical limit: the ratios of issue 18, measured in one run on the same texts.

    .venv/bin/python bench/throughput.py --out docs/results/throughput-1.json

(about 4-5 minutes on 2 quiet cores; `--skip-ray`, `--loss 0` or smaller `--limit` and
`--ingest-limit` make it shorter.) On the Guardian articles in ../shared/corpora (or --corpus
FILE, JSON lines with a `text` field), it prints and writes (`--out`, JSON):

  1. end-to-end `Analyzer.pipe` with the full parse vs raw spaCy `nlp.pipe` with the same model
     as it ships (`load_model(..., tuned=False)`: the stock attribute ruler; our pipeline's
     `TagMapRuler` gives the same output for less CPU, and its parse alone is recorded as
     `tuned_spacy_vs_raw`), on the first `--limit` (60) articles, in CPU time (target >= 0.9x),
     and the share of the CPU time spent after the parse (target < 10%);
  2. the same with the sentence pre-filter (target >= 1.3x raw spaCy), and the share of tokens
     it sent through the full parse;
  3. `ingest` into a fresh DuckDB store with one process vs `--workers 2`, on the first
     `--ingest-limit` (249: all) articles, in wall time with the processes' start-up
     (target >= 1.5x);
  4. `ingest --engine ray` with 2 actors vs local `--workers 2` (wall time; target >= 0.9x),
     and the scaling curve over `--actors`; each run starts and stops its own local Ray
     instance (`--warm-ray`: also with one instance started beforehand, as on a cluster);
  5. the peak RSS of one worker process (a fresh process that loads the model, the lexicons of
     `--lexicon` and the classifier and analyses `--rss-articles` articles; target <= 1.5 GB),
     and of this process;
  6. a stage-by-stage CPU time table (parse, then each stage), without and with the pre-filter;
  7. the events the pre-filter loses (bench/prefilter_loss.py) on the first `--loss` (60)
     Guardian articles and on the dev event gold files (target <= 1%).

Each figure of 1-4 is the best of `--repeat` (1-2: 2; 3-4: `--ingest-repeat`, 1) runs
interleaved with the others (a, b, c, a, b, c), so that a slow spell of a shared machine falls
on all of them; the ratios are the figures to compare between machines, not the absolute
numbers. The JSON also records the run's conditions (cores, load average before and after,
commit, model). Words are whitespace-separated words of the input texts.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import json
import multiprocessing
import os
import platform
import resource
import subprocess
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
sys.path.insert(0, str(Path(__file__).resolve().parent))  # bench/prefilter_loss.py
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


def best_of(runs: dict[str, Callable[[], Any]], repeat: int,
            clock: Callable[[], float] = time.perf_counter) -> dict[str, tuple[float, Any]]:
    """The best time of each run (by `clock`: wall time, or `time.process_time` for this
    process's CPU time) and its last result; the runs are interleaved (a, b, c, a, b, c…) so
    that a slow spell of a shared machine does not fall on one of them only."""
    best = {name: (float("inf"), None) for name in runs}
    for _ in range(repeat):
        for name, fn in runs.items():
            started = clock()
            result = fn()
            seconds = clock() - started
            best[name] = (min(best[name][0], seconds), result)
    return best


def stage_table(analyzer: Analyzer, docs: Sequence[Document], batch_size: int
                ) -> list[tuple[str, float]]:
    """CPU seconds for the parse and for each stage, run one after the other over all
    documents."""
    rows: list[tuple[str, float]] = []
    started = time.process_time()
    items = list(analyzer.parse(docs, batch_size=batch_size))
    rows.append(("parse (spaCy" + (" + pre-filter)" if analyzer.prefilter else ")"),
                 time.process_time() - started))
    for stage in analyzer.stages:
        started = time.process_time()
        items = list(stage.pipe(items, batch_size=batch_size))
        rows.append((stage.name, time.process_time() - started))
    return rows


def peak_rss_mb() -> tuple[float, float]:
    """Peak RSS (MB) of this process and of the largest finished child process (Linux: KB)."""
    own = own_peak_rss_mb()
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return own, children


def own_peak_rss_mb() -> float:
    """This process's own peak RSS (MB): Linux's VmHWM of its memory map. Not `ru_maxrss`,
    which a spawned process inherits from its parent across fork and exec."""
    try:
        for line in Path("/proc/self/status").read_text(encoding="ascii").splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _worker_rss(settings: Settings, texts: list[str]) -> float:
    """In a fresh process: load what an ingest worker loads, analyse, give the peak RSS (MB)."""
    analyzer = Analyzer(settings)
    for _ in analyzer.pipe(texts):
        pass
    return own_peak_rss_mb()


def worker_peak_rss_mb(settings: Settings, docs: Sequence[Document]) -> float:
    """The peak RSS of one worker process (spawned as `ingest --workers` spawns them)."""
    context = multiprocessing.get_context("spawn")
    with context.Pool(1) as pool:
        return float(pool.apply(_worker_rss, (settings, [d.text for d in docs])))


def conditions(settings: Settings, nlp: Any) -> dict[str, Any]:
    """What the figures depend on: machine, load, code and model."""
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, text=True,
                                capture_output=True, check=False).stdout.strip() or None
    except OSError:
        commit = None
    return {"date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "cores": os.cpu_count(), "load_average_before": os.getloadavg(),
            "python": platform.python_version(), "commit": commit,
            "model": f"{nlp.meta.get('lang', '?')}_{nlp.meta.get('name', '?')}-"
                     f"{nlp.meta.get('version', '?')}",
            "lexicons": list(settings.lexicons), "classifier": settings.classifier}


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
    parser.add_argument("--limit", type=int, default=60,
                        help="articles for 1, 2 and 6 (default 60)")
    parser.add_argument("--ingest-limit", type=int, default=None,
                        help="articles for 3 and 4 (default: all)")
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--repeat", type=int, default=2,
                        help="best of N interleaved runs for 1 and 2 (default 2)")
    parser.add_argument("--ingest-repeat", type=int, default=1,
                        help="best of N interleaved runs for 3 and 4 (default 1)")
    parser.add_argument("--actors", default="2",
                        help="Ray pool sizes for the scaling curve, e.g. 1,2,4,8,16")
    parser.add_argument("--address", default=None, help="a Ray cluster (default: local)")
    parser.add_argument("--skip-ray", action="store_true", help="leave out 4 (no Ray)")
    parser.add_argument("--warm-ray", action="store_true",
                        help="also time 4 with a Ray instance started once beforehand")
    parser.add_argument("--skip-ingest", action="store_true", help="leave out 3 and 4")
    parser.add_argument("--prefilter-ingest", action=argparse.BooleanOptionalAction,
                        default=None, help="the ingest figures (3, 4) with or without the "
                        "pre-filter (default: as Settings, i.e. the product's default)")
    parser.add_argument("--lexicon", action="append", default=[],
                        help="extra lexicon (Settings.lexicons), e.g. "
                        "petrarch:../shared/dictionaries/phoenix; repeatable")
    parser.add_argument("--rss-articles", type=int, default=32,
                        help="articles the worker analyses for 5 (0: leave 5 out)")
    parser.add_argument("--loss", type=int, default=60,
                        help="Guardian articles for 7 (0: leave 7 out)")
    parser.add_argument("--out", "--json", dest="out", type=Path, default=None,
                        help="also write the figures here (JSON)")
    args = parser.parse_args(argv)

    all_docs = read_corpus(args.corpus, None)
    docs = all_docs[:args.limit]
    words = sum(len(d.text.split()) for d in docs)
    print(f"corpus: {len(docs)} articles, {words:,} words ({args.corpus.name})")
    base = Settings(batch_size=args.batch_size, lexicons=tuple(args.lexicon))
    nlp = load_model(base)
    # raw spaCy: the model as it ships (the stock attribute ruler), not our tuned pipeline
    stock = load_model(base, tuned=False)
    plain = Analyzer(base.replace(prefilter=False), nlp=nlp)
    quick = Analyzer(base.replace(prefilter=True), nlp=nlp)
    for analyzer in (plain, quick):  # load lexicons and gazetteer before timing
        analyzer.analyze("Russia and China signed a trade deal in Moscow on Tuesday.")
    texts = [d.text for d in docs]
    figures: dict[str, Any] = {"conditions": conditions(base, nlp), "articles": len(docs),
                               "words": words, "clock_1_2": "cpu", "clock_3_4": "wall"}

    # 1 and 2: one process, same texts, same model (spaCy warmed up on a few articles first)
    sum(1 for _ in nlp.pipe(texts[:8], batch_size=args.batch_size))
    sum(1 for _ in stock.pipe(texts[:8], batch_size=args.batch_size))
    stats = quick.prefilter.stats if quick.prefilter else None
    before = stats.to_dict() if stats else {}
    timings = best_of({
        "raw": lambda: sum(1 for _ in stock.pipe(texts, batch_size=args.batch_size)),
        "tuned": lambda: sum(1 for _ in nlp.pipe(texts, batch_size=args.batch_size)),
        "full": lambda: list(plain.pipe(docs)),
        "pre": lambda: list(quick.pipe(docs)),
    }, args.repeat, clock=time.process_time)
    (raw_s, _), (full_s, results), (pre_s, quick_results) = (
        timings["raw"], timings["full"], timings["pre"])
    kept = stats.kept_tokens - before.get("kept_tokens", 0) if stats else 0
    total = stats.tokens - before.get("tokens", 0) if stats else 0
    events = sum(len(r.events) for r in results)
    same = [[e.id for e in a.events] == [e.id for e in b.events]
            for a, b in zip(results, quick_results, strict=True)]
    figures.update({
        "raw_spacy_words_per_cpu_s": words / raw_s,
        "analyze_words_per_cpu_s": words / full_s,
        "prefilter_words_per_cpu_s": words / pre_s,
        "ratio1_analyze_vs_raw": raw_s / full_s,
        "ratio2_prefilter_vs_raw": raw_s / pre_s,
        "tuned_spacy_vs_raw": raw_s / timings["tuned"][0],
        "prefilter_kept_token_share": kept / total if total else 1.0,
        "events": events,
        "events_prefilter": sum(len(r.events) for r in quick_results),
        "articles_with_identical_event_ids": sum(same),
        "articles_per_hour_per_core_analyze": len(docs) / full_s * 3600,
        "articles_per_hour_per_core_prefilter": len(docs) / pre_s * 3600,
    })
    print(f"1. raw spaCy nlp.pipe        {words / raw_s:8.0f} words/CPU s  {raw_s:7.1f} s")
    print(f"   tuned spaCy (TagMapRuler) {words / timings['tuned'][0]:8.0f} words/CPU s  "
          f"{timings['tuned'][0]:7.1f} s   {raw_s / timings['tuned'][0]:.2f}x raw spaCy")
    print(f"   analyze (all stages)      {words / full_s:8.0f} words/CPU s  {full_s:7.1f} s   "
          f"ratio 1 = {raw_s / full_s:.2f}x raw spaCy (target >= 0.9)")
    print(f"2. analyze + pre-filter      {words / pre_s:8.0f} words/CPU s  {pre_s:7.1f} s   "
          f"ratio 2 = {raw_s / pre_s:.2f}x raw spaCy (target >= 1.3); parsed "
          f"{figures['prefilter_kept_token_share']:.0%} of tokens; events "
          f"{figures['events_prefilter']} vs {events}, identical in {sum(same)}/{len(docs)}")

    # 6: stage table (parse and stages separately), without and with the pre-filter
    table_plain = stage_table(plain, docs, args.batch_size)
    table_quick = stage_table(quick, docs, args.batch_size)
    figures["stages_cpu_s"] = {name: round(s, 3) for name, s in table_plain}
    figures["stages_prefilter_cpu_s"] = {name: round(s, 3) for name, s in table_quick}
    total_plain = sum(s for _, s in table_plain)
    total_quick = sum(s for _, s in table_quick)
    figures["post_parse_share"] = sum(s for _, s in table_plain[1:]) / total_plain
    figures["post_parse_share_prefilter"] = sum(s for _, s in table_quick[1:]) / total_quick
    print("\n6. stage-by-stage CPU time (s, share of the run; then with the pre-filter)")
    for (name, s), (_, q) in zip(table_plain, table_quick, strict=True):
        print(f"   {name:28s} {s:7.2f} {s / total_plain:6.1%}   {q:7.2f} {q / total_quick:6.1%}")
    print(f"   {'total':28s} {total_plain:7.2f}           {total_quick:7.2f}")
    print(f"   after the parse: {figures['post_parse_share']:.1%} of CPU time (target < 10%); "
          f"with the pre-filter {figures['post_parse_share_prefilter']:.1%}")

    # 3 and 4: end-to-end ingest into a fresh store (model loading included)
    if not args.skip_ingest:
        ingest_docs = all_docs[:args.ingest_limit]
        settings = base if args.prefilter_ingest is None else base.replace(
            prefilter=args.prefilter_ingest)
        figures["ingest_articles"] = len(ingest_docs)
        figures["ingest_prefilter"] = settings.prefilter
        sizes = sorted({int(a) for a in args.actors.split(",") if a.strip()} | {2})
        runs: dict[str, Callable[[], Any]] = {
            "one": lambda: run_ingest(ingest_docs, settings, workers=1),
            "two": lambda: run_ingest(ingest_docs, settings, workers=2)}
        if not args.skip_ray:
            for size in sizes:
                runs[f"ray{size}"] = functools.partial(run_ray, ingest_docs, settings,
                                                       actors=size, address=args.address)
        ingest_timings = {name: seconds for name, (seconds, _) in
                          best_of(runs, args.ingest_repeat).items()}
        one, two = ingest_timings["one"], ingest_timings["two"]
        n = len(ingest_docs)
        figures.update({"ingest_1_docs_per_s": n / one,
                        "ingest_2_docs_per_s": n / two,
                        "ratio3_workers2_vs_1": one / two})
        print(f"\n3. ingest {n} articles, 1 process  {n / one:6.2f} docs/s  {one:7.1f} s")
        print(f"   ingest, --workers 2     {n / two:6.2f} docs/s  {two:7.1f} s   "
              f"ratio 3 = {one / two:.2f}x (target >= 1.5)")
        if not args.skip_ray:
            curve = {size: ingest_timings[f"ray{size}"] for size in sizes}
            figures["ray_docs_per_s"] = {str(k): n / v for k, v in curve.items()}
            figures["ratio4_ray2_vs_workers2"] = two / curve[2]
            print(f"4. ingest --engine ray, 2 actors: {n / curve[2]:6.2f} docs/s   "
                  f"ratio 4 = {two / curve[2]:.2f}x local --workers 2 (target >= 0.9)")
            smallest = curve[sizes[0]]
            for size in sizes:
                print(f"   actors={size:<3d} {n / curve[size]:6.2f} docs/s  "
                      f"{curve[size]:7.1f} s  x{smallest / curve[size]:.2f} vs {sizes[0]}")
            if args.warm_ray and args.address is None:
                warm = warm_ray_runs(ingest_docs, settings, sizes, args.ingest_repeat)
                figures["ray_warm_docs_per_s"] = {str(k): n / v for k, v in warm.items()}
                figures["ratio4_warm_ray2_vs_workers2"] = two / warm[2]
                print(f"   with Ray already running (as on a cluster: no start or stop in the "
                      f"timing): 2 actors {n / warm[2]:6.2f} docs/s, "
                      f"ratio 4 = {two / warm[2]:.2f}x")
                for size in sizes:
                    print(f"   actors={size:<3d} {n / warm[size]:6.2f} docs/s  "
                          f"{warm[size]:7.1f} s  x{warm[sizes[0]] / warm[size]:.2f} vs {sizes[0]}")

    # 5: memory
    own, child = peak_rss_mb()
    figures.update({"peak_rss_main_mb": own, "peak_rss_children_mb": child})
    if args.rss_articles > 0:
        worker = worker_peak_rss_mb(base, all_docs[:args.rss_articles])
        figures["peak_rss_worker_mb"] = worker
        print(f"\n5. peak RSS of one worker (model, lexicons, classifier, {args.rss_articles} "
              f"articles): {worker:.0f} MB (target <= 1536 MB); this process {own:.0f} MB "
              f"(model, two analyzers, all results)")

    # 7: events lost by the pre-filter
    if args.loss > 0:
        from prefilter_loss import measure

        loss = measure(plain, quick, limit=args.loss)
        figures["prefilter_loss"] = loss
        print("\n7. events lost by the pre-filter (target <= 1%)")
        for name, row in loss.items():
            print(f"   {name:20s} {row['texts']:4d} texts  {row['events']:5d} events  lost "
                  f"{row['lost']:3d} ({row['lost_share']:.1%})")
    figures["conditions"]["load_average_after"] = os.getloadavg()
    if args.out is not None:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(figures, indent=2, default=float) + "\n",
                            encoding="utf-8")
    return figures


if __name__ == "__main__":
    main()
