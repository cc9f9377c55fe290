"""Connecting to RabbitMQ: robust connections that reconnect and restore their topology."""

from __future__ import annotations

import aio_pika
from aio_pika.abc import AbstractRobustConnection

from common.settings import Settings


async def connect(settings: Settings, name: str) -> AbstractRobustConnection:
    """A robust connection (re-opens channels and consumers after a broker restart)."""
    return await aio_pika.connect_robust(
        settings.amqp_url,
        client_properties={"connection_name": f"{settings.broker_prefix}:{name}"},
        reconnect_interval=1.0,
        fail_fast=True,
    )
