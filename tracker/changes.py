"""The change log behind the SSE stream: replay after a version, then follow live changes.

One change record per derivation (`version` = the execution's version after it). Derivations
are coalesced, so one update may carry several events' worth of progress, and versions skip
the fact writes that were derived together. Each record names the version it replaced
(`prev`), so the stream delivers the chain in order without gaps even when replicas write
records out of order: a record whose `prev` is ahead of what the client has waits until the
missing one lands (or, after `GAP_POLLS`, is taken as lost in a crash and skipped).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from common.db import map_mongo_errors
from tracker.derive import TERMINAL
from tracker.serialize import public
from tracker.store import ExecutionStore

BATCH = 200
GAP_POLLS = 8


@dataclass(frozen=True)
class Change:
    """One SSE event: its kind (`snapshot`/`update`/`deleted`), version and data."""

    kind: str
    version: int
    data: dict[str, Any]

    @property
    def terminal(self) -> bool:
        return self.kind == "deleted" or self.data.get("status") in TERMINAL


async def _snapshot(store: ExecutionStore, workflow_id: str) -> Change | None:
    with map_mongo_errors():
        doc = await store.executions.find_one({"workflow_id": workflow_id})
    if doc is None:
        return None
    return Change("snapshot", doc.get("version", 0), public(doc))


async def _log_covers(store: ExecutionStore, workflow_id: str, after: int) -> bool:
    """False when the log starts after `after` (expired) or holds nothing yet."""
    with map_mongo_errors():
        first = await store.changes.find_one({"workflow_id": workflow_id}, sort=[("version", 1)])
    if first is None:
        return False
    return first["version"] <= after or first.get("prev", first["version"] - 1) <= after


async def follow(
    store: ExecutionStore,
    workflow_id: str,
    last_version: int | None,
    poll_s: float,
    disconnected: Callable[[], Awaitable[bool]],
) -> AsyncIterator[Change]:
    """Snapshot (unless resuming), then every change after it, until a terminal status."""
    if last_version is None or not await _log_covers(store, workflow_id, last_version):
        snap = await _snapshot(store, workflow_id)
        if snap is None:
            yield Change("deleted", last_version or 0, {"workflow_id": workflow_id})
            return
        if last_version is None or snap.version > last_version:
            yield snap
            last_version = snap.version
        if snap.terminal:
            return  # ended: nothing newer will come, whatever Last-Event-ID said
    assert last_version is not None
    stale_polls = gap_polls = 0
    while not await disconnected():
        with map_mongo_errors():
            rows = (
                await store.changes.find(
                    {"workflow_id": workflow_id, "version": {"$gt": last_version}}
                )
                .sort([("version", 1)])
                .to_list(BATCH)
            )
        delivered = False
        for row in rows:
            if row.get("prev", last_version) > last_version and gap_polls < GAP_POLLS:
                break  # the record of a version in between is still being written
            change = Change("update", row["version"], row["data"])
            yield change
            last_version, delivered = change.version, True
            if change.terminal:
                return
        if delivered:
            gap_polls = 0
            continue
        if rows:
            gap_polls += 1
            await asyncio.sleep(poll_s)
            continue
        snap = await _snapshot(store, workflow_id)
        if snap is None:
            yield Change("deleted", last_version, {"workflow_id": workflow_id})
            return
        if snap.terminal and snap.version <= last_version:
            return  # ended at or before the version the client already has
        if snap.terminal and snap.version > last_version:
            stale_polls += 1
            if stale_polls > 2:  # the change record was lost (crash): end on the document
                yield snap
                return
        await asyncio.sleep(poll_s)
