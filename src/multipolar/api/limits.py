"""ASGI middleware: request body size limits, JSON-only API bodies, HEAD, security headers."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from multipolar.api.errors import error_body

# Everything the browser loads comes from this server: no CDN, no external fonts.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
    "script-src 'self'; connect-src 'self'; font-src 'self'; object-src 'none'; "
    "base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)


class BodyLimit:
    """Refuse request bodies above a byte limit (413 with the JSON error shape).

    `limits` maps a path prefix to its limit; the longest matching prefix wins, `default` applies
    elsewhere. The declared Content-Length is checked first; bodies sent without one (chunked)
    are counted as they arrive.
    """

    def __init__(self, app: ASGIApp, *, default: int, limits: Mapping[str, int] | None = None
                 ) -> None:
        self.app = app
        self.default = default
        self.limits = sorted((limits or {}).items(), key=lambda kv: -len(kv[0]))

    def limit_for(self, path: str) -> int:
        for prefix, limit in self.limits:
            if path.startswith(prefix):
                return limit
        return self.default

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.limit_for(scope.get("path", ""))
        declared = dict(scope.get("headers") or ()).get(b"content-length")
        if declared is not None:
            try:
                size = int(declared)
            except ValueError:
                await _send_error(send, 400, "bad_request", "Content-Length is not an integer")
                return
            if size > limit:
                await _send_error(send, 413, "payload_too_large",
                                  f"request body of {size:,} bytes is above the limit of "
                                  f"{limit:,} bytes for this route")
                return
        received = 0

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise HTTPException(413, f"request body is above the limit of {limit:,} "
                                             "bytes for this route")
            return message

        await self.app(scope, counted, send)


async def _send_error(send: Send, status: int, code: str, message: str) -> None:
    body = json.dumps(error_body(code, message)).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"),
                            (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})


class JsonOnly:
    """Refuse an API request body that is not JSON with 415 (as the API documents), instead of
    the 422 that parsing it as JSON would give. Form posts to the dashboard are not affected."""

    def __init__(self, app: ASGIApp, *, prefix: str = "/api/") -> None:
        self.app = app
        self.prefix = prefix

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (scope["type"] == "http" and scope.get("method") in ("POST", "PUT", "PATCH")
                and scope.get("path", "").startswith(self.prefix)):
            raw = dict(scope.get("headers") or ()).get(b"content-type")
            if raw is not None:
                kind = raw.decode("latin-1").split(";")[0].strip().lower()
                if kind != "application/json" and not kind.endswith("+json"):
                    await _send_error(send, 415, "unsupported_media_type",
                                      f"the body is {kind or 'untyped'}; send JSON with "
                                      "'Content-Type: application/json'")
                    return
        await self.app(scope, receive, send)


class DropEmptyQuery:
    """The dashboard's filter forms send every field, empty ones as `since=`: on the pages
    (not the API, whose clients must send valid values) an empty field means "not given"."""

    def __init__(self, app: ASGIApp, *, api_prefix: str = "/api/") -> None:
        self.app = app
        self.api_prefix = api_prefix

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        raw = scope.get("query_string", b"") if scope["type"] == "http" else b""
        if raw and not scope.get("path", "").startswith(self.api_prefix):
            kept = b"&".join(p for p in raw.split(b"&") if p and not p.endswith(b"="))
            if kept != raw:
                scope = {**scope, "query_string": kept}
        await self.app(scope, receive, send)


class HeadAsGet:
    """Answer HEAD as GET without the body (the routes are declared for GET only)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("method") != "HEAD":
            await self.app(scope, receive, send)
            return

        async def without_body(message: Message) -> None:
            if message["type"] == "http.response.body":
                message = {**message, "body": b""}
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, without_body)


class SecurityHeaders:
    """Add a strict Content-Security-Policy and related headers to every response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers: list[Any] = list(message.get("headers", []))
                headers += [
                    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
                    (b"x-content-type-options", b"nosniff"),
                    (b"referrer-policy", b"no-referrer"),
                    (b"x-frame-options", b"DENY"),
                ]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, with_headers)
