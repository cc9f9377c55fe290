"""Load benchmark: N concurrent simulated users drive the gateway while the agents work, then
the same reads with the agents idle as the baseline, in the same run.

    python -m bench.load [--users 50] [--duration-s 60] [--resumes-per-user 4] [--think-s 1.0]

The whole system runs as real processes (`common.devsystem.System`: gateway, tracker and one
replica of each agent) on loopback, on the local RabbitMQ under the prefix `hrflow-load` and a
private mongoeco emulator (or MONGODB_URI, with a database of its own). Each simulated user
has an account of its own, a JD and a few resumes, so no per-user limit is reached (one
workflow in flight per user; the default limit is 3).

Busy phase: each user starts a workflow (`force_reprocess`, so the agents really work), then
every `think-s` does one of: poll `/workflow/status`, list `/workflow/executions`, read
`/matching/top-matches/{jd}`; when its workflow ends it starts the next one. Then every
workflow is allowed to finish. Idle phase: the same users, the same reads, for the same time,
with nothing running. Any answer other than the expected 2xx, or a transport error, is an
error (the run exits 1 if there is one). Writes `bench/results/load.md`.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import os
import random
import statistics
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aio_pika
import httpx

from bench.report import write_table
from common.broker import GROUPS, Topology
from common.broker.queue_stats import QueueStatsSampler
from common.devservices import DevServices, start_mongoeco, wait_for_port
from common.devsystem import System, free_port
from common.settings import Settings
from samples.generate import make_corpus, make_jd

ROOT = Path(__file__).resolve().parent.parent
PREFIX = "hrflow-load"
TERMINAL = ("completed", "failed", "cancelled")
START = "POST /matching/batch"
STATUS = "GET /workflow/status"
HISTORY = "GET /workflow/executions"
RESULTS = "GET /matching/top-matches/{jd}"
ENDPOINTS = (START, STATUS, HISTORY, RESULTS)
READS = (STATUS, HISTORY, STATUS, RESULTS)  # the frontend polls status most


@dataclass
class Stats:
    """Latencies (ms) and errors per (phase, endpoint)."""

    latency: dict[tuple[str, str], list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: Counter[tuple[str, str, str]] = field(default_factory=Counter)
    lost: list[str] = field(default_factory=list)


@dataclass
class SimUser:
    """One simulated HR user: an account, a JD, resumes, and a browser-like HTTP client."""

    index: int
    http: httpx.AsyncClient
    jd_id: str = ""
    resume_ids: list[str] = field(default_factory=list)
    workflow_id: str | None = None
    started: list[str] = field(default_factory=list)
    finished: dict[str, str] = field(default_factory=dict)

    async def call(
        self,
        stats: Stats,
        phase: str,
        endpoint: str,
        method: str,
        path: str,
        ok: int,
        **kwargs: Any,
    ) -> Any:
        """One timed request; None (and an error counted) unless it answers `ok`."""
        began = time.perf_counter()
        try:
            response = await self.http.request(method, path, **kwargs)
        except httpx.HTTPError as exc:
            stats.errors[(phase, endpoint, type(exc).__name__)] += 1
            return None
        stats.latency[(phase, endpoint)].append((time.perf_counter() - began) * 1000)
        if response.status_code != ok:
            stats.errors[(phase, endpoint, f"{response.status_code} {response.text[:80]}")] += 1
            return None
        return response.json()


async def seed_user(
    base_url: str, index: int, run: str, jd_text: str, files: list[tuple[str, bytes]]
) -> SimUser:
    """Register and sign in, create a JD, upload this user's resumes."""
    email, password = f"load-{run}-{index}@hrflow.example", "load-password-123"
    http = httpx.AsyncClient(base_url=base_url, timeout=60)
    user = SimUser(index, http)
    registered = await http.post(
        "/auth/register",
        json={
            "email": email,
            "password": password,
            "firstName": "Load",
            "lastName": f"User{index}",
        },
    )
    registered.raise_for_status()
    login = await http.post("/auth/login", json={"email": email, "password": password})
    login.raise_for_status()
    http.headers["Authorization"] = f"Bearer {login.json()['access_token']}"
    user.jd_id = f"JD-load-{run}-{index}"
    jd = await http.post(
        "/job-descriptions/",
        json={
            "id": user.jd_id,
            "designation": f"Load JD {index}",
            "description": jd_text,
            "status": "active",
        },
    )
    jd.raise_for_status()
    for name, data in files:
        up = await http.post(
            "/files/upload-resume", files={"file": (name, data)}, data={"source": "direct"}
        )
        up.raise_for_status()
        user.resume_ids.append(up.json()["resume_id"])
    return user


