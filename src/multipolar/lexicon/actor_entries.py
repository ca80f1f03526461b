"""The actor lexicon's entry types and its phrase index: what a phrase names (`ActorEntry`,
`EntryKind`, dated `Tenure`s), how phrases are tokenized, and `ActorLexicon`, the index the
ActorStage matches against. The loaders live in `lexicon/actors.py` (our data files) and
`lexicon/petrarch_actors.py` (PETRARCH dictionaries); both build these types, so neither imports
the other for them.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

__all__ = [
    "ORGANISATION_TYPES",
    "ActorEntry",
    "ActorLexicon",
    "DeferredEntry",
    "EntryKind",
    "Match",
    "Tenure",
    "normalize_phrase",
    "normalize_word",
    "normalize_words",
    "tokenize",
]

# CAMEO codes of organisations rather than states: an IGO, NGO or IMG code has no country
# prefix ("IGOUNO", "NGOAMN", "IMGMUSISI"), so its first three letters are no country.
ORGANISATION_TYPES = ("IGO", "NGO", "IMG")


class EntryKind(StrEnum):
    """What a lexicon phrase names."""

    COUNTRY = "country"  # "Russia", "U.S."
    ADJECTIVE = "adjective"  # "Russian", "Western" (demonyms, adjectives of countries/regions)
    CAPITAL = "capital"  # "Moscow": a government only when not used as a location
    SEAT = "seat"  # "the Kremlin", "the Pentagon": a seat of power, always an actor
    REGION = "region"  # "the West", "Europe"
    IGO = "igo"  # "UN", "NATO"
    ROLE = "role"  # "foreign minister", "army": a sector, composed with a country
    PERSON = "person"  # "Xi Jinping": codes by date
    ACTOR = "actor"  # a named actor from a PETRARCH dictionary: codes by date
    CONTEXTUAL = "contextual"  # "the North": a country only if the document is about it


@dataclass(frozen=True, slots=True)
class Tenure:
    """A code an entry has between two dates (inclusive start, exclusive end; None: open)."""

    code: str
    start: dt.date | None = None
    end: dt.date | None = None
    role: str | None = None
    entry: str = ""
    source: str | None = None  # where the fact comes from (the row's `source` cell)

    def covers(self, day: dt.date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day < self.end)


@dataclass(frozen=True, slots=True)
class ActorEntry:
    """One lexicon entry; several phrases may point to it."""

    kind: EntryKind
    entry: str  # "countries:RUS", "roles:foreign minister", "people:xi-jinping"
    name: str
    code: str | None = None  # country / region / IGO code, or the sector of a role
    country: str | None = None  # country of a capital or seat, or implied by a role ("PLA")
    sector: str | None = None  # sector of a seat ("the Pentagon" -> MIL) or role
    plover: str | None = None  # PLOVER actor type of a role
    individual: bool = False  # a role naming one person ("president"), or a person
    tenures: tuple[Tenure, ...] = field(default_factory=tuple)
    source: str = "multipolar"
    requires: tuple[str, ...] = ()  # CONTEXTUAL: codes one of which the document must have

    def tenure_at(self, day: dt.date | None) -> Tenure | None:
        """The tenure in force on `day`; without a date, the latest one."""
        if not self.tenures:
            return None
        if day is None:
            return max(self.tenures, key=lambda t: t.start or dt.date.min)
        for tenure in self.tenures:
            if tenure.covers(day):
                return tenure
        return None

    def code_at(self, day: dt.date | None) -> str | None:
        """The entry's code on `day`: its dated code if it has tenures, else its fixed code."""
        if self.tenures:
            tenure = self.tenure_at(day)
            return tenure.code if tenure is not None else None
        return self.code

    def ended_before(self, day: dt.date | None) -> Tenure | None:
        """The last tenure that ended before `day` (None without a date)."""
        if day is None:
            return None
        past = [t for t in self.tenures if t.end is not None and t.end <= day]
        return max(past, key=lambda t: t.end or dt.date.min) if past else None


@dataclass(frozen=True, slots=True)
class Match:
    """A lexicon phrase found in a token sequence: tokens [start, end)."""

    start: int
    end: int
    entries: tuple[ActorEntry, ...]


def _same_country(mine: list[tuple[tuple[str, ...], ActorEntry]],
                  theirs: list[tuple[tuple[str, ...], ActorEntry]]) -> bool:
    """Their entries are plain undated countries, all with the country of one of ours."""
    countries = {e.country for _, e in mine if e.kind in {
        EntryKind.COUNTRY, EntryKind.ADJECTIVE, EntryKind.CAPITAL, EntryKind.SEAT}}
    return all(e.kind == EntryKind.COUNTRY and not e.tenures and e.code in countries
               for _, e in theirs)


def normalize_word(word: str) -> str:
    """Lower-case a token and unify typographic apostrophes."""
    return word.lower().replace("\u2019", "'").replace("\u2018", "'")


def normalize_phrase(phrase: str) -> str:
    """normalize_word on every token of a space-separated phrase at once."""
    return phrase.lower().replace("\u2019", "'").replace("\u2018", "'")


