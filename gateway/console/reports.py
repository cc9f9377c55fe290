"""Console reports: the tracker's summary and per-agent timings as SVG charts, and as CSV."""

from __future__ import annotations

import csv
import io
from collections import Counter
from datetime import date, timedelta
from typing import Annotated, Any, Literal

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import Response

from common.timeutil import utcnow
from gateway.api.deps import StateDep
from gateway.console import charts, session
from gateway.console.days import parse_day, tracker_span
from gateway.console.render import page
from gateway.console.session import Session, SessionDep

router = APIRouter(prefix=session.PATH, include_in_schema=False)

DEFAULT_DAYS = 14
MAX_DAYS = 366
GroupBy = Literal["day", "jd", "user"]
SUMMARY_COLUMNS = (
    "workflows_started",
    "completed",
    "failed",
    "cancelled",
    "in_progress",
    "resumes_total",
    "resumes_scored",
    "resumes_failed",
)


def _window(start: str, end: str) -> tuple[date, date]:
    """The report's days (both included); the last `DEFAULT_DAYS` days by default."""
    last = parse_day(end, "to") or utcnow().date()
    first = parse_day(start, "from") or last - timedelta(days=DEFAULT_DAYS - 1)
    if first > last:
        raise HTTPException(422, "from must not be after to")
    if (last - first).days >= MAX_DAYS:
        raise HTTPException(422, f"a report covers at most {MAX_DAYS} days")
    return first, last


def _params(first: date, last: date, **more: Any) -> dict[str, Any]:
    return {**tracker_span(first, last), **more}


async def _reports(
    state: StateDep, signed: Session, first: date, last: date, group_by: GroupBy
) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    """(per day, grouped as asked, per agent): one tracker call, one read of the window."""
    found = await state.tracker.report(
        signed.auth, "overview", _params(first, last, group_by=group_by)
    )
    return found["daily"], found["summary"], found["agents"]


def _daily(by_day: dict[str, Any], first: date, last: date) -> list[tuple[str, dict[str, Any]]]:
    """Every day of the window, the empty ones too (a gap is a zero, not a missing bar)."""
    groups = {g["key"]: g for g in by_day.get("groups") or []}
    days = [first + timedelta(days=i) for i in range((last - first).days + 1)]
    return [(d.isoformat(), groups.get(d.isoformat(), {})) for d in days]


def _charts(
    by_day: dict[str, Any], agents: dict[str, Any], first: date, last: date
) -> dict[str, Any]:
    daily = _daily(by_day, first, last)
    labels = [day[5:] for day, _ in daily]
    throughput = charts.bars(
        "Workflows started and resumes scored per day",
        labels,
        [
            charts.Series("workflows", [g.get("workflows_started", 0) for _, g in daily]),
            charts.Series("resumes scored", [g.get("resumes_scored", 0) for _, g in daily]),
        ],
    )
    rows = agents.get("agents") or []
    timings = charts.bars(
        "Step duration per agent, p50 and p95 (ms)",
        [a.get("name", a.get("agent_id", "")) for a in rows],
        [
            charts.Series("p50", [(a.get("duration_ms") or {}).get("p50") for a in rows]),
            charts.Series("p95", [(a.get("duration_ms") or {}).get("p95") for a in rows]),
        ],
        " ms",
    )
    reasons: Counter[str] = Counter()
    for a in rows:
        for reason, n in (a.get("failures_by_reason") or {}).items():
            reasons[f"{a.get('agent_id')}: {reason}"] += n
    failures = charts.hbars("Failures by agent and reason", reasons.most_common(12))
    return {"throughput": throughput, "timings": timings, "failures": failures}


@router.get("/reports")
async def reports_page(
    request: Request,
    state: StateDep,
    signed: SessionDep,
    start: Annotated[str, Query(alias="from", max_length=10)] = "",
    end: Annotated[str, Query(alias="to", max_length=10)] = "",
    group_by: GroupBy = "day",
) -> Response:
    """Throughput per day, agents' p50/p95 and failure reasons, and the summary table."""
    first, last = _window(start, end)
    by_day, chosen, agents = await _reports(state, signed, first, last, group_by)
    context = {
        "session": signed,
        "first": first.isoformat(),
        "last": last.isoformat(),
        "group_by": group_by,
        "totals": chosen.get("totals") or {},
        "groups": chosen.get("groups") or [],
        "agents": agents.get("agents") or [],
        "columns": SUMMARY_COLUMNS,
        **_charts(by_day, agents, first, last),
    }
    return page(request, "reports.html", context)


def _csv(header: list[str], rows: list[list[Any]], name: str) -> Response:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return Response(
        out.getvalue(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@router.get("/reports.csv")
async def reports_csv(
    state: StateDep,
    signed: SessionDep,
    kind: Literal["summary", "agents"] = "summary",
    start: Annotated[str, Query(alias="from", max_length=10)] = "",
    end: Annotated[str, Query(alias="to", max_length=10)] = "",
    group_by: GroupBy = "day",
) -> Response:
    """The report's table as CSV (the summary per group, or the per-agent timings)."""
    first, last = _window(start, end)
    name = f"hrflow-{kind}-{first}-{last}.csv"
    if kind == "agents":
        data = await state.tracker.report(signed.auth, "agents", _params(first, last))
        header = [
            "agent_id",
            "steps_completed",
            "steps_failed",
            "failure_rate",
            "throughput_per_min",
            "p50_ms",
            "p95_ms",
        ]
        rows = [
            [
                a.get("agent_id"),
                a.get("steps_completed"),
                a.get("steps_failed"),
                a.get("failure_rate"),
                a.get("throughput_per_min"),
                (a.get("duration_ms") or {}).get("p50"),
                (a.get("duration_ms") or {}).get("p95"),
            ]
            for a in data.get("agents") or []
        ]
        return _csv(header, rows, name)
    data = await state.tracker.report(
        signed.auth, "summary", _params(first, last, group_by=group_by)
    )
    header = [group_by, *SUMMARY_COLUMNS, "p50_ms", "p95_ms", "best_fit", "partial_fit", "not_fit"]
    rows = []
    for g in data.get("groups") or []:
        times, fit = g.get("processing_time_ms") or {}, g.get("fit") or {}
        rows.append(
            [
                g.get("key"),
                *(g.get(c, 0) for c in SUMMARY_COLUMNS),
                times.get("p50"),
                times.get("p95"),
                fit.get("best_fit", 0),
                fit.get("partial_fit", 0),
                fit.get("not_fit", 0),
            ]
        )
    return _csv(header, rows, name)
