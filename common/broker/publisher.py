"""Publishing with publisher confirms.

`publish_many` sends every message before awaiting any confirm, so a start request with
hundreds of tasks costs about one round trip, not one per message. Every failure (no broker,
a nack, an unroutable mandatory message, a timeout) surfaces as `TransientError`: the caller
answers 503 or retries; nothing is reported as sent that the broker did not confirm.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterable, Mapping
from typing import Any

import aio_pika
from aio_pika.abc import AbstractChannel, AbstractConnection, AbstractExchange

from common.broker.connection import connect
from common.broker.topology import PERSISTENT, Topology
from common.errors import TransientError
from common.messages import Message
from common.metrics import MESSAGES_PUBLISHED
from common.settings import Settings
from common.timeutil import utcnow
from common.tracing import trace_headers

log = logging.getLogger(__name__)


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
        exchange = await self._ready()
        sends = [
            exchange.publish(
                to_amqp(message, headers),
                routing_key=message.type,
                mandatory=message.type in self._mandatory_keys,
                timeout=self._settings.publish_timeout_s,
            )
            for message in batch
        ]
        results = await asyncio.gather(*sends, return_exceptions=True)
        failures = [r for r in results if isinstance(r, BaseException)]
        if failures:
            self._forget_channel_if_broken()
            raise TransientError(
                f"broker did not confirm {len(failures)} of {len(batch)} messages: {failures[0]!r}"
            )
        for message in batch:
            MESSAGES_PUBLISHED.labels(message.type).inc()

    async def send_to_queue(self, queue: str, message: aio_pika.Message) -> None:
        """Publish a raw AMQP message straight to one queue (retries, DLQ, replay), confirmed."""
        await self._ready()
        assert self._channel is not None
        try:
            await self._channel.default_exchange.publish(
                message,
                routing_key=queue,
                mandatory=True,
                timeout=self._settings.publish_timeout_s,
            )
        except Exception as exc:
            self._forget_channel_if_broken()
            raise TransientError(f"broker did not confirm a message to {queue}: {exc!r}") from exc

    async def ping(self) -> bool:
        """True when a channel to the broker is open."""
        try:
            await self._ready()
        except TransientError:
            return False
        return True

    async def close(self) -> None:
        """Close the channel (and the connection if this publisher opened it)."""
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

    async def _open_channel(self) -> None:
        try:
            if self._connection is None or self._connection.is_closed:
                if not self._owns_connection and self._connection is not None:
                    raise ConnectionError("shared broker connection is closed")
                self._connection = await connect(self._settings, self._name)
            channel = await self._connection.channel(publisher_confirms=True, on_return_raises=True)
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


async def _close_quietly(connection: AbstractConnection) -> None:
    try:
        await connection.close()
    except Exception:
        log.debug("closing a broken connection failed", exc_info=True)


def _safe_url(settings: Settings) -> str:
    """The AMQP URL without its password, for error messages."""
    url = settings.amqp_url
    if "@" in url:
        scheme, _, rest = url.partition("://")
        return f"{scheme}://{rest.split('@', 1)[1]}"
    return url
