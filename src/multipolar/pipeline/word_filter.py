"""Passing over the tokens a rule cannot fire on without creating them.

A stage that tries a rule at every token of a sentence pays for a spaCy `Token` object and a
few string lookups per token, though most tokens fail the rule's first test: a word list. A
`WordFilter` asks that test once per distinct lemma and word form (remembered across
documents), marks a document's tokens from its attribute arrays in one pass and yields only the
tokens that pass, in order. The rule still runs on those tokens in full: the filter must keep
every token the rule can fire on (its test is a superset of the rule's word test), or tokens
are lost. `Children` gives a token's children with some dependency labels the same way: from
the document's head and label arrays, creating only the children it returns. Both keep what
they read from the last document in a `LastDoc`, the one per-document cache of the stages: it
holds the document by a weak reference, so a cache kept for the life of the process (a
module-level `Children`) does not keep the last document and its tensors alive. `TokenRows`
(through `token_rows`) are the attributes most rules read, for every token of a document, as
plain lists read from its arrays once: a rule that looks at every token reads a list item instead
of creating a `Token` and asking the string store.
"""

from __future__ import annotations

import bisect
import functools
import weakref
from collections.abc import Callable, Iterator
from typing import Generic, TypeVar

import numpy
from spacy.attrs import (
    DEP,
    ENT_IOB,
    ENT_TYPE,
    HEAD,
    IDX,
    LEMMA,
    LENGTH,
    LOWER,
    ORTH,
    POS,
    SENT_START,
    SPACY,
)
from spacy.tokens import Doc, Span, Token

__all__ = ["Children", "LastDoc", "TokenRows", "WordFilter", "token_rows"]

T = TypeVar("T")

_MEMO_SIZE = 200_000  # string ids whose decision is remembered; cleared when full


def _never(_: str) -> bool:
    return False


class LastDoc(Generic[T]):
    """What `build` gave for the last document asked about, computed once per document.

    The document is held by a weak reference: when the caller drops it, the cached value is
    dropped at the next call for another document and the document itself is freed at once
    (a strong reference would keep the last document of a stream, with its tensors, alive
    until the next one). The reference and the value are one tuple, replaced whole, so that
    threads sharing the cache never see one document's value under another's reference."""

    __slots__ = ("_build", "_last")

    def __init__(self, build: Callable[[Doc], T]) -> None:
        self._build = build
        self._last: tuple[weakref.ref[Doc], T] | None = None

    def get(self, doc: Doc) -> T:
        """The value for `doc`: the cached one when `doc` was the last document asked about."""
        last = self._last
        if last is not None and last[0]() is doc:
            return last[1]
        value = self._build(doc)
        self._last = (weakref.ref(doc), value)
        return value

    @property
    def holds(self) -> Doc | None:
        """The document whose value is cached, while it is alive (None: none is)."""
        last = self._last
        return None if last is None else last[0]()


class TokenRows:
    """A document's token attributes as lists indexed by token position, each read from the
    document's arrays the first time it is asked for: the same values as the `Token`
    attributes of the same name (`text`, `lower_`, `pos_`, `dep_`, `ent_iob_`, `ent_type_`,
    `head.i`; `sent_start` is `is_sent_start` as spaCy stores it: 1 True, -1 False, 0 None).
    Holds the document by a weak reference (see `LastDoc`)."""

    def __init__(self, doc: Doc) -> None:
        self._doc = weakref.ref(doc)

    def _live(self) -> Doc:
        doc = self._doc()
        if doc is None:
            raise ReferenceError("TokenRows: the document was freed")
        return doc

    def _ids(self, attr: int) -> list[int]:
        doc = self._live()
        return list(doc.to_array(attr).tolist()) if len(doc) else []

    def _signed(self, attr: int) -> list[int]:
        # values spaCy stores unsigned that are signed (relative offsets, -1 flags): as signed
        # 64-bit integers they are the values
        doc = self._live()
        return list(doc.to_array(attr).astype(numpy.int64).tolist()) if len(doc) else []

    def _strings(self, attr: int) -> list[str]:
        strings = self._live().vocab.strings
        return [strings[key] for key in self._ids(attr)]

    @functools.cached_property
    def text(self) -> list[str]:
        return self._strings(ORTH)

    @functools.cached_property
    def lower(self) -> list[str]:
        return self._strings(LOWER)

    @functools.cached_property
    def pos(self) -> list[str]:
        return self._strings(POS)

    @functools.cached_property
    def dep(self) -> list[str]:
        return self._strings(DEP)

    @functools.cached_property
    def ent_type(self) -> list[str]:
        return self._strings(ENT_TYPE)

    @functools.cached_property
    def ent_iob(self) -> list[str]:
        return [_IOB[k] for k in self._ids(ENT_IOB)]

    @functools.cached_property
    def head(self) -> list[int]:
        # relative offsets, stored unsigned
        return [i + offset for i, offset in enumerate(self._signed(HEAD))]

    @functools.cached_property
    def idx(self) -> list[int]:
        """Each token's first character."""
        return self._ids(IDX)

    @functools.cached_property
    def _bounds(self) -> tuple[int, int, list[int]]:
        # (first character of the first token, end of the last token with its trailing
        # space, the end of each token without it)
        doc = self._live()
        if not len(doc):
            return 0, 0, []
        rows = doc.to_array([IDX, LENGTH, SPACY]).astype(numpy.int64)
        ends = rows[:, 0] + rows[:, 1]
        return int(rows[0, 0]), int(ends[-1] + rows[-1, 2]), list(ends.tolist())

    def char_tokens(self, start_char: int, end_char: int) -> range | None:
        """The tokens of `doc.char_span(start_char, end_char, alignment_mode="expand")`, by
        position, without creating the span: every token the characters touch, a token's
        trailing space counting as its own; None where `char_span` gives None."""
        first, last, ends = self._bounds
        idx = self.idx
        if not first <= start_char < last or not first <= end_char - 1 < last:
            return None
        start = bisect.bisect_right(idx, start_char) - 1
        end = bisect.bisect_right(idx, end_char - 1) - 1
        if start_char == ends[start]:
            start += 1  # on the space after a token: not that token
        return range(start, end + 1)

    @functools.cached_property
    def sent_start(self) -> list[int]:
        return self._signed(SENT_START)


