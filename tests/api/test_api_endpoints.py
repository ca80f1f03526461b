"""Every endpoint of the HTTP API, on the hand-coded world, with bad parameters and pagination."""

from __future__ import annotations

import datetime as dt

import pytest
from api_assertions import assert_error
from fastapi.testclient import TestClient
from views_factories import ARTICLE_A, build, goldstein


def test_health(client: TestClient) -> None:
    body = client.get("/api/health").json()
    assert body["status"] == "ok" and body["ingest_enabled"] is True


# --- /api/events -----------------------------------------------------------------------------

def test_events_lists_newest_first_with_total(client: TestClient) -> None:
    body = client.get("/api/events", params={"limit": 500}).json()
    assert body["total"] == 11 == len(body["events"])
    dates = [e["date"] for e in body["events"]]
    assert dates == sorted(dates, reverse=True)
    assert body["next_offset"] is None
    first = body["events"][0]
    assert {"id", "actor1", "actor2", "code", "goldstein", "quad_class", "evidence",
            "first_doc_id", "num_mentions"} <= set(first)


def test_events_pagination_covers_everything_once(client: TestClient) -> None:
    seen: list[str] = []
    offset: int | None = 0
    pages = 0
    while offset is not None:
        body = client.get("/api/events", params={"limit": 4, "offset": offset}).json()
        assert body["limit"] == 4 and body["offset"] == offset and body["total"] == 11
        seen += [e["id"] for e in body["events"]]
        offset = body["next_offset"]
        pages += 1
    assert pages == 3 and len(seen) == len(set(seen)) == 11
    beyond = client.get("/api/events", params={"offset": 50}).json()
    assert beyond["events"] == [] and beyond["next_offset"] is None


def test_events_filters(client: TestClient) -> None:
    def ids(**params: object) -> list[dict]:  # type: ignore[type-arg]
        return client.get("/api/events", params={"limit": 100, **params}).json()["events"]

    dyad = ids(dyad="RUS:CHN")
    assert {(e["actor1"], e["actor2"]) for e in dyad} == {("CHNGOV", "RUSGOV"),
                                                          ("RUSGOV", "CHNGOV")}
    assert len(dyad) == 4  # both directions, the negated 190 included (it is listed)
    assert len(ids(dyad="CHN:RUS", modality="asserted")) == 3
    assert {e["code"] for e in ids(code="05")} == {"051", "057"}
    assert {e["actor1"][:3] for e in ids(actor="fra")} | {e["actor2"][:3]
                                                          for e in ids(actor="FRA")} >= {"FRA"}
    april = ids(since="2025-04-01", until="2025-04-30")
    assert len(april) == 2 and all(e["date"].startswith("2025-04") for e in april)
    assert all(e["quad_class"] == 4 for e in ids(quad_class=4))
    chosen = [e["id"] for e in april]
    assert sorted(e["id"] for e in ids(ids=",".join(chosen))) == sorted(chosen)


@pytest.mark.parametrize("params", [
    {"limit": 0}, {"limit": 501}, {"offset": -1}, {"limit": "ten"},
    {"actor": "C'N"}, {"actor": "CHN; DROP TABLE events"}, {"dyad": "CHN-RUS"},
    {"code": "abc"}, {"code": "1' OR '1'='1"}, {"since": "yesterday"},
    {"until": "2025-02-30"}, {"quad_class": 5}, {"modality": "maybe"},
    {"ids": "../../etc/passwd"},
])
def test_events_bad_parameters_are_422(client: TestClient, params: dict) -> None:  # type: ignore[type-arg]
    assert_error(client.get("/api/events", params=params), 422, "invalid_parameter")


def test_since_after_until_is_422(client: TestClient) -> None:
    body = assert_error(client.get("/api/events", params={"since": "2025-06-01",
                                                          "until": "2025-05-01"}),
                        422, "invalid_parameter")
    assert "after" in body["error"]["message"]


# --- /api/dyads/{a}/{b}/series ---------------------------------------------------------------

