"""Draw classifier-added events (`rule: "classifier"`) from Guardian articles for a hand check.

    .venv/bin/python bench/classifier_handcheck.py [--articles 80] [--draw 50] [--seed 1515]
                                                   [--out docs/classifier_handcheck.tsv]

The articles of ../shared/corpora/guardian_sdf_articles.jsonl are shuffled with the seed; the
first `--articles` go through the pipeline with `classifier_events` on (the packaged model);
`--draw` of the events the classifier added are drawn with the same seed and written as a TSV
whose judgement columns (source_ok, target_ok, root_ok, note) are left empty for the person who
checks them. An existing file's judgements are kept for the rows it already has (same article,
sentence start and code), so redrawing never loses a check.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import sys
from pathlib import Path

from multipolar.analyzer import Analyzer
from multipolar.config import Settings

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpora" / "guardian_sdf_articles.jsonl"
LABELS = ROOT / "training" / "event_classifier" / "labels.jsonl"
# in_labels: the sentence is one of the classifier's training sentences (labels.jsonl)
COLUMNS = ("article", "start", "sentence", "source", "source_text", "target", "target_text",
           "code", "confidence", "in_labels", "source_ok", "target_ok", "root_ok", "note")
JUDGED = ("source_ok", "target_ok", "root_ok", "note")


def draw(corpus: Path, *, articles: int, size: int, seed: int) -> list[dict[str, str]]:
    if not corpus.exists():
        sys.exit(f"corpus {corpus} not found (../shared beside the repository?)")
    rows = [json.loads(line) for line in corpus.read_text(encoding="utf-8").splitlines()]
    random.Random(seed).shuffle(rows)
    chosen = rows[:articles]
    analyzer = Analyzer(Settings(classifier=True, classifier_events=True))
    labelled = {" ".join(json.loads(line)["text"].split())
                for line in LABELS.read_text(encoding="utf-8").splitlines() if line.strip()}
    added: list[dict[str, str]] = []
    items = [(r["text"], r.get("date")) for r in chosen]
    for row, result in zip(chosen, analyzer.pipe(items), strict=True):
        for e in result.events:
            if e.rule != "classifier":
                continue
            sentence = " ".join(e.evidence.sentence.split())
            added.append({"article": row["id"], "start": str(e.evidence.start),
                          "sentence": sentence, "in_labels": "y" if sentence in labelled else "n",
                          "source": "/".join(e.source), "source_text": e.source_text,
                          "target": "/".join(e.target), "target_text": e.target_text,
                          "code": e.code, "confidence": f"{e.confidence:.3f}"})
    print(f"{len(chosen)} articles, {len(added)} classifier events", file=sys.stderr)
    picked = sorted(random.Random(seed).sample(range(len(added)), min(size, len(added))))
    return [added[i] for i in picked]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--articles", type=int, default=80)
    parser.add_argument("--draw", type=int, default=50)
    parser.add_argument("--seed", type=int, default=1515)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "classifier_handcheck.tsv")
    args = parser.parse_args(argv)
    rows = draw(args.corpus, articles=args.articles, size=args.draw, seed=args.seed)
    kept: dict[tuple[str, str, str], dict[str, str]] = {}
    if args.out.exists():
        with args.out.open(encoding="utf-8", newline="") as f:
            for old in csv.DictReader(f, delimiter="\t"):
                kept[old["article"], old["start"], old["code"]] = old
    with args.out.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=COLUMNS, delimiter="\t", lineterminator="\n")
        writer.writeheader()
        for row in rows:
            old = kept.get((row["article"], row["start"], row["code"]), {})
            writer.writerow({**row, **{k: old.get(k, "") for k in JUDGED}})
    print(f"wrote {len(rows)} rows to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
