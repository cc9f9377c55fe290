"""The consumer runtime against the real broker: ack, retry, dead-letter, sharing work."""

from __future__ import annotations

import time
from collections import Counter

import aio_pika
import pytest

from common.broker import Publisher, Worker
from common.broker.dlq import DeadLetters
from common.errors import PermanentError, TransientError
from common.messages import ResumeExtracted
from common.settings import Settings
from tests.common.broker.helpers import extracted, wait_until

pytestmark = pytest.mark.integration


async def test_published_message_is_consumed_and_acked(fresh_settings: Settings, start_worker):
    # Given a worker that records what it handles
    seen: list[str] = []

    async def handle(msg: ResumeExtracted, ctx) -> None:
        seen.append(msg.resume_id)

    running = await start_worker(Worker("resume-reader", {ResumeExtracted: handle}), fresh_settings)
    publisher = await Publisher.open(fresh_settings)
    # When 20 messages are published with confirms
    await publisher.publish_many([extracted("WF-1", f"r{i}") for i in range(20)])
    # Then each is handled exactly once and nothing is left or dead-lettered
    await wait_until(lambda: len(seen) == 20, what="20 handled messages")
    await running.wait_idle(idle_s=0.3)
    assert sorted(seen) == sorted(f"r{i}" for i in range(20))
    assert running.handled == 20
    assert await DeadLetters(fresh_settings).show("resume-reader") == []
    await publisher.close()


async def test_transient_error_is_retried_after_a_delay_then_succeeds(fresh_settings, start_worker):
    # Given a handler that fails twice with a transient error, then succeeds
    calls: list[tuple[float, int]] = []

    async def flaky(msg: ResumeExtracted, ctx) -> None:
        calls.append((time.monotonic(), ctx.attempt))
        if len(calls) < 3:
            raise TransientError("database hiccup")

    running = await start_worker(Worker("resume-reader", {ResumeExtracted: flaky}), fresh_settings)
    publisher = await Publisher.open(fresh_settings)
    # When one message is published
    await publisher.publish(extracted("WF-2", "r1"))
    # Then it is handled three times, with attempts 1, 2, 3 and the configured delays between
    await wait_until(lambda: running.handled == 1, what="eventual success")
    assert [attempt for _, attempt in calls] == [1, 2, 3]
    first_gap, second_gap = calls[1][0] - calls[0][0], calls[2][0] - calls[1][0]
    assert first_gap >= fresh_settings.retry_delays_ms[0] / 1000 * 0.9
    assert second_gap >= fresh_settings.retry_delays_ms[1] / 1000 * 0.9
    assert await DeadLetters(fresh_settings).show("resume-reader") == []
    await publisher.close()


async def test_a_message_that_keeps_failing_ends_in_the_dlq_with_its_error(
    fresh_settings, start_worker
):
    # Given a handler that always fails transiently
    attempts: list[int] = []

    async def broken(msg: ResumeExtracted, ctx) -> None:
        attempts.append(ctx.attempt)
        raise TransientError("still down")

    await start_worker(Worker("resume-reader", {ResumeExtracted: broken}), fresh_settings)
    publisher = await Publisher.open(fresh_settings)
    # When a message is published
    await publisher.publish(extracted("WF-3", "r1"))
    # Then after max_attempts it is dead-lettered with the error in its headers
    dlq = DeadLetters(fresh_settings)

    async def dead_lettered() -> bool:
        return len(await dlq.show("resume-reader")) == 1

    await wait_until(dead_lettered, what="the dead letter")
    assert attempts == list(range(1, fresh_settings.max_attempts + 1))
    [letter] = await dlq.show("resume-reader")
    assert letter.workflow_id == "WF-3" and letter.resume_id == "r1"
    assert "still down" in (letter.last_error or "")
    assert "out of 3 attempts" in (letter.reason or "")
    await publisher.close()


async def test_permanent_error_is_dead_lettered_at_once(fresh_settings, start_worker):
    attempts: list[int] = []

    async def poison(msg: ResumeExtracted, ctx) -> None:
        attempts.append(ctx.attempt)
        raise PermanentError("cannot ever work", reason="bad_input")

    await start_worker(Worker("resume-reader", {ResumeExtracted: poison}), fresh_settings)
    publisher = await Publisher.open(fresh_settings)
    await publisher.publish(extracted("WF-4", "r1"))
    dlq = DeadLetters(fresh_settings)

    async def dead_lettered() -> bool:
        return len(await dlq.show("resume-reader")) == 1

    await wait_until(dead_lettered, what="the dead letter")
    [letter] = await dlq.show("resume-reader")
    assert attempts == [1]
    assert letter.reason == "bad_input" and letter.error_type == "PermanentError"
    await publisher.close()


