"""Stall detection, completion re-publishing and retention (export, purge, expiry)."""

from __future__ import annotations

import asyncio
import json
import os
import random
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest

from common.messages import WorkflowStarted
from common.settings import as_environment
from common.timeutil import utcnow
from tests.tracker.conftest import MakeEnv, Recorder
from tests.tracker.events import plan_many, plan_workflow
from tracker.facts import fact_of
from tracker.indexes import EXECUTIONS, HEADS, RESUME_FACTS
from tracker.metrics import ORPHANED
from tracker.sweeper import mark_orphaned, mark_stalled, purge_expired, republish_lost

pytestmark = pytest.mark.integration
ROOT = Path(__file__).resolve().parents[2]


async def test_quiet_workflow_is_failed_as_stalled_once(make_env: MakeEnv):
    # Given an unfinished workflow (its last resume never got past extraction)
    env = await make_env()
    plan = plan_workflow(0, random.Random(1), resumes=3, kind="unfinished")
    recorder = Recorder()
    for event in plan.events:
        await env.store.apply(fact_of(event), recorder)
    # When the sweeper runs with a long timeout, nothing happens
    assert await mark_stalled(env.store, recorder, stall_timeout_s=3600) == []
    # And with the workflow quiet for longer than the timeout it is failed as stalled
    assert await mark_stalled(env.store, recorder, stall_timeout_s=0) == [plan.workflow_id]
    doc = (await env.documents())[plan.workflow_id]
    assert (doc["status"], doc["error"]) == ("failed", "stalled")
    assert doc["error_details"]["unfinished_resumes"] == [
        {"resume_id": plan.resume_ids[-1], "last_stage": "extracted"}
    ]
    assert [m.type for m in recorder.messages] == ["workflow.completed"]
    assert recorder.messages[0].status == "failed"
    # Then a second sweep does nothing, and a late event never revives it
    assert await mark_stalled(env.store, recorder, stall_timeout_s=0) == []
    await env.store.apply(fact_of(plan.events[1]), recorder)
    assert (await env.documents())[plan.workflow_id]["status"] == "failed"
    assert len(recorder.messages) == 1


async def test_events_of_a_workflow_never_registered_end_as_orphaned(make_env: MakeEnv):
    # Given the agents' events of a workflow the database no longer knows (no start, no
    # registration), beside a normal unfinished workflow
    env = await make_env()
    orphan = plan_workflow(2, random.Random(3), resumes=2, kind="unfinished")
    normal = plan_workflow(3, random.Random(4), resumes=2, kind="unfinished")
    recorder = Recorder()
    for event in orphan.events:
        if not isinstance(event, WorkflowStarted):
            await env.store.apply(fact_of(event), recorder)
    for event in normal.events:
        await env.store.apply(fact_of(event), recorder)
    docs = await env.documents()
    # Then, while it waits, it is served with strings where the API promises strings
    assert docs[orphan.workflow_id]["status"] == "in_progress"
    assert docs[orphan.workflow_id]["jd_title"] == "(unregistered workflow)"
    assert docs[orphan.workflow_id]["started_by"] == ""
    # When the sweeper runs before the wait is over, nothing happens
    assert await mark_orphaned(env.store, recorder, orphan_after_s=3600) == []
    before = ORPHANED._value.get()
    # And after it, only the orphan ends: failed / orphaned, counted, its completion published
    assert await mark_orphaned(env.store, recorder, orphan_after_s=0) == [orphan.workflow_id]
    docs = await env.documents()
    assert (docs[orphan.workflow_id]["status"], docs[orphan.workflow_id]["error"]) == (
        "failed",
        "orphaned",
    )
    assert docs[normal.workflow_id]["status"] == "in_progress"
    assert ORPHANED._value.get() == before + 1
    assert [(m.type, m.workflow_id) for m in recorder.messages] == [
        ("workflow.completed", orphan.workflow_id)
    ]
    # Then a second sweep does nothing
    assert await mark_orphaned(env.store, recorder, orphan_after_s=0) == []


async def test_lost_completion_is_republished_with_the_same_message_id(make_env: MakeEnv):
    env = await make_env()
    plan = plan_workflow(1, random.Random(2), resumes=1)

    async def broken(message) -> None:
        raise RuntimeError("broker gone")

    for event in plan.events[:-1]:
        await env.store.apply(fact_of(event), broken)
    with pytest.raises(RuntimeError):
        await env.store.apply(fact_of(plan.events[-1]), broken)
    recorder = Recorder()
    # A redelivery right away does not double-publish while the claim is fresh ...
    await env.store.apply(fact_of(plan.events[-1]), recorder)
    assert recorder.messages == []
    # ... the sweeper re-publishes an old unconfirmed claim, once
    await env.mongo.collection(EXECUTIONS).update_one(
        {"workflow_id": plan.workflow_id},
        {"$set": {"tracker.completion.claimed_at": utcnow() - timedelta(hours=1)}},
    )
    assert await republish_lost(env.store, recorder) == 1
    assert await republish_lost(env.store, recorder) == 0
    assert recorder.messages[0].message_id == f"wfc-{plan.workflow_id}"


