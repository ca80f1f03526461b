"""AnalysisResult records → columnar rows for the store's tables (Arrow tables, one per table)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from typing import Any

import numpy as np
import pyarrow as pa

from multipolar.lexicon.names import is_sector
from multipolar.model import Actor, AnalysisResult, Document, Event, Place, is_historical, stable_id
from multipolar.store import schema

# An event mention in one of the first LEAD_SENTENCES sentences counts as a "root" event
# (GDELT's IsRootEvent marks events found in the lead of an article).
LEAD_SENTENCES = 3


def event_key(*, date: dt.date | None, actor1: str | None, actor2: str | None, code: str,
              modality: str, story_id: str) -> str:
    """The id of a deduplicated event: same dyad, action, modality and day.

    Undated events are only merged within one story (copies of one article).
    """
    when = date.isoformat() if date is not None else f"story:{story_id}"
    return stable_id("store-event", when, actor1 or "", actor2 or "", code, modality)


def global_id(event_id: str) -> int:
    """GDELT's GlobalEventID is an integer: the first 60 bits of the event id."""
    return int(event_id[:15], 16)


class Columns:
    """Column lists for one table, appended row by row, turned into an Arrow table."""

    def __init__(self, table: str) -> None:
        self.table = table
        self.names = schema.columns(table)
        self.data: dict[str, list[Any]] = {n: [] for n in self.names}

    def add(self, **row: Any) -> None:
        for name in self.names:
            self.data[name].append(row.get(name))

    def __len__(self) -> int:
        return len(self.data[self.names[0]])

    def to_arrow(self, types: dict[str, pa.DataType]) -> pa.Table:
        arrays = [pa.array(self.data[n], type=types[n]) for n in self.names]
        return pa.Table.from_arrays(arrays, names=self.names)


def _actor_index(actors: Sequence[Actor]) -> dict[str, Actor]:
    """The first resolved Actor record for each code (for names, country, sector)."""
    index: dict[str, Actor] = {}
    for actor in actors:
        if actor.code and actor.code not in index:
            index[actor.code] = actor
    return index


def _name(actor: Actor | None) -> str | None:
    """The actor's canonical name, else the words that named it."""
    if actor is None:
        return None
    return actor.name or actor.text or None


def _place_for(location: str | None, places: Sequence[Place]) -> Place | None:
    if not location:
        return None
    wanted = location.casefold()
    for place in places:
        if place.name.casefold() == wanted:
            return place
    return None


def _country_sector(code: str | None, actor: Actor | None) -> tuple[str | None, str | None]:
    if actor is not None and (actor.country or actor.sector):
        return actor.country, actor.sector
    if not code:
        return None, None
    if is_sector(code):  # an agent with no country: "COP"
        return None, code
    if code.startswith("IGO"):
        return None, code[3:6] or None
    return code[:3], code[3:6] or None


def pairs(event: Event) -> list[tuple[str | None, str | None]]:
    """(actor1, actor2) pairs of an event: one per source × target, as GDELT records dyads."""
    sources: list[str | None] = list(event.source) or [None]
    targets: list[str | None] = list(event.target) or [None]
    return [(s, t) for s in sources for t in targets]


