"""The hostile tests' stack: the gateway with the real tracker app, in process or on loopback.

`stack(settings)` runs the tracker app (consumer on) and the gateway in this event loop and
yields an `httpx` client bound to the gateway through the full ASGI stack. `LoopbackStack`
serves both with uvicorn on free loopback ports in a thread of their own, for clients that
speak real HTTP (schemathesis).
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
import uvicorn

from common.devsystem import free_port
from common.settings import Settings
from gateway.main import create_app as create_gateway
from tests.gateway.conftest import running_gateway
from tracker.app import create_app as create_tracker


@asynccontextmanager
async def stack(settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    """The gateway wired to the real tracker app (consuming events), both in this loop."""
    tracker = create_tracker(settings, consume=True, sweep=False)
    async with tracker.router.lifespan_context(tracker):
        transport = httpx.ASGITransport(app=tracker)
        async with running_gateway(settings, tracker_transport=transport) as client:
            yield client


class LoopbackStack:
    """Tracker and gateway under uvicorn on 127.0.0.1, in a background thread and loop."""

    def __init__(self, settings: Settings) -> None:
        self.tracker_port, self.gateway_port = free_port(), free_port()
        self.settings = settings.model_copy(
            update={
                "tracker_url": f"http://127.0.0.1:{self.tracker_port}",
                "gateway_url": f"http://127.0.0.1:{self.gateway_port}",
            }
        )
        self.base_url = f"http://127.0.0.1:{self.gateway_port}"
        self._servers = [
            self._server(
                create_tracker(self.settings, consume=True, sweep=False), self.tracker_port
            ),
            self._server(create_gateway(self.settings), self.gateway_port),
        ]
        self._thread = threading.Thread(target=self._run, name="hostile-stack", daemon=True)
        self._error: BaseException | None = None

    @staticmethod
    def _server(app: object, port: int) -> uvicorn.Server:
        config = uvicorn.Config(
            app,
            host="127.0.0.1",
            port=port,
            lifespan="on",  # type: ignore[arg-type]
            log_level="warning",
            log_config=None,
            access_log=False,
        )
        server = uvicorn.Server(config)
        server.install_signal_handlers = lambda: None  # type: ignore[method-assign]
        return server

    def _run(self) -> None:
        async def serve() -> None:
            await asyncio.gather(*(server.serve() for server in self._servers))

        try:
            asyncio.run(serve())
        except Exception as exc:  # noqa: BLE001 - any start-up failure is reported by start()
            self._error = exc

    def start(self, timeout_s: float = 30.0) -> None:
        """Serve both apps; returns once each has started (or raises)."""
        self._thread.start()
        deadline = time.monotonic() + timeout_s
        while not all(server.started for server in self._servers):
            if self._error is not None or not self._thread.is_alive():
                raise RuntimeError(f"the loopback stack did not start: {self._error!r}")
            if time.monotonic() > deadline:
                raise TimeoutError("the loopback stack did not start in time")
            time.sleep(0.05)

    def stop(self) -> None:
        """Shut both servers down (lifespans run their clean-up) and join the thread."""
        for server in self._servers:
            server.should_exit = True
        self._thread.join(timeout=30)
