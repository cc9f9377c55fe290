"""Workflow status, history, cancel and live events — served from the tracker."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request, Response, status
from fastapi.responses import StreamingResponse

from common.auth import Unauthorized, verify_bearer
from gateway.api.deps import (
    Audit,
    AuthHeader,
    CurrentUser,
    SettingsDep,
    StateDep,
    TrackerDep,
    require_operator,
)
from gateway.schemas.common import MAX_SKIP
from gateway.schemas.workflow import StatusUpdate, WorkflowStatus
from gateway.services import live, status_view

router = APIRouter(prefix="/workflow", tags=["workflow"])


@router.get("/status", response_model=WorkflowStatus)
async def workflow_status(
    user: CurrentUser,
    auth: AuthHeader,
    tracker: TrackerDep,
    workflow_id: str | None = None,
    jd_id: str | None = None,
) -> WorkflowStatus:
    """The caller's current (latest) workflow, or the one named, in the app's polling shape."""
    if workflow_id:
        return status_view.to_status(await tracker.get(auth, workflow_id))
    page = await tracker.list(
        auth,
        {
            "started_by": None if user.is_admin else user.user_id,
            "jd_id": jd_id,
            "skip": 0,
            "limit": 1,
            "sort": "-started_at",
        },
    )
    items = page.get("items") or []
    if not items:
        return status_view.idle_status("No workflow has been started yet")
    return status_view.to_status(items[0])


@router.get(
    "/executions",
    response_model=list[dict[str, Any]],
    responses={200: {"headers": {"X-Total-Count": {"schema": {"type": "integer"}}}}},
)
async def list_executions(
    response: Response,
    user: CurrentUser,
    auth: AuthHeader,
    tracker: TrackerDep,
    skip: int = Query(default=0, ge=0, le=MAX_SKIP),
    limit: int = Query(default=10, ge=1, le=200),
    status_: str | None = Query(default=None, alias="status"),
    jd_id: str | None = None,
) -> list[dict[str, Any]]:
    """The caller's workflow history, newest first (a bare array; total in `X-Total-Count`)."""
    page = await tracker.list(
        auth,
        {
            "started_by": None if user.is_admin else user.user_id,
            "status": status_,
            "jd_id": jd_id,
            "skip": skip,
            "limit": limit,
            "sort": "-started_at",
        },
    )
    response.headers["X-Total-Count"] = str(page.get("total", 0))
    return list(page.get("items") or [])


@router.get("/executions/{workflow_id}", response_model=dict[str, Any])
async def get_execution(
    workflow_id: str, _: CurrentUser, auth: AuthHeader, tracker: TrackerDep
) -> dict[str, Any]:
    """One execution document (404 unless it is the caller's or the caller is an admin)."""
    return await tracker.get(auth, workflow_id)


@router.delete("/executions/{workflow_id}", response_model=dict[str, Any])
async def delete_execution(
    workflow_id: str,
    auth: AuthHeader,
    tracker: TrackerDep,
    trail: Audit,
) -> dict[str, Any]:
    """Delete one execution from the history (owner or admin)."""
    answer = await tracker.delete(auth, workflow_id)
    await trail.record("workflow_delete", "workflow", workflow_id)
    return {"success": True, "message": f"Workflow {workflow_id} deleted", **answer}


@router.put(
    "/executions/{workflow_id}/status",
    response_model=dict[str, Any],
    dependencies=[Depends(require_operator)],
)
async def set_execution_status(
    workflow_id: str,
    body: StatusUpdate,
    auth: AuthHeader,
    tracker: TrackerDep,
    trail: Audit,
) -> dict[str, Any]:
    """Operators only: force an execution's status (e.g. fail a stuck workflow)."""
    answer = await tracker.set_status(auth, workflow_id, body.model_dump(exclude_none=True))
    await trail.record(
        "workflow_status", "workflow", workflow_id, body.model_dump(exclude_none=True)
    )
    return answer


@router.post("/executions/{workflow_id}/cancel", response_model=dict[str, Any])
async def cancel_execution(
    workflow_id: str,
    auth: AuthHeader,
    tracker: TrackerDep,
    trail: Audit,
) -> dict[str, Any]:
    """Cancel a running workflow; agents drop its pending work."""
    answer = await tracker.cancel(auth, workflow_id)
    await trail.record("workflow_cancel", "workflow", workflow_id)
    return {"success": True, "message": f"Workflow {workflow_id} cancelled", **answer}


def _sse_auth(
    request: Request, settings: SettingsDep, access_token: str | None = None
) -> tuple[str, str]:
    """(the header, the caller's id): the header, or `?access_token=` (a browser
    `EventSource` cannot set headers)."""
    header = request.headers.get("authorization") or (
        f"Bearer {access_token}" if access_token else ""
    )
    try:
        principal = verify_bearer(settings, header)
    except Unauthorized as exc:
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED, str(exc), headers={"WWW-Authenticate": "Bearer"}
        ) from exc
    return header, principal.user_id


@router.get(
    "/executions/{workflow_id}/events",
    response_class=StreamingResponse,
    responses={200: {"content": {"text/event-stream": {}}}},
)
async def execution_events(
    workflow_id: str,
    state: StateDep,
    caller: tuple[str, str] = Depends(_sse_auth),
) -> StreamingResponse:
    """Server-sent events of the workflow's live progress, relayed from the tracker (at most
    `SSE_MAX_STREAMS_PER_USER` open per account, `SSE_MAX_STREAMS` per gateway: 429 beyond)."""
    auth, user = caller
    return await live.relay_events(state, auth, user, workflow_id)
