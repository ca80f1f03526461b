"""The dashboard pages: overview, dyad, network, document, "analyze a text", API list.

Thin handlers: they call the analysis library and render Jinja2 templates. The same process
serves the JSON API; the pages' scripts (static/*.js) only read data embedded in the page or
call /api on this server.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
from typing import Annotated, Any, Literal
from urllib.parse import parse_qs, urlencode

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, PackageLoader, select_autoescape

from multipolar.analysis import views
from multipolar.analysis.brief import brief as make_brief
from multipolar.analysis.brief import collect
from multipolar.analysis.common import QUAD_NAMES, period_starts
from multipolar.analysis.documents import stored_result
from multipolar.analysis.dyads import dyad_series, top_dyads, truncate
from multipolar.analysis.network import actor_network
from multipolar.analyzer import to_date
from multipolar.api.errors import ERROR_CODES, ApiError
from multipolar.api.params import ACTOR_PATTERN, DOC_ID_PATTERN, DYAD_PATTERN, check_period
from multipolar.api.state import state
from multipolar.display import format_number
from multipolar.errors import InputError
from multipolar.lexicon.names import actor_label, actor_name, search_actors
from multipolar.model import AnalysisResult, Document
from multipolar.textio import detect_language
from multipolar.version import __version__
from multipolar.web.charts import dyad_chart_svg, hbar_svg, quad_series_svg
from multipolar.web.maps import world_map_svg
from multipolar.web.render import render_result_html

router = APIRouter(include_in_schema=False)

OVERVIEW_WINDOW_DAYS = 90
EVENTS_PAGE = 200


@functools.cache
def templates() -> Environment:
    env = Environment(loader=PackageLoader("multipolar.web", "templates"),
                      autoescape=select_autoescape(["html"]), trim_blocks=True,
                      lstrip_blocks=True)
    env.globals["quad_names"] = QUAD_NAMES
    env.globals["format_number"] = format_number
    env.globals["name"] = actor_name
    env.globals["label"] = actor_label
    return env


def page(request: Request, name: str, *, status: int = 200, **context: Any) -> HTMLResponse:
    st = state(request)
    html = templates().get_template(name).render(
        version=__version__, store_name=st.store_path.name, writes=st.ingest_enabled,
        token_needed=st.token is not None, **context)
    return HTMLResponse(html, status_code=status)


def query(**params: Any) -> str:
    """A query string of the parameters that are set."""
    return urlencode({k: v for k, v in params.items() if v not in (None, "", False)})


Since = Annotated[dt.date | None, Query()]
Until = Annotated[dt.date | None, Query()]
HistoricalQ = Annotated[bool, Query()]


# --- overview --------------------------------------------------------------------------------

@router.get("/", response_class=HTMLResponse)
def overview(
    request: Request,
    by: Literal["day", "week", "month"] = "week",
    since: Since = None,
    until: Until = None,
    historical: HistoricalQ = False,  # noqa: FBT002
) -> HTMLResponse:
    check_period(since, until)
    with state(request).store() as store:
        stats = store.stats()
        points = views.quad_series(store.con, by=by, since=since, until=until,
                                   historical=historical)
        actors = views.top_actors(store.con, since=since, until=until, limit=12,
                                  historical=historical)
        dyads = top_dyads(store.con, since=since, until=until, limit=12,
                          historical=historical)
        latest = store.events(limit=15, historical=historical).to_dicts()
        last = stats["event_dates"]["max"]
        changes = None
        if last and not (since or until):
            end = dt.date.fromisoformat(last)
            start = end - dt.timedelta(days=OVERVIEW_WINDOW_DAYS - 1)
            changes = actor_network(store.con, since=start, until=end)
    dyad_rows = [{"label": f"{actor_name(d.a)} – {actor_name(d.b)}", "events": d.events,
                  "a": d.a, "b": d.b} for d in dyads]
    period = query(since=since, until=until, historical=historical)
    return page(request, "overview.html", nav="overview", stats=stats, dyads=dyads,
                latest=latest, changes=changes, by=by, since=since, until=until,
                historical=historical, period=period,
                series_chart=quad_series_svg(points, by=by),
                actors_chart=hbar_svg(actors, label="name", value="events",
                                      link="/events?actor={actor}", title="Top actors"),
                dyads_chart=hbar_svg(dyad_rows, label="label", value="events",
                                     link="/dyad/{a}/{b}", title="Top dyads"))


# --- events (search results, map click-through) ------------------------------------------------

@router.get("/events", response_class=HTMLResponse)
def events_page(
    request: Request,
    actor: Annotated[str | None, Query(pattern=ACTOR_PATTERN)] = None,
    dyad: Annotated[str | None, Query(pattern=DYAD_PATTERN)] = None,
    directed: Annotated[bool, Query()] = False,  # noqa: FBT002
    code: Annotated[str | None, Query(pattern=r"^[0-9]{2,4}$")] = None,
    quad_class: Annotated[int | None, Query(ge=1, le=4)] = None,
    since: Since = None,
    until: Until = None,
    historical: Annotated[bool, Query()] = True,  # noqa: FBT002
) -> HTMLResponse:
    check_period(since, until)
    filters: dict[str, Any] = {"actor": actor.upper() if actor else None,
                               "dyad": dyad.upper() if dyad else None, "directed": directed,
                               "code": code, "quad_class": quad_class, "since": since,
                               "until": until, "historical": historical}
    with state(request).store() as store:
        total = store.events(**filters).count()
        rows = store.events(**filters, limit=EVENTS_PAGE).to_dicts()
    api = query(**{k: v for k, v in filters.items() if k != "historical"},
                historical="true" if historical else "false", limit=500)
    return page(request, "events.html", nav="events", events=rows, total=total,
                filters=filters, api_query=api, shown=len(rows))


# --- search ----------------------------------------------------------------------------------

@router.get("/search", response_class=HTMLResponse)
def search(request: Request,
           q: Annotated[str, Query(max_length=100)] = "") -> HTMLResponse:
    found: list[dict[str, Any]] = []
    if q.strip():
        with state(request).store() as store:
            counts = dict(store.con.execute(
                "SELECT actor, count(*) FROM (SELECT actor1 AS actor FROM events UNION ALL "
                "SELECT actor2 FROM events) WHERE actor IS NOT NULL GROUP BY 1").fetchall())
        found = [{"code": a.code, "name": a.name, "events": counts.get(a.code, 0)}
                 for a in search_actors(q, list(counts), limit=50)]
    return page(request, "search.html", nav="search", q=q, found=found)


# --- map -------------------------------------------------------------------------------------

@router.get("/map", response_class=HTMLResponse)
def map_page(
    request: Request,
    since: Since = None,
    until: Until = None,
    quad_class: Annotated[int | None, Query(ge=1, le=4)] = None,
    root: Annotated[str | None, Query(pattern=r"^([0-9]{2})?$")] = None,
    measure: Literal["events", "goldstein"] = "events",
    historical: HistoricalQ = False,  # noqa: FBT002
) -> HTMLResponse:
    check_period(since, until)
    with state(request).store() as store:
        data = views.map_data(store.con, since=since, until=until, quad_class=quad_class,
                              root=root or None, historical=historical)
    api = query(since=since, until=until, quad_class=quad_class, root=root,
                historical=historical)
    return page(request, "map.html", nav="map", since=since, until=until,
                quad_class=quad_class, root=root or "", measure=measure,
                historical=historical, countries=data["countries"], points=data["points"],
                api_query=api, roots=views.ROOT_NAMES,
                map_svg=world_map_svg(data["countries"], data["points"], measure=measure))


# --- conflict --------------------------------------------------------------------------------

@router.get("/conflict", response_class=HTMLResponse)
def conflict_page(
    request: Request,
    by: Literal["week", "month"] = "month",
    since: Since = None,
    until: Until = None,
    country: Annotated[str | None, Query(pattern=r"^([A-Za-z]{3})?$")] = None,
    region: Annotated[str | None, Query(max_length=40)] = None,
    historical: HistoricalQ = False,  # noqa: FBT002
) -> HTMLResponse:
    check_period(since, until)
    with state(request).store() as store:
        rows = views.conflict(store.con, by=by, since=since, until=until,
                              country=country or None, region=region or None,
                              historical=historical)
    totals: dict[str, dict[str, Any]] = {}
    for r in rows:
        t = totals.setdefault(r["period"], {"start": r["period"], "events": 0,
                                            "verbal_cooperation": 0,
                                            "material_cooperation": 0, "verbal_conflict": 0,
                                            "material_conflict": 0})
        t["events"] += r["events"]
        t["material_conflict"] += r["events"]
    chart_points = []
    if totals:  # every period from the first to the last, empty ones as empty slots
        starts = sorted(totals)
        for start in period_starts(dt.date.fromisoformat(starts[0]),
                                   dt.date.fromisoformat(starts[-1]), by):
            chart_points.append(totals.get(start.isoformat()) or {
                "start": start.isoformat(), "events": 0, "verbal_cooperation": 0,
                "material_cooperation": 0, "verbal_conflict": 0, "material_conflict": 0})
    api = query(by=by, since=since, until=until, country=country, region=region,
                historical=historical)
    return page(request, "conflict.html", nav="conflict", rows=rows, by=by, since=since,
                until=until, country=(country or "").upper(), region=region or "",
                historical=historical, regions=sorted(views.REGIONS.values()),
                chart=quad_series_svg(chart_points, by=by, quads=(4,),
                                      title=f"Material-conflict events per {by}"),
                api_query=api)


# --- dyad ------------------------------------------------------------------------------------

@router.get("/dyad/{a}/{b}", response_class=HTMLResponse)
def dyad(
    request: Request,
    a: Annotated[str, Path(pattern=ACTOR_PATTERN)],
    b: Annotated[str, Path(pattern=ACTOR_PATTERN)],
    by: Literal["day", "week", "month"] = "week",
    since: Since = None,
    until: Until = None,
    directed: Annotated[bool, Query()] = False,  # noqa: FBT002
    historical: HistoricalQ = False,  # noqa: FBT002
    opinion: Literal["", "flagged", "classifier", "agreed"] = "",
) -> HTMLResponse:
    check_period(since, until)
    a, b = a.upper(), b.upper()
    with state(request).store() as store:
        series = dyad_series(store.con, a, b, by=by, directed=directed, since=since,
                             until=until, historical=historical)
        data = collect(store.con, a, b, since=since, until=until)
        if directed:
            data.events[:] = [e for e in data.events
                              if e["actor1"].startswith(a) and e["actor2"].startswith(b)]
        reviewed = {r[0] for r in store.con.execute(
            "SELECT id FROM events WHERE reviewed AND id IN (SELECT unnest(?::VARCHAR[]))",
            [[e["id"] for e in data.events]]).fetchall()}
        # the event table can show only the events the sentence classifier flagged, agreed
        # with or added (the chart keeps every event)
        keep = None if not opinion else {
            r["id"] for r in store.events(dyad=(a, b), directed=directed, since=since,
                                          until=until, opinion=opinion).to_dicts()}
    events = sorted((e for e in data.events if keep is None or e["id"] in keep),
                    key=lambda e: (e["date"], e["id"]), reverse=True)
    for e in events:
        e["period"] = truncate(e["date"], by).isoformat()
        e["doc"] = data.documents.get(e["first_doc_id"], {})
        e["reviewed"] = e["id"] in reviewed
    return page(request, "dyad.html", nav="dyad", a=a, b=b, by=by, since=since, until=until,
                directed=directed, historical=historical,
                period=query(since=since, until=until),
                opinion=opinion, series=series, chart=dyad_chart_svg(series), events=events,
                amounts=data.amounts, quotations=data.quotations, documents=data.documents)


@router.get("/dyad", response_class=HTMLResponse)
def dyad_form(request: Request) -> HTMLResponse:
    """The dyad page's entry: pick two actors (the top dyads are offered)."""
    with state(request).store() as store:
        dyads = top_dyads(store.con, limit=20)
    return page(request, "dyad_pick.html", nav="dyad", dyads=dyads)


