"""Connecting to RabbitMQ: robust connections that reconnect and restore their topology.

`AMQP_URL` may list a cluster's nodes. aio-pika's robust connection knows one URL
(aio-pika issue #141), so `ClusterConnection` keeps the list and, on every connection
attempt — the first one and each reconnect after a node is lost — tries the nodes in turn,
starting from the one it last reached: a killed node costs one refused connect, then the
next node serves, and the channels, consumers and their topology are restored there.
"""

from __future__ import annotations

import logging
from typing import Any

import aio_pika
from aio_pika.abc import AbstractRobustConnection
from aio_pika.exceptions import CONNECTION_EXCEPTIONS
from aio_pika.robust_connection import RobustConnection
from yarl import URL

from common.settings import Settings, amqp_urls

log = logging.getLogger(__name__)


class ClusterConnection(RobustConnection):
    """A robust connection to the first node of a list that answers."""

    def __init__(self, urls: list[str], **kwargs: Any) -> None:
        if not urls:
            raise ValueError("no broker URL")
        self._urls = [URL(u) for u in urls]
        self._current = 0
        super().__init__(self._urls[0], **kwargs)

    async def _RobustConnection__connect_transport(self) -> None:  # noqa: N802
        # The robust connection's own attempt (aio-pika 9-10 name-mangles it): one per node,
        # starting at the last node reached, until one accepts.
        failure: BaseException | None = None
        for step in range(len(self._urls)):
            index = (self._current + step) % len(self._urls)
            self.url = self._urls[index]
            try:
                await RobustConnection._RobustConnection__connect_transport(self)  # type: ignore[attr-defined]
            except CONNECTION_EXCEPTIONS as exc:
                failure = exc
                log.warning("broker node %s:%s unavailable: %s", self.url.host, self.url.port, exc)
                continue
            if index != self._current:
                log.warning("connected to broker node %s:%s", self.url.host, self.url.port)
            self._current = index
            return
        assert failure is not None
        raise failure


async def connect(settings: Settings, name: str) -> AbstractRobustConnection:
    """A robust connection (re-opens channels and consumers after a broker restart, on
    another node of the cluster when `AMQP_URL` lists several)."""
    urls = amqp_urls(settings)
    properties = {"connection_name": f"{settings.broker_prefix}:{name}"}
    if len(urls) == 1:
        return await aio_pika.connect_robust(
            urls[0], client_properties=properties, reconnect_interval=1.0, fail_fast=True
        )
    connection = ClusterConnection(
        urls, client_properties=properties, reconnect_interval=1.0, fail_fast=True
    )
    await connection.connect()
    return connection


async def connect_once(settings: Settings) -> aio_pika.abc.AbstractConnection:
    """A plain connection to the first node that answers (short-lived tools: queue depths,
    dead-letter replay, clean-up)."""
    failure: BaseException | None = None
    for url in amqp_urls(settings):
        try:
            return await aio_pika.connect(url)
        except CONNECTION_EXCEPTIONS as exc:
            failure = exc
    assert failure is not None
    raise failure
