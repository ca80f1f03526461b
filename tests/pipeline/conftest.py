"""Fixtures shared by the pipeline tests."""

from __future__ import annotations

import pytest

from multipolar.analyzer import Analyzer
from multipolar.model import Event


@pytest.fixture(scope="module")
def code(analyzer: Analyzer):  # type: ignore[no-untyped-def]
    """The (source, target or "---", code) triples the real pipeline codes in one text."""
    def run(text: str) -> set[tuple[str, str, str]]:
        events: list[Event] = list(analyzer.analyze(text, published="2025-06-01").events)
        return {(s, t or "---", e.code) for e in events for s in e.source
                for t in (e.target or ("",))}

    return run
