"""The dashboard in headless Chromium (Debian's `chromium`, driven by Playwright).

A real server (uvicorn, in a thread) serves a store holding an ingested sample corpus: the
reference article and the first Guardian articles of ../shared/corpora, analyzed by the real
pipeline. The tests click through the pages like an analyst and assert what is rendered; every
page also checks that nothing was requested from anywhere but this server and that the console
shows no error. Screenshots go to artifacts/browser/ (git-ignored).
"""

from __future__ import annotations

import datetime as dt
import json
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import uvicorn

from multipolar.analyzer import Analyzer
from multipolar.api import create_app
from multipolar.model import Document
from multipolar.store import open_store
from testpaths import shared_path

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "artifacts" / "browser"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                 "--disable-background-networking"]
GUARDIAN_ARTICLES = 4


def sample_corpus(seed_text: str) -> list[Document]:
    corpus = shared_path("corpora", "guardian_sdf_articles.jsonl")
    docs = [Document(text=seed_text, title="Xi Jinping arrives in Moscow (reference article)",
                     source="reference", published=dt.date(2025, 5, 7))]
    lines = corpus.read_text(encoding="utf-8").splitlines()
    for line in lines[:GUARDIAN_ARTICLES]:
        record = json.loads(line)
        docs.append(Document(text=record["text"], source=record.get("source"),
                             url=record.get("url"),
                             title=record["text"].split(".")[0][:90],
                             published=dt.date.fromisoformat(record["date"][:10])))
    return docs


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, analyzer: Analyzer,
           seed_text: str) -> Iterator[str]:
    db = tmp_path_factory.mktemp("browser") / "sample.duckdb"
    with open_store(db) as store:
        store.add(list(analyzer.pipe(sample_corpus(seed_text))))
    port = _free_port()
    config = uvicorn.Config(create_app(db, analyzer=analyzer), host="127.0.0.1", port=port,
                            log_level="warning")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not srv.started:
        assert thread.is_alive() and time.monotonic() < deadline, "the server did not start"
        time.sleep(0.1)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=30)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), "install Chromium: bash .ci/install-browser.sh"
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


class Watch:
    """Records every request and console error of a page."""

    def __init__(self, page: Any, base: str) -> None:
        self.base = base
        self.requests: list[str] = []
        self.errors: list[str] = []
        page.on("request", lambda r: self.requests.append(r.url))
        page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        page.on("pageerror", lambda e: self.errors.append(str(e)))

    def check(self) -> None:
        outside = [u for u in self.requests
                   if not u.startswith((self.base, "data:", "about:"))]
        assert outside == [], f"requests outside this server: {outside}"
        assert self.errors == [], f"console errors: {self.errors}"


@pytest.fixture()
def page(browser: Any, server: str) -> Iterator[tuple[Any, Watch]]:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    pg = context.new_page()
    watch = Watch(pg, server)
    yield pg, watch
    watch.check()
    context.close()


