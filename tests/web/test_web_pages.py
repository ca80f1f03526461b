"""Dashboard pages rendered by the app (no browser): content, links, nothing external."""

from __future__ import annotations

import json
import re

from fastapi.testclient import TestClient
from views_factories import ARTICLE_A, ARTICLE_D, build

HTML = {"Accept": "text/html"}


def links(html: str) -> list[str]:
    return re.findall(r'(?:href|src|action)="([^"]*)"', html)


def assert_local(html: str) -> None:
    for url in links(html):
        assert url.startswith(("/", "#", "?")) or url == "data:,", url
    assert "@import" not in html and "fonts.googleapis" not in html


def test_overview(client: TestClient) -> None:
    html = client.get("/").text
    assert re.search(r"<b>5</b> documents \(4 stories, 3 sources\)", html)
    top = html.split('id="top-dyads"', 1)[1].split("</table>", 1)[0]
    # names, with the code on hover
    china = '<span class="actor" title="CHN">China</span>'
    russia = '<span class="actor" title="RUS">Russia</span>'
    assert top.index(f"{china} – {russia}") < top.index(
        '<span class="actor" title="FRA">France</span> – ')
    assert 'href="/dyad/CHN/RUS"' in top
    changes = html.split('id="changes"', 1)[1].split("</table>", 1)[0]
    assert "new" in changes and f"{china} – {russia}" in changes
    # the charts: events per week by QuadClass, top actors and dyads, downloads
    assert 'class="chart quad-chart"' in html and 'class="chart hbar-chart"' in html
    assert 'href="/api/series?by=week&amp;format=csv"' in html
    latest = html.split('id="latest-events"', 1)[1].split("</table>", 1)[0]
    assert "Russian forces shelled Ukrainian troops near the river." in latest
    assert_local(html)


def test_dyad_page(client: TestClient) -> None:
    html = client.get("/dyad/chn/rus").text
    assert ('<h1><span class="actor" title="CHN">China</span> ↔ '
            '<span class="actor" title="RUS">Russia</span>') in html
    assert '<g class="bar" data-start="2025-05-05" data-events="3"' in html
    rows = re.findall(r'<tr id="ev-([0-9a-f]+)" data-period="2025-05-05"', html)
    assert len(rows) == 3
    doc_id = build(ARTICLE_A).document.id
    for event_id in rows:
        assert f'href="/documents/{doc_id}#event-{event_id}"' in html
    assert "<td>$20 billion</td><td>20,000,000,000</td>" in html
    assert ('“*at their best* in history” — Vladimir Putin (<span class="actor" '
            'title="RUSGOV">Russia (government)</span>)') in html
    assert 'src="/static/dyad.js"' in html
    assert_local(html)


def test_dyad_page_by_month_with_period(client: TestClient) -> None:
    html = client.get("/dyad/USA/CHN?by=month&since=2025-05-01&until=2025-05-31").text
    assert 'data-start="2025-05-01" data-events="2"' in html
    assert "praised" not in html


def test_network_page_embeds_the_network(client: TestClient) -> None:
    html = client.get("/network?since=2025-05-01&until=2025-05-31").text
    raw = html.split('<script type="application/json" id="network-data">', 1)[1]
    data = json.loads(raw.split("</script>", 1)[0])
    assert {n["code"] for n in data["nodes"]} == {"CHN", "RUS", "USA", "UKR", "FRA"}
    assert "<li><span class=\"swatch bloc-" in html
    assert "Changed relations against 2025-03-31 to 2025-04-30" in html
    assert 'src="/static/network.js"' in html
    assert_local(html)


def test_document_page_highlights_and_anchors(client: TestClient) -> None:
    result = build(ARTICLE_D)
    html = client.get(f"/documents/{result.document.id}").text
    assert "<h2>Front line</h2>" in html
    event_ids = re.findall(r'<mark class="mp-event mp-q\d"[^>]* id="event-([0-9a-f]+)"', html)
    stored = client.get("/api/events", params={"limit": 100}).json()["events"]
    expected = {e["id"] for e in stored if e["first_doc_id"] == result.document.id}
    assert set(event_ids) == expected and len(expected) == 3
    assert '<mark class="mp-actor" title="Russia (military) RUSMIL (dictionary)"' in html
    # A prefix of the id is enough.
    assert client.get(f"/documents/{result.document.id[:8]}").status_code == 200


def test_unknown_document_page_is_an_html_404(client: TestClient) -> None:
    response = client.get("/documents/0123456789abcdef", headers=HTML)
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    assert "no document with id" in response.text


