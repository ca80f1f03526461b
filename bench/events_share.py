"""Event coder time as a fraction of the spaCy parse time (target: under 10%).

Parses the Guardian articles of ../shared/corpora once (timed), runs the stages that come before
the EventStage (dates, places, actors; not timed), then times the EventStage alone: our lexicon
alone, with the bundled Phoenix base underneath (the default), and with the Phoenix PETRARCH
verb dictionary named on top. Prints the ratios of one run.

    .venv/bin/python bench/events_share.py [--limit N]
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from multipolar.analyzer import Analyzer
from multipolar.config import Settings
from multipolar.model import AnalysisResult
from multipolar.pipeline.base import Parsed
from multipolar.pipeline.events import EventStage

SHARED = Path(__file__).resolve().parents[2] / "shared"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=100, help="articles to use (default 100)")
    args = parser.parse_args()
    rows = [json.loads(line) for line in
            (SHARED / "corpora" / "guardian_sdf_articles.jsonl").read_text("utf-8").splitlines()]
    rows = rows[: args.limit]
    analyzer = Analyzer(Settings())
    nlp = analyzer.nlp
    documents = [analyzer.document((r["text"], r["date"][:10])) for r in rows]
    nlp("warm up the model")

    start = time.perf_counter()
    docs = list(nlp.pipe((d.text for d in documents), batch_size=32))
    parse_s = time.perf_counter() - start
    words = sum(len(d) for d in docs)

    items = [Parsed(doc, AnalysisResult(document=d, sentences=tuple(
        (s.start_char, s.end_char) for s in doc.sents))) for doc, d in zip(docs, documents,
                                                                           strict=True)]
    for stage in analyzer.stages:
        if stage.name == "events":
            break
        items = [stage(item) for item in items]

    phoenix = f"petrarch:{SHARED / 'dictionaries' / 'phoenix'}"
    coders = {
        "ours alone": EventStage(Settings(), base=False),
        "ours + bundled Phoenix base (default)": EventStage(Settings()),
        "default + petrarch:phoenix": EventStage(Settings(lexicons=(phoenix,))),
    }
    print(f"{len(docs)} articles, {words:,} tokens; spaCy parse {parse_s:.2f} s "
          f"({words / parse_s:,.0f} tokens/s)")
    for name, coder in coders.items():
        coder(items[0])  # load lexicons outside the timing
        start = time.perf_counter()
        events = sum(len(coder(item).result.events) for item in items)
        coded_s = time.perf_counter() - start
        print(f"  EventStage ({name}): {coded_s:.3f} s = {coded_s / parse_s:.1%} of the parse, "
              f"{events} events")


if __name__ == "__main__":
    main()
