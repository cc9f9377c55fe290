"""What a handler receives besides its message."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

from common.broker.publisher import Publisher
from common.db import Mongo
from common.errors import PermanentError
from common.files import FileClient
from common.messages import Message
from common.settings import Settings

M = TypeVar("M", bound=Message)


class UndeclaredEmit(PermanentError):
    """A handler published a message type its `Worker` does not declare in `emits`."""

    reason = "undeclared_emit"


@dataclass(frozen=True)
class Context:
    """Opened once per worker process; `attempt` and `headers` are per delivery.

    `state` is whatever the worker's `startup` hook stored (caches, pools, collections).
    """

    settings: Settings
    group: str
    mongo: Mongo
    publisher: Publisher
    files: FileClient
    state: dict[str, Any] = field(default_factory=dict)
    attempt: int = 1
    headers: Mapping[str, Any] = field(default_factory=dict)
    log: logging.Logger = field(default_factory=lambda: logging.getLogger("hrflow.handler"))
    emits: frozenset[str] = frozenset()  # empty: the worker declares nothing, nothing checked

    async def publish(self, *messages: Message) -> None:
        """Publish messages with confirms (pipelined when several); each must be of a type the
        worker declares in `emits`."""
        if self.emits:
            stray = sorted({m.type for m in messages} - self.emits)
            if stray:
                raise UndeclaredEmit(f"{self.group} does not declare that it emits {stray}")
        await self.publisher.publish_many(messages)


Handler = Callable[[Any, Context], Awaitable[None]]
Hook = Callable[[Context], Awaitable[None]]
