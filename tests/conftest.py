"""Fixtures shared by every test: real RabbitMQ and Mongo, isolated per run.

Services: RabbitMQ at AMQP_URL (started with `rabbitmq-server -detached` if down) and, unless
MONGODB_URI is set, a private mongoeco emulator on a free port for this run (so concurrent runs
never stop each other's server); only what was started is stopped at the end. Set AMQP_URL /
MONGODB_URI to point the same suite at real servers, or HRFLOW_TESTCONTAINERS=1 (with a Docker
engine) to start both with testcontainers. A fixture that cannot reach a service fails loudly;
nothing is skipped silently.

Isolation: each run uses its own broker prefix and database (`settings`); tests that need
queues to themselves lease a reusable, emptied prefix from `broker_pool` (`fresh_settings`).

Broker hygiene: every queue a run declares starts with `t<run id>` or `c<run id>`. A run marks
itself live in a directory of the machine, not of the checkout (`$TMPDIR/hrflow-test-runs-<uid>`:
two checkouts, or CI beside a developer, share one local broker), and deletes, at its start,
the queues of runs that are no longer alive (killed runs leave theirs) and, at its end, its
own: a local RabbitMQ holds about 300 quorum queues per 1 000 open files, and left-over queues
once made it stop answering."""

from __future__ import annotations

import asyncio
import os
import re
import tempfile
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import aio_pika
import pytest

from common.broker import RunningWorker, Topology, Worker, serve_worker
from common.db import Mongo
from common.devservices import (
    LOCAL_HOSTS,
    DevServices,
    delete_queues,
    host_port,
    local_queue_names,
    log,
    start_mongoeco,
    wait_for_port,
)
from common.devsystem import free_port
from common.settings import Settings

RUN_ID = uuid.uuid4().hex[:8]
# Machine-wide: a checkout that only knew its own runs once deleted the queues of a suite
# running from another checkout on the same broker, mid-run.
RUNS_DIR = Path(tempfile.gettempdir()) / f"hrflow-test-runs-{os.getuid()}"
# The first letter of every broker prefix a test run uses (`t` the run's own and leased ones,
# `c` chaos, `h` hostile documents, `k` the console): queues of finished or killed runs with
# these prefixes are deleted, or each run would leave its queues on the shared node.
TEST_PREFIX_LETTERS = "tchk"
TEST_QUEUE_RE = re.compile(rf"^[{TEST_PREFIX_LETTERS}](?P<run>[0-9a-f]{{8}})(?:p\d+)?\.")


@dataclass(frozen=True)
class ServiceUrls:
    """Where the test run's RabbitMQ and Mongo answer."""

    amqp_url: str
    mongodb_uri: str


@pytest.fixture(scope="session")
def service_urls() -> Iterator[ServiceUrls]:
    """Real RabbitMQ and Mongo for the whole run."""
    if os.environ.get("HRFLOW_TESTCONTAINERS") == "1":
        yield from _testcontainers()
        return
    services = DevServices.from_env()
    services.ensure_rabbitmq()
    marker = _mark_run_live()
    _delete_test_queues(services.amqp_url, keep=_live_runs())
    private_mongo = None
    if "MONGODB_URI" in os.environ:
        services.ensure_mongo()
    else:
        # A private emulator per test run: concurrent runs never stop each other's server.
        port = free_port()
        private_mongo = start_mongoeco(port)
        wait_for_port("127.0.0.1", port, 60, "the mongoeco emulator")
        services.mongodb_uri = f"mongodb://127.0.0.1:{port}"
        log(f"started a private mongoeco emulator for this run (pid {private_mongo.pid})")
    log(f"tests use RabbitMQ at {services.amqp_url} and Mongo at {services.mongodb_uri}")
    yield ServiceUrls(services.amqp_url, services.mongodb_uri)
    _delete_test_queues(services.amqp_url, keep=_live_runs() - {RUN_ID})
    marker.unlink(missing_ok=True)
    services.stop()
    if private_mongo is not None:
        private_mongo.terminate()
        private_mongo.wait(timeout=30)


def _mark_run_live() -> Path:
    RUNS_DIR.mkdir(parents=True, exist_ok=True)
    marker = RUNS_DIR / f"{RUN_ID}.pid"
    marker.write_text(str(os.getpid()))
    return marker


def _live_runs() -> set[str]:
    """Run ids whose test process still runs."""
    live = set()
    for marker in RUNS_DIR.glob("*.pid"):
        try:
            os.kill(int(marker.read_text()), 0)
            live.add(marker.stem)
        except (OSError, ValueError):
            marker.unlink(missing_ok=True)
    return live


def _delete_test_queues(amqp_url: str, keep: set[str]) -> None:
    """Delete the local broker's test queues, but those of the runs in `keep` and any queue a
    consumer still reads (a run this machine's registry does not know may be alive)."""
    if host_port(amqp_url, 5672)[0] not in LOCAL_HOSTS:
        return
    names = local_queue_names(idle_only=True) or []
    doomed = [n for n in names if (m := TEST_QUEUE_RE.match(n)) and m.group("run") not in keep]
    if doomed:
        log(f"deleting {len(doomed)} test queues of finished or killed runs")
        delete_queues(amqp_url, doomed)


