"""Dead-letter queues: list, inspect, replay and purge them through the broker.

Replay republishes a dead letter to its group's work queue with fresh attempt counters and
acks the dead letter only after the broker confirmed the copy, so a crash mid-replay leaves
the message in the DLQ (and replaying it twice is harmless: handlers are idempotent).
Messages that do not match a `--workflow` filter are returned to the DLQ untouched.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import aio_pika
from aio_pika.abc import AbstractChannel, AbstractIncomingMessage

from common.broker.connection import connect_once
from common.broker.publisher import Publisher
from common.broker.settle import (
    H_ATTEMPT,
    H_ERROR_TYPE,
    H_FAILED_AT,
    H_FIRST_SEEN,
    H_LAST_ERROR,
    H_REASON,
    H_WAITS,
    copy_of,
)
from common.broker.topology import GROUPS, Topology
from common.settings import Settings
from common.timeutil import ensure_utc, utcnow


@dataclass
class DeadLetter:
    """A decoded view of one dead-lettered message."""

    queue: str
    message_id: str | None
    type: str | None
    workflow_id: str | None
    resume_id: str | None
    reason: str | None
    last_error: str | None
    error_type: str | None
    failed_at: str | None
    x_death: list[dict[str, Any]] = field(default_factory=list)
    body_preview: str = ""

    def as_dict(self) -> dict[str, Any]:
        """JSON-friendly dict."""
        return self.__dict__.copy()


@dataclass
class QueueDepth:
    """One DLQ's depth and the age of its oldest message."""

    queue: str
    group: str
    depth: int
    oldest_age_s: float | None


def describe(queue: str, delivery: AbstractIncomingMessage) -> DeadLetter:
    """Decode what an operator needs to see from a dead letter."""
    headers = dict(delivery.headers or {})
    body = _json_or_none(delivery.body)
    return DeadLetter(
        queue=queue,
        message_id=delivery.message_id,
        type=(body or {}).get("type") or delivery.type,
        workflow_id=(body or {}).get("workflow_id") or delivery.correlation_id,
        resume_id=(body or {}).get("resume_id"),
        reason=_text(headers.get(H_REASON)) or _death_reason(headers),
        last_error=_text(headers.get(H_LAST_ERROR)),
        error_type=_text(headers.get(H_ERROR_TYPE)),
        failed_at=_text(headers.get(H_FAILED_AT)),
        x_death=[_plain(d) for d in headers.get("x-death") or []],
        body_preview=delivery.body[:300].decode("utf-8", "replace"),
    )