# --- network ---------------------------------------------------------------------------------

@router.get("/network", response_class=HTMLResponse)
def network(
    request: Request,
    since: Since = None,
    until: Until = None,
    level: Literal["country", "actor"] = "country",
    min_events: Annotated[int, Query(ge=1, le=10_000)] = 1,
) -> HTMLResponse:
    check_period(since, until)
    with state(request).store() as store:
        net = actor_network(store.con, since=since, until=until, level=level,
                            min_events=min_events)
    data = net.to_dict()
    for node in data["nodes"]:
        node["name"] = actor_name(node["code"])
    return page(request, "network.html", nav="network", net=net, since=since, until=until,
                level=level, min_events=min_events,
                data_json=json.dumps(data).replace("</", "<\\/"))


# --- brief -----------------------------------------------------------------------------------

@router.get("/brief", response_class=HTMLResponse)
def brief_page(
    request: Request,
    a: Annotated[str | None, Query(pattern=ACTOR_PATTERN)] = None,
    b: Annotated[str | None, Query()] = None,
    since: Since = None,
    until: Until = None,
) -> HTMLResponse:
    from markdown_it import MarkdownIt  # only the brief page renders Markdown

    check_period(since, until)
    if a is None:
        return page(request, "brief.html", nav="brief", a="", b=None, since=since,
                    until=until, brief_html="")
    other = b.strip().upper() if b and b.strip() else None
    if other is not None and not re.match(ACTOR_PATTERN, other):
        raise ApiError("invalid_parameter", f"{b!r} is not an actor code")
    with state(request).store() as store:
        text = make_brief(store.con, a, other, since=since, until=until)
    # Raw HTML in the Markdown is escaped ("html": False): article text cannot inject markup.
    html = MarkdownIt("commonmark", {"html": False}).enable("table").render(text)
    return page(request, "brief.html", nav="brief", a=a.upper(), b=other, since=since,
                until=until, brief_html=html, a_name=actor_name(a),
                b_name=actor_name(other) if other else None)


