"""Reports computed from the executions in a time window (on `started_at`)."""

from __future__ import annotations

import math
from collections import Counter
from datetime import datetime
from typing import Any, Literal

from common.auth import Principal
from common.db import map_mongo_errors
from common.timeutil import ensure_utc, isoformat
from tracker.derive import AGENT_NAMES, AGENT_ORDER, STAGES
from tracker.indexes import dated_before
from tracker.store import ExecutionStore

GroupBy = Literal["day", "jd", "user"]
MAX_EXECUTIONS = 20_000
TOP_SKILLS = 10
# What the reports read of an execution (not its resume ids, agents or change bookkeeping).
WINDOW_FIELDS = {
    "_id": 0,
    **dict.fromkeys(
        (
            "workflow_id",
            "status",
            "started_at",
            "started_by",
            "jd_id",
            "total_resumes",
            "processed_resumes",
            "failed_resumes",
            "metrics",
            "facts.jd_parsed",
            "facts.jd_failed",
        ),
        1,
    ),
}


def percentile(values: list[float], pct: float) -> float | None:
    """Nearest-rank percentile (None for no values)."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(pct / 100 * len(ordered)))
    return round(ordered[rank - 1], 3)


async def _window(
    store: ExecutionStore, principal: Principal, start: datetime | None, end: datetime | None
) -> list[dict[str, Any]]:
    query: dict[str, Any] = {} if principal.is_admin else {"started_by": principal.user_id}
    span: dict[str, Any] = {}
    if start:
        span["$gte"] = ensure_utc(start)
    if end:
        span.update(dated_before(ensure_utc(end)))
    if span:
        query["started_at"] = span
    with map_mongo_errors():
        docs = await store.executions.find(query, WINDOW_FIELDS).to_list(MAX_EXECUTIONS)
    resumes = await store.resumes_of_many([d["workflow_id"] for d in docs])
    for d in docs:
        d["resumes"] = resumes.get(d["workflow_id"], {})
    return docs


def _key(doc: dict[str, Any], group_by: GroupBy) -> str:
    if group_by == "jd":
        return doc.get("jd_id") or "unknown"
    if group_by == "user":
        return doc.get("started_by") or "unknown"
    started = doc.get("started_at")
    return ensure_utc(started).date().isoformat() if started else "unknown"


def _group(docs: list[dict[str, Any]]) -> dict[str, Any]:
    statuses = Counter(d.get("status") for d in docs)
    times = [
        d["metrics"]["processing_time_ms"]
        for d in docs
        if d.get("status") == "completed"
        and (d.get("metrics") or {}).get("processing_time_ms") is not None
    ]
    missing: Counter[str] = Counter()
    for d in docs:
        for r in (d.get("resumes") or {}).values():
            missing.update((r.get("scored") or {}).get("skills_missing") or [])
    metric = lambda name: sum((d.get("metrics") or {}).get(name, 0) for d in docs)  # noqa: E731
    return {
        "workflows_started": len(docs),
        "completed": statuses["completed"],
        "failed": statuses["failed"],
        "cancelled": statuses["cancelled"],
        "in_progress": statuses["in_progress"] + statuses["pending"],
        "resumes_total": sum(d.get("total_resumes", 0) for d in docs),
        "resumes_processed": sum(d.get("processed_resumes", 0) for d in docs),
        "resumes_scored": metric("candidates_scored"),
        "resumes_failed": sum(len(d.get("failed_resumes") or []) for d in docs),
        "processing_time_ms": {"p50": percentile(times, 50), "p95": percentile(times, 95)},
        "fit": {
            "best_fit": metric("best_fit"),
            "partial_fit": metric("partial_fit"),
            "not_fit": metric("not_fit"),
        },
        "top_skills_missing": [
            {"skill": s, "count": n} for s, n in missing.most_common(TOP_SKILLS)
        ],
    }


def summary_of(
    docs: list[dict[str, Any]], start: datetime | None, end: datetime | None, group_by: GroupBy
) -> dict[str, Any]:
    """The summary of executions already read: in total and per group."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for d in docs:
        groups.setdefault(_key(d, group_by), []).append(d)
    return {
        "from": isoformat(start),
        "to": isoformat(end),
        "group_by": group_by,
        "totals": _group(docs),
        "groups": [{"key": k, **_group(v)} for k, v in sorted(groups.items())],
    }


