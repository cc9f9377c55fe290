"""Workflow status, history, delete, status override, cancel and the SSE relay (fake tracker)."""

from __future__ import annotations

import httpx
import pytest

from common.ids import new_workflow_id
from tests.gateway.conftest import User
from tests.gateway.fake_tracker import FakeTracker, execution

pytestmark = pytest.mark.integration
AGENT_IDS = ["resume-extractor", "jd-reader", "resume-reader", "hr-comparator"]
STATUS_KEYS = {
    "success",
    "status",
    "workflowId",
    "jdId",
    "jdTitle",
    "monitoring",
    "agents",
    "metrics",
    "progress",
}
AGENT_KEYS = {
    "id",
    "name",
    "status",
    "timestamp",
    "duration",
    "description",
    "confidence",
    "metrics",
}
METRIC_KEYS = {
    "totalCandidates",
    "processingTime",
    "matchRate",
    "topMatches",
    "bestFit",
    "partialFit",
    "notFit",
}


def seed(tracker: FakeTracker, user: User, status: str = "in_progress") -> str:
    workflow_id = new_workflow_id()
    doc = execution(workflow_id, "JD-1", "Backend Engineer", user.id, ["r1", "r2"], status)
    doc["agents"][0].update(
        status="completed",
        started_at="2026-11-26T10:00:00.000Z",
        completed_at="2026-11-26T10:00:01.400Z",
        duration_ms=1400,
        counts={"total": 2, "processed": 1, "failed": 1, "cached": 0},
    )
    doc["metrics"].update(
        processing_time_ms=2500,
        match_rate=50.0,
        candidates_scored=1,
        best_fit=1,
        high_matches=1,
        top_matches=1,
    )
    doc["progress"].update(completed_agents=1, percentage=40.0)
    tracker.executions[workflow_id] = doc
    return workflow_id


async def test_status_without_workflow_is_idle(
    gateway: httpx.AsyncClient, make_user: object
) -> None:
    user: User = await make_user()  # type: ignore[operator]
    answer = await gateway.get("/workflow/status", headers=user.headers)
    assert answer.status_code == 200
    body = answer.json()
    assert body.keys() >= STATUS_KEYS and body["success"] is False
    assert body["monitoring"] is False
    assert [a["id"] for a in body["agents"]] == AGENT_IDS
    assert {a["status"] for a in body["agents"]} == {"idle"}


async def test_status_shape_of_a_running_workflow(
    gateway: httpx.AsyncClient, fake_tracker: FakeTracker, make_user: object
) -> None:
    user: User = await make_user()  # type: ignore[operator]
    workflow_id = seed(fake_tracker, user)
    for params in ({}, {"workflow_id": workflow_id}, {"jd_id": "JD-1"}):
        answer = await gateway.get("/workflow/status", headers=user.headers, params=params)
        body = answer.json()
        assert answer.status_code == 200 and body.keys() >= STATUS_KEYS, params
        assert body["success"] is True and body["workflowId"] == workflow_id
        assert body["status"] == "in_progress" and body["monitoring"] is True
    assert body["jdId"] == "JD-1" and body["jdTitle"] == "Backend Engineer"
    assert [a["id"] for a in body["agents"]] == AGENT_IDS
    assert all(a.keys() >= AGENT_KEYS for a in body["agents"])
    extractor, comparator = body["agents"][0], body["agents"][3]
    assert extractor["status"] == "completed" and extractor["duration"] == "1.4s"
    assert extractor["timestamp"] == "2026-11-26T10:00:01.400Z" and extractor["confidence"] == 50.0
    assert {"resultsGenerated", "bestFit", "partialFit", "notFit"} <= comparator["metrics"].keys()
    assert comparator["metrics"]["resultsGenerated"] == 1
    assert body["metrics"].keys() >= METRIC_KEYS
    assert body["metrics"]["processingTime"] == "2.5s" and body["metrics"]["matchRate"] == "50.0%"
    assert body["metrics"]["topMatches"] == 1 and body["metrics"]["bestFit"] == 1
    assert body["progress"] == {"completed": 1, "total": 4, "percentage": 40.0}


