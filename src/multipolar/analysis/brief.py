"""Briefs: a Markdown report for an actor or a dyad over a period, built only from stored data.

Every sentence of a brief is a template filled with numbers, codes and texts read from the store
(event counts, Goldstein scores, evidence sentences, amounts, quotations); nothing is written
that the data does not say. When the data holds nothing for a section, the section says so.

Sections: headline numbers; the trend (per-month table and the change of mean Goldstein between
the two halves of the period); partners (for one actor); the most important events (most
mentioned, then largest |Goldstein|) with their evidence sentences and sources; the amounts
(trade, tariffs, aid…) and the quotations found in the sentences and documents of those events.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from multipolar.analysis.common import (
    QUAD_NAMES,
    Connection,
    actor_code,
    fetch_dicts,
    modality_sql,
    period_sql,
    truncate,
)
from multipolar.analysis.dyads import dyad_where
from multipolar.display import format_number
from multipolar.lexicon.names import actor_name

TOP_EVENTS = 8
TOP_FACTS = 12
TOP_PARTNERS = 8


@dataclass(frozen=True, slots=True)
class BriefData:
    """What a brief is made of (also useful on its own)."""

    a: str
    b: str | None
    since: dt.date | None
    until: dt.date | None
    events: list[dict[str, Any]]  # matching events, oldest first
    documents: dict[str, dict[str, Any]]  # doc id -> id, title, url, source, published
    reporting: dict[str, set[str]]  # event id -> ids of the documents that mention it
    amounts: list[dict[str, Any]]
    quotations: list[dict[str, Any]]


def _md(text: object) -> str:
    """Escape Markdown control characters in text that comes from articles."""
    out = str(text).replace("\\", "\\\\")
    for ch in "`*_[]|<>#":
        out = out.replace(ch, "\\" + ch)
    return " ".join(out.split())


def _signed(value: float) -> str:
    return f"{value:+.1f}"


def collect(con: Connection, a: str, b: str | None = None, *, since: dt.date | None = None,
            until: dt.date | None = None) -> BriefData:
    """Read from the store everything a brief on `a` (and `b`) in the period needs."""
    a = actor_code(a)
    b = actor_code(b) if b else None
    when, params = period_sql("e.date", since, until)
    if b is None:
        who, who_params = "(starts_with(e.actor1, ?) OR starts_with(e.actor2, ?))", [a, a]
    else:
        who, who_params = dyad_where(a, b, directed=False)
        who = who.replace("actor1", "e.actor1").replace("actor2", "e.actor2")
    events = fetch_dicts(con, f"""
        SELECT e.id, e.date, e.actor1, e.actor2, e.code, e.label, e.quad_class, e.goldstein,
               e.num_mentions, e.num_sources, e.num_articles, e.evidence, e.first_doc_id,
               e.source_url, e.modality
        FROM events e
        WHERE {when} AND {who} AND {modality_sql('e.modality')}
          AND (e.actor2 IS NULL OR e.actor1 IS NULL OR e.actor1 <> e.actor2)
        ORDER BY e.date, e.id
    """, [*params, *who_params])
    ids = [e["id"] for e in events]
    mentions = _in_query(con, """
        SELECT DISTINCT event_id, doc_id, sentence_index FROM mentions WHERE event_id IN ({})
    """, ids)
    doc_ids = sorted({m["doc_id"] for m in mentions} | {e["first_doc_id"] for e in events})
    documents = {d["id"]: d for d in _in_query(con, """
        SELECT id, title, url, source, published FROM documents WHERE id IN ({})
    """, doc_ids)}
    sentences = {(m["doc_id"], m["sentence_index"]) for m in mentions}
    reporting: dict[str, set[str]] = {}
    for m in mentions:
        reporting.setdefault(m["event_id"], set()).add(m["doc_id"])
    codes = (a,) if b is None else (a, b)

    def concerns(actors: list[str] | None, doc_id: str, sentence: int) -> bool:
        if (doc_id, sentence) in sentences:
            return True
        return any(code.startswith(codes) for code in actors or ())

    amounts = _unique(r for r in _in_query(con, """
        SELECT doc_id, idx, text, sentence, value, unit, measure, qualifier, period, actors
        FROM amounts WHERE doc_id IN ({}) ORDER BY doc_id, idx
    """, doc_ids) if concerns(r["actors"], r["doc_id"], r["sentence"]))
    quotations = _unique(r for r in _in_query(con, """
        SELECT doc_id, idx, text, sentence, speaker, speaker_code, verb, kind
        FROM quotations WHERE doc_id IN ({}) ORDER BY doc_id, idx
    """, doc_ids) if concerns([r["speaker_code"]] if r["speaker_code"] else [], r["doc_id"],
                              r["sentence"]))
    return BriefData(a, b, since, until, events, documents, reporting, amounts[:TOP_FACTS],
                     quotations[:TOP_FACTS])


def _unique(rows: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Drop repeats of the same fact carried by copies of a story (same text and values)."""
    seen: set[tuple[Any, ...]] = set()
    out = []
    for row in rows:
        key = tuple(str(v) for k, v in sorted(row.items()) if k not in ("doc_id", "idx",
                                                                        "sentence"))
        if key not in seen:
            seen.add(key)
            out.append(row)
    return out


def plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def _in_query(con: Connection, template: str, values: list[str]) -> list[dict[str, Any]]:
    if not values:
        return []
    out: list[dict[str, Any]] = []
    for i in range(0, len(values), 1000):
        chunk = values[i:i + 1000]
        out.extend(fetch_dicts(con, template.format(", ".join("?" * len(chunk))), chunk))
    return out


def brief(con: Connection, a: str, b: str | None = None, *, since: dt.date | None = None,
          until: dt.date | None = None) -> str:
    """The Markdown brief on actor `a`, or on the dyad `a`–`b`, over [since, until]."""
    return render_brief(collect(con, a, b, since=since, until=until))


def _who(code: str | None) -> str:
    """An actor as the brief names it: "Russia (government) (RUSGOV)", or the code alone."""
    if not code:
        return "?"
    name = actor_name(code)
    return code if name == code else f"{name} ({code})"


def render_brief(data: BriefData) -> str:
    subject = _who(data.a) if data.b is None else f"{_who(data.a)} and {_who(data.b)}"
    span = (f"{data.since or 'the first record'} to {data.until or 'the last record'}"
            if data.since or data.until else "all dates in the store")
    lines = [f"# Brief: {subject}", "", f"Period: {span}.", ""]
    events = data.events
    if not events:
        lines.append(f"The store holds no events involving {subject} in this period.")
        return "\n".join(lines) + "\n"
    lines += _headline(data)
    lines += _trend(data)
    if data.b is None:
        lines += _partners(data)
    lines += _top_events(data)
    lines += _amounts(data)
    lines += _quotations(data)
    return "\n".join(lines).rstrip() + "\n"


def _headline(data: BriefData) -> list[str]:
    events = data.events
    docs = {e["first_doc_id"] for e in events}
    for e in events:
        docs |= data.reporting.get(e["id"], set())
    sources = {data.documents.get(d, {}).get("source") for d in docs} - {None}
    relation = (f"involving {_who(data.a)}" if data.b is None
                else f"between {_who(data.a)} and {_who(data.b)} (both directions)")
    quads = [sum(1 for e in events if e["quad_class"] == q) for q in range(1, 5)]
    mean = sum(e["goldstein"] for e in events) / len(events)
    out = ["## Headline numbers", "",
           f"- {plural(len(events), 'event')} {relation}, dated {events[0]['date']} to "
           f"{events[-1]['date']}, reported in {plural(len(docs), 'document')}"
           + (f" from {plural(len(sources), 'source')}." if sources else "."),
           "- By QuadClass: " + ", ".join(
               f"{n} {QUAD_NAMES[q]}" for q, n in zip(range(1, 5), quads, strict=True)) + ".",
           f"- Mean Goldstein score: {_signed(mean)} (from -10, most conflictual, to +10, "
           "most cooperative).",
           f"- Mentions in articles: {sum(int(e['num_mentions'] or 0) for e in events)}.", ""]
    return out


