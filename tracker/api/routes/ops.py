"""`/health`, `/ready`, `/metrics`: probes for orchestrators and Prometheus."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse

from common.metrics import metrics_response

router = APIRouter(tags=["ops"])


@router.get("/health")
async def health() -> dict[str, str]:
    """The process is up."""
    return {"status": "ok"}


@router.get("/ready")
async def ready(request: Request) -> JSONResponse:
    """Mongo answers and the broker accepts a channel (and the consumer runs, when enabled)."""
    state = request.app.state
    mongo_ok = await state.mongo.ping()
    broker_ok = await state.publisher.ping()
    consumer_ok = state.running is None or state.running.ready.is_set()
    body = {
        "ready": mongo_ok and broker_ok and consumer_ok,
        "mongo": mongo_ok,
        "broker": broker_ok,
        "consumer": consumer_ok,
    }
    return JSONResponse(body, status_code=200 if body["ready"] else 503)


@router.get("/metrics")
async def metrics(request: Request) -> Response:
    """Prometheus metrics of this process, for the bearer of `METRICS_TOKEN`."""
    return metrics_response(request.app.state.settings, request)
