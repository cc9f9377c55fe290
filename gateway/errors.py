"""Exception handlers: every hrflow error becomes a JSON `{detail}` with the right status."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from common.auth import Unauthorized
from common.errors import Conflict, HrflowError, NotFound, PermanentError, TransientError

log = logging.getLogger(__name__)


def _json(status: int, detail: str, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"detail": detail}, status_code=status, headers=headers)


async def _not_found(_: Request, exc: Exception) -> JSONResponse:
    return _json(404, str(exc))


async def _conflict(_: Request, exc: Exception) -> JSONResponse:
    return _json(409, str(exc))


async def _unavailable(_: Request, exc: Exception) -> JSONResponse:
    log.warning("dependency unavailable: %s", exc)
    return _json(503, f"Service temporarily unavailable: {exc}", {"Retry-After": "5"})


async def _unauthorized(_: Request, exc: Exception) -> JSONResponse:
    return _json(401, str(exc), {"WWW-Authenticate": "Bearer"})


async def _permanent(_: Request, exc: Exception) -> JSONResponse:
    return _json(400, str(exc))


def install(app: FastAPI) -> None:
    """Register the handlers on `app` (most specific classes first)."""
    app.add_exception_handler(NotFound, _not_found)
    app.add_exception_handler(Conflict, _conflict)
    app.add_exception_handler(TransientError, _unavailable)
    app.add_exception_handler(PermanentError, _permanent)
    app.add_exception_handler(HrflowError, _permanent)
    app.add_exception_handler(Unauthorized, _unauthorized)
