"""The NLP layer: loads a spaCy English model offline and parses batches with `nlp.pipe`."""

from __future__ import annotations

import importlib
import logging
import re
from collections.abc import Callable, Iterable, Iterator
from typing import Any, cast

import numpy
import spacy
from spacy.attrs import DEP, IS_SPACE, LOWER, MORPH, POS, TAG
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.parts_of_speech import IDS as POS_IDS
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc
from spacy.tokens._retokenize import normalize_token_attrs, set_token_attrs

from multipolar.config import DEFAULT_MODELS, Settings
from multipolar.errors import ModelNotInstalled

log = logging.getLogger(__name__)


def load_model(settings: Settings, *, tuned: bool = True) -> Language:
    """Load the configured model, else the first installed of DEFAULT_MODELS.

    Only installed packages or local paths are loaded: spaCy never downloads here. `tuned`
    replaces the model's attribute ruler by `TagMapRuler` (the same output, about 14% less CPU
    for the whole parse of en_core_web_sm); `tuned=False` gives the pipeline as the model ships
    it (the benchmarks' raw spaCy baseline).
    """
    candidates = [settings.spacy_model] if settings.spacy_model else list(DEFAULT_MODELS)
    for name in candidates:
        try:
            loaded: Language | None = spacy.load(name)
        except OSError:
            # spaCy raises OSError (E050) when the package or path is missing; a package that
            # is importable but not registered as a spaCy model can still be loaded by import.
            loaded = _load_by_import(name)
        if loaded is None:
            continue
        nlp = loaded
        log.info("loaded spaCy model %s (%s)", name, nlp.meta.get("version", "?"))
        if not isinstance(nlp.tokenizer, BoundedTokenizer):
            nlp.tokenizer = BoundedTokenizer(nlp.tokenizer)
        if tuned:
            use_tag_map_ruler(nlp)
        return nlp
    raise ModelNotInstalled(candidates)


def _load_by_import(name: str) -> Language | None:
    try:
        module = importlib.import_module(name)
    except ImportError:
        return None
    loader = getattr(module, "load", None)
    return loader() if callable(loader) else None


class BoundedTokenizer:
    """spaCy's tokenizer, with runs of non-space characters cut every `max_run` characters.

    spaCy strips prefixes and suffixes one at a time from each whitespace-delimited chunk, which
    is quadratic in the chunk's length: 5,000 '!' or flag emoji in a row took over 10 seconds,
    so one hostile document could stall a server. Longer runs are tokenized piece by piece and
    the pieces joined (`Doc.from_docs`), so the Doc's text and every character offset are
    unchanged; only a token longer than `max_run` is split.
    """

    def __init__(self, tokenizer: Callable[[str], Doc], *, max_run: int = 256) -> None:
        self.tokenizer = tokenizer
        self.max_run = max_run
        self._long_run = re.compile(r"\S{" + str(max_run + 1) + ",}")

    def __call__(self, text: str) -> Doc:
        if self._long_run.search(text) is None:
            return self.tokenizer(text)
        pieces: list[str] = []
        last = 0
        for match in self._long_run.finditer(text):
            for cut in range(match.start() + self.max_run, match.end(), self.max_run):
                pieces.append(text[last:cut])
                last = cut
        pieces.append(text[last:])
        return Doc.from_docs([self.tokenizer(p) for p in pieces if p], ensure_whitespace=False)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.tokenizer, name)  # vocab, special cases, to_disk…


def parse(nlp: Language, texts: Iterable[str], *, batch_size: int) -> Iterator[Doc]:
    """Parse texts in batches; yields one Doc per text, in order."""
    yield from nlp.pipe(texts, batch_size=batch_size)


_TAG_MAP_FACTORY = "multipolar_tag_map_ruler"
_TAG_MAP_ATTRS = frozenset({"POS", "MORPH"})


