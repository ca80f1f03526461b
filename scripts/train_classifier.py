"""Retrain the sentence event classifier and print its dev and test figures.

    python scripts/train_classifier.py [--labels L] [--config C] [--output DIR] [--seed N]
                                       [--epochs N] [--limit N] [--no-test] [--json]

Defaults: training/event_classifier/labels.jsonl and config.cfg, output into the package
(src/multipolar/models/event_classifier/), seed 1501. See docs/classifier.md.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "training" / "event_classifier"


def main(argv: list[str] | None = None) -> int:
    from multipolar.pipeline.classifier import default_model_path
    from multipolar.training.classifier import train_classifier

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--labels", type=Path, default=DATA / "labels.jsonl")
    parser.add_argument("--config", type=Path, default=DATA / "config.cfg")
    parser.add_argument("--output", type=Path, default=default_model_path())
    parser.add_argument("--seed", type=int, default=1501)
    parser.add_argument("--epochs", type=int, default=None, help="override max_epochs")
    parser.add_argument("--limit", type=int, default=None, help="first N training sentences")
    parser.add_argument("--no-test", action="store_true",
                        help="do not score the frozen test split (while developing)")
    parser.add_argument("--set", action="append", default=[], metavar="KEY=VALUE",
                        help="a spaCy config override, e.g. components.textcat.model.length=65536")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    overrides = {}
    for item in args.set:
        key, _, value = item.partition("=")
        overrides[key] = json.loads(value) if value[:1] in "0123456789[{tf-\"" else value
    report = train_classifier(args.labels, args.config, args.output, seed=args.seed,
                              max_epochs=args.epochs, limit=args.limit,
                              score_test=not args.no_test, overrides=overrides)
    print(json.dumps(report.to_dict(), indent=1) if args.json else report.render())
    return 0


if __name__ == "__main__":
    sys.exit(main())