class DeadLetters:
    """Operations on the DLQs of one topology."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.topology = Topology.from_settings(settings)

    def queue_name(self, group_or_queue: str) -> str:
        """Accept a group (`resume-reader`) or a full DLQ name."""
        if group_or_queue in GROUPS:
            return self.topology.dead_letter_queue(group_or_queue)
        group = self.topology.group_of_queue(group_or_queue)
        if group is None or group_or_queue != self.topology.dead_letter_queue(group):
            raise ValueError(
                f"{group_or_queue!r} is not a dead-letter queue; groups: {', '.join(GROUPS)}"
            )
        return group_or_queue

    async def depths(self) -> list[QueueDepth]:
        """Every DLQ with its depth (the broker's count of ready messages: nothing is pulled
        out of the queue) and the age of its oldest message (the one at its head)."""
        result = []
        async with self._channel() as channel:
            for group in GROUPS:
                name = self.topology.dead_letter_queue(group)
                declared = await channel.declare_queue(name, passive=True)
                depth = declared.declaration_result.message_count or 0
                head = await self._peek(channel, name, limit=1) if depth else []
                oldest = _failed_at(head[0]) if head else None
                age = (utcnow() - oldest).total_seconds() if oldest else None
                result.append(QueueDepth(name, group, depth, age))
        return result

    async def show(
        self, queue: str, workflow_id: str | None = None, limit: int | None = 100
    ) -> list[DeadLetter]:
        """Decoded dead letters (optionally of one workflow); the queue is left unchanged."""
        name = self.queue_name(queue)
        async with self._channel() as channel:
            letters = await self._peek(channel, name, limit=None)
        matching = [d for d in letters if workflow_id in (None, d.workflow_id)]
        return matching[:limit] if limit else matching

    async def replay(
        self,
        queue: str,
        workflow_id: str | None = None,
        limit: int | None = None,
        dry_run: bool = False,
    ) -> list[DeadLetter]:
        """Republish matching dead letters to their work queue; returns those (to be) replayed."""
        name = self.queue_name(queue)
        group = self.topology.group_of_queue(name)
        assert group is not None
        target = self.topology.work_queue(group)
        publisher = Publisher(self.settings, "dlq-replay")
        done: list[DeadLetter] = []
        try:
            async with self._channel() as channel:
                async for delivery in self._matching(channel, name, workflow_id, limit):
                    if not dry_run:
                        await publisher.send_to_queue(target, _fresh_copy(delivery))
                        await delivery.ack()
                    done.append(describe(name, delivery))
        finally:
            await publisher.close()
        return done

    async def purge(self, queue: str, workflow_id: str | None = None) -> int:
        """Delete matching dead letters (all when no workflow is given); returns how many."""
        name = self.queue_name(queue)
        count = 0
        async with self._channel() as channel:
            async for delivery in self._matching(channel, name, workflow_id, None):
                await delivery.ack()
                count += 1
        return count

    async def _matching(
        self, channel: AbstractChannel, name: str, workflow_id: str | None, limit: int | None
    ) -> AsyncIterator[AbstractIncomingMessage]:
        """Yield matching deliveries; the others are held unacked and returned at the end."""
        queue = await channel.get_queue(name)
        held: list[AbstractIncomingMessage] = []
        taken = 0
        try:
            while limit is None or taken < limit:
                delivery = await queue.get(no_ack=False, fail=False)
                if delivery is None:
                    break
                if workflow_id is None or describe(name, delivery).workflow_id == workflow_id:
                    taken += 1
                    yield delivery
                else:
                    held.append(delivery)
        finally:
            for delivery in held:
                await delivery.nack(requeue=True)

    async def _peek(
        self, channel: AbstractChannel, name: str, limit: int | None
    ) -> list[DeadLetter]:
        queue = await channel.get_queue(name)
        held: list[AbstractIncomingMessage] = []
        try:
            while limit is None or len(held) < limit:
                delivery = await queue.get(no_ack=False, fail=False)
                if delivery is None:
                    break
                held.append(delivery)
            return [describe(name, d) for d in held]
        finally:
            for delivery in held:
                await delivery.nack(requeue=True)

    @asynccontextmanager
    async def _channel(self) -> AsyncIterator[AbstractChannel]:
        connection = await connect_once(self.settings)
        try:
            channel = await connection.channel()
            await self.topology.declare(channel)
            yield channel
        finally:
            await connection.close()


def _fresh_copy(delivery: AbstractIncomingMessage) -> aio_pika.Message:
    headers = {
        k: v
        for k, v in (delivery.headers or {}).items()
        if k
        not in (
            H_ATTEMPT,
            H_WAITS,
            H_FIRST_SEEN,
            "x-death",
            "x-first-death-queue",
            "x-first-death-reason",
            "x-first-death-exchange",
            "x-delivery-count",
        )
    }
    headers["x-hrflow-replayed-at"] = utcnow().isoformat()
    return copy_of(delivery, headers)


def _failed_at(letter: DeadLetter) -> datetime | None:
    if letter.failed_at:
        try:
            return ensure_utc(datetime.fromisoformat(letter.failed_at.replace("Z", "+00:00")))
        except ValueError:
            return None
    for death in letter.x_death:
        if isinstance(death.get("time"), datetime):
            return ensure_utc(death["time"])
    return None


def _death_reason(headers: dict[str, Any]) -> str | None:
    deaths = headers.get("x-death") or []
    return f"broker: {_text(deaths[0].get('reason'))}" if deaths else None


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return value


def _text(value: Any) -> str | None:
    if value is None:
        return None
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)


def _json_or_none(body: bytes) -> dict[str, Any] | None:
    try:
        data = json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError):
        return None
    return data if isinstance(data, dict) else None
