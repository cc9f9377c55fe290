"""Reading executions: visibility, filters, sorting and paging."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from common.auth import Principal
from common.db import map_mongo_errors
from common.errors import NotFound
from common.timeutil import ensure_utc
from tracker.derive import STATUS_RANK
from tracker.indexes import dated_before
from tracker.serialize import PUBLIC_PROJECTION, public
from tracker.store import ExecutionStore

SORTABLE = ("started_at", "completed_at", "jd_title", "status", "total_resumes", "workflow_id")
STATUSES = tuple(STATUS_RANK)


class BadQueryError(ValueError):
    """A filter or sort the API cannot honour (HTTP 422 with the message as `detail`)."""


@dataclass(frozen=True)
class ExecutionFilter:
    """The list filters of `GET /executions`."""

    started_by: str | None = None
    jd_id: str | None = None
    status: str | None = None
    started_from: datetime | None = None
    started_to: datetime | None = None
    q: str | None = None

    def to_query(self, principal: Principal) -> dict[str, Any]:
        """A Mongo filter; users are always limited to their own executions."""
        query: dict[str, Any] = {}
        if not principal.is_admin:
            if self.started_by and self.started_by != principal.user_id:
                query["workflow_id"] = {"$in": []}  # asking for someone else's: nothing
            query["started_by"] = principal.user_id
        elif self.started_by:
            query["started_by"] = self.started_by
        if self.jd_id:
            query["jd_id"] = self.jd_id
        if self.status:
            wanted = [s.strip() for s in self.status.split(",") if s.strip()]
            unknown = [s for s in wanted if s not in STATUSES]
            if unknown:
                raise BadQueryError(f"unknown status {unknown[0]!r}; use {', '.join(STATUSES)}")
            query["status"] = {"$in": wanted}
        span: dict[str, Any] = {}
        if self.started_from:
            span["$gte"] = ensure_utc(self.started_from)
        if self.started_to:
            span.update(dated_before(ensure_utc(self.started_to)))
        if span:
            query["started_at"] = span
        if self.q:
            query["jd_title"] = {"$regex": re.escape(self.q.strip()), "$options": "i"}
        return query


def parse_sort(sort: str) -> list[tuple[str, int]]:
    """`-started_at` → [("started_at", -1), ("workflow_id", -1)] (a stable tie-breaker)."""
    field = sort.lstrip("-+")
    if field not in SORTABLE:
        raise BadQueryError(f"cannot sort by {field!r}; use one of {', '.join(SORTABLE)}")
    direction = -1 if sort.startswith("-") else 1
    keys = [(field, direction)]
    if field != "workflow_id":
        keys.append(("workflow_id", direction))
    return keys


async def list_executions(
    store: ExecutionStore,
    principal: Principal,
    flt: ExecutionFilter,
    sort: str,
    skip: int,
    limit: int,
) -> dict[str, Any]:
    """One page of the executions the caller may see, with the total count."""
    query = flt.to_query(principal)
    with map_mongo_errors():
        total = await store.executions.count_documents(query)
        cursor = store.executions.find(query, PUBLIC_PROJECTION).sort(parse_sort(sort))
        docs = await cursor.skip(skip).limit(limit).to_list(limit)
    return {"items": [public(d) for d in docs], "total": total, "skip": skip, "limit": limit}


def can_see(principal: Principal, doc: dict[str, Any]) -> bool:
    """Admins and the service token see all; users their own."""
    return principal.is_admin or doc.get("started_by") == principal.user_id


async def get_visible(
    store: ExecutionStore, principal: Principal, workflow_id: str, *, internals: bool = False
) -> dict[str, Any]:
    """The raw document, or `NotFound` (also for someone else's execution)."""
    with map_mongo_errors():
        doc = await store.executions.find_one(
            {"workflow_id": workflow_id}, None if internals else PUBLIC_PROJECTION
        )
    if doc is None or not can_see(principal, doc):
        raise NotFound(f"execution {workflow_id} not found")
    return doc
