"""Actor resolution time as a fraction of the spaCy parse time, on the Guardian articles.

    python bench/actors_share.py [--limit N] [--lexicon petrarch:DIR]

Parses the articles of ../shared/corpora/guardian_sdf_articles.jsonl once with `nlp.pipe`
(timed), then runs `ActorStage.resolve` on every parsed document (timed, lexicon loaded
beforehand), and prints both times and their ratio, measured in one run. Target: under 10%.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import time
from pathlib import Path

from multipolar.config import Settings
from multipolar.pipeline.actors import ActorStage
from multipolar.pipeline.nlp import load_model

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpora" / \
    "guardian_sdf_articles.jsonl"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=0, help="only the first N articles")
    parser.add_argument("--lexicon", action="append", default=[],
                        help="extra lexicon, e.g. petrarch:../shared/dictionaries/phoenix")
    args = parser.parse_args()
    if not CORPUS.exists():
        raise SystemExit(f"{CORPUS} is missing: the benchmark reads ../shared beside the repo")
    rows = [json.loads(line) for line in CORPUS.open(encoding="utf-8") if line.strip()]
    if args.limit:
        rows = rows[:args.limit]
    settings = Settings(lexicons=tuple(args.lexicon))
    nlp = load_model(settings)
    stage = ActorStage(settings)
    started = time.perf_counter()
    stage.lexicon  # noqa: B018 - load the lexicon before timing
    load_time = time.perf_counter() - started
    # the gazetteer (GeoNames) gives agents the country of a place in their context; the geo
    # stage loads it in any analysis, so it is loaded before timing too
    started = time.perf_counter()
    from multipolar.pipeline.geo import gazetteer

    gazetteer()
    gazetteer_time = time.perf_counter() - started

    started = time.perf_counter()
    docs = list(nlp.pipe((r["text"] for r in rows), batch_size=settings.batch_size))
    parse_time = time.perf_counter() - started

    started = time.perf_counter()
    actors = 0
    for row, doc in zip(rows, docs, strict=True):
        published = dt.date.fromisoformat(row["date"][:10]) if row.get("date") else None
        actors += len(stage.resolve(doc, published=published))
    actor_time = time.perf_counter() - started

    words = sum(len(doc) for doc in docs)
    print(f"articles {len(docs)}, tokens {words:,}, actors {actors:,}")
    print(f"lexicon load  {load_time:7.2f} s (once per process)")
    print(f"gazetteer     {gazetteer_time:7.2f} s (once per process, shared with the geo stage)")
    print(f"spaCy parse   {parse_time:7.2f} s ({words / parse_time:,.0f} tokens/s)")
    print(f"actors        {actor_time:7.2f} s ({words / actor_time:,.0f} tokens/s)")
    print(f"actors / parse = {actor_time / parse_time:.1%} (target < 10%)")


if __name__ == "__main__":
    main()
