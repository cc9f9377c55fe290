"""The frontend's workflow status shape (camelCase, display strings)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class AgentStatus(BaseModel):
    """One agent's card on the workflow tab."""

    id: str
    name: str
    status: str
    timestamp: str | None = None
    duration: str | None = None
    description: str
    confidence: float | None = None
    metrics: dict[str, Any] = Field(default_factory=dict)


class StatusMetrics(BaseModel):
    """The workflow's headline numbers."""

    totalCandidates: int = 0  # noqa: N815 - the frontend's field names
    processingTime: str = "0.0s"  # noqa: N815
    matchRate: str = "0%"  # noqa: N815
    topMatches: int = 0  # noqa: N815
    highMatches: int = 0  # noqa: N815
    bestFit: int = 0  # noqa: N815
    partialFit: int = 0  # noqa: N815
    notFit: int = 0  # noqa: N815
    failedResumes: int = 0  # noqa: N815


class Progress(BaseModel):
    """Completed agents out of all agents."""

    completed: int = 0
    total: int = 0
    percentage: float = 0.0


class WorkflowStatus(BaseModel):
    """`GET /workflow/status`."""

    success: bool
    status: str
    workflowId: str | None = None  # noqa: N815
    jdId: str | None = None  # noqa: N815
    jdTitle: str | None = None  # noqa: N815
    monitoring: bool
    message: str = ""
    startedAt: str | None = None  # noqa: N815
    completedAt: str | None = None  # noqa: N815
    totalResumes: int = 0  # noqa: N815
    processedResumes: int = 0  # noqa: N815
    agents: list[AgentStatus]
    metrics: StatusMetrics
    progress: Progress


class StatusUpdate(BaseModel):
    """`PUT /workflow/executions/{id}/status` body (operators only)."""

    model_config = ConfigDict(extra="forbid")

    status: str = Field(min_length=1, max_length=32)
    error: str | None = Field(default=None, max_length=2000)
