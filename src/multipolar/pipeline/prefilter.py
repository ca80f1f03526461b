"""The sentence pre-filter: parse only the sentences that may hold an event.

spaCy's tagger, parser and NER are the physical limit of the pipeline (about 4,000 words/s per
process here). Most sentences of a news article cannot hold a coded event: the event coder
(`pipeline/events.py`) only looks at sentences with a resolved actor, and only fires on a token
whose lemma is a trigger of its lexicon. The pre-filter tests that cheaply, on the tokenizer's
output alone, and runs the full `nlp` only where it may matter:

1. tokenize the text once (`nlp.make_doc`) and split it into sentences with rules (sentence-final
   punctuation, as spaCy's `Sentencizer`, and line breaks);
2. keep a sentence when it holds an actor candidate (a phrase of the actor lexicon, a subject
   pronoun, or a group noun such as "both countries") and a trigger candidate (a word one of
   whose possible lemmas, by the model's own lemmatizer rules and exceptions for verbs and nouns,
   is a lexicon trigger whose required particle or object also occurs in the sentence);
   optionally also sentences with digits (amounts) or quotation marks (quotations);
3. parse each run of adjacent kept sentences with `nlp.pipe` (batched across documents), leave
   the others tokenized only (their first token starts a sentence), and join the pieces with
   `Doc.from_docs(..., ensure_whitespace=False)`: the joined text is exactly the original, and
   entities and parses keep their character offsets.

The tests are generous (any reading of a word counts), so a kept sentence is a superset of what
the coder needs; `tests/pipeline/test_prefilter.py` checks that the events found with and without
the pre-filter are the same on the gold files. The facts stages (amounts, quotations, dates,
places, tone per sentence) see no entities in skipped sentences: turn the pre-filter on for event
data, leave it off (the default, `Settings.prefilter`) when every fact matters.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Iterable, Iterator, Mapping, Sequence, Set
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

import numpy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc, Token

from multipolar.config import LexiconSpec, Settings
from multipolar.lexicon.actors import ActorLexicon, actor_lexicon, actor_words, normalize_word
from multipolar.lexicon.petrarch_verbs import bundled_phoenix_verbs, load_petrarch_verbs
from multipolar.lexicon.verbs import VerbLexicon, default_lexicon
from multipolar.pipeline.base import PARSED_RANGES
from multipolar.pipeline.events import owned_lemmas

__all__ = ["Prefilter", "PrefilterStats", "TriggerIndex"]

# Subject pronouns the actor stage resolves to an earlier person (a superset of
# `pipeline/actors.py`'s list; a test checks that it stays one). The nouns of "both countries",
# "the two nations" are the actor stage's own list (actor_words().group_noun).
PRONOUNS = frozenset({"he", "she"})
_QUOTES = frozenset("\"'\u201c\u201d\u2018\u2019\u00ab\u00bb")
# Sentence-final punctuation. Not the ellipsis: the parser runs on after "… Then" in news text.
_SENT_END = frozenset({".", "!", "?", "\u3002", "\uff01", "\uff1f"})
_BULLETS = frozenset({"\u2022", "\u25cf", "\u25aa", "\u25e6"})

_TRIGGER_POS = ("verb", "noun")  # the parts of speech the event coder matches

# A trigger requirement: (particle word or None, slots): the particle and, for each slot, one of
# its words must also occur in the sentence (no slots: the trigger alone may fire).
Requirement = tuple[str | None, tuple[frozenset[str], ...]]


@dataclass
class PrefilterStats:
    """Counts over everything the pre-filter has seen (for benchmarks and logs)."""

    documents: int = 0
    sentences: int = 0
    kept_sentences: int = 0
    tokens: int = 0
    kept_tokens: int = 0
    parsed_pieces: int = 0

    @property
    def kept_share(self) -> float:
        """The share of tokens that went through the full pipeline."""
        return self.kept_tokens / self.tokens if self.tokens else 1.0

    def to_dict(self) -> dict[str, float]:
        return {"documents": self.documents, "sentences": self.sentences,
                "kept_sentences": self.kept_sentences, "tokens": self.tokens,
                "kept_tokens": self.kept_tokens, "parsed_pieces": self.parsed_pieces,
                "kept_share": round(self.kept_share, 4)}


class TriggerIndex:
    """Which words may be event triggers, from their surface form alone.

    `lemmas` maps a trigger lemma (lower case) to the requirements of its lexicon rows: a row
    fires only if its particle and one of its objects occur too. `forms(word)` gives every lemma
    the model's lemmatizer could assign to a word as a verb or a noun (rule mode: exceptions and
    all suffix rules; lookup mode: the lookup table), plus the word itself.

    `base` holds the requirements of the bundled Phoenix verbs by verb form, which the event
    stage consults only for a verb whose lemma is not `owned` (its `_unless_owned`): they count
    for a word only when one of the lemmas the lemmatizer could give it as a verb
    (`verb_lemmas`) is not owned ("said" is "say", which our lexicon owns: its Phoenix patterns
    never fire).
    """

    def __init__(self, lemmas: Mapping[str, Sequence[Requirement]], nlp: Language, *,
                 base: Mapping[str, Sequence[Requirement]] | None = None,
                 owned: frozenset[str] = frozenset()) -> None:
        self.lemmas = {k: tuple(v) for k, v in lemmas.items()}
        self.base = {k: tuple(v) for k, v in (base or {}).items()}
        self.owned = owned
        self._rules, self._exceptions, self._lookup = _lemma_tables(nlp)
        self._verb_index = _verb_index(nlp)
        self._forms: dict[str, frozenset[str]] = {}
        self._hits: dict[str, tuple[Requirement, ...]] = {}

    @classmethod
    def from_lexicons(cls, nlp: Language, lexicon: VerbLexicon,
                      petrarch_forms: Iterable[str] = (),
                      extra: Mapping[str, Sequence[Requirement]] | None = None, *,
                      base: Mapping[str, Sequence[Requirement]] | None = None,
                      owned: frozenset[str] = frozenset()) -> TriggerIndex:
        """Our rows, PETRARCH verb forms (bare triggers), `extra` requirements by lemma and the
        `base` requirements of verbs whose lemma is not `owned` (see the class)."""
        lemmas: dict[str, list[Requirement]] = {k: list(v) for k, v in (extra or {}).items()}
        for entry in lexicon.entries:
            particle = entry.particle.split()[0] if entry.particle else None
            objects = frozenset(entry.objects)
            if entry.particle and " " in entry.particle:
                objects = objects | {entry.particle.split(" ", 1)[1]}
            for lemma in entry.lemmas:
                lemmas.setdefault(lemma, []).append((particle, (objects,) if objects else ()))
        for form in petrarch_forms:
            lemmas.setdefault(form.lower(), []).append((None, ()))
        return cls(lemmas, nlp, base=base, owned=owned)

    def forms(self, word: str) -> frozenset[str]:
        lower = normalize_word(word)
        found = self._forms.get(lower)
        if found is None:
            out = {lower}
            if self._lookup is not None:
                hit = self._lookup.get(lower)
                if isinstance(hit, str):
                    out.add(hit.lower())
            for pos in _TRIGGER_POS:
                out.update(e.lower() for e in self._exceptions.get(pos, {}).get(lower, ()))
                for old, new in self._rules.get(pos, ()):
                    if lower.endswith(old):
                        out.add(lower[: len(lower) - len(old)] + new)
            out.update(self._exceptions.get("*", {}).get(lower, ()))
            found = self._forms[lower] = frozenset(out)
        return found

    def verb_lemmas(self, word: str) -> frozenset[str]:
        """The lemmas the lemmatizer may give this word tagged a verb: as spaCy's rule mode,
        its exceptions and the suffix rules' outputs found in the verb index, else the other
        outputs, else the word; the word itself too when it is in the index (a base form), and
        the lookup table's and the attribute ruler's lemmas."""
        lower = normalize_word(word)
        exceptions = [e.lower() for e in self._exceptions.get("verb", {}).get(lower, ())]
        known: list[str] = []
        unknown: list[str] = []
        for old, new in self._rules.get("verb", ()):
            if lower.endswith(old):
                form = lower[: len(lower) - len(old)] + new
                if form and (form in self._verb_index or not form.isalpha()):
                    known.append(form)
                elif form:
                    unknown.append(form)
        out = {*exceptions, *known} or set(unknown) or {lower}
        if lower in self._verb_index:
            out.add(lower)
        out.update(self._exceptions.get("*", {}).get(lower, ()))
        if self._lookup is not None:
            hit = self._lookup.get(lower)
            if isinstance(hit, str):
                out.add(hit.lower())
        return frozenset(out)

    def requirements(self, word: str) -> tuple[Requirement, ...]:
        """The requirements of every trigger row this word may stand for (empty: no trigger)."""
        lower = normalize_word(word)
        hit = self._hits.get(lower)
        if hit is None:
            reqs: list[Requirement] = []
            for form in self.forms(lower):
                reqs.extend(self.lemmas.get(form, ()))
            if self.base:
                free = [f for f in self.verb_lemmas(lower) if f not in self.owned]
                for form in (*free, lower) if free else ():
                    reqs.extend(self.base.get(form, ()))
            hit = self._hits[lower] = tuple(dict.fromkeys(reqs))
        return hit

    def any_trigger(self, words: Sequence[str]) -> bool:
        """Does a trigger row fire possibly in this sentence (particle and object present)?"""
        pending = [r for w in words for r in self.requirements(w)]
        if not pending:
            return False
        if any(p is None and not slots for p, slots in pending):
            return True
        lowers = {normalize_word(w) for w in words}
        forms: set[str] | None = None
        for particle, slots in pending:
            if particle is not None and particle not in lowers:
                continue
            if not slots:
                return True
            if forms is None:
                forms = set(lowers).union(*(self.forms(w) for w in lowers))
            if all(not slot.isdisjoint(forms) for slot in slots):
                return True
        return False


def _lemma_tables(nlp: Language) -> tuple[dict[str, list[tuple[str, str]]],
                                          dict[str, dict[str, list[str]]],
                                          Mapping[str, str] | None]:
    """The lemmatizer's suffix rules, exceptions ('*': attribute ruler lemmas) and lookup."""
    rules: dict[str, list[tuple[str, str]]] = {}
    exceptions: dict[str, dict[str, list[str]]] = {"*": {}}
    lookup: Mapping[str, str] | None = None
    if "lemmatizer" in nlp.pipe_names:
        lookups = getattr(nlp.get_pipe("lemmatizer"), "lookups", None)
        if lookups is not None:
            # lookups Tables hash their keys: ask for each part of speech by name
            if lookups.has_table("lemma_rules"):
                table = lookups.get_table("lemma_rules")
                rules = {pos: [(old, new) for old, new in table.get(pos) or ()]
                         for pos in _TRIGGER_POS}
            if lookups.has_table("lemma_exc"):
                table = lookups.get_table("lemma_exc")
                exceptions.update({pos: dict(table.get(pos) or {}) for pos in _TRIGGER_POS})
            if lookups.has_table("lemma_lookup"):
                lookup = lookups.get_table("lemma_lookup")
    if "attribute_ruler" in nlp.pipe_names:
        for pattern in getattr(nlp.get_pipe("attribute_ruler"), "patterns", ()):
            lemma = pattern.get("attrs", {}).get("LEMMA")
            if not isinstance(lemma, str):
                continue
            for seq in pattern.get("patterns", ()):
                if len(seq) == 1:
                    word = seq[0].get("LOWER") or seq[0].get("ORTH")
                    if isinstance(word, str):
                        exceptions["*"].setdefault(word.lower(), []).append(lemma.lower())
    return rules, exceptions, lookup


