"""The JSON API under /api: thin handlers over the library (analysis/, store/)."""

from __future__ import annotations

import datetime as dt
import hmac
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.encoders import jsonable_encoder
from fastapi.responses import PlainTextResponse, Response
from pydantic import BaseModel, Field

from multipolar.api.app import AppState
from multipolar.api.errors import ApiError, error_responses
from multipolar.model import Document

router = APIRouter(prefix="/api")

ACTOR_PATTERN = r"^[A-Za-z]{3}[A-Za-z0-9]{0,12}$"
CODE_PATTERN = r"^[0-9]{2,4}$"
DOC_ID_PATTERN = r"^[0-9a-f]{8,64}$"
MAX_LIMIT = 500


def state(request: Request) -> AppState:
    return request.app.state.mp


StateDep = Annotated[AppState, Depends(state)]
Since = Annotated[dt.date | None, Query(description="first day included (YYYY-MM-DD)")]
Until = Annotated[dt.date | None, Query(description="last day included (YYYY-MM-DD)")]
Actor = Annotated[str, Path(pattern=ACTOR_PATTERN, description="actor code, e.g. CHN or RUSGOV")]


def check_period(since: dt.date | None, until: dt.date | None) -> None:
    if since and until and since > until:
        raise ApiError("invalid_parameter", f"since ({since}) is after until ({until})")


# --- analyze ---------------------------------------------------------------------------------

class AnalyzeRequest(BaseModel):
    text: str = Field(min_length=1, description="the article text")
    published: dt.date | None = Field(None, description="publication date, YYYY-MM-DD")


@router.post("/analyze", responses=error_responses(
    "malformed_json", "invalid_parameter", "payload_too_large", "bad_request"))
def analyze(body: AnalyzeRequest, st: StateDep) -> dict[str, Any]:
    """Analyze one text: the same JSON as `multipolar analyze --format json`."""
    analyzer = st.analyzer()
    with st.lock:  # one spaCy pipeline, used by one request at a time
        result = analyzer.analyze(Document(text=body.text, published=body.published))
    return result.to_dict()


# --- health ----------------------------------------------------------------------------------

@router.get("/health")
def health(st: StateDep) -> dict[str, Any]:
    """Liveness: the version and whether ingestion over HTTP is enabled."""
    from multipolar import __version__

    return {"status": "ok", "version": __version__, "ingest_enabled": st.ingest_enabled}


# --- store-backed routes ---------------------------------------------------------------------

@router.get("/events", responses=error_responses("invalid_parameter", "store_unavailable"))
def events(
    st: StateDep,
    actor: Annotated[str | None, Query(pattern=ACTOR_PATTERN,
                                       description="either side starts with this code")] = None,
    dyad: Annotated[str | None, Query(pattern=r"^[A-Za-z0-9]{3,15}:[A-Za-z0-9]{3,15}$",
                                      description="A:B, both directions")] = None,
    code: Annotated[str | None, Query(pattern=CODE_PATTERN,
                                      description="CAMEO code prefix, e.g. 04 or 042")] = None,
    quad_class: Annotated[int | None, Query(ge=1, le=4)] = None,
    modality: Annotated[Literal["asserted", "negated", "future", "hypothetical", "reported"]
                        | None, Query()] = None,
    ids: Annotated[str | None, Query(pattern=r"^[0-9a-f]{8,64}(,[0-9a-f]{8,64}){0,499}$",
                                     description="comma-separated event ids")] = None,
    since: Since = None,
    until: Until = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 50,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
) -> dict[str, Any]:
    """Deduplicated events, newest first, with pagination (`next_offset` is null at the end)."""
    check_period(since, until)
    with st.store() as store:
        filters: dict[str, Any] = {
            "actor": actor.upper() if actor else None,
            "dyad": tuple(dyad.upper().split(":")) if dyad else None,
            "undirected": True, "code": code, "quad_class": quad_class, "modality": modality,
            "since": since, "until": until}
        if ids:
            rows = event_rows(store, ids.split(","))
            total, page = len(rows), rows[offset:offset + limit]
        else:
            total = store.events(**filters).count()
            page = store.events(**filters, limit=limit, offset=offset).to_dicts()
    page = jsonable_encoder(page)
    following = offset + len(page)
    return {"total": total, "limit": limit, "offset": offset,
            "next_offset": following if following < total else None, "events": page}


def event_rows(store: Any, ids: list[str]) -> list[dict[str, Any]]:
    """Events by id, newest first."""
    return store.sql(
        "SELECT * FROM events WHERE id IN (SELECT unnest($ids::VARCHAR[])) "
        "ORDER BY date DESC NULLS LAST, num_mentions DESC, id", {"ids": ids}).to_dicts()


