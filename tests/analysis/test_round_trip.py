"""analyze → store → read back (`analysis.documents.stored_result`) gives the original result,
field by field, for every field the store keeps."""

from __future__ import annotations

import dataclasses
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

from multipolar import Analyzer, open_store
from multipolar.analysis.documents import stored_result
from multipolar.model import AnalysisResult

# Fields of the records the store does not keep, by record type.
NOT_STORED: dict[str, frozenset[str]] = {
    "Actor": frozenset({"clue", "affiliation"}),
    # events come back one per stored mention, with the id of the deduplicated event
    "Event": frozenset({"id"}),
}


@pytest.fixture(scope="module")
def original() -> AnalysisResult:
    text = resources.files("multipolar.examples").joinpath(
        "xi-moscow-state-visit.txt").read_text(encoding="utf-8")
    return Analyzer().analyze(text, published="2025-05-07")


@pytest.fixture(scope="module")
def read_back(original: AnalysisResult, tmp_path_factory: pytest.TempPathFactory
              ) -> AnalysisResult:
    path = Path(tmp_path_factory.mktemp("store")) / "round.duckdb"
    with open_store(path) as store:
        store.add([original])
        result = stored_result(store.con, original.document.id)
    assert result is not None
    return result


def fields(record: Any) -> dict[str, Any]:
    skip = NOT_STORED.get(type(record).__name__, frozenset())
    return {f.name: getattr(record, f.name) for f in dataclasses.fields(record)
            if f.name not in skip}


def test_the_document_comes_back(original: AnalysisResult, read_back: AnalysisResult) -> None:
    assert fields(read_back.document) == fields(original.document)


@pytest.mark.parametrize("kind", ["actors", "amounts", "quotations", "places", "dates"])
def test_records_come_back_field_by_field(original: AnalysisResult, read_back: AnalysisResult,
                                          kind: str) -> None:
    before, after = getattr(original, kind), getattr(read_back, kind)
    assert len(after) == len(before)
    for a, b in zip(before, after, strict=True):
        assert fields(b) == fields(a)


def test_events_come_back_field_by_field(original: AnalysisResult,
                                         read_back: AnalysisResult) -> None:
    # the store keeps one row per (source, target) pair of an event, in document order
    assert original.events
    key = lambda e: (e.evidence.sentence_index, e.evidence.trigger_start, e.source, e.target)  # noqa: E731
    before = sorted(original.events, key=key)
    after = sorted(read_back.events, key=key)
    assert len(after) == len(before)
    for a, b in zip(before, after, strict=True):
        assert fields(b) == fields(a)


def test_document_level_fields_come_back(original: AnalysisResult,
                                        read_back: AnalysisResult) -> None:
    assert read_back.tone == original.tone
    assert original.themes and read_back.themes == original.themes
    assert original.sentences and read_back.sentences == original.sentences
    assert read_back.sentence_classes == original.sentence_classes
    assert read_back.sentence_tones == ()  # per-sentence tone is not stored
