"""Readable terminal tables for an analysis result (rich)."""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from multipolar.model import AnalysisResult


def _codes(codes: tuple[str, ...]) -> str:
    return "+".join(codes) if codes else "—"


def print_result(result: AnalysisResult, console: Console | None = None) -> None:
    console = console or Console(width=None if _is_terminal() else 120)
    doc = result.document
    console.print(f"[bold]document[/bold] {doc.id}  published {doc.published or 'unknown'}  "
                  f"{len(doc.text):,} characters, {len(result.sentences)} sentences")

    events = Table(title=f"Events ({len(result.events)})")
    for column in ("#", "source", "code", "action", "target", "modality", "date", "trigger"):
        events.add_column(column, overflow="fold")
    for number, e in enumerate(result.events, start=1):
        events.add_row(
            str(number), f"{_codes(e.source)}\n[dim]{escape(e.source_text)}[/dim]", e.code,
            e.label, f"{_codes(e.target)}\n[dim]{escape(e.target_text)}[/dim]",
            e.modality.value, str(e.date or "—"), escape(e.evidence.trigger),
        )
    console.print(events)
    if result.events:
        console.print("[bold]Evidence[/bold]")
    for number, e in enumerate(result.events, start=1):
        ev = e.evidence
        before = ev.sentence[: ev.trigger_start - ev.start]
        after = ev.sentence[ev.trigger_end - ev.start:]
        console.print(f" {number}. [dim]({e.rule})[/dim] {escape(before)}"
                      f"[bold underline]{escape(ev.trigger)}[/bold underline]{escape(after)}")

    actors = Table(title=f"Actors ({len(result.actors)})")
    for column in ("text", "code", "resolution", "offsets"):
        actors.add_column(column)
    for a in result.actors:
        actors.add_row(a.text, a.code or "[red]unresolved[/red]", a.resolution.value,
                       f"{a.start}-{a.end}")
    console.print(actors)

    amounts = Table(title=f"Amounts ({len(result.amounts)})")
    for column in ("text", "value", "unit", "measure", "period", "actors"):
        amounts.add_column(column)
    for m in result.amounts:
        value = "—" if m.value is None else f"{m.value:,.6g}"
        amounts.add_row(m.text, value, m.unit, m.measure or "—", m.period or "—",
                        _codes(m.actors))
    console.print(amounts)

    quotes = Table(title=f"Quotations ({len(result.quotations)})")
    for column in ("quotation", "speaker", "code", "verb", "kind"):
        quotes.add_column(column, overflow="fold")
    for q in result.quotations:
        quotes.add_row(f"“{q.text}”", q.speaker or "—", q.speaker_code or "—", q.verb or "—",
                       q.kind)
    console.print(quotes)

    places = Table(title=f"Places ({len(result.places)})")
    for column in ("name", "country", "lat", "lon", "feature"):
        places.add_column(column)
    for p in result.places:
        places.add_row(p.name, p.country or "—", _coord(p.lat), _coord(p.lon), p.feature or "—")
    console.print(places)

    dates = Table(title=f"Dates ({len(result.dates)})")
    for column in ("text", "value", "granularity", "kind"):
        dates.add_column(column)
    for d in result.dates:
        dates.add_row(d.text, str(d.value or "—"), d.granularity, d.kind)
    console.print(dates)

    if result.themes:
        doc_themes = [t for t in result.themes if t.sentence is None] or list(result.themes)
        console.print("[bold]themes[/bold] " + ", ".join(
            f"{t.name} ({', '.join(t.triggers[:3])})" for t in doc_themes))
    if result.tone is not None:
        t = result.tone
        console.print(f"[bold]tone[/bold] {t.tone:+.2f} (positive {t.positive:.2f}%, negative "
                      f"{t.negative:.2f}%, polarity {t.polarity:.2f}, {t.word_count} words)")


def _coord(value: float | None) -> str:
    return "—" if value is None else f"{value:.4f}"


def _is_terminal() -> bool:
    import sys

    return sys.stdout.isatty()