def _trend(data: BriefData) -> list[str]:
    events = data.events
    out = ["## Trend", "", "| month | events | cooperation | conflict | mean Goldstein |",
           "|---|---:|---:|---:|---:|"]
    months: dict[dt.date, list[dict[str, Any]]] = {}
    for e in events:
        months.setdefault(truncate(e["date"], "month"), []).append(e)
    for month, rows in sorted(months.items()):
        coop = sum(1 for r in rows if r["quad_class"] <= 2)
        mean = sum(r["goldstein"] for r in rows) / len(rows)
        out.append(f"| {month:%Y-%m} | {len(rows)} | {coop} | {len(rows) - coop} | "
                   f"{_signed(mean)} |")
    out.append("")
    first_day = data.since or events[0]["date"]
    last_day = data.until or events[-1]["date"]
    middle = first_day + (last_day - first_day) / 2
    early = [e for e in events if e["date"] <= middle]
    late = [e for e in events if e["date"] > middle]
    if early and late:
        m1 = sum(e["goldstein"] for e in early) / len(early)
        m2 = sum(e["goldstein"] for e in late) / len(late)
        verb = "rose" if m2 > m1 else "fell" if m2 < m1 else "stayed"
        target = f"at {_signed(m1)}" if verb == "stayed" else f"from {_signed(m1)} to {_signed(m2)}"
        out.append(f"Between the first half of the period ({first_day} to {middle}, "
                   f"{plural(len(early), 'event')}) and the second "
                   f"({middle + dt.timedelta(days=1)} to {last_day}, "
                   f"{plural(len(late), 'event')}), the mean Goldstein score {verb} {target}.")
    else:
        half = "first" if early else "second"
        count = (f"All {len(events)} events fall" if len(events) > 1
                 else "The only event falls")
        out.append(f"{count} in the {half} half of the period ({first_day} to {last_day}); "
                   "there is no trend to compare.")
    out.append("")
    return out


def _partners(data: BriefData) -> list[str]:
    counts: dict[str, list[float]] = {}
    for e in data.events:
        other = e["actor2"] if e["actor1"] and e["actor1"].startswith(data.a) else e["actor1"]
        if other:
            counts.setdefault(other, []).append(e["goldstein"])
    if not counts:
        return []
    ranked = sorted(counts.items(), key=lambda kv: (-len(kv[1]), kv[0]))[:TOP_PARTNERS]
    out = ["## Partners", "", "| partner | events | mean Goldstein |", "|---|---:|---:|"]
    out += [f"| {_md(_who(code))} | {len(gs)} | {_signed(sum(gs) / len(gs))} |"
            for code, gs in ranked]
    return [*out, ""]


def _source_line(data: BriefData, doc_id: str, url: str | None) -> str:
    doc = data.documents.get(doc_id, {})
    title = doc.get("title") or doc.get("source") or "document"
    link = url or doc.get("url")
    where = f"[{_md(title)}]({link})" if link else _md(title)
    source = f"{_md(doc['source'])}, " if doc.get("source") and doc.get("title") else ""
    return f"Source: {source}{where}, document `{doc_id}`."


def _top_events(data: BriefData) -> list[str]:
    ranked = sorted(data.events, key=lambda e: (-int(e["num_mentions"] or 0),
                                                -abs(e["goldstein"]), e["date"], e["id"]))
    out = ["## Most important events", "",
           "Ranked by the number of mentions, then by the size of the Goldstein score.", ""]
    for i, e in enumerate(ranked[:TOP_EVENTS], start=1):
        out += [f"{i}. **{e['date']} · {_md(_who(e['actor1']))} → {_md(_who(e['actor2']))} · "
                f"{e['code']} {_md(e['label'] or '')}** (Goldstein {_signed(e['goldstein'])}, "
                f"{plural(e['num_mentions'], 'mention')} in "
                f"{plural(e['num_articles'], 'article')}), event "
                f"`{e['id']}`.",
                f"   > {_md(e['evidence'])}",
                f"   {_source_line(data, e['first_doc_id'], e['source_url'])}", ""]
    return out


def _amounts(data: BriefData) -> list[str]:
    out = ["## Amounts", ""]
    if not data.amounts:
        return [*out, "No amounts were found in the sentences or documents of these events.", ""]
    out += ["| amount | value | unit | measure | period | actors | document |",
            "|---|---:|---|---|---|---|---|"]
    for m in data.amounts:
        value = format_number(m["value"])
        out.append(f"| {_md(m['text'])} | {value} | {_md(m['unit'] or '')} | "
                   f"{_md(m['measure'] or '')} | {_md(m['period'] or '')} | "
                   f"{_md('+'.join(m['actors'] or []))} | `{m['doc_id']}` |")
    return [*out, ""]


def _quotations(data: BriefData) -> list[str]:
    out = ["## Quotations", ""]
    if not data.quotations:
        return [*out, "No quotations were found in the sentences or documents of these "
                      "events.", ""]
    for q in data.quotations:
        speaker = q["speaker"] or "unnamed speaker"
        code = f" ({_md(_who(q['speaker_code']))})" if q["speaker_code"] else ""
        out.append(f"- “{_md(q['text'])}” — {_md(speaker)}{code}, document `{q['doc_id']}`.")
    return [*out, ""]
