"""Two tracker consumer processes on the same queue produce exactly the in-order documents."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from common.settings import as_environment
from tests.tracker.conftest import CompletedProbe, MakeEnv, differences
from tests.tracker.events import in_order, plan_many
from tests.tracker.test_consumer import reference, shuffled
from tracker.derive import TERMINAL

pytestmark = pytest.mark.integration
ROOT = Path(__file__).resolve().parents[2]
CONSUMER = (
    "from common.broker import run_worker; from common.settings import get_settings; "
    "from tracker.consumer import WORKER; run_worker(WORKER, get_settings())"
)


async def test_two_consumer_processes_give_the_in_order_documents(make_env: MakeEnv):
    # Given 30 workflows' in-order result and two tracker processes on one queue
    plans = plan_many(30, seed=21)
    expected = await reference(make_env, plans)
    env = await make_env()
    probe = await CompletedProbe(env).start()
    s = env.settings
    environ = {
        **os.environ,
        **as_environment(s),
        "ENVIRONMENT": "test",
        "LOG_LEVEL": "WARNING",
    }
    procs = [
        await asyncio.to_thread(
            subprocess.Popen, [sys.executable, "-c", CONSUMER], env=environ, cwd=ROOT
        )
        for _ in range(2)
    ]
    try:
        await env.wait_for(lambda: _consumers(env, 2), timeout_s=30, what="two consumers")
        # When every event is delivered twice, shuffled
        await env.publish(shuffled(in_order(plans) * 2, 5))
        last: list[str] = []

        async def identical() -> bool:
            actual = await env.documents()
            last[:] = differences(actual, expected)[:5]
            return not last

        # Then the documents converge to exactly the in-order ones
        try:
            await env.wait_for(identical, timeout_s=90, what="identical documents")
        except AssertionError as exc:
            raise AssertionError(f"{exc}: {last}") from None
        terminal = sorted(w for w, d in expected.items() if d["status"] in TERMINAL)
        emitted: list[str] = []

        async def all_emitted() -> bool:
            emitted.extend(m["workflow_id"] for m in await probe.drain())
            return len(emitted) >= len(terminal)

        await env.wait_for(all_emitted, timeout_s=30, what="workflow.completed events")
    finally:
        for proc in procs:
            proc.send_signal(signal.SIGTERM)
        for proc in procs:
            await asyncio.to_thread(proc.wait, 30)
    # And both exited cleanly, having emitted each completion exactly once
    assert [p.returncode for p in procs] == [0, 0]
    emitted.extend(m["workflow_id"] for m in await probe.drain())
    await probe.close()
    assert sorted(emitted) == terminal


async def _consumers(env, count: int) -> bool:
    """True when the tracker queue has `count` consumers attached."""
    import aio_pika

    from common.broker import Topology

    connection = await aio_pika.connect(env.settings.amqp_url)
    try:
        channel = await connection.channel()
        name = Topology.from_settings(env.settings).work_queue("tracker")
        try:
            queue = await channel.declare_queue(name, passive=True)
        except aio_pika.exceptions.ChannelNotFoundEntity:
            return False  # not declared by the consumers yet
        return queue.declaration_result.consumer_count == count
    finally:
        await connection.close()
