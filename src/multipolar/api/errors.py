"""The one JSON error shape of the HTTP API, and the handlers that produce it.

Every error the API returns, whatever raised it, has this body and a 4xx or 5xx status:

    {"error": {"code": "invalid_parameter", "message": "query.limit: Input should be ..."}}

`code` is a stable machine-readable word (listed in `ERROR_CODES`); `message` says what was wrong
and how to fix it. Pages outside `/api/` get the same information as a small HTML page.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from html import escape
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

from multipolar.errors import (
    DocumentTooLarge,
    InputError,
    InvalidArgument,
    MultipolarError,
    StoreError,
)

log = logging.getLogger(__name__)

# code -> (HTTP status, meaning). docs/views.md lists the same codes and statuses
# (tests/test_docs.py checks it).
ERROR_CODES: dict[str, tuple[int, str]] = {
    "bad_request": (400, "the request cannot be understood (bad input text, bad date…)"),
    "malformed_json": (400, "the body is not valid JSON"),
    "unauthorized": (401, "a bearer token is required and was missing or wrong"),
    "ingest_disabled": (403, "ingestion over HTTP is off (non-loopback bind without a token)"),
    "not_found": (404, "no such route, document, actor or dyad"),
    "method_not_allowed": (405, "the route exists but not for this HTTP method"),
    "payload_too_large": (413, "the request body is above the size limit"),
    "unsupported_media_type": (415, "the body must be application/json"),
    "invalid_parameter": (422, "a parameter or body field has the wrong type or value"),
    "internal": (500, "an unexpected server error (logged on the server)"),
    "store_unavailable": (503, "the event store cannot be opened or queried"),
}

_STATUS_CODES = {404: "not_found", 405: "method_not_allowed", 413: "payload_too_large",
                 415: "unsupported_media_type", 401: "unauthorized", 400: "bad_request",
                 422: "invalid_parameter"}


class ErrorDetail(BaseModel):
    code: str
    message: str


class ErrorBody(BaseModel):
    """The body of every error response."""

    error: ErrorDetail


class ApiError(Exception):
    """Raise inside a route to answer with the JSON error shape."""

    def __init__(self, code: str, message: str, *, headers: dict[str, str] | None = None
                 ) -> None:
        if code not in ERROR_CODES:
            raise ValueError(f"unknown API error code {code!r}")
        super().__init__(message)
        self.code = code
        self.status = ERROR_CODES[code][0]
        self.message = message
        self.headers = headers


def error_body(code: str, message: str) -> dict[str, Any]:
    return {"error": {"code": code, "message": message}}


def error_responses(*codes: str) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses=` entries documenting the error shape for these codes."""
    out: dict[int | str, dict[str, Any]] = {}
    for code in codes:
        status, meaning = ERROR_CODES[code]
        entry = out.setdefault(status, {"model": ErrorBody, "description": ""})
        entry["description"] = "; ".join(filter(None, (entry["description"],
                                                       f"`{code}`: {meaning}")))
    return out


def _wants_html(request: Request) -> bool:
    path = request.url.path
    if path.startswith("/api/") or path == "/openapi.json":
        return False
    return "text/html" in request.headers.get("accept", "")


def error_response(request: Request, code: str, message: str, *,
                   headers: dict[str, str] | None = None) -> Response:
    status = ERROR_CODES[code][0]
    if _wants_html(request):
        page = (f"<!doctype html><meta charset=utf-8><title>{status} {escape(code)}</title>"
                f'<link rel="stylesheet" href="/static/app.css"><main class="error">'
                f"<h1>{status}: {escape(code.replace('_', ' '))}</h1><p>{escape(message)}</p>"
                '<p><a href="/">back to the overview</a></p></main>')
        return HTMLResponse(page, status_code=status, headers=headers)
    return JSONResponse(error_body(code, message), status_code=status, headers=headers)


def _validation_message(errors: Sequence[Any]) -> tuple[str, str]:
    first = errors[0] if errors else {}
    if first.get("type") == "json_invalid":
        detail = first.get("ctx", {}).get("error", "")
        return "malformed_json", f"the body is not valid JSON: {detail}".rstrip(": ")
    parts = []
    for err in errors[:5]:
        where = ".".join(str(p) for p in err.get("loc", ()))
        parts.append(f"{where}: {err.get('msg', 'invalid')}")
    more = f" (and {len(errors) - 5} more)" if len(errors) > 5 else ""
    return "invalid_parameter", "; ".join(parts) + more


def install_error_handlers(app: FastAPI) -> None:
    """Route every exception to the one error shape."""

    @app.exception_handler(ApiError)
    async def _api_error(request: Request, exc: ApiError) -> Response:
        return error_response(request, exc.code, exc.message, headers=exc.headers)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> Response:
        code = _STATUS_CODES.get(exc.status_code, "bad_request" if exc.status_code < 500
                                 else "internal")
        detail = exc.detail if isinstance(exc.detail, str) else code.replace("_", " ")
        if exc.status_code == 400 and "parsing the body" in detail:
            code, detail = "malformed_json", "the body cannot be decoded as JSON (UTF-8)"
        if exc.status_code == 404 and detail == "Not Found":
            detail = f"no route {request.url.path!r}; see /openapi.json for the API"
        return error_response(request, code, detail, headers=getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def _validation_error(request: Request, exc: RequestValidationError) -> Response:
        code, message = _validation_message(exc.errors())
        return error_response(request, code, message)

    @app.exception_handler(DocumentTooLarge)
    async def _too_large(request: Request, exc: DocumentTooLarge) -> Response:
        return error_response(request, "payload_too_large", str(exc))

    @app.exception_handler(InvalidArgument)
    async def _invalid_argument(request: Request, exc: InvalidArgument) -> Response:
        return error_response(request, "invalid_parameter", str(exc))

    @app.exception_handler(InputError)
    async def _input_error(request: Request, exc: InputError) -> Response:
        return error_response(request, "bad_request", str(exc))

    @app.exception_handler(StoreError)
    async def _store_error(request: Request, exc: StoreError) -> Response:
        log.error("store error on %s: %s", request.url.path, exc)
        return error_response(request, "store_unavailable", str(exc))

    @app.exception_handler(MultipolarError)
    async def _multipolar_error(request: Request, exc: MultipolarError) -> Response:
        return error_response(request, "bad_request", str(exc))

    @app.exception_handler(Exception)
    async def _internal(request: Request, exc: Exception) -> Response:
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        return error_response(request, "internal",
                              "internal server error; the server log has the details")
