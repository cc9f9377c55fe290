"""Queue depth and consumer count per queue, as Prometheus gauges.

The tracker samples them every few seconds (`QueueStatsSampler.run`); any service may.
Quorum queues report their counts with a short lag, which is fine for dashboards and alerts.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging

import aio_pika
from prometheus_client import Gauge

from common.broker.connection import connect_once
from common.broker.topology import Topology
from common.settings import Settings

log = logging.getLogger(__name__)

QUEUE_MESSAGES = Gauge("hrflow_queue_messages", "Ready messages in a queue.", ["queue"])
QUEUE_CONSUMERS = Gauge("hrflow_queue_consumers", "Consumers attached to a queue.", ["queue"])


class QueueStatsSampler:
    """Refreshes the queue gauges every `interval_s` seconds."""

    def __init__(self, settings: Settings, interval_s: float = 5.0) -> None:
        self.settings = settings
        self.interval_s = interval_s
        self.topology = Topology.from_settings(settings)

    async def sample_once(self) -> dict[str, tuple[int, int]]:
        """Read every queue's (messages, consumers) and update the gauges."""
        connection = await connect_once(self.settings)
        stats: dict[str, tuple[int, int]] = {}
        try:
            channel = await connection.channel()
            for name in self.topology.queue_names():
                try:
                    queue = await channel.declare_queue(name, passive=True)
                except aio_pika.exceptions.ChannelNotFoundEntity:
                    # Not declared yet (no consumer of that group has started): no figure, and
                    # the broker closed the channel, so take a new one.
                    channel = await connection.channel()
                    continue
                result = queue.declaration_result
                stats[name] = (result.message_count, result.consumer_count)
                QUEUE_MESSAGES.labels(name).set(result.message_count)
                QUEUE_CONSUMERS.labels(name).set(result.consumer_count)
        finally:
            await connection.close()
        return stats

    async def run(self, stop: asyncio.Event) -> None:
        """Sample until `stop` is set; a failed sample is logged and retried next period."""
        while not stop.is_set():
            try:
                await self.sample_once()
            except Exception:
                log.warning("queue stats sample failed", exc_info=True)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), self.interval_s)
