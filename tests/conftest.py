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

