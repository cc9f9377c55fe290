"""Admin: dead-letter queues — list, inspect, replay, purge (`hrflow dlq` over HTTP)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Query, status
from pydantic import BaseModel

from common.broker.dlq import DeadLetters
from common.errors import TransientError
from gateway.api.deps import SettingsDep, require_operator

router = APIRouter(
    prefix="/admin/dead-letters", tags=["admin"], dependencies=[Depends(require_operator)]
)

WorkflowQuery = Query(
    default=None, pattern=r"^WF-\d{13}-[0-9a-z]{10}$", description="Only messages of this workflow"
)


class DeadLetterQueuePublic(BaseModel):
    """One DLQ's depth and the age of its oldest message."""

    queue: str
    group: str
    depth: int
    oldest_age_s: float | None


class DeadLetterOpPublic(BaseModel):
    """The outcome of a replay or purge."""

    queue: str
    count: int
    dry_run: bool = False
    messages: list[dict[str, Any]] = []


def _queue(dead: DeadLetters, group: str) -> str:
    try:
        return dead.queue_name(group)
    except ValueError as exc:
        raise HTTPException(status.HTTP_404_NOT_FOUND, str(exc)) from exc


@router.get("", response_model=list[DeadLetterQueuePublic])
async def list_dead_letter_queues(settings: SettingsDep) -> list[DeadLetterQueuePublic]:
    """Every dead-letter queue with its depth and oldest message age."""
    try:
        depths = await DeadLetters(settings).depths()
    except TransientError as exc:
        raise HTTPException(status.HTTP_503_SERVICE_UNAVAILABLE, str(exc)) from exc
    return [DeadLetterQueuePublic(**d.__dict__) for d in depths]


@router.get("/{group}", response_model=list[dict[str, Any]])
async def show_dead_letters(
    settings: SettingsDep,
    group: str,
    workflow: str | None = WorkflowQuery,
    limit: int = Query(default=100, ge=1, le=1000),
) -> list[dict[str, Any]]:
    """Decoded dead letters of one group's DLQ (event, workflow, resume, reason, x-death)."""
    dead = DeadLetters(settings)
    letters = await dead.show(_queue(dead, group), workflow, limit)
    return [letter.as_dict() for letter in letters]


@router.post("/{group}/replay", response_model=DeadLetterOpPublic)
async def replay_dead_letters(
    settings: SettingsDep,
    group: str,
    workflow: str | None = WorkflowQuery,
    limit: int | None = Query(default=None, ge=1, le=100_000),
    dry_run: bool = False,
) -> DeadLetterOpPublic:
    """Republish dead letters to their work queue (each removed only once confirmed)."""
    dead = DeadLetters(settings)
    queue = _queue(dead, group)
    try:
        done = await dead.replay(queue, workflow, limit, dry_run)
    except TransientError as exc:
        raise HTTPException(status.HTTP_503_SERVICE_UNAVAILABLE, str(exc)) from exc
    return DeadLetterOpPublic(
        queue=queue, count=len(done), dry_run=dry_run, messages=[d.as_dict() for d in done[:100]]
    )


@router.delete("/{group}", response_model=DeadLetterOpPublic)
async def purge_dead_letters(
    settings: SettingsDep, group: str, workflow: str | None = WorkflowQuery
) -> DeadLetterOpPublic:
    """Delete dead letters (all, or one workflow's)."""
    dead = DeadLetters(settings)
    queue = _queue(dead, group)
    return DeadLetterOpPublic(queue=queue, count=await dead.purge(queue, workflow))
