"""The JSON API under /api: thin handlers over the library (analysis/, store/).

Every table or view also downloads as CSV or Parquet with `format=csv|parquet` (the same rows
as the JSON). Writes (`POST /api/ingest`, `POST /api/reviews`) need the server's bearer token
when one is set and are off on a non-loopback bind without one.
"""

from __future__ import annotations

import datetime as dt
import hmac
import json
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.encoders import jsonable_encoder
from fastapi.responses import PlainTextResponse, Response
from pydantic import BaseModel, Field

from multipolar.analysis import views
from multipolar.analysis.brief import brief as make_brief
from multipolar.analysis.dyads import dyad_series as make_series
from multipolar.analysis.dyads import top_dyads
from multipolar.analysis.network import actor_network
from multipolar.api.downloads import Format, table_response
from multipolar.api.errors import ApiError, error_responses
from multipolar.api.params import (
    ACTOR_PATTERN,
    CODE_PATTERN,
    DOC_ID_PATTERN,
    DYAD_PATTERN,
    ID_PATTERN,
    MAX_LIMIT,
    Actor,
    Directed,
    Historical,
    Since,
    Until,
    check_period,
)
from multipolar.api.state import StateDep
from multipolar.ingest import analyze_batch
from multipolar.lexicon.names import actor_name, search_actors
from multipolar.model import AnalysisResult, Document
from multipolar.store.reviews import VERDICTS, gold_lines
from multipolar.textio import CODED_LANGUAGES, detect_language
from multipolar.version import __version__

router = APIRouter(prefix="/api")

FormatQuery = Annotated[Format, Query(
    description="json, or a download of the same rows: csv or parquet")]
By = Literal["day", "week", "month"]
READ_ERRORS = ("invalid_parameter", "store_unavailable")


