"""The broker topology: every exchange, queue and binding hrflow uses, declared from here only.

    <prefix>.events                 topic exchange: every event and task, routing key = message type
    <prefix>.<group>                quorum work queue per consumer group, bound to its routing keys
    <prefix>.<group>.retry.<ms>ms   quorum retry queue per delay tier: messages wait `ms`, then
                                    dead-letter back to <prefix>.<group> via the default exchange
    <prefix>.<group>.dlq            quorum dead-letter queue: poison, undecodable, out of attempts

Retry and dead-letter traffic goes through the default exchange straight to one queue, so a
retried message reaches only the group that failed it, never the other subscribers.

Dead-lettering uses the `at-least-once` strategy (RabbitMQ >= 3.10, needs `reject-publish`
overflow): the broker keeps a dead-lettered message until the target queue confirms it.
`x-delivery-limit` is set explicitly because RabbitMQ 3.10 has no default: a message whose
handler crashes the worker over and over goes to the DLQ after that many deliveries.

The delay is part of a retry queue's name, so changing `RETRY_DELAYS_MS` declares new queues
instead of failing on a changed `x-message-ttl`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import aio_pika
from aio_pika.abc import AbstractChannel, ExchangeType

from common.settings import Settings

# Consumer group → the routing keys its queue receives. The single source of bindings.
GROUP_BINDINGS: dict[str, tuple[str, ...]] = {
    "tracker": (
        "workflow.started",
        "jd.parsed",
        "jd.failed",
        "resume.extracted",
        "resume.parsed",
        "resume.scored",
        "resume.failed",
        "workflow.cancelled",
        "message.dead_lettered",
    ),
    "jd-reader": ("workflow.started", "workflow.cancelled", "jd.deleted"),
    "resume-extractor": ("resume.submitted", "workflow.cancelled", "resume.deleted"),
    "resume-reader": ("resume.extracted", "workflow.cancelled", "resume.deleted"),
    "hr-comparator": (
        "resume.parsed",
        "jd.parsed",
        "jd.failed",
        "workflow.cancelled",
        "jd.deleted",
    ),
}

GROUPS: tuple[str, ...] = tuple(GROUP_BINDINGS)


@dataclass(frozen=True)
class Topology:
    """Names and arguments of every broker object for one prefix and set of settings."""

    prefix: str
    delivery_limit: int
    retry_delays_ms: tuple[int, ...]
    group_size: int | None = None

    @classmethod
    def from_settings(cls, settings: Settings) -> Topology:
        """The topology the given settings describe."""
        return cls(
            settings.broker_prefix,
            settings.delivery_limit,
            tuple(settings.retry_delays_ms),
            settings.quorum_group_size,
        )

    def _quorum(self) -> dict[str, Any]:
        replicas = {"x-quorum-initial-group-size": self.group_size} if self.group_size else {}
        return {**_QUORUM, **replicas}

    @property
    def events_exchange(self) -> str:
        """The topic exchange every message is published to."""
        return f"{self.prefix}.events"

    def work_queue(self, group: str) -> str:
        """The consumer group's work queue."""
        return f"{self.prefix}.{group}"

    def dead_letter_queue(self, group: str) -> str:
        """The consumer group's dead-letter queue."""
        return f"{self.prefix}.{group}.dlq"

    def retry_queue(self, group: str, delay_ms: int) -> str:
        """The consumer group's retry queue for one delay tier."""
        return f"{self.prefix}.{group}.retry.{delay_ms}ms"

    def group_of_queue(self, queue: str) -> str | None:
        """The group a work, retry or dead-letter queue name belongs to."""
        for group in GROUPS:
            base = self.work_queue(group)
            if queue == base or queue.startswith(base + "."):
                return group
        return None

    def bound_routing_keys(self) -> frozenset[str]:
        """Routing keys at least one queue receives (publishing others is not mandatory)."""
        return frozenset(key for keys in GROUP_BINDINGS.values() for key in keys)

    def work_queue_arguments(self, group: str) -> dict[str, Any]:
        """Arguments of a work queue: quorum, delivery limit, at-least-once dead-lettering."""
        return {
            **_QUORUM_DLX,
            **self._quorum(),
            "x-delivery-limit": self.delivery_limit,
            "x-dead-letter-routing-key": self.dead_letter_queue(group),
        }

    def retry_queue_arguments(self, group: str, delay_ms: int) -> dict[str, Any]:
        """Arguments of a retry queue: messages expire after `delay_ms` back to the work queue."""
        return {
            **_QUORUM_DLX,
            **self._quorum(),
            "x-message-ttl": delay_ms,
            "x-dead-letter-routing-key": self.work_queue(group),
        }

    async def declare(self, channel: AbstractChannel) -> None:
        """Declare every exchange, queue and binding (idempotent; every service does it)."""
        exchange = await channel.declare_exchange(
            self.events_exchange, ExchangeType.TOPIC, durable=True
        )
        for group, keys in GROUP_BINDINGS.items():
            await channel.declare_queue(
                self.dead_letter_queue(group), durable=True, arguments=self._quorum()
            )
            queue = await channel.declare_queue(
                self.work_queue(group), durable=True, arguments=self.work_queue_arguments(group)
            )
            for key in keys:
                await queue.bind(exchange, routing_key=key)
            for delay_ms in self.retry_delays_ms:
                await channel.declare_queue(
                    self.retry_queue(group, delay_ms),
                    durable=True,
                    arguments=self.retry_queue_arguments(group, delay_ms),
                )

    def queue_names(self) -> list[str]:
        """Every queue of this prefix: each group's work, dead-letter and retry queues."""
        names = []
        for group in GROUPS:
            names += [self.work_queue(group), self.dead_letter_queue(group)]
            names += [self.retry_queue(group, ms) for ms in self.retry_delays_ms]
        return names

    async def purge(self, channel: AbstractChannel) -> None:
        """Declare the topology, then empty every queue of it (tests and benchmarks)."""
        await self.declare(channel)
        for name in self.queue_names():
            await (await channel.get_queue(name)).purge()

    async def delete(self, channel: AbstractChannel) -> None:
        """Delete every queue and the exchange of this prefix (test clean-up)."""
        for name in self.queue_names():
            await channel.queue_delete(name)
        await channel.exchange_delete(self.events_exchange)


_QUORUM: dict[str, Any] = {"x-queue-type": "quorum"}
_QUORUM_DLX: dict[str, Any] = {
    **_QUORUM,
    "x-dead-letter-exchange": "",
    "x-dead-letter-strategy": "at-least-once",
    "x-overflow": "reject-publish",
}

PERSISTENT = aio_pika.DeliveryMode.PERSISTENT
