"""Events → facts: where each event is recorded, and its rank.

Workflow-level facts live inside the execution document (`facts.<name>`, a handful per
workflow). Per-resume facts live in `execution_resume_facts`, one small document per
(workflow, resume), so recording one never rewrites a document that grows with the workflow.

A fact is written at most once per path; a second message for the same path only replaces it
when its rank is lower (earlier `occurred_at`, then smaller `message_id`), so the stored fact
does not depend on arrival order. Everything else in the execution is derived from the facts.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from common.messages import (
    JDFailed,
    JDParsed,
    Message,
    MessageDeadLettered,
    ResumeExtracted,
    ResumeFailed,
    ResumeParsed,
    ResumeScored,
    WorkflowCancelled,
    WorkflowStarted,
)
from common.timeutil import isoformat

MAX_SKILLS_KEPT = 20
MAX_WARNINGS_KEPT = 5
MAX_DEAD_LETTERS = 50
_SAFE_KEY = re.compile(r"^[A-Za-z0-9_-]{1,64}$")

# How a fact is written: first/earliest rank wins, replace (operator overrides), or appended
# to a bounded list (dead letters, idempotent by key).
RANKED, REPLACE, APPEND = "ranked", "replace", "append"


@dataclass(frozen=True)
class Fact:
    """One fact: where it goes, its value, and its rank (None = written once, never replaced).

    `resume_id` set → the fact goes to the resume's document, at `path` inside it; otherwise to
    the execution document at `path` (`facts.<name>`).
    """

    workflow_id: str
    path: str
    value: dict[str, Any]
    rank: str | None
    event_type: str
    resume_id: str | None = None
    mode: str = RANKED


def resume_key(resume_id: str) -> str:
    """A key for a resume id (ids with dots, `$`, slashes or odd characters are hashed)."""
    if _SAFE_KEY.match(resume_id):
        return resume_id
    return "h" + hashlib.sha1(resume_id.encode()).hexdigest()[:24]


def resume_doc_id(workflow_id: str, resume_id: str) -> str:
    """`_id` of a resume's fact document (its own unique key: no compound index needed)."""
    return f"{workflow_id}/{resume_key(resume_id)}"


def rank_of(message: Message) -> str:
    """`<occurred_at ISO ms>|<message_id>`: sorts earliest first, ties broken by id."""
    return f"{isoformat(message.occurred_at)}|{message.message_id}"


def _step(message: Any) -> dict[str, Any]:
    return {
        "occurred_at": message.occurred_at,
        "started_at": message.started_at,
        "duration_ms": float(message.duration_ms) if message.duration_ms is not None else None,
        "message_id": message.message_id,
    }


def _dead_letter(message: MessageDeadLettered) -> Fact:
    key = f"{message.group}|{message.dead_message_id or message.message_id}"
    value = {
        "key": key,
        "group": message.group,
        "queue": message.queue,
        "message_type": message.message_type,
        "dead_message_id": message.dead_message_id,
        "resume_id": message.resume_id,
        "reason": message.reason,
        "error": message.error[:1000],
        "at": message.occurred_at,
    }
    return Fact(message.workflow_id, "facts.dead_letters", value, None, message.type, mode=APPEND)


def fact_of(message: Message) -> Fact:
    """The fact an event records; `ValueError` for a type the tracker does not record."""
    rank = rank_of(message)
    wid = message.workflow_id
    value: dict[str, Any]
    resume_id: str | None = None
    if isinstance(message, MessageDeadLettered):
        return _dead_letter(message)
    if isinstance(message, WorkflowStarted):
        value = {
            "jd_id": message.jd_id,
            "jd_title": message.jd_title,
            "started_by": message.started_by,
            "resume_ids": list(message.resume_ids),
            "occurred_at": message.occurred_at,
            "message_id": message.message_id,
        }
        path = "facts.started"
    elif isinstance(message, JDParsed):
        value = {**_step(message), "cached": message.cached}
        path = "facts.jd_parsed"
    elif isinstance(message, JDFailed):
        value = {
            "reason": message.reason,
            "detail": message.detail[:500],
            "occurred_at": message.occurred_at,
            "message_id": message.message_id,
        }
        path = "facts.jd_failed"
    elif isinstance(message, WorkflowCancelled):
        value = {
            "cancelled_by": message.cancelled_by,
            "reason": message.reason,
            "occurred_at": message.occurred_at,
            "message_id": message.message_id,
        }
        path = "facts.cancelled"
    elif isinstance(message, ResumeExtracted | ResumeParsed):
        path = "extracted" if isinstance(message, ResumeExtracted) else "parsed"
        value = {**_step(message), "resume_id": message.resume_id, "cached": message.cached}
        if isinstance(message, ResumeExtracted) and message.warnings:
            value["warnings"] = [w[:300] for w in message.warnings[:MAX_WARNINGS_KEPT]]
        resume_id = message.resume_id
    elif isinstance(message, ResumeScored):
        value = {
            **_step(message),
            "resume_id": message.resume_id,
            "cached": message.cached,
            "score": float(message.score),
            "fit_category": message.fit_category,
            "result_id": message.result_id,
            "skills_missing": list(message.skills_missing[:MAX_SKILLS_KEPT]),
        }
        path = "scored"
        resume_id = message.resume_id
    elif isinstance(message, ResumeFailed):
        value = {
            **_step(message),
            "resume_id": message.resume_id,
            "stage": message.stage,
            "reason": message.reason,
            "detail": message.detail[:500],
        }
        path = f"failed.{message.stage}"
        resume_id = message.resume_id
    else:
        raise ValueError(f"the tracker records no fact for {message.type!r}")
    return Fact(wid, path, {**value, "rank": rank}, rank, message.type, resume_id)


def registered_fact(
    workflow_id: str,
    jd_id: str,
    jd_title: str,
    started_by: str,
    resume_ids: list[str],
    at: datetime,
) -> Fact:
    """The gateway's `POST /executions` registration (written once, never replaced)."""
    value = {
        "jd_id": jd_id,
        "jd_title": jd_title,
        "started_by": started_by,
        "resume_ids": list(resume_ids),
        "at": at,
    }
    return Fact(workflow_id, "facts.registered", value, None, "execution.registered")


def override_fact(
    workflow_id: str, status: str, error: str | None, by: str | None, at: datetime
) -> Fact:
    """An operator's `PUT /executions/{id}/status` (the latest override replaces the last)."""
    value = {"status": status, "error": error, "at": at, "by": by}
    return Fact(workflow_id, "facts.override", value, None, "status.override", mode=REPLACE)


def stalled_fact(workflow_id: str, at: datetime) -> Fact:
    """The sweeper's verdict that a workflow stopped receiving events."""
    return Fact(workflow_id, "facts.stalled", {"at": at}, None, "workflow.stalled")
