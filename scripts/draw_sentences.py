"""Draw random sentences from ../shared/corpora for blind gold sets (seeded, no content filter).

Every sentence of both corpora is a candidate: the news lines as they are (headlines, captions and
bylines included) and the Guardian articles split into sentences by the project's spaCy model.
Sentences already in a gold file of the repository are left out, so a draw never repeats one.

Usage:
    python scripts/draw_sentences.py --seed 1313 --count 400 --out draw.jsonl [--exclude F ...]

Each output line is `{"id", "text", "date", "corpus_id"}`; labels are added by hand afterwards.
"""

from __future__ import annotations

import argparse
import json
import random
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPORA = ROOT.parent / "shared" / "corpora"


def news_sentences() -> Iterator[dict[str, object]]:
    with (CORPORA / "news_sentences.jsonl").open(encoding="utf-8") as lines:
        for line in lines:
            row = json.loads(line)
            yield {"corpus_id": row["id"], "text": row["text"], "date": row.get("date")}


def guardian_sentences() -> Iterator[dict[str, object]]:
    from multipolar.config import Settings
    from multipolar.pipeline.nlp import load_model

    nlp = load_model(Settings())
    with (CORPORA / "guardian_sdf_articles.jsonl").open(encoding="utf-8") as lines:
        rows = [json.loads(line) for line in lines]
    texts = (str(row["text"]) for row in rows)
    for row, doc in zip(rows, nlp.pipe(texts, batch_size=16, disable=["ner"]), strict=True):
        for index, sent in enumerate(doc.sents):
            text = sent.text.strip()
            if text:
                yield {"corpus_id": f"{row['id']}#s{index}", "text": text,
                       "date": row.get("date")}


def known_texts(paths: list[Path]) -> set[str]:
    seen: set[str] = set()
    for path in paths:
        with path.open(encoding="utf-8") as lines:
            for line in lines:
                if line.strip():
                    seen.add(" ".join(str(json.loads(line).get("text", "")).split()))
    return seen


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, required=True)
    parser.add_argument("--count", type=int, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--prefix", default="draw")
    parser.add_argument("--exclude", type=Path, nargs="*", default=[])
    parser.add_argument("--pool", type=Path, help="cache of all candidate sentences (jsonl)")
    args = parser.parse_args()
    if args.pool and args.pool.exists():
        with args.pool.open(encoding="utf-8") as lines:
            pool = [json.loads(line) for line in lines]
    else:
        pool = [*news_sentences(), *guardian_sentences()]
        if args.pool:
            with args.pool.open("w", encoding="utf-8") as out:
                for row in pool:
                    out.write(json.dumps(row, ensure_ascii=False) + "\n")
    gold = sorted((ROOT / "tests" / "gold").glob("*.jsonl"))
    seen = known_texts([*gold, *args.exclude])
    candidates = [row for row in pool if " ".join(str(row["text"]).split()) not in seen]
    drawn = random.Random(args.seed).sample(candidates, args.count)
    with args.out.open("w", encoding="utf-8") as out:
        for index, row in enumerate(drawn, 1):
            line = {"id": f"{args.prefix}-{index:04d}", **row}
            out.write(json.dumps(line, ensure_ascii=False) + "\n")
    print(f"{len(pool)} sentences in the pool, {len(candidates)} not in a gold file; "
          f"drew {args.count} with seed {args.seed} -> {args.out}")


if __name__ == "__main__":
    main()