_JOIN = "\x00"  # joins words for `normalize_words`: no case mapping makes or takes it


def normalize_words(words: Sequence[str]) -> list[str]:
    """`normalize_word` of each word, mapped over their joined text in one call (the joint
    is no cased letter and none that a case mapping ignores, so each word is lower-cased as
    it is alone); word by word when a word holds the joint itself."""
    joined = _JOIN.join(words)
    if joined.count(_JOIN) != len(words) - 1:
        return [normalize_word(w) for w in words]
    return normalize_phrase(joined).split(_JOIN)


@functools.cache
def _tokenizer():  # type: ignore[no-untyped-def]
    import spacy

    return spacy.blank("en").tokenizer


@functools.lru_cache(maxsize=65536)
def _tokenize_word(word: str) -> tuple[str, ...]:
    return tuple(t.text for t in _tokenizer()(word))


def tokenize(phrase: str) -> tuple[str, ...]:
    """Split a phrase into tokens the way spaCy's English tokenizer does.

    Plain alphanumeric words are tokens as they are; only words with punctuation go through
    the tokenizer (this keeps loading 40,000 dictionary phrases fast).
    """
    tokens: list[str] = []
    for word in phrase.split():
        if word.isalnum() and word.lower() not in _SPLIT_WORDS:
            tokens.append(word)
        else:
            tokens.extend(_tokenize_word(word))
    return tuple(tokens)


# Alphanumeric words spaCy's English tokenizer still splits ("cannot" -> "can", "not").
_SPLIT_WORDS = frozenset({"cannot", "gonna", "gotta", "wanna", "lemme", "gimme", "dunno"})


def _case_ok(pattern: Sequence[str], words: Sequence[str]) -> bool:
    """ALL-CAPS pattern tokens ("US") must match exactly; Capitalised ones need a capital."""
    for pat, word in zip(pattern, words, strict=True):
        if len(pat) >= 2 and pat.isupper():
            if word.replace("\u2019", "'") != pat:
                return False
        elif pat[:1].isupper() and not word[:1].isupper():
            return False
    return True


class DeferredEntry:
    """A Phoenix record whose entry is built on first use (most of the 26,000 never are).

    `make` returns the entry and the phrase keys it keeps, or None when the curated data hides
    the whole record; it runs at most once.
    """

    __slots__ = ("_done", "_make", "_result")

    def __init__(self, make: Callable[[], tuple[ActorEntry, frozenset[tuple[str, ...]]] | None]
                 ) -> None:
        self._make = make
        self._done = False
        self._result: tuple[ActorEntry, frozenset[tuple[str, ...]]] | None = None

    def result(self) -> tuple[ActorEntry, frozenset[tuple[str, ...]]] | None:
        if not self._done:
            self._result = self._make()
            self._done = True
        return self._result


