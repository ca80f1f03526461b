"""Score a frozen test set once, and keep that score: docs/results/NAME.first-score.json.

    python scripts/score_frozen.py events tests/gold/events_random2_test.jsonl
    python scripts/score_frozen.py actors tests/gold/actors_random2_test.jsonl

A frozen test set is scored once, at the end of the work it measures, and never tuned on
(tests/gold/RANDOM2_RULES.md). This script refuses to write a score that already exists, so a
second look cannot quietly replace the first; a later score must be kept under another name
(`--later NAME`) beside the first one, as docs/results/README.md says.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "docs" / "results"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("kind", choices=("events", "actors"))
    parser.add_argument("gold", type=Path, help="a frozen *_test.jsonl gold file")
    parser.add_argument("--later", metavar="NAME",
                        help="write docs/results/NAME.json instead of the first score")
    args = parser.parse_args(argv)
    if not args.gold.is_file():
        parser.error(f"{args.gold}: no such gold file")
    stem = args.gold.name.removesuffix(".jsonl")
    out = RESULTS / (f"{args.later}.json" if args.later else f"{stem}.first-score.json")
    if out.exists():
        print(f"{out.relative_to(ROOT)} exists: a frozen test set is scored once "
              "(use --later NAME to keep a later score beside it)", file=sys.stderr)
        return 1

    from multipolar.cli.analyze import make_analyzer  # the model loads only past the checks
    from multipolar.evaluate.actors import evaluate_actors
    from multipolar.evaluate.events import evaluate_events

    analyzer = make_analyzer(None)
    report = (evaluate_events(args.gold, analyzer=analyzer) if args.kind == "events"
              else evaluate_actors(args.gold, analyzer=analyzer))
    data = report.to_dict()
    for key in ("path", "files"):
        if isinstance(data.get(key), str):
            data[key] = str(Path(data[key]).resolve().relative_to(ROOT))
    out.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    # figures only: the failures (sentences with their gold) stay in the written file, so that a
    # developer scoring a check set does not read its sentences by accident
    print(report.render(max_failures=0))
    print(f"written {out.relative_to(ROOT)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
