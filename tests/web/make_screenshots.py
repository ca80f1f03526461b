"""Make the dashboard screenshots (docs/img: docs/workbench.md and the README) from a store.

    multipolar ingest ../shared/corpora/guardian_sdf_articles.jsonl --db guardian.duckdb
    .venv/bin/python tests/web/make_screenshots.py --db guardian.duckdb --out docs/img \
        --since 2017-08-01 --until 2019-04-30

Serves the store on loopback, opens the overview, map, conflict, network and most active dyad
pages in headless Chromium and saves `overview.png`, `map.png`, `conflict.png`, `network.png`
and `dyad.png`. Not a test (pytest does not collect it).
"""

from __future__ import annotations

import argparse
import datetime as dt
import socket
import threading
import time
from pathlib import Path

import uvicorn

from multipolar.analysis.dyads import top_dyads
from multipolar.api import create_app
from multipolar.store import open_store

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                 "--disable-background-networking"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", required=True, type=Path)
    parser.add_argument("--out", default=Path("docs/img"), type=Path)
    parser.add_argument("--by", default="month")
    parser.add_argument("--since", help="first day shown (YYYY-MM-DD)")
    parser.add_argument("--until", help="last day shown (YYYY-MM-DD)")
    args = parser.parse_args()
    period = "&".join(f"{k}={v}" for k, v in (("since", args.since), ("until", args.until))
                      if v)

    with open_store(args.db, read_only=True) as store:
        best = top_dyads(store.con, limit=1,
                         since=dt.date.fromisoformat(args.since) if args.since else None,
                         until=dt.date.fromisoformat(args.until) if args.until else None)
    if not best:
        raise SystemExit(f"{args.db} holds no dyads")
    a, b = best[0].a, best[0].b

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    server = uvicorn.Server(uvicorn.Config(create_app(args.db, allow_ingest=False),
                                          host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.1)
    base = f"http://127.0.0.1:{port}"

    from playwright.sync_api import sync_playwright

    args.out.mkdir(parents=True, exist_ok=True)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1280, "height": 860})
            page.goto(f"{base}/?by=month&{period}")
            page.screenshot(path=str(args.out / "overview.png"), clip={
                "x": 0, "y": 0, "width": 1280, "height": 860})
            page.goto(f"{base}/map?{period}")
            page.screenshot(path=str(args.out / "map.png"), clip={
                "x": 0, "y": 0, "width": 1280, "height": 800})
            page.goto(f"{base}/conflict?{period}")
            page.screenshot(path=str(args.out / "conflict.png"), clip={
                "x": 0, "y": 0, "width": 1280, "height": 860})
            page.goto(f"{base}/network?{period}")
            first = page.locator("#network g.node").first
            first.click()
            page.locator(".network-layout").screenshot(path=str(args.out / "network.png"))
            page.goto(f"{base}/dyad/{a}/{b}?by={args.by}&{period}")
            page.set_viewport_size({"width": 1280, "height": 1100})
            page.screenshot(path=str(args.out / "dyad.png"), clip={
                "x": 0, "y": 0, "width": 1280, "height": 1100})
            browser.close()
    finally:
        server.should_exit = True
        thread.join(timeout=30)
    names = ("overview.png", "map.png", "conflict.png", "network.png", "dyad.png")
    for name in names:
        _shrink(args.out / name)
    print(f"wrote {', '.join(names)} to {args.out} (dyad {a}–{b})")


def _shrink(path: Path) -> None:
    """Re-save the PNG with a 256-colour palette (a third of the size, the same look)."""
    from PIL import Image

    with Image.open(path) as image:
        small = image.convert("RGB").quantize(colors=256, method=Image.Quantize.FASTOCTREE,
                                                 dither=Image.Dither.NONE)
    small.save(path, optimize=True)


if __name__ == "__main__":
    main()
