"""Console pages of workflows: the list, one workflow live, a resume's explained result, and the
forms that cancel, delete or replay a workflow's dead letters."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Form, HTTPException, Query, Request
from fastapi.responses import RedirectResponse, Response

from common.broker.dlq import DeadLetters
from common.broker.topology import GROUPS
from common.settings import Settings
from common.timeutil import utcnow
from gateway.api.deps import StateDep
from gateway.console import charts, session
from gateway.console.days import parse_day, tracker_span
from gateway.console.render import DASH, elapsed_ms, page, parse_time
from gateway.console.session import FormSession, SessionDep
from gateway.services import live, results, resumes, users
from gateway.services.tracker import STATUSES, TERMINAL

router = APIRouter(prefix=session.PATH, include_in_schema=False)

PAGE_SIZE = 25
AGENT_LABELS = {
    "resume-extractor": "Resume extractor",
    "jd-reader": "JD reader",
    "resume-reader": "Resume reader",
    "hr-comparator": "HR comparator",
}
NOTICES = {
    "cancelled": "The workflow was cancelled; its agents drop the work that is left.",
    "deleted": "The workflow was deleted from the history.",
    "replayed": "The dead letters were sent back to their work queue.",
    "nothing": "There was nothing to replay.",
}


@dataclass(frozen=True)
class ListFilters:
    """The list's filters and page, as they are kept in the URL."""

    status: str = ""
    start: str = ""
    end: str = ""
    user: str = ""
    jd: str = ""
    page: int = 1

    def link(self, **changes: Any) -> str:
        """This list's URL with some filters changed (empty ones left out)."""
        values = replace(self, **changes).__dict__
        kept = {
            ("from" if k == "start" else "to" if k == "end" else k): v for k, v in values.items()
        }
        kept = {k: v for k, v in kept.items() if v and not (k == "page" and v == 1)}
        return f"{session.PATH}/workflows" + (f"?{urlencode(kept)}" if kept else "")

    def tracker_params(self, started_by: str | None) -> dict[str, Any]:
        """The tracker's `GET /executions` query for this page."""
        span = tracker_span(parse_day(self.start, "from"), parse_day(self.end, "to"))
        return {
            "status": self.status or None,
            "jd_id": self.jd or None,
            "started_by": started_by,
            **span,
            "sort": "-started_at",
            "skip": (self.page - 1) * PAGE_SIZE,
            "limit": PAGE_SIZE,
        }


def _row(doc: dict[str, Any], emails: dict[str, str], now: datetime) -> dict[str, Any]:
    running = doc.get("status") not in TERMINAL
    end = doc.get("completed_at") or (now.isoformat() if running else None)
    metrics = doc.get("metrics") or {}
    return {
        "id": doc["workflow_id"],
        "status": doc.get("status", "pending"),
        "running": running,
        "jd_id": doc.get("jd_id"),
        "jd_title": doc.get("jd_title") or doc.get("jd_id"),
        "user": emails.get(doc.get("started_by") or "", doc.get("started_by") or DASH),
        "started_at": doc.get("started_at") or doc.get("created_at"),
        "duration_ms": elapsed_ms(doc.get("started_at") or doc.get("created_at"), end),
        "percentage": (doc.get("progress") or {}).get("percentage", 0),
        "total": doc.get("total_resumes", 0),
        "scored": metrics.get("candidates_scored", 0),
        "failed": len(doc.get("failed_resumes") or []),
    }


