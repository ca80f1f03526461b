"""Shared fixtures: one spaCy model and one analyzer for the whole test session."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from multipolar.analyzer import Analyzer
from multipolar.config import Settings
from multipolar.pipeline.nlp import load_model
from testpaths import SEED, SEED_PUBLISHED

# The hand-coded world of tests/analysis/views_factories.py serves the analysis, API and web
# tests; its folder has no package marker, so it is put on the path here, once.
sys.path.insert(0, str(Path(__file__).resolve().parent / "analysis"))


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """In CI (CI=true), which has ../shared and every extra, a skipped test is a failure: a skip
    is only for a bare clone."""
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = len(reporter.stats.get("skipped", [])) if reporter is not None else 0
    if os.environ.get("CI", "").lower() in {"1", "true", "yes"} and skipped:
        if reporter is not None:
            reporter.write_line(f"CI: {skipped} test(s) skipped; CI must run them all "
                                f"(is ../shared beside the repo?)", red=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


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


@pytest.fixture(scope="module")
def world_db(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """The hand-coded world (tests/analysis/views_factories.py) in a fresh store per module:
    the data behind the API and dashboard tests."""
    from views_factories import build_world_store

    return build_world_store(tmp_path_factory.mktemp("world") / "world.duckdb")


@pytest.fixture(scope="module")
def client(world_db, analyzer: Analyzer):  # type: ignore[no-untyped-def]
    """The real app on the world store, through FastAPI's test client."""
    from fastapi.testclient import TestClient

    from multipolar.api import create_app

    with TestClient(create_app(world_db, analyzer=analyzer)) as test_client:
        yield test_client


@pytest.fixture(scope="session")
def small():  # type: ignore[no-untyped-def]
    """A small PETRARCH verb dictionary (tests/data/small_verbs.txt): synonym sets, a block
    with object patterns, a verb with its own code and one pattern with an unknown code."""
    from multipolar.lexicon.petrarch_verbs import parse_verb_dictionary

    path = Path(__file__).resolve().parent / "data" / "small_verbs.txt"
    return parse_verb_dictionary(path.read_text(encoding="utf-8"), "small.txt")


@pytest.fixture(scope="session")
def phoenix():  # type: ignore[no-untyped-def]
    """The Phoenix verb dictionary of ../shared, read by our PETRARCH reader."""
    from multipolar.lexicon.petrarch_verbs import load_petrarch_verbs
    from testpaths import shared_path

    verbs = load_petrarch_verbs(shared_path("dictionaries", "phoenix"))
    assert verbs is not None
    return verbs
