"""Passing over the tokens a rule cannot fire on without creating them.

A stage that tries a rule at every token of a sentence pays for a spaCy `Token` object and a
few string lookups per token, though most tokens fail the rule's first test: a word list. A
`WordFilter` asks that test once per distinct lemma and word form (remembered across
documents), marks a document's tokens from its attribute arrays in one pass and yields only the
tokens that pass, in order. The rule still runs on those tokens in full: the filter must keep
every token the rule can fire on (its test is a superset of the rule's word test), or tokens
are lost. `Children` gives a token's children with some dependency labels the same way: from
the document's head and label arrays, creating only the children it returns.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterator

import numpy
from spacy.attrs import DEP, HEAD, LEMMA, LOWER
from spacy.tokens import Doc, Span, Token

__all__ = ["Children", "WordFilter"]

_MEMO_SIZE = 200_000  # string ids whose decision is remembered; cleared when full


def _never(_: str) -> bool:
    return False


class WordFilter:
    """The tokens whose lower-cased lemma passes `lemma` or whose lower-case form passes
    `lower`. The kept token indices of the last document asked about are kept with it, so the
    sentences of one document cost one pass."""

    __slots__ = ("_last", "_lemma", "_lemmas", "_lower", "_lowers")

    def __init__(self, *, lemma: Callable[[str], bool] = _never,
                 lower: Callable[[str], bool] = _never) -> None:
        self._lemma, self._lower = lemma, lower
        self._lemmas: dict[int, bool] = {}  # string id → decision
        self._lowers: dict[int, bool] = {}
        self._last: tuple[Doc | None, list[int]] = (None, [])  # one tuple: read atomically

    def tokens(self, span: Span) -> Iterator[Token]:
        """The tokens of `span` that pass, in order."""
        doc = span.doc
        last = self._last
        if last[0] is not doc:
            last = self._last = (doc, self._kept(doc))
        kept = last[1]
        lo = bisect.bisect_left(kept, span.start)
        hi = bisect.bisect_left(kept, span.end, lo)
        for i in kept[lo:hi]:
            yield doc[i]

    def _kept(self, doc: Doc) -> list[int]:
        """The indices of the document's tokens that pass."""
        if not len(doc):
            return []
        rows = doc.to_array([LEMMA, LOWER])
        strings = doc.vocab.strings
        mask = numpy.zeros(len(doc), dtype=bool)
        for column, test, memo, lowered in ((0, self._lemma, self._lemmas, True),
                                            (1, self._lower, self._lowers, False)):
            if test is _never:
                continue
            if len(memo) >= _MEMO_SIZE:
                memo.clear()
            ids = rows[:, column]
            passing = []
            for key in numpy.unique(ids).tolist():
                kept = memo.get(key)
                if kept is None:
                    text = strings[key]
                    kept = memo[key] = bool(test(text.lower() if lowered else text))
                if kept:
                    passing.append(key)
            if passing:
                mask |= numpy.isin(ids, numpy.array(passing, dtype=ids.dtype))
        return list(numpy.flatnonzero(mask).tolist())


class Children:
    """`[c for c in token.children if c.dep_ in deps]`, from the document's HEAD and DEP arrays
    (read once per document: the last one's index is kept), creating a `Token` only for the
    children returned. The children come in text order, as spaCy's `Token.children` gives
    them."""

    __slots__ = ("_last",)

    def __init__(self) -> None:
        # (doc, children of each token, label of each token): one tuple, read atomically
        self._last: tuple[Doc | None, list[list[int]], list[str]] = (None, [], [])

    def of(self, token: Token, deps: tuple[str, ...]) -> list[Token]:
        doc = token.doc
        last = self._last
        if last[0] is not doc:
            last = self._last = (doc, *self._index(doc))
        kids = last[1][token.i]
        if not kids:
            return []
        labels = last[2]
        return [doc[j] for j in kids if labels[j] in deps]

    @staticmethod
    def _index(doc: Doc) -> tuple[list[list[int]], list[str]]:
        if not len(doc):
            return [], []
        rows = doc.to_array([HEAD, DEP])
        heads = rows[:, 0].astype(numpy.int64).tolist()  # relative offsets (stored unsigned)
        ids = rows[:, 1].tolist()
        names = {key: doc.vocab.strings[key] for key in set(ids)}
        kids: list[list[int]] = [[] for _ in ids]
        for j, offset in enumerate(heads):
            if offset:
                kids[j + offset].append(j)
        return kids, [names[key] for key in ids]