@router.get("/workflows")
async def workflow_list(
    request: Request,
    state: StateDep,
    signed: SessionDep,
    status_: Annotated[str, Query(alias="status", max_length=20)] = "",
    start: Annotated[str, Query(alias="from", max_length=10)] = "",
    end: Annotated[str, Query(alias="to", max_length=10)] = "",
    user: Annotated[str, Query(max_length=320)] = "",
    jd: Annotated[str, Query(max_length=200)] = "",
    page_: Annotated[int, Query(alias="page", ge=1, le=100_000)] = 1,
    fragment: bool = False,
) -> Response:
    """Executions the signed-in account may see, filtered and paged."""
    if status_ and status_ not in STATUSES:
        raise HTTPException(422, f"status: use one of {', '.join(STATUSES)}")
    filters = ListFilters(status_, start, end, user if signed.is_admin else "", jd, page_)
    started_by, unknown_user = None, False
    if filters.user:
        account = await users.find_by_email(state.mongo, filters.user)
        started_by = account["_id"] if account else None
        unknown_user = account is None
    found: dict[str, Any] = {"items": [], "total": 0}
    if not unknown_user:
        found = await state.tracker.list(signed.auth, filters.tracker_params(started_by))
    items = found.get("items") or []
    emails = await users.emails_of(state.mongo, [d.get("started_by") or "" for d in items])
    now = utcnow()
    total = int(found.get("total", 0))
    context = {
        "session": signed,
        "filters": filters,
        "statuses": STATUSES,
        "rows": [_row(d, emails, now) for d in items],
        "total": total,
        "pages": max(1, -(-total // PAGE_SIZE)),
        "unknown_user": unknown_user,
        "filtered": any((filters.status, filters.start, filters.end, filters.user, filters.jd)),
        "notice": NOTICES.get(request.query_params.get("notice", "")),
    }
    return page(request, "_workflow_rows.html" if fragment else "workflows.html", context)


def _spans(doc: dict[str, Any]) -> list[charts.Span]:
    spans = []
    for agent in doc.get("agents") or []:
        counts = agent.get("counts") or {}
        note = f" · {counts.get('processed', 0)}/{counts.get('total', 0)} done"
        if counts.get("failed"):
            note += f", {counts['failed']} failed"
        spans.append(
            charts.Span(
                AGENT_LABELS.get(agent.get("agent_id", ""), agent.get("name", "")),
                agent.get("status", "pending"),
                parse_time(agent.get("started_at")),
                parse_time(agent.get("completed_at")),
                note,
            )
        )
    return spans


def _resume_rows(doc: dict[str, Any], rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    start = doc.get("started_at") or doc.get("created_at")
    out = []
    for r in rows:
        out.append(
            {
                **r,
                "extract_ms": elapsed_ms(start, r.get("extracted_at")),
                "read_ms": elapsed_ms(r.get("extracted_at"), r.get("parsed_at")),
                "score_ms": elapsed_ms(r.get("parsed_at"), r.get("scored_at")),
            }
        )
    return out


@dataclass
class DeadNow:
    """How many of a workflow's messages each dead-letter queue holds now.

    Counting reads the whole queue (every message is taken and given back), and a live page
    asks again on each of its updates: a count is kept for `ttl_s` per workflow and number of
    dead letters the tracker recorded. The tracker records one only after the queue confirmed
    it, so a new dead letter makes a new key at once; a replay or purge made here forgets the
    counts, one made elsewhere (`hrflow dlq`, another gateway) shows within `ttl_s`.
    """

    ttl_s: float = 10.0
    counted: dict[tuple[str, int], tuple[float, dict[str, int]]] = field(default_factory=dict)

    async def counts(self, settings: Settings, doc: dict[str, Any]) -> dict[str, int]:
        recorded = doc.get("dead_letters") or []
        groups = sorted({d.get("group") for d in recorded} & set(GROUPS))
        if not groups:
            return {}
        key = (doc["workflow_id"], len(recorded))
        now = time.monotonic()
        kept = self.counted.get(key)
        if kept and now - kept[0] < self.ttl_s:
            return kept[1]
        dead = DeadLetters(settings)
        found = {g: len(await dead.show(g, doc["workflow_id"], limit=None)) for g in groups}
        if len(self.counted) > 1000:
            self.counted.clear()
        self.counted[key] = (now, found)
        return found

    def forget(self, workflow_id: str | None = None) -> None:
        """Drop one workflow's counts (all when None): its dead letters were replayed or
        purged here."""
        for key in [k for k in self.counted if workflow_id in (None, k[0])]:
            del self.counted[key]


DEAD_NOW = DeadNow()


async def _live_context(state: StateDep, signed: SessionDep, workflow_id: str) -> dict[str, Any]:
    doc = await state.tracker.get(signed.auth, workflow_id)
    found = await state.tracker.resumes(signed.auth, workflow_id, {"limit": 500})
    now = utcnow()
    origin = parse_time(doc.get("started_at") or doc.get("created_at")) or now
    rows = found.get("items") or []
    named = [r["resume_id"] for r in rows] + [
        d["resume_id"] for d in doc.get("dead_letters") or [] if d.get("resume_id")
    ]
    names = await resumes.file_names(state.mongo, signed.principal, named)
    return {
        "session": signed,
        "doc": doc,
        "terminal": doc.get("status") in TERMINAL,
        "agent_labels": AGENT_LABELS,
        "timeline": charts.timeline("Agents' activity over time", _spans(doc), origin, now),
        "resumes": _resume_rows(doc, rows),
        "file_names": names,
        "resumes_total": found.get("total", 0),
        "dead_now": await DEAD_NOW.counts(state.settings, doc) if signed.is_admin else {},
        "duration_ms": elapsed_ms(origin, doc.get("completed_at") or now.isoformat()),
    }


@router.get("/workflows/{workflow_id}")
async def workflow_page(
    request: Request, workflow_id: str, state: StateDep, signed: SessionDep
) -> Response:
    """One workflow: live progress, its agents' timeline, its resumes and dead letters."""
    context = await _live_context(state, signed, workflow_id)
    emails = await users.emails_of(state.mongo, [context["doc"].get("started_by") or ""])
    context["started_by"] = emails.get(context["doc"].get("started_by") or "", DASH)
    context["notice"] = NOTICES.get(request.query_params.get("notice", ""))
    context["count"] = request.query_params.get("count", "")
    return page(request, "workflow.html", context)


@router.get("/workflows/{workflow_id}/live")
async def workflow_live(
    request: Request, workflow_id: str, state: StateDep, signed: SessionDep
) -> Response:
    """The live part of a workflow's page, for the page's script to swap in."""
    return page(request, "_workflow_live.html", await _live_context(state, signed, workflow_id))


@router.get("/workflows/{workflow_id}/events")
async def workflow_events(workflow_id: str, state: StateDep, signed: SessionDep) -> Response:
    """The tracker's live stream of this workflow (same caps as the API's stream)."""
    return await live.relay_events(state, signed.auth, signed.principal.user_id, workflow_id)


@router.get("/workflows/{workflow_id}/export.json")
async def workflow_export(workflow_id: str, state: StateDep, signed: SessionDep) -> Response:
    """The execution and its resumes' outcomes as one JSON file."""
    doc = await state.tracker.get(signed.auth, workflow_id)
    found = await state.tracker.resumes(signed.auth, workflow_id, {"limit": 500})
    body = json.dumps({"execution": doc, "resumes": found.get("items") or []}, indent=2)
    return Response(
        body,
        media_type="application/json",
        headers={"Content-Disposition": f'attachment; filename="{workflow_id}.json"'},
    )


@router.get("/workflows/{workflow_id}/resumes/{resume_id}")
async def resume_result(
    request: Request, workflow_id: str, resume_id: str, state: StateDep, signed: SessionDep
) -> Response:
    """A resume's explained score: every requirement, its status and the text that met it."""
    result = await results.one(state.mongo, signed.principal, workflow_id, resume_id)
    data = result.model_dump()
    return page(
        request,
        "result.html",
        {"session": signed, "workflow_id": workflow_id, "result": data},
    )


def _back(workflow_id: str, notice: str, **extra: Any) -> RedirectResponse:
    query = urlencode({"notice": notice, **extra})
    return RedirectResponse(f"{session.PATH}/workflows/{workflow_id}?{query}", status_code=303)


@router.post("/workflows/{workflow_id}/cancel")
async def cancel(
    request: Request, workflow_id: str, state: StateDep, signed: FormSession
) -> Response:
    """Cancel a running workflow."""
    await state.tracker.cancel(signed.auth, workflow_id)
    await session.record(request, state, signed, "workflow_cancel", "workflow", workflow_id)
    return _back(workflow_id, "cancelled")


@router.post("/workflows/{workflow_id}/delete")
async def delete(
    request: Request,
    workflow_id: str,
    state: StateDep,
    signed: FormSession,
    confirm: Annotated[str, Form()] = "",
) -> Response:
    """Delete a workflow from the history, once the confirmation box is ticked."""
    if confirm != "yes":
        raise HTTPException(422, "Tick the confirmation box to delete this workflow")
    await state.tracker.delete(signed.auth, workflow_id)
    await session.record(request, state, signed, "workflow_delete", "workflow", workflow_id)
    return RedirectResponse(f"{session.PATH}/workflows?notice=deleted", status_code=303)


@router.post("/workflows/{workflow_id}/replay")
async def replay(
    request: Request,
    workflow_id: str,
    state: StateDep,
    signed: FormSession,
    group: Annotated[str, Form()] = "",
) -> Response:
    """Admins: send this workflow's dead letters of one group back to their work queue."""
    if not signed.is_admin:
        raise HTTPException(403, "Only administrators may replay dead letters")
    if group not in GROUPS:
        raise HTTPException(422, f"group: use one of {', '.join(GROUPS)}")
    await state.tracker.get(signed.auth, workflow_id)  # 404 for an unknown workflow
    done = await DeadLetters(state.settings).replay(group, workflow_id)
    DEAD_NOW.forget(workflow_id)
    details = {"group": group, "count": len(done)}
    await session.record(request, state, signed, "dlq_replay", "workflow", workflow_id, details)
    return _back(workflow_id, "replayed" if done else "nothing", count=len(done))
