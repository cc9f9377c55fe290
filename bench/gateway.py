"""Gateway latency: `POST /matching/batch` (50 resumes) and `GET /workflow/status`.

Runs the real gateway and tracker under uvicorn on loopback, against the real RabbitMQ and
Mongo given by the usual settings (AMQP_URL, MONGODB_URI), in a private broker prefix and
database that are deleted afterwards. Each endpoint's p50/p99 is printed next to a baseline
measured in the same run (`GET /health`, the cheapest route through the same stack), and the
table is written to `bench/results/gateway.md`.

    .venv/bin/python -m bench.gateway [--batches 100] [--polls 300]
"""

from __future__ import annotations

import argparse
import asyncio
import io
import socket
import statistics
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

import aio_pika
import httpx
import uvicorn

from common.auth import issue_token
from common.broker import Topology
from common.db import Mongo
from common.devservices import DevServices
from common.settings import Settings
from gateway.main import create_app
from gateway.services import users
from tracker.app import create_app as create_tracker

RESULTS = Path(__file__).parent / "results" / "gateway.md"
RESUMES_PER_BATCH = 50


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def serve(app: object, port: int) -> tuple[uvicorn.Server, asyncio.Task[None]]:
    config = uvicorn.Config(
        app,
        host="127.0.0.1",
        port=port,  # type: ignore[arg-type]
        log_level="warning",
        access_log=False,
    )
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve())
    async with asyncio.timeout(20):
        while not server.started:  # noqa: ASYNC110 - uvicorn exposes no start event
            await asyncio.sleep(0.05)
    return server, task


async def timed(n: int, call: Callable[[], Awaitable[httpx.Response]], ok: int) -> list[float]:
    samples = []
    for _ in range(n):
        start = time.perf_counter()
        response = await call()
        samples.append((time.perf_counter() - start) * 1000)
        assert response.status_code == ok, response.text
    return samples


def pct(samples: list[float], q: float) -> float:
    return statistics.quantiles(samples, n=100, method="inclusive")[int(q) - 1]


@dataclass(frozen=True)
class Stack:
    """A served gateway and tracker on a private prefix and database."""

    run: str
    settings: Settings
    mongo: Mongo
    gateway_url: str


@asynccontextmanager
async def served_stack() -> AsyncIterator[Stack]:
    """Gateway and tracker under uvicorn on loopback; the prefix's queues and the database are
    deleted afterwards."""
    run = uuid.uuid4().hex[:8]
    tracker_port, gateway_port = free_port(), free_port()
    settings = Settings(
        environment="test",
        broker_prefix=f"bench{run}",
        mongodb_db=f"hrflow_bench_{run}",
        tracker_url=f"http://127.0.0.1:{tracker_port}",
        workflows_in_flight_per_user=10**6,
        log_json=False,
    )
    mongo = Mongo(settings)
    servers = [
        await serve(create_tracker(settings, consume=True, sweep=False), tracker_port),
        await serve(create_app(settings), gateway_port),
    ]
    try:
        yield Stack(run, settings, mongo, f"http://127.0.0.1:{gateway_port}")
    finally:
        for server, task in reversed(servers):
            server.should_exit = True
            await task
        connection = await aio_pika.connect(settings.amqp_url)
        async with connection:
            await Topology.from_settings(settings).delete(await connection.channel())
        await mongo.drop_database()
        mongo.close()


async def main(batches: int, polls: int) -> str:
    async with served_stack() as stack:
        run, settings, mongo = stack.run, stack.settings, stack.mongo
        doc = await users.create_user(
            mongo, email=f"bench-{run}@example.com", password="bench-password", role="recruiter"
        )
        auth = {"Authorization": f"Bearer {issue_token(settings, doc['_id'], 'recruiter')}"}
        async with httpx.AsyncClient(
            base_url=stack.gateway_url, headers=auth, timeout=30
        ) as client:
            jd = await client.post(
                "/job-descriptions/",
                json={"designation": "Backend Engineer", "description": "Python, SQL, 3+ years."},
            )
            jd_id = jd.json()["id"]
            for i in range(RESUMES_PER_BATCH):
                text = io.BytesIO(f"Candidate {i}\nPython SQL {uuid.uuid4().hex}\n".encode())
                answer = await client.post(
                    "/files/upload-resume", files={"file": (f"r{i}.txt", text, "text/plain")}
                )
                assert answer.status_code == 201, answer.text
            await timed(20, lambda: client.get("/health"), 200)  # warm-up
            health = await timed(polls, lambda: client.get("/health"), 200)
            batch = await timed(
                batches, lambda: client.post("/matching/batch", json={"jd_id": jd_id}), 202
            )
            status = await timed(polls, lambda: client.get("/workflow/status"), 200)
            health_again = await timed(polls, lambda: client.get("/health"), 200)
    baseline = health + health_again
    rows = [
        ("`GET /health` (baseline)", baseline),
        (f"`POST /matching/batch` ({RESUMES_PER_BATCH} resumes)", batch),
        ("`GET /workflow/status`", status),
    ]
    lines = [
        "# Gateway latency",
        "",
        f"Measured {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} by `bench/gateway.py`: "
        "gateway and tracker under uvicorn on loopback, real RabbitMQ (publisher confirms) and "
        "the Mongo server at MONGODB_URI; one client, requests in sequence.",
        "",
        "| request | n | p50 ms | p99 ms | p50 / baseline p50 |",
        "|---|---|---|---|---|",
    ]
    base50 = pct(baseline, 50)
    for name, samples in rows:
        lines.append(
            f"| {name} | {len(samples)} | {pct(samples, 50):.1f} | {pct(samples, 99):.1f}"
            f" | {pct(samples, 50) / base50:.1f}x |"
        )
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--batches", type=int, default=100)
    parser.add_argument("--polls", type=int, default=300)
    args = parser.parse_args()
    services = DevServices.from_env()
    services.ensure()  # RabbitMQ and a Mongo server at the usual settings
    try:
        table = asyncio.run(main(args.batches, args.polls))
    finally:
        services.stop()  # only what this run started
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(table)
    print(table)
