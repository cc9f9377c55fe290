"""`/executions/{id}/events`: live progress as server-sent events."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Annotated, Any

from fastapi import APIRouter, Header, HTTPException, Query, Request
from sse_starlette import EventSourceResponse

from tracker.api.deps import CurrentPrincipal, SettingsDep, StoreDep
from tracker.changes import follow
from tracker.queries import get_visible

router = APIRouter(prefix="/executions", tags=["events"])
PING_S = 15


def _version(value: str | None) -> int | None:
    if value is None or value == "":
        return None
    try:
        version = int(value)
    except ValueError:
        version = -1
    if version < 0:
        raise HTTPException(422, detail="Last-Event-ID must be a non-negative integer version")
    return version


@router.get("/{workflow_id}/events")
async def stream(
    workflow_id: str,
    request: Request,
    store: StoreDep,
    settings: SettingsDep,
    principal: CurrentPrincipal,
    last_event_id: Annotated[str | None, Header(alias="Last-Event-ID")] = None,
    last_event_id_query: Annotated[str | None, Query(alias="last_event_id")] = None,
) -> EventSourceResponse:
    """A snapshot, then one event per applied change, ending at a terminal status."""
    await get_visible(store, principal, workflow_id)
    after = _version(last_event_id if last_event_id is not None else last_event_id_query)

    async def events() -> AsyncIterator[dict[str, Any]]:
        async for change in follow(
            store, workflow_id, after, settings.tracker_sse_poll_interval_s, request.is_disconnected
        ):
            yield {
                "event": change.kind,
                "id": str(change.version),
                "data": json.dumps(change.data, separators=(",", ":")),
            }

    return EventSourceResponse(events(), ping=PING_S)
