"""ASGI middleware: trailing-slash tolerance, a hard cap on request bodies, security headers."""

from __future__ import annotations

import json

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

# Room for multipart boundaries and the small form fields around one file.
MULTIPART_OVERHEAD_BYTES = 64 * 1024


class StripTrailingSlash:
    """Route `/resumes/` as `/resumes`: no redirect (a cross-origin 307 drops the auth header)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            path: str = scope["path"]
            if len(path) > 1 and path.endswith("/"):
                scope = {**scope, "path": path.rstrip("/") or "/"}
                raw = scope.get("raw_path")
                if raw:
                    scope["raw_path"] = raw.rstrip(b"/") or b"/"
        await self.app(scope, receive, send)


class BodyTooLargeError(HTTPException):
    """Raised from `receive` when a body passes the cap.

    An `HTTPException`, so that when a route's body parsing is the reader, FastAPI passes it
    through (instead of turning it into "error parsing the body") and answers 413.
    """

    def __init__(self, limit_mb: float) -> None:
        super().__init__(413, f"The request is larger than the {limit_mb:g} MB upload limit")


class LimitRequestBody:
    """Refuse bodies over the upload limit (plus multipart overhead) without buffering them.

    A declared `Content-Length` over the cap is answered 413 before a byte is read; a chunked
    or lying body is counted as it arrives and cut off with 413 the moment it passes the cap.
    """

    def __init__(self, app: ASGIApp, max_body_bytes: int) -> None:
        self.app = app
        self.cap = max_body_bytes + MULTIPART_OVERHEAD_BYTES
        self.limit_mb = max_body_bytes / (1024 * 1024)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.cap:
            await self._refuse(send)
            return
        seen = 0
        started = False

        async def counting_receive() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.cap:
                    raise BodyTooLargeError(self.limit_mb)
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counting_receive, tracking_send)
        except BodyTooLargeError:
            if not started:
                await self._refuse(send)

    async def _refuse(self, send: Send) -> None:
        body = json.dumps(
            {"detail": f"The request is larger than the {self.limit_mb:g} MB upload limit"}
        ).encode()
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(body)).encode()),
                    (b"connection", b"close"),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})


SECURITY_HEADERS = (
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"same-origin"),
)
_SET = {name for name, _ in SECURITY_HEADERS}
CONSOLE_POLICY = (
    b"default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    b"connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)


class SecurityHeaders:
    """The same headers on every answer (no sniffing, no framing, no cross-site referrer);
    console pages also get a content security policy and are never cached."""

    def __init__(self, app: ASGIApp, console_prefix: str = "/console") -> None:
        self.app = app
        self.console_prefix = console_prefix

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope.get("path", "")
        console = path == self.console_prefix or path.startswith(self.console_prefix + "/")
        static = path.startswith(self.console_prefix + "/static/")

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [h for h in message.get("headers", []) if h[0] not in _SET]
                headers.extend(SECURITY_HEADERS)
                if console:
                    headers.append((b"content-security-policy", CONSOLE_POLICY))
                    if not static:
                        headers.append((b"cache-control", b"no-store"))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, with_headers)
