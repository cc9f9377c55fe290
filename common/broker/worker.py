"""The consumer runtime: a `Worker` declaration and the loop that serves it.

    WORKER = Worker(
        group="resume-reader",
        handlers={ResumeExtracted: handle},
        prefetch=2,
        options={"time_limit_s": 60},  # each option is owned by a middleware of the chain
    )
    run_worker(WORKER, get_settings())          # a process entry point (blocks; SIGTERM-aware)
    await serve_worker(WORKER, settings, stop)  # inside a running event loop (tracker, tests)

Per delivery: decode → middleware chain → handler → ack. A handler raising goes to
`Settler.fail` (retry with backoff, or dead-letter with the error in the headers); an
undecodable message is dead-lettered at once. On SIGTERM the consumer is cancelled first (no
new deliveries), in-flight handlers get `shutdown_grace_s` to finish, and whatever is still
running is returned to the queue: nothing in flight is lost.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from aio_pika.abc import AbstractIncomingMessage, AbstractQueue, AbstractRobustConnection

from common.broker.connection import connect
from common.broker.context import Context, Handler, Hook
from common.broker.middleware import (
    STANDARD_CHAIN,
    Middleware,
    Step,
    build_chain,
    check_options,
    instantiate,
)
from common.broker.probe import Probe
from common.broker.publisher import Publisher
from common.broker.settle import Settler, attempt_of
from common.broker.topology import GROUP_BINDINGS, Topology
from common.db import Mongo
from common.errors import DecodeError
from common.files import FileClient
from common.logging import configure_logging
from common.messages import Message, decode
from common.metrics import IN_FLIGHT, MESSAGES_CONSUMED
from common.settings import Settings
from common.tracing import configure_tracing

log = logging.getLogger("hrflow.worker")


@dataclass(frozen=True)
class Worker:
    """A consumer group's declaration: what it consumes, how, and its start-up work."""

    group: str
    handlers: Mapping[type[Message], Handler]
    prefetch: int = 1
    startup: Hook | None = None
    shutdown: Hook | None = None
    middleware: tuple[type[Step], ...] = STANDARD_CHAIN
    """The chain by class, outermost first (see `common/broker/middleware.py`)."""
    options: Mapping[str, object] = field(default_factory=dict)
    """Options of the chain's middleware (`time_limit_s`...), each checked by its owner."""
    emits: tuple[type[Message], ...] = ()
    """What the handlers publish through `ctx.publish`; publishing anything else fails."""

    def __post_init__(self) -> None:
        if self.group not in GROUP_BINDINGS:
            raise ValueError(
                f"unknown consumer group {self.group!r}; see common/broker/topology.py"
            )
        bound = set(GROUP_BINDINGS[self.group])
        for cls in self.handlers:
            if cls.TYPE not in bound:
                raise ValueError(
                    f"{self.group} handles {cls.TYPE!r} but its queue is not bound to it"
                )
        consumed = {key for keys in GROUP_BINDINGS.values() for key in keys}
        for cls in self.emits:
            if cls.TYPE not in consumed:
                raise ValueError(f"{self.group} emits {cls.TYPE!r} but no queue is bound to it")
        for step in self.middleware:
            for cls in step.CONSUMES:
                if cls.TYPE not in bound:
                    raise ValueError(
                        f"{self.group}'s {step.__name__} consumes {cls.TYPE!r} "
                        "but its queue is not bound to it"
                    )
        if self.prefetch < 1:
            raise ValueError("prefetch must be at least 1")
        check_options(self.group, self.middleware, self.options)
        self.chain()  # each middleware validates its options' values now, not at the first message

    def chain(self, *, duplicate_deliveries: bool = False) -> list[Middleware]:
        """Fresh middleware instances for one serving of this worker."""
        return instantiate(
            self.middleware,
            self.options,
            frozenset(self.handlers),
            duplicate_deliveries=duplicate_deliveries,
        )


@dataclass
class RunningWorker:
    """A worker being served: counters tests and probes read, and the stop switch."""

    worker: Worker
    stop: asyncio.Event = field(default_factory=asyncio.Event)
    ready: asyncio.Event = field(default_factory=asyncio.Event)
    handled: int = 0
    in_flight: int = 0
    idle_since: float = 0.0
    context: Context | None = None

    async def wait_idle(self, idle_s: float = 0.5, timeout_s: float = 60.0) -> None:
        """Wait until nothing has been in flight for `idle_s` (the queue is drained)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout_s
        while True:
            if self.in_flight == 0 and loop.time() - self.idle_since >= idle_s:
                return
            if loop.time() > deadline:
                raise TimeoutError(f"{self.worker.group} still busy after {timeout_s} s")
            await asyncio.sleep(0.05)


async def serve_worker(
    worker: Worker,
    settings: Settings,
    running: RunningWorker | None = None,
    *,
    mongo: Mongo | None = None,
) -> None:
    """Consume the worker's queue until `running.stop` is set, then shut down gracefully."""
    running = running or RunningWorker(worker)
    connection = await connect(settings, worker.group)
    own_mongo = mongo is None
    mongo = mongo or Mongo(settings)
    publisher = Publisher(settings, f"{worker.group}-publisher", connection=connection)
    files = FileClient(settings)
    ctx = Context(
        settings=settings,
        group=worker.group,
        mongo=mongo,
        publisher=publisher,
        files=files,
        emits=frozenset(cls.TYPE for cls in worker.emits),
    )
    running.context = ctx
    probe = Probe(settings, worker.group, running, mongo, publisher)
    try:
        await probe.start()
        if worker.startup is not None:
            await worker.startup(ctx)
        await _consume_until_stopped(worker, settings, running, connection, ctx)
    finally:
        if worker.shutdown is not None:
            await worker.shutdown(ctx)
        await probe.stop()
        await files.close()
        await publisher.close()
        await connection.close()
        if own_mongo:
            mongo.close()