class ActorLexicon:
    """All actor phrases, indexed by normalised token tuples.

    Bulk base knowledge (the Phoenix records) may be indexed as deferred records: their keys
    are known at once, their entries are built the first time a lookup reaches them.
    """

    def __init__(self) -> None:
        # key -> list of (pattern tokens as written, entry or deferred record)
        self._table: dict[tuple[str, ...],
                          list[tuple[tuple[str, ...], ActorEntry | DeferredEntry]]] = {}
        self._longest: dict[str, int] = {}  # first word -> longest key starting with it
        self._entries: dict[str, ActorEntry] = {}
        self._unbuilt: set[tuple[str, ...]] = set()  # keys whose bucket holds deferred records
        # every proper prefix of a key ("the", "white" of "the white house"), built on the
        # first lookup after a change: `match_at` stops widening where no key goes on
        self._prefixes: set[tuple[str, ...]] | None = None
        # curated people by the lower-case words of their name after the first ("hunt",
        # "de mistura"): a surname alone names them only while in office (ActorStage)
        self.surnames: dict[str, tuple[ActorEntry, ...]] = {}
        self.given_names: set[str] = set()  # … and the first words of their names ("ahmed")

    @property
    def entries(self) -> dict[str, ActorEntry]:
        """Every entry by id (builds all deferred records first)."""
        self._build_all()
        return self._entries

    def __len__(self) -> int:
        self._build_all()
        return len(self._table)

    def add(self, phrase: str, entry: ActorEntry, *, replace: bool = False) -> None:
        """Index `phrase` (as written: its case rules apply) for `entry`."""
        self.add_tokens(tokenize(phrase), entry, replace=replace)

    def add_tokens(self, tokens: Sequence[str], entry: ActorEntry, *,
                   replace: bool = False) -> None:
        """Index an already tokenized phrase."""
        tokens = tuple(tokens)
        if not tokens:
            return
        self._add_key(tokens, tuple(normalize_word(t) for t in tokens), entry, replace=replace)

    def _add_key(self, tokens: tuple[str, ...], key: tuple[str, ...],
                 entry: ActorEntry | DeferredEntry, *, replace: bool = False) -> None:
        """Index tokens whose normalised key is already known (bulk loading)."""
        bucket = self._table.get(key)
        if bucket is None or replace:
            bucket = self._table[key] = []
            self._prefixes = None
            self._unbuilt.discard(key)
        for pat, e in bucket:
            if e is entry and pat == tokens:
                break
        else:
            bucket.append((tokens, entry))
        if self._longest.get(key[0], 0) < len(key):
            self._longest[key[0]] = len(key)
        if isinstance(entry, DeferredEntry):
            self._unbuilt.add(key)
        else:
            self._entries.setdefault(entry.entry, entry)

    def _bucket(self, key: tuple[str, ...]) -> list[tuple[tuple[str, ...], ActorEntry]] | None:
        """The built bucket of `key` (None: no phrase, or every record of it was hidden)."""
        if key in self._unbuilt:
            built: list[tuple[tuple[str, ...], ActorEntry]] = []
            for pattern, item in self._table[key]:
                if isinstance(item, DeferredEntry):
                    result = item.result()
                    if result is None or key not in result[1]:
                        continue
                    entry = result[0]
                    self._entries.setdefault(entry.entry, entry)
                else:
                    entry = item
                if all(e is not entry or pat != pattern for pat, e in built):
                    built.append((pattern, entry))
            if built:
                self._table[key] = list(built)
            else:
                del self._table[key]
            self._unbuilt.discard(key)
            return built or None
        return self._table.get(key)  # type: ignore[return-value]  # built: no DeferredEntry

    def _build_all(self) -> None:
        for key in list(self._unbuilt):
            self._bucket(key)

    def _buckets(self) -> Iterator[tuple[tuple[str, ...],
                                         list[tuple[tuple[str, ...], ActorEntry]]]]:
        """Every key with its built bucket."""
        self._build_all()
        for key in list(self._table):
            bucket = self._bucket(key)
            if bucket is not None:
                yield key, bucket

    def merge(self, other: ActorLexicon) -> None:
        """Add `other`'s phrases; where both define a phrase with different codes, `other` wins.

        Where `other` only repeats the country we already have for the phrase (a PETRARCH
        country record listing "Moscow" or "Russian" as plain RUS), ours is kept: it carries
        more (a capital is a location or a government, an adjective a demonym).
        """
        for key, bucket in other._buckets():
            mine = self._bucket(key)
            if mine and _same_country(mine, bucket):
                continue
            self._table[key] = list(bucket)
            self._prefixes = None
            self._longest[key[0]] = max(self._longest.get(key[0], 0), len(key))
        self._entries.update(other._entries)
        self.given_names |= other.given_names
        for surname, people in other.surnames.items():
            mine_people = self.surnames.get(surname, ())
            self.surnames[surname] = mine_people + tuple(p for p in people
                                                         if p not in mine_people)

    def add_surname(self, name: str, entry: ActorEntry, *, family_first: bool = False) -> None:
        """Index a curated person under the words of `name` after the first ('Jeremy Hunt' ->
        'hunt'), and the first word as a given name; names of one word are not indexed. With
        `family_first` (names written family name first: 'Tsai Ing-wen', 'Ma Ying-jeou') the
        first word is the surname and the rest the given name."""
        words = name.split()
        if len(words) < 2:
            return
        given, surname = " ".join(words[1:]).lower(), words[0].lower()
        if not family_first:
            given, surname = words[0].lower(), " ".join(words[1:]).lower()
        self.given_names.add(given)
        people = self.surnames.get(surname, ())
        if entry not in people:
            self.surnames[surname] = (*people, entry)

    def lookup(self, phrase: str) -> list[ActorEntry]:
        """Entries for an exact phrase (case rules applied), for tests and tools."""
        tokens = tokenize(phrase)
        key = tuple(normalize_word(t) for t in tokens)
        return [e for pat, e in self._bucket(key) or [] if _case_ok(pat, tokens)]

    def match_at(self, words: Sequence[str], lowers: Sequence[str], i: int) -> Match | None:
        """The longest phrase starting at token i (`lowers` are normalised `words`)."""
        longest = self._longest.get(lowers[i])
        if longest is None:
            return None
        limit = min(longest, len(lowers) - i)
        if limit > 1:
            prefixes = self._prefixes
            if prefixes is None:
                prefixes = self._prefixes = {key[:n] for key in self._table
                                             for n in range(1, len(key))}
            n = 1
            while n < limit and tuple(lowers[i:i + n]) in prefixes:
                n += 1
            limit = n  # no key is longer than the words that begin one
        for n in range(limit, 0, -1):
            bucket = self._bucket(tuple(lowers[i:i + n]))
            if bucket is None:
                continue
            found = tuple(e for pat, e in bucket if _case_ok(pat, words[i:i + n]))
            if found:
                return Match(i, i + n, found)
        return None

    def scan(self, words: Sequence[str]) -> Iterator[Match]:
        """All non-overlapping longest matches, left to right."""
        lowers = normalize_words(words)
        first = self._longest  # the first words of all phrases: most words start none
        i = 0
        while i < len(lowers):
            if lowers[i] not in first:
                i += 1
                continue
            found = self.match_at(words, lowers, i)
            if found is None:
                i += 1
                continue
            yield found
            i = found.end