async def busy_user(user: SimUser, stats: Stats, until: float, think_s: float) -> None:
    """Start workflows back to back and poll like the frontend, until `until`."""
    rng = random.Random(user.index)
    reads = itertools.cycle(READS)
    await asyncio.sleep(rng.uniform(0, think_s))  # users do not all arrive at once
    while time.monotonic() < until:
        if user.workflow_id is None:
            body = await user.call(
                stats,
                "busy",
                START,
                "POST",
                "/matching/batch",
                202,
                json={"jd_id": user.jd_id, "resume_ids": user.resume_ids, "force_reprocess": True},
            )
            if body is not None:
                user.workflow_id = body["data"]["workflow_id"]
                user.started.append(user.workflow_id)
        else:
            await read_once(user, stats, "busy", next(reads))
        await asyncio.sleep(think_s * rng.uniform(0.5, 1.5))


async def idle_user(user: SimUser, stats: Stats, until: float, think_s: float) -> None:
    """The same reads, with no workflow running anywhere."""
    rng = random.Random(1000 + user.index)
    reads = itertools.cycle(READS)
    await asyncio.sleep(rng.uniform(0, think_s))
    while time.monotonic() < until:
        await read_once(user, stats, "idle", next(reads))
        await asyncio.sleep(think_s * rng.uniform(0.5, 1.5))


async def read_once(user: SimUser, stats: Stats, phase: str, endpoint: str) -> None:
    """One of the frontend's reads; a status poll notices the end of the user's workflow."""
    if endpoint == STATUS:
        body = await user.call(stats, phase, STATUS, "GET", "/workflow/status", 200)
        if (
            body is not None
            and body.get("status") in TERMINAL
            and user.workflow_id
            and body.get("workflowId") == user.workflow_id
        ):
            user.finished[user.workflow_id] = body["status"]
            user.workflow_id = None
    elif endpoint == HISTORY:
        await user.call(
            stats,
            phase,
            HISTORY,
            "GET",
            "/workflow/executions",
            200,
            params={"skip": 0, "limit": 10},
        )
    else:
        await user.call(
            stats,
            phase,
            RESULTS,
            "GET",
            f"/matching/top-matches/{user.jd_id}",
            200,
            params={"limit": 200},
        )


async def drain(users: list[SimUser], timeout_s: float, stats: Stats) -> dict[str, dict[str, Any]]:
    """Wait until every workflow any user started is terminal; their execution documents.

    A started workflow the gateway cannot find any more is counted as an error (`lost`).
    """
    deadline = time.monotonic() + timeout_s
    executions: dict[str, dict[str, Any]] = {}
    for user in users:
        for workflow_id in user.started:
            while True:
                answer = await user.http.get(f"/workflow/executions/{workflow_id}")
                if answer.status_code == 404:
                    stats.errors[("drain", "GET /workflow/executions/{id}", "404 lost")] += 1
                    stats.lost.append(workflow_id)
                    break
                answer.raise_for_status()
                doc = answer.json()
                if doc["status"] in TERMINAL:
                    executions[workflow_id] = doc
                    break
                if time.monotonic() > deadline:
                    raise TimeoutError(f"{workflow_id} still {doc['status']} after draining")
                await asyncio.sleep(1.0)
        user.workflow_id = None
    return executions


def pct(samples: list[float], q: int) -> float:
    """The q-th percentile (inclusive method); the sample itself when there is one."""
    if len(samples) < 2:
        return samples[0] if samples else float("nan")
    return statistics.quantiles(samples, n=100, method="inclusive")[q - 1]


async def queue_depths(settings: Settings) -> dict[str, int]:
    """Ready messages in each work queue of the load prefix."""
    topology = Topology.from_settings(settings)
    stats = await QueueStatsSampler(settings).sample_once()
    return {group: stats[topology.work_queue(group)][0] for group in GROUPS}


