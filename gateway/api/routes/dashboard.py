"""Dashboard: recent activity, weekly trends and totals, computed from the stored data."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query

from gateway.api.deps import CurrentUser, MongoDep, SettingsDep
from gateway.services import analytics

audit_router = APIRouter(prefix="/audit-logs", tags=["dashboard"])
analytics_router = APIRouter(prefix="/analytics", tags=["dashboard"])


@audit_router.get("/recent", response_model=dict[str, list[dict[str, Any]]])
async def recent(
    user: CurrentUser,
    mongo: MongoDep,
    settings: SettingsDep,
    limit: int = Query(default=4, ge=1, le=100),
) -> dict[str, list[dict[str, Any]]]:
    """`{activities: [{action, candidate, score, timestamp, type}]}`, newest first."""
    return {"activities": await analytics.recent_activity(mongo, settings, user, limit)}


@analytics_router.get("/trends", response_model=dict[str, Any])
async def trends(user: CurrentUser, mongo: MongoDep, settings: SettingsDep) -> dict[str, Any]:
    """This week against last week: candidates, high matches and JDs (`"+12%"`, up or down)."""
    return await analytics.trends(mongo, settings, user)


@analytics_router.get("/stats", response_model=dict[str, Any])
async def stats(user: CurrentUser, mongo: MongoDep, settings: SettingsDep) -> dict[str, Any]:
    """Totals, the average score, counts per fit category and the top matched skills."""
    return await analytics.stats(mongo, settings, user)
