"""What the gateway opens at start-up and shares between requests."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

import httpx

from common.db import Mongo
from common.messages import Message
from common.settings import Settings
from gateway.services.sessions import AccountCache
from gateway.services.stream_slots import StreamSlots
from gateway.services.tracker import TrackerClient


class MessagePublisher(Protocol):
    """What the gateway needs from the broker runtime's `Publisher`."""

    async def publish_many(self, messages: list[Message]) -> None: ...

    async def close(self) -> None: ...


@dataclass
class AppState:
    """Handles opened in the app's lifespan; reached from routes through `api.deps`."""

    settings: Settings
    mongo: Mongo
    http: httpx.AsyncClient
    tracker: TrackerClient
    publisher: MessagePublisher
    streams: StreamSlots
    accounts: AccountCache