async def purge(settings: Settings) -> None:
    """Empty the load prefix's queues (left over by an interrupted run)."""
    connection = await aio_pika.connect(settings.amqp_url)
    async with connection:
        await Topology.from_settings(settings).purge(await connection.channel())


async def run(system: System, settings: Settings, args: argparse.Namespace) -> dict[str, Any]:
    """Seed, the busy phase, drain, the idle phase; every figure the table needs."""
    run_id = str(int(time.time()))
    jd = make_jd("software_engineering", 11)
    corpus = make_corpus(args.users * args.resumes_per_user, 11, jd=jd)
    per_user = [corpus[i :: args.users] for i in range(args.users)]
    sem = asyncio.Semaphore(8)

    async def seeded(i: int) -> SimUser:
        async with sem:
            files = [(r.filename, r.data) for r in per_user[i]]
            return await seed_user(system.gateway_url, i, run_id, jd.text, files)

    began = time.monotonic()
    users = list(await asyncio.gather(*(seeded(i) for i in range(args.users))))
    seed_s = time.monotonic() - began
    stats = Stats()
    try:
        print(f"busy phase: {args.users} users for {args.duration_s:g} s", flush=True)
        busy_start = time.monotonic()
        until = busy_start + args.duration_s
        await asyncio.gather(*(busy_user(u, stats, until, args.think_s) for u in users))
        busy_s = time.monotonic() - busy_start
        print("draining: waiting for every started workflow to finish", flush=True)
        executions = await drain(users, args.drain_timeout_s, stats)
        depths = await queue_depths(settings)
        print(f"idle phase: queues {depths}", flush=True)
        idle_start = time.monotonic()
        until = idle_start + args.duration_s
        await asyncio.gather(*(idle_user(u, stats, until, args.think_s) for u in users))
        idle_s = time.monotonic() - idle_start
    finally:
        for user in users:
            await user.http.aclose()
    return {
        "stats": stats,
        "executions": executions,
        "users": users,
        "busy_s": busy_s,
        "idle_s": idle_s,
        "seed_s": seed_s,
        "idle_depths": depths,
    }