@dataclass(frozen=True, slots=True)
class _Piece:
    start: int  # token offsets in the tokenized document
    end: int
    keep: bool
    sent_starts: tuple[int, ...] = field(default=())  # for skipped pieces, relative offsets


class Prefilter:
    """Parses only the sentences that may hold an event (see the module docstring).

    `keep_digits` and `keep_quotes` also parse sentences with a digit or a quotation mark, for
    the amount and quotation stages. `stats` counts what was kept.
    """

    def __init__(self, nlp: Language, settings: Settings | None = None, *,
                 keep_digits: bool = False, keep_quotes: bool = False,
                 actors: ActorLexicon | None = None, triggers: TriggerIndex | None = None
                 ) -> None:
        self.nlp = nlp
        self.settings = settings or Settings()
        self.keep_digits = keep_digits
        self.keep_quotes = keep_quotes
        self._actors = actors
        self._triggers = triggers
        self.stats = PrefilterStats()

    @property
    def actors(self) -> ActorLexicon:
        if self._actors is None:
            self._actors = actor_lexicon(tuple(self.settings.lexicons))
        return self._actors

    @property
    def triggers(self) -> TriggerIndex:
        if self._triggers is None:
            self._triggers = _trigger_index(self.nlp, tuple(self.settings.lexicons))
        return self._triggers

    # -- deciding ------------------------------------------------------------------------------

    def wanted(self, words: Sequence[str], names: Set[str] = frozenset()) -> bool:
        """Should a sentence with these token texts get the full parse? (`names`: see
        `has_actor`.)"""
        if self.keep_digits and any(c.isdigit() for w in words for c in w):
            return True
        if self.keep_quotes and any(c in _QUOTES for w in words for c in w):
            return True
        return self.triggers.any_trigger(words) and self.has_actor(words, names)

    def has_actor(self, words: Sequence[str], names: Set[str] = frozenset()) -> bool:
        """Does a sentence with these token texts hold an actor candidate? `names`: the last
        words of the capitalised names met so far in the document (`name_ends`), which the
        actor stage may resolve to a person named earlier ("… said Afrini")."""
        surnames = self.actors.surnames
        for word in words:
            lower = normalize_word(word)
            if lower in PRONOUNS or lower in actor_words().group_noun:
                return True
            if word[:1].isupper() and (word.lower() in surnames or word in names):
                return True  # "Hunt told Sky News": a curated person's surname alone
        return next(iter(self.actors.scan(words)), None) is not None

    def sentences(self, doc: Doc) -> list[tuple[int, int]]:
        """Rule-based sentence spans (token offsets) of a tokenized doc, covering all of it."""
        spans: list[tuple[int, int]] = []
        start = 0
        seen_end = False
        for token in doc:
            text = token.text
            if seen_end and token.i > start and not token.is_space:
                opens = _opens(token)
                if opens is not None:
                    seen_end = False
                    if opens:
                        spans.append((start, token.i))
                        start = token.i
                        seen_end = token.text in _BULLETS
                    continue
            if text in _SENT_END or (token.is_space and "\n" in text):
                seen_end = True
        if start < len(doc):
            spans.append((start, len(doc)))
        return spans

    def plan(self, doc: Doc) -> list[_Piece]:
        """Runs of adjacent sentences, each to be parsed (keep) or left tokenized."""
        pieces: list[_Piece] = []
        stats = self.stats
        stats.documents += 1
        if not len(doc):
            return [_Piece(0, 0, keep=True)]  # nothing to skip: let nlp treat it as usual
        names: set[str] = set()  # the last words of the names met so far
        for start, end in self.sentences(doc):
            words = [t.text for t in doc[start:end] if not t.is_space]
            names.update(name_ends(words))
            keep = self.wanted(words, names)
            stats.sentences += 1
            stats.tokens += end - start
            if keep:
                stats.kept_sentences += 1
                stats.kept_tokens += end - start
            if pieces and pieces[-1].keep == keep:
                last = pieces[-1]
                starts = last.sent_starts + ((start - last.start,) if not keep else ())
                pieces[-1] = _Piece(last.start, end, keep, starts)
            else:
                pieces.append(_Piece(start, end, keep, () if keep else (0,)))
        return pieces

    # -- parsing -------------------------------------------------------------------------------

    def parse(self, texts: Iterable[str], *, batch_size: int) -> Iterator[Doc]:
        """Like `nlp.pipe(texts)`: one Doc per text, in order, full parse where it matters."""
        size = max(1, batch_size)
        chunk: list[str] = []
        for text in texts:
            chunk.append(text)
            if len(chunk) >= size:
                yield from self._parse_chunk(chunk, size)
                chunk = []
        if chunk:
            yield from self._parse_chunk(chunk, size)

    def _parse_chunk(self, texts: list[str], batch_size: int) -> Iterator[Doc]:
        plans: list[tuple[Doc, list[_Piece]]] = []
        to_parse: list[Doc] = []
        for text in texts:
            doc = self.nlp.make_doc(text)
            pieces = self.plan(doc)
            plans.append((doc, pieces))
            for piece in pieces:
                if piece.keep and not _whole(piece, doc):
                    to_parse.append(doc[piece.start:piece.end].as_doc())
                elif piece.keep:
                    to_parse.append(doc)
        self.stats.parsed_pieces += len(to_parse)
        parsed = iter(self.nlp.pipe(to_parse, batch_size=max(batch_size, 64)))
        for doc, pieces in plans:
            if len(pieces) == 1 and pieces[0].keep:
                yield next(parsed)  # the whole document was kept: nothing to join
                continue
            parts: list[Doc] = []
            skipped: list[tuple[int, int, tuple[int, ...]]] = []  # in the joined doc
            kept: list[tuple[int, int]] = []
            offset = 0
            for piece in pieces:
                if piece.keep:
                    part = next(parsed)
                    kept.append((offset, offset + len(part)))
                else:
                    part = doc[piece.start:piece.end].as_doc()
                    skipped.append((offset, offset + len(part), piece.sent_starts))
                parts.append(part)
                offset += len(part)
            _tensors(parts, [p.keep for p in pieces])
            joined = Doc.from_docs(parts, ensure_whitespace=False)
            joined.user_data[PARSED_RANGES] = tuple(kept)
            if skipped:
                # from_docs keeps the parser's sentence starts but drops those of unparsed
                # parts: write them (1: starts a sentence, -1: does not)
                flags = joined.to_array([SENT_START]).astype("int64")
                for begin, end, starts in skipped:
                    flags[begin:end] = -1
                    flags[[begin + s for s in starts]] = 1
                joined.from_array([SENT_START], cast(Any, flags.astype("uint64")))
            yield joined


