"""`/reports`: summaries over a time window."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query

from tracker import reports
from tracker.api.deps import CurrentPrincipal, StoreDep

router = APIRouter(prefix="/reports", tags=["reports"])


@router.get("/summary")
async def summary(
    store: StoreDep,
    principal: CurrentPrincipal,
    start: Annotated[datetime | None, Query(alias="from")] = None,
    end: Annotated[datetime | None, Query(alias="to")] = None,
    group_by: Annotated[reports.GroupBy, Query()] = "day",
) -> dict[str, Any]:
    """Workflows, resumes, processing-time p50/p95, fit distribution and top missing skills."""
    return await reports.summary(store, principal, start, end, group_by)


@router.get("/agents")
async def agents(
    store: StoreDep,
    principal: CurrentPrincipal,
    start: Annotated[datetime | None, Query(alias="from")] = None,
    end: Annotated[datetime | None, Query(alias="to")] = None,
) -> dict[str, Any]:
    """Per agent throughput, step duration p50/p95 and failures by reason."""
    return await reports.agents(store, principal, start, end)


@router.get("/overview")
async def overview(
    store: StoreDep,
    principal: CurrentPrincipal,
    start: Annotated[datetime | None, Query(alias="from")] = None,
    end: Annotated[datetime | None, Query(alias="to")] = None,
    group_by: Annotated[reports.GroupBy, Query()] = "day",
) -> dict[str, Any]:
    """`{summary, daily, agents}`: the summary grouped as asked, the same per day, and the
    per-agent report, from one read of the window (what a dashboard page needs)."""
    return await reports.overview(store, principal, start, end, group_by)
