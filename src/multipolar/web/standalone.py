"""Self-contained HTML files (for `multipolar network --out FILE.html`): styles, script and data
inlined, nothing loaded from anywhere, so the file opens offline from disk."""

from __future__ import annotations

import json
from html import escape
from importlib import resources
from typing import Any


def _static(name: str) -> str:
    return resources.files("multipolar.web").joinpath("static", name).read_text(encoding="utf-8")


def network_html(data: dict[str, Any]) -> str:
    """The interactive network page for `data` (`Network.to_dict()`) as one HTML file."""
    payload = json.dumps({**data, "standalone": True}).replace("</", "<\\/")
    period = f"{data.get('since') or 'first record'} to {data.get('until') or 'last record'}"
    blocs = "".join(f'<li><span class="swatch bloc-{i % 10}"></span>{escape(", ".join(b))}</li>'
                    for i, b in enumerate(data.get("blocs", [])))
    return (
        "<!doctype html><html lang=en><head><meta charset=utf-8>"
        f"<title>multipolar network {escape(period)}</title>"
        f"<style>{_static('app.css')}</style></head><body><main>"
        f"<h1>Actor network, {escape(period)}</h1>"
        f'<p class="stats">{len(data.get("nodes", []))} actors, {len(data.get("edges", []))} '
        f'relations, {len(data.get("blocs", []))} blocs. Click a node or an edge.</p>'
        '<div class="network-layout"><div class="chart-box"><svg id="network" '
        'xmlns="http://www.w3.org/2000/svg" viewBox="0 0 900 620" width="900" height="620">'
        '</svg></div><aside id="network-panel"><p>Select an actor or a relation.</p></aside>'
        f"</div><h2>Blocs</h2><ol>{blocs}</ol>"
        f'<script type="application/json" id="network-data">{payload}</script>'
        f"<script>{_static('network.js')}</script></main></body></html>"
    )
