"""Small server-side SVG charts (no JavaScript library, nothing loaded from elsewhere).

`dyad_chart_svg` draws a dyad series: stacked bars of event counts by QuadClass per period and
the mean Goldstein score as a line on its own axis (-10 … +10). Each bar carries the period in
`data-start` and a tooltip, so the page's script can filter the event table by clicking it.
"""

from __future__ import annotations

from html import escape
from typing import Any

from multipolar.analysis.common import QUAD_NAMES
from multipolar.analysis.dyads import DyadSeries

QUAD_COLOURS = {1: "#60a5fa", 2: "#1d4ed8", 3: "#f87171", 4: "#b91c1c"}
GOLDSTEIN_COLOUR = "#f59e0b"


def _axis_max(value: int) -> int:
    """The smallest multiple of 4 (at least 4) not below `value`: four integer grid steps."""
    return max(4, -(-value // 4) * 4)


def dyad_chart_svg(series: DyadSeries, *, width: int = 900, height: int = 320) -> str:
    """The dyad series as an inline SVG element."""
    left, right, top, bottom = 48, 48, 16, 56
    plot_w, plot_h = width - left - right, height - top - bottom
    points = series.points
    title = f"{series.a} {'→' if series.directed else '↔'} {series.b}, events per {series.by}"
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart dyad-chart" role="img" '
           f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
           f'aria-label="{escape(title)}">', f"<title>{escape(title)}</title>",
           f'<rect x="0" y="0" width="{width}" height="{height}" fill="#fff"/>']
    if not points:
        out.append(f'<text x="{width / 2}" y="{height / 2}" text-anchor="middle" '
                   'fill="#64748b">no events in this period</text></svg>')
        return "".join(out)
    y_max = _axis_max(max(p.events for p in points))
    slot = plot_w / len(points)
    bar_w = max(1.0, min(40.0, slot * 0.7))

    def y_count(n: float) -> float:
        return top + plot_h - n / y_max * plot_h

    def y_gold(g: float) -> float:
        return top + plot_h / 2 - g / 10 * (plot_h / 2)

    # axes and grid
    for i in range(5):
        value = y_max * i / 4
        y = y_count(value)
        out.append(f'<line x1="{left}" x2="{left + plot_w}" y1="{y:.1f}" y2="{y:.1f}" '
                   'stroke="#e2e8f0"/>')
        out.append(f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="11" '
                   f'fill="#475569">{value:g}</text>')
    for g in (-10, -5, 0, 5, 10):
        out.append(f'<text x="{left + plot_w + 6}" y="{y_gold(g) + 4:.1f}" font-size="11" '
                   f'fill="{GOLDSTEIN_COLOUR}">{g:+d}</text>')
    out.append(f'<text x="12" y="{top + plot_h / 2}" font-size="11" fill="#475569" '
               f'transform="rotate(-90 12 {top + plot_h / 2})" text-anchor="middle">events</text>')
    out.append(f'<text x="{width - 8}" y="{top + plot_h / 2}" font-size="11" '
               f'fill="{GOLDSTEIN_COLOUR}" transform="rotate(90 {width - 8} {top + plot_h / 2})" '
               'text-anchor="middle">mean Goldstein</text>')
    label_every = max(1, round(len(points) / 12))
    line: list[str] = []
    segments: list[list[str]] = [[]]  # the Goldstein line, broken at periods without events
    for i, p in enumerate(points):
        x = left + slot * i + (slot - bar_w) / 2
        tip = (f"{p.start} to {p.end}: {p.events} events ("
               + ", ".join(f"{p.by_quad[q - 1]} {QUAD_NAMES[q]}" for q in range(1, 5)) + ")"
               + (f", mean Goldstein {p.goldstein_mean:+.1f}" if p.goldstein_mean is not None
                  else "")
               + ("; top codes " + ", ".join(f"{c.code} {c.label} ×{c.count}"
                                              for c in p.top_codes) if p.top_codes else ""))
        out.append(f'<g class="bar" data-start="{p.start}" data-events="{p.events}" '
                   f'tabindex="0"><title>{escape(tip)}</title>'
                   f'<rect x="{left + slot * i:.1f}" y="{top}" width="{slot:.1f}" '
                   f'height="{plot_h}" fill="transparent"/>')
        base = 0
        for q in range(1, 5):
            n = p.by_quad[q - 1]
            if n:
                y0, y1 = y_count(base), y_count(base + n)
                out.append(f'<rect class="q{q}" x="{x:.1f}" y="{y1:.1f}" width="{bar_w:.1f}" '
                           f'height="{y0 - y1:.1f}" fill="{QUAD_COLOURS[q]}"/>')
                base += n
        out.append("</g>")
        if p.goldstein_mean is not None:
            line.append(f"{x + bar_w / 2:.1f},{y_gold(p.goldstein_mean):.1f}")
            segments[-1].append(line[-1])
        elif segments[-1]:
            segments.append([])
        if i % label_every == 0:
            out.append(f'<text x="{x + bar_w / 2:.1f}" y="{top + plot_h + 16}" font-size="10" '
                       f'text-anchor="middle" fill="#475569">{p.start:%Y-%m-%d}</text>')
    out.append(f'<line x1="{left}" x2="{left + plot_w}" y1="{y_gold(0):.1f}" '
               f'y2="{y_gold(0):.1f}" stroke="{GOLDSTEIN_COLOUR}" stroke-dasharray="3 3" '
               'stroke-width="0.8" pointer-events="none"/>')
    for segment in segments:
        if len(segment) > 1:
            out.append(f'<polyline class="goldstein" points="{" ".join(segment)}" '
                       f'fill="none" stroke="{GOLDSTEIN_COLOUR}" stroke-width="2" '
                       'pointer-events="none"/>')
    for pt in line:
        cx, cy = pt.split(",")
        out.append(f'<circle class="goldstein-dot" cx="{cx}" cy="{cy}" r="3" '
                   f'fill="{GOLDSTEIN_COLOUR}" pointer-events="none"/>')
    # legend
    lx = left
    for q in range(1, 5):
        out.append(f'<rect x="{lx}" y="{height - 18}" width="10" height="10" '
                   f'fill="{QUAD_COLOURS[q]}"/><text x="{lx + 14}" y="{height - 9}" '
                   f'font-size="11" fill="#334155">{QUAD_NAMES[q]}</text>')
        lx += 150
    out.append(f'<line x1="{lx}" x2="{lx + 16}" y1="{height - 13}" y2="{height - 13}" '
               f'stroke="{GOLDSTEIN_COLOUR}" stroke-width="2"/><text x="{lx + 20}" '
               f'y="{height - 9}" font-size="11" fill="#334155">mean Goldstein</text>')
    out.append("</svg>")
    return "".join(out)


QUAD_KEYS = ("verbal_cooperation", "material_cooperation", "verbal_conflict",
             "material_conflict")


def quad_series_svg(points: list[dict[str, Any]], *, by: str = "week", width: int = 900,
                    height: int = 260, quads: tuple[int, ...] = (1, 2, 3, 4),
                    title: str | None = None) -> str:
    """Events per period stacked by QuadClass (rows of `analysis.views.quad_series`). A period
    without events is an empty slot: gaps show as gaps, nothing is drawn across them."""
    left, right, top, bottom = 48, 16, 14, 52
    plot_w, plot_h = width - left - right, height - top - bottom
    title = title or f"Events per {by} by QuadClass"
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart quad-chart" role="img" '
           f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
           f'aria-label="{escape(title)}"><title>{escape(title)}</title>',
           f'<rect width="{width}" height="{height}" fill="#fff"/>']
    if not points:
        out.append(f'<text x="{width / 2}" y="{height / 2}" text-anchor="middle" '
                   'fill="#64748b">no dated events</text></svg>')
        return "".join(out)
    y_max = _axis_max(max(p["events"] for p in points))
    slot = plot_w / len(points)
    bar_w = max(1.0, min(40.0, slot * 0.75))
    for i in range(5):
        value = y_max * i / 4
        y = top + plot_h - value / y_max * plot_h
        out.append(f'<line x1="{left}" x2="{left + plot_w}" y1="{y:.1f}" y2="{y:.1f}" '
                   f'stroke="#e2e8f0"/><text x="{left - 6}" y="{y + 4:.1f}" '
                   f'text-anchor="end" font-size="11" fill="#475569">{value:g}</text>')
    label_every = max(1, round(len(points) / 12))
    for i, p in enumerate(points):
        x = left + slot * i + (slot - bar_w) / 2
        tip = f"{p['start']}: {p['events']} events (" + ", ".join(
            f"{p[k]} {QUAD_NAMES[q]}" for q, k in enumerate(QUAD_KEYS, start=1)) + ")"
        cls = "bar" if p["events"] else "bar gap"
        out.append(f'<g class="{cls}" data-start="{p["start"]}" data-events="{p["events"]}">'
                   f'<title>{escape(tip)}</title>')
        base = 0
        for q, key in enumerate(QUAD_KEYS, start=1):
            n = p[key]
            if n:
                y0 = top + plot_h - base / y_max * plot_h
                y1 = top + plot_h - (base + n) / y_max * plot_h
                out.append(f'<rect class="q{q}" x="{x:.1f}" y="{y1:.1f}" width="{bar_w:.1f}" '
                           f'height="{y0 - y1:.1f}" fill="{QUAD_COLOURS[q]}"/>')
                base += n
        out.append("</g>")
        if i % label_every == 0:
            out.append(f'<text x="{x + bar_w / 2:.1f}" y="{top + plot_h + 15}" font-size="10" '
                       f'text-anchor="middle" fill="#475569">{p["start"]}</text>')
    lx = left
    for q in quads:
        out.append(f'<rect x="{lx}" y="{height - 16}" width="10" height="10" '
                   f'fill="{QUAD_COLOURS[q]}"/><text x="{lx + 14}" y="{height - 7}" '
                   f'font-size="11" fill="#334155">{QUAD_NAMES[q]}</text>')
        lx += 150
    out.append("</svg>")
    return "".join(out)