def test_analyze_page_form_and_result(client: TestClient, seed_text: str,
                                      seed_result) -> None:  # type: ignore[no-untyped-def]
    form = client.get("/analyze").text
    assert '<form method="post" action="/analyze"' in form
    response = client.post("/analyze", data={"text": seed_text, "published": "2025-05-07"})
    assert response.status_code == 200
    html = response.text
    n = len(seed_result.events)
    assert f'<section id="analysis" data-events="{n}">' in html and n > 0
    for event in seed_result.events[:5]:
        assert f'id="event-{event.id}"' in html
    assert_local(html)


def test_analyze_page_errors(client: TestClient) -> None:
    empty = client.post("/analyze", data={"text": "  ", "published": ""})
    assert empty.status_code == 400 and "Paste a text to analyze." in empty.text
    bad_date = client.post("/analyze", data={"text": "Xi met Putin.", "published": "7 May"})
    assert bad_date.status_code == 400 and "is not YYYY-MM-DD" in bad_date.text
    wrong = client.post("/analyze", json={"text": "Xi met Putin."})
    assert wrong.status_code == 415


def test_api_docs_page_lists_every_route(client: TestClient) -> None:
    html = client.get("/api-docs").text
    for path in ("/api/analyze", "/api/events", "/api/dyads/{a}/{b}/series", "/api/network",
                 "/api/documents/{doc_id}", "/api/brief", "/api/ingest"):
        assert f"<code>{path}</code>" in html
    assert "<code>payload_too_large</code></td><td>413</td>" in html


def test_static_files_are_served(client: TestClient) -> None:
    for name in ("app.css", "dyad.js", "network.js"):
        response = client.get(f"/static/{name}")
        assert response.status_code == 200 and len(response.text) > 500
        assert "http://" not in response.text.replace("http://www.w3.org", "")
        assert "https://" not in response.text


def test_brief_page_renders_markdown_safely(client: TestClient) -> None:
    html = client.get("/brief?a=chn&b=rus").text
    brief = html.split('<article class="brief" id="brief">', 1)[1].split("</article>", 1)[0]
    assert "<h1>Brief: China (CHN) and Russia (RUS)</h1>" in brief
    assert "<blockquote>" in brief and "signed an energy agreement" in brief
    assert "<table>" in brief and "<em>" not in brief  # the quote's *asterisks* stay literal
    assert "*at their best* in history" in brief
    assert client.get("/brief?a=chn&b=r%24s", headers={"Accept": "text/html"}).status_code == 422
    assert 'id="brief-link" href="/brief?a=CHN&amp;b=RUS"' in client.get("/dyad/CHN/RUS").text


def test_workbench_pages_render(client: TestClient) -> None:
    for path in ("/map", "/map?quad_class=4&measure=goldstein", "/conflict?region=Europe",
                 "/events?dyad=CHN:RUS", "/search?q=china", "/documents", "/dyad", "/brief",
                 "/reviews",
                 "/dyad/CHN/RUS?directed=true&historical=true&since=&until="):
        response = client.get(path)
        assert response.status_code == 200, (path, response.text[:300])
        assert_local(response.text)
    found = client.get("/search?q=china").text
    assert 'href="/events?actor=CHN' in found


def test_analyze_page_warns_on_another_language(client: TestClient) -> None:
    french = ("Le président Emmanuel Macron a déclaré lundi à Paris que la France enverrait "
              "des troupes au Mali pour soutenir le gouvernement.")
    html = client.post("/analyze", data={"text": french, "published": ""}).text
    assert 'id="analyze-warning"' in html and "looks French" in html
    assert "Result: 0 events" in html
    body = client.post("/api/analyze", json={"text": french}).json()
    assert body["document"]["language"] == "fr" and body["events"] == []
    assert "looks French" in body["warnings"][0]


def test_dyad_page_filters_events_on_the_classifier_opinion(client: TestClient) -> None:
    html = client.get("/dyad/chn/rus?opinion=classifier").text
    assert re.findall(r'<tr id="ev-([0-9a-f]+)"', html) == []
    assert '<option value="classifier" selected>' in html
    assert '<g class="bar" data-start="2025-05-05" data-events="3"' in html  # the chart keeps all
    every = client.get("/dyad/chn/rus?opinion=").text
    assert len(re.findall(r'<tr id="ev-([0-9a-f]+)"', every)) == 3
    assert client.get("/dyad/chn/rus?opinion=bogus").status_code == 422
