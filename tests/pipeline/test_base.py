"""pipeline/base.py: the shared helpers of the stages."""

from __future__ import annotations

import spacy

from multipolar.pipeline.base import TEXT, doc_text


def test_doc_text_is_the_text_joined_once() -> None:
    doc = spacy.blank("en")("Russia  and China\nsigned a deal. ")
    assert TEXT not in doc.user_data
    assert doc_text(doc) == doc.text == "Russia  and China\nsigned a deal. "
    assert doc.user_data[TEXT] == doc.text  # kept: the next stage does not join it again
    assert doc_text(doc) is doc.user_data[TEXT]
