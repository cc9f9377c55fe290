"""Liveness, readiness and Prometheus metrics."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from common.metrics import metrics_response
from gateway.api.deps import MongoDep, SettingsDep

router = APIRouter(tags=["health"])


@router.get("/health")
async def health() -> dict[str, str]:
    """The process answers (no dependency is checked: use `/ready` for that)."""
    return {"status": "ok", "service": "gateway"}


@router.get("/ready")
async def ready(mongo: MongoDep, response: Response) -> dict[str, object]:
    """Whether MongoDB answers; 503 when it does not."""
    ok = await mongo.ping()
    if not ok:
        response.status_code = 503
    return {"status": "ok" if ok else "unavailable", "mongo": ok}


@router.get("/metrics", include_in_schema=False)
async def metrics(request: Request, settings: SettingsDep) -> Response:
    """Prometheus metrics of this process, for the bearer of `METRICS_TOKEN`."""
    return metrics_response(settings, request)
