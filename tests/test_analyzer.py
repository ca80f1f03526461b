from __future__ import annotations

import datetime as dt

import pytest

from multipolar.analyzer import Analyzer, to_date
from multipolar.config import Settings
from multipolar.errors import DocumentTooLarge, InputError
from multipolar.model import Document, document_id


@pytest.fixture(scope="module")
def bare(nlp) -> Analyzer:  # type: ignore[no-untyped-def]
    """The runner alone: parse and sentence offsets, no stages."""
    return Analyzer(Settings(max_chars=200), nlp=nlp, stages=[])


def test_pipe_accepts_strings_pairs_and_documents_in_order(bare: Analyzer) -> None:
    items = ["First text here.", ("Second one. With two sentences.", "2025-05-07"),
             Document(text="Third.", title="t")]
    results = list(bare.pipe(items, batch_size=2))
    assert [r.document.text for r in results] == [
        "First text here.", "Second one. With two sentences.", "Third."]
    assert results[1].document.published == dt.date(2025, 5, 7)
    assert results[1].sentences == ((0, 11), (12, 31))
    assert results[2].document.title == "t"


def test_document_id_is_a_stable_content_hash(bare: Analyzer) -> None:
    result = bare.analyze("Same text.")
    assert result.document.id == document_id("Same text.")
    assert len(result.document.id) == 16


def test_empty_text_is_valid(bare: Analyzer) -> None:
    result = bare.analyze("")
    assert result.events == () and result.sentences == ()


def test_too_large_and_non_text_inputs_are_rejected(bare: Analyzer) -> None:
    with pytest.raises(DocumentTooLarge, match="above the limit of 200"):
        bare.analyze("x" * 201)
    with pytest.raises(InputError, match="must be a str"):
        bare.analyze(b"bytes")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("value", "expected"),
    [("2025-05-07", dt.date(2025, 5, 7)), (dt.datetime(2025, 5, 7, 13), dt.date(2025, 5, 7)),
     ("2025-05-07T10:00:00Z", dt.date(2025, 5, 7)), (None, None), ("", None)],
)
def test_publication_dates_normalise(value: object, expected: dt.date | None) -> None:
    assert to_date(value) == expected  # type: ignore[arg-type]


def test_bad_publication_date_is_an_input_error() -> None:
    with pytest.raises(InputError, match="not YYYY-MM-DD"):
        to_date("7 May")
