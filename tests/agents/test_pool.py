"""The parser pool every agent runs untrusted parsing in: limits, healing, and no signals that
reach the worker."""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import signal
from pathlib import Path

import pytest
from pebble import ProcessPool

from agents.pool import ParseCrashed, ParserPool, ParseTimeout, child_pid_list
from tests.agents import slow_parsers

pytestmark = pytest.mark.unit


@pytest.fixture
def pool():
    pool = ParserPool("test", workers=2, timeout_s=1.0)
    yield pool
    pool.close()


async def test_a_task_past_its_limit_is_killed_and_the_pool_goes_on(pool):
    with pytest.raises(ParseTimeout):
        await pool.run(slow_parsers.sleep_for, 5)
    assert await pool.run(slow_parsers.sleep_for, 0) > 0
    assert pool.healthy


async def test_a_killed_idle_child_is_replaced(pool):
    # Given a pool that has run a task (pebble issues #70/#97: a killed idle child used to
    # leave the pool raising on every later task)
    await pool.run(slow_parsers.pid)
    children = child_pid_list(pool)
    assert children
    # When the OOM killer takes every child
    for child in children:
        os.kill(child, signal.SIGKILL)
    await asyncio.sleep(0.2)
    # Then the next tasks run on fresh children
    answers = {await pool.run(slow_parsers.pid) for _ in range(4)}
    assert answers and not answers & set(children)


async def test_a_child_that_dies_mid_task_fails_only_that_try(pool, tmp_path: Path):
    # The first run kills its own child; the task is tried once more on a fresh one.
    assert await pool.run(slow_parsers.die_once, str(tmp_path / "marker")) > 0


async def test_a_task_that_always_crashes_its_child_fails_as_crashed(pool):
    with pytest.raises(ParseCrashed):
        await pool.run(slow_parsers.always_die)
    assert await pool.run(slow_parsers.pid) > 0  # and the pool still works


async def test_a_timed_out_child_never_signals_the_worker(pool):
    # Given a worker that shuts down on SIGTERM, as every agent does
    seen: list[int] = []
    loop = asyncio.get_running_loop()
    loop.add_signal_handler(signal.SIGTERM, lambda: seen.append(signal.SIGTERM))
    try:
        # When pebble stops a child that ran past its limit (it sends the child SIGTERM)
        await pool.run(slow_parsers.pid)
        with pytest.raises(ParseTimeout):
            await pool.run(slow_parsers.sleep_for, 5)
        await asyncio.sleep(0.5)
        # Then the worker's own handler never runs
        assert seen == []
    finally:
        loop.remove_signal_handler(signal.SIGTERM)


async def test_a_forked_pool_would_have_signalled_the_worker():
    # The control for the test above: children forked from a process with asyncio's signal
    # wake-up descriptor write the SIGTERM pebble sends them into the parent's loop (the
    # extractor shut itself down this way). This is why ParserPool starts children from a
    # forkserver.
    seen: list[int] = []
    loop = asyncio.get_running_loop()
    loop.add_signal_handler(signal.SIGTERM, lambda: seen.append(signal.SIGTERM))
    forked = ProcessPool(max_workers=1, context=multiprocessing.get_context("fork"))
    try:
        future = forked.schedule(slow_parsers.sleep_for, args=(5,), timeout=0.5)
        with pytest.raises(Exception):  # noqa: B017 - pebble's TimeoutError
            await asyncio.wrap_future(future)
        for _ in range(20):
            if seen:
                break
            await asyncio.sleep(0.1)
        assert seen == [signal.SIGTERM]
    finally:
        loop.remove_signal_handler(signal.SIGTERM)
        forked.stop()
        forked.join(timeout=5)


async def test_a_closed_pool_is_not_healthy():
    pool = ParserPool("closed")
    pool.close()
    assert not pool.healthy


CHILD_REPORT = """
import asyncio, json
from agents.pool import ParserPool
from tests.agents import slow_parsers

async def main():
    pool = ParserPool("secrets", workers=1, timeout_s=10.0)
    try:
        print(json.dumps(await pool.run(slow_parsers.what_a_child_sees)))
    finally:
        pool.close()

asyncio.run(main())
"""


def test_a_parser_child_sees_none_of_the_services_secrets():
    # Given a service started with its secrets in the environment, as compose starts agents
    import json
    import subprocess
    import sys

    secrets = {
        "JWT_SECRET": "jwt-secret-a-parser-must-not-see",
        "SERVICE_TOKEN": "service-token-a-parser-must-not-see",
        "RABBITMQ_URL": "amqp://agent:broker-password-a-parser-must-not-see@127.0.0.1/",
    }
    env = {**os.environ, **secrets, "PYTHONPATH": str(Path(__file__).parents[2])}
    # When one of its parser children reports what it can see
    done = subprocess.run(
        [sys.executable, "-c", CHILD_REPORT], env=env, capture_output=True, timeout=60
    )
    assert done.returncode == 0, done.stderr.decode()
    seen = json.loads(done.stdout.decode().strip().splitlines()[-1])
    # Then no secret is in its environment, nor in the environ block it started with
    for name, value in secrets.items():
        assert name not in seen["environ"]
        assert value not in seen["initial_environ"]
    assert "PATH" in seen["environ"]  # what a parser needs to run antiword is still there
    assert 0 < seen["max_open_files"] <= 64
