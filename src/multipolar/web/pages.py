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
from urllib.parse import parse_qs

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, PackageLoader, select_autoescape

from multipolar.analysis.common import QUAD_NAMES, format_number
from multipolar.api.errors import ERROR_CODES, ApiError
from multipolar.api.routes import ACTOR_PATTERN, DOC_ID_PATTERN, check_period, state
from multipolar.errors import InputError
from multipolar.model import Document

router = APIRouter(include_in_schema=False)

OVERVIEW_WINDOW_DAYS = 90


@functools.cache
def templates() -> Environment:
    env = Environment(loader=PackageLoader("multipolar.web", "templates"),
                      autoescape=select_autoescape(["html"]), trim_blocks=True,
                      lstrip_blocks=True)
    env.globals["quad_names"] = QUAD_NAMES
    env.globals["format_number"] = format_number
    return env


def page(request: Request, name: str, *, status: int = 200, **context: Any) -> HTMLResponse:
    from multipolar import __version__

    st = state(request)
    html = templates().get_template(name).render(
        version=__version__, store_name=st.store_path.name, **context)
    return HTMLResponse(html, status_code=status)


Since = Annotated[dt.date | None, Query()]
Until = Annotated[dt.date | None, Query()]


# --- overview --------------------------------------------------------------------------------

@router.get("/", response_class=HTMLResponse)
def overview(request: Request) -> HTMLResponse:
    from multipolar.analysis.dyads import top_dyads
    from multipolar.analysis.network import actor_network

    with state(request).store() as store:
        stats = store.stats()
        dyads = top_dyads(store.con, limit=12)
        latest = store.events(limit=15).to_dicts()
        last = stats["event_dates"]["max"]
        changes = None
        if last:
            until = dt.date.fromisoformat(last)
            since = until - dt.timedelta(days=OVERVIEW_WINDOW_DAYS - 1)
            changes = actor_network(store.con, since=since, until=until)
    return page(request, "overview.html", nav="overview", stats=stats, dyads=dyads,
                latest=latest, changes=changes)


# --- dyad ------------------------------------------------------------------------------------

@router.get("/dyad/{a}/{b}", response_class=HTMLResponse)
def dyad(
    request: Request,
    a: Annotated[str, Path(pattern=ACTOR_PATTERN)],
    b: Annotated[str, Path(pattern=ACTOR_PATTERN)],
    by: Literal["day", "week", "month"] = "week",
    since: Since = None,
    until: Until = None,
) -> HTMLResponse:
    from multipolar.analysis.brief import collect
    from multipolar.analysis.dyads import dyad_series, truncate
    from multipolar.web.charts import dyad_chart_svg

    check_period(since, until)
    a, b = a.upper(), b.upper()
    with state(request).store() as store:
        series = dyad_series(store.con, a, b, by=by, since=since, until=until)
        data = collect(store.con, a, b, since=since, until=until)
    events = sorted(data.events, key=lambda e: (e["date"], e["id"]), reverse=True)
    for e in events:
        e["period"] = truncate(e["date"], by).isoformat()
        e["doc"] = data.documents.get(e["first_doc_id"], {})
    return page(request, "dyad.html", nav="dyad", a=a, b=b, by=by, since=since, until=until,
                series=series, chart=dyad_chart_svg(series), events=events,
                amounts=data.amounts, quotations=data.quotations, documents=data.documents)


# --- network ---------------------------------------------------------------------------------

@router.get("/network", response_class=HTMLResponse)
def network(
    request: Request,
    since: Since = None,
    until: Until = None,
    level: Literal["country", "actor"] = "country",
    min_events: Annotated[int, Query(ge=1, le=10_000)] = 1,
) -> HTMLResponse:
    from multipolar.analysis.network import actor_network

    check_period(since, until)
    with state(request).store() as store:
        net = actor_network(store.con, since=since, until=until, level=level,
                            min_events=min_events)
    data = net.to_dict()
    return page(request, "network.html", nav="network", net=net, since=since, until=until,
                level=level, min_events=min_events,
                data_json=json.dumps(data).replace("</", "<\\/"))


# --- brief -----------------------------------------------------------------------------------

@router.get("/brief", response_class=HTMLResponse)
def brief_page(
    request: Request,
    a: Annotated[str, Query(pattern=ACTOR_PATTERN)],
    b: Annotated[str | None, Query()] = None,
    since: Since = None,
    until: Until = None,
) -> HTMLResponse:
    from markdown_it import MarkdownIt

    from multipolar.analysis.brief import brief

    check_period(since, until)
    other = b.strip().upper() if b and b.strip() else None
    if other is not None and not re.match(ACTOR_PATTERN, other):
        raise ApiError("invalid_parameter", f"{b!r} is not an actor code")
    with state(request).store() as store:
        text = brief(store.con, a, other, since=since, until=until)
    # Raw HTML in the Markdown is escaped ("html": False): article text cannot inject markup.
    html = MarkdownIt("commonmark", {"html": False}).enable("table").render(text)
    return page(request, "brief.html", nav="brief", a=a.upper(), b=other, since=since,
                until=until, brief_html=html)


# --- document --------------------------------------------------------------------------------

@router.get("/documents/{doc_id}", response_class=HTMLResponse)
def document(request: Request,
             doc_id: Annotated[str, Path(pattern=DOC_ID_PATTERN)]) -> HTMLResponse:
    from multipolar.analysis.documents import stored_result
    from multipolar.web.render import render_result_html

    with state(request).store() as store:
        full = store.resolve_id(doc_id)
        result = stored_result(store.con, full) if full else None
    if result is None:
        raise ApiError("not_found", f"no document with id {doc_id!r} in the store")
    title = result.document.title or f"document {result.document.id[:12]}"
    return page(request, "document.html", nav="document", title=title,
                result_html=render_result_html(result))


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
    return await run_in_threadpool(_analyze_page, request, text, published)


def _analyze_page(request: Request, text: str, published: str) -> HTMLResponse:
    from multipolar.analyzer import to_date
    from multipolar.web.render import render_result_html

    st = state(request)
    if not text.strip():
        return page(request, "analyze.html", status=400, nav="analyze", text=text,
                    published=published, error="Paste a text to analyze.")
    try:
        document = Document(text=text, published=to_date(published or None))
        analyzer = st.analyzer()
        with st.lock:
            result = analyzer.analyze(document)
    except InputError as exc:
        return page(request, "analyze.html", status=400, nav="analyze", text=text,
                    published=published, error=str(exc))
    return page(request, "analyze.html", nav="analyze", text=text, published=published,
                result_html=render_result_html(result), n_events=len(result.events))


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
