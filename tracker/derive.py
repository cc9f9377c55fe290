"""Every derived field of an execution, as a pure function of its facts.

`derive(doc, resumes, rules)` reads only the execution's `facts`, `workflow_id` and
`created_at` and the per-resume facts (`{resume_id: {extracted, parsed, scored, failed}}`), so
the result is the same for any arrival order, any number of duplicate deliveries and any number
of tracker replicas. Statuses, counters, agents, progress, metrics and results are all here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from common.ids import workflow_started_at
from common.settings import Settings
from common.timeutil import ensure_utc

TERMINAL = ("completed", "failed", "cancelled")
STATUS_RANK = {"pending": 0, "in_progress": 1, "completed": 2, "failed": 2, "cancelled": 2}
# Resume stages in pipeline order: agent id, fact name.
STAGES: tuple[tuple[str, str], ...] = (
    ("resume-extractor", "extracted"),
    ("resume-reader", "parsed"),
    ("hr-comparator", "scored"),
)
AGENT_NAMES = {
    "resume-extractor": "Resume Extractor",
    "jd-reader": "JD Reader",
    "resume-reader": "Resume Reader",
    "hr-comparator": "HR Comparator",
}
AGENT_ORDER = ("resume-extractor", "jd-reader", "resume-reader", "hr-comparator")
RESUME_FACTS = ("extracted", "parsed", "scored", "failed")
MAX_WARNINGS = 50  # the execution lists this many resume warnings at most
# Workflow-level facts that are not progress: they alone leave an execution `pending`.
NOT_PROGRESS = ("registered", "override", "dead_letters", "orphaned")


@dataclass(frozen=True)
class Rules:
    """Score thresholds and retention, read from settings once."""

    best_fit_min: float
    partial_fit_min: float
    excellent_min: float
    good_min: float
    average_min: float
    high_match_min: float
    retention: dict[str, timedelta]

    @classmethod
    def from_settings(cls, s: Settings) -> Rules:
        """The rules configured in `s`."""
        return cls(
            s.best_fit_min_score,
            s.partial_fit_min_score,
            s.excellent_min_score,
            s.good_min_score,
            s.average_min_score,
            s.high_match_min_score,
            {
                "completed": timedelta(days=s.retention_completed_days),
                "failed": timedelta(days=s.retention_failed_days),
                "cancelled": timedelta(days=s.retention_cancelled_days),
            },
        )


def _ms(start: datetime | None, end: datetime | None) -> float | None:
    if start is None or end is None:
        return None
    return max(0.0, round((ensure_utc(end) - ensure_utc(start)).total_seconds() * 1000, 3))


def _min(values: list[datetime | None]) -> datetime | None:
    present = [ensure_utc(v) for v in values if v is not None]
    return min(present) if present else None


def _max(values: list[datetime | None]) -> datetime | None:
    present = [ensure_utc(v) for v in values if v is not None]
    return max(present) if present else None


@dataclass
class ResumeView:
    """One resume's facts and what they mean."""

    resume_id: str
    facts: dict[str, Any]

    @property
    def scored(self) -> dict[str, Any] | None:
        return self.facts.get("scored")

    @property
    def failure(self) -> dict[str, Any] | None:
        """The earliest-stage failure, unless the resume was scored anyway."""
        if self.scored:
            return None
        failed = self.facts.get("failed") or {}
        for agent_id, _ in STAGES:
            if agent_id in failed:
                return failed[agent_id]
        return None

    @property
    def outcome(self) -> str:
        return "scored" if self.scored else "failed" if self.failure else "pending"

    @property
    def warnings(self) -> list[str]:
        """What an agent warned about this resume (its text was read by OCR, say)."""
        return list((self.facts.get("extracted") or {}).get("warnings") or [])

    def done_at(self) -> datetime | None:
        """When the resume finished (scored or failed), None while pending."""
        step = self.scored or self.failure
        return step["occurred_at"] if step else None

    def stage_done_at(self, index: int) -> datetime | None:
        """When this resume passed stage `index` (its own fact, a later one, or a failure)."""
        own = self.facts.get(STAGES[index][1])
        if own:
            return own["occurred_at"]
        later = [self.facts.get(name) for _, name in STAGES[index + 1 :]]
        times = [f["occurred_at"] for f in later if f]
        failure = self.failure
        if failure:
            times.append(failure["occurred_at"])
        return _min(times)


