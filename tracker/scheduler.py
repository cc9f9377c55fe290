"""Coalesced settling: each workflow is derived at most once per interval per process.

    request(wid) ── no settle of wid in the last interval ──► settle now
                 └─ otherwise ──────────────────────────────► one settle at last start + interval
                                                              (every request meanwhile joins it)

So a burst of events costs one settle per interval instead of one per event, and the last event
of a burst is settled at most one interval (plus the settle itself) after it arrived. The
interval is `TRACKER_DERIVE_INTERVAL_S`, or twice the workflow's last settle time when that is
longer (up to 1 s): a settle reads every resume of its workflow, so a big workflow on a busy
database is settled less often, and its settles take at most about a third of the time.

A settle that fails (database hiccup) leaves the workflow's head dirty; the repair loop settles
every head left dirty for a repair period, whichever process marked it (crash repair).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from dataclasses import dataclass

from common.errors import HrflowError
from tracker.store import ExecutionStore, Publish

log = logging.getLogger("hrflow.tracker.scheduler")
COST_FACTOR = 2.0  # the wait after a settle is at least this many times its duration ...
MAX_ADAPTIVE_S = 1.0  # ... but no longer than this (unless the configured interval is)


@dataclass
class _Slot:
    requested: bool = False
    last_start: float = float("-inf")
    last_duration: float = 0.0
    task: asyncio.Task[None] | None = None


class SettleScheduler:
    """Per-workflow throttled settles, plus the repair loop."""

    def __init__(
        self, store: ExecutionStore, publish: Publish, interval_s: float, repair_interval_s: float
    ) -> None:
        self.store = store
        self.publish = publish
        self.interval_s = interval_s
        self.repair_interval_s = repair_interval_s
        self._slots: dict[str, _Slot] = {}
        self._repair: asyncio.Task[None] | None = None
        self._stop = asyncio.Event()

    def request(self, workflow_id: str) -> None:
        """Settle this workflow soon (now, or when its interval is up)."""
        slot = self._slots.get(workflow_id)
        if slot is None:
            slot = self._slots[workflow_id] = _Slot()
        slot.requested = True
        if slot.task is None:
            slot.task = asyncio.create_task(self._run(workflow_id, slot))

    @property
    def pending(self) -> int:
        """Workflows with a settle scheduled or running in this process."""
        return len(self._slots)

    async def _run(self, workflow_id: str, slot: _Slot) -> None:
        loop = asyncio.get_running_loop()
        try:
            while True:
                interval_s = max(
                    self.interval_s, min(COST_FACTOR * slot.last_duration, MAX_ADAPTIVE_S)
                )
                wait_s = slot.last_start + interval_s - loop.time()
                if wait_s > 0:
                    await asyncio.sleep(wait_s)
                if not slot.requested:
                    return  # a quiet interval after the last settle: done
                slot.requested = False
                slot.last_start = loop.time()
                try:
                    await self.store.settle(workflow_id, self.publish)
                except Exception:  # the head stays dirty: repaired later
                    log.warning(
                        "settling %s failed; the repair loop will retry", workflow_id, exc_info=True
                    )
                slot.last_duration = loop.time() - slot.last_start
        finally:
            self._slots.pop(workflow_id, None)

    async def flush(self, timeout_s: float = 30.0) -> None:
        """Wait for every scheduled settle (graceful shutdown, tests, benchmarks)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout_s
        while self._slots and loop.time() < deadline:
            tasks = [s.task for s in self._slots.values() if s.task is not None]
            if tasks:
                await asyncio.wait(tasks, timeout=max(0.0, deadline - loop.time()))

    async def repair_once(self) -> int:
        """Settle every workflow whose head stayed dirty for a repair period; how many."""
        due = [w for w in await self.store.due(self.repair_interval_s) if w not in self._slots]
        for workflow_id in due:
            self.request(workflow_id)
        return len(due)

    async def _repair_loop(self) -> None:
        while not self._stop.is_set():
            try:
                await self.repair_once()
            except HrflowError:
                log.warning("repair pass failed", exc_info=True)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stop.wait(), self.repair_interval_s)

    def start(self) -> None:
        """Start the repair loop."""
        if self._repair is None and self.repair_interval_s > 0:
            self._repair = asyncio.create_task(self._repair_loop())

    async def close(self, timeout_s: float = 30.0) -> None:
        """Stop the repair loop and finish the scheduled settles."""
        self._stop.set()
        if self._repair is not None:
            with contextlib.suppress(Exception):
                await self._repair
            self._repair = None
        await self.flush(timeout_s)
