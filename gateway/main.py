"""The gateway app: `create_app(settings)` for tests, `run()` for the `hrflow-gateway` command."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.staticfiles import StaticFiles

from common.broker.publisher import Publisher
from common.db import Mongo
from common.logging import configure_logging
from common.settings import Settings, get_settings
from common.tracing import TraceRequests, configure_tracing
from gateway import errors
from gateway.api.routes import (
    auth,
    dashboard,
    dead_letters,
    files,
    health,
    internal,
    job_descriptions,
    matching,
    resumes,
    workflow,
)
from gateway.collections import INDEXES
from gateway.console import queues, reports, signin, workflows
from gateway.console.render import HERE as CONSOLE_DIR
from gateway.middleware import LimitRequestBody, SecurityHeaders, StripTrailingSlash
from gateway.services.sessions import AccountCache
from gateway.services.stream_slots import StreamSlots
from gateway.services.tracker import TrackerClient
from gateway.state import AppState, MessagePublisher

ROUTERS = (
    auth.router,
    job_descriptions.router,
    files.router,
    resumes.router,
    matching.router,
    workflow.router,
    dashboard.audit_router,
    dashboard.analytics_router,
    internal.router,
    health.router,
    dead_letters.router,
    signin.router,
    workflows.router,
    queues.router,
    reports.router,
)


def create_app(
    settings: Settings,
    *,
    tracker_transport: httpx.AsyncBaseTransport | None = None,
    publisher: MessagePublisher | None = None,
) -> FastAPI:
    """The gateway for `settings`; tests may route the tracker client to an in-process app."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        mongo = Mongo(settings)
        await mongo.ensure_indexes(INDEXES)
        http = httpx.AsyncClient(
            base_url=settings.tracker_url,
            transport=tracker_transport,
            timeout=settings.tracker_timeout_s,
        )
        streams = httpx.AsyncClient(
            base_url=settings.tracker_url,
            transport=tracker_transport,
            timeout=settings.tracker_timeout_s,
            limits=httpx.Limits(
                max_connections=settings.sse_max_streams, max_keepalive_connections=10
            ),
        )
        # Connects lazily: the gateway starts while the broker is down and answers 503 for
        # workflow starts until it is back.
        pub = publisher or Publisher(settings, "gateway")
        app.state.gateway = AppState(
            settings,
            mongo,
            http,
            TrackerClient(http, settings, streams),
            pub,
            StreamSlots(settings.sse_max_streams_per_user, settings.sse_max_streams),
            AccountCache(settings.auth_account_cache_s),
        )
        try:
            yield
        finally:
            await pub.close()
            await http.aclose()
            await streams.aclose()
            mongo.close()

    app = FastAPI(
        title="hrflow gateway",
        version="1.0.0",
        description="The HR frontend's API: accounts, JDs, resumes, workflows and results.",
        lifespan=lifespan,
        redirect_slashes=False,
    )
    for router in ROUTERS:
        app.include_router(router)
    app.mount("/console/static", StaticFiles(directory=CONSOLE_DIR / "static"), name="console")
    errors.install(app)
    app.add_middleware(LimitRequestBody, max_body_bytes=settings.upload_max_bytes)
    app.add_middleware(StripTrailingSlash)
    app.add_middleware(TraceRequests)
    app.add_middleware(SecurityHeaders)
    app.add_middleware(
        CORSMiddleware,
        allow_origins=settings.cors_origins,
        allow_methods=["GET", "POST", "PUT", "DELETE", "OPTIONS"],
        allow_headers=["Authorization", "Content-Type"],
        expose_headers=["Content-Disposition", "X-Total-Count"],
        max_age=600,
    )
    return app


def run() -> None:
    """Serve the gateway with uvicorn on `GATEWAY_HOST:GATEWAY_PORT`."""
    import uvicorn

    settings = get_settings()
    configure_logging(settings.log_level, json_lines=settings.log_json)
    configure_tracing("gateway", settings.otel_exporter)
    uvicorn.run(
        create_app(settings),
        host=settings.gateway_host,
        port=settings.gateway_port,
        log_config=None,
        proxy_headers=False,
    )
