"""Hand-built analysis results for the store tests (no spaCy needed)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from multipolar.model import (
    Actor,
    Amount,
    AnalysisResult,
    Document,
    Event,
    Evidence,
    Mention,
    Modality,
    Place,
    Plover,
    Quotation,
    Resolution,
    Tone,
)
from multipolar.ontology import cameo


def make_event(text: str, sentence: str, trigger: str, *, source: Sequence[str],
               target: Sequence[str], code: str, date: dt.date | None = None,
               modality: Modality = Modality.ASSERTED, location: str | None = None,
               sentence_index: int = 0) -> Event:
    """An Event whose evidence points at `trigger` inside `sentence` inside `text`."""
    start = text.index(sentence)
    t_start = start + sentence.index(trigger)
    entry = cameo()[code]
    return Event(
        source=tuple(source), target=tuple(target), code=code, root=code[:2],
        label=entry.label, quad_class=entry.quad_class, goldstein=entry.goldstein,
        plover=Plover(entry.plover_event, entry.plover_mode, entry.plover_context),
        modality=modality, date=date, location=location,
        evidence=Evidence(sentence, sentence_index, start, start + len(sentence), trigger,
                          t_start, t_start + len(trigger)),
        rule=f"test:{code}",
    )


def make_actor(text: str, name: str, code: str, *, sentence: int = 0) -> Actor:
    start = text.index(name)
    return Actor(Mention(name, start, start + len(name), sentence, "GPE"), code,
                 country=code[:3], sector=code[3:6] or None, name=name,
                 resolution=Resolution.DICTIONARY, entry=f"test:{code}", confidence=1.0)


VISIT = ("Chinese President Xi Jinping arrived in Moscow on Wednesday for a state visit. "
         "Xi praised Russia for its support. Trade between China and Russia reached "
         "$237 billion in 2024, officials said.")


def visit_result(text: str = VISIT, *, published: dt.date | None = dt.date(2025, 5, 7),
                 source: str | None = "Wire", url: str | None = None,
                 tone: float = -1.5) -> AnalysisResult:
    """A result in the shape the pipeline produces, for a short state-visit story."""
    doc = Document(text=text, title="Xi in Moscow", source=source, url=url, published=published,
                   metadata={"input": "test"})
    second = "Xi praised Russia for its support."
    events: list[Event] = []
    first = ""
    if "visit." in text:
        first = text[: text.index("visit.") + len("visit.")]
        events.append(make_event(text, first, "arrived", source=["CHNGOV"], target=["RUS"],
                                 code="042", location="Moscow"))
    if second in text:
        events.append(make_event(text, second, "praised", source=["CHNGOV"], target=["RUS"],
                                 code="051", sentence_index=1))
    actors = [make_actor(text, "Xi Jinping", "CHNGOV")] if "Xi Jinping" in text else []
    if "Russia" in text:
        actors.append(make_actor(text, "Russia", "RUS", sentence=1))
    places = []
    if "Moscow" in text:
        m = text.index("Moscow")
        places.append(Place("Moscow", m, m + 6, 0, "RUS", 55.75, 37.62, "capital", 524901))
    amounts = []
    if "$237 billion" in text:
        a = text.index("$237 billion")
        amounts.append(Amount("$237 billion", a, a + 12, 2, 237e9, "USD", "trade", None, "2024",
                              ("CHN", "RUS")))
    quotes = [Quotation("for its support", 0, 5, 1, "Xi", "CHNGOV", "praised")]
    return AnalysisResult(
        document=doc, actors=tuple(actors), events=tuple(events), amounts=tuple(amounts),
        quotations=tuple(quotes), places=tuple(places),
        tone=Tone(tone, 2.0, 3.5, 5.5, len(text.split())),
        sentences=((0, len(first) or len(text)),),
    )