def test_dyad_series(client: TestClient) -> None:
    body = client.get("/api/dyads/chn/rus/series", params={"by": "week"}).json()
    assert (body["a"], body["b"], body["by"], body["total"]) == ("CHN", "RUS", "week", 3)
    point = body["points"][0]
    assert point["start"] == "2025-05-05" and point["by_quad"]["1"] == 3
    assert point["goldstein_sum"] == pytest.approx(goldstein("042") + 2 * goldstein("057"))
    assert len(point["event_ids"]) == 3
    directed = client.get("/api/dyads/RUS/CHN/series", params={"directed": "true"}).json()
    assert directed["total"] == 1
    month = client.get("/api/dyads/USA/CHN/series",
                       params={"by": "month", "since": "2025-05-01"}).json()
    assert [p["start"] for p in month["points"]] == ["2025-05-01"]


@pytest.mark.parametrize(("path", "status", "code"), [
    ("/api/dyads/CHN/RUS/series?by=year", 422, "invalid_parameter"),
    ("/api/dyads/CHN/RUS/series?directed=perhaps", 422, "invalid_parameter"),
    ("/api/dyads/C1/RUS/series", 422, "invalid_parameter"),
    ("/api/dyads/CHN/RUS%27%3B/series", 422, "invalid_parameter"),
    ("/api/dyads/CHN/series", 404, "not_found"),
])
def test_dyad_series_bad_parameters(client: TestClient, path: str, status: int,
                                    code: str) -> None:
    assert_error(client.get(path), status, code)


# --- /api/network ----------------------------------------------------------------------------

def test_network(client: TestClient) -> None:
    body = client.get("/api/network", params={"since": "2025-05-01",
                                              "until": "2025-05-31"}).json()
    assert {n["code"] for n in body["nodes"]} == {"CHN", "RUS", "USA", "UKR", "FRA"}
    assert sorted(body["blocs"]) == [["CHN", "RUS"], ["FRA", "UKR"], ["USA"]]
    assert body["previous"] == {"since": "2025-03-31", "until": "2025-04-30"}
    assert body["changes"][0]["a"] == "CHN" and body["changes"][0]["status"] == "new"
    strong = client.get("/api/network", params={"min_events": 3}).json()
    assert len(strong["edges"]) == 2  # CHN–RUS and CHN–USA over all dates
    actor = client.get("/api/network", params={"level": "actor"}).json()
    assert "RUSMIL" in {n["code"] for n in actor["nodes"]}


@pytest.mark.parametrize("params", [{"min_events": 0}, {"level": "planet"},
                                    {"since": "2025-5-1"}])
def test_network_bad_parameters(client: TestClient, params: dict) -> None:  # type: ignore[type-arg]
    assert_error(client.get("/api/network", params=params), 422, "invalid_parameter")


# --- /api/documents/{id} ---------------------------------------------------------------------

def test_document(client: TestClient) -> None:
    doc_id = build(ARTICLE_A).document.id
    body = client.get(f"/api/documents/{doc_id}").json()
    assert body["document"]["id"] == doc_id
    assert body["document"]["text"].startswith("Chinese President Xi Jinping visited Russia")
    assert {e["code"] for e in body["events"]} == {"042", "057", "190"}
    assert body["amounts"][0]["text"] == "$20 billion"
    assert body["quotations"][0]["speaker_code"] == "RUSGOV"
    assert len(body["story"]) == 2  # the copy carried by another outlet


@pytest.mark.parametrize(("path", "status", "code"), [
    ("/api/documents/0123456789abcdef", 404, "not_found"),
    ("/api/documents/..%2F..%2Fetc%2Fpasswd", 404, "not_found"),
    ("/api/documents/ZZZZZZZZ", 422, "invalid_parameter"),
    ("/api/documents/abc", 422, "invalid_parameter"),
])
def test_document_bad_ids(client: TestClient, path: str, status: int, code: str) -> None:
    assert_error(client.get(path), status, code)


# --- /api/brief ------------------------------------------------------------------------------

