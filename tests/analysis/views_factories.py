"""A small hand-coded world for the analyst-view tests: five short articles, coded by hand.

Each article is a list of sentences; each sentence lists the events, amounts and quotations a
careful coder would record (see ../shared/CODING.md). The results are written into a real store
with `Store.add`, so the views are tested on what the store really holds. No spaCy needed.

What the world holds (dates are the event dates):

- A (Wire A, 2025-05-07): CHNGOV→RUSGOV 042; CHNGOV↔RUSGOV 057 with "$20 billion" (trade);
  a quotation by Putin (RUSGOV); a negated RUSGOV→CHNGOV 190 (must never count).
- A2 (Wire B, 2025-05-07): a copy of A (same story, another outlet): its events merge with A's.
- B (Wire B, 2025-05-14): USAGOV→CHNGOV 163 with "145 per cent" (tariff, USA+CHN);
  CHNGOV→USAGOV 111.
- C (Wire A, 2025-04-10): USAGOV→CHNGOV 051; RUSGOV→UKRGOV 112.
- D (Wire C, 2025-05-20): RUSMIL→UKRMIL 194; UKRGOV→FRAGOV 051; FRAGOV→UKRGOV 070.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from multipolar.model import (
    Actor,
    Amount,
    AnalysisResult,
    Document,
    Event,
    Evidence,
    Mention,
    Modality,
    Plover,
    Quotation,
    Resolution,
)
from multipolar.ontology import cameo


@dataclass(frozen=True)
class Ev:
    source: str
    target: str
    code: str
    trigger: str
    modality: Modality = Modality.ASSERTED


@dataclass(frozen=True)
class Amt:
    text: str
    value: float
    unit: str
    measure: str
    actors: tuple[str, ...] = ()


@dataclass(frozen=True)
class Quote:
    text: str
    speaker: str
    code: str


@dataclass(frozen=True)
class Sent:
    text: str
    actors: tuple[tuple[str, str], ...] = ()  # (words, code)
    events: tuple[Ev, ...] = ()
    amounts: tuple[Amt, ...] = ()
    quotes: tuple[Quote, ...] = ()


@dataclass(frozen=True)
class Article:
    title: str
    source: str
    published: dt.date
    sentences: tuple[Sent, ...]
    url: str | None = None
    extra: str = ""  # appended text (to make a copy differ slightly)
    notes: dict[str, str] = field(default_factory=dict)


def build(article: Article) -> AnalysisResult:
    """The AnalysisResult a perfect pipeline would give for `article`."""
    text = " ".join(s.text for s in article.sentences) + article.extra
    document = Document(text=text, title=article.title, url=article.url, source=article.source,
                        published=article.published)
    actors: list[Actor] = []
    events: list[Event] = []
    amounts: list[Amount] = []
    quotations: list[Quotation] = []
    sentences: list[tuple[int, int]] = []
    offset = 0
    for index, sent in enumerate(article.sentences):
        start, end = offset, offset + len(sent.text)
        sentences.append((start, end))
        for words, code in sent.actors:
            a = start + sent.text.index(words)
            actors.append(Actor(Mention(words, a, a + len(words), index, "GPE"), code,
                                country=code[:3], sector=code[3:6] or None, name=words,
                                resolution=Resolution.DICTIONARY, entry=f"test:{code}",
                                confidence=1.0))
        for ev in sent.events:
            entry = cameo()[ev.code]
            t = start + sent.text.index(ev.trigger)
            events.append(Event(
                source=(ev.source,), target=(ev.target,), code=ev.code, root=ev.code[:2],
                label=entry.label, quad_class=entry.quad_class, goldstein=entry.goldstein,
                plover=Plover(entry.plover_event, entry.plover_mode, entry.plover_context),
                modality=ev.modality, date=article.published, location=None,
                evidence=Evidence(sent.text, index, start, end, ev.trigger, t,
                                  t + len(ev.trigger)),
                rule=f"test:{ev.code}"))
        for m in sent.amounts:
            a = start + sent.text.index(m.text)
            amounts.append(Amount(m.text, a, a + len(m.text), index, m.value, m.unit,
                                  measure=m.measure, actors=m.actors))
        for q in sent.quotes:
            a = start + sent.text.index(q.text)
            quotations.append(Quotation(q.text, a, a + len(q.text), index, q.speaker, q.code,
                                        verb="said"))
        offset = end + 1
    return AnalysisResult(document=document, actors=tuple(actors), events=tuple(events),
                          amounts=tuple(amounts), quotations=tuple(quotations),
                          sentences=tuple(sentences))


XI = ("Xi Jinping", "CHNGOV")
PUTIN = ("Vladimir Putin", "RUSGOV")

ARTICLE_A = Article(
    title="Xi arrives in Moscow", source="Wire A", published=dt.date(2025, 5, 7),
    url="https://example.org/a",
    sentences=(
        Sent("Chinese President Xi Jinping visited Russia, hosted by Vladimir Putin.",
             actors=(XI, PUTIN), events=(Ev("CHNGOV", "RUSGOV", "042", "visited"),)),
        Sent("China and Russia signed an energy agreement worth $20 billion.",
             actors=(("China", "CHNGOV"), ("Russia", "RUSGOV")),
             events=(Ev("CHNGOV", "RUSGOV", "057", "signed"),
                     Ev("RUSGOV", "CHNGOV", "057", "signed")),
             amounts=(Amt("$20 billion", 2e10, "USD", "trade"),)),
        Sent("Putin said relations were *at their best* in history.",
             actors=(("Putin", "RUSGOV"),),
             quotes=(Quote("*at their best* in history", "Vladimir Putin", "RUSGOV"),)),
        Sent("Russia did not attack Chinese ships.",
             actors=(("Russia", "RUSGOV"),),
             events=(Ev("RUSGOV", "CHNGOV", "190", "attack", Modality.NEGATED),)),
    ),
)
ARTICLE_A2 = Article(
    title="Xi in Moscow (copy)", source="Wire B", published=dt.date(2025, 5, 7),
    sentences=ARTICLE_A.sentences, extra=" Reporting by Wire B.")
ARTICLE_B = Article(
    title="Tariffs", source="Wire B", published=dt.date(2025, 5, 14),
    sentences=(
        Sent("The United States imposed tariffs of 145 per cent on China.",
             actors=(("United States", "USAGOV"), ("China", "CHNGOV")),
             events=(Ev("USAGOV", "CHNGOV", "163", "imposed"),),
             amounts=(Amt("145 per cent", 145.0, "percent", "tariff", ("USA", "CHN")),)),
        Sent("Beijing condemned Washington over the tariffs.",
             actors=(("Beijing", "CHNGOV"), ("Washington", "USAGOV")),
             events=(Ev("CHNGOV", "USAGOV", "111", "condemned"),)),
    ),
)
ARTICLE_C = Article(
    title="April", source="Wire A", published=dt.date(2025, 4, 10),
    sentences=(
        Sent("The United States praised China for the talks.",
             actors=(("United States", "USAGOV"), ("China", "CHNGOV")),
             events=(Ev("USAGOV", "CHNGOV", "051", "praised"),)),
        Sent("Russia accused Ukraine of breaking the truce.",
             actors=(("Russia", "RUSGOV"), ("Ukraine", "UKRGOV")),
             events=(Ev("RUSGOV", "UKRGOV", "112", "accused"),)),
    ),
)
ARTICLE_D = Article(
    title="Front line", source="Wire C", published=dt.date(2025, 5, 20),
    sentences=(
        Sent("Russian forces shelled Ukrainian troops near the river.",
             actors=(("Russian forces", "RUSMIL"), ("Ukrainian troops", "UKRMIL")),
             events=(Ev("RUSMIL", "UKRMIL", "194", "shelled"),)),
        Sent("Ukraine thanked France for its help.",
             actors=(("Ukraine", "UKRGOV"), ("France", "FRAGOV")),
             events=(Ev("UKRGOV", "FRAGOV", "051", "thanked"),)),
        Sent("France sent aid to Ukraine.",
             actors=(("France", "FRAGOV"), ("Ukraine", "UKRGOV")),
             events=(Ev("FRAGOV", "UKRGOV", "070", "sent"),)),
    ),
)
WORLD = (ARTICLE_A, ARTICLE_A2, ARTICLE_B, ARTICLE_C, ARTICLE_D)


def goldstein(code: str) -> float:
    return cameo()[code].goldstein


def world_results(articles: Sequence[Article] = WORLD) -> list[AnalysisResult]:
    return [build(a) for a in articles]


def build_world_store(path: Path) -> Path:
    """Write the world into a new store at `path` (idempotent)."""
    from multipolar.store import open_store

    with open_store(path) as store:
        store.add(world_results())
    return path