async def _consume_until_stopped(
    worker: Worker,
    settings: Settings,
    running: RunningWorker,
    connection: AbstractRobustConnection,
    ctx: Context,
) -> None:
    topology = Topology.from_settings(settings)
    channel = await connection.channel()
    await topology.declare(channel)
    await channel.set_qos(prefetch_count=worker.prefetch)
    queue = await channel.get_queue(topology.work_queue(worker.group))
    settler = Settler(worker.group, ctx.publisher, settings)
    chain = build_chain(
        worker.chain(duplicate_deliveries=settings.chaos_duplicate_deliveries), _dispatch(worker)
    )
    tasks: set[asyncio.Task[None]] = set()
    loop = asyncio.get_running_loop()
    running.idle_since = loop.time()

    async def on_delivery(delivery: AbstractIncomingMessage) -> None:
        task = asyncio.create_task(_handle(delivery, ctx, chain, settler, running))
        tasks.add(task)
        task.add_done_callback(tasks.discard)

    tag = await queue.consume(on_delivery)
    running.ready.set()
    log.info("consuming %s (prefetch %d)", queue.name, worker.prefetch)
    await running.stop.wait()
    await _shutdown(queue, tag, tasks, settings.shutdown_grace_s)
    await channel.close()


async def _shutdown(
    queue: AbstractQueue, tag: str, tasks: set[asyncio.Task[None]], grace_s: float
) -> None:
    """Stop new deliveries, let in-flight work finish, hand back what cannot."""
    with contextlib.suppress(Exception):
        await queue.cancel(tag)
    if tasks:
        log.info(
            "shutting down: waiting up to %.0f s for %d in-flight messages", grace_s, len(tasks)
        )
        _, pending = await asyncio.wait(set(tasks), timeout=grace_s)
        for task in pending:
            task.cancel()
        if pending:
            await asyncio.wait(pending)


def _dispatch(worker: Worker):
    async def endpoint(message: Message, ctx: Context) -> None:
        handler = worker.handlers.get(type(message))
        if handler is None:
            raise DecodeError(f"{worker.group} has no handler for {message.type!r}")
        await handler(message, ctx)

    return endpoint


async def _handle(
    delivery: AbstractIncomingMessage,
    base: Context,
    chain,
    settler: Settler,
    running: RunningWorker,
) -> None:
    running.in_flight += 1
    IN_FLIGHT.labels(base.group).inc()
    message_type = delivery.type or delivery.routing_key or "unknown"
    try:
        message = decode(delivery.body, delivery.type or None)
        message_type = message.type
        ctx = replace(base, attempt=attempt_of(delivery), headers=dict(delivery.headers or {}))
        await chain(message, ctx)
    except asyncio.CancelledError:
        await _quietly(settler.requeue(delivery))
        raise
    except Exception as exc:  # noqa: BLE001 - every failure is settled, none escapes
        await _quietly(settler.fail(delivery, exc, message_type))
    else:
        await _quietly(settler.ack(delivery))
        MESSAGES_CONSUMED.labels(base.group, message_type).inc()
        running.handled += 1
    finally:
        running.in_flight -= 1
        running.idle_since = asyncio.get_running_loop().time()
        IN_FLIGHT.labels(base.group).dec()


async def _quietly(settle: Any) -> None:
    """Settle, tolerating a channel that died meanwhile (the broker redelivers then)."""
    try:
        await settle
    except Exception:
        log.warning("could not settle a delivery; the broker will redeliver it", exc_info=True)


def run_worker(worker: Worker, settings: Settings) -> None:
    """Run a worker as the process's main loop until SIGTERM/SIGINT."""
    configure_logging(settings.log_level, json_lines=settings.log_json)
    configure_tracing(worker.group, settings.otel_exporter)

    async def main() -> None:
        running = RunningWorker(worker)
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, running.stop.set)
        await serve_worker(worker, settings, running)

    asyncio.run(main())
