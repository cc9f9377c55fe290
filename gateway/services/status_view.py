"""The tracker's execution document → the frontend's `GET /workflow/status` shape."""

from __future__ import annotations

from typing import Any

from common.messages import AGENT_IDS
from gateway.schemas.workflow import AgentStatus, Progress, StatusMetrics, WorkflowStatus

AGENT_CARDS: dict[str, tuple[str, str]] = {
    "resume-extractor": ("Resume Extractor", "Turns each uploaded resume file into text"),
    "jd-reader": ("JD Reader", "Reads the job description into required and preferred skills"),
    "resume-reader": ("Resume Reader", "Structures each resume: skills, experience, education"),
    "hr-comparator": ("HR Comparator", "Scores every candidate against the job description"),
}
AGENT_STATES = {"pending", "in_progress", "completed", "failed"}
ACTIVE = {"pending", "in_progress"}


def seconds(duration_ms: float | int | None) -> str:
    """A duration as the app shows it: `"1.4s"`."""
    return f"{(duration_ms or 0) / 1000:.1f}s"


def _number(value: Any) -> float:
    try:
        return float(value or 0)
    except (TypeError, ValueError):
        return 0.0


def _agent(doc: dict[str, Any] | None, agent_id: str, idle: bool) -> AgentStatus:
    name, description = AGENT_CARDS[agent_id]
    if doc is None:
        return AgentStatus(
            id=agent_id, name=name, description=description, status="idle" if idle else "pending"
        )
    counts = {k: v for k, v in (doc.get("counts") or {}).items() if isinstance(v, int | float)}
    done, failed = _number(counts.get("processed")), _number(counts.get("failed"))
    confidence = round(100 * done / (done + failed), 1) if done + failed else None
    state = doc.get("status")
    return AgentStatus(
        id=agent_id,
        name=doc.get("name") or name,
        status=state if state in AGENT_STATES else "pending",
        timestamp=doc.get("completed_at") or doc.get("started_at"),
        duration=seconds(doc.get("duration_ms")) if doc.get("duration_ms") is not None else None,
        description=description,
        confidence=confidence,
        metrics=counts,
    )


def idle_status(message: str) -> WorkflowStatus:
    """No workflow yet: `success: false` with the four agents idle."""
    return WorkflowStatus(
        success=False,
        status="idle",
        monitoring=False,
        message=message,
        agents=[_agent(None, agent_id, idle=True) for agent_id in AGENT_IDS],
        metrics=StatusMetrics(),
        progress=Progress(),
    )


def to_status(execution: dict[str, Any]) -> WorkflowStatus:
    """The polling view of one execution document."""
    by_id = {a.get("agent_id"): a for a in execution.get("agents") or []}
    metrics = execution.get("metrics") or {}
    progress = execution.get("progress") or {}
    agents = [_agent(by_id.get(agent_id), agent_id, idle=False) for agent_id in AGENT_IDS]
    comparator = agents[AGENT_IDS.index("hr-comparator")]
    comparator.metrics = {
        **comparator.metrics,
        "resultsGenerated": int(_number(metrics.get("candidates_scored"))),
        "bestFit": int(_number(metrics.get("best_fit"))),
        "partialFit": int(_number(metrics.get("partial_fit"))),
        "notFit": int(_number(metrics.get("not_fit"))),
    }
    state = execution.get("status", "pending")
    failed = execution.get("failed_resumes") or []
    return WorkflowStatus(
        success=True,
        status=state,
        workflowId=execution.get("workflow_id"),
        jdId=execution.get("jd_id"),
        jdTitle=execution.get("jd_title"),
        monitoring=state in ACTIVE,
        message=execution.get("error") or "",
        startedAt=execution.get("started_at"),
        completedAt=execution.get("completed_at"),
        totalResumes=int(_number(execution.get("total_resumes"))),
        processedResumes=int(_number(execution.get("processed_resumes"))),
        agents=agents,
        metrics=StatusMetrics(
            totalCandidates=int(_number(metrics.get("total_candidates"))),
            processingTime=seconds(metrics.get("processing_time_ms")),
            matchRate=f"{_number(metrics.get('match_rate')):.1f}%",
            topMatches=int(_number(metrics.get("candidates_scored"))),
            highMatches=int(_number(metrics.get("high_matches"))),
            bestFit=int(_number(metrics.get("best_fit"))),
            partialFit=int(_number(metrics.get("partial_fit"))),
            notFit=int(_number(metrics.get("not_fit"))),
            failedResumes=len(failed) if isinstance(failed, list) else int(_number(failed)),
        ),
        progress=Progress(
            completed=int(_number(progress.get("completed_agents"))),
            total=int(_number(progress.get("total_agents"))) or len(AGENT_IDS),
            percentage=round(_number(progress.get("percentage")), 1),
        ),
    )