def resume_facts(rows: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Stored resume-fact documents → `{resume_id: {extracted, parsed, scored, failed}}`."""
    return {row["resume_id"]: {k: row[k] for k in RESUME_FACTS if row.get(k)} for row in rows}


def _resume_ids(facts: dict[str, Any], resumes: dict[str, Any]) -> tuple[list[str], bool]:
    header = facts.get("started") or facts.get("registered")
    if header:
        return list(dict.fromkeys(header.get("resume_ids") or [])), True
    return sorted(resumes), False


# What an execution no one registered shows until (unless) its registration arrives: strings,
# as the API promises, that say what happened.
UNREGISTERED = {"jd_id": "", "jd_title": "(unregistered workflow)", "started_by": ""}


def _header(facts: dict[str, Any]) -> dict[str, Any]:
    started, registered = facts.get("started") or {}, facts.get("registered") or {}
    if not (started or registered):
        return dict(UNREGISTERED)
    return {k: started.get(k) or registered.get(k) for k in ("jd_id", "jd_title", "started_by")}


def _agent(
    agent_id: str,
    status: str,
    started_at: datetime | None,
    completed_at: datetime | None,
    busy_ms: float,
    counts: dict[str, int],
    error: str | None,
) -> dict[str, Any]:
    return {
        "agent_id": agent_id,
        "name": AGENT_NAMES[agent_id],
        "status": status,
        "started_at": started_at,
        "completed_at": completed_at,
        "duration_ms": _ms(started_at, completed_at),
        "busy_ms": round(busy_ms, 3),
        "counts": counts,
        "error": error,
    }


def _failure_summary(failures: list[dict[str, Any]], total: int) -> str | None:
    if not failures:
        return None
    reasons: dict[str, int] = {}
    for f in failures:
        reasons[f["reason"]] = reasons.get(f["reason"], 0) + 1
    parts = ", ".join(f"{r} ({n})" for r, n in sorted(reasons.items()))
    return f"{len(failures)} of {total} resumes failed: {parts}"


def _stage_agent(
    index: int, views: list[ResumeView], known: bool, upstream_active: bool
) -> dict[str, Any]:
    agent_id, name = STAGES[index]
    steps = [v.facts[name] for v in views if v.facts.get(name)]
    failures = [f for v in views if (f := v.failure) and f.get("stage") == agent_id]
    own = steps + failures
    done = [v.stage_done_at(index) for v in views]
    all_done = known and all(t is not None for t in done)
    started_at = _min([s.get("started_at") or s["occurred_at"] for s in own])
    if all_done:
        status = "completed" if steps or not views else "failed"
        completed_at = _max(done)
    else:
        status = "in_progress" if own or upstream_active else "pending"
        completed_at = None
    error = _failure_summary(failures, len(views))
    if status == "failed" and not failures:
        error = "no resume reached this stage"
    counts = {
        "total": len(views),
        "processed": len(steps),
        "failed": len(failures),
        "cached": sum(1 for s in steps if s.get("cached")),
    }
    busy = sum(s.get("duration_ms") or 0.0 for s in own)
    return _agent(agent_id, status, started_at, completed_at, busy, counts, error)


def _jd_agent(facts: dict[str, Any], active: bool) -> dict[str, Any]:
    parsed, failed = facts.get("jd_parsed"), facts.get("jd_failed")
    if parsed:
        return _agent(
            "jd-reader",
            "completed",
            parsed.get("started_at"),
            parsed["occurred_at"],
            parsed.get("duration_ms") or 0.0,
            {"total": 1, "processed": 1, "failed": 0, "cached": int(bool(parsed.get("cached")))},
            None,
        )
    if failed:
        return _agent(
            "jd-reader",
            "failed",
            None,
            failed["occurred_at"],
            0.0,
            {"total": 1, "processed": 0, "failed": 1, "cached": 0},
            f"{failed['reason']}: {failed.get('detail') or ''}".rstrip(": "),
        )
    return _agent(
        "jd-reader",
        "in_progress" if active else "pending",
        None,
        None,
        0.0,
        {"total": 1, "processed": 0, "failed": 0, "cached": 0},
        None,
    )


def _natural(
    facts: dict[str, Any], views: list[ResumeView], known: bool, scored: int
) -> tuple[str, datetime | None, str | None, dict[str, Any] | None]:
    """The outcome the events alone decide: (status, at, error, error_details)."""
    jd_failed = facts.get("jd_failed")
    if jd_failed and not facts.get("jd_parsed"):
        return (
            "failed",
            jd_failed["occurred_at"],
            "jd_failed",
            {"reason": jd_failed["reason"], "detail": jd_failed.get("detail") or ""},
        )
    if known and all(v.outcome != "pending" for v in views):
        at = _max([v.done_at() for v in views]) or _header_time(facts)
        if scored:
            return "completed", at, None, None
        return "failed", at, "no_resume_scored", {"failed_resumes": len(views)}
    return "in_progress", None, None, None


def _header_time(facts: dict[str, Any]) -> datetime | None:
    started, registered = facts.get("started") or {}, facts.get("registered") or {}
    return _min([started.get("occurred_at"), registered.get("at")])


def _last_stage(v: ResumeView) -> str:
    if v.outcome != "pending":
        return v.outcome
    for _, name in reversed(STAGES):
        if v.facts.get(name):
            return name
    return "submitted"


def _status(
    doc: dict[str, Any],
    facts: dict[str, Any],
    views: list[ResumeView],
    known: bool,
    scored: int,
    any_event: bool,
) -> tuple[str, datetime | None, str | None, Any]:
    status, at, error, details = _natural(facts, views, known, scored)
    natural_at = at if status in TERMINAL else None
    override, cancel, stall = facts.get("override"), facts.get("cancelled"), facts.get("stalled")

    def before_natural(when: datetime) -> bool:
        return natural_at is None or ensure_utc(when) < ensure_utc(natural_at)

    if override:
        at = override["at"] if override["status"] in TERMINAL else None
        return override["status"], at, override.get("error"), {"set_by": override.get("by")}
    if cancel and before_natural(cancel["occurred_at"]):
        return (
            "cancelled",
            cancel["occurred_at"],
            "cancelled",
            {"cancelled_by": cancel.get("cancelled_by"), "reason": cancel.get("reason")},
        )
    orphaned = facts.get("orphaned")
    if orphaned and not known:
        return (
            "failed",
            orphaned["at"],
            "orphaned",
            {"reason": "agents reported on a workflow that was never registered"},
        )
    if stall and before_natural(stall["at"]):
        unfinished = [
            {"resume_id": v.resume_id, "last_stage": _last_stage(v)}
            for v in views
            if v.outcome == "pending"
        ]
        return "failed", stall["at"], "stalled", {"unfinished_resumes": unfinished}
    if status in TERMINAL:
        return status, at, error, details
    if any_event:
        return "in_progress", None, None, None
    return "pending", None, None, None


def _dead_letters(facts: dict[str, Any]) -> list[dict[str, Any]]:
    entries = sorted(facts.get("dead_letters") or [], key=lambda d: (ensure_utc(d["at"]), d["key"]))
    return [
        {
            k: d.get(k)
            for k in (
                "group",
                "queue",
                "message_type",
                "resume_id",
                "reason",
                "error",
                "at",
                "dead_message_id",
            )
        }
        for d in entries
    ]


def derive(doc: dict[str, Any], resumes: dict[str, dict[str, Any]], rules: Rules) -> dict[str, Any]:
    """All derived fields of an execution document (to `$set` on it).

    `resumes` is `resume_facts(rows)` of the workflow's resume-fact documents.
    """
    facts: dict[str, Any] = doc.get("facts") or {}
    resume_ids, known = _resume_ids(facts, resumes)
    views = [ResumeView(rid, resumes.get(rid) or {}) for rid in resume_ids]
    scores = [v.scored["score"] for v in views if v.scored]
    any_event = bool(resumes) or any(k not in NOT_PROGRESS for k in facts)
    status, completed_at, error, details = _status(doc, facts, views, known, len(scores), any_event)

    stage_active = [bool(facts.get("started")) or bool(resumes)]
    for _, name in STAGES[:-1]:
        stage_active.append(any(v.facts.get(name) for v in views))
    agents_by_id = {
        STAGES[i][0]: _stage_agent(i, views, known, stage_active[i]) for i in range(len(STAGES))
    }
    agents_by_id["jd-reader"] = _jd_agent(facts, stage_active[0])
    agents = [agents_by_id[a] for a in AGENT_ORDER]

    units_total = 1 + 3 * len(views)
    units_done = int(agents_by_id["jd-reader"]["status"] in ("completed", "failed")) + sum(
        1 for i in range(len(STAGES)) for v in views if v.stage_done_at(i) is not None
    )
    completed_agents = sum(1 for a in agents if a["status"] in ("completed", "failed"))

    started_at = (
        workflow_started_at(doc["workflow_id"])
        or _header_time(facts)
        or _min([doc.get("created_at")])
    )
    event_times = [f.get("occurred_at") for f in facts.values() if isinstance(f, dict)]
    for v in views:
        event_times += [f.get("occurred_at") for k, f in v.facts.items() if k != "failed"]
        event_times += [f.get("occurred_at") for f in (v.facts.get("failed") or {}).values()]
    last_event_at = _max(event_times)

    best = sum(1 for s in scores if s >= rules.best_fit_min)
    partial = sum(1 for s in scores if rules.partial_fit_min <= s < rules.best_fit_min)
    failed_resumes = [
        {
            "resume_id": v.resume_id,
            "stage": f["stage"],
            "reason": f["reason"],
            "detail": f.get("detail") or "",
        }
        for v in views
        if (f := v.failure)
    ]
    processed = sum(1 for v in views if v.outcome != "pending")
    warnings = [
        {"resume_id": v.resume_id, "stage": "resume-extractor", "warning": w}
        for v in views
        for w in v.warnings
    ][:MAX_WARNINGS]
    return {
        **_header(facts),
        "status": status,
        "started_at": started_at,
        "completed_at": completed_at,
        "last_event_at": last_event_at,
        "resume_ids": resume_ids,
        "total_resumes": len(views),
        "processed_resumes": processed,
        "agents": agents,
        "progress": {
            "completed_agents": completed_agents,
            "total_agents": len(agents),
            "percentage": round(100 * units_done / units_total),
        },
        "metrics": {
            "total_candidates": len(views),
            "processing_time_ms": _ms(started_at, completed_at or last_event_at),
            "match_rate": round(100 * (best + partial) / len(scores), 1) if scores else 0.0,
            "top_matches": len(scores),
            "best_fit": best,
            "partial_fit": partial,
            "not_fit": len(scores) - best - partial,
            "candidates_scored": len(scores),
            "high_matches": sum(1 for s in scores if s >= rules.high_match_min),
            "average_score": round(sum(scores) / len(scores), 1) if scores else None,
        },
        "results": {
            "excellent_matches": sum(1 for s in scores if s > rules.excellent_min),
            "good_matches": sum(1 for s in scores if rules.good_min <= s <= rules.excellent_min),
            "average_matches": sum(1 for s in scores if rules.average_min <= s < rules.good_min),
            "poor_matches": sum(1 for s in scores if s < rules.average_min),
        },
        "failed_resumes": failed_resumes,
        "warnings": warnings,
        "dead_letters": _dead_letters(facts),
        "error": error,
        "error_details": details,
        "expire_at": completed_at + rules.retention[status]
        if completed_at is not None and status in rules.retention
        else None,
    }


def resume_rows(doc: dict[str, Any], resumes: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """Per-resume stage and outcome, in `resume_ids` order (for `/executions/{id}/resumes`)."""
    resume_ids, _ = _resume_ids(doc.get("facts") or {}, resumes)
    rows = []
    for rid in resume_ids:
        v = ResumeView(rid, resumes.get(rid) or {})
        failure, scored = v.failure, v.scored or {}
        rows.append(
            {
                "resume_id": rid,
                "outcome": v.outcome,
                "stage": _last_stage(v),
                "score": scored.get("score"),
                "fit_category": scored.get("fit_category"),
                "failed_stage": failure["stage"] if failure else None,
                "reason": failure["reason"] if failure else None,
                "detail": failure.get("detail") if failure else None,
                "warnings": v.warnings,
                "extracted_at": (v.facts.get("extracted") or {}).get("occurred_at"),
                "parsed_at": (v.facts.get("parsed") or {}).get("occurred_at"),
                "scored_at": scored.get("occurred_at"),
                "failed_at": failure["occurred_at"] if failure else None,
            }
        )
    return rows