def _tensors(parts: list[Doc], keep: list[bool]) -> None:
    """Make the parts' token vectors joinable: the parsed parts keep theirs (the sentence
    classifier reuses them), the skipped ones get zero rows of the same width; without one
    width (no parsed part, or a model with no tok2vec) every part gets an empty tensor."""
    widths = {p.tensor.shape[1] if p.tensor.ndim == 2 else 0
              for p, k in zip(parts, keep, strict=True) if k and len(p)}
    width = widths.pop() if len(widths) == 1 else 0
    for part, k in zip(parts, keep, strict=True):
        if not (k and width and part.tensor.shape == (len(part), width)):
            part.tensor = numpy.zeros((len(part), width if not k else 0), dtype="float32")
    if any(p.tensor.shape[1:] != (width,) for p in parts if len(p)):
        for part in parts:  # a parsed part without the width: no vectors anywhere
            part.tensor = numpy.zeros((len(part), 0), dtype="float32")


def name_ends(words: Sequence[str]) -> Iterator[str]:
    """The last words of the capitalised names of two words or more in a sentence ("Ali
    Afrini", "Christopher Hill"): a later sentence may name the person by it alone, which the
    actor stage resolves to the full name. A superset (places and organisations too): it only
    keeps more sentences."""
    for before, word in itertools.pairwise(words):
        if (word[:1].isupper() and before[:1].isupper() and word.isalpha()
                and before.replace(".", "").isalpha() and not word.isupper()):
            yield word


