"""`/executions`: register, list, read, override, delete and cancel workflow executions."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, Response, status

from common.db import map_mongo_errors
from common.errors import Conflict
from common.messages import WorkflowCancelled
from common.paging import MAX_SKIP
from common.timeutil import utcnow
from tracker.api.deps import (
    CurrentPrincipal,
    OperatorPrincipal,
    PublisherDep,
    ServicePrincipal,
    StoreDep,
)
from tracker.api.schemas import (
    CancelRequest,
    DeletedPublic,
    ExecutionCreate,
    ExecutionsPublic,
    StatusUpdate,
)
from tracker.derive import STATUS_RANK, TERMINAL, resume_rows
from tracker.facts import fact_of, override_fact, registered_fact
from tracker.queries import ExecutionFilter, get_visible, list_executions
from tracker.serialize import jsonable, public

router = APIRouter(prefix="/executions", tags=["executions"])


@router.post("", status_code=status.HTTP_201_CREATED)
async def register_execution(
    body: ExecutionCreate,
    store: StoreDep,
    publisher: PublisherDep,
    _: ServicePrincipal,
    response: Response,
) -> dict[str, Any]:
    """Create the `pending` execution of a workflow about to start (idempotent)."""
    fact = registered_fact(
        body.workflow_id, body.jd_id, body.jd_title, body.started_by, body.resume_ids, utcnow()
    )
    applied = await store.apply(fact, publisher.publish)
    with map_mongo_errors():
        doc = await store.executions.find_one({"workflow_id": body.workflow_id})
    if doc is None:  # deleted meanwhile (the gateway gave up waiting and removed it)
        raise Conflict(f"execution {body.workflow_id} was deleted while it was being registered")
    if not applied.new:
        registered = (doc.get("facts") or {}).get("registered") or {}
        same = all(
            registered.get(k) == fact.value[k]
            for k in ("jd_id", "jd_title", "started_by", "resume_ids")
        )
        if not same:
            raise Conflict(f"execution {body.workflow_id} already exists with other content")
        response.status_code = status.HTTP_200_OK
    return public(doc)


@router.get("", response_model=ExecutionsPublic)
async def list_all(
    store: StoreDep,
    principal: CurrentPrincipal,
    started_by: str | None = None,
    jd_id: str | None = None,
    status_: Annotated[str | None, Query(alias="status")] = None,
    started_from: Annotated[datetime | None, Query(alias="from")] = None,
    started_to: Annotated[datetime | None, Query(alias="to")] = None,
    q: Annotated[str | None, Query(max_length=200)] = None,
    sort: str = "-started_at",
    skip: Annotated[int, Query(ge=0, le=MAX_SKIP)] = 0,
    limit: Annotated[int, Query(ge=1, le=200)] = 20,
) -> dict[str, Any]:
    """Executions the caller may see, filtered, sorted and paged."""
    flt = ExecutionFilter(started_by, jd_id, status_, started_from, started_to, q)
    return await list_executions(store, principal, flt, sort, skip, limit)


@router.get("/{workflow_id}")
async def get_one(workflow_id: str, store: StoreDep, principal: CurrentPrincipal) -> dict[str, Any]:
    """One execution document."""
    return public(await get_visible(store, principal, workflow_id))


@router.get("/{workflow_id}/resumes")
async def get_resumes(
    workflow_id: str,
    store: StoreDep,
    principal: CurrentPrincipal,
    outcome: Annotated[str | None, Query(pattern="^(pending|scored|failed)$")] = None,
    skip: Annotated[int, Query(ge=0, le=MAX_SKIP)] = 0,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> dict[str, Any]:
    """Each resume's last stage and outcome, in submission order."""
    doc = await get_visible(store, principal, workflow_id, internals=True)
    resumes = await store.resumes_of(workflow_id)
    rows = [r for r in resume_rows(doc, resumes) if outcome is None or r["outcome"] == outcome]
    return {
        "items": jsonable(rows[skip : skip + limit]),
        "total": len(rows),
        "skip": skip,
        "limit": limit,
    }


@router.put("/{workflow_id}/status")
async def set_status(
    workflow_id: str,
    body: StatusUpdate,
    store: StoreDep,
    publisher: PublisherDep,
    principal: OperatorPrincipal,
) -> dict[str, Any]:
    """Override the status (operators); it never moves backwards."""
    doc = await get_visible(store, principal, workflow_id)
    current = doc.get("status", "pending")
    if STATUS_RANK[body.status] < STATUS_RANK[current]:
        raise HTTPException(
            status.HTTP_409_CONFLICT,
            detail=f"status cannot move back from {current} to {body.status}",
        )
    fact = override_fact(workflow_id, body.status, body.error, principal.user_id, utcnow())
    await store.apply(fact, publisher.publish)
    return public(await get_visible(store, principal, workflow_id))


@router.delete("/{workflow_id}", response_model=DeletedPublic)
async def delete_one(
    workflow_id: str, store: StoreDep, publisher: PublisherDep, principal: CurrentPrincipal
) -> dict[str, Any]:
    """Delete an execution with its resume facts and change log. A workflow still running is
    cancelled first (`workflow.cancelled`, confirmed), so the agents stop working on it; its
    id stays as a tombstone, so late events do not bring it back."""
    doc = await get_visible(store, principal, workflow_id)
    if doc.get("status") not in TERMINAL:
        await publisher.publish(
            WorkflowCancelled(
                workflow_id=workflow_id, cancelled_by=principal.user_id, reason="deleted"
            )
        )
    await store.delete([workflow_id], tombstone=True)
    return {"success": True, "workflow_id": workflow_id}


@router.post("/{workflow_id}/cancel")
async def cancel(
    workflow_id: str,
    store: StoreDep,
    publisher: PublisherDep,
    principal: CurrentPrincipal,
    body: CancelRequest | None = None,
) -> dict[str, Any]:
    """Publish `workflow.cancelled` (confirmed) and record it."""
    doc = await get_visible(store, principal, workflow_id)
    if doc.get("status") in TERMINAL:
        raise HTTPException(
            status.HTTP_409_CONFLICT, detail=f"execution {workflow_id} is already {doc['status']}"
        )
    message = WorkflowCancelled(
        workflow_id=workflow_id, cancelled_by=principal.user_id, reason=body.reason if body else ""
    )
    await publisher.publish(message)
    await store.apply(fact_of(message), publisher.publish)
    return public(await get_visible(store, principal, workflow_id))
