"""The workbench endpoints and the one interface: documents, downloads, reviews, status codes,
and the same dyad events from the CLI, the HTTP API and the Python API."""

from __future__ import annotations

import csv
import io
import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from api_assertions import assert_error
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from multipolar.analysis.dyads import dyad_series
from multipolar.api import create_app
from multipolar.cli import _register_all, app
from multipolar.store import open_store

PERIOD = {"since": "2025-04-01", "until": "2025-05-31"}


def test_json_only_bodies_get_415(client: TestClient) -> None:
    for path in ("/api/analyze", "/api/ingest", "/api/reviews"):
        response = client.post(path, content=b"text", headers={"content-type": "text/plain"})
        assert_error(response, 415, "unsupported_media_type")


def test_head_is_answered_like_get(client: TestClient) -> None:
    response = client.head("/api/health")
    assert response.status_code == 200 and response.content == b""
    assert client.head("/api/events").status_code == 200


def test_documents_list_and_prefix_rule(client: TestClient) -> None:
    body = client.get("/api/documents", params={"limit": 2}).json()
    assert body["total"] == 5 and len(body["documents"]) == 2 and body["next_offset"] == 2
    first = body["documents"][0]
    assert {"id", "title", "source", "published", "language", "events"} <= set(first)
    assert first["published"] <= body["documents"][1]["published"]
    # one prefix rule: 8 characters, and a clear message below that
    found = client.get(f"/api/documents/{first['id'][:8]}").json()
    assert found["document"]["id"] == first["id"]
    error = assert_error(client.get(f"/api/documents/{first['id'][:6]}"), 422,
                         "invalid_parameter")
    assert "too short: give at least 8 characters" in error["error"]["message"]


@pytest.mark.parametrize("path", ["/api/events", "/api/series", "/api/conflict", "/api/dyads",
                                  "/api/actors", "/api/documents", "/api/map",
                                  "/api/dyads/CHN/RUS/series"])
def test_downloads_hold_the_json_rows(client: TestClient, path: str) -> None:
    data = client.get(path).json()
    key = {"/api/series": "points", "/api/dyads/CHN/RUS/series": "points",
           "/api/map": "countries", "/api/conflict": "rows"}.get(path, path.split("/")[-1])
    rows = data[key]
    as_csv = client.get(path, params={"format": "csv"})
    assert as_csv.status_code == 200 and as_csv.headers["content-type"].startswith("text/csv")
    assert "attachment" in as_csv.headers["content-disposition"]
    table = list(csv.DictReader(io.StringIO(as_csv.text)))
    assert len(table) == len(rows)
    parquet = client.get(path, params={"format": "parquet"})
    assert pq.read_table(io.BytesIO(parquet.content)).num_rows == len(rows)
    if path == "/api/events":
        assert [r["id"] for r in table] == [r["id"] for r in rows]
        assert "reviewed" in table[0] and "actor1_label" in table[0]


def test_names_are_given_beside_codes(client: TestClient) -> None:
    event = client.get("/api/events", params={"dyad": "CHN:RUS"}).json()["events"][0]
    assert {event["actor1_label"], event["actor2_label"]} <= {
        "China (government)", "Russia (government)", "China", "Russia"}
    found = client.get("/api/actors", params={"q": "russ"}).json()["actors"]
    assert found and found[0]["code"].startswith("RUS") and "Russia" in found[0]["name"]


def test_one_dyad_rule_cli_api_python(client: TestClient, world_db: Path,
                                      tmp_path: Path) -> None:
    """The same events for the same dyad and period from the CLI, the API and Python."""
    # the API's server holds the store open: the CLI and Python read a copy of the same file
    copy = tmp_path / "same.duckdb"
    shutil.copy(world_db, copy)
    world_db = copy
    api = client.get("/api/events", params={"dyad": "RUS:CHN", "limit": 500, **PERIOD}).json()
    _register_all()
    out = CliRunner().invoke(app, ["events", "--db", str(world_db), "--dyad", "RUS:CHN",
                                   "--since", PERIOD["since"], "--until", PERIOD["until"],
                                   "--limit", "500", "--json"])
    assert out.exit_code == 0, out.stdout
    cli = json.loads(out.stdout)
    with open_store(world_db, read_only=True) as store:
        python = store.events(dyad="RUS:CHN", **PERIOD).to_dicts()
        series = dyad_series(store.con, "RUS", "CHN", by="month")
        directed = store.events(dyad="RUS:CHN", directed=True, **PERIOD).to_dicts()
    ids = sorted(e["id"] for e in python)
    assert ids and sorted(e["id"] for e in api["events"]) == ids == sorted(e["id"] for e in cli)
    # both directions by default; directed is the option, the same everywhere
    assert {e["actor1"][:3] for e in python} == {"RUS", "CHN"}
    api_directed = client.get("/api/events", params={"dyad": "RUS:CHN", "directed": "true",
                                                    **PERIOD}).json()["events"]
    assert sorted(e["id"] for e in api_directed) == sorted(e["id"] for e in directed)
    assert len(directed) < len(python)
    # the dyad series counts the same events, less the negated/hypothetical ones it leaves out
    counted = {e["id"] for e in python if e["modality"] in ("asserted", "reported", "future")}
    assert {i for p in series.points for i in p.event_ids} == counted
    cli_series = CliRunner().invoke(app, ["dyad", "RUS", "CHN", "--db", str(world_db),
                                          "--by", "month", "--json"])
    api_series = client.get("/api/dyads/RUS/CHN/series", params={"by": "month"}).json()
    assert json.loads(cli_series.stdout)["total"] == api_series["total"] == series.total


@pytest.fixture()
def writable(world_db: Path, tmp_path: Path) -> Iterator[tuple[TestClient, Path]]:
    path = tmp_path / "copy.duckdb"
    shutil.copy(world_db, path)
    with TestClient(create_app(path, token="s3cret")) as test_client:
        yield test_client, path


def test_reviews_are_token_protected_and_apply_everywhere(writable) -> None:  # type: ignore[no-untyped-def]
    client, _ = writable
    series = client.get("/api/dyads/CHN/RUS/series").json()
    event = series["points"][0]["event_ids"][0]
    body = {"event_id": event, "verdict": "not_event", "reviewer": "alice",
            "reason": "not a use of force"}
    assert_error(client.post("/api/reviews", json=body), 401, "unauthorized")
    auth = {"Authorization": "Bearer s3cret"}
    stored = client.post("/api/reviews", json=body, headers=auth)
    assert stored.status_code == 200, stored.text
    assert stored.json()["reviewer"] == "alice"
    after = client.get("/api/dyads/CHN/RUS/series").json()
    assert after["total"] == series["total"] - 1
    assert event not in {i for p in after["points"] for i in p["event_ids"]}
    listed = client.get("/api/reviews").json()["reviews"]
    assert [(r["event_id"], r["verdict"]) for r in listed] == [(event, "not_event")]
    gold = client.get("/api/reviews", params={"format": "gold"})
    line = json.loads(gold.text.splitlines()[0])
    assert set(line) == {"id", "text", "date", "expected", "no_event"}
    bad = client.post("/api/reviews", headers=auth, json={**body, "verdict": "corrected"})
    assert_error(bad, 422, "invalid_parameter")