def test_brief_json_and_markdown(client: TestClient) -> None:
    body = client.get("/api/brief", params={"a": "chn", "b": "rus"}).json()
    assert body["a"] == "CHN" and body["b"] == "RUS"
    assert body["markdown"].startswith("# Brief: China (CHN) and Russia (RUS)")
    md = client.get("/api/brief", params={"a": "UKR", "format": "markdown",
                                          "until": "2025-04-30"})
    assert md.headers["content-type"].startswith("text/markdown")
    assert "- 1 event involving Ukraine (UKR), dated 2025-04-10 to 2025-04-10" in md.text


@pytest.mark.parametrize("params", [{}, {"a": "C"}, {"a": "CHN", "b": "R$S"},
                                    {"a": "CHN", "format": "pdf"}])
def test_brief_bad_parameters(client: TestClient, params: dict) -> None:  # type: ignore[type-arg]
    assert_error(client.get("/api/brief", params=params), 422, "invalid_parameter")


# --- /api/analyze ----------------------------------------------------------------------------

def test_analyze_answers_what_the_cli_json_prints(client: TestClient, seed_text: str,
                                                  seed_result) -> None:  # type: ignore[no-untyped-def]
    response = client.post("/api/analyze", json={"text": seed_text, "published": "2025-05-07"})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body == seed_result.to_dict()
    assert body["events"], "the reference article has events"
    assert body["document"]["published"] == "2025-05-07"


@pytest.mark.parametrize(("kwargs", "status", "code"), [
    ({"json": {}}, 422, "invalid_parameter"),
    ({"json": {"text": ""}}, 422, "invalid_parameter"),
    ({"json": {"text": 42}}, 422, "invalid_parameter"),
    ({"json": {"text": "x", "published": "May 7"}}, 422, "invalid_parameter"),
    ({"json": ["text"]}, 422, "invalid_parameter"),
    ({"content": b'{"text": "unterminated', "headers": {"content-type": "application/json"}},
     400, "malformed_json"),
    ({"content": b"\xff\xfe\x00", "headers": {"content-type": "application/json"}},
     400, "malformed_json"),
])
def test_analyze_bad_bodies(client: TestClient, kwargs: dict, status: int,  # type: ignore[type-arg]
                            code: str) -> None:
    assert_error(client.post("/api/analyze", **kwargs), status, code)


# --- routing, methods, docs, headers ---------------------------------------------------------

def test_unknown_route_and_wrong_method(client: TestClient) -> None:
    assert_error(client.get("/api/nothing"), 404, "not_found")
    assert_error(client.get("/api/analyze"), 405, "method_not_allowed")
    assert_error(client.delete("/api/events"), 405, "method_not_allowed")


def test_openapi_served_cdn_docs_not(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    paths = set(schema["paths"])
    assert {"/api/analyze", "/api/events", "/api/dyads/{a}/{b}/series", "/api/network",
            "/api/documents/{doc_id}", "/api/brief", "/api/ingest"} <= paths
    assert "ErrorBody" in schema["components"]["schemas"]
    events_422 = schema["paths"]["/api/events"]["get"]["responses"]["422"]
    assert "invalid_parameter" in events_422["description"]
    for page in ("/docs", "/redoc"):
        assert_error(client.get(page), 404, "not_found")


def test_cors_is_off_and_security_headers_are_set(client: TestClient) -> None:
    origin = {"Origin": "https://evil.example"}
    response = client.get("/api/health", headers=origin)
    assert "access-control-allow-origin" not in response.headers
    preflight = client.options("/api/analyze", headers={
        **origin, "Access-Control-Request-Method": "POST"})
    assert "access-control-allow-origin" not in preflight.headers
    assert preflight.status_code == 405
    csp = response.headers["content-security-policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp
    assert response.headers["x-content-type-options"] == "nosniff"


def test_dates_are_iso_strings(client: TestClient) -> None:
    event = client.get("/api/events", params={"limit": 1}).json()["events"][0]
    assert dt.date.fromisoformat(event["date"])
