"""Liveness, readiness and Prometheus metrics."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request, Response

from common.metrics import metrics_refusal, render_latest
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
    refusal = metrics_refusal(settings, request.headers.get("authorization", ""))
    if refusal is not None:
        raise HTTPException(*refusal, headers={"WWW-Authenticate": "Bearer"})
    body, content_type = render_latest()
    return Response(body, media_type=content_type)