def _testcontainers() -> Iterator[ServiceUrls]:
    from testcontainers.mongodb import MongoDbContainer
    from testcontainers.rabbitmq import RabbitMqContainer

    with (
        RabbitMqContainer("rabbitmq:3.13-management") as rabbit,
        MongoDbContainer("mongo:7") as mongo,
    ):
        host = rabbit.get_container_host_ip()
        port = rabbit.get_exposed_port(5672)
        yield ServiceUrls(f"amqp://guest:guest@{host}:{port}/", mongo.get_connection_url())


def make_settings(urls: ServiceUrls, prefix: str, **overrides: object) -> Settings:
    """Test settings: short retry delays, a private prefix and database."""
    values: dict[str, object] = {
        "environment": "test",
        "amqp_url": urls.amqp_url,
        "mongodb_uri": urls.mongodb_uri,
        "broker_prefix": prefix,
        "mongodb_db": f"hrflow_{prefix}",
        "retry_delays_ms": [200, 400, 800],
        "max_attempts": 3,
        "shutdown_grace_s": 5.0,
        "retry_wait_limit_s": 60.0,
        "log_json": False,
        "metrics_port": 0,
    }
    values.update(overrides)
    return Settings(**values)  # type: ignore[arg-type]


@pytest.fixture(scope="session")
def settings(service_urls: ServiceUrls) -> Settings:
    """Settings for this run: broker prefix and database unique to the run."""
    return make_settings(service_urls, f"t{RUN_ID}")


@pytest.fixture(scope="session")
async def mongo(settings: Settings) -> AsyncIterator[Mongo]:
    """The run's Mongo database (dropped at the end)."""
    db = Mongo(settings)
    assert await db.ping(), f"Mongo server at {settings.mongodb_uri} does not answer"
    yield db
    await db.drop_database()
    db.close()


@pytest.fixture(scope="session")
async def amqp(settings: Settings) -> AsyncIterator[aio_pika.abc.AbstractConnection]:
    """A plain connection for tests that inspect queues; deletes the run's topology at the end."""
    connection = await aio_pika.connect(settings.amqp_url)
    yield connection
    channel = await connection.channel()
    await Topology.from_settings(settings).delete(channel)
    await connection.close()


class BrokerPool:
    """Reusable broker prefixes for tests that need queues of their own.

    Declaring and deleting quorum queues is expensive for RabbitMQ (each is a Raft cluster
    with its own log), and a suite that created a fresh topology per test made a 3.10 node
    hang after a few thousand. So a test leases a prefix, whose queues are purged first, and
    gives it back; the topologies are deleted once, at the end of the run.
    """

    def __init__(self, urls: ServiceUrls) -> None:
        self.urls = urls
        self._free: list[str] = []
        self._leased: list[Settings] = []
        self._count = 0

    async def lease(self, **overrides: object) -> Settings:
        """Settings with an emptied prefix of their own and a new database."""
        if self._free:
            prefix = self._free.pop()
        else:
            self._count += 1
            prefix = f"t{RUN_ID}p{self._count}"
        leased = make_settings(
            self.urls, prefix, mongodb_db=f"hrflow_{prefix}_{uuid.uuid4().hex[:6]}", **overrides
        )
        await _purge_topology(leased)
        self._leased.append(leased)
        return leased

    async def release(self, leased: Settings) -> None:
        """Drop the lease's database and make its prefix available again."""
        db = Mongo(leased)
        await db.drop_database()
        db.close()
        self._free.append(leased.broker_prefix)

    async def close(self) -> None:
        """Delete every topology the pool declared."""
        connection = await aio_pika.connect(self.urls.amqp_url)
        channel = await connection.channel()
        for leased in self._leased:
            await Topology.from_settings(leased).delete(channel)
        await connection.close()


async def _purge_topology(settings: Settings) -> None:
    connection = await aio_pika.connect(settings.amqp_url)
    async with connection:
        await Topology.from_settings(settings).purge(await connection.channel())


@pytest.fixture(scope="session")
async def broker_pool(service_urls: ServiceUrls) -> AsyncIterator[BrokerPool]:
    """The run's pool of reusable broker prefixes."""
    pool = BrokerPool(service_urls)
    yield pool
    await pool.close()


@pytest.fixture
async def fresh_settings(broker_pool: BrokerPool) -> AsyncIterator[Settings]:
    """Settings whose queues and database no other running test uses (emptied first)."""
    leased = await broker_pool.lease()
    yield leased
    await broker_pool.release(leased)


StartWorker = Callable[..., Awaitable[RunningWorker]]


@pytest.fixture
async def start_worker(settings: Settings) -> AsyncIterator[StartWorker]:
    """Start real consumers in this event loop: `running = await start_worker(worker)`.

    Each is stopped gracefully at the end of the test. `await running.wait_idle()` drains.
    """
    started: list[tuple[RunningWorker, asyncio.Task[None]]] = []

    async def start(worker: Worker, worker_settings: Settings | None = None) -> RunningWorker:
        running = RunningWorker(worker)
        task = asyncio.create_task(serve_worker(worker, worker_settings or settings, running))
        ready = asyncio.create_task(running.ready.wait())
        done, _ = await asyncio.wait({task, ready}, timeout=30, return_when=asyncio.FIRST_COMPLETED)
        if task in done:
            ready.cancel()
            task.result()  # raises the start-up error
        assert ready in done, f"{worker.group} did not start consuming within 30 s"
        started.append((running, task))
        return running

    yield start
    for running, _ in started:
        running.stop.set()
    for _, task in started:
        await asyncio.wait_for(task, 30)
