"""Cross-cutting steps around every handler call, one small class each.

A middleware is called as `await mw(message, ctx, call_next)`. A `Worker` names its chain by
class, outermost first (`STANDARD_CHAIN` unless it says otherwise):

    Observe        → trace span, one log line in and one out (elapsed ms), metrics
    SkipCancelled  → records `workflow.cancelled`, drops later work of that workflow
    TimeLimit      → a handler running past `time_limit_s` is abandoned and retried

Each class owns its options (`OPTIONS`) and builds itself from the worker's `options`
(`build`), validating them: a worker that sets an option no middleware of its chain takes, or
a bad value, fails when it is declared. A class that settles a message type itself lists it in
`CONSUMES` (cancellation is SkipCancelled's alone: no handler, no special case in the loop).

`DuplicateDeliveries` is for fault-injection runs only (`CHAOS_DUPLICATE_DELIVERIES=true`):
it republishes every message once more, so each handler sees every message twice.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, Collection, Mapping
from typing import ClassVar, Protocol

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


class Step(Protocol):
    """A middleware class as a worker names it: its options, what it settles, how it is built."""

    OPTIONS: ClassVar[frozenset[str]]
    CONSUMES: ClassVar[tuple[type[Message], ...]]

    @classmethod
    def build(cls, options: Mapping[str, object], handled: Collection[type[Message]]) -> Middleware:
        """An instance for one worker: its `options`, and the message types it has handlers for."""
        ...


class Observe:
    """Continues the message's trace, logs `→`/`←` lines with elapsed time, records metrics."""

    OPTIONS: ClassVar[frozenset[str]] = frozenset()
    CONSUMES: ClassVar[tuple[type[Message], ...]] = ()

    @classmethod
    def build(cls, options: Mapping[str, object], handled: Collection[type[Message]]) -> Observe:
        return cls()

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
    A positive answer is cached for good, a negative one for `negative_ttl_s`. The cancel event
    itself ends here unless the worker has a handler for it (`also_handled`).
    """

    OPTIONS: ClassVar[frozenset[str]] = frozenset()
    CONSUMES: ClassVar[tuple[type[Message], ...]] = (WorkflowCancelled,)

    def __init__(self, negative_ttl_s: float = 1.0, *, also_handled: bool = False) -> None:
        self.negative_ttl_s = negative_ttl_s
        self.also_handled = also_handled
        self._cancelled: set[str] = set()
        self._checked_at: dict[str, float] = {}

    @classmethod
    def build(
        cls, options: Mapping[str, object], handled: Collection[type[Message]]
    ) -> SkipCancelled:
        return cls(also_handled=WorkflowCancelled in handled)

    async def __call__(self, message: Message, ctx: Context, call_next: CallNext) -> None:
        if isinstance(message, WorkflowCancelled):
            await self._record(message, ctx)
            self._cancelled.add(message.workflow_id)
            if not self.also_handled:
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
    """Abandons a handler after `time_limit_s` (option; default 300 s) and asks for a retry."""

    OPTIONS: ClassVar[frozenset[str]] = frozenset({"time_limit_s"})
    CONSUMES: ClassVar[tuple[type[Message], ...]] = ()
    DEFAULT_S = 300.0

    def __init__(self, time_limit_s: float) -> None:
        if isinstance(time_limit_s, bool) or not isinstance(time_limit_s, int | float):
            raise ValueError(f"time_limit_s must be a number of seconds, not {time_limit_s!r}")
        if time_limit_s <= 0:
            raise ValueError(f"time_limit_s must be positive, not {time_limit_s!r}")
        self.time_limit_s = float(time_limit_s)

    @classmethod
    def build(cls, options: Mapping[str, object], handled: Collection[type[Message]]) -> TimeLimit:
        return cls(options.get("time_limit_s", cls.DEFAULT_S))  # type: ignore[arg-type]

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


STANDARD_CHAIN: tuple[type[Step], ...] = (Observe, SkipCancelled, TimeLimit)


def check_options(group: str, chain: tuple[type[Step], ...], options: Mapping[str, object]) -> None:
    """Fail on an option no middleware of `chain` takes (a misspelling, or a missing step)."""
    known = {name for step in chain for name in step.OPTIONS}
    unknown = sorted(set(options) - known)
    if unknown:
        raise ValueError(
            f"{group}: unknown worker option(s) {unknown}; its middleware take {sorted(known)}"
        )


def instantiate(
    chain: tuple[type[Step], ...],
    options: Mapping[str, object],
    handled: Collection[type[Message]],
    *,
    duplicate_deliveries: bool = False,
) -> list[Middleware]:
    """The chain's middleware for one serving, outermost first (fault injection just inside
    Observe, so every copy is traced and logged like a real delivery)."""
    built = [step.build(options, handled) for step in chain]
    if duplicate_deliveries:
        built.insert(1 if chain[:1] == (Observe,) else 0, DuplicateDeliveries())
    return built


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
