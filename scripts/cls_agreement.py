"""Cohen's kappa between the main labels and a second, independent labelling of a sample.

    python scripts/cls_agreement.py --labels training/event_classifier/labels.jsonl \
        --second /work/gold-out/cls_labels_second.jsonl

Prints the number of sentences both labelled and kappa (with raw agreement) for relevance
(event or not), quad class (0-4) and root (none or 01-20).
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from collections.abc import Sequence
from pathlib import Path


def kappa(a: Sequence[object], b: Sequence[object]) -> tuple[float, float]:
    """Cohen's kappa and raw agreement of two label sequences of the same items."""
    n = len(a)
    observed = sum(x == y for x, y in zip(a, b, strict=True)) / n
    ca, cb = Counter(a), Counter(b)
    expected = sum(ca[k] * cb[k] for k in ca) / (n * n)
    return ((observed - expected) / (1 - expected) if expected < 1 else 1.0), observed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--labels", type=Path, required=True)
    parser.add_argument("--second", type=Path, required=True)
    args = parser.parse_args(argv)
    main_rows = {r["id"]: r for r in map(json.loads, args.labels.read_text().splitlines())}
    second = [json.loads(x) for x in args.second.read_text().splitlines() if x.strip()]
    pairs = [(main_rows[s["id"]], s) for s in second if s["id"] in main_rows]
    print(f"{len(pairs)} sentences labelled twice")
    for field, get in (("relevance", lambda r: bool(r["event"])), ("quad", lambda r: r["quad"]),
                       ("root", lambda r: r["root"] or "none")):
        k, agree = kappa([get(a) for a, _ in pairs], [get(b) for _, b in pairs])
        print(f"  {field:<9} kappa {k:.3f}  agreement {agree:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