def hbar_svg(rows: list[dict[str, Any]], *, label: str, value: str, link: str | None = None,
             title: str = "", width: int = 520, bar_h: int = 18) -> str:
    """Horizontal bars (top actors, top dyads): `label` and `value` name the row keys;
    `link` is a format string over the row (e.g. "/events?actor={actor}")."""
    height = 8 + bar_h * max(len(rows), 1) + 8
    label_w = 250
    high = max((float(r[value]) for r in rows), default=0.0) or 1.0
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart hbar-chart" role="img" '
           f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
           f'aria-label="{escape(title)}"><title>{escape(title)}</title>']
    if not rows:
        out.append('<text x="8" y="20" fill="#64748b">nothing yet</text></svg>')
        return "".join(out)
    for i, r in enumerate(rows):
        y = 8 + i * bar_h
        w = (width - label_w - 50) * float(r[value]) / high
        text = str(r[label])
        shown = text if len(text) <= 38 else text[:37] + "…"
        item = (f'<text x="{label_w - 6}" y="{y + bar_h * 0.7:.1f}" text-anchor="end" '
                f'font-size="12" fill="#1e293b">{escape(shown)}<title>{escape(text)}</title>'
                f'</text><rect x="{label_w}" y="{y + 2}" width="{w:.1f}" '
                f'height="{bar_h - 5}" fill="#3b82f6"/><text x="{label_w + w + 4:.1f}" '
                f'y="{y + bar_h * 0.7:.1f}" font-size="11" fill="#475569">{r[value]}</text>')
        if link:
            item = f'<a href="{escape(link.format(**r))}">{item}</a>'
        out.append(item)
    out.append("</svg>")
    return "".join(out)


def dyad_chart_html(series: DyadSeries) -> str:
    """A standalone HTML page with the chart and the points as a table (for `--plot x.html`)."""
    rows = "".join(
        f"<tr><td>{p.start}</td><td>{p.events}</td>"
        + "".join(f"<td>{n}</td>" for n in p.by_quad)
        + f"<td>{'' if p.goldstein_mean is None else f'{p.goldstein_mean:+.2f}'}</td>"
        + f"<td>{escape(', '.join(c.code for c in p.top_codes))}</td></tr>"
        for p in series.points)
    head = "".join(f"<th>{escape(QUAD_NAMES[q])}</th>" for q in range(1, 5))
    title = f"{series.a}–{series.b} by {series.by}"
    return (f"<!doctype html><html lang=en><meta charset=utf-8><title>{escape(title)}</title>"
            "<style>body{font:14px system-ui,sans-serif;margin:2em}table{border-collapse:"
            "collapse}td,th{border:1px solid #ddd;padding:2px 6px}</style>"
            f"<h1>{escape(title)}</h1>{dyad_chart_svg(series)}"
            f"<table><tr><th>period</th><th>events</th>{head}<th>mean Goldstein</th>"
            f"<th>top codes</th></tr>{rows}</table></html>")
