"""The tracker's FastAPI app; its lifespan also runs the event consumer, the sweeper and the
queue-depth sampler behind `/metrics` (`hrflow_queue_messages`, `hrflow_queue_consumers`)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from common.broker import Publisher, RunningWorker, serve_worker
from common.broker.queue_stats import QueueStatsSampler
from common.db import Mongo
from common.errors import Conflict, HrflowError, NotFound, TransientError
from common.settings import Settings
from tracker.api.routes import events, executions, ops, reports
from tracker.consumer import WORKER
from tracker.indexes import INDEXES
from tracker.queries import BadQueryError
from tracker.scheduler import SettleScheduler
from tracker.store import ExecutionStore
from tracker.sweeper import run_sweeper

log = logging.getLogger("hrflow.tracker")

_STATUS_OF: tuple[tuple[type[Exception], int], ...] = (
    (NotFound, 404),
    (Conflict, 409),
    (TransientError, 503),
    (BadQueryError, 422),
    (HrflowError, 400),
)


def _install_error_handlers(app: FastAPI) -> None:
    async def handle(_: Request, exc: Exception) -> JSONResponse:
        code = next(code for cls, code in _STATUS_OF if isinstance(exc, cls))
        return JSONResponse({"detail": str(exc)}, status_code=code)

    for cls, _ in _STATUS_OF:
        app.add_exception_handler(cls, handle)


def create_app(settings: Settings, *, consume: bool | None = None, sweep: bool = True) -> FastAPI:
    """The app; `consume` (default `TRACKER_CONSUME`) runs the consumer in its lifespan."""
    run_consumer = settings.tracker_consume if consume is None else consume

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        mongo = Mongo(settings)
        await mongo.ensure_indexes(INDEXES)
        publisher = Publisher(settings, "tracker-api")
        store = ExecutionStore(mongo, settings)
        app.state.settings, app.state.mongo = settings, mongo
        app.state.publisher, app.state.store = publisher, store
        app.state.running = RunningWorker(WORKER) if run_consumer else None
        stop = asyncio.Event()
        tasks = []
        if app.state.running is not None:
            tasks.append(
                asyncio.create_task(serve_worker(WORKER, settings, app.state.running, mongo=mongo))
            )
        if sweep:
            tasks.append(asyncio.create_task(run_sweeper(store, publisher.publish, stop)))
        sampler = None
        if settings.tracker_queue_stats_interval_s > 0:
            stats = QueueStatsSampler(settings, settings.tracker_queue_stats_interval_s)
            sampler = asyncio.create_task(stats.run(stop))
        # Without a consumer here, this process still repairs missed derivations.
        repair = (
            None
            if run_consumer
            else SettleScheduler(
                store,
                publisher.publish,
                settings.tracker_derive_interval_s,
                settings.tracker_repair_interval_s,
            )
        )
        if repair is not None:
            repair.start()
        try:
            yield
        finally:
            stop.set()
            if sampler is not None:
                sampler.cancel()  # only metrics: never wait on a broker that does not answer
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await sampler
            if repair is not None:
                await repair.close()
            if app.state.running is not None:
                app.state.running.stop.set()
            for task in tasks:
                with contextlib.suppress(Exception):
                    await task
            await publisher.close()
            mongo.close()

    app = FastAPI(title="hrflow tracker", version="1.0", lifespan=lifespan)
    _install_error_handlers(app)
    for module in (executions, events, reports, ops):
        app.include_router(module.router)
    return app