def add_result(tables: dict[str, Columns], result: AnalysisResult, *, story_id: str,
               signature: np.ndarray, band_keys: list[int], added_at: dt.datetime) -> list[str]:
    """Append one result's rows to `tables`; return the ids of the events it touches."""
    doc = result.document
    tone = result.tone
    tables["documents"].add(
        id=doc.id, story_id=story_id, title=doc.title, url=doc.url, source=doc.source,
        published=doc.published, language=doc.language,
        metadata=json.dumps(dict(doc.metadata), sort_keys=True, ensure_ascii=False),
        text=doc.text, n_chars=len(doc.text), n_sentences=len(result.sentences),
        tone=tone.tone if tone else None, tone_positive=tone.positive if tone else None,
        tone_negative=tone.negative if tone else None,
        tone_polarity=tone.polarity if tone else None,
        word_count=tone.word_count if tone else None,
        minhash=[int(v) for v in signature], added_at=added_at,
    )
    add_copy(tables, doc, added_at=added_at)
    for key in band_keys:
        tables["story_bands"].add(band=key, doc_id=doc.id)

    actors = _actor_index(result.actors)
    touched: list[str] = []
    seen: set[str] = set()
    for idx, event in enumerate(result.events):
        date = event.date or doc.published
        historical = is_historical(date, doc.published)
        place = _place_for(event.location, result.places)
        ev = event.evidence
        for actor1, actor2 in pairs(event):
            c1, s1 = _country_sector(actor1, actors.get(actor1 or ""))
            c2, s2 = _country_sector(actor2, actors.get(actor2 or ""))
            a1 = actors.get(actor1 or "")
            a2 = actors.get(actor2 or "")
            event_id = event_key(date=date, actor1=actor1, actor2=actor2, code=event.code,
                                 modality=event.modality.value, story_id=story_id)
            mention_id = stable_id("mention", doc.id, idx, actor1 or "", actor2 or "")
            if mention_id in seen:
                continue
            seen.add(mention_id)
            tables["mentions"].add(
                id=mention_id, event_id=event_id, doc_id=doc.id, idx=idx, record_id=event.id,
                actor1=actor1, actor1_name=_name(a1), actor1_country=c1,
                actor1_sector=s1,
                actor2=actor2, actor2_name=_name(a2), actor2_country=c2,
                actor2_sector=s2,
                sources=list(event.source), targets=list(event.target), code=event.code,
                label=event.label, quad_class=event.quad_class, goldstein=event.goldstein,
                plover_event=event.plover.event, plover_mode=event.plover.mode,
                plover_context=event.plover.context, modality=event.modality.value, date=date,
                sentence_index=ev.sentence_index, sentence=ev.sentence, sentence_start=ev.start,
                sentence_end=ev.end, trigger=ev.trigger, trigger_start=ev.trigger_start,
                trigger_end=ev.trigger_end, source_text=event.source_text or None,
                target_text=event.target_text or None, reported_by=list(event.reported_by),
                location=event.location,
                geo_country=place.country if place else None,
                geo_feature=place.feature if place else None,
                geo_lat=place.lat if place else None, geo_lon=place.lon if place else None,
                geo_id=place.geonameid if place else None, rule=event.rule,
                historical=historical,
                confidence=event.confidence, second_opinion=event.second_opinion,
            )
            touched.append(event_id)

    for idx, actor in enumerate(result.actors):
        m = actor.mention
        tables["actors"].add(doc_id=doc.id, idx=idx, code=actor.code, text=m.text,
                             start=m.start, end=m.end, sentence=m.sentence, kind=m.kind,
                             country=actor.country, sector=actor.sector, name=actor.name,
                             resolution=actor.resolution.value, entry=actor.entry,
                             confidence=actor.confidence, refers_to=actor.refers_to)
    for idx, amount in enumerate(result.amounts):
        tables["amounts"].add(doc_id=doc.id, idx=idx, text=amount.text, start=amount.start,
                              end=amount.end, sentence=amount.sentence, value=amount.value,
                              unit=amount.unit, measure=amount.measure,
                              qualifier=amount.qualifier, period=amount.period,
                              actors=list(amount.actors))
    for idx, quote in enumerate(result.quotations):
        tables["quotations"].add(doc_id=doc.id, idx=idx, text=quote.text, start=quote.start,
                                 end=quote.end, sentence=quote.sentence, speaker=quote.speaker,
                                 speaker_code=quote.speaker_code, verb=quote.verb,
                                 kind=quote.kind)
    for idx, place in enumerate(result.places):
        tables["places"].add(doc_id=doc.id, idx=idx, name=place.name, start=place.start,
                             end=place.end, sentence=place.sentence, country=place.country,
                             lat=place.lat, lon=place.lon, feature=place.feature,
                             geonameid=place.geonameid)
    for idx, date_mention in enumerate(result.dates):
        tables["date_mentions"].add(doc_id=doc.id, idx=idx, text=date_mention.text,
                                    start=date_mention.start, end=date_mention.end,
                                    sentence=date_mention.sentence, value=date_mention.value,
                                    granularity=date_mention.granularity,
                                    kind=date_mention.kind)
    for idx, theme in enumerate(result.themes):
        tables["themes"].add(doc_id=doc.id, idx=idx, name=theme.name, sentence=theme.sentence,
                             triggers=list(theme.triggers), score=theme.score)
    for idx, ((start, end), ec) in enumerate(zip(result.sentences, result.sentence_classes,
                                                  strict=False)):
        tables["sentences"].add(doc_id=doc.id, idx=idx, start=start, end=end,
                                relevant=ec.relevant, root=ec.root,
                                root_probability=ec.root_probability, quad_class=ec.quad_class)
    return touched


def add_copy(tables: dict[str, Columns], doc: Document, *, added_at: dt.datetime) -> None:
    """One (outlet, URL) that carried this document's text."""
    tables["copies"].add(doc_id=doc.id, source_key=doc.source or "", url_key=doc.url or "",
                         title=doc.title, published=doc.published,
                         metadata=json.dumps(dict(doc.metadata), sort_keys=True,
                                             ensure_ascii=False),
                         added_at=added_at)


def empty_tables() -> dict[str, Columns]:
    names = ("documents", "copies", "story_bands", "mentions", *schema.DOCUMENT_TABLES)
    return {name: Columns(name) for name in names}
