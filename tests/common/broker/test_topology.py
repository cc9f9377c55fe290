"""Topology: declared idempotently, quorum queues with explicit delivery limits."""

from __future__ import annotations

import aio_pika
import pytest

from common.broker import GROUPS, Publisher, Topology
from common.errors import TransientError
from common.settings import Settings

pytestmark = pytest.mark.integration


async def test_declaring_twice_is_harmless_and_keeps_the_arguments(fresh_settings: Settings):
    topology = Topology.from_settings(fresh_settings)
    connection = await aio_pika.connect(fresh_settings.amqp_url)
    channel = await connection.channel()
    # When the topology is declared twice (two services starting)
    await topology.declare(channel)
    await topology.declare(channel)
    # Then every queue exists (passive declare would close the channel otherwise)
    for group in GROUPS:
        for name in [topology.work_queue(group), topology.dead_letter_queue(group)] + [
            topology.retry_queue(group, ms) for ms in fresh_settings.retry_delays_ms
        ]:
            await channel.declare_queue(name, passive=True)
    await connection.close()


def test_work_queues_are_quorum_with_an_explicit_delivery_limit(settings: Settings):
    args = Topology.from_settings(settings).work_queue_arguments("tracker")
    assert args["x-queue-type"] == "quorum"
    assert args["x-delivery-limit"] == settings.delivery_limit
    assert args["x-dead-letter-strategy"] == "at-least-once"
    assert args["x-dead-letter-routing-key"].endswith("tracker.dlq")


def test_retry_queues_dead_letter_back_to_their_work_queue(settings: Settings):
    topology = Topology.from_settings(settings)
    args = topology.retry_queue_arguments("hr-comparator", 5000)
    assert args["x-message-ttl"] == 5000
    assert args["x-dead-letter-routing-key"] == topology.work_queue("hr-comparator")
    assert topology.group_of_queue(topology.retry_queue("hr-comparator", 5000)) == "hr-comparator"


async def test_publishing_without_a_broker_fails_clearly(settings: Settings):
    unreachable = settings.model_copy(update={"amqp_url": "amqp://guest:guest@127.0.0.1:1/"})
    publisher = Publisher(unreachable)
    from tests.common.broker.helpers import extracted

    with pytest.raises(TransientError, match="broker unavailable"):
        await publisher.publish(extracted("WF-X", "r1"))


async def test_queue_stats_report_depth_and_consumers(fresh_settings: Settings, start_worker):
    import asyncio

    from common.broker import Worker
    from common.broker.queue_stats import QUEUE_CONSUMERS, QueueStatsSampler
    from common.messages import ResumeExtracted

    async def handle(msg, ctx) -> None:
        await asyncio.sleep(0)

    await start_worker(Worker("resume-reader", {ResumeExtracted: handle}), fresh_settings)
    sampler = QueueStatsSampler(fresh_settings)
    stats = await sampler.sample_once()
    work = Topology.from_settings(fresh_settings).work_queue("resume-reader")
    assert stats[work][1] == 1
    assert QUEUE_CONSUMERS.labels(work)._value.get() == 1
    assert len(stats) == len(GROUPS) * (2 + len(fresh_settings.retry_delays_ms))


async def test_queue_stats_skip_queues_not_declared_yet(fresh_settings: Settings):
    from common.broker.queue_stats import QueueStatsSampler

    # Given a prefix whose topology nobody has declared (no consumer started yet)
    undeclared = fresh_settings.model_copy(update={"broker_prefix": "never-declared-prefix"})
    # Then a sample reports nothing for it instead of failing
    assert await QueueStatsSampler(undeclared).sample_once() == {}
    # And the queues that do exist are still reported
    assert len(await QueueStatsSampler(fresh_settings).sample_once()) == len(GROUPS) * (
        2 + len(fresh_settings.retry_delays_ms)
    )