async def test_executions_history_is_a_bare_array_with_total_header(
    gateway: httpx.AsyncClient, fake_tracker: FakeTracker, make_user: object, bob: User
) -> None:
    user: User = await make_user()  # type: ignore[operator]
    ids = [seed(fake_tracker, user, "completed") for _ in range(3)]
    seed(fake_tracker, bob)
    answer = await gateway.get(
        "/workflow/executions", headers=user.headers, params={"skip": 0, "limit": 2}
    )
    assert answer.status_code == 200 and isinstance(answer.json(), list)
    assert answer.headers["x-total-count"] == "3" and len(answer.json()) == 2
    item = answer.json()[0]
    for key in (
        "workflow_id",
        "started_at",
        "jd_id",
        "jd_title",
        "total_resumes",
        "status",
        "agents",
        "metrics",
        "progress",
    ):
        assert key in item
    assert {"agent_id", "name", "status", "started_at", "duration_ms"} <= item["agents"][0].keys()
    assert {
        "total_candidates",
        "processing_time_ms",
        "match_rate",
        "top_matches",
        "best_fit",
        "partial_fit",
        "not_fit",
        "candidates_scored",
        "high_matches",
    } <= item["metrics"].keys()
    assert {"completed_agents", "total_agents", "percentage"} <= item["progress"].keys()
    filtered = await gateway.get(
        "/workflow/executions", headers=user.headers, params={"status": "in_progress"}
    )
    assert filtered.json() == [] and filtered.headers["x-total-count"] == "0"
    # one execution: owner yes, others 404
    one = await gateway.get(f"/workflow/executions/{ids[0]}", headers=user.headers)
    assert one.status_code == 200 and one.json()["workflow_id"] == ids[0]
    assert (
        await gateway.get(f"/workflow/executions/{ids[0]}", headers=bob.headers)
    ).status_code == 404
    assert (
        await gateway.delete(f"/workflow/executions/{ids[0]}", headers=bob.headers)
    ).status_code == 404
    deleted = await gateway.delete(f"/workflow/executions/{ids[0]}", headers=user.headers)
    assert deleted.status_code == 200 and deleted.json()["success"] is True
    assert ids[0] not in fake_tracker.executions


async def test_status_override_is_for_operators(
    gateway: httpx.AsyncClient, fake_tracker: FakeTracker, alice: User, admin: User
) -> None:
    workflow_id = seed(fake_tracker, alice)
    body = {"status": "failed", "error": "stuck"}
    refused = await gateway.put(
        f"/workflow/executions/{workflow_id}/status", headers=alice.headers, json=body
    )
    assert refused.status_code == 403
    done = await gateway.put(
        f"/workflow/executions/{workflow_id}/status", headers=admin.headers, json=body
    )
    assert done.status_code == 200 and fake_tracker.executions[workflow_id]["status"] == "failed"


async def test_cancel_and_events_relay(
    gateway: httpx.AsyncClient, fake_tracker: FakeTracker, alice: User, bob: User
) -> None:
    workflow_id = seed(fake_tracker, alice)
    events = await gateway.get(f"/workflow/executions/{workflow_id}/events", headers=alice.headers)
    assert events.status_code == 200
    assert events.headers["content-type"].startswith("text/event-stream")
    assert "event: snapshot" in events.text and workflow_id in events.text
    via_query = await gateway.get(
        f"/workflow/executions/{workflow_id}/events", params={"access_token": alice.token}
    )
    assert via_query.status_code == 200
    assert (await gateway.get(f"/workflow/executions/{workflow_id}/events")).status_code == 401
    assert (
        await gateway.get(f"/workflow/executions/{workflow_id}/events", headers=bob.headers)
    ).status_code == 404
    assert (
        await gateway.post(f"/workflow/executions/{workflow_id}/cancel", headers=bob.headers)
    ).status_code == 404
    cancelled = await gateway.post(
        f"/workflow/executions/{workflow_id}/cancel", headers=alice.headers
    )
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"
    again = await gateway.post(f"/workflow/executions/{workflow_id}/cancel", headers=alice.headers)
    assert again.status_code == 409 and again.json()["detail"]


async def test_tracker_down_is_503_with_detail(gw_settings: object, make_user: object) -> None:
    from tests.gateway.conftest import running_gateway

    settings = gw_settings.model_copy(update={"tracker_url": "http://127.0.0.1:1"})  # type: ignore[attr-defined]
    user: User = await make_user()  # type: ignore[operator]
    async with running_gateway(settings) as client:
        answer = await client.get("/workflow/status", headers=user.headers)
    assert answer.status_code == 503 and "tracker" in answer.json()["detail"]