def _opens(token: Token) -> bool | None:
    """After sentence-final punctuation or a line break: does this token open a sentence?

    True: a capitalised word, a number, an opening quote or bracket or bullet after a space;
    False: a lower-case word (the parser does not split "… and then" or "?” she said");
    None: not decided yet (closing quotes and brackets, more punctuation).
    """
    text = token.text
    if text in _SENT_END:
        return None
    if text in _BULLETS:
        return True  # the parser makes "•" a sentence of its own ("changed. • As told…")
    if not token.is_punct:
        return not text[:1].islower()
    if token.is_right_punct or (text in _QUOTES and not _after_space(token)):
        return None
    return _after_space(token)


def _after_space(token: Token) -> bool:
    if token.i == 0:
        return True
    before = token.doc[token.i - 1]
    return bool(before.whitespace_) or before.is_space


def _whole(piece: _Piece, doc: Doc) -> bool:
    return piece.start == 0 and piece.end == len(doc)


# keyed on Settings.lexicons: a few entries, each a whole lexicon
@functools.lru_cache(maxsize=16)
def _petrarch_forms(directories: tuple[str, ...]) -> frozenset[str]:
    forms: set[str] = set()
    for directory in directories:
        verbs = load_petrarch_verbs(Path(directory))
        if verbs is not None:
            forms.update(verbs.verbs)
    return frozenset(forms)


