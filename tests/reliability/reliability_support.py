"""Helpers shared by the reliability tests (not a test module)."""

from __future__ import annotations

import json
from pathlib import Path

from testpaths import shared_path


def shared_corpus(n: int, *, start: int = 0, chars: int = 500) -> list[dict[str, str]]:
    """`n` Guardian articles of ../shared from the `start`-th, each cut at a sentence end near
    `chars` characters, as records with id, text, date and source."""
    path = shared_path("corpora", "guardian_sdf_articles.jsonl")
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


def build_store(db: Path, analyzer: object, seed_text: str, *, articles: int = 8) -> Path:
    """The reference article and `articles` short Guardian articles, ingested with the real
    pipeline (`analyzer`) into a new store at `db`."""
    import datetime as dt

    from multipolar.ingest import ingest
    from multipolar.model import Document
    from multipolar.store import open_store

    documents = [Document(text=seed_text, published=dt.date(2025, 5, 7), source="reference")]
    documents += [Document(text=r["text"], source=r["source"],
                           published=dt.date.fromisoformat(r["date"][:10]))
                  for r in shared_corpus(articles, start=60, chars=900)]
    with open_store(db) as store:
        ingest(store, documents, analyzer=analyzer)  # type: ignore[arg-type]
    return db


def load_bench(name: str) -> object:
    """A script of bench/ as a module (bench/ is not a package)."""
    import importlib.util

    path = Path(__file__).resolve().parents[2] / "bench" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"bench_{name}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    import sys

    sys.modules[spec.name] = module  # dataclasses look their module up while being built
    spec.loader.exec_module(module)
    return module