class TagMapRuler:
    """spaCy's attribute ruler, its patterns applied from the document's arrays: same output.

    The English models' attribute ruler opens with a tag map: one single-token pattern per
    fine-grained tag (`[{"TAG": "NN"}]`) that sets the coarse part of speech and the morphology,
    then about 120 exceptions, nearly all single tokens matched on their lower-case form ("the",
    "'s"). Nearly every token matches a tag pattern, and spaCy's ruler runs its `Matcher` over
    every token with every pattern and then handles each match in Python (a `Span`, a `Token`,
    the attributes set one by one): about 20 microseconds a token, 11-14% of the whole parse of
    `en_core_web_sm` on news text. Here:

    - the leading tag patterns become a table from tag to (POS, MORPH), applied to the arrays;
    - the single-token patterns matched on literal values (or `IN` lists) of LOWER, TAG, DEP
      and IS_SPACE are looked up by one of them (`numpy.isin` finds the few candidates) and
      checked on the others;
    - anything else (several tokens, REGEX) goes to a spaCy `Matcher` of its own;

    and the matches are applied in pattern order, as spaCy's ruler does (later patterns win; the
    tag map comes first). `tests/pipeline/test_nlp.py` compares every attribute with the stock
    ruler's on news text. `patterns` lists all of them, as the stock ruler's does.
    """

    def __init__(self, ruler: AttributeRuler) -> None:
        patterns: list[Any] = list(ruler.patterns)
        lead = 0
        while lead < len(patterns) and _tag_map_pattern(patterns[lead]):
            lead += 1
        vocab = ruler.vocab
        self.vocab = vocab
        table: dict[int, tuple[int, int]] = {}  # tag hash -> (POS id or -1, MORPH key or -1)
        for pattern in patterns[:lead]:
            attrs = pattern["attrs"]
            pos = POS_IDS[attrs["POS"]] if "POS" in attrs else -1
            morph = vocab.morphology.add(attrs["MORPH"]) if "MORPH" in attrs else -1
            for seq in pattern["patterns"]:
                tag = vocab.strings.add(seq[0]["TAG"])
                old_pos, old_morph = table.get(tag, (-1, -1))
                table[tag] = (pos if pos >= 0 else old_pos, morph if morph >= 0 else old_morph)
        self.patterns = patterns
        self.tag_map = table
        # single-token rules by key column: column -> value -> [(pattern id, checks)]
        self._rules: dict[int, dict[int, list[tuple[int, _Checks]]]] = {}
        self._attrs: dict[int, tuple[dict[Any, Any], int]] = {}
        self._matcher = Matcher(vocab, validate=False)
        self._matched_ids: set[int] = set()
        for pid, pattern in enumerate(patterns[lead:], start=lead):
            self._attrs[pid] = (normalize_token_attrs(vocab, dict(pattern["attrs"])),
                                int(pattern.get("index", 0)))
            for seq in pattern["patterns"]:
                checks = _literal_checks(vocab, seq) if len(seq) == 1 else None
                if checks is None or int(pattern.get("index", 0)) not in (0, -1):
                    self._matcher.add(str(pid), [seq])
                    self._matched_ids.add(pid)
                    continue
                column, values = checks[0]
                rest = tuple((_COLUMNS.index(c), allowed) for c, allowed in checks[1:])
                by_value = self._rules.setdefault(column, {})
                for value in values:
                    by_value.setdefault(value, []).append((pid, rest))
        self._keys = {column: numpy.fromiter(by_value, dtype="uint64", count=len(by_value))
                      for column, by_value in self._rules.items()}

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        if self.tag_map:
            arr = doc.to_array([TAG, POS, MORPH])
            tags = arr[:, 0]
            changed = False
            for tag in numpy.unique(tags).tolist():
                hit = self.tag_map.get(tag)
                if hit is None:
                    continue
                mask = tags == tag
                if hit[0] >= 0:
                    arr[mask, 1] = hit[0]
                if hit[1] >= 0:
                    arr[mask, 2] = hit[1]
                changed = True
            if changed:
                doc.from_array([POS, MORPH], cast(Any, arr[:, 1:]))
        matches: list[tuple[int, int, int]] = []
        if self._rules:
            cols = doc.to_array(list(_COLUMNS))
            for column, keys in self._keys.items():
                values = cols[:, _COLUMNS.index(column)]
                by_value = self._rules[column]
                for i in numpy.flatnonzero(numpy.isin(values, keys)).tolist():
                    row = cols[i]
                    for pid, checks in by_value[int(values[i])]:
                        if all(int(row[at]) in allowed for at, allowed in checks):
                            matches.append((pid, i, i + 1))
        if self._matched_ids:
            for match_id, begin, end in self._matcher(doc, allow_missing=True, as_spans=False):
                matches.append((int(self.vocab.strings[match_id]), begin, end))
        matches.sort()
        for pid, begin, end in matches:
            attrs, index = self._attrs[pid]
            span = doc[begin:end]
            set_token_attrs(span[index], attrs)
        return doc

    def pipe(self, docs: Iterable[Doc], *, batch_size: int = 128) -> Iterator[Doc]:
        for doc in docs:
            yield self(doc)


