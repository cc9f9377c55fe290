"""A worker's own small HTTP server: `/health`, `/ready`, `/metrics` (on `METRICS_PORT`)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import TYPE_CHECKING, Any

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from common.metrics import metrics_response
from common.settings import Settings

if TYPE_CHECKING:
    from common.broker.publisher import Publisher
    from common.broker.worker import RunningWorker
    from common.db import Mongo

log = logging.getLogger(__name__)


class Probe:
    """Serves health, readiness and metrics while a worker runs (off when the port is 0)."""

    def __init__(
        self,
        settings: Settings,
        group: str,
        running: RunningWorker,
        mongo: Mongo,
        publisher: Publisher,
    ) -> None:
        self._settings = settings
        self._group = group
        self._running = running
        self._mongo = mongo
        self._publisher = publisher
        self._server: uvicorn.Server | None = None
        self._task: asyncio.Task[Any] | None = None

    def app(self) -> Starlette:
        """The probe's ASGI app."""
        return Starlette(
            routes=[
                Route("/health", self._health),
                Route("/ready", self._ready),
                Route("/metrics", self._metrics),
            ]
        )

    async def start(self) -> None:
        """Start serving in the background (no-op when `METRICS_PORT` is 0)."""
        if not self._settings.metrics_port:
            return
        config = uvicorn.Config(
            self.app(),
            host="127.0.0.1",
            port=self._settings.metrics_port,
            log_level="warning",
            lifespan="off",
        )
        self._server = uvicorn.Server(config)
        self._task = asyncio.create_task(self._server.serve())

    async def stop(self) -> None:
        """Stop serving."""
        if self._server is not None and self._task is not None:
            self._server.should_exit = True
            with contextlib.suppress(Exception):
                await self._task

    async def _health(self, _: Request) -> Response:
        return JSONResponse({"status": "ok", "group": self._group})

    async def _ready(self, _: Request) -> Response:
        mongo_ok = await self._mongo.ping()
        broker_ok = self._running.ready.is_set() and await self._publisher.ping()
        state = self._running.context.state if self._running.context is not None else {}
        # Parser pools (and anything else a worker keeps that can break) report themselves.
        pools = {k: bool(v.healthy) for k, v in state.items() if hasattr(v, "healthy")}
        body = {
            "ready": mongo_ok and broker_ok and all(pools.values()),
            "mongo": mongo_ok,
            "broker": broker_ok,
            "pools": pools,
            "in_flight": self._running.in_flight,
            "handled": self._running.handled,
        }
        return JSONResponse(body, status_code=200 if body["ready"] else 503)

    async def _metrics(self, request: Request) -> Response:
        return metrics_response(self._settings, request)