# --- reviews ---------------------------------------------------------------------------------

@router.get("/reviews", response_class=HTMLResponse)
def reviews_page(request: Request) -> HTMLResponse:
    with state(request).store() as store:
        rows = store.reviews(limit=1000)
    return page(request, "reviews.html", nav="reviews", reviews=rows)


# --- documents -------------------------------------------------------------------------------

@router.get("/documents", response_class=HTMLResponse)
def documents_page(
    request: Request,
    since: Since = None,
    until: Until = None,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
) -> HTMLResponse:
    check_period(since, until)
    with state(request).store() as store:
        total, rows = store.document_list(since=since, until=until, limit=100, offset=offset)
    return page(request, "documents.html", nav="documents", documents=rows, total=total,
                offset=offset, since=since, until=until,
                api_query=query(since=since, until=until, limit=500, offset=offset),
                next_offset=offset + 100 if offset + 100 < total else None)


# --- document --------------------------------------------------------------------------------

@router.get("/documents/{doc_id}", response_class=HTMLResponse)
def document(request: Request,
             doc_id: Annotated[str, Path(pattern=DOC_ID_PATTERN)]) -> HTMLResponse:
    with state(request).store() as store:
        full = store.resolve_id(doc_id)
        result = stored_result(store.con, full) if full else None
    if result is None:
        raise ApiError("not_found", f"no document with id {doc_id!r} in the store")
    title = result.document.title or f"document {result.document.id[:12]}"
    return page(request, "document.html", nav="document", title=title,
                result_html=render_result_html(result, actor_name=actor_name))


