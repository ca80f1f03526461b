"""The data model: plain frozen dataclasses with character offsets and provenance.

Everything that leaves the pipeline is one of these records. Offsets (`start`, `end`) are
character offsets into `Document.text` (end exclusive), so every record can show the words it
came from. Ids are derived with hashlib, never `hash()`, so they are stable across runs.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from multipolar.errors import InputError


def stable_id(*parts: object, length: int = 16) -> str:
    """A stable hexadecimal id from the string forms of `parts` (sha256, truncated)."""
    digest = hashlib.sha256("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()
    return digest[:length]


def is_historical(date: dt.date | None, published: dt.date | None) -> bool:
    """The one rule for background mentions: an event is *historical* when its date (found in
    the text; an event without one is dated by its article) falls before the previous calendar
    year of the article's publication ("the 1967 war", "in 2019" in a 2025 article; "last
    year" and "last December" are news, not background).

    Such events keep their own date (so "the 1967 war" stays in 1967) and are flagged, and the
    time series, networks, briefs and maps leave them out unless asked (`historical=True`,
    `historical=true`, the dashboard's checkbox). Without a publication date nothing is
    historical: there is nothing to compare with.
    """
    if date is None or published is None:
        return False
    return date.year < published.year - 1


class Modality(StrEnum):
    """How the text presents an event."""

    ASSERTED = "asserted"
    NEGATED = "negated"
    FUTURE = "future"
    HYPOTHETICAL = "hypothetical"
    REPORTED = "reported"


class Resolution(StrEnum):
    """How an actor mention was resolved to a code (for auditing)."""

    DICTIONARY = "dictionary"  # a name in a lexicon (country, IGO, organisation)
    PERSON = "person"  # a person with a date-bounded role
    TITLE = "title"  # role noun + country, e.g. "Russian Foreign Minister"
    METONYM = "metonym"  # capital or seat of power standing for a government
    DEMONYM = "demonym"  # "Chinese" alone
    COREFERENCE = "coreference"  # later "Xi", "the Russian president", "both countries"
    CONTEXT = "context"  # an agent or title whose country comes from its context (see `clue`)
    SECTOR = "sector"  # an agent with no country anywhere: `code` None, `sector` its sector
    UNRESOLVED = "unresolved"


@dataclass(frozen=True, slots=True)
class Document:
    """One input text. `id` is the content hash of the text."""

    text: str
    id: str = ""
    title: str | None = None
    url: str | None = None
    source: str | None = None
    published: dt.date | None = None
    language: str = "en"
    metadata: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.id:
            try:
                ident = document_id(self.text)
            except UnicodeEncodeError as exc:
                raise InputError(
                    f"text has a lone surrogate (U+{ord(self.text[exc.start]):04X}) at character "
                    f"{exc.start}, which is not valid Unicode; decode the input with "
                    "errors='replace'") from None
            object.__setattr__(self, "id", ident)


def document_id(text: str) -> str:
    """The content hash that identifies a document."""
    return stable_id("doc", text)


@dataclass(frozen=True, slots=True)
class Mention:
    """A span of text that may name an actor."""

    text: str
    start: int
    end: int
    sentence: int
    kind: str  # spaCy entity label (PERSON, ORG, GPE, NORP…) or "ROLE", "PRONOUN", "GROUP"


@dataclass(frozen=True, slots=True)
class Actor:
    """A mention resolved (or not) to a CAMEO-style actor code.

    `code` is the full code ("CHNGOV", "IGOUNO") or None when unresolved; `country` and
    `sector` are its parts (PLOVER entity fields). A compound mention ("China and Russia") gives
    one Actor per member, sharing the mention span.
    """

    mention: Mention
    code: str | None
    country: str | None = None
    sector: str | None = None
    name: str | None = None  # canonical name of a person or organisation
    resolution: Resolution = Resolution.UNRESOLVED
    entry: str | None = None  # id of the lexicon entry or rule that resolved it
    confidence: float = 0.0
    refers_to: int | None = None  # index into AnalysisResult.actors for coreference
    # `resolution` CONTEXT: which clue gave the country, e.g. "of:Niger", "clause:Yerevan",
    # "dateline:DHAKA", "story:BGD" (docs/actors.md lists them in the order they are tried)
    clue: str | None = None
    # a country or group the phrase names as a backer or stance, not as the actor's own
    # country: "pro-Russia rebels" -> "RUS", "US-backed forces" -> "USA"
    affiliation: str | None = None

    @property
    def text(self) -> str:
        return self.mention.text

    @property
    def start(self) -> int:
        return self.mention.start

    @property
    def end(self) -> int:
        return self.mention.end

    @property
    def resolved(self) -> bool:
        return self.code is not None

    @property
    def agent_code(self) -> str | None:
        """The code, or for an agent with no country its sector alone ("COP"; GDELT-style
        exports write it "---COP"). Event coders that take only country-coded actors read
        `code`, which stays None for these."""
        if self.code is None and self.resolution is Resolution.SECTOR:
            return self.sector
        return self.code


@dataclass(frozen=True, slots=True)
class Evidence:
    """Where an event comes from: the sentence and the trigger words."""

    sentence: str
    sentence_index: int
    start: int  # sentence span in the document
    end: int
    trigger: str
    trigger_start: int
    trigger_end: int


@dataclass(frozen=True, slots=True)
class Plover:
    event: str | None
    mode: str | None
    context: str | None


@dataclass(frozen=True, slots=True)
class Event:
    """Who did what to whom, coded in CAMEO with PLOVER fields."""

    source: tuple[str, ...]
    target: tuple[str, ...]
    code: str
    root: str
    label: str
    quad_class: int
    goldstein: float
    plover: Plover
    modality: Modality
    date: dt.date | None
    location: str | None
    evidence: Evidence
    rule: str  # id of the lexicon entry or rule that fired
    source_text: str = ""
    target_text: str = ""
    reported_by: tuple[str, ...] = ()  # speaker of reported speech, if any
    id: str = ""
    # The sentence classifier's second opinion (pipeline/classifier.py), None when it is off:
    # `confidence` is its probability for this event's root in the sentence (for an event it
    # made, rule "classifier", its own probability); `second_opinion` is its root when it is
    # confident of another root, or "none" when it is confident the sentence holds no event.
    confidence: float | None = None
    second_opinion: str | None = None

    def __post_init__(self) -> None:
        if not self.id:
            ident = stable_id(
                "event",
                ",".join(self.source),
                ",".join(self.target),
                self.code,
                self.evidence.trigger_start,
                self.evidence.start,
                self.evidence.sentence,
            )
            object.__setattr__(self, "id", ident)


@dataclass(frozen=True, slots=True)
class Amount:
    """A normalised quantity and what it measures."""

    text: str
    start: int
    end: int
    sentence: int
    value: float | None
    unit: str  # ISO currency code, "percent", "barrels_per_day", "count"…
    measure: str | None = None  # trade, tariff, aid, budget, casualties…
    qualifier: str | None = None  # approximately, more_than, less_than, range…
    period: str | None = None  # "2024"
    actors: tuple[str, ...] = ()
    value_max: float | None = None  # upper bound when qualifier is "range"


@dataclass(frozen=True, slots=True)
class Quotation:
    text: str
    start: int
    end: int
    sentence: int
    speaker: str | None
    speaker_code: str | None
    verb: str | None = None
    kind: str = "speech"  # speech | phrase


@dataclass(frozen=True, slots=True)
class DateMention:
    text: str
    start: int
    end: int
    sentence: int
    value: dt.date | None
    granularity: str  # day, week, month, quarter, year, decade, century, duration, unknown
    kind: str = "date"  # date | duration | ordinal | anniversary


@dataclass(frozen=True, slots=True)
class Place:
    name: str
    start: int
    end: int
    sentence: int
    country: str | None
    lat: float | None
    lon: float | None
    feature: str | None = None  # country, capital, city, region
    geonameid: int | None = None


@dataclass(frozen=True, slots=True)
class Theme:
    name: str
    sentence: int | None  # None for document level
    triggers: tuple[str, ...]
    score: float = 1.0


@dataclass(frozen=True, slots=True)
class Tone:
    """GDELT-style tone: percentages of positive/negative words, polarity, word count."""

    tone: float
    positive: float
    negative: float
    polarity: float
    word_count: int
    sentence: int | None = None  # None for the document


@dataclass(frozen=True, slots=True)
class EventClass:
    """The sentence classifier's labels for one sentence (pipeline/classifier.py).

    `relevant`: probability that the sentence reports a political event (CAMEO sense);
    `root`: the most probable CAMEO root ("01".."20") when `relevant` >= 0.5, else None;
    `root_probability`: that root's probability; `quad_class`: 0 (no event) to 4.
    """

    relevant: float
    root: str | None
    root_probability: float
    quad_class: int


@dataclass(frozen=True, slots=True)
class AnalysisResult:
    """Everything the pipeline found in one document."""

    document: Document
    actors: tuple[Actor, ...] = ()
    events: tuple[Event, ...] = ()
    amounts: tuple[Amount, ...] = ()
    quotations: tuple[Quotation, ...] = ()
    dates: tuple[DateMention, ...] = ()
    places: tuple[Place, ...] = ()
    themes: tuple[Theme, ...] = ()
    tone: Tone | None = None
    sentences: tuple[tuple[int, int], ...] = ()  # (start, end) of each sentence
    sentence_tones: tuple[Tone, ...] = ()  # one per sentence, in order
    sentence_classes: tuple[EventClass, ...] = ()  # one per sentence when the classifier ran

    def replace(self, **changes: Any) -> AnalysisResult:
        return dataclasses.replace(self, **changes)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (see the README for the schema)."""
        # imported here: serialize imports this module
        from multipolar.serialize import result_to_dict

        return result_to_dict(self)

    def _repr_html_(self) -> str:
        """Jupyter shows the text with its actors, events, amounts, quotations highlighted."""
        # imported here: display imports this module, and only a notebook needs it
        from multipolar.display import render_result_html

        return render_result_html(self)

