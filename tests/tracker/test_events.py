"""Server-sent events: every progress step in order, the final state, lossless reconnects."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from common.messages import WorkflowStarted
from tests.tracker.conftest import Server
from tests.tracker.events import Plan, plan_workflow
from tracker.derive import TERMINAL
from tracker.indexes import CHANGES, EXECUTIONS

pytestmark = pytest.mark.integration


async def sse(
    http: httpx.AsyncClient, url: str, headers: dict[str, str]
) -> AsyncIterator[dict[str, Any]]:
    """Parse a text/event-stream into {event, id, data} dicts."""
    async with http.stream("GET", url, headers=headers) as response:
        assert response.status_code == 200, await response.aread()
        event: dict[str, Any] = {}
        async for line in response.aiter_lines():
            if not line:
                if "data" in event:
                    event["data"] = json.loads(event["data"])
                    yield event
                event = {}
            elif not line.startswith(":"):
                name, _, value = line.partition(":")
                event[name] = value.removeprefix(" ")


async def feed_one_by_one(server: Server, plan: Plan, events) -> None:
    """Publish each event and wait until the tracker has applied and derived it."""
    executions = server.env.mongo.collection(EXECUTIONS)
    for event in events:
        before = (await executions.find_one({"workflow_id": plan.workflow_id}) or {}).get(
            "version", 0
        )
        await server.env.publish([event])

        async def applied(before: int = before) -> bool:
            doc = await executions.find_one({"workflow_id": plan.workflow_id}) or {}
            return doc.get("version", 0) > before

        await server.env.wait_for(applied, timeout_s=20, what=f"{event.type} applied")


async def register(http: httpx.AsyncClient, server: Server, plan: Plan) -> None:
    s = plan.started
    r = await http.post(
        "/executions",
        headers=server.headers(role="service"),
        json={
            "workflow_id": plan.workflow_id,
            "jd_id": s.jd_id,
            "jd_title": s.jd_title,
            "started_by": s.started_by,
            "resume_ids": plan.resume_ids,
        },
    )
    assert r.status_code == 201


async def test_sse_delivers_every_step_in_order_and_the_final_state(server: Server):
    import random

    plan = plan_workflow(0, random.Random(3), resumes=3, user="u1")
    url = f"/executions/{plan.workflow_id}/events"
    async with httpx.AsyncClient(base_url=server.url, timeout=30) as http:
        await register(http, server, plan)
        received: list[dict[str, Any]] = []

        async def listen() -> None:
            async for event in sse(http, url, server.headers("u1")):
                received.append(event)

        listener = asyncio.create_task(listen())
        await server.env.wait_for(lambda: _true(bool(received)), what="the snapshot")
        await feed_one_by_one(server, plan, plan.events)
        await asyncio.wait_for(listener, 20)  # the stream ends by itself at the terminal state
        final = (
            await http.get(f"/executions/{plan.workflow_id}", headers=server.headers("u1"))
        ).json()

    assert received[0]["event"] == "snapshot" and received[0]["data"]["status"] == "pending"
    updates = received[1:]
    versions = [int(e["id"]) for e in updates]
    assert versions == sorted(versions) and len(set(versions)) == len(versions)
    assert len(updates) == len(plan.events)  # events spaced out: one derivation each
    processed = [e["data"]["processed_resumes"] for e in updates]
    assert processed == sorted(processed) and processed[-1] == 3
    percentages = [e["data"]["progress"]["percentage"] for e in updates]
    assert percentages == sorted(percentages)
    assert updates[-1]["data"]["status"] in TERMINAL
    assert {k: v for k, v in updates[-1]["data"].items() if k != "updated_at"} == {
        k: v for k, v in final.items() if k != "updated_at"
    }


async def _true(value: bool) -> bool:
    return value


async def test_a_burst_is_streamed_as_coalesced_updates_without_gaps(server: Server):
    import random

    # Given a client following a 20-resume workflow from its registration
    plan = plan_workflow(3, random.Random(6), resumes=20, user="u1")
    url = f"/executions/{plan.workflow_id}/events"
    async with httpx.AsyncClient(base_url=server.url, timeout=30) as http:
        await register(http, server, plan)
        received: list[dict[str, Any]] = []

        async def listen() -> None:
            async for event in sse(http, url, server.headers("u1")):
                received.append(event)

        listener = asyncio.create_task(listen())
        await server.env.wait_for(lambda: _true(bool(received)), what="the snapshot")
        # When all its events arrive at once
        await server.env.publish(plan.events)
        await asyncio.wait_for(listener, 30)
        final = (
            await http.get(f"/executions/{plan.workflow_id}", headers=server.headers("u1"))
        ).json()
    # Then it gets one update per derivation: fewer than events, every derived version once,
    # in order, never going backwards, ending with the final document
    snapshot, updates = received[0], received[1:]
    log = (
        await server.env.mongo.collection(CHANGES)
        .find({"workflow_id": plan.workflow_id, "version": {"$gt": int(snapshot["id"])}})
        .sort([("version", 1)])
        .to_list(None)
    )
    assert [int(e["id"]) for e in updates] == [c["version"] for c in log]
    assert 1 <= len(updates) < len(plan.events)
    assert int(updates[-1]["id"]) == final["version"] == len(plan.events) + 1  # + registration
    for key in ("processed_resumes",):
        values = [e["data"][key] for e in updates]
        assert values == sorted(values)
    percentages = [e["data"]["progress"]["percentage"] for e in updates]
    assert percentages == sorted(percentages) and percentages[-1] == 100
    assert updates[-1]["data"]["status"] in TERMINAL
    assert {k: v for k, v in updates[-1]["data"].items() if k != "updated_at"} == {
        k: v for k, v in final.items() if k != "updated_at"
    }


async def test_reconnect_with_last_event_id_loses_nothing(server: Server):
    import random

    plan = plan_workflow(1, random.Random(4), resumes=4, user="u1")
    url = f"/executions/{plan.workflow_id}/events"
    half = len(plan.events) // 2
    async with httpx.AsyncClient(base_url=server.url, timeout=30) as http:
        await register(http, server, plan)
        # Given a client that saw the snapshot and the first half, then dropped
        await feed_one_by_one(server, plan, plan.events[:half])
        first: list[dict[str, Any]] = []
        async for event in sse(http, url, server.headers("u1")):
            first.append(event)
            if len(first) == 1:
                break
        seen_version = int(first[-1]["id"])
        # When the rest happens while it is away, and it reconnects with Last-Event-ID
        await feed_one_by_one(server, plan, plan.events[half:])
        second = [
            e
            async for e in sse(
                http, url, {**server.headers("u1"), "Last-Event-ID": str(seen_version)}
            )
        ]
    # Then it receives every later change exactly once, in order, ending terminal
    log = (
        await server.env.mongo.collection(CHANGES)
        .find({"workflow_id": plan.workflow_id, "version": {"$gt": seen_version}})
        .sort([("version", 1)])
        .to_list(None)
    )
    assert [int(e["id"]) for e in second] == [c["version"] for c in log]
    assert all(e["event"] == "update" for e in second)
    assert len(second) == len(plan.events) - half
    assert second[-1]["data"]["status"] in TERMINAL
    assert isinstance(plan.events[0], WorkflowStarted)


async def test_a_far_future_last_event_id_on_an_ended_workflow_ends_the_stream(server: Server):
    import random

    plan = plan_workflow(3, random.Random(6), resumes=2, user="u1")
    url = f"/executions/{plan.workflow_id}/events"
    async with httpx.AsyncClient(base_url=server.url, timeout=10) as http:
        await register(http, server, plan)
        await feed_one_by_one(server, plan, plan.events)
        started = asyncio.get_running_loop().time()
        events = [
            e async for e in sse(http, url, {**server.headers("u1"), "Last-Event-ID": "999999999"})
        ]
    # It ends at once (it used to poll forever): nothing newer than that id will ever come
    assert events == []
    assert asyncio.get_running_loop().time() - started < 8


async def test_sse_of_someone_elses_workflow_is_404(server: Server):
    import random

    plan = plan_workflow(2, random.Random(5), user="u1")
    async with httpx.AsyncClient(base_url=server.url, timeout=10) as http:
        await register(http, server, plan)
        r = await http.get(f"/executions/{plan.workflow_id}/events", headers=server.headers("u2"))
        assert r.status_code == 404
        r = await http.get(
            f"/executions/{plan.workflow_id}/events",
            headers={**server.headers("u1"), "Last-Event-ID": "abc"},
        )
        assert r.status_code == 422


async def _collect(env, workflow_id: str, after: int, poll_s: float = 0.02) -> list[int]:
    from tracker.changes import follow

    async def connected() -> bool:
        return False

    return [c.version async for c in follow(env.store, workflow_id, after, poll_s, connected)]


async def _record(env, workflow_id: str, version: int, prev: int, status: str) -> None:
    await env.mongo.collection(CHANGES).insert_one(
        {
            "_id": f"{workflow_id}:{version}",
            "workflow_id": workflow_id,
            "version": version,
            "prev": prev,
            "data": {"workflow_id": workflow_id, "status": status},
        }
    )


async def test_follow_keeps_the_version_chain_when_records_land_out_of_order(make_env):
    # Given a client at version 3, then a replica whose record 7 (after 5) lands before 5
    env = await make_env()
    wid = "WF-1763000000000-chain001"
    await env.mongo.collection(EXECUTIONS).insert_one(
        {"workflow_id": wid, "version": 7, "status": "completed"}
    )
    await _record(env, wid, 3, 1, "in_progress")
    follower = asyncio.create_task(_collect(env, wid, 3))
    await _record(env, wid, 7, 5, "completed")
    await asyncio.sleep(0.06)
    assert not follower.done()  # waiting for the record of version 5
    await _record(env, wid, 5, 3, "in_progress")
    # Then it receives 5 then 7
    assert await asyncio.wait_for(follower, 5) == [5, 7]
    # And a record lost for good (a crash between derive and log) is skipped after a while
    other = "WF-1763000000000-chain002"
    await env.mongo.collection(EXECUTIONS).insert_one(
        {"workflow_id": other, "version": 9, "status": "completed"}
    )
    for version, prev, status in ((1, 0, "pending"), (4, 1, "in_progress"), (9, 6, "completed")):
        await _record(env, other, version, prev, status)
    assert await asyncio.wait_for(_collect(env, other, 1), 5) == [4, 9]
