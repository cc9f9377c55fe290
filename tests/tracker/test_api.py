"""The HTTP API against a live tracker: auth, ownership, registration, listing, overrides."""

from __future__ import annotations

import httpx
import pytest

from tests.common.broker.helpers import event_probe
from tests.tracker.conftest import Server
from tests.tracker.events import plan_many
from tracker.facts import fact_of
from tracker.indexes import RESUME_FACTS

pytestmark = pytest.mark.integration


def body(plan) -> dict:
    s = plan.started
    return {
        "workflow_id": plan.workflow_id,
        "jd_id": s.jd_id,
        "jd_title": s.jd_title,
        "started_by": s.started_by,
        "resume_ids": plan.resume_ids,
    }


async def test_auth_ownership_registration_and_listing(server: Server):
    plans = plan_many(4)  # owners u0, u1, u2, u0
    async with httpx.AsyncClient(base_url=server.url, timeout=10) as http:
        svc = server.headers(role="service")
        # No or bad token → 401 with a detail; an empty header counts as missing
        for headers in ({}, {"Authorization": ""}, {"Authorization": "Bearer nope"}):
            r = await http.get("/executions", headers=headers)
            assert r.status_code == 401 and r.json()["detail"]
        # Only the service token may register; registering twice is idempotent
        assert (
            await http.post("/executions", json=body(plans[0]), headers=server.headers("u0"))
        ).status_code == 403
        for p in plans:
            r = await http.post("/executions", json=body(p), headers=svc)
            assert r.status_code == 201 and r.json()["status"] == "pending"
        again = await http.post("/executions", json=body(plans[0]), headers=svc)
        assert again.status_code == 200
        other = {**body(plans[0]), "jd_id": "JD-other"}
        assert (await http.post("/executions", json=other, headers=svc)).status_code == 409
        # Readable at once; someone else's → 404; admins see all
        wid = plans[0].workflow_id
        assert (
            (await http.get(f"/executions/{wid}", headers=server.headers("u0")))
            .json()["started_at"]
            .endswith("Z")
        )
        assert (
            await http.get(f"/executions/{wid}", headers=server.headers("u1"))
        ).status_code == 404
        page = (await http.get("/executions", headers=server.headers("u0"))).json()
        assert page["total"] == 2 and {i["started_by"] for i in page["items"]} == {"u0"}
        admin = (
            await http.get(
                "/executions",
                params={"limit": 3, "sort": "-started_at"},
                headers=server.headers("a", "admin"),
            )
        ).json()
        assert admin["total"] == 4 and len(admin["items"]) == 3
        assert [i["workflow_id"] for i in admin["items"]] == [
            p.workflow_id for p in reversed(plans)
        ][:3]
        # Filters: status list, q on the title, started_by
        q = await http.get(
            "/executions",
            params={"q": plans[1].started.jd_title.upper(), "status": "pending,in_progress"},
            headers=svc,
        )
        assert plans[1].workflow_id in [i["workflow_id"] for i in q.json()["items"]]
        # Bad input → 4xx with a detail, never 500
        for params in (
            {"status": "weird"},
            {"sort": "password"},
            {"limit": 0},
            {"from": "yesterday"},
            {"skip": 2**63},  # past what the database takes: 422, not a driver error
        ):
            r = await http.get("/executions", params=params, headers=svc)
            assert r.status_code == 422 and r.json()["detail"], params