def shot(pg: Any, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    pg.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_overview_lists_dyads_and_latest_events(page: tuple[Any, Watch], server: str) -> None:
    pg, _ = page
    pg.goto(server + "/")
    assert pg.locator("h1").inner_text() == "Overview"
    stats = pg.locator("#stats").inner_text()
    assert f"{GUARDIAN_ARTICLES + 1} documents" in stats
    assert pg.locator("#top-dyads tbody tr a").count() > 0
    assert pg.locator("#latest-events tbody tr").count() > 0
    shot(pg, "overview")


def test_network_to_dyad_to_document(page: tuple[Any, Watch], server: str) -> None:
    pg, _ = page
    pg.goto(server + "/network")
    nodes = pg.locator("#network g.node")
    data = json.loads(pg.locator("#network-data").inner_text())
    assert nodes.count() == len(data["nodes"]) > 1
    assert pg.locator("#network line.edge").count() == len(data["edges"])
    assert pg.locator("#blocs li").count() == len(data["blocs"])
    # Blocs are coloured: nodes of different blocs have different fills.
    fills = {pg.locator(f'#network g.node[data-code="{n["code"]}"] circle').get_attribute("fill")
             for n in data["nodes"]}
    assert len(fills) == len({n["bloc"] % 10 for n in data["nodes"]})
    shot(pg, "network")

    # Click the busiest actor: the panel lists its partners.
    busiest = data["nodes"][0]["code"]
    pg.locator(f'#network g.node[data-code="{busiest}"]').click()
    assert pg.locator("#network-panel h3").inner_text() == busiest
    partners = pg.locator("#panel-partners a.dyad-link")
    assert partners.count() == data["nodes"][0]["degree"]
    # ... and its events, loaded from the API, each linking to its document.
    pg.wait_for_selector("#panel-events li a")
    assert pg.locator("#panel-events li").count() >= min(20, data["nodes"][0]["events"])
    assert busiest in pg.locator("#panel-events li b").first.inner_text()

    # Click an edge: the panel loads its events from the API.
    edge = data["edges"][0]
    # (dispatched: a thin line's midpoint can lie under a node drawn on top of it)
    pg.locator(f'#network line.edge[data-a="{edge["a"]}"][data-b="{edge["b"]}"]').dispatch_event(
        "click")
    pg.wait_for_selector("#panel-events li a")
    assert pg.locator("#network-panel h3").inner_text() == f"{edge['a']} – {edge['b']}"
    # The API lists every modality; the edge counts asserted, reported and future events.
    assert pg.locator("#panel-events li").count() >= min(20, edge["events"])
    shot(pg, "network-edge")

    # Open the dyad from the panel.
    pg.locator("#panel-dyad-link").click()
    pg.wait_for_url(f"**/dyad/{edge['a']}/{edge['b']}*")
    assert pg.locator("h1 small").inner_text() == f"{edge['a']} – {edge['b']}"
    bars = pg.locator(".dyad-chart g.bar")
    rows = pg.locator("#dyad-events tbody tr[data-period]")
    assert bars.count() >= 1 and rows.count() >= 1
    summary = pg.locator("#dyad-summary").inner_text()
    assert f"{rows.count()} events" in summary
    shot(pg, "dyad")

    # Clicking a bar keeps only that period's events.
    busiest_bar = max(range(bars.count()),
                      key=lambda i: int(bars.nth(i).get_attribute("data-events") or 0))
    bar = bars.nth(busiest_bar)
    bar.click()
    period = bar.get_attribute("data-start")
    visible = pg.locator("#dyad-events tbody tr[data-period]:not(.hidden)")
    assert visible.count() == int(bar.get_attribute("data-events") or 0)
    assert all(visible.nth(i).get_attribute("data-period") == period
               for i in range(visible.count()))
    pg.locator("#show-all").click()
    assert pg.locator("#dyad-events tbody tr.hidden").count() == 0

    # Open the first event's document: the event's trigger is highlighted and targeted.
    link = pg.locator("#dyad-events a.doc-link").first
    href = link.get_attribute("href") or ""
    event_anchor = href.split("#", 1)[1]
    evidence = pg.locator("#dyad-events tbody tr td.evidence").first.inner_text()
    link.click()
    pg.wait_for_url("**/documents/**")
    target = pg.locator(f"mark#{event_anchor}")
    assert target.count() == 1
    assert "mp-event" in (target.get_attribute("class") or "")
    text = pg.locator(".mp-text").inner_text()
    assert evidence.strip()[:60] in " ".join(text.split())
    assert pg.evaluate("location.hash") == f"#{event_anchor}"
    assert pg.locator("mark.mp-actor").count() > 0
    shot(pg, "document")


def test_analyze_the_reference_article(page: tuple[Any, Watch], server: str, seed_text: str,
                                       seed_result: Any) -> None:
    pg, _ = page
    pg.goto(server + "/analyze")
    pg.fill("#text", seed_text)
    pg.fill("#published", "2025-05-07")
    pg.click("#analyze-submit")
    pg.wait_for_selector("#analysis", timeout=120_000)
    n = len(seed_result.events)
    assert pg.locator("#analysis h2").inner_text() == f"Result: {n} events"
    assert pg.locator("#analysis mark.mp-event[id]").count() == n
    rows = pg.locator("#analysis table.mp-events tbody tr")
    assert rows.count() == n
    first = seed_result.events[0]
    assert first.label in rows.first.inner_text()
    assert pg.locator("#analysis mark.mp-amount").count() >= len(seed_result.amounts)
    assert pg.locator("#analysis mark.mp-quotation").count() >= len(seed_result.quotations)
    shot(pg, "analyze")


def test_api_docs_page(page: tuple[Any, Watch], server: str) -> None:
    pg, _ = page
    pg.goto(server + "/api-docs")
    assert pg.locator("#api-routes tbody tr").count() >= 8
    assert "payload_too_large" in pg.locator("#error-codes").inner_text()


def test_brief_page_from_the_dyad_page(page: tuple[Any, Watch], server: str) -> None:
    pg, _ = page
    pg.goto(server + "/")
    first = pg.locator("#top-dyads tbody tr a").first
    a, b = (first.get_attribute("href") or "").split("/")[-2:]
    first.click()
    pg.wait_for_url(f"**/dyad/{a}/{b}")
    pg.locator("#brief-link").click()
    pg.wait_for_url("**/brief?*")
    title = pg.locator("#brief h1").inner_text()
    assert title.startswith("Brief: ") and f"({a}) and " in title and title.endswith(f"({b})")
    headline = pg.locator("#brief ul").first.inner_text()
    assert f"({a}) and " in headline and f"({b}) (both directions)" in headline
    assert pg.locator("#brief blockquote").count() >= 1  # evidence sentences
    shot(pg, "brief")


# --- the workbench: charts, map, conflict, downloads, reviews ---------------------------------

def test_overview_charts_and_navigation(page: tuple[Any, Watch], server: str) -> None:
    pg, _ = page
    pg.goto(server + "/?by=week")
    for item in ("Overview", "Map", "Conflict", "Dyad", "Network", "Brief", "Events"):
        assert pg.locator("header nav a", has_text=item).count() == 1
    bars = pg.locator("#overview-series svg.quad-chart g.bar")
    api = pg.request.get(server + "/api/series?by=week").json()["points"]
    assert bars.count() == len(api) > 1
    # periods without events are empty slots with nothing drawn in them
    gaps = [p for p in api if p["events"] == 0]
    assert pg.locator("#overview-series g.bar.gap").count() == len(gaps)
    assert pg.locator("#overview-series g.bar.gap rect").count() == 0
    assert pg.locator("#top-actors svg a").count() > 0
    # names, with the code on hover
    first = pg.locator("#top-dyads tbody .actor").first
    assert first.get_attribute("title") != first.inner_text()
    # search by name
    pg.fill("header form.search input", "united")
    pg.press("header form.search input", "Enter")
    pg.wait_for_url("**/search?q=united")
    assert pg.locator("#search-results tbody tr a").count() >= 1
    shot(pg, "overview-charts")


def test_map_page(page: tuple[Any, Watch], server: str) -> None:
    pg, _ = page
    pg.goto(server + "/map")
    shaded = pg.locator("#world-map a.country.has-events")
    assert pg.locator("#world-map path").count() > 150  # every country is drawn
    assert shaded.count() == pg.locator("#map-countries tbody tr").count() > 0
    assert pg.locator("#world-map a.point").count() == pg.locator(
        "#map-points tbody tr").count() > 0
    shot(pg, "map")
    # filter by quad class: fewer or as many shaded countries
    pg.select_option("select[name=quad_class]", "4")
    pg.click("form.period button")
    pg.wait_for_url("**/map?*quad_class=4*")
    assert pg.locator("#world-map a.country.has-events").count() <= shaded.count()
    pg.goto(server + "/map")
    # click a country through to its events
    code = shaded.first.get_attribute("data-country")
    shaded.first.dispatch_event("click")
    pg.wait_for_url(f"**/events?actor={code}")
    assert pg.locator("#events-table tbody tr[id]").count() >= 1


def test_conflict_view_and_csv_download(page: tuple[Any, Watch], server: str) -> None:
    pg, _ = page
    pg.goto(server + "/conflict")
    rows = pg.locator("#conflict-table tbody tr.q4")
    assert rows.count() >= 1
    assert pg.locator("#conflict-chart svg").count() == 1
    shot(pg, "conflict")
    with pg.expect_download() as info:
        pg.locator("a.dl-csv").first.click()
    path = info.value.path()
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("period,country,country_name,region,root,type,events")
    assert len(lines) - 1 == rows.count()


def test_review_round_trip(page: tuple[Any, Watch], server: str, tmp_path: Path) -> None:
    """Mark an event wrong in the browser: it leaves the dyad chart, the exported gold file
    holds it, and `multipolar eval` reads that file."""
    from typer.testing import CliRunner

    from multipolar.cli import _register_all, app

    pg, _ = page
    pg.goto(server + "/")
    href = pg.locator("#top-dyads tbody tr a").first.get_attribute("href") or ""
    pg.goto(server + href)
    total = int(pg.locator("#dyad-summary b").first.inner_text())
    row = pg.locator("#dyad-events tbody tr[data-period]").first
    event = (row.get_attribute("id") or "")[3:]
    evidence = row.locator("td.evidence").inner_text().strip()
    row.locator("button.review-btn").click()
    pg.check("#review-form input[value=not_event]")
    pg.fill("#review-form input[name=reviewer]", "browser-test")
    pg.fill("#review-form input[name=reason]", "not an event")
    with pg.expect_navigation():
        pg.click("#review-save")
    assert int(pg.locator("#dyad-summary b").first.inner_text()) == total - 1
    assert pg.locator(f"#ev-{event}").count() == 0
    chart_total = sum(int(b.get_attribute("data-events") or 0)
                      for b in pg.locator(".dyad-chart g.bar").all())
    assert chart_total == total - 1
    shot(pg, "dyad-reviewed")
    with pg.expect_download() as info:
        pg.click("#gold-link")
    gold = tmp_path / "reviewed.jsonl"
    gold.write_bytes(Path(info.value.path()).read_bytes())
    lines = [json.loads(line) for line in gold.read_text(encoding="utf-8").splitlines()]
    assert any(line["text"].strip() == evidence for line in lines)
    _register_all()
    result = CliRunner().invoke(app, ["eval", str(gold), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["sentences"] == len(lines)
    # the Reviews page lists it with who and why
    pg.goto(server + "/reviews")
    listed = pg.locator("#reviews-table tbody tr", has_text="browser-test")
    assert listed.count() >= 1 and "not an event" in listed.first.inner_text()
