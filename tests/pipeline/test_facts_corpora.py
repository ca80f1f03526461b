"""Dates, places, amounts, themes and tone over every document of ../shared/corpora: no crash,
and every record well formed. The corpora are parsed once for all slow tests (conftest)."""

from __future__ import annotations

import math

import pytest

from multipolar.model import AnalysisResult
from multipolar.pipeline.amounts import AmountStage
from multipolar.pipeline.base import Parsed
from multipolar.pipeline.themes import ThemeStage
from multipolar.pipeline.tone import ToneStage


@pytest.fixture(scope="module")
def processed(corpus_before_events: list[Parsed]) -> list[Parsed]:
    """Amounts, themes and tone run on the shared parse (which already has dates, places and
    actors)."""
    stages = [AmountStage(), ThemeStage(), ToneStage()]
    out = []
    for item in corpus_before_events:
        for stage in stages:
            item = stage(item)
        out.append(item)
    return out


@pytest.fixture(scope="module")
def results(processed: list[Parsed]) -> list[AnalysisResult]:
    return [item.result for item in processed]


@pytest.mark.slow
def test_every_document_is_processed(processed) -> None:  # type: ignore[no-untyped-def]
    assert len(processed) == 249 + 3079
    for item in processed:
        result = item.result
        text = result.document.text
        for record in (*result.dates, *result.places, *result.amounts):
            assert 0 <= record.start < record.end <= len(text)
        for place in result.places:
            assert text[place.start:place.end] == place.name
            if place.lat is not None:
                assert -90 <= place.lat <= 90 and -180 <= place.lon <= 180  # type: ignore[operator]
        for amount in result.amounts:
            assert text[amount.start:amount.end] == amount.text
            assert amount.value is not None and math.isfinite(amount.value)
        assert result.tone is not None
        # one tone per sentence of the parse, numbered in order, each within GDELT's range
        tones = result.sentence_tones
        assert [t.sentence for t in tones] == list(range(sum(1 for _ in item.doc.sents)))
        assert all(-100.0 <= t.tone <= 100.0 and t.word_count >= 0 for t in tones)
        result.to_dict()  # serialisable


@pytest.mark.slow
def test_corpus_yields_facts(results) -> None:  # type: ignore[no-untyped-def]
    guardian = results[:249]
    assert sum(len(r.amounts) for r in guardian) > 500
    resolved = [p for r in guardian for p in r.places if p.country]
    assert len(resolved) > 0.8 * sum(len(r.places) for r in guardian)
    syria = sum(1 for p in resolved if p.country == "SYR")
    assert syria > 1000  # the Guardian sample is about Syria
    dated = [d for r in guardian for d in r.dates if d.kind == "date"]
    assert sum(1 for d in dated if d.value is not None) > 0.6 * len(dated)
    for r in guardian:
        published = r.document.published
        assert published is not None
        for d in r.dates:
            if d.value is not None and d.granularity == "day":
                assert d.value.year > 1900
    themed = sum(1 for r in guardian if any(t.sentence is None for t in r.themes))
    assert themed == len(guardian)
