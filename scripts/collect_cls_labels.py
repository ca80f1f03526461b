"""Join the hand labels of the classifier draw with its sentence texts into one gold file.

The draw (`cls3200.jsonl`, seed 1501, made by scripts/draw_sentences.py) gives id, corpus_id,
text and date; the annotators' files give id, event, root, quad. Each output line is
`{"id", "corpus_id", "date", "text", "event", "root", "quad", "split"}` where split is `train`
(cls-0001..2160), `dev` (cls-2161..2560) or `test` (cls-2561..3200, frozen). Sentences without a
label yet are left out (and counted on stderr). Labels are checked: root is null or "01".."20"
and quad follows from it.

Usage:
    python scripts/collect_cls_labels.py --draw DRAW.jsonl --labels A.jsonl B.jsonl \
        --out training/event_classifier/labels.jsonl
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

DEV_FIRST, TEST_FIRST = 2161, 2561


def split_of(ident: str) -> str:
    number = int(ident.removeprefix("cls-"))
    return "test" if number >= TEST_FIRST else "dev" if number >= DEV_FIRST else "train"


def quad_of(root: str | None) -> int:
    if root is None:
        return 0
    value = int(root)
    return 1 if value <= 5 else 2 if value <= 9 else 3 if value <= 14 else 4


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--draw", type=Path, required=True)
    parser.add_argument("--labels", type=Path, nargs="+", required=True)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    labels: dict[str, dict[str, object]] = {}
    for path in args.labels:
        if not path.exists():
            print(f"{path}: missing, skipped", file=sys.stderr)
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            row = json.loads(line)
            root = row["root"]
            if root is not None and not (isinstance(root, str) and len(root) == 2
                                         and 1 <= int(root) <= 20):
                raise SystemExit(f"{path}:{number}: root {root!r} is not null or '01'..'20'")
            if bool(row["event"]) != (root is not None) or int(row["quad"]) != quad_of(root):
                raise SystemExit(f"{path}:{number}: event/root/quad disagree: {row}")
            labels[row["id"]] = row
    out, missing = [], 0
    for line in args.draw.read_text(encoding="utf-8").splitlines():
        sentence = json.loads(line)
        label = labels.get(sentence["id"])
        if label is None:
            missing += 1
            continue
        out.append({"id": sentence["id"], "corpus_id": sentence["corpus_id"],
                    "date": sentence.get("date"), "text": sentence["text"],
                    "event": bool(label["event"]), "root": label["root"],
                    "quad": int(label["quad"]), "split": split_of(sentence["id"])})
    args.out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in out),
                        encoding="utf-8")
    print(f"{len(out)} labelled sentences written to {args.out}; {missing} not labelled yet",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
