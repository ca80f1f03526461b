"""The FastAPI application: the JSON API under /api and the dashboard pages, one process.

Security defaults: the CLI binds 127.0.0.1; CORS is off (no CORS middleware, so browsers refuse
cross-origin reads); request bodies are size-limited and API bodies must be JSON (415 otherwise);
`POST /api/ingest` and `POST /api/reviews` require a bearer token when one is configured and are
refused on a non-loopback bind without one; Swagger UI and ReDoc
(which load from a CDN) are not served, the OpenAPI schema is, at /openapi.json, and the dashboard
lists the API at /api-docs from it.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from multipolar.analyzer import Analyzer
from multipolar.api.errors import install_error_handlers
from multipolar.api.limits import (
    BodyLimit,
    DropEmptyQuery,
    HeadAsGet,
    JsonOnly,
    SecurityHeaders,
)
from multipolar.api.routes import router as api_router
from multipolar.api.state import AppState, is_loopback
from multipolar.version import __version__
from multipolar.web.pages import router as pages_router

log = logging.getLogger(__name__)

__all__ = ["DEFAULT_MAX_BODY", "DEFAULT_MAX_INGEST_BODY", "AppState", "create_app",
           "is_loopback"]

DEFAULT_MAX_BODY = 4 * 1024 * 1024  # bytes, every route but ingest
DEFAULT_MAX_INGEST_BODY = 64 * 1024 * 1024


def create_app(
    store_path: str | Path,
    *,
    token: str | None = None,
    host: str = "127.0.0.1",
    allow_ingest: bool | None = None,
    analyzer: Analyzer | None = None,
    max_body: int = DEFAULT_MAX_BODY,
    max_ingest_body: int = DEFAULT_MAX_INGEST_BODY,
) -> FastAPI:
    """Build the app for the store at `store_path`.

    - `token`: bearer token required by `POST /api/ingest` (and only there).
    - `host`: the address the server binds, used for the ingest default: without a token,
      ingestion is allowed on loopback and refused elsewhere. `allow_ingest` overrides it
      (`False` turns ingestion off everywhere; `True` on a public bind still needs a token).
    - `analyzer`: an Analyzer to reuse (tests, notebooks); else one is loaded on first use.
    """
    if token is not None and not token.strip():
        raise ValueError("token must not be empty")
    loopback = is_loopback(host)
    if allow_ingest is False:
        enabled, reason = False, "ingestion over HTTP is turned off on this server"
    elif token or loopback:
        enabled, reason = True, ""
    else:
        enabled, reason = False, (
            f"ingestion is off: the server is bound to {host}, a non-loopback address, without "
            "a token; restart it with --token (or MULTIPOLAR_API_TOKEN) to enable it")
    state = AppState(store_path=Path(store_path), token=token, ingest_enabled=enabled,
                     ingest_disabled_reason=reason, _analyzer=analyzer)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        state.close()

    app = FastAPI(
        lifespan=lifespan,
        title="multipolar",
        version=__version__,
        summary="Political event data from news text: events, dyads, networks, briefs.",
        docs_url=None,
        redoc_url=None,
        openapi_url="/openapi.json",
    )
    app.state.mp = state
    install_error_handlers(app)
    app.include_router(api_router)
    app.include_router(pages_router)
    app.mount("/static", StaticFiles(packages=[("multipolar.web", "static")]), name="static")
    app.add_middleware(BodyLimit, default=max_body, limits={"/api/ingest": max_ingest_body})
    app.add_middleware(JsonOnly)
    app.add_middleware(DropEmptyQuery)
    app.add_middleware(HeadAsGet)
    app.add_middleware(SecurityHeaders)
    return app
