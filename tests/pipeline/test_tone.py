"""ToneStage: GDELT-style tone fields from the VADER word list."""

from __future__ import annotations

import pytest

from multipolar.model import AnalysisResult, Document
from multipolar.pipeline.base import Parsed
from multipolar.pipeline.tone import ToneStage, tone_of_words


def test_fields_follow_gdelt_definitions() -> None:
    words = ["the", "talks", "were", "a", "great", "success", "but", "the", "attack",
             "killed", "many"]
    tone = tone_of_words(words)
    assert tone.word_count == 11
    assert tone.positive == pytest.approx(100 * 2 / 11, abs=1e-3)  # great, success
    assert tone.negative == pytest.approx(100 * 2 / 11, abs=1e-3)  # attack, killed
    assert tone.tone == pytest.approx(tone.positive - tone.negative)
    assert tone.polarity == pytest.approx(tone.positive + tone.negative)


def test_negation_flips_a_word() -> None:
    assert tone_of_words(["the", "meeting", "was", "helpful"]).tone > 0
    assert tone_of_words(["the", "meeting", "was", "not", "helpful"]).tone < 0


def test_empty_text() -> None:
    tone = tone_of_words([])
    assert (tone.tone, tone.word_count) == (0.0, 0)


def test_stage_document_and_sentences(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Leaders praised the friendly agreement. Bombs killed dozens and wounded more."
    item = Parsed(nlp(text), AnalysisResult(document=Document(text=text)))
    result = ToneStage()(item).result
    assert result.tone is not None and result.tone.sentence is None
    first, second = result.sentence_tones
    assert first.tone > 0 > second.tone
    assert (first.sentence, second.sentence) == (0, 1)
    assert result.tone.word_count == first.word_count + second.word_count


def test_seed_tone(seed_result) -> None:  # type: ignore[no-untyped-def]
    tone = seed_result.tone
    assert tone is not None and tone.word_count > 400
    assert len(seed_result.sentence_tones) == len(seed_result.sentences)
    assert seed_result.to_dict()["tone"]["word_count"] == tone.word_count


def test_stage_reads_the_words_tokens_give(nlp) -> None:  # type: ignore[no-untyped-def]
    """The stage reads the document's arrays: the same words as the tokens' own attributes
    (alphabetic words and "n't", lower-cased), sentence by sentence."""
    text = "The U.S. didn't agree, officials said: 42 talks failed!\n\nHope remains."
    doc = nlp(text)
    result = ToneStage()(Parsed(doc, AnalysisResult(document=Document(text=text)))).result
    by_tokens = [[t.lower_ for t in s if t.is_alpha or t.lower_ == "n't"] for s in doc.sents]
    assert any("n't" in w for w in by_tokens)
    assert result.sentence_tones == tuple(tone_of_words(w, sentence=i)
                                          for i, w in enumerate(by_tokens))
