"""Publishing with publisher confirms.

`publish_many` sends every message before awaiting any confirm, so a start request with
hundreds of tasks costs about one round trip, not one per message. Every failure (no broker,
a nack, an unroutable mandatory message, a timeout) surfaces as `TransientError`: the caller
answers 503 or retries; nothing is reported as sent that the broker did not confirm.

A nack (`Basic.Nack`) is first retried here, for up to `PUBLISH_NACK_RETRY_S`, each time on a
new channel. On a cluster, RabbitMQ 3.10 nacks *every* later publish of a channel to a quorum
queue when that channel's first publish to it went out while the queue's record still named a
leader on a node that had just died: the channel asks the dead node for the machine version,
gets `{badrpc, nodedown}`, rejects, and keeps its queue state unchanged, so it asks the dead
node again on each publish (`rabbit_fifo_client:enqueue/3`; rabbitmq-server#9221 removed that
check in 3.11.x/3.12.x). Clients that reconnect within a second of a node's loss hit exactly that
window. A fresh channel gets a fresh queue state and is served as soon as the new leader is
recorded (about half a second after the loss). Retrying on the same channel never helps, and
burning the message's delivery attempts on it dead-letters work for nothing. A nacked message
may still have reached some of the queues it was routed to (rabbitmq-server#4888), so a retry
can deliver a duplicate there: consumers are idempotent, as for every other redelivery.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from typing import Any, TypeVar

import aio_pika
from aio_pika.abc import AbstractChannel, AbstractConnection, AbstractExchange
from aiormq.exceptions import DeliveryError, PublishError
from pamqp.commands import Basic

from common.broker.connection import connect
from common.broker.topology import PERSISTENT, Topology
from common.errors import TransientError
from common.messages import Message
from common.metrics import MESSAGES_PUBLISHED
from common.settings import Settings, amqp_urls
from common.timeutil import utcnow
from common.tracing import trace_headers

log = logging.getLogger(__name__)

T = TypeVar("T")

NACK_BACKOFF_FIRST_S = 0.2
NACK_BACKOFF_MAX_S = 2.0


def to_amqp(message: Message, headers: Mapping[str, Any] | None = None) -> aio_pika.Message:
    """An hrflow message as a persistent AMQP message: ids in the properties, trace in headers."""
    return aio_pika.Message(
        body=message.to_json(),
        content_type="application/json",
        delivery_mode=PERSISTENT,
        message_id=message.message_id,
        correlation_id=message.correlation_id,
        type=message.type,
        timestamp=utcnow(),
        headers={**trace_headers(), **dict(headers or {})},
    )


class Publisher:
    """Confirmed publishing to the events exchange over one channel.

    Connects lazily and reconnects on demand, so a service can start while the broker is down
    and answer 503 until it is back.
    """

    def __init__(
        self,
        settings: Settings,
        name: str = "publisher",
        connection: AbstractConnection | None = None,
    ) -> None:
        self._settings = settings
        self._name = name
        self._topology = Topology.from_settings(settings)
        self._mandatory_keys = self._topology.bound_routing_keys()
        self._connection = connection
        self._owns_connection = connection is None
        self._channel: AbstractChannel | None = None
        self._exchange: AbstractExchange | None = None
        self._lock = asyncio.Lock()
        self._retired: set[AbstractChannel] = set()  # replaced after a nack, closed later
        self._retiring: set[asyncio.Task[None]] = set()

    @classmethod
    async def open(cls, settings: Settings, name: str = "publisher") -> Publisher:
        """A publisher connected now (raises `TransientError` if the broker is unreachable)."""
        publisher = cls(settings, name)
        await publisher._ready()
        return publisher

    @property
    def topology(self) -> Topology:
        """The topology this publisher declares and publishes into."""
        return self._topology

    async def publish(self, message: Message, headers: Mapping[str, Any] | None = None) -> None:
        """Publish one message and wait for the broker's confirm."""
        await self.publish_many([message], headers=headers)

    async def publish_many(
        self, messages: Iterable[Message], headers: Mapping[str, Any] | None = None
    ) -> None:
        """Publish all messages pipelined, then wait until every one is confirmed."""
        batch = list(messages)
        if not batch:
            return

        def send(exchange: AbstractExchange, _: AbstractChannel, message: Message) -> Any:
            return exchange.publish(
                to_amqp(message, headers),
                routing_key=message.type,
                mandatory=message.type in self._mandatory_keys,
                timeout=self._settings.publish_timeout_s,
            )

        failures = await self._confirmed(batch, send)
        if failures:
            raise TransientError(
                f"broker did not confirm {len(failures)} of {len(batch)} messages: {failures[0]!r}"
            )
        for message in batch:
            MESSAGES_PUBLISHED.labels(message.type).inc()

    async def send_to_queue(self, queue: str, message: aio_pika.Message) -> None:
        """Publish a raw AMQP message straight to one queue (retries, DLQ, replay), confirmed."""

        def send(_: AbstractExchange, channel: AbstractChannel, item: aio_pika.Message) -> Any:
            return channel.default_exchange.publish(
                item, routing_key=queue, mandatory=True, timeout=self._settings.publish_timeout_s
            )

        failures = await self._confirmed([message], send)
        if failures:
            raise TransientError(
                f"broker did not confirm a message to {queue}: {failures[0]!r}"
            ) from failures[0]

    async def _confirmed(
        self,
        items: Sequence[T],
        send: Callable[[AbstractExchange, AbstractChannel, T], Awaitable[Any]],
    ) -> list[BaseException]:
        """Send every item pipelined and await the confirms; items the broker nacks are sent
        again on a new channel, with backoff, for up to `publish_nack_retry_s`. Returns the
        failures of the items still not confirmed (empty: all confirmed)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self._settings.publish_nack_retry_s
        delay = NACK_BACKOFF_FIRST_S
        pending = list(items)
        while True:
            exchange = await self._ready()
            channel = self._channel
            assert channel is not None
            results = await asyncio.gather(
                *(send(exchange, channel, item) for item in pending), return_exceptions=True
            )
            failed = [
                (item, r)
                for item, r in zip(pending, results, strict=True)
                if isinstance(r, BaseException)
            ]
            if not failed:
                return []
            errors = [r for _, r in failed]
            if not all(is_nack(e) for e in errors) or loop.time() + delay > deadline:
                self._forget_channel_if_broken()
                return errors
            log.warning(
                "broker nacked %d of %d messages; sending them again on a new channel in %.1f s",
                len(failed),
                len(pending),
                delay,
            )
            await self._replace_channel(channel)
            await asyncio.sleep(delay)
            delay = min(delay * 2, NACK_BACKOFF_MAX_S)
            pending = [item for item, _ in failed]

    async def ping(self) -> bool:
        """True when a channel to the broker is open."""
        try:
            await self._ready()
        except TransientError:
            return False
        return True

    async def close(self) -> None:
        """Close the channel (and the connection if this publisher opened it)."""
        for task in list(self._retiring):
            task.cancel()
        for channel in list(self._retired):
            await _close_channel_quietly(channel)
        if self._channel is not None and not self._channel.is_closed:
            await self._channel.close()
        if self._owns_connection and self._connection is not None:
            await self._connection.close()
        self._channel = self._exchange = None

    async def _ready(self) -> AbstractExchange:
        if self._exchange is not None and self._channel is not None and not self._channel.is_closed:
            return self._exchange
        async with self._lock:
            if self._exchange is None or self._channel is None or self._channel.is_closed:
                await self._open_channel()
        assert self._exchange is not None
        return self._exchange

    async def _replace_channel(self, nacked: AbstractChannel) -> None:
        """Stop using a channel the broker nacked on and open a new one (the topology is
        declared already). The old one is closed once the confirms still in flight on it are
        settled or timed out."""
        async with self._lock:
            if self._channel is not nacked:
                return  # another send replaced it already
            self._channel = self._exchange = None
            self._retired.add(nacked)
            task = asyncio.create_task(self._retire(nacked))
            self._retiring.add(task)
            task.add_done_callback(self._retiring.discard)
            with contextlib.suppress(TransientError):  # the next send opens one, or reports
                await self._open_channel(declare=False)

    async def _retire(self, channel: AbstractChannel) -> None:
        await asyncio.sleep(self._settings.publish_timeout_s + 1)
        self._retired.discard(channel)
        await _close_channel_quietly(channel)

    async def _open_channel(self, declare: bool = True) -> None:
        try:
            if self._connection is None or self._connection.is_closed:
                if not self._owns_connection and self._connection is not None:
                    raise ConnectionError("shared broker connection is closed")
                self._connection = await connect(self._settings, self._name)
            channel = await self._connection.channel(publisher_confirms=True, on_return_raises=True)
            if declare:
                await self._topology.declare(channel)
            self._exchange = await channel.get_exchange(self._topology.events_exchange)
            self._channel = channel
        except Exception as exc:
            self._channel = self._exchange = None
            if self._owns_connection and self._connection is not None:
                await _close_quietly(self._connection)
                self._connection = None
            raise TransientError(
                f"broker unavailable at {_safe_url(self._settings)}: {exc}"
            ) from exc

    def _forget_channel_if_broken(self) -> None:
        if self._channel is None or self._channel.is_closed:
            self._channel = self._exchange = None


def is_nack(exc: BaseException) -> bool:
    """True for a broker's negative confirm (not a returned unroutable message, a timeout or a
    lost channel)."""
    return (
        isinstance(exc, DeliveryError)
        and not isinstance(exc, PublishError)
        and isinstance(exc.frame, Basic.Nack)
    )


async def _close_channel_quietly(channel: AbstractChannel) -> None:
    with contextlib.suppress(Exception):
        if not channel.is_closed:
            await channel.close()


async def _close_quietly(connection: AbstractConnection) -> None:
    try:
        await connection.close()
    except Exception:
        log.debug("closing a broken connection failed", exc_info=True)


def _safe_url(settings: Settings) -> str:
    """The AMQP URLs without their passwords, for error messages."""
    return ",".join(_without_password(url) for url in amqp_urls(settings))


def _without_password(url: str) -> str:
    if "@" in url:
        scheme, _, rest = url.partition("://")
        return f"{scheme}://{rest.split('@', 1)[1]}"
    return url
