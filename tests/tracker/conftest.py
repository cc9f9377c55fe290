"""Tracker fixtures: isolated environments, a store, publishing, and normalised documents."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable
from dataclasses import dataclass
from typing import Any

import aio_pika
import pytest

from common.broker import Publisher, Topology
from common.db import Mongo
from common.messages import Message
from common.settings import Settings
from tests.conftest import BrokerPool
from tracker.indexes import EXECUTIONS, HEADS, INDEXES, RESUME_FACTS
from tracker.store import ExecutionStore

# Bookkeeping that depends on wall-clock time or on which replica wrote first.
VOLATILE = ("_id", "created_at", "updated_at")
# Which versions were derived (coalesced) depends on timing; the facts and result do not.
VOLATILE_TRACKER = ("touched_at", "prev_version")


@dataclass
class Env:
    """One isolated tracker environment: own broker prefix, own database."""

    settings: Settings
    mongo: Mongo
    store: ExecutionStore
    publisher: Publisher

    async def publish(self, messages: Iterable[Message], batch: int = 200) -> None:
        """Publish through the real broker, with confirms."""
        items = list(messages)
        for i in range(0, len(items), batch):
            await self.publisher.publish_many(items[i : i + batch])

    async def documents(self) -> dict[str, dict[str, Any]]:
        """Every execution, normalised for comparison, by workflow id, with its resume-fact
        documents under `resume_facts` (`{resume_id: stored document}`)."""
        docs = await self.mongo.collection(EXECUTIONS).find({}).to_list(None)
        rows = await self.mongo.collection(RESUME_FACTS).find({}).to_list(None)
        facts: dict[str, dict[str, Any]] = {}
        for row in rows:
            facts.setdefault(row["workflow_id"], {})[row["resume_id"]] = row
        return {
            d["workflow_id"]: {**normalise(d), "resume_facts": facts.get(d["workflow_id"], {})}
            for d in docs
        }

    async def dirty(self) -> int:
        """Executions with a derivation still due."""
        return await self.mongo.collection(HEADS).count_documents({"dirty": True})

    async def wait_settled(self, timeout_s: float = 60.0) -> None:
        """Wait until every recorded fact is derived (no head left dirty)."""

        async def settled() -> bool:
            return await self.dirty() == 0

        await self.wait_for(settled, timeout_s, "every execution settled")

    async def wait_for(
        self,
        predicate: Callable[[], Awaitable[bool]],
        timeout_s: float = 60.0,
        what: str = "condition",
    ) -> None:
        """Poll `predicate` until true, failing after `timeout_s`."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout_s
        while not await predicate():
            if loop.time() > deadline:
                raise AssertionError(f"timed out after {timeout_s} s waiting for {what}")
            await asyncio.sleep(0.05)


def normalise(doc: dict[str, Any]) -> dict[str, Any]:
    """A document without its wall-clock bookkeeping."""
    out = {k: v for k, v in doc.items() if k not in VOLATILE}
    tracker = dict(out.get("tracker") or {})
    for key in VOLATILE_TRACKER:
        tracker.pop(key, None)
    if "completion" in tracker:
        tracker["completion"] = {
            k: v for k, v in tracker["completion"].items() if not k.endswith("_at")
        }
    out["tracker"] = tracker
    return out


def differences(a: Any, b: Any, path: str = "") -> list[str]:
    """Dotted paths where two documents differ, with both values (for assertion messages)."""
    if isinstance(a, dict) and isinstance(b, dict):
        out: list[str] = []
        for key in sorted(set(a) | set(b), key=str):
            out += differences(a.get(key), b.get(key), f"{path}.{key}" if path else str(key))
        return out
    if isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        return [
            d
            for i, (x, y) in enumerate(zip(a, b, strict=True))
            for d in differences(x, y, f"{path}[{i}]")
        ]
    return [] if a == b else [f"{path}: {a!r} != {b!r}"]


MakeEnv = Callable[..., Awaitable[Env]]


@pytest.fixture
async def make_env(broker_pool: BrokerPool) -> AsyncIterator[MakeEnv]:
    """`env = await make_env(**setting_overrides)`: an emptied prefix and a new database."""
    made: list[Env] = []

    async def make(**overrides: Any) -> Env:
        settings = await broker_pool.lease(**overrides)
        mongo = Mongo(settings)
        await mongo.ensure_indexes(INDEXES)
        env = Env(settings, mongo, ExecutionStore(mongo, settings), Publisher(settings, "test"))
        made.append(env)
        return env

    yield make
    for env in made:
        await env.publisher.close()
        env.mongo.close()
        await broker_pool.release(env.settings)


async def no_publish(message: Message) -> None:
    """A publish callable for direct store tests that must not reach the broker."""
    raise AssertionError(f"unexpected publish of {message.type}")


class Recorder:
    """A publish callable that keeps what it was given."""

    def __init__(self) -> None:
        self.messages: list[Message] = []

    async def __call__(self, message: Message) -> None:
        self.messages.append(message)


class CompletedProbe:
    """An exclusive queue bound to `workflow.completed`: what the tracker emitted."""

    def __init__(self, env: Env) -> None:
        self.env = env
        self.connection: aio_pika.abc.AbstractConnection | None = None
        self.queue: aio_pika.abc.AbstractQueue | None = None

    async def start(self) -> CompletedProbe:
        self.connection = await aio_pika.connect(self.env.settings.amqp_url)
        channel = await self.connection.channel()
        await Topology.from_settings(self.env.settings).declare(channel)
        self.queue = await channel.declare_queue(exclusive=True, auto_delete=True)
        await self.queue.bind(
            Topology.from_settings(self.env.settings).events_exchange, "workflow.completed"
        )
        return self

    async def drain(self) -> list[dict[str, Any]]:
        """Every `workflow.completed` received so far (decoded JSON bodies)."""
        import json

        assert self.queue is not None
        bodies = []
        while (message := await self.queue.get(fail=False, no_ack=True)) is not None:
            bodies.append(json.loads(message.body))
        return bodies

    async def close(self) -> None:
        if self.connection is not None:
            await self.connection.close()


@dataclass
class Server:
    """A live tracker (API + consumer) on a local port."""

    env: Env
    url: str

    def headers(self, user: str = "u1", role: str = "recruiter") -> dict[str, str]:
        from common.auth import issue_token

        if role == "service":
            return {"Authorization": f"Bearer {self.env.settings.service_token}"}
        token = issue_token(self.env.settings, user, role)
        return {"Authorization": f"Bearer {token}"}


@pytest.fixture
async def server(make_env: MakeEnv) -> AsyncIterator[Server]:
    """The tracker app served by uvicorn in this loop (its lifespan runs the consumer)."""
    import socket

    import uvicorn

    from tracker.app import create_app

    env = await make_env()
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    app = create_app(env.settings, sweep=False)
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on")
    uv = uvicorn.Server(config)
    task = asyncio.create_task(uv.serve())
    loop = asyncio.get_running_loop()
    deadline = loop.time() + 30
    while not (uv.started and app.state.running and app.state.running.ready.is_set()):
        assert loop.time() < deadline, "tracker did not start within 30 s"
        assert not task.done(), f"tracker failed to start: {task.exception()!r}"
        await asyncio.sleep(0.05)
    yield Server(env, f"http://127.0.0.1:{port}")
    uv.should_exit = True
    await asyncio.wait_for(task, 30)
