"""POST /api/ingest auth and defaults, request body limits, the bind-address rule."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from api_assertions import assert_error
from fastapi.testclient import TestClient

from multipolar.analyzer import Analyzer
from multipolar.api import create_app, is_loopback
from multipolar.store import open_store

DOCS = {"documents": [
    {"text": "Russia and China signed a trade agreement in Moscow on Tuesday.",
     "title": "Deal", "source": "Test wire", "published": "2025-05-06"},
    {"text": "The United States imposed sanctions on Iran on Monday.",
     "source": "Test wire", "published": "2025-05-05"},
]}


@pytest.fixture()
def db(tmp_path: Path) -> Path:
    return tmp_path / "ingest.duckdb"


def serve(db: Path, analyzer: Analyzer, **kwargs: object) -> TestClient:
    return TestClient(create_app(db, analyzer=analyzer, **kwargs))  # type: ignore[arg-type]


@pytest.fixture()
def public_with_token(db: Path, analyzer: Analyzer) -> Iterator[TestClient]:
    with serve(db, analyzer, host="0.0.0.0", token="s3cret-token") as client:
        yield client


def test_ingest_with_the_right_token_stores_documents_once(public_with_token: TestClient,
                                                           db: Path) -> None:
    auth = {"Authorization": "Bearer s3cret-token"}
    first = public_with_token.post("/api/ingest", json=DOCS, headers=auth)
    assert first.status_code == 200, first.text
    body = first.json()
    assert (body["received"], body["stored"], body["skipped"]) == (2, 2, 0)
    assert body["events"] >= 1 and len(body["documents"]) == 2
    again = public_with_token.post("/api/ingest", json=DOCS, headers=auth).json()
    assert (again["stored"], again["skipped"]) == (0, 2)
    events = public_with_token.get("/api/events", params={"dyad": "RUS:CHN"}).json()
    assert events["total"] >= 1
    doc = public_with_token.get(f"/api/documents/{body['documents'][0]}").json()
    assert doc["document"]["title"] == "Deal"
    public_with_token.app.state.mp.close()  # type: ignore[attr-defined]
    with open_store(db, read_only=True) as store:
        assert store.stats()["documents"] == 2


@pytest.mark.parametrize("header", [None, "Bearer wrong", "Basic s3cret-token", "s3cret-token",
                                    "Bearer ", "Bearer s3cret-token-and-more"])
def test_ingest_without_the_right_token_is_401(public_with_token: TestClient,
                                               header: str | None) -> None:
    headers = {"Authorization": header} if header is not None else {}
    response = public_with_token.post("/api/ingest", json=DOCS, headers=headers)
    assert_error(response, 401, "unauthorized")
    assert response.headers["www-authenticate"].startswith("Bearer")
    # Reading stays open: the token guards ingestion only.
    assert public_with_token.get("/api/events").status_code == 200


def test_public_bind_without_token_turns_ingest_off(db: Path, analyzer: Analyzer) -> None:
    with serve(db, analyzer, host="0.0.0.0") as client:
        body = assert_error(client.post("/api/ingest", json=DOCS), 403, "ingest_disabled")
        assert "--token" in body["error"]["message"]
        assert client.get("/api/health").json()["ingest_enabled"] is False


def test_loopback_without_token_allows_ingest(db: Path, analyzer: Analyzer) -> None:
    with serve(db, analyzer) as client:
        response = client.post("/api/ingest", json={"documents": DOCS["documents"][:1]})
        assert response.status_code == 200, response.text
        assert response.json()["stored"] == 1


def test_ingest_can_be_turned_off(db: Path, analyzer: Analyzer) -> None:
    with serve(db, analyzer, token="t", allow_ingest=False) as client:
        assert_error(client.post("/api/ingest", json=DOCS,
                                 headers={"Authorization": "Bearer t"}), 403, "ingest_disabled")


def test_empty_token_is_refused(db: Path) -> None:
    with pytest.raises(ValueError, match="token"):
        create_app(db, token="  ")


@pytest.mark.parametrize("body", [{"documents": []}, {"documents": [{"title": "no text"}]},
                                  {"docs": []}, {"documents": [{"text": "x",
                                                                "published": "soon"}]}])
def test_ingest_bad_bodies_are_422(db: Path, analyzer: Analyzer, body: dict) -> None:  # type: ignore[type-arg]
    with serve(db, analyzer) as client:
        assert_error(client.post("/api/ingest", json=body), 422, "invalid_parameter")


def test_body_limits(db: Path, analyzer: Analyzer) -> None:
    with serve(db, analyzer, max_body=2_000, max_ingest_body=5_000) as client:
        medium = "Xi met Putin in Moscow. " * 125  # 3,000 bytes
        body = assert_error(client.post("/api/analyze", json={"text": medium}), 413,
                            "payload_too_large")
        assert "2,000 bytes" in body["error"]["message"]
        # The ingest route has its own, larger limit.
        ok = client.post("/api/ingest", json={"documents": [{"text": medium}]})
        assert ok.status_code == 200, ok.text
        assert_error(client.post("/api/ingest", json={"documents": [{"text": medium * 2}]}),
                     413, "payload_too_large")


def test_chunked_body_over_the_limit_is_413(db: Path, analyzer: Analyzer) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'{"text": "'
        for _ in range(100):
            yield b"x" * 100
        yield b'"}'

    with serve(db, analyzer, max_body=2_000) as client:
        response = client.post("/api/analyze", content=chunks(),
                               headers={"content-type": "application/json"})
        assert_error(response, 413, "payload_too_large")


def test_document_too_large_for_the_analyzer_is_413(db: Path, analyzer: Analyzer) -> None:
    from multipolar.config import Settings

    small = Analyzer(Settings(max_chars=50), nlp=analyzer.nlp, stages=analyzer.stages)
    with serve(db, small) as client:
        body = assert_error(client.post("/api/analyze", json={"text": "a" * 51}), 413,
                            "payload_too_large")
        assert "MULTIPOLAR_MAX_CHARS" in body["error"]["message"]


@pytest.mark.parametrize(("host", "loopback"), [
    ("127.0.0.1", True), ("127.1.2.3", True), ("::1", True), ("[::1]", True),
    ("localhost", True), ("0.0.0.0", False), ("192.168.1.10", False), ("::", False),
    ("example.org", False)])
def test_is_loopback(host: str, loopback: bool) -> None:  # noqa: FBT001
    assert is_loopback(host) is loopback


def test_read_only_server_on_a_missing_store_answers_503(tmp_path: Path,
                                                          analyzer: Analyzer) -> None:
    with serve(tmp_path / "missing.duckdb", analyzer, allow_ingest=False) as client:
        body = assert_error(client.get("/api/events"), 503, "store_unavailable")
        assert "multipolar ingest" in body["error"]["message"]
        assert client.get("/api/health").status_code == 200
    assert not (tmp_path / "missing.duckdb").exists()
