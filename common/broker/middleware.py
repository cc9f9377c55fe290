"""Cross-cutting steps around every handler call, one small class each.

A middleware is called as `await mw(message, ctx, call_next)`; `DEFAULT_MIDDLEWARE` sets the
order, outermost first:

    Observe        → trace span, one log line in and one out (elapsed ms), metrics
    SkipCancelled  → drop work of a cancelled workflow (agents only)
    TimeLimit      → a handler running past `time_limit_s` is abandoned and retried

`DuplicateDeliveries` is for fault-injection runs only (`CHAOS_DUPLICATE_DELIVERIES=true`):
it republishes every message once more, so each handler sees every message twice.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from typing import Protocol

from common.broker.context import Context
from common.broker.publisher import to_amqp
from common.errors import TransientError
from common.logging import log_context
from common.messages import Message, WorkflowCancelled
from common.metrics import HANDLING_SECONDS
from common.timeutil import utcnow
from common.tracing import consume_span, current_trace_id

log = logging.getLogger("hrflow.worker")

CallNext = Callable[[Message, Context], Awaitable[None]]

CANCELLED_COLLECTION = "cancelled_workflows"


class Middleware(Protocol):
    """One step of the handling chain."""

    async def __call__(self, message: Message, ctx: Context, call_next: CallNext) -> None: ...


class Observe:
    """Continues the message's trace, logs `→`/`←` lines with elapsed time, records metrics."""

    async def __call__(self, message: Message, ctx: Context, call_next: CallNext) -> None:
        attributes = {"hrflow.workflow_id": message.workflow_id, "hrflow.group": ctx.group}
        with (
            consume_span(message.type, ctx.headers, attributes),
            log_context(
                workflow_id=message.workflow_id,
                message_id=message.message_id,
                type=message.type,
                group=ctx.group,
                attempt=ctx.attempt,
                trace_id=current_trace_id(),
            ),
        ):
            log.info("→ %s", message.type)
            started = time.perf_counter()
            try:
                await call_next(message, ctx)
            finally:
                elapsed = time.perf_counter() - started
                HANDLING_SECONDS.labels(ctx.group, message.type).observe(elapsed)
                log.info("← %s %.1f ms", message.type, elapsed * 1000)


class SkipCancelled:
    """Records `workflow.cancelled` and drops later work of that workflow.

    Cancellation is stored in Mongo (`cancelled_workflows`, one document per workflow) because
    with N replicas only one of them receives the cancel event; every replica reads it.
    A positive answer is cached for good, a negative one for `negative_ttl_s`.
    """

    def __init__(self, negative_ttl_s: float = 1.0) -> None:
        self.negative_ttl_s = negative_ttl_s
        self._cancelled: set[str] = set()
        self._checked_at: dict[str, float] = {}

    async def __call__(self, message: Message, ctx: Context, call_next: CallNext) -> None:
        if isinstance(message, WorkflowCancelled):
            await self._record(message, ctx)
            self._cancelled.add(message.workflow_id)
            if WorkflowCancelled not in ctx.state.get("_handled_types", ()):
                return
        elif await self._is_cancelled(message.workflow_id, ctx):
            log.info("skipping %s of cancelled workflow", message.type)
            return
        await call_next(message, ctx)

    async def _record(self, message: WorkflowCancelled, ctx: Context) -> None:
        await ctx.mongo.collection(CANCELLED_COLLECTION).update_one(
            {"_id": message.workflow_id},
            {"$setOnInsert": {"cancelled_at": message.occurred_at, "recorded_at": utcnow()}},
            upsert=True,
        )

    async def _is_cancelled(self, workflow_id: str, ctx: Context) -> bool:
        if workflow_id in self._cancelled:
            return True
        now = time.monotonic()
        if now - self._checked_at.get(workflow_id, -1e9) < self.negative_ttl_s:
            return False
        found = await ctx.mongo.collection(CANCELLED_COLLECTION).find_one({"_id": workflow_id})
        if found:
            self._cancelled.add(workflow_id)
            return True
        self._checked_at[workflow_id] = now
        if len(self._checked_at) > 10_000:
            self._checked_at.clear()
        return False


class TimeLimit:
    """Abandons a handler after `time_limit_s` and asks for a retry."""

    def __init__(self, time_limit_s: float) -> None:
        if time_limit_s <= 0:
            raise ValueError("time_limit_s must be positive")
        self.time_limit_s = time_limit_s

    async def __call__(self, message: Message, ctx: Context, call_next: CallNext) -> None:
        try:
            await asyncio.wait_for(call_next(message, ctx), self.time_limit_s)
        except TimeoutError as exc:
            raise TransientError(
                f"handler exceeded its {self.time_limit_s:g} s time limit"
            ) from exc


class DuplicateDeliveries:
    """Fault injection: send a copy of every first-hand message back to the work queue."""

    HEADER = "x-hrflow-duplicate"

    async def __call__(self, message: Message, ctx: Context, call_next: CallNext) -> None:
        if self.HEADER not in ctx.headers:
            queue = ctx.publisher.topology.work_queue(ctx.group)
            await ctx.publisher.send_to_queue(queue, to_amqp(message, {self.HEADER: 1}))
        await call_next(message, ctx)


def default_middleware(
    time_limit_s: float, skip_cancelled: bool, duplicate_deliveries: bool = False
) -> list[Middleware]:
    """The standard chain, outermost first."""
    chain: list[Middleware] = [Observe()]
    if duplicate_deliveries:
        chain.append(DuplicateDeliveries())
    if skip_cancelled:
        chain.append(SkipCancelled())
    chain.append(TimeLimit(time_limit_s))
    return chain


def build_chain(middleware: list[Middleware], endpoint: CallNext) -> CallNext:
    """Wrap `endpoint` in the middleware, first in the list outermost."""
    call: CallNext = endpoint
    for mw in reversed(middleware):
        call = _bind(mw, call)
    return call


def _bind(mw: Middleware, call_next: CallNext) -> CallNext:
    async def step(message: Message, ctx: Context) -> None:
        await mw(message, ctx, call_next)

    return step
