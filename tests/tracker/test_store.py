"""Recording and settling without the broker: coalescing, crash repairs at every step."""

from __future__ import annotations

import asyncio
import random

import pytest

from tests.tracker.conftest import MakeEnv, Recorder, differences
from tests.tracker.events import plan_many, plan_workflow
from tracker.facts import fact_of
from tracker.indexes import CHANGES, HEADS
from tracker.scheduler import SettleScheduler
from tracker.store import change_id

pytestmark = pytest.mark.integration


async def in_order(make_env: MakeEnv, plans) -> dict:
    env = await make_env()
    recorder = Recorder()
    for plan in plans:
        for event in plan.events:
            await env.store.apply(fact_of(event), recorder)
    return await env.documents()


async def test_one_settle_after_every_fact_equals_settling_after_each(make_env: MakeEnv):
    # Given 9 workflows of every kind, recorded fact by fact without deriving
    plans = plan_many(9, seed=4)
    expected = await in_order(make_env, plans)
    env = await make_env()
    recorder = Recorder()
    for plan in plans:
        for event in plan.events:
            await env.store.record(fact_of(event))
    assert await env.dirty() == len(plans)
    # When each is settled once
    for plan in plans:
        await env.store.settle(plan.workflow_id, recorder)
    # Then the documents (versions included) are those of a settle after every event
    actual = await env.documents()
    assert not differences(actual, expected)
    assert await env.dirty() == 0
    assert len(recorder.messages) == sum(d["status"] != "in_progress" for d in actual.values())


async def test_the_repair_pass_settles_what_a_crash_left_underived(make_env: MakeEnv):
    # Given facts recorded and acked by a tracker that died before deriving them
    plans = plan_many(4, seed=5)
    expected = await in_order(make_env, plans)
    env = await make_env()
    for plan in plans:
        for event in plan.events:
            await env.store.record(fact_of(event))
    # When another replica's repair pass runs once the heads are a repair period old
    recorder = Recorder()
    # (a 3 s repair age: recording 4 workflows' facts must fit inside it on a loaded machine)
    scheduler = SettleScheduler(env.store, recorder, 0.05, 3.0)
    assert await scheduler.repair_once() == 0  # too fresh: their own tracker may be settling
    await asyncio.sleep(3.2)
    assert await scheduler.repair_once() == len(plans)
    await scheduler.flush()
    # Then every document is as if nothing had happened
    assert not differences(await env.documents(), expected)
    assert await env.dirty() == 0


async def test_a_redelivery_repairs_a_fact_written_without_its_head_bump(make_env: MakeEnv):
    # Given a fact written just before a crash (no head bump, message not acked)
    plan = plan_workflow(0, random.Random(1), resumes=2)
    expected = await in_order(make_env, [plan])
    env = await make_env()
    recorder = Recorder()
    for event in plan.events[:-1]:
        await env.store.apply(fact_of(event), recorder)
    last = fact_of(plan.events[-1])
    assert await env.store._write_resume_fact(last)  # the crash point: no head bump
    assert await env.dirty() == 0 and recorder.messages == []
    # When the broker redelivers the message
    applied = await env.store.apply(last, recorder)
    # Then it is a duplicate, yet the workflow is derived and completed
    assert not applied.new
    assert not differences(await env.documents(), expected)
    assert len(recorder.messages) == 1


async def test_a_lost_change_record_is_written_again(make_env: MakeEnv):
    # Given a derive whose change record was lost (crash between the two writes)
    plan = plan_workflow(1, random.Random(2), resumes=2)
    env = await make_env()
    recorder = Recorder()
    for event in plan.events:
        await env.store.apply(fact_of(event), recorder)
    doc = (await env.documents())[plan.workflow_id]
    changes = env.mongo.collection(CHANGES)
    await changes.delete_one({"_id": change_id(plan.workflow_id, doc["version"])})
    await env.mongo.collection(HEADS).update_one(
        {"_id": plan.workflow_id}, {"$set": {"dirty": True}}
    )
    # When it is settled again
    await env.store.settle(plan.workflow_id, recorder)
    # Then the record is back, with the current document, and nothing else changed
    record = await changes.find_one({"_id": change_id(plan.workflow_id, doc["version"])})
    assert record["data"]["status"] == doc["status"] and record["version"] == doc["version"]
    assert not differences(await env.documents(), {plan.workflow_id: doc})
    assert len(recorder.messages) == 1


async def test_the_scheduler_coalesces_a_burst_into_few_settles(make_env: MakeEnv):
    # Given a 40-resume workflow whose events all arrive at once
    plan = plan_workflow(2, random.Random(3), resumes=40)
    expected = await in_order(make_env, [plan])
    env = await make_env()
    recorder = Recorder()
    scheduler = SettleScheduler(env.store, recorder, 0.2, 0)
    for event in plan.events:
        await env.store.record(fact_of(event))
        scheduler.request(plan.workflow_id)
    await scheduler.flush()
    # Then a few settles (one change record each) gave the in-order document
    versions = await env.mongo.collection(CHANGES).distinct("version")
    assert len(versions) < len(plan.events) / 4, (len(versions), len(plan.events))
    assert not differences(await env.documents(), expected)
    assert len(recorder.messages) == 1