def with_names(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Add the display name of each actor code (`actor1_label`, `actor2_label`)."""
    for row in rows:
        for side in ("actor1", "actor2"):
            if side in row:
                row[f"{side}_label"] = actor_name(row[side]) if row[side] else None
    return rows


# --- analyze ---------------------------------------------------------------------------------

class AnalyzeRequest(BaseModel):
    text: str = Field(min_length=1, description="the article text")
    published: dt.date | None = Field(None, description="publication date, YYYY-MM-DD")
    any_language: bool = Field(default=False, description="code a text detected as not English too")


@router.post("/analyze", responses=error_responses(
    "malformed_json", "invalid_parameter", "payload_too_large", "bad_request",
    "unsupported_media_type"))
def analyze(body: AnalyzeRequest, st: StateDep) -> dict[str, Any]:
    """Analyze one text: the same JSON as `multipolar analyze --format json`. A text detected as
    not English is not coded (`warnings` says so) unless `any_language` is true."""
    language = detect_language(body.text)
    document = Document(text=body.text, published=body.published, language=language.code)
    if not language.coded and not body.any_language:
        return {**AnalysisResult(document=document).to_dict(),
                "warnings": [language.warning()]}
    analyzer = st.analyzer()
    with st.lock:  # one spaCy pipeline, used by one request at a time
        result = analyzer.analyze(document)
    out = result.to_dict()
    if not language.coded:
        out["warnings"] = [language.warning()]
    return out


# --- health ----------------------------------------------------------------------------------

@router.get("/health")
def health(st: StateDep) -> dict[str, Any]:
    """Liveness: the version and whether writes over HTTP (ingest, reviews) are enabled."""
    return {"status": "ok", "version": __version__, "ingest_enabled": st.ingest_enabled}


# --- events ----------------------------------------------------------------------------------

@router.get("/events", responses=error_responses(*READ_ERRORS), response_model=None)
def events(
    st: StateDep,
    actor: Annotated[str | None, Query(pattern=ACTOR_PATTERN,
                                       description="either side starts with this code")] = None,
    dyad: Annotated[str | None, Query(pattern=DYAD_PATTERN,
                                      description="A:B, events between A and B (both "
                                                  "directions unless directed=true)")] = None,
    directed: Directed = False,  # noqa: FBT002
    code: Annotated[str | None, Query(pattern=CODE_PATTERN,
                                      description="CAMEO code prefix, e.g. 04 or 042")] = None,
    quad_class: Annotated[int | None, Query(ge=1, le=4)] = None,
    modality: Annotated[Literal["asserted", "negated", "future", "hypothetical", "reported"]
                        | None, Query()] = None,
    opinion: Annotated[Literal["flagged", "classifier", "agreed"] | None,
                       Query(description="the sentence classifier's second opinion: flagged, "
                             "classifier (events it added) or agreed")] = None,
    ids: Annotated[str | None, Query(pattern=r"^[0-9a-f]{8,64}(,[0-9a-f]{8,64}){0,499}$",
                                     description="comma-separated event ids")] = None,
    since: Since = None,
    until: Until = None,
    historical: Historical = True,  # noqa: FBT002
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 50,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
    format: FormatQuery = "json",
) -> Response | dict[str, Any]:
    """Deduplicated events, newest first, with pagination (`next_offset` is null at the end).

    A dyad A:B means events between A and B in either direction (`directed=true`: A to B only),
    as in `multipolar events --dyad` and `Store.events(dyad=)`."""
    check_period(since, until)
    with st.store() as store:
        filters: dict[str, Any] = {
            "actor": actor.upper() if actor else None,
            "dyad": tuple(dyad.upper().split(":")) if dyad else None,
            "directed": directed, "code": code, "quad_class": quad_class,
            "modality": modality, "since": since, "until": until, "historical": historical,
            "opinion": opinion}
        if ids:
            rows = event_rows(store, ids.split(","))
            total, page = len(rows), rows[offset:offset + limit]
        else:
            total = store.events(**filters).count()
            page = store.events(**filters, limit=limit, offset=offset).to_dicts()
    page = with_names(page)
    if format != "json":
        return table_response(page, format, "events")
    page = jsonable_encoder(page)
    following = offset + len(page)
    return {"total": total, "limit": limit, "offset": offset,
            "next_offset": following if following < total else None, "events": page}


def event_rows(store: Any, ids: list[str]) -> list[dict[str, Any]]:
    """Events by id, newest first."""
    return store.sql(
        "SELECT * FROM events WHERE id IN (SELECT unnest($ids::VARCHAR[])) "
        "ORDER BY date DESC NULLS LAST, num_mentions DESC, id", {"ids": ids}).to_dicts()


# --- views -----------------------------------------------------------------------------------

@router.get("/dyads/{a}/{b}/series", responses=error_responses(*READ_ERRORS),
            response_model=None)
def dyad_series(
    st: StateDep,
    a: Actor,
    b: Actor,
    by: By = "week",
    directed: Directed = False,  # noqa: FBT002
    since: Since = None,
    until: Until = None,
    historical: Historical = False,  # noqa: FBT002
    format: FormatQuery = "json",
) -> Response | dict[str, Any]:
    """Counts by QuadClass, mean and summed Goldstein, top codes and event ids per period."""
    check_period(since, until)
    with st.store() as store:
        result = make_series(store.con, a, b, by=by, directed=directed, since=since,
                             until=until, historical=historical)
    data = result.to_dict()
    if format != "json":
        rows = [{"start": p["start"], "end": p["end"], "events": p["events"],
                 **{f"q{q}": n for q, n in p["by_quad"].items()}, "mentions": p["mentions"],
                 "goldstein_mean": p["goldstein_mean"], "goldstein_sum": p["goldstein_sum"],
                 "top_codes": ",".join(c["code"] for c in p["top_codes"])}
                for p in data["points"]]
        return table_response(rows, format, f"dyad-{result.a}-{result.b}-{by}")
    data["a_name"], data["b_name"] = actor_name(result.a), actor_name(result.b)
    return data


@router.get("/dyads", responses=error_responses(*READ_ERRORS), response_model=None)
def dyads(
    st: StateDep,
    since: Since = None,
    until: Until = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 20,
    level: Literal["country", "actor"] = "country",
    historical: Historical = False,  # noqa: FBT002
    format: FormatQuery = "json",
) -> Response | dict[str, Any]:
    """The most active dyads (both directions together) with cooperation/conflict counts."""
    check_period(since, until)
    with st.store() as store:
        found = top_dyads(store.con, since=since, until=until, limit=limit, level=level,
                          historical=historical)
    rows = [{"a": d.a, "a_name": actor_name(d.a), "b": d.b, "b_name": actor_name(d.b),
             "events": d.events, "cooperation": d.cooperation, "conflict": d.conflict,
             "goldstein_mean": round(d.goldstein_mean, 3)} for d in found]
    if format != "json":
        return table_response(rows, format, "dyads")
    return {"dyads": rows}


@router.get("/series", responses=error_responses(*READ_ERRORS), response_model=None)
def series(
    st: StateDep,
    by: By = "week",
    since: Since = None,
    until: Until = None,
    historical: Historical = False,  # noqa: FBT002
    format: FormatQuery = "json",
) -> Response | dict[str, Any]:
    """All events per period by QuadClass (periods without events included as zeros)."""
    check_period(since, until)
    with st.store() as store:
        rows = views.quad_series(store.con, by=by, since=since, until=until,
                                 historical=historical)
    if format != "json":
        return table_response(rows, format, f"events-per-{by}")
    return {"by": by, "points": rows}


@router.get("/actors", responses=error_responses(*READ_ERRORS), response_model=None)
def actors(
    st: StateDep,
    q: Annotated[str | None, Query(min_length=1, max_length=100,
                                   description="search: a code prefix or part of a name")
                 ] = None,
    since: Since = None,
    until: Until = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 20,
    historical: Historical = False,  # noqa: FBT002
    format: FormatQuery = "json",
) -> Response | dict[str, Any]:
    """The actors in most events, with names; with `q`, the stored actors matching it."""
    check_period(since, until)
    with st.store() as store:
        if q:
            codes = [r[0] for r in store.con.execute(
                "SELECT DISTINCT actor FROM (SELECT actor1 AS actor FROM events UNION "
                "SELECT actor2 FROM events) WHERE actor IS NOT NULL").fetchall()]
            rows = [a.to_dict() for a in search_actors(q, codes, limit=limit)]
        else:
            rows = views.top_actors(store.con, since=since, until=until, limit=limit,
                                    historical=historical)
    if format != "json":
        return table_response(rows, format, "actors")
    return {"actors": rows}


@router.get("/map", responses=error_responses(*READ_ERRORS), response_model=None)
def map_view(
    st: StateDep,
    since: Since = None,
    until: Until = None,
    quad_class: Annotated[int | None, Query(ge=1, le=4)] = None,
    root: Annotated[str | None, Query(pattern=r"^[0-9]{2}$", description="CAMEO root")
                    ] = None,
    historical: Historical = False,  # noqa: FBT002
    table: Annotated[Literal["countries", "points"], Query(
        description="with format=csv|parquet: which table to download")] = "countries",
    format: FormatQuery = "json",
) -> Response | dict[str, Any]:
    """Events per country (count, mean Goldstein) and the geolocated events as points."""
    check_period(since, until)
    with st.store() as store:
        data = views.map_data(store.con, since=since, until=until, quad_class=quad_class,
                              root=root, historical=historical)
    if format != "json":
        return table_response(data[table], format, f"map-{table}")
    return data


@router.get("/conflict", responses=error_responses(*READ_ERRORS), response_model=None)
def conflict(
    st: StateDep,
    by: By = "month",
    since: Since = None,
    until: Until = None,
    country: Annotated[str | None, Query(pattern=r"^[A-Za-z]{3}$")] = None,
    region: Annotated[str | None, Query(max_length=40)] = None,
    historical: Historical = False,  # noqa: FBT002
    format: FormatQuery = "json",
) -> Response | dict[str, Any]:
    """Material-conflict events by period, country and type, with linked casualty figures."""
    check_period(since, until)
    with st.store() as store:
        rows = views.conflict(store.con, by=by, since=since, until=until, country=country,
                              region=region, historical=historical)
    if format != "json":
        return table_response(rows, format, "conflict")
    return {"by": by, "rows": rows}


@router.get("/network", responses=error_responses(*READ_ERRORS), response_model=None)
def network(
    st: StateDep,
    since: Since = None,
    until: Until = None,
    min_events: Annotated[int, Query(ge=1, le=10_000)] = 1,
    level: Literal["country", "actor"] = "country",
    table: Annotated[Literal["edges", "nodes", "changes"], Query(
        description="with format=csv|parquet: which table to download")] = "edges",
    format: FormatQuery = "json",
) -> Response | dict[str, Any]:
    """Actors, cooperation and conflict edges, blocs, and edges changed vs the previous period.
    (CSV/Parquet: the edges, nodes or changes, by `table`.)"""
    check_period(since, until)
    with st.store() as store:
        result = actor_network(store.con, since=since, until=until, min_events=min_events,
                               level=level)
    data = result.to_dict()
    for node in data["nodes"]:
        node["name"] = actor_name(node["code"])
    if format != "json":
        return table_response(data[table], format, f"network-{table}")
    return data


# --- documents -------------------------------------------------------------------------------

@router.get("/documents", responses=error_responses(*READ_ERRORS), response_model=None)
def documents(
    st: StateDep,
    since: Since = None,
    until: Until = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 50,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
    format: FormatQuery = "json",
) -> Response | dict[str, Any]:
    """Stored documents (no text), oldest first: id, title, source, published, language,
    number of events. The same list as `multipolar documents`."""
    check_period(since, until)
    with st.store() as store:
        total, rows = store.document_list(since=since, until=until, limit=limit, offset=offset)
    if format != "json":
        return table_response(rows, format, "documents")
    rows = jsonable_encoder(rows)
    following = offset + len(rows)
    return {"total": total, "limit": limit, "offset": offset,
            "next_offset": following if following < total else None, "documents": rows}


@router.get("/documents/{doc_id}",
            responses=error_responses("not_found", "invalid_parameter", "store_unavailable"))
def document(
    st: StateDep,
    doc_id: Annotated[str, Path(pattern=DOC_ID_PATTERN,
                                description="document id, or a unique prefix of 8+ chars")],
) -> dict[str, Any]:
    """One stored document with its text, events, mentions, actors, amounts, quotations…"""
    with st.store() as store:
        found = store.document(doc_id)
    if found is None:
        raise ApiError("not_found", f"no document with id {doc_id!r} in the store; list them "
                                    "with GET /api/documents")
    with_names(found["events"])
    return found


# --- brief -----------------------------------------------------------------------------------

@router.get("/brief", responses=error_responses(*READ_ERRORS), response_model=None)
def brief(
    st: StateDep,
    a: Annotated[str, Query(pattern=ACTOR_PATTERN, description="actor code")],
    b: Annotated[str | None, Query(pattern=ACTOR_PATTERN, description="second actor")] = None,
    since: Since = None,
    until: Until = None,
    format: Annotated[Literal["json", "markdown"], Query()] = "json",
) -> Response | dict[str, Any]:
    """A Markdown brief for an actor or a dyad, every sentence backed by stored data."""
    check_period(since, until)
    with st.store() as store:
        text = make_brief(store.con, a, b, since=since, until=until)
    if format == "markdown":
        return PlainTextResponse(text, media_type="text/markdown; charset=utf-8")
    return {"a": a.upper(), "b": b.upper() if b else None, "since": since, "until": until,
            "markdown": text}


# --- writes: ingest and reviews ----------------------------------------------------------------

def require_write(request: Request, st: StateDep) -> None:
    """Writes need ingestion on and, when the server has a token, that token."""
    if not st.ingest_enabled:
        raise ApiError("ingest_disabled", st.ingest_disabled_reason)
    if st.token is None:
        return
    header = request.headers.get("authorization", "")
    scheme, _, given = header.partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip().encode(),
                                                             st.token.encode()):
        raise ApiError("unauthorized",
                       f"{request.method} {request.url.path} needs the header "
                       "'Authorization: Bearer <token>' with the server's token",
                       headers={"WWW-Authenticate": 'Bearer realm="multipolar"'})


require_ingest = require_write  # the name earlier releases used


class IngestDocument(BaseModel):
    text: str = Field(min_length=1)
    title: str | None = None
    url: str | None = None
    source: str | None = None
    published: dt.date | None = None


class IngestRequest(BaseModel):
    documents: list[IngestDocument] = Field(min_length=1, max_length=1000)
    any_language: bool = Field(default=False, description="code texts detected as not English too")


@router.post("/ingest", dependencies=[Depends(require_write)], responses=error_responses(
    "unauthorized", "ingest_disabled", "malformed_json", "invalid_parameter",
    "payload_too_large", "unsupported_media_type", "store_unavailable"))
def ingest(body: IngestRequest, st: StateDep) -> dict[str, Any]:
    """Analyze and store documents (idempotent: a document already stored is not added again)."""
    docs = [Document(text=d.text, title=d.title, url=d.url, source=d.source,
                     published=d.published, language=detect_language(d.text).code)
            for d in body.documents]
    analyzer = st.analyzer()
    with st.lock:
        results, failures = analyze_batch(analyzer, docs, any_language=body.any_language)
    with st.store() as store:
        summary = store.add(results)
    not_english = [{"id": d.id, "language": d.language} for d in docs
                   if d.language not in CODED_LANGUAGES]
    return {"received": len(docs), "stored": summary.documents,
            "skipped": summary.skipped, "mentions": summary.mentions,
            "events": summary.new_events, "events_updated": summary.events,
            "documents": [r.document.id for r in results],
            "failed": [{"id": i, "error": m} for i, m in failures],
            "not_coded_language": [] if body.any_language else not_english}


class ReviewRequest(BaseModel):
    event_id: str = Field(pattern=ID_PATTERN, description="event id or a unique 8+ prefix")
    verdict: Literal["not_event", "corrected", "correct"] = Field(
        description="not_event: no such event; corrected: give code and/or actors; "
                    "correct: checked and right")
    reviewer: str = Field(min_length=1, max_length=100, description="who reviews")
    reason: str = Field("", max_length=2000, description="why")
    code: str | None = Field(None, pattern=CODE_PATTERN)
    actor1: str | None = Field(None, pattern=ACTOR_PATTERN)
    actor2: str | None = Field(None, pattern=ACTOR_PATTERN)


@router.post("/reviews", dependencies=[Depends(require_write)], responses=error_responses(
    "unauthorized", "ingest_disabled", "malformed_json", "invalid_parameter",
    "unsupported_media_type", "store_unavailable"))
def add_review(body: ReviewRequest, st: StateDep) -> dict[str, Any]:
    """Mark an event wrong (not an event, or a corrected code/actors) or right. Stored with
    who, when and why; applied at once to every view and export; kept across re-ingests."""
    assert body.verdict in VERDICTS
    with st.store() as store:
        return store.review(body.event_id, body.verdict, reviewer=body.reviewer,
                            reason=body.reason, code=body.code, actor1=body.actor1,
                            actor2=body.actor2)


@router.get("/reviews", responses=error_responses(*READ_ERRORS), response_model=None)
def list_reviews(
    st: StateDep,
    limit: Annotated[int, Query(ge=1, le=10_000)] = 500,
    format: Annotated[Literal["json", "csv", "parquet", "gold"], Query(
        description="json; csv or parquet (the same rows); gold: the reviewed sentences as a "
                    "gold JSONL file for `multipolar eval`")] = "json",
) -> Response | dict[str, Any]:
    """The reviews, newest first (who, when, why, what was coded, the verdict)."""
    with st.store() as store:
        if format == "gold":
            lines = gold_lines(store.con)
            body = "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines)
            return Response(body, media_type="application/jsonl; charset=utf-8", headers={
                "Content-Disposition": 'attachment; filename="reviewed-gold.jsonl"'})
        rows = store.reviews(limit=limit)
    if format != "json":
        return table_response(rows, format, "reviews")
    return {"reviews": rows}
