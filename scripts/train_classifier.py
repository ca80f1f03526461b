"""Retrain the sentence event classifier from every hand label and print its cross-validation.

    python scripts/train_classifier.py [--labels L] [--config C] [--output DIR] [--seed N]
                                       [--folds K] [--jobs N] [--epochs N] [--limit N] [--json]
    python scripts/train_classifier.py --cv-only [...]     # figures only, installs nothing
    python scripts/train_classifier.py --score FILE [--output DIR]   # score an installed model

Defaults: training/event_classifier/labels.jsonl, config.cfg and stack_features.json, output
into the package (src/multipolar/models/event_classifier/), seed 1501, 5 folds, 2 jobs. See
docs/classifier.md.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "training" / "event_classifier"
# the training pool: the 3,200 labels of the first draw and the 600 each of blind draws 2 to 6
# (each scored as a test set, then retired into training: splits "retired-test2" …
# "retired-test6"); draw 7 (labels_random7_test.jsonl, split "test7") is the check set, never
# trained on
LABEL_FILES = ("labels.jsonl", "labels_random2_test.jsonl", "labels_random3_test.jsonl",
               "labels_random4_test.jsonl", "labels_random5_test.jsonl",
               "labels_random6_test.jsonl")


def main(argv: list[str] | None = None) -> int:
    from multipolar.errors import MultipolarError
    from multipolar.pipeline.classifier import default_model_path
    from multipolar.training.classifier import cross_validate, score_labels, train_classifier

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--labels", type=Path, action="append", default=None,
                        help="a labels file (repeat for several; default: labels.jsonl and "
                             "the retired blind draws 2 to 6, labels_random2_test.jsonl … "
                             "labels_random6_test.jsonl)")
    parser.add_argument("--config", type=Path, default=DATA / "config.cfg")
    parser.add_argument("--output", type=Path, default=default_model_path(),
                        help="where the model goes (with --score: the model to score)")
    parser.add_argument("--seed", type=int, default=1501)
    parser.add_argument("--folds", type=int, default=5, help="cross-validation folds")
    parser.add_argument("--jobs", type=int, default=2, help="folds trained at once")
    parser.add_argument("--epochs", type=int, default=None, help="override max_epochs")
    parser.add_argument("--limit", type=int, default=None, help="first N labelled sentences")
    parser.add_argument("--set", action="append", default=[], metavar="KEY=VALUE",
                        help="a spaCy config override, e.g. components.textcat.model.length=65536")
    parser.add_argument("--roots-of-all-sentences", action="store_true",
                        help="the root component also learns from sentences with no event")
    parser.add_argument("--cv-only", action="store_true",
                        help="cross-validate the textcat alone; install nothing")
    parser.add_argument("--oof", type=Path, default=None,
                        help="write the textcat's out-of-fold label probabilities here")
    parser.add_argument("--score", type=Path, default=None, metavar="FILE",
                        help="score the model at --output on a labels file (id, text, event, "
                             "root, quad per line); trains nothing")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    labels = args.labels or [DATA / name for name in LABEL_FILES]
    overrides = {}
    for item in args.set:
        key, _, value = item.partition("=")
        overrides[key] = json.loads(value) if value[:1] in "0123456789[{tf-\"" else value
    events_only = not args.roots_of_all_sentences
    try:
        if args.score:
            scores = score_labels(args.score, model=args.output, split=args.score.name)
            print(json.dumps(scores.to_dict(), indent=1) if args.json else scores.render())
            return 0
        if args.cv_only:
            cv = cross_validate(labels, args.config, folds=args.folds, seed=args.seed,
                                max_epochs=args.epochs, overrides=overrides, jobs=args.jobs,
                                limit=args.limit, roots_of_events_only=events_only)
            if args.oof:
                args.oof.write_text(json.dumps(cv.cats), encoding="utf-8")
            print(json.dumps(cv.to_dict(), indent=1) if args.json else cv.render())
            return 0
        report = train_classifier(labels, args.config, args.output, seed=args.seed,
                                  max_epochs=args.epochs, limit=args.limit, folds=args.folds,
                                  jobs=args.jobs, overrides=overrides,
                                  roots_of_events_only=events_only)
    except MultipolarError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.oof:
        args.oof.write_text(json.dumps(report.textcat.cats), encoding="utf-8")
    print(json.dumps(report.to_dict(), indent=1) if args.json else report.render())
    return 0


if __name__ == "__main__":
    sys.exit(main())