async def summary(
    store: ExecutionStore,
    principal: Principal,
    start: datetime | None,
    end: datetime | None,
    group_by: GroupBy,
) -> dict[str, Any]:
    """Workflows, resumes, processing time and fit distribution, in total and per group."""
    return summary_of(await _window(store, principal, start, end), start, end, group_by)


def _agent_steps(docs: list[dict[str, Any]]) -> dict[str, dict[str, list[Any]]]:
    steps: dict[str, dict[str, list[Any]]] = {a: {"ok": [], "failed": []} for a in AGENT_ORDER}
    for d in docs:
        facts = d.get("facts") or {}
        if facts.get("jd_parsed"):
            steps["jd-reader"]["ok"].append(facts["jd_parsed"])
        if facts.get("jd_failed"):
            steps["jd-reader"]["failed"].append(facts["jd_failed"])
        for r in (d.get("resumes") or {}).values():
            for agent_id, name in STAGES:
                if r.get(name):
                    steps[agent_id]["ok"].append(r[name])
            for agent_id, failure in (r.get("failed") or {}).items():
                if agent_id in steps:
                    steps[agent_id]["failed"].append(failure)
    return steps


def _agent_row(
    agent_id: str, ok: list[dict[str, Any]], failed: list[dict[str, Any]]
) -> dict[str, Any]:
    durations = [s["duration_ms"] for s in ok if s.get("duration_ms") is not None]
    starts = [ensure_utc(s.get("started_at") or s["occurred_at"]) for s in ok + failed]
    ends = [ensure_utc(s["occurred_at"]) for s in ok + failed]
    span_min = (max(ends) - min(starts)).total_seconds() / 60 if ends else 0.0
    done = len(ok) + len(failed)
    return {
        "agent_id": agent_id,
        "name": AGENT_NAMES[agent_id],
        "steps_completed": len(ok),
        "steps_failed": len(failed),
        "failure_rate": round(len(failed) / done, 4) if done else 0.0,
        "throughput_per_min": round(done / span_min, 2) if span_min > 0 else None,
        "duration_ms": {"p50": percentile(durations, 50), "p95": percentile(durations, 95)},
        "failures_by_reason": dict(Counter(f.get("reason", "unknown") for f in failed)),
    }


def agents_of(
    docs: list[dict[str, Any]], start: datetime | None, end: datetime | None
) -> dict[str, Any]:
    """Per agent, over executions already read."""
    steps = _agent_steps(docs)
    return {
        "from": isoformat(start),
        "to": isoformat(end),
        "agents": [_agent_row(a, steps[a]["ok"], steps[a]["failed"]) for a in AGENT_ORDER],
    }


async def agents(
    store: ExecutionStore, principal: Principal, start: datetime | None, end: datetime | None
) -> dict[str, Any]:
    """Per agent: steps done and failed, throughput over the window, step duration p50/p95."""
    return agents_of(await _window(store, principal, start, end), start, end)


async def overview(
    store: ExecutionStore,
    principal: Principal,
    start: datetime | None,
    end: datetime | None,
    group_by: GroupBy,
) -> dict[str, Any]:
    """A dashboard's three reports from one read of the window: the summary grouped as asked,
    the summary per day (for a throughput chart), and the per-agent figures."""
    docs = await _window(store, principal, start, end)
    grouped = summary_of(docs, start, end, group_by)
    return {
        "summary": grouped,
        "daily": grouped if group_by == "day" else summary_of(docs, start, end, "day"),
        "agents": agents_of(docs, start, end),
    }
