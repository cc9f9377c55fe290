"""Exception handlers: every hrflow error becomes a JSON `{detail}` with the right status (an
HTML page that says the same on the console's paths)."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exception_handlers import (
    http_exception_handler,
    request_validation_exception_handler,
)
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException

from common.auth import Unauthorized
from common.errors import Conflict, HrflowError, NotFound, PermanentError, TransientError
from gateway.console.render import error_page
from gateway.console.session import PATH as CONSOLE
from gateway.console.session import SignInRequired, sign_in_url

log = logging.getLogger(__name__)


def _on_console(request: Request) -> bool:
    return request.url.path == CONSOLE or request.url.path.startswith(CONSOLE + "/")


def _answer(
    request: Request, status: int, detail: str, headers: dict[str, str] | None = None
) -> Response:
    if _on_console(request):
        return error_page(request, status, detail, headers)
    return JSONResponse({"detail": detail}, status_code=status, headers=headers)


async def _not_found(request: Request, exc: Exception) -> Response:
    return _answer(request, 404, str(exc))


async def _conflict(request: Request, exc: Exception) -> Response:
    return _answer(request, 409, str(exc))


async def _unavailable(request: Request, exc: Exception) -> Response:
    log.warning("dependency unavailable: %s", exc)
    return _answer(request, 503, f"Service temporarily unavailable: {exc}", {"Retry-After": "5"})


async def _unauthorized(request: Request, exc: Exception) -> Response:
    return _answer(request, 401, str(exc), {"WWW-Authenticate": "Bearer"})


async def _permanent(request: Request, exc: Exception) -> Response:
    return _answer(request, 400, str(exc))


async def _http(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    if _on_console(request):
        return error_page(request, exc.status_code, str(exc.detail), exc.headers)
    return await http_exception_handler(request, exc)


async def _invalid(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    if _on_console(request):
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e.get('loc', ())[1:]) or 'request'}: {e.get('msg')}"
            for e in exc.errors()
        )
        return error_page(request, 422, f"Some of what was sent is not valid: {problems}")
    return await request_validation_exception_handler(request, exc)


async def _sign_in(_: Request, exc: Exception) -> Response:
    assert isinstance(exc, SignInRequired)
    return RedirectResponse(sign_in_url(exc.next_url), status_code=303)


def install(app: FastAPI) -> None:
    """Register the handlers on `app` (most specific classes first)."""
    app.add_exception_handler(NotFound, _not_found)
    app.add_exception_handler(Conflict, _conflict)
    app.add_exception_handler(TransientError, _unavailable)
    app.add_exception_handler(PermanentError, _permanent)
    app.add_exception_handler(HrflowError, _permanent)
    app.add_exception_handler(Unauthorized, _unauthorized)
    app.add_exception_handler(HTTPException, _http)
    app.add_exception_handler(RequestValidationError, _invalid)
    app.add_exception_handler(SignInRequired, _sign_in)
