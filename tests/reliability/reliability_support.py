"""Helpers shared by the reliability tests (not a test module)."""

from __future__ import annotations

import json
from pathlib import Path

SHARED = Path(__file__).resolve().parents[3] / "shared"


def shared_corpus(n: int, *, start: int = 0, chars: int = 500) -> list[dict[str, str]]:
    """`n` Guardian articles of ../shared from the `start`-th, each cut at a sentence end near
    `chars` characters, as records with id, text, date and source."""
    path = SHARED / "corpora" / "guardian_sdf_articles.jsonl"
    if not path.exists():
        raise FileNotFoundError(f"{path} is missing: these tests read ../shared beside the repo")
    rows: list[dict[str, str]] = []
    with path.open(encoding="utf-8") as f:
        for index, line in enumerate(f):
            if index < start:
                continue
            record = json.loads(line)
            text = record["text"]
            cut = text.rfind(". ", 0, chars)
            rows.append({"id": str(record["id"]), "text": text[: cut + 1 if cut > 0 else chars],
                         "date": str(record["date"]), "source": str(record["source"])})
            if len(rows) == n:
                break
    if len(rows) < n:
        raise ValueError(f"{path} has fewer than {start + n} articles")
    return rows
