"""Request and response bodies of the tracker's API."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

Status = Literal["pending", "in_progress", "completed", "failed", "cancelled"]


class ExecutionCreate(BaseModel):
    """The gateway's registration of a workflow before it publishes `workflow.started`."""

    model_config = ConfigDict(extra="forbid")

    workflow_id: str = Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.:-]+$")
    jd_id: str = Field(min_length=1, max_length=128)
    jd_title: str = Field(default="", max_length=512)
    started_by: str = Field(min_length=1, max_length=128)
    resume_ids: list[str] = Field(max_length=10_000)


class StatusUpdate(BaseModel):
    """An operator's status override."""

    model_config = ConfigDict(extra="forbid")

    status: Status
    error: str | None = Field(default=None, max_length=2000)


class CancelRequest(BaseModel):
    """Why the workflow is cancelled (optional)."""

    model_config = ConfigDict(extra="forbid")

    reason: str = Field(default="", max_length=500)


class ExecutionsPublic(BaseModel):
    """One page of executions."""

    items: list[dict[str, Any]]
    total: int
    skip: int
    limit: int


class DeletedPublic(BaseModel):
    """The answer to a delete."""

    success: bool
    workflow_id: str
