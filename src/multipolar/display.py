"""The highlighted document view: one self-contained HTML fragment for an AnalysisResult.

Used by Jupyter (`AnalysisResult._repr_html_`) and by the dashboard's document and "analyze a
text" pages (`web/render.py`, which passes the lexicon's actor names). This module sits in the
layer of the data model (docs/architecture.md): it knows no lexicon, so actor codes are shown as
they are unless the caller passes `actor_name`. The fragment carries its own small stylesheet
scoped under `.mp-doc`, loads nothing from anywhere, and escapes every piece of text it shows.

Overlapping annotations (an actor inside a quotation, an event trigger inside an amount) are
nested: the outer one is opened first and closed last; where two spans cross, the inner one is
split at the outer one's boundary, so the markup always stays well formed.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from html import escape

from multipolar.model import AnalysisResult, Event

__all__ = ["KINDS", "STYLE", "ActorNamer", "Mark", "event_anchor", "format_number", "highlight",
           "render_result_html", "result_marks"]

# code -> the name to show; the identity when the caller has no names
ActorNamer = Callable[[str], str]


def _code(code: str) -> str:
    return code


def format_number(value: float | None) -> str:
    """A value as people read it: 20,000,000,000 rather than 2e+10; "" for None."""
    if value is None:
        return ""
    if float(value).is_integer() and abs(value) < 1e18:
        return f"{int(value):,}"
    return f"{value:,.6g}" if abs(value) >= 1e-3 else f"{value:.3g}"

# The kinds of annotation, in the order the legend lists them.
KINDS = ("actor", "event", "amount", "quotation", "place", "date")

STYLE = """
.mp-doc{font:15px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1d2330}
.mp-doc .mp-text{white-space:pre-wrap;max-width:62em;padding:.6em 1em;border:1px solid #dde;
 border-radius:6px;background:#fff}
.mp-doc mark{background:none;color:inherit;padding:0 .05em;border-radius:3px}
.mp-doc .mp-actor{background:#dbeafe;border-bottom:2px solid #2563eb}
.mp-doc .mp-actor.mp-unresolved{background:#f1f5f9;border-bottom:2px dashed #94a3b8}
.mp-doc .mp-event{background:#fde68a;font-weight:600;outline:1px solid #d97706}
.mp-doc .mp-event.mp-q3,.mp-doc .mp-event.mp-q4{background:#fecaca;outline-color:#dc2626}
.mp-doc .mp-amount{background:#dcfce7;border-bottom:2px solid #16a34a}
.mp-doc .mp-quotation{background:#f3e8ff;font-style:italic}
.mp-doc .mp-place{border-bottom:2px dotted #0d9488}
.mp-doc .mp-date{border-bottom:2px dotted #9333ea}
.mp-doc .mp-legend span{display:inline-block;margin:0 .8em .3em 0;padding:0 .3em}
.mp-doc table{border-collapse:collapse;margin:.6em 0 1.2em;font-size:13px;width:100%}
.mp-doc th,.mp-doc td{border:1px solid #e2e8f0;padding:.25em .45em;text-align:left;
 vertical-align:top}
.mp-doc th{background:#f8fafc}
.mp-doc h3{margin:1.1em 0 .3em;font-size:16px}
.mp-doc .mp-meta{color:#475569;font-size:13px}
.mp-doc code{font-size:12px;background:#f1f5f9;padding:0 .2em;border-radius:3px}
.mp-doc :target{box-shadow:0 0 0 3px #f59e0b}
"""


@dataclass(frozen=True, slots=True)
class Mark:
    """One highlighted span: `[start, end)` in the text, its kind, a tooltip and attributes."""

    start: int
    end: int
    kind: str
    title: str = ""
    classes: tuple[str, ...] = ()
    attrs: tuple[tuple[str, str], ...] = field(default_factory=tuple)

    def open_tag(self, *, first: bool) -> str:
        classes = " ".join((f"mp-{self.kind}", *self.classes))
        parts = [f'<mark class="{escape(classes)}"']
        if self.title:
            parts.append(f' title="{escape(self.title)}"')
        for name, value in self.attrs:
            if name == "id" and not first:
                continue  # a split span keeps its id on its first piece only
            parts.append(f' {name}="{escape(value)}"')
        return "".join(parts) + ">"


def highlight(text: str, marks: Iterable[Mark]) -> str:
    """`text` as escaped HTML with `marks` nested as <mark> elements (crossing spans split)."""
    spans = sorted(
        {m for m in marks if 0 <= m.start < m.end <= len(text)},
        key=lambda m: (m.start, -m.end, KINDS.index(m.kind) if m.kind in KINDS else 99),
    )
    if not spans:
        return escape(text)
    cuts = sorted({0, len(text), *(m.start for m in spans), *(m.end for m in spans)})
    order = {m: i for i, m in enumerate(spans)}  # outermost first: earlier start, longer span
    out: list[str] = []
    stack: list[Mark] = []
    opened: set[Mark] = set()
    for left, right in itertools.pairwise(cuts):
        covering = sorted((m for m in spans if m.start <= left and right <= m.end),
                          key=order.__getitem__)
        keep = 0
        while keep < min(len(stack), len(covering)) and stack[keep] is covering[keep]:
            keep += 1
        for _ in range(len(stack) - keep):
            stack.pop()
            out.append("</mark>")
        for mark in covering[keep:]:
            out.append(mark.open_tag(first=mark not in opened))
            opened.add(mark)
            stack.append(mark)
        out.append(escape(text[left:right]))
    out.extend("</mark>" for _ in stack)
    return "".join(out)


def _codes(codes: Sequence[str], actor_name: ActorNamer) -> str:
    """Actors by name with their code: "Russia (government) RUSGOV+China CHN"."""
    if not codes:
        return "—"
    return "+".join(c if actor_name(c) == c else f"{actor_name(c)} {c}" for c in codes)


def event_anchor(event_id: str) -> str:
    """The HTML id of an event's trigger in the document view (link target `#event-…`)."""
    return f"event-{event_id}"


def result_marks(result: AnalysisResult, *, actor_name: ActorNamer = _code) -> list[Mark]:
    """Every record of `result` that has offsets, as a Mark."""
    marks: list[Mark] = []
    for a in result.actors:
        title = (f"{actor_name(a.code)} {a.code} ({a.resolution.value})" if a.code
                 else f"unresolved {a.mention.kind}")
        marks.append(Mark(a.start, a.end, "actor", title,
                          () if a.code else ("mp-unresolved",),
                          (("data-code", a.code or ""),)))
    for e in result.events:
        ev = e.evidence
        marks.append(Mark(ev.trigger_start, ev.trigger_end, "event",
                          _event_title(e, actor_name),
                          (f"mp-q{e.quad_class}",),
                          (("id", event_anchor(e.id)), ("data-code", e.code))))
    for m in result.amounts:
        value = format_number(m.value)
        title = f"{value} {m.unit}".strip() + (f" · {m.measure}" if m.measure else "")
        marks.append(Mark(m.start, m.end, "amount", title))
    for q in result.quotations:
        marks.append(Mark(q.start, q.end, "quotation",
                          f"quoted: {q.speaker or 'unknown speaker'}"
                          + (f" ({q.speaker_code})" if q.speaker_code else "")))
    for p in result.places:
        marks.append(Mark(p.start, p.end, "place",
                          f"{p.name}, {p.country or '?'}"
                          + (f" ({p.lat:.2f}, {p.lon:.2f})"
                             if p.lat is not None and p.lon is not None else "")))
    for d in result.dates:
        marks.append(Mark(d.start, d.end, "date",
                          f"{d.value.isoformat() if d.value else '?'} ({d.granularity})"))
    return marks


def _event_title(e: Event, actor_name: ActorNamer) -> str:
    return (f"{_codes(e.source, actor_name)} → {_codes(e.target, actor_name)}: "
            f"{e.code} {e.label} "
            f"(Goldstein {e.goldstein:+.1f}, {e.modality.value})")


def _table(caption: str, headers: Sequence[str], rows: Sequence[Sequence[str]],
           *, css_class: str) -> str:
    if not rows:
        return ""
    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>"
                   for row in rows)
    return (f'<h3>{escape(caption)} ({len(rows)})</h3>'
            f'<table class="{css_class}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody>'
            "</table>")


def render_result_html(result: AnalysisResult, *, with_tables: bool = True,
                       with_style: bool = True, actor_name: ActorNamer = _code) -> str:
    """A self-contained HTML fragment: the text with its annotations, then tables of records."""
    doc = result.document
    parts = ['<div class="mp-doc">']
    if with_style:
        parts.append(f"<style>{STYLE}</style>")
    meta = [f"document <code>{escape(doc.id)}</code>",
            f"published {escape(doc.published.isoformat()) if doc.published else 'unknown'}"]
    if doc.source:
        meta.append(escape(doc.source))
    if doc.url:
        meta.append(f'<a href="{escape(doc.url)}" rel="noreferrer noopener">{escape(doc.url)}</a>')
    counts = (f"{len(result.events)} events, {len(result.actors)} actors, "
              f"{len(result.amounts)} amounts, {len(result.quotations)} quotations, "
              f"{len(result.places)} places")
    parts.append(f'<p class="mp-meta">{" · ".join(meta)}<br>{counts}</p>')
    if doc.title:
        parts.append(f"<h2>{escape(doc.title)}</h2>")
    parts.append('<p class="mp-legend">' + "".join(
        f'<span class="mp-{k}">{k}</span>' for k in KINDS) + "</p>")
    marks = result_marks(result, actor_name=actor_name)
    parts.append(f'<div class="mp-text">{highlight(doc.text, marks)}</div>')
    if with_tables:
        parts.append(_tables(result, actor_name))
    parts.append("</div>")
    return "".join(parts)


def _tables(result: AnalysisResult, actor_name: ActorNamer) -> str:
    event_rows = [
        [f'<a href="#{event_anchor(e.id)}">{escape(_codes(e.source, actor_name))}</a>'
         f'<br><small>{escape(e.source_text)}</small>',
         f"<code>{escape(e.code)}</code> {escape(e.label)}",
         f"{escape(_codes(e.target, actor_name))}<br><small>{escape(e.target_text)}</small>",
         f"{e.goldstein:+.1f}", f"Q{e.quad_class}", escape(e.modality.value),
         escape(e.date.isoformat() if e.date else "—"),
         escape(e.evidence.sentence)]
        for e in result.events
    ]
    amount_rows = [
        [escape(m.text), format_number(m.value) or "—", escape(m.unit),
         escape(m.measure or "—"), escape(m.period or "—"),
         escape(_codes(m.actors, actor_name))]
        for m in result.amounts
    ]
    quote_rows = [
        [f"“{escape(q.text)}”", escape(q.speaker or "—"), escape(q.speaker_code or "—"),
         escape(q.verb or "—")]
        for q in result.quotations
    ]
    return "".join((
        _table("Events", ("source", "action", "target", "Goldstein", "quad", "modality",
                          "date", "evidence"), event_rows, css_class="mp-events"),
        _table("Amounts", ("text", "value", "unit", "measure", "period", "actors"),
               amount_rows, css_class="mp-amounts"),
        _table("Quotations", ("quotation", "speaker", "code", "verb"), quote_rows,
               css_class="mp-quotations"),
    ))