def report(figures: dict[str, Any], args: argparse.Namespace) -> int:
    """Write `bench/results/load.md`; the number of errors."""
    stats: Stats = figures["stats"]
    users: list[SimUser] = figures["users"]
    busy_s = figures["busy_s"]
    rows = []
    for endpoint in ENDPOINTS:
        busy = stats.latency.get(("busy", endpoint), [])
        idle = stats.latency.get(("idle", endpoint), [])
        ratio = f"{pct(busy, 50) / pct(idle, 50):.1f}x" if busy and idle else "-"
        rows.append(
            [
                f"`{endpoint}`",
                len(busy),
                f"{pct(busy, 50):.1f}",
                f"{pct(busy, 99):.1f}",
                len(idle) if idle else "-",
                f"{pct(idle, 50):.1f}" if idle else "-",
                f"{pct(idle, 99):.1f}" if idle else "-",
                ratio,
            ]
        )
    # A workflow counts as completed during the busy phase when its user saw it end in time.
    seen = [status for u in users for status in u.finished.values()]
    completed_in_window = sum(1 for s in seen if s == "completed")
    executions = figures["executions"]
    started = sum(len(u.started) for u in users)
    outcome = Counter(doc["status"] for doc in executions.values())
    processing = [
        doc["metrics"]["processing_time_ms"] / 1000
        for doc in executions.values()
        if doc.get("metrics", {}).get("processing_time_ms") is not None
    ]
    errors = sum(stats.errors.values())
    busy_requests = sum(len(v) for (phase, _), v in stats.latency.items() if phase == "busy")
    idle_requests = sum(len(v) for (phase, _), v in stats.latency.items() if phase == "idle")
    notes = [
        f"{args.users} simulated users, each its own account with a JD and "
        f"{args.resumes_per_user} resumes (PDF/DOCX/TXT); one action per user every "
        f"~{args.think_s:g} s (uniform 0.5-1.5x); busy and idle phases {args.duration_s:g} s each.",
        f"Busy: {busy_requests} requests ({busy_requests / busy_s:.1f}/s); idle: {idle_requests} "
        f"({idle_requests / figures['idle_s']:.1f}/s).",
        f"Workflows: {started} started in the busy phase ({args.resumes_per_user} resumes "
        f"each, `force_reprocess`), {completed_in_window} seen completed within it = "
        f"**{completed_in_window / (busy_s / 60):.1f} completed per minute**; after draining: "
        f"{dict(outcome)}" + (f", {len(stats.lost)} not found" if stats.lost else "") + ".",
        f"Workflow processing time (start → terminal) during the busy phase: p50 "
        f"{pct(processing, 50):.1f} s, p99 {pct(processing, 99):.1f} s.",
        f"**Errors: {errors}**"
        + (f" — {dict(stats.errors)}" if errors else " (every answer was the expected 2xx)."),
        f"Queues at the start of the idle phase (agents idle): {figures['idle_depths']}.",
        *(
            [
                f"Workflows answered 202 but not found afterwards: {len(stats.lost)} "
                f"(first: {', '.join(stats.lost[:5])})."
            ]
            if stats.lost
            else []
        ),
        *([f"Extra settings: {', '.join(args.env)}."] if args.env else []),
        "Everything — gateway, tracker, four agents, RabbitMQ, the mongoeco emulator and the "
        "load generator — shares this machine's cores, so busy-phase latency includes CPU "
        "contention with the agents; the idle phase is the baseline for the same reads.",
        f"Seeding ({args.users} registrations, JDs and uploads) took {figures['seed_s']:.0f} s "
        "and is not measured.",
    ]
    write_table(
        "load.md",
        "Gateway under load: busy (agents working) vs idle",
        [
            "endpoint",
            "busy n",
            "busy p50 ms",
            "busy p99 ms",
            "idle n",
            "idle p50 ms",
            "idle p99 ms",
            "p50 busy / idle",
        ],
        rows,
        notes,
    )
    return errors


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--duration-s", type=float, default=60.0)
    parser.add_argument("--resumes-per-user", type=int, default=4)
    parser.add_argument("--think-s", type=float, default=1.0)
    parser.add_argument("--drain-timeout-s", type=float, default=600.0)
    parser.add_argument(
        "--env",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="extra setting for the system's processes (repeatable)",
    )
    parser.add_argument("--keep-mongo", action="store_true", help="leave the emulator running")
    parser.add_argument("--log-level", default="WARNING", help="of the system's processes")
    args = parser.parse_args()

    services = DevServices.from_env()
    services.ensure_rabbitmq()
    mongo_proc = None
    mongodb_uri = services.mongodb_uri if "MONGODB_URI" in os.environ else None
    if mongodb_uri is None:  # a private emulator: no other run shares (or stops) it
        port = free_port()
        mongo_proc = start_mongoeco(port, log_path=ROOT / ".run" / f"load-mongo-{port}.log")
        wait_for_port("127.0.0.1", port, 60, "the mongoeco emulator")
        mongodb_uri = f"mongodb://127.0.0.1:{port}"
    env = {
        "GATEWAY_PORT": str(free_port()),
        "TRACKER_PORT": str(free_port()),
        "MONGODB_URI": mongodb_uri,
        "MONGODB_DB": f"hrflow_load_{int(time.time())}",
        "BROKER_PREFIX": PREFIX,
        "LOG_JSON": "true",
        "LOG_LEVEL": args.log_level,
    }
    env.update(item.split("=", 1) for item in args.env)
    settings = Settings(amqp_url=services.amqp_url, broker_prefix=PREFIX)
    system = System(env, log_dir=ROOT / ".run" / "load-logs")
    print(f"Mongo {mongodb_uri} database {env['MONGODB_DB']}", flush=True)
    try:
        asyncio.run(purge(settings))
        system.start(timeout_s=120)
        figures = asyncio.run(run(system, settings, args))
    finally:
        system.stop()
        asyncio.run(purge(settings))
        if mongo_proc is not None and not args.keep_mongo:
            mongo_proc.terminate()
            mongo_proc.wait(timeout=30)
        if services.started:  # only what this run started
            services.stop()
    return 1 if report(figures, args) else 0


if __name__ == "__main__":
    sys.exit(main())
