"""Small builders shared by the broker tests."""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import aio_pika

from common.broker import Topology
from common.messages import ResumeExtracted
from common.settings import Settings
from common.timeutil import utcnow


def extracted(workflow_id: str, resume_id: str, text: str = "Python developer") -> ResumeExtracted:
    """A valid `resume.extracted` event."""
    return ResumeExtracted(
        workflow_id=workflow_id,
        resume_id=resume_id,
        text=text,
        text_sha256="0" * 64,
        started_at=utcnow(),
        duration_ms=1.0,
    )


async def wait_until(
    predicate: Callable[[], Awaitable[bool]] | Callable[[], bool],
    timeout_s: float = 15.0,
    what: str = "condition",
) -> None:
    """Poll `predicate` every 50 ms until true, or fail after `timeout_s`."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout_s
    while True:
        result = predicate()
        if asyncio.iscoroutine(result):
            result = await result
        if result:
            return
        if loop.time() > deadline:
            raise AssertionError(f"timed out after {timeout_s} s waiting for {what}")
        await asyncio.sleep(0.05)


@contextlib.asynccontextmanager
async def event_probe(
    settings: Settings, routing_key: str
) -> AsyncIterator[Callable[[], Awaitable[dict[str, Any]]]]:
    """A private queue bound to `routing_key` on the events exchange, for the block's duration;
    yields `received()`, which waits (10 s at most) for the next such event and decodes it."""
    connection = await aio_pika.connect(settings.amqp_url)
    try:
        channel = await connection.channel()
        topology = Topology.from_settings(settings)
        await topology.declare(channel)
        queue = await channel.declare_queue(exclusive=True, auto_delete=True)
        await queue.bind(topology.events_exchange, routing_key)

        async def received() -> dict[str, Any]:
            for _ in range(200):
                message = await queue.get(fail=False, no_ack=True)
                if message is not None:
                    return json.loads(message.body)
                await asyncio.sleep(0.05)
            raise AssertionError(f"no {routing_key} event within 10 s")

        yield received
    finally:
        await connection.close()
