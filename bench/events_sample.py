"""Events of a seeded Guardian sample, for hand checks of the event coder's precision.

Parses `random.Random(14).sample` of the Guardian articles of ../shared/corpora (the sample of
docs/events.md), runs the pipeline, and writes every asserted, future or reported event as TSV;
with `--draw N --seed S` it also writes N of them drawn with `random.Random(S).sample` (with
`--roots 19` or `--roots 190`, only events whose code starts so). The parse is cached
(`--cache`), so the coder can be rerun quickly after a change.

    .venv/bin/python bench/events_sample.py --out events.tsv [--draw 50 --seed 7 --roots 19]
"""

from __future__ import annotations

import argparse
import collections
import json
import pickle
import random
import sys
from pathlib import Path

from multipolar.analyzer import Analyzer
from multipolar.config import Settings
from multipolar.model import Event, Modality
from multipolar.pipeline.base import Parsed
from multipolar.pipeline.events import EventStage

SHARED = Path(__file__).resolve().parents[2] / "shared"
KEPT = frozenset({Modality.ASSERTED, Modality.FUTURE, Modality.REPORTED})
COLUMNS = ("n", "verdict", "source", "code", "target", "modality", "trigger", "rule", "note",
           "sentence")


def _items(limit: int, cache: Path | None) -> list[Parsed]:
    if cache is not None and cache.exists():
        items: list[Parsed] = pickle.loads(cache.read_bytes())
        return items
    lines = (SHARED / "corpora" / "guardian_sdf_articles.jsonl").read_text("utf-8").splitlines()
    rows = [json.loads(line) for line in random.Random(14).sample(lines, limit)]
    analyzer = Analyzer(Settings())
    items = list(analyzer.parsed(((r["text"], r["date"][:10]) for r in rows), batch_size=16,
                                 stop_before="events"))
    if cache is not None:
        cache.write_bytes(pickle.dumps(items))
    return items


def _row(n: int, e: Event) -> str:
    sentence = " ".join(e.evidence.sentence.split())
    fields = (str(n), "", ",".join(e.source) or "---", e.code, ",".join(e.target) or "---",
              e.modality.value, e.evidence.trigger, e.rule, "", sentence)
    return "\t".join(fields)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=60, help="articles (default 60)")
    parser.add_argument("--cache", type=Path, default=None, help="pickle of the parsed sample")
    parser.add_argument("--out", type=Path, required=True, help="TSV of every kept event")
    parser.add_argument("--draw", type=int, default=0, help="events to draw at random")
    parser.add_argument("--seed", type=int, default=0, help="seed of the draw")
    parser.add_argument("--roots", default="",
                        help="comma-separated CAMEO code prefixes to draw from (19, 190)")
    args = parser.parse_args()
    items = _items(args.limit, args.cache)
    coder = EventStage(Settings())
    events = [e for item in items for e in coder(item).result.events if e.modality in KEPT]
    args.out.write_text("\n".join(_row(i + 1, e) for i, e in enumerate(events)) + "\n", "utf-8")
    codes = collections.Counter(e.code for e in events)
    print(f"{len(items)} articles, {len(events)} events, {len(events) / len(items):.2f} per "
          f"article, {sum(1 for e in events if not e.target)} one-sided; top codes "
          f"{codes.most_common(5)}", file=sys.stderr)
    if args.draw:
        roots = {r for r in args.roots.split(",") if r}
        pool = [e for e in events if not roots or any(e.code.startswith(r) for r in roots)]
        drawn = random.Random(args.seed).sample(pool, min(args.draw, len(pool)))
        draw_out = args.out.with_suffix(f".draw{args.seed}.tsv")
        draw_out.write_text("\t".join(COLUMNS) + "\n" + "\n".join(
            _row(i + 1, e) for i, e in enumerate(drawn)) + "\n", "utf-8")
        print(f"drew {len(drawn)} of {len(pool)} into {draw_out}", file=sys.stderr)


if __name__ == "__main__":
    main()
