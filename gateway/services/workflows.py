"""Starting a workflow: checks, a pending record at the tracker, confirmed publishing.

The order makes the returned id readable at once and leaves no orphan:
1. check the JD, the resumes and the caller's limits (nothing written yet);
2. create the `pending` execution at the tracker (so `GET /workflow/executions/{id}` works
   the moment the id is returned);
3. publish `workflow.started` and one `resume.submitted` per resume, pipelined, and wait for
   every publisher confirm;
4. if the broker is unreachable or refuses, delete the pending record and answer 503.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from typing import Any

from fastapi import HTTPException, status

from common.auth import Principal
from common.db import Mongo
from common.errors import TransientError
from common.ids import new_workflow_id
from common.messages import FileRef, Message, ResumeSubmitted, WorkflowStarted
from common.settings import Settings
from gateway.services import jds, resumes
from gateway.services.tracker import TrackerClient
from gateway.state import MessagePublisher

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Started:
    """A workflow the broker has confirmed."""

    workflow_id: str
    jd: dict[str, Any]
    resume_ids: list[str]


def _dedupe(ids: list[str] | None) -> list[str]:
    return list(dict.fromkeys(i for i in ids or [] if i))


def build_messages(
    workflow_id: str,
    jd: dict[str, Any],
    docs: list[dict[str, Any]],
    started_by: str,
    force_reprocess: bool,
) -> list[Message]:
    """The start event followed by one extraction task per resume."""
    jd_file = FileRef(**jd["file"]) if jd.get("file") else None
    started = WorkflowStarted(
        workflow_id=workflow_id,
        jd_id=jd["_id"],
        jd_title=jd.get("designation", ""),
        jd_text=jds.jd_text(jd) or None,
        jd_file=jd_file,
        started_by=started_by,
        resume_ids=[doc["_id"] for doc in docs],
        force_reprocess=force_reprocess,
    )
    tasks = [
        ResumeSubmitted(
            workflow_id=workflow_id,
            resume_id=doc["_id"],
            file=resumes.file_ref(doc),
            owner_id=doc["owner_id"],
            force_reprocess=force_reprocess,
        )
        for doc in docs
    ]
    return [started, *tasks]


async def start(
    mongo: Mongo,
    settings: Settings,
    tracker: TrackerClient,
    publisher: MessagePublisher,
    user: Principal,
    jd_id: str,
    resume_ids: list[str] | None,
    force_reprocess: bool,
) -> Started:
    """Check, record and publish one workflow (see the module docstring for the order)."""
    cap = settings.workflow_max_resumes
    wanted = _dedupe(resume_ids)
    if len(wanted) > cap:
        raise HTTPException(
            status.HTTP_400_BAD_REQUEST,
            f"A workflow takes at most {cap} resumes; {len(wanted)} were given",
        )
    # The three reads are independent: run them together, report failures in this order.
    outcomes = await asyncio.gather(
        jds.get(mongo, user, jd_id),
        resumes.find_many(mongo, user, wanted, cap),
        tracker.count_in_flight(user.user_id),
        return_exceptions=True,
    )
    for outcome in outcomes:
        if isinstance(outcome, BaseException):
            raise outcome
    jd, docs, in_flight = outcomes
    assert isinstance(jd, dict) and isinstance(docs, list) and isinstance(in_flight, int)
    if not jds.jd_text(jd).strip() and not jd.get("file"):
        raise HTTPException(status.HTTP_400_BAD_REQUEST, f"Job description {jd_id} has no text")
    if not docs:
        raise HTTPException(
            status.HTTP_400_BAD_REQUEST, "There are no resumes to screen; upload resumes first"
        )
    if len(docs) > cap:
        raise HTTPException(
            status.HTTP_400_BAD_REQUEST,
            f"A workflow takes at most {cap} resumes and you have more; choose which to screen",
        )
    if in_flight >= settings.workflows_in_flight_per_user:
        raise HTTPException(
            status.HTTP_429_TOO_MANY_REQUESTS,
            f"You already have {in_flight} workflows running (limit "
            f"{settings.workflows_in_flight_per_user}); wait for one to finish or cancel it",
        )
    workflow_id = new_workflow_id()
    ids = [doc["_id"] for doc in docs]
    try:
        await tracker.create_pending(
            {
                "workflow_id": workflow_id,
                "jd_id": jd_id,
                "jd_title": jd.get("designation", ""),
                "started_by": user.user_id,
                "resume_ids": ids,
            }
        )
    except TransientError:
        # A timeout does not say the record was not stored: remove it, or it would stay
        # `pending` for good (nothing was published) and count against the in-flight limit.
        await _forget(tracker, workflow_id)
        raise
    try:
        await publisher.publish_many(
            build_messages(workflow_id, jd, docs, user.user_id, force_reprocess)
        )
    except TransientError as exc:
        log.warning(
            "workflow not published; removing its pending record",
            extra={"fields": {"workflow_id": workflow_id, "error": str(exc)}},
        )
        await _forget(tracker, workflow_id)
        raise HTTPException(
            status.HTTP_503_SERVICE_UNAVAILABLE,
            "The workflow could not be queued because the message broker is unavailable; "
            "nothing was started, please try again shortly",
        ) from exc
    return Started(workflow_id, jd, ids)


async def _forget(tracker: TrackerClient, workflow_id: str) -> None:
    try:
        await tracker.delete_as_service(workflow_id)
    except Exception:  # the 503 must still be answered; the log names the orphan
        log.exception(
            "could not delete the pending record of an unpublished workflow",
            extra={"fields": {"workflow_id": workflow_id}},
        )