async def test_status_override_cancel_and_delete(server: Server):
    plans = plan_many(3)
    async with httpx.AsyncClient(base_url=server.url, timeout=10) as http:
        svc = server.headers(role="service")
        for p in plans:
            await http.post("/executions", json=body(p), headers=svc)
        a, b, c = (p.workflow_id for p in plans)
        owner = server.headers("u0")
        # Operators only; never backwards
        r = await http.put(f"/executions/{a}/status", json={"status": "failed"}, headers=owner)
        assert r.status_code == 403
        r = await http.put(
            f"/executions/{a}/status", json={"status": "failed", "error": "x"}, headers=svc
        )
        assert (r.json()["status"], r.json()["error"]) == ("failed", "x")
        r = await http.put(f"/executions/{a}/status", json={"status": "pending"}, headers=svc)
        assert r.status_code == 409 and "back" in r.json()["detail"]
        # Cancel publishes and applies workflow.cancelled; a second cancel conflicts
        r = await http.post(
            f"/executions/{b}/cancel", json={"reason": "typo"}, headers=server.headers("u1")
        )
        assert r.status_code == 200 and r.json()["status"] == "cancelled"
        assert (await http.post(f"/executions/{b}/cancel", headers=svc)).status_code == 409
        # Delete: others get 404; the owner's delete of a workflow still running cancels it
        # first (the agents stop), then it is gone
        assert (await http.delete(f"/executions/{c}", headers=owner)).status_code == 404
        async with event_probe(server.env.settings, "workflow.cancelled") as cancelled:
            deleted = await http.delete(f"/executions/{c}", headers=server.headers("u2"))
            assert deleted.json()["success"]
            assert (await cancelled())["workflow_id"] == c
        assert (await http.get(f"/executions/{c}", headers=svc)).status_code == 404
        # Late events of the deleted workflow (in flight, or replayed from a DLQ) are dropped
        for event in plans[2].events:
            await server.env.store.apply(fact_of(event), server.env.publisher.publish)
        assert (await http.get(f"/executions/{c}", headers=svc)).status_code == 404
        listed = (await http.get("/executions", params={"limit": 200}, headers=svc)).json()
        assert c not in [i["workflow_id"] for i in listed["items"]]
        assert (
            await server.env.mongo.collection(RESUME_FACTS).count_documents({"workflow_id": c}) == 0
        )
        # Registering the deleted id again (the gateway gave up on a slow registration and
        # removed it) is a conflict with a detail, not a 500
        again = await http.post("/executions", json=body(plans[2]), headers=svc)
        assert again.status_code == 409 and "deleted" in again.json()["detail"]
        # A finished workflow is deleted without a cancel
        assert (await http.delete(f"/executions/{a}", headers=svc)).json()["success"]
        assert (await http.get(f"/executions/{a}", headers=svc)).status_code == 404


async def test_workflow_through_the_broker_then_reports(server: Server):
    plans = plan_many(7)
    async with httpx.AsyncClient(base_url=server.url, timeout=10) as http:
        svc = server.headers(role="service")
        await server.env.publish([e for p in plans for e in p.events])

        async def all_finished() -> bool:
            page = (
                await http.get("/executions", params={"status": "completed,failed"}, headers=svc)
            ).json()
            return page["total"] == len(plans)

        await server.env.wait_for(all_finished, what="7 workflows finished")
        wid = plans[0].workflow_id
        rows = (await http.get(f"/executions/{wid}/resumes", headers=svc)).json()
        assert [r["resume_id"] for r in rows["items"]] == plans[0].resume_ids
        assert {r["outcome"] for r in rows["items"]} <= {"scored", "failed"}
        summary = (
            await http.get("/reports/summary", params={"group_by": "jd"}, headers=svc)
        ).json()
        assert summary["totals"]["workflows_started"] == 7
        assert sum(g["workflows_started"] for g in summary["groups"]) == 7
        agents = (await http.get("/reports/agents", headers=svc)).json()["agents"]
        extractor = next(a for a in agents if a["agent_id"] == "resume-extractor")
        assert extractor["steps_completed"] + extractor["steps_failed"] == 21
        assert extractor["duration_ms"]["p50"] == 20.0
        # the overview gives the same three reports from one read
        overview = (
            await http.get("/reports/overview", params={"group_by": "jd"}, headers=svc)
        ).json()
        assert overview["summary"] == summary and overview["agents"]["agents"] == agents
        daily = (await http.get("/reports/summary", headers=svc)).json()
        assert overview["daily"] == daily
        ready = await http.get("/ready")
        assert ready.status_code == 200 and ready.json()["ready"]
        assert "hrflow_tracker_facts_total" in (await http.get("/metrics")).text
