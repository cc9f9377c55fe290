"""The consumer through the real broker: any order, duplicates, 50 interleaved workflows and
several consumers all give the documents of one clean in-order delivery."""

from __future__ import annotations

import random

import pytest

from common.messages import Message, ResumeScored, WorkflowStarted
from tests.tracker.conftest import CompletedProbe, Env, MakeEnv, Recorder, differences
from tests.tracker.events import Plan, in_order, plan_many
from tracker.consumer import WORKER
from tracker.derive import TERMINAL
from tracker.facts import fact_of

pytestmark = pytest.mark.integration


_REFERENCES: dict[tuple[str, ...], dict[str, dict]] = {}


async def reference(make_env: MakeEnv, plans: list[Plan]) -> dict[str, dict]:
    """Documents after applying every event once, in the order it happened, one at a time."""
    key = tuple(p.workflow_id for p in plans)
    if key not in _REFERENCES:
        _REFERENCES[key] = await _apply_in_order(make_env, plans)
    return _REFERENCES[key]


async def _apply_in_order(make_env: MakeEnv, plans: list[Plan]) -> dict[str, dict]:
    env = await make_env()
    recorder = Recorder()
    for event in in_order(plans):
        await env.store.apply(fact_of(event), recorder)
    terminal = [d for d in (await env.documents()).values() if d["status"] in TERMINAL]
    assert len(recorder.messages) == len(terminal)
    return await env.documents()


async def through_broker(
    env: Env, start_worker, messages: list[Message], consumers: int = 1
) -> None:
    """Publish `messages` and run real tracker consumers until the queue is drained."""
    running = [await start_worker(WORKER, env.settings) for _ in range(consumers)]
    await env.publish(messages)

    async def all_handled() -> bool:
        return sum(r.handled for r in running) >= len(messages)

    await env.wait_for(all_handled, timeout_s=120, what=f"{len(messages)} messages handled")
    for r in running:
        await r.wait_idle(idle_s=0.5, timeout_s=60)
    await env.wait_settled()


def scored_first(plans: list[Plan]) -> list[Message]:
    """Each workflow's resume.scored events before its workflow.started."""
    out: list[Message] = []
    for p in plans:
        out += [e for e in p.events if isinstance(e, ResumeScored)]
        out += [e for e in p.events if not isinstance(e, ResumeScored)]
    return out


def shuffled(messages: list[Message], seed: int) -> list[Message]:
    out = messages[:]
    random.Random(seed).shuffle(out)
    return out


SCENARIOS = {
    "in_order": lambda plans: in_order(plans),
    "shuffled_interleaved": lambda plans: shuffled(in_order(plans), 11),
    "every_event_twice": lambda plans: shuffled(in_order(plans) * 2, 12),
    "scored_before_started": scored_first,
}


@pytest.mark.parametrize("scenario", list(SCENARIOS))
async def test_any_delivery_order_gives_the_in_order_documents(scenario, make_env, start_worker):
    # Given 50 workflows of mixed outcomes and their in-order result
    plans = plan_many(50)
    expected = await reference(make_env, plans)
    env = await make_env()
    probe = await CompletedProbe(env).start()
    try:
        # When their events go through the real broker in this scenario's order
        await through_broker(env, start_worker, SCENARIOS[scenario](plans))
        # Then every document equals the in-order one
        actual = await env.documents()
        assert actual.keys() == expected.keys()
        for wid, doc in expected.items():
            assert actual[wid] == doc, differences(actual[wid], doc)
        # And each finished workflow emitted workflow.completed exactly once
        emitted = await probe.drain()
        terminal = {w for w, d in actual.items() if d["status"] in TERMINAL}
        assert sorted(m["workflow_id"] for m in emitted) == sorted(terminal)
    finally:
        await probe.close()


async def test_counters_never_exceed_totals_and_statuses_are_as_planned(make_env):
    plans = plan_many(9)
    docs = await reference(make_env, plans)
    statuses = [docs[p.workflow_id]["status"] for p in plans]
    # normal x6 (completed unless no resume scored), jd_failed, cancelled, unfinished
    assert statuses[6:] == ["failed", "cancelled", "in_progress"]
    assert docs[plans[6].workflow_id]["error"] == "jd_failed"
    for d in docs.values():
        assert d["processed_resumes"] <= d["total_resumes"]
        assert d["metrics"]["candidates_scored"] <= d["total_resumes"]
        assert sum(d["results"].values()) == d["metrics"]["candidates_scored"]


async def test_started_event_fills_a_document_created_by_a_late_first_event(make_env):
    plans = plan_many(1)
    env = await make_env()
    events = scored_first(plans)
    recorder = Recorder()
    await env.store.apply(fact_of(events[0]), recorder)
    early = (await env.documents())[plans[0].workflow_id]
    assert early["jd_id"] == "" and early["status"] == "in_progress"
    assert early["jd_title"] == "(unregistered workflow)"  # strings, as the API promises
    for event in events[1:]:
        await env.store.apply(fact_of(event), recorder)
    late = (await env.documents())[plans[0].workflow_id]
    started = next(e for e in events if isinstance(e, WorkflowStarted))
    assert late["jd_id"] == started.jd_id and late["started_by"] == started.started_by
