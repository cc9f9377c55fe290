"""Dashboard figures computed from the stored data: activity, weekly trends, totals."""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta
from typing import Any

from common.auth import Principal
from common.db import DESCENDING, Mongo, map_mongo_errors
from common.settings import Settings
from common.timeutil import ensure_utc, isoformat, utcnow
from gateway.collections import AUDIT_LOGS, JOB_DESCRIPTIONS, RESUME_RESULTS, RESUMES
from gateway.services.audit import ACTION_TYPES
from gateway.services.ownership import scoped

ACTION_LABELS: dict[str, str] = {
    "login": "Signed in",
    "logout": "Signed out",
    "register": "Account created",
    "upload_resume": "Resume uploaded",
    "upload_jd": "Job description uploaded",
    "create_jd": "Job description created",
    "update_jd": "Job description updated",
    "delete_resume": "Resume deleted",
    "delete_jd": "Job description deleted",
    "workflow_start": "Screening started",
    "workflow_cancel": "Screening cancelled",
    "workflow_delete": "Workflow deleted",
    "workflow_status": "Workflow status changed",
}
STATS_SAMPLE = 50_000


async def recent_activity(
    mongo: Mongo, settings: Settings, user: Principal, limit: int
) -> list[dict[str, Any]]:
    """The caller's latest audit entries and scored candidates, merged newest first."""
    with map_mongo_errors():
        logs = await (
            mongo.collection(AUDIT_LOGS)
            .find(scoped(user, {"action": {"$in": list(ACTION_LABELS)}}, "user_id"))
            .sort([("created_at", DESCENDING)])
            .limit(limit)
            .to_list(length=limit)
        )
        scored = await (
            mongo.collection(RESUME_RESULTS)
            .find(scoped(user, {}, "started_by"))
            .sort([("created_at", DESCENDING)])
            .limit(limit)
            .to_list(length=limit)
        )
    items = [
        (
            ensure_utc(log["created_at"]),
            {
                "action": ACTION_LABELS.get(log["action"], log["action"]),
                "candidate": _subject(log),
                "score": None,
                "timestamp": isoformat(log["created_at"]),
                "type": ACTION_TYPES.get(log["action"], "info"),
            },
        )
        for log in logs
    ]
    for result in scored:
        score = float(result.get("match_score", 0.0))
        items.append(
            (
                ensure_utc(result["created_at"]),
                {
                    "action": f"Candidate scored: {result.get('fit_category', '')}".rstrip(": "),
                    "candidate": result.get("candidate_name") or result.get("resume_id"),
                    "score": round(score, 1),
                    "timestamp": isoformat(result["created_at"]),
                    "type": "success"
                    if score >= settings.high_match_min_score
                    else "info"
                    if score >= settings.partial_fit_min_score
                    else "warning",
                },
            )
        )
    items.sort(key=lambda pair: pair[0], reverse=True)
    return [item for _, item in items[:limit]]


def _subject(log: dict[str, Any]) -> str:
    details = log.get("details") or {}
    return str(
        details.get("filename")
        or details.get("designation")
        or log.get("resource_id")
        or log.get("email")
        or ""
    )


def trend(this_week: int, last_week: int) -> tuple[str, bool]:
    """`("+12%", True)`: the change of this week against last week."""
    if last_week == 0:
        change = 100.0 if this_week > 0 else 0.0
    else:
        change = 100.0 * (this_week - last_week) / last_week
    sign = "+" if change > 0 else ""
    return f"{sign}{change:.0f}%", change >= 0


async def _count_between(
    mongo: Mongo, collection: str, query: dict[str, Any], start: datetime, end: datetime
) -> int:
    with map_mongo_errors():
        return await mongo.collection(collection).count_documents(
            {**query, "created_at": {"$gte": start, "$lt": end}}
        )


async def trends(mongo: Mongo, settings: Settings, user: Principal) -> dict[str, Any]:
    """Resumes, high matches and JDs of the last 7 days against the 7 days before."""
    now = utcnow()
    week, two_weeks = now - timedelta(days=7), now - timedelta(days=14)
    high = scoped(user, {"match_score": {"$gte": settings.high_match_min_score}}, "started_by")
    series = {
        "candidates": (RESUMES, scoped(user, {})),
        "highMatch": (RESUME_RESULTS, high),
        "jds": (JOB_DESCRIPTIONS, scoped(user, {})),
    }
    answer: dict[str, Any] = {}
    for name, (collection, query) in series.items():
        this_week = await _count_between(mongo, collection, query, week, now)
        last_week = await _count_between(mongo, collection, query, two_weeks, week)
        text, up = trend(this_week, last_week)
        answer[f"{name}Trend"] = text
        answer[f"{name}TrendUp"] = up
        answer[f"{name}ThisWeek"] = this_week
        answer[f"{name}LastWeek"] = last_week
    return answer


async def stats(mongo: Mongo, settings: Settings, user: Principal) -> dict[str, Any]:
    """Totals, the average score, counts per fit category and the most matched skills."""
    with map_mongo_errors():
        total_resumes = await mongo.collection(RESUMES).count_documents(scoped(user, {}))
        total_jds = await mongo.collection(JOB_DESCRIPTIONS).count_documents(scoped(user, {}))
        cursor = (
            mongo.collection(RESUME_RESULTS)
            .find(
                scoped(user, {}, "started_by"),
                {"match_score": 1, "fit_category": 1, "skills_matched": 1, "workflow_id": 1},
            )
            .limit(STATS_SAMPLE)
        )
        rows = await cursor.to_list(length=STATS_SAMPLE)
    scores = [float(r.get("match_score", 0.0)) for r in rows]
    categories = Counter(str(r.get("fit_category") or "Unknown") for r in rows)
    skills = Counter(s for r in rows for s in r.get("skills_matched") or [])
    return {
        "total_resumes": total_resumes,
        "total_job_descriptions": total_jds,
        "total_workflows": len({r.get("workflow_id") for r in rows}),
        "total_candidates_scored": len(rows),
        "average_score": round(sum(scores) / len(scores), 1) if scores else 0.0,
        "high_matches": sum(1 for s in scores if s >= settings.high_match_min_score),
        "fit_categories": {
            name: categories.get(name, 0) for name in ("Best Fit", "Partial Fit", "Not Fit")
        },
        "top_skills": [{"skill": s, "count": n} for s, n in skills.most_common(10)],
    }
