"""Events the sentence pre-filter loses: the same texts coded with and without it.

    .venv/bin/python bench/prefilter_loss.py [--limit N] [--json FILE]

For the Guardian articles (the first `--limit`, default all 249), the dev event gold files
(tests/gold/events_random_dev.jsonl, tests/gold/events.jsonl) and the retired test halves of the
tuning pool (events_random_test and events_random2-5_test; never the check or blind halves),
it codes every text with the full parse and with the pre-filter and counts the events of the
full parse that the pre-filter run does not give (compared on everything but the sentence
number and the classifier's second opinion), and the events it gives that the full parse does
not. Target: at most 1% of events lost.
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from multipolar.analyzer import Analyzer, TextItem
from multipolar.config import Settings
from multipolar.model import Event
from multipolar.pipeline.nlp import load_model

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpora" / "guardian_sdf_articles.jsonl"
GOLD = {"events_random_dev": ROOT / "tests" / "gold" / "events_random_dev.jsonl",
        "events": ROOT / "tests" / "gold" / "events.jsonl"}
# test halves retired into the tuning pool (no longer blind): measured like the dev files
RETIRED = {name: ROOT / "tests" / "gold" / f"{name}.jsonl" for name in (
    "events_random_test", "events_random2_test", "events_random3_test", "events_random4_test",
    "events_random5_test")}
GOLD.update(RETIRED)


def event_key(event: Event) -> tuple[object, ...]:
    """Everything about an event but its sentence number and the classifier's opinion."""
    ev = event.evidence
    return (event.source, event.target, event.code, event.modality, event.date,
            event.location, event.rule, event.reported_by, ev.start, ev.end,
            ev.trigger_start, ev.trigger_end)


def read_items(path: Path, limit: int | None = None) -> list[tuple[str, str | None]]:
    if path.name.endswith("_test.jsonl") and path.stem not in RETIRED:
        raise SystemExit(f"{path.name} is a blind test half: not measured here")
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip()]
    items = [(str(r["text"]), (str(r.get("date") or "")[:10] or None)) for r in rows]
    return items[:limit] if limit is not None else items


def loss(plain: Analyzer, quick: Analyzer, items: Sequence[TextItem]) -> dict[str, Any]:
    """Events of the full parse missing with the pre-filter (and the reverse), with examples."""
    full = list(plain.pipe(items))
    fast = list(quick.pipe(items))
    total = lost = gained = 0
    examples: list[dict[str, object]] = []
    for a, b in zip(full, fast, strict=True):
        keys_a = {event_key(e): e for e in a.events}
        keys_b = {event_key(e) for e in b.events}
        total += len(keys_a)
        gained += len(keys_b - set(keys_a))
        for key, event in keys_a.items():
            if key not in keys_b:
                lost += 1
                if len(examples) < 20:
                    ev = event.evidence
                    examples.append({"sentence": a.document.text[ev.start:ev.end][:300],
                                     "event": f"{event.source} {event.code} {event.target}",
                                     "rule": event.rule})
    return {"texts": len(items), "events": total, "lost": lost, "gained": gained,
            "lost_share": lost / total if total else 0.0, "lost_examples": examples}


def measure(plain: Analyzer, quick: Analyzer, *, limit: int | None,
            corpora: Iterable[str] = ("guardian", *GOLD)) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name in corpora:
        path = CORPUS if name == "guardian" else GOLD[name]
        if not path.exists():
            continue
        stats = quick.prefilter.stats if quick.prefilter is not None else None
        before = (stats.tokens, stats.kept_tokens) if stats is not None else (0, 0)
        started = time.perf_counter()
        out[name] = loss(plain, quick, read_items(path, limit if name == "guardian" else None))
        out[name]["seconds"] = round(time.perf_counter() - started, 1)
        if stats is not None:
            tokens, kept = stats.tokens - before[0], stats.kept_tokens - before[1]
            out[name]["kept_token_share"] = round(kept / tokens, 4) if tokens else 1.0
    return out


def main(argv: Sequence[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--limit", type=int, default=None, help="first N Guardian articles")
    parser.add_argument("--only", default=None,
                        help="comma-separated: guardian, " + ", ".join(GOLD))
    parser.add_argument("--json", type=Path, default=None)
    parser.add_argument("-v", "--verbose", action="store_true", help="print the lost events")
    args = parser.parse_args(argv)
    base = Settings(prefilter=False)
    nlp = load_model(base)
    plain = Analyzer(base, nlp=nlp)
    quick = Analyzer(base.replace(prefilter=True), nlp=nlp)
    corpora = args.only.split(",") if args.only else ("guardian", *GOLD)
    figures = measure(plain, quick, limit=args.limit, corpora=corpora)
    for name, row in figures.items():
        print(f"{name:20s} texts {row['texts']:4d}  events {row['events']:5d}  lost "
              f"{row['lost']:4d} ({row['lost_share']:.1%})  gained {row['gained']:3d}  "
              f"parsed {row.get('kept_token_share', 1.0):.0%} of tokens  {row['seconds']:.0f} s")
        if args.verbose:
            for ex in row["lost_examples"]:
                print(f"    - {ex['event']} [{ex['rule']}]  {ex['sentence']}")
    if args.json is not None:
        args.json.write_text(json.dumps(figures, indent=2), encoding="utf-8")
    return figures


if __name__ == "__main__":
    main()
