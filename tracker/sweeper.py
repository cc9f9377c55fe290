"""Periodic upkeep: stalled and orphaned workflows, expired executions, completions never
confirmed.

(Missed derivations are repaired more often, by `SettleScheduler`'s repair loop.)
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from prometheus_client import Counter

from common.db import map_mongo_errors
from common.errors import HrflowError
from common.timeutil import utcnow
from tracker.indexes import dated_before
from tracker.metrics import ORPHANED, PURGED, STALLED
from tracker.store import ExecutionStore, Publish

log = logging.getLogger("hrflow.tracker.sweeper")

ACTIVE = ["pending", "in_progress"]


@dataclass
class SweepReport:
    """What one sweep did."""

    stalled: list[str]
    purged: int
    republished: int
    orphaned: list[str]


async def mark_stalled(
    store: ExecutionStore, publish: Publish, stall_timeout_s: float, limit: int = 500
) -> list[str]:
    """Fail every active execution with no event for `stall_timeout_s` (error `stalled`)."""
    now = utcnow()
    quiet = {
        "status": {"$in": ACTIVE},
        "tracker.touched_at": dated_before(now - timedelta(seconds=stall_timeout_s)),
    }
    why = f"no event for {stall_timeout_s:.0f} s"
    return await _fail(store, publish, "stalled", quiet, now, STALLED, why, limit)


async def mark_orphaned(
    store: ExecutionStore, publish: Publish, orphan_after_s: float, limit: int = 500
) -> list[str]:
    """Fail every execution created by agents' events alone (the gateway never registered it:
    the database lost it, or it was removed by hand) `orphan_after_s` after it appeared."""
    now = utcnow()
    unregistered = {
        "status": {"$in": ACTIVE},
        "facts.started": {"$exists": False},
        "facts.registered": {"$exists": False},
        "created_at": dated_before(now - timedelta(seconds=orphan_after_s)),
    }
    why = "events arrived but it was never registered"
    return await _fail(store, publish, "orphaned", unregistered, now, ORPHANED, why, limit)


async def _fail(
    store: ExecutionStore,
    publish: Publish,
    verdict: str,
    condition: dict[str, Any],
    now: datetime,
    counter: Counter,
    why: str,
    limit: int,
) -> list[str]:
    """Record `verdict` on every execution meeting `condition` (once: the write is
    conditional, so replicas and late events are safe), count it and settle it (`derive`
    turns the verdict into `failed`)."""
    query = {**condition, f"facts.{verdict}": {"$exists": False}}
    with map_mongo_errors():
        candidates = await store.executions.find(query, {"workflow_id": 1}).to_list(limit)
    marked = []
    for cand in candidates:
        if not await store.write_verdict(cand["workflow_id"], verdict, condition, now):
            continue  # an event or a registration arrived meanwhile, or another replica marked it
        counter.inc()
        marked.append(cand["workflow_id"])
        await store.settle(cand["workflow_id"], publish)
        log.warning("workflow %s %s: %s", cand["workflow_id"], verdict, why)
    return marked


async def purge_expired(
    store: ExecutionStore, now: datetime | None = None, batch: int = 500
) -> int:
    """Delete executions (with their resume facts and heads) whose `expire_at` is before `now`,
    expired change records and expired tombstones of deleted executions."""
    now = now or utcnow()
    deleted = 0
    while True:
        with map_mongo_errors():
            expired = await store.executions.find(
                {"expire_at": dated_before(now)}, {"workflow_id": 1}
            ).to_list(batch)
        count = await store.delete([d["workflow_id"] for d in expired])
        deleted += count
        if len(expired) < batch or count == 0:
            break
    with map_mongo_errors():
        await store.changes.delete_many({"expire_at": dated_before(now)})
        await store.heads.delete_many({"expire_at": dated_before(now)})  # old tombstones
    PURGED.inc(deleted)
    return deleted


async def republish_lost(store: ExecutionStore, publish: Publish, limit: int = 500) -> int:
    """Re-publish completions claimed but never confirmed (same message id)."""
    query = {
        "tracker.completion": {"$exists": True},
        "tracker.completion.published_at": {"$exists": False},
    }
    with map_mongo_errors():
        docs = await store.executions.find(query).to_list(limit)
    count = 0
    for doc in docs:
        count += await store.republish_if_lost(doc, publish)
    return count


async def sweep_once(store: ExecutionStore, publish: Publish) -> SweepReport:
    """One pass of every upkeep job."""
    stalled = await mark_stalled(store, publish, store.settings.stall_timeout_s)
    orphaned = await mark_orphaned(store, publish, store.settings.orphan_after_s)
    purged = await purge_expired(store)
    republished = await republish_lost(store, publish)
    return SweepReport(stalled, purged, republished, orphaned)


async def run_sweeper(store: ExecutionStore, publish: Publish, stop: asyncio.Event) -> None:
    """Sweep every `TRACKER_SWEEP_INTERVAL_S` until `stop` is set; errors are logged, not fatal."""
    interval_s = store.settings.tracker_sweep_interval_s
    while not stop.is_set():
        try:
            await sweep_once(store, publish)
        except HrflowError:
            log.warning("sweep failed; next try in %.0f s", interval_s, exc_info=True)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), interval_s)