@router.get("/dyads/{a}/{b}/series",
            responses=error_responses("invalid_parameter", "store_unavailable"))
def dyad_series(
    st: StateDep,
    a: Actor,
    b: Actor,
    by: Literal["day", "week", "month"] = "week",
    directed: Annotated[bool, Query(description="only events from a to b")] = False,  # noqa: FBT002
    since: Since = None,
    until: Until = None,
) -> dict[str, Any]:
    """Counts by QuadClass, mean and summed Goldstein, top codes and event ids per period."""
    from multipolar.analysis.dyads import dyad_series as series

    check_period(since, until)
    with st.store() as store:
        result = series(store.con, a, b, by=by, directed=directed, since=since, until=until)
    return result.to_dict()


@router.get("/network", responses=error_responses("invalid_parameter", "store_unavailable"))
def network(
    st: StateDep,
    since: Since = None,
    until: Until = None,
    min_events: Annotated[int, Query(ge=1, le=10_000)] = 1,
    level: Literal["country", "actor"] = "country",
) -> dict[str, Any]:
    """Actors, cooperation and conflict edges, blocs, and edges changed vs the previous period."""
    from multipolar.analysis.network import actor_network

    check_period(since, until)
    with st.store() as store:
        result = actor_network(store.con, since=since, until=until, min_events=min_events,
                               level=level)
    return result.to_dict()


@router.get("/documents/{doc_id}",
            responses=error_responses("not_found", "invalid_parameter", "store_unavailable"))
def document(
    st: StateDep,
    doc_id: Annotated[str, Path(pattern=DOC_ID_PATTERN, description="document id (hex)")],
) -> dict[str, Any]:
    """One stored document with its text, events, mentions, actors, amounts, quotations…"""
    with st.store() as store:
        found = store.document(doc_id)
    if found is None:
        raise ApiError("not_found", f"no document with id {doc_id!r} in the store")
    return found


@router.get("/brief", responses=error_responses("invalid_parameter", "store_unavailable"),
            response_model=None)
def brief(
    st: StateDep,
    a: Annotated[str, Query(pattern=ACTOR_PATTERN, description="actor code")],
    b: Annotated[str | None, Query(pattern=ACTOR_PATTERN, description="second actor")] = None,
    since: Since = None,
    until: Until = None,
    format: Annotated[Literal["json", "markdown"], Query()] = "json",
) -> Response | dict[str, Any]:
    """A Markdown brief for an actor or a dyad, every sentence backed by stored data."""
    from multipolar.analysis.brief import brief as make_brief

    check_period(since, until)
    with st.store() as store:
        text = make_brief(store.con, a, b, since=since, until=until)
    if format == "markdown":
        return PlainTextResponse(text, media_type="text/markdown; charset=utf-8")
    return {"a": a.upper(), "b": b.upper() if b else None, "since": since, "until": until,
            "markdown": text}


# --- ingest ----------------------------------------------------------------------------------

class IngestDocument(BaseModel):
    text: str = Field(min_length=1)
    title: str | None = None
    url: str | None = None
    source: str | None = None
    published: dt.date | None = None


class IngestRequest(BaseModel):
    documents: list[IngestDocument] = Field(min_length=1, max_length=1000)


def require_ingest(request: Request, st: StateDep) -> None:
    if not st.ingest_enabled:
        raise ApiError("ingest_disabled", st.ingest_disabled_reason)
    if st.token is None:
        return
    header = request.headers.get("authorization", "")
    scheme, _, given = header.partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip().encode(),
                                                             st.token.encode()):
        raise ApiError("unauthorized",
                       "POST /api/ingest needs the header 'Authorization: Bearer <token>' "
                       "with the server's token",
                       headers={"WWW-Authenticate": 'Bearer realm="multipolar"'})


@router.post("/ingest", dependencies=[Depends(require_ingest)], responses=error_responses(
    "unauthorized", "ingest_disabled", "malformed_json", "invalid_parameter",
    "payload_too_large", "store_unavailable"))
def ingest(body: IngestRequest, st: StateDep) -> dict[str, Any]:
    """Analyze and store documents (idempotent: a document already stored is not added again)."""
    documents = [Document(text=d.text, title=d.title, url=d.url, source=d.source,
                          published=d.published) for d in body.documents]
    analyzer = st.analyzer()
    with st.lock:
        results = list(analyzer.pipe(documents))
    with st.store() as store:
        summary = store.add(results)
    return {"received": len(documents), "stored": summary.documents,
            "skipped": summary.skipped, "mentions": summary.mentions, "events": summary.events,
            "documents": [r.document.id for r in results]}