def _trigger_index(nlp: Language, sources: tuple[str, ...]) -> TriggerIndex:
    """The trigger words of the event stage's lexicons for these `Settings.lexicons`."""
    specs = [LexiconSpec.parse(spec) for spec in sources]
    custom = [spec.directory for spec in specs if spec.kind == "multipolar"]
    lexicon = VerbLexicon.load(custom) if custom else default_lexicon()
    petrarch = tuple(str(spec.directory) for spec in specs if spec.kind == "petrarch")
    # the event stage also codes statements by the speech verbs of statements.tsv ("said",
    # "warned") that have no row of their own, and the bundled Phoenix patterns (underneath ours)
    statements = lexicon.statement_verbs
    # and protests by protesters (modality.tsv `protester`) as the subject of any clause
    # ("the protesters chanted…", `events._protest_pass`): the noun alone may fire
    protesters = lexicon.modality.get("protester", frozenset())
    # `EventStage.matchers`: the bundled patterns are silent on lemmas our lexicon owns
    owned = owned_lemmas(lexicon)
    return TriggerIndex.from_lexicons(
        nlp, lexicon, _petrarch_forms(petrarch) | statements | protesters,
        base=_bundled_requirements(), owned=owned)


def _verb_index(nlp: Language) -> frozenset[str]:
    """The lemmatizer's index of known verb lemmas (rule mode), empty when it has none."""
    if "lemmatizer" not in nlp.pipe_names:
        return frozenset()
    lookups = getattr(nlp.get_pipe("lemmatizer"), "lookups", None)
    if lookups is None or not lookups.has_table("lemma_index"):
        return frozenset()
    return frozenset(str(w).lower() for w in lookups.get_table("lemma_index").get("verb") or ())


@functools.cache
def _bundled_requirements() -> dict[str, tuple[Requirement, ...]]:
    """The bundled Phoenix verbs as triggers. `EventStage` uses them only through patterns of
    at least `_BASE_MIN_SIZE` (its `petrarch_matcher(..., min_size=2)`), and a pattern fires
    only when the verb's clause holds one of the words of each of its word elements
    (`PetrarchPattern.required`) and the entry's particles: one requirement per pattern, every
    slot of it needed."""

    out: dict[str, tuple[Requirement, ...]] = {}
    for form, entries in bundled_phoenix_verbs().verbs.items():
        reqs: dict[Requirement, None] = {}
        for entry in entries:
            particles = tuple(frozenset({p.lower()}) for p in entry.particles)
            for pattern in entry.block.patterns:
                if pattern.size < _BASE_MIN_SIZE or not pattern.required:
                    continue
                slots = tuple(frozenset(w.lower() for w in req) for req in pattern.required)
                reqs[(None, tuple(dict.fromkeys(particles + slots)))] = None
        if reqs:
            out[form.lower()] = tuple(reqs)
    return out


# the smallest bundled Phoenix pattern the event stage uses (`EventStage.matchers`)
_BASE_MIN_SIZE = 2