_IOB = ("", "I", "O", "B")  # ENT_IOB values as `Token.ent_iob_` names them
_ROWS: LastDoc[TokenRows] = LastDoc(TokenRows)


def token_rows(doc: Doc) -> TokenRows:
    """The `TokenRows` of `doc`, built once while it is the last document asked about."""
    return _ROWS.get(doc)


class WordFilter:
    """The tokens whose lower-cased lemma passes `lemma` or whose lower-case form passes
    `lower`. The kept token indices of the last document asked about are kept with it, so the
    sentences of one document cost one pass."""

    __slots__ = ("_kept_of", "_lemma", "_lemmas", "_lower", "_lowers")

    def __init__(self, *, lemma: Callable[[str], bool] = _never,
                 lower: Callable[[str], bool] = _never) -> None:
        self._lemma, self._lower = lemma, lower
        self._lemmas: dict[int, bool] = {}  # string id → decision
        self._lowers: dict[int, bool] = {}
        self._kept_of: LastDoc[list[int]] = LastDoc(self._kept)

    def tokens(self, span: Span) -> Iterator[Token]:
        """The tokens of `span` that pass, in order."""
        doc = span.doc
        kept = self._kept_of.get(doc)
        lo = bisect.bisect_left(kept, span.start)
        hi = bisect.bisect_left(kept, span.end, lo)
        for i in kept[lo:hi]:
            yield doc[i]

    def _kept(self, doc: Doc) -> list[int]:
        """The indices of the document's tokens that pass, in one pass over its arrays (each
        string id's decision asked once and remembered; the form's test only where the
        lemma's fails)."""
        if not len(doc):
            return []
        lemma, lower = self._lemma, self._lower
        lemmas, lowers = self._lemmas, self._lowers
        for memo in (lemmas, lowers):
            if len(memo) >= _MEMO_SIZE:
                memo.clear()
        strings = doc.vocab.strings
        kept: list[int] = []
        for i, (lemma_id, lower_id) in enumerate(doc.to_array([LEMMA, LOWER]).tolist()):
            if lemma is not _never:
                passed = lemmas.get(lemma_id)
                if passed is None:
                    passed = lemmas[lemma_id] = bool(lemma(strings[lemma_id].lower()))
                if passed:
                    kept.append(i)
                    continue
            if lower is not _never:
                passed = lowers.get(lower_id)
                if passed is None:
                    passed = lowers[lower_id] = bool(lower(strings[lower_id]))
                if passed:
                    kept.append(i)
        return kept


class Children:
    """`[c for c in token.children if c.dep_ in deps]`, from the document's HEAD and DEP arrays
    (read once per document: the last one's index is kept, `LastDoc`), creating a `Token` only
    for the children returned. The children come in text order, as spaCy's `Token.children`
    gives them."""

    __slots__ = ("_index_of",)

    def __init__(self) -> None:
        # (children of each token, label of each token) of the last document
        self._index_of: LastDoc[tuple[list[list[int]], list[str]]] = LastDoc(self._index)

    def of(self, token: Token, deps: tuple[str, ...]) -> list[Token]:
        doc = token.doc
        children, labels = self._index_of.get(doc)
        kids = children[token.i]
        if not kids:
            return []
        return [doc[j] for j in kids if labels[j] in deps]

    @property
    def holds(self) -> Doc | None:
        """The document whose index is kept, while it is alive (for tests)."""
        return self._index_of.holds

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
