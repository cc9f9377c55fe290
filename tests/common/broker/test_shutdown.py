"""SIGTERM during a slow handler loses nothing: the work finishes, or goes back to the queue."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

import pytest

from common.broker import Publisher, Worker
from common.db import Mongo
from common.messages import ResumeExtracted
from common.settings import CONNECTION_FIELDS, Settings, as_environment
from tests.common.broker.helpers import extracted, wait_until

pytestmark = pytest.mark.integration


def spawn(settings: Settings, slow_s: float, grace_s: float) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        **as_environment(settings, *CONNECTION_FIELDS, "retry_delays_ms"),
        "SHUTDOWN_GRACE_S": str(grace_s),
        "SLOW_HANDLER_S": str(slow_s),
        "LOG_JSON": "false",
    }
    return subprocess.Popen([sys.executable, "-m", "tests.common.broker.slow_worker"], env=env)


async def mark(mongo: Mongo, key: str) -> int:
    doc = await mongo.collection("slow_marks").find_one({"_id": key})
    return doc["n"] if doc else 0


async def run_until_started(
    settings: Settings, proc: subprocess.Popen[bytes], mongo: Mongo
) -> None:
    publisher = await Publisher.open(settings)
    await publisher.publish(extracted("WF-SIG", "r1"))
    await publisher.close()

    async def started() -> bool:
        return await mark(mongo, "start:r1") == 1

    await wait_until(started, timeout_s=30, what="the handler to start")
    proc.send_signal(signal.SIGTERM)


async def test_sigterm_lets_the_running_handler_finish(fresh_settings: Settings):
    # Given a worker process in the middle of a 1.5 s handler, with 10 s of grace
    mongo = Mongo(fresh_settings)
    proc = spawn(fresh_settings, slow_s=1.5, grace_s=10)
    try:
        # When it receives SIGTERM
        await run_until_started(fresh_settings, proc, mongo)
        # Then it finishes the message, acks it and exits cleanly
        assert proc.wait(timeout=30) == 0
        assert await mark(mongo, "done:r1") == 1
    finally:
        proc.kill()
        mongo.close()


async def test_sigterm_returns_unfinished_work_to_the_queue(fresh_settings: Settings, start_worker):
    # Given a worker process in the middle of a 20 s handler, with only 0.5 s of grace
    mongo = Mongo(fresh_settings)
    proc = spawn(fresh_settings, slow_s=20, grace_s=0.5)
    try:
        await run_until_started(fresh_settings, proc, mongo)
        # When it is stopped, the work is unfinished
        assert proc.wait(timeout=30) == 0
        assert await mark(mongo, "done:r1") == 0

        # Then another worker receives the same message and completes it
        async def finish(msg: ResumeExtracted, ctx) -> None:
            await ctx.mongo.collection("slow_marks").update_one(
                {"_id": f"done:{msg.resume_id}"}, {"$inc": {"n": 1}}, upsert=True
            )

        await start_worker(Worker("resume-reader", {ResumeExtracted: finish}), fresh_settings)

        async def done() -> bool:
            return await mark(mongo, "done:r1") == 1

        await wait_until(done, timeout_s=20, what="redelivery to the second worker")
    finally:
        proc.kill()
        mongo.close()
