"""A stored document back as an AnalysisResult, for the highlighted document view.

Every field the store keeps comes back (tests/analysis/test_round_trip.py checks it field by
field); per-sentence tone is not stored, nor an actor's `clue` and `affiliation`.

Events come back one per stored mention (one per source × target pair), each with the id of
the deduplicated event it belongs to, so a link `/documents/{doc}#event-{event id}` from a dyad
or network view lands on the words the event was coded from. Analysts' reviews apply here as in
every view: an event reviewed "not an event" is not shown, a corrected one shows its corrected
code and actors (see `multipolar.store.reviews`).
"""

from __future__ import annotations

from typing import Any

from multipolar.analysis.common import Connection, fetch_dicts
from multipolar.model import (
    Actor,
    Amount,
    AnalysisResult,
    DateMention,
    Document,
    Event,
    EventClass,
    Evidence,
    Mention,
    Modality,
    Place,
    Plover,
    Quotation,
    Resolution,
    Theme,
    Tone,
)
from multipolar.store import schema


def _records(con: Connection, table: str, doc_id: str) -> list[dict[str, Any]]:
    """The rows of one of the store's per-document tables (`schema.DOCUMENT_TABLES`)."""
    if table not in schema.DOCUMENT_TABLES:
        raise ValueError(f"{table!r} is not a per-document table of the store")
    return fetch_dicts(con, f"SELECT * FROM {table} WHERE doc_id = ? ORDER BY idx", [doc_id])


_REVIEWED_COLUMNS = ("code", "label", "quad_class", "goldstein", "plover_event", "plover_mode",
                     "plover_context", "actor1", "actor2")


def _reviewed_mentions(con: Connection, doc_id: str) -> list[dict[str, Any]]:
    """The document's mentions with the reviews applied: those of events no longer in `events`
    (reviewed "not an event") left out, those of reviewed events with the event's fields."""
    replaced = ", ".join(f"CASE WHEN e.reviewed THEN e.{c} ELSE m.{c} END AS {c}"
                         for c in _REVIEWED_COLUMNS)
    return fetch_dicts(con, f"SELECT m.* REPLACE ({replaced}) FROM mentions m "
                            "JOIN events e ON e.id = m.event_id WHERE m.doc_id = ? "
                            "ORDER BY m.idx, m.id", [doc_id])


def stored_result(con: Connection, doc_id: str) -> AnalysisResult | None:
    """The stored document `doc_id` with its records, or None if it is not in the store."""
    found = fetch_dicts(con, "SELECT * EXCLUDE (minhash) FROM documents WHERE id = ?", [doc_id])
    if not found:
        return None
    d = found[0]
    document = Document(text=d["text"], id=d["id"], title=d["title"], url=d["url"],
                        source=d["source"], published=d["published"],
                        language=d["language"] or "en")
    actors = tuple(
        Actor(Mention(r["text"], r["start"], r["end"], r["sentence"], r["kind"] or ""),
              r["code"], country=r["country"], sector=r["sector"], name=r["name"],
              resolution=Resolution(r["resolution"] or "unresolved"), entry=r["entry"],
              confidence=float(r["confidence"] or 0.0), refers_to=r["refers_to"])
        for r in _records(con, "actors", doc_id))
    events = tuple(
        Event(source=(r["actor1"],) if r["actor1"] else (),
              target=(r["actor2"],) if r["actor2"] else (),
              code=r["code"], root=r["code"][:2], label=r["label"] or "",
              quad_class=int(r["quad_class"]), goldstein=float(r["goldstein"]),
              plover=Plover(r["plover_event"], r["plover_mode"], r["plover_context"]),
              modality=Modality(r["modality"]), date=r["date"], location=r["location"],
              evidence=Evidence(r["sentence"], r["sentence_index"], r["sentence_start"],
                                r["sentence_end"], r["trigger"], r["trigger_start"],
                                r["trigger_end"]),
              rule=r["rule"], source_text=r["source_text"] or "",
              target_text=r["target_text"] or "", reported_by=tuple(r["reported_by"] or ()),
              id=r["event_id"], confidence=r["confidence"],
              second_opinion=r["second_opinion"])
        for r in _reviewed_mentions(con, doc_id))
    amounts = tuple(
        Amount(r["text"], r["start"], r["end"], r["sentence"], r["value"], r["unit"] or "",
               measure=r["measure"], qualifier=r["qualifier"], period=r["period"],
               actors=tuple(r["actors"] or ()))
        for r in _records(con, "amounts", doc_id))
    quotations = tuple(
        Quotation(r["text"], r["start"], r["end"], r["sentence"], r["speaker"],
                  r["speaker_code"], verb=r["verb"], kind=r["kind"] or "speech")
        for r in _records(con, "quotations", doc_id))
    places = tuple(
        Place(r["name"], r["start"], r["end"], r["sentence"], r["country"], r["lat"], r["lon"],
              feature=r["feature"], geonameid=r["geonameid"])
        for r in _records(con, "places", doc_id))
    dates = tuple(
        DateMention(r["text"], r["start"], r["end"], r["sentence"], r["value"],
                    r["granularity"] or "unknown", kind=r["kind"] or "date")
        for r in _records(con, "date_mentions", doc_id))
    themes = tuple(Theme(r["name"], r["sentence"], tuple(r["triggers"] or ()), float(r["score"]))
                   for r in _records(con, "themes", doc_id))
    # the sentences table is written when the classifier ran: spans with its labels
    stored_sentences = _records(con, "sentences", doc_id)
    sentences = tuple((int(r["start"]), int(r["end"])) for r in stored_sentences)
    classes = tuple(EventClass(float(r["relevant"]), r["root"], float(r["root_probability"]),
                               int(r["quad_class"])) for r in stored_sentences)
    tone = None
    if d["tone"] is not None:
        tone = Tone(float(d["tone"]), float(d["tone_positive"] or 0.0),
                    float(d["tone_negative"] or 0.0), float(d["tone_polarity"] or 0.0),
                    int(d["word_count"] or 0))
    return AnalysisResult(document=document, actors=actors, events=events, amounts=amounts,
                          quotations=quotations, dates=dates, places=places, themes=themes,
                          tone=tone, sentences=sentences, sentence_classes=classes)
