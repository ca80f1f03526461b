"""Tone: GDELT-style tone fields from the VADER lexicon (vaderSentiment, MIT licence).

GDELT's GKG reports, per document, Tone (positive minus negative score), Positive Score and
Negative Score (the percentage of words that are positive or negative), Polarity (how
emotionally charged the text is) and the word count. We compute the same fields with the word
list of VADER (Hutto & Gilbert 2014): a word is positive (negative) when its VADER valence is
above (below) zero, flipped when one of the three words before it is a negation ("not
helpful"). Positive and negative are percentages of the words; tone = positive - negative;
polarity = positive + negative. Word count: the alphabetic tokens.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any

from spacy.attrs import IS_ALPHA, LOWER

from multipolar.model import Tone
from multipolar.pipeline.base import Parsed, Stage

__all__ = ["ToneStage", "tone_of_words"]

_NEGATIONS = frozenset({"not", "no", "never", "n't", "nor", "neither", "without", "hardly",
                        "barely", "cannot", "nothing", "nobody", "none", "nowhere"})


@functools.cache
def _analyzer() -> Any:
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()


def _lexicon() -> dict[str, float]:
    lexicon: dict[str, float] = _analyzer().lexicon
    return lexicon


def tone_of_words(words: Sequence[str], *, sentence: int | None = None) -> Tone:
    """GDELT-style tone of a sequence of lower-case words (punctuation already removed)."""
    lexicon = _lexicon()
    positive = negative = 0
    for i, word in enumerate(words):
        valence = lexicon.get(word)
        if not valence:
            continue
        if any(w in _NEGATIONS for w in words[max(0, i - 3):i]):
            valence = -valence
        if valence > 0:
            positive += 1
        else:
            negative += 1
    count = sum(1 for w in words if w != "n't")
    pos = 100.0 * positive / count if count else 0.0
    neg = 100.0 * negative / count if count else 0.0
    return Tone(tone=round(pos - neg, 4), positive=round(pos, 4), negative=round(neg, 4),
                polarity=round(pos + neg, 4), word_count=count, sentence=sentence)


class ToneStage(Stage):
    """Sets `result.tone` (the document) and `result.sentence_tones`."""

    name = "tone"
    version = "1.0"

    def __call__(self, item: Parsed) -> Parsed:
        doc = item.doc
        # the lower-case words that are alphabetic or "n't", read from the arrays (no Tokens)
        rows = doc.to_array([IS_ALPHA, LOWER]).tolist()
        strings = doc.vocab.strings
        words = [[w for alpha, lower in rows[sent.start:sent.end]
                  if (w := strings[lower]) == "n't" or alpha] for sent in doc.sents]
        sentences = [tone_of_words(w, sentence=i) for i, w in enumerate(words)]
        # the sentences cover the document's tokens in order: their words are its words
        document = tone_of_words([w for sentence in words for w in sentence])
        return item.with_result(tone=document, sentence_tones=tuple(sentences))
