"""Shared fixtures: one spaCy model and one analyzer for the whole test session."""

from __future__ import annotations

from pathlib import Path

import pytest

from multipolar.analyzer import Analyzer
from multipolar.config import Settings
from multipolar.pipeline.nlp import load_model

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEED = ROOT / "src" / "multipolar" / "examples" / "xi-moscow-state-visit.txt"
SEED_PUBLISHED = "2025-05-07"


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


def shared_path(*parts: str) -> Path:
    """A file in ../shared; tests that need it fail loudly if it is missing."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        raise FileNotFoundError(f"{path} is missing: these tests read ../shared beside the repo")
    return path