# --- analyze a text --------------------------------------------------------------------------

@router.get("/analyze", response_class=HTMLResponse)
def analyze_form(request: Request) -> HTMLResponse:
    return page(request, "analyze.html", nav="analyze", text="", published="")


@router.post("/analyze", response_class=HTMLResponse)
async def analyze_submit(request: Request) -> HTMLResponse:
    from fastapi.concurrency import run_in_threadpool

    kind = request.headers.get("content-type", "").split(";")[0].strip()
    if kind != "application/x-www-form-urlencoded":
        raise ApiError("unsupported_media_type", "post the form (application/x-www-form-"
                       "urlencoded) or use POST /api/analyze with JSON")
    body = (await request.body()).decode("utf-8", errors="replace")
    form = parse_qs(body, keep_blank_values=True)
    text = form.get("text", [""])[0]
    published = form.get("published", [""])[0].strip()
    request.state.form_flags = {k for k in ("any_language",) if form.get(k)}
    return await run_in_threadpool(_analyze_page, request, text, published)


def _analyze_page(request: Request, text: str, published: str) -> HTMLResponse:
    st = state(request)
    if not text.strip():
        return page(request, "analyze.html", status=400, nav="analyze", text=text,
                    published=published, error="Paste a text to analyze.")
    language = detect_language(text)
    any_language = "any_language" in form_flags(request)
    try:
        document = Document(text=text, published=to_date(published or None),
                            language=language.code)
        if language.coded or any_language:
            analyzer = st.analyzer()
            with st.lock:
                result = analyzer.analyze(document)
        else:
            result = AnalysisResult(document=document)
    except InputError as exc:
        return page(request, "analyze.html", status=400, nav="analyze", text=text,
                    published=published, error=str(exc))
    return page(request, "analyze.html", nav="analyze", text=text, published=published,
                result_html=render_result_html(result, actor_name=actor_name),
                n_events=len(result.events),
                warning=None if language.coded else language.warning().replace(
                    "--any-language", "tick “code it anyway”"),
                any_language=any_language)


def form_flags(request: Request) -> set[str]:
    """The checkbox names the analyze form sent (kept on the request by `analyze_submit`)."""
    flags: set[str] = getattr(request.state, "form_flags", set())
    return flags


# --- API list --------------------------------------------------------------------------------

@router.get("/api-docs", response_class=HTMLResponse)
def api_docs(request: Request) -> HTMLResponse:
    schema = request.app.openapi()
    routes = []
    for path, methods in schema.get("paths", {}).items():
        for method, op in methods.items():
            params = [{"name": p["name"], "where": p["in"], "required": p.get("required", False)}
                      for p in op.get("parameters", [])]
            if "requestBody" in op:
                params.append({"name": "JSON body", "where": "body", "required": True})
            routes.append({"method": method.upper(), "path": path,
                           "summary": (op.get("description") or op.get("summary") or "")
                           .split("\n")[0], "params": params})
    codes = [(code, status, meaning) for code, (status, meaning) in ERROR_CODES.items()]
    return page(request, "api_docs.html", nav="api", routes=routes, error_codes=codes,
                openapi_version=schema.get("openapi", "3"))
