"""Fixtures shared by the pipeline tests."""

from __future__ import annotations

import datetime as dt

import pytest

from multipolar.analyzer import Analyzer
from multipolar.model import Actor, Event
from multipolar.pipeline.actors import ActorStage


@pytest.fixture(scope="module")
def code(analyzer: Analyzer):  # type: ignore[no-untyped-def]
    """The (source, target or "---", code) triples the real pipeline codes in one text."""
    def run(text: str) -> set[tuple[str, str, str]]:
        events: list[Event] = list(analyzer.analyze(text, published="2025-06-01").events)
        return {(s, t or "---", e.code) for e in events for s in e.source
                for t in (e.target or ("",))}

    return run


@pytest.fixture(scope="session")
def actor_stage() -> ActorStage:
    return ActorStage()


@pytest.fixture(scope="module")
def resolver(nlp, actor_stage):  # type: ignore[no-untyped-def]
    """`resolver(default_date)` gives a function that resolves the actors of one text with the
    actor stage alone, dated `published` (an ISO date or None), else the module's default date."""
    def make(default: str | None):  # type: ignore[no-untyped-def]
        def run(text: str, published: str | None = default) -> tuple[Actor, ...]:
            day = dt.date.fromisoformat(published) if published else None
            return actor_stage.resolve(nlp(text), published=day)

        return run

    return make