async def test_expired_executions_are_purged_by_outcome(make_env: MakeEnv):
    # Given completed executions kept 30 days, failed ones 1000 days, and unfinished ones
    env = await make_env(retention_completed_days=30, retention_failed_days=1000)
    recorder = Recorder()
    plans = plan_many(9)  # normal x6, jd_failed, cancelled (14 days), unfinished
    for event in [e for p in plans for e in p.events]:
        await env.store.apply(fact_of(event), recorder)
    docs = await env.documents()
    gone = {w for w, d in docs.items() if d["status"] in ("completed", "cancelled")}
    failed = next(d for d in docs.values() if d["error"] == "jd_failed")
    unfinished = plans[-1].workflow_id
    assert gone and failed["expire_at"] - failed["completed_at"] == timedelta(days=1000)
    assert docs[unfinished]["status"] == "in_progress" and docs[unfinished]["expire_at"] is None
    # When the sweeper purges 31 days after the last completion
    last = max(d["completed_at"] for d in docs.values() if d["completed_at"])
    purged = await purge_expired(env.store, now=last + timedelta(days=31))
    # Then those expired are gone with their resume facts, the failed and unfinished are kept
    # (a bare `$lt` on the emulator also matched `expire_at: null`: every unfinished one)
    left = await env.documents()
    assert purged == len(gone) and gone.isdisjoint(left)
    assert {failed["workflow_id"], unfinished} <= set(left)
    assert left[unfinished]["resume_facts"] == docs[unfinished]["resume_facts"]
    rows = await env.mongo.collection(RESUME_FACTS).distinct("workflow_id")
    assert gone.isdisjoint(rows)


async def test_tombstone_of_a_deleted_execution_expires(make_env: MakeEnv):
    # Given an execution deleted by a user (its id kept as a tombstone for 7 days)
    env = await make_env(tracker_tombstone_ttl_s=7 * 86400)
    recorder = Recorder()
    plan = plan_workflow(1, random.Random(5))
    for event in plan.events[:2]:
        await env.store.apply(fact_of(event), recorder)
    await env.store.delete([plan.workflow_id], tombstone=True)
    heads = env.mongo.collection(HEADS)
    assert (await heads.find_one({"_id": plan.workflow_id}))["deleted"] is True
    # When the sweeper runs within the week, Then the tombstone stays; after it, it is gone
    await purge_expired(env.store, now=utcnow() + timedelta(days=6))
    assert await heads.count_documents({"_id": plan.workflow_id}) == 1
    await purge_expired(env.store, now=utcnow() + timedelta(days=8))
    assert await heads.count_documents({"_id": plan.workflow_id}) == 0
    # And the workflow's events are recorded again as a new execution
    for event in plan.events:
        await env.store.apply(fact_of(event), recorder)
    assert plan.workflow_id in await env.documents()


async def test_export_command_writes_json_lines_then_purges(make_env: MakeEnv, tmp_path: Path):
    env = await make_env()
    recorder = Recorder()
    plans = plan_many(9)
    for event in [e for p in plans for e in p.events]:
        await env.store.apply(fact_of(event), recorder)
    out = tmp_path / "failed.jsonl"
    s = env.settings
    environ = {
        **os.environ,
        **as_environment(s),
        "ENVIRONMENT": "test",
    }
    cmd = [
        sys.executable,
        "-c",
        "from cli.executions import app; app()",
        "export",
        "--out",
        str(out),
        "--status",
        "failed,cancelled",
        "--before",
        "2030-01-01",
        "--purge",
    ]
    result = await asyncio.to_thread(
        subprocess.run, cmd, env=environ, capture_output=True, text=True, timeout=60, cwd=ROOT
    )
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    assert {d["status"] for d in lines} == {"failed", "cancelled"} and len(lines) == 2
    assert all("facts" in d and d["started_at"].endswith("Z") for d in lines)
    left = await env.documents()
    assert {d["workflow_id"] for d in lines}.isdisjoint(left)
    assert len(left) == 7
    bad = await asyncio.to_thread(
        subprocess.run,
        [*cmd[:3], "export", "--out", str(out), "--status", "bogus"],
        env=environ,
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
    )
    assert bad.returncode != 0 and "bogus" in bad.stderr
