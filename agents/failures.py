"""The `resume.failed` an agent publishes for the resume a message carried."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from agents.store import derived_id
from common.messages import AgentId, ResumeFailed


class CarriesResume(Protocol):
    message_id: str
    workflow_id: str
    resume_id: str


def resume_failed(
    cause: CarriesResume,
    stage: AgentId,
    reason: str,
    detail: str,
    started_at: datetime | None,
    duration_ms: float,
) -> ResumeFailed:
    """The failure of `cause`'s resume at `stage`, with an id derived from `cause` (a
    redelivery republishes the same event)."""
    return ResumeFailed(
        message_id=derived_id(cause.message_id, "failed"),
        workflow_id=cause.workflow_id,
        resume_id=cause.resume_id,
        stage=stage,
        reason=reason,
        detail=detail,
        started_at=started_at,
        duration_ms=duration_ms,
    )
