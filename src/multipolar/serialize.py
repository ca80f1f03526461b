"""Records to JSON-ready dicts: the schema documented in the README."""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
from typing import Any

from multipolar.model import Actor, AnalysisResult, Document


def plain(value: Any) -> Any:
    """Dataclasses, enums, dates and tuples to JSON-ready values."""
    if isinstance(value, Actor):
        return actor_to_dict(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    return value


def actor_to_dict(actor: Actor) -> dict[str, Any]:
    m = actor.mention
    out = {
        "code": actor.code,
        "text": m.text,
        "start": m.start,
        "end": m.end,
        "sentence": m.sentence,
        "kind": m.kind,
        "country": actor.country,
        "sector": actor.sector,
        "name": actor.name,
        "resolution": actor.resolution.value,
        "entry": actor.entry,
        "confidence": actor.confidence,
        "refers_to": actor.refers_to,
    }
    # only when set, so the output of actors without them is unchanged
    if actor.clue is not None:
        out["clue"] = actor.clue
    if actor.affiliation is not None:
        out["affiliation"] = actor.affiliation
    return out


def document_to_dict(document: Document) -> dict[str, Any]:
    return {
        "id": document.id,
        "title": document.title,
        "url": document.url,
        "source": document.source,
        "published": plain(document.published),
        "language": document.language,
    }


def result_to_dict(result: AnalysisResult) -> dict[str, Any]:
    return {
        "document": document_to_dict(result.document),
        "events": plain(result.events),
        "actors": plain(result.actors),
        "amounts": plain(result.amounts),
        "quotations": plain(result.quotations),
        "places": plain(result.places),
        "dates": plain(result.dates),
        "themes": plain(result.themes),
        "tone": plain(result.tone),
        "sentence_tones": plain(result.sentence_tones),
        "sentences": sentences_to_dicts(result),
    }


def sentences_to_dicts(result: AnalysisResult) -> list[dict[str, Any]]:
    """Each sentence's offsets and the classifier's labels (null when it did not run)."""
    classes = result.sentence_classes
    return [{"start": start, "end": end,
             "event_class": plain(classes[i]) if i < len(classes) else None}
            for i, (start, end) in enumerate(result.sentences)]