@pytest.mark.parametrize(
    "body",
    [
        b"not json",
        b"[1,2]",
        b'{"type":"no.such.type"}',
        b'{"type":"resume.extracted","workflow_id":"WF-5"}',
    ],
)
async def test_undecodable_message_goes_straight_to_the_dlq(fresh_settings, start_worker, body):
    # Given a worker whose handler must never be called
    called: list[object] = []

    async def handle(msg, ctx) -> None:
        called.append(msg)

    await start_worker(Worker("resume-reader", {ResumeExtracted: handle}), fresh_settings)
    publisher = await Publisher.open(fresh_settings)
    # When garbage is published on its routing key
    queue = publisher.topology.work_queue("resume-reader")
    await publisher.send_to_queue(queue, aio_pika.Message(body, message_id="garbage-1"))
    # Then it lands in the DLQ, decode error recorded, handler untouched
    dlq = DeadLetters(fresh_settings)

    async def dead_lettered() -> bool:
        return len(await dlq.show("resume-reader")) == 1

    await wait_until(dead_lettered, what="the dead letter")
    [letter] = await dlq.show("resume-reader")
    assert letter.reason == "undecodable" and letter.error_type == "DecodeError"
    assert called == []
    await publisher.close()


async def test_two_consumers_on_one_queue_share_the_work(fresh_settings, start_worker):
    # Given two workers of the same group, each slow enough that both are needed
    import asyncio

    handled_by: Counter[str] = Counter()

    def handler(name: str):
        async def handle(msg: ResumeExtracted, ctx) -> None:
            await asyncio.sleep(0.05)
            handled_by[name] += 1

        return handle

    await start_worker(Worker("resume-reader", {ResumeExtracted: handler("a")}), fresh_settings)
    await start_worker(Worker("resume-reader", {ResumeExtracted: handler("b")}), fresh_settings)
    publisher = await Publisher.open(fresh_settings)
    # When 40 messages are published
    await publisher.publish_many([extracted("WF-6", f"r{i}") for i in range(40)])
    # Then all are handled once, and both workers took a share
    await wait_until(lambda: sum(handled_by.values()) == 40, what="40 handled")
    assert handled_by["a"] > 5 and handled_by["b"] > 5
    await publisher.close()


async def test_duplicate_delivery_middleware_delivers_everything_twice(
    fresh_settings, start_worker
):
    # Given a worker with fault injection on
    chaos = fresh_settings.model_copy(update={"chaos_duplicate_deliveries": True})
    seen: Counter[str] = Counter()

    async def handle(msg: ResumeExtracted, ctx) -> None:
        seen[msg.message_id] += 1

    await start_worker(Worker("resume-reader", {ResumeExtracted: handle}), chaos)
    publisher = await Publisher.open(chaos)
    messages = [extracted("WF-D", f"r{i}") for i in range(10)]
    # When 10 messages are published once
    await publisher.publish_many(messages)
    # Then each message id is handled exactly twice
    await wait_until(lambda: sum(seen.values()) == 20, what="20 deliveries")
    assert set(seen.values()) == {2} and set(seen) == {m.message_id for m in messages}
    await publisher.close()


async def test_a_dead_letter_is_announced_to_the_tracker(fresh_settings, start_worker):
    from common.messages import MessageDeadLettered

    announced: list[MessageDeadLettered] = []

    async def poison(msg: ResumeExtracted, ctx) -> None:
        raise PermanentError("unreadable profile", reason="bad_input")

    async def on_dead(msg: MessageDeadLettered, ctx) -> None:
        announced.append(msg)

    await start_worker(Worker("resume-reader", {ResumeExtracted: poison}), fresh_settings)
    await start_worker(Worker("tracker", {MessageDeadLettered: on_dead}), fresh_settings)
    publisher = await Publisher.open(fresh_settings)
    await publisher.publish(extracted("WF-DL", "r9"))
    # (this bare tracker has no handler for resume.extracted, so it dead-letters its copy too)
    await wait_until(
        lambda: any(e.group == "resume-reader" for e in announced), what="the announcement"
    )
    [event] = [e for e in announced if e.group == "resume-reader"]
    assert (event.workflow_id, event.resume_id, event.group) == ("WF-DL", "r9", "resume-reader")
    assert event.reason == "bad_input" and event.message_type == "resume.extracted"
    assert event.queue.endswith("resume-reader.dlq")
    await publisher.close()