# (position in _COLUMNS, allowed values): all must hold
_Checks = tuple[tuple[int, frozenset[int]], ...]

# the token columns a single-token rule is looked up and checked on, in this order of preference
_COLUMNS = (LOWER, TAG, DEP, IS_SPACE)
_COLUMN_NAMES = {"LOWER": LOWER, "TAG": TAG, "DEP": DEP, "IS_SPACE": IS_SPACE}


def _literal_checks(vocab: Any, seq: Any) -> list[tuple[int, frozenset[int]]] | None:
    """A one-token pattern as (column, allowed values) checks, the lookup column first; None
    when it uses anything but literal (or `IN`) values of `_COLUMNS`."""
    (token,) = seq
    checks: list[tuple[int, frozenset[int]]] = []
    for key, value in token.items():
        column = _COLUMN_NAMES.get(key)
        if column is None:
            return None
        if column == IS_SPACE:
            if not isinstance(value, bool):
                return None
            checks.append((column, frozenset({int(value)})))
        elif isinstance(value, str):
            checks.append((column, frozenset({vocab.strings.add(value)})))
        elif isinstance(value, dict) and set(value) == {"IN"} \
                and all(isinstance(v, str) for v in value["IN"]):
            checks.append((column, frozenset(vocab.strings.add(v) for v in value["IN"])))
        else:
            return None
    if not checks:
        return None
    checks.sort(key=lambda check: _COLUMNS.index(check[0]))
    return checks


def _tag_map_pattern(pattern: Any) -> bool:
    """A pattern of the tag map: single tokens matched on one literal TAG, setting POS/MORPH
    from strings at the matched token."""
    attrs = pattern.get("attrs", {})
    return (bool(attrs) and set(attrs) <= _TAG_MAP_ATTRS
            and all(isinstance(v, str) for v in attrs.values())
            and pattern.get("index", 0) in (0, -1)
            and all(len(seq) == 1 and set(seq[0]) == {"TAG"} and isinstance(seq[0]["TAG"], str)
                    for seq in pattern.get("patterns", ())))


def use_tag_map_ruler(nlp: Language) -> bool:
    """Replace a stock `attribute_ruler` of `nlp` by a `TagMapRuler` (in place); False when the
    model has none, it is disabled, or it does not start with a tag map."""
    if "attribute_ruler" not in nlp.pipe_names:
        return False
    ruler = nlp.get_pipe("attribute_ruler")
    if not isinstance(ruler, AttributeRuler) or not ruler.patterns \
            or not _tag_map_pattern(ruler.patterns[0]):
        return False
    if not Language.has_factory(_TAG_MAP_FACTORY):  # registered on first use, not on import
        Language.factory(_TAG_MAP_FACTORY, func=_no_factory)
    fast = TagMapRuler(ruler)
    _TAG_MAP_PENDING.append(fast)
    try:
        nlp.replace_pipe("attribute_ruler", _TAG_MAP_FACTORY)
    finally:
        _TAG_MAP_PENDING.clear()
    return True


# the ruler being installed by use_tag_map_ruler: spaCy builds components through a factory
_TAG_MAP_PENDING: list[TagMapRuler] = []


def _no_factory(nlp: Language, name: str) -> TagMapRuler:
    if not _TAG_MAP_PENDING:
        raise ValueError(f"{_TAG_MAP_FACTORY} is built by multipolar.pipeline.nlp."
                         "use_tag_map_ruler from a model's own attribute ruler")
    return _TAG_MAP_PENDING[-1]
