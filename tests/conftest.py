"""Shared fixtures: one spaCy model and one analyzer for the whole test session."""

from __future__ import annotations

import pytest

from multipolar.analyzer import Analyzer
from multipolar.config import Settings
from multipolar.pipeline.nlp import load_model
from testpaths import SEED, SEED_PUBLISHED


@pytest.fixture(scope="session")
def settings() -> Settings:
    return Settings()


@pytest.fixture(scope="session")
def nlp(settings: Settings):  # type: ignore[no-untyped-def]
    return load_model(settings)


@pytest.fixture(scope="session")
def analyzer(settings: Settings, nlp) -> Analyzer:  # type: ignore[no-untyped-def]
    return Analyzer(settings, nlp=nlp)


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed_result(analyzer: Analyzer, seed_text: str):  # type: ignore[no-untyped-def]
    return analyzer.analyze(seed_text, published=SEED_PUBLISHED)



CORPORA = ("guardian_sdf_articles.jsonl", "news_sentences.jsonl")  # 249 + 3,079 documents


@pytest.fixture(scope="session")
def corpus_rows() -> list[dict]:  # type: ignore[type-arg]
    """Every document of ../shared/corpora, Guardian articles first."""
    import json

    from testpaths import shared_path

    rows = []
    for name in CORPORA:
        with shared_path("corpora", name).open(encoding="utf-8") as handle:
            rows.extend(json.loads(line) for line in handle if line.strip())
    return rows


@pytest.fixture(scope="session")
def corpus_before_events(analyzer: Analyzer, corpus_rows: list[dict]):  # type: ignore[no-untyped-def,type-arg]
    """The corpora parsed once, with dates, places and actors: the shared input of the slow
    no-crash tests of the later stages (each runs its own stage on these)."""
    items = [(row["text"], (row.get("date") or "")[:10] or None) for row in corpus_rows]
    return list(analyzer.parsed(items, batch_size=64, stop_before="events"))
