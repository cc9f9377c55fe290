"""Starting workflows (real RabbitMQ, confirmed) and reading the comparator's results."""

from __future__ import annotations

import asyncio
import secrets
from datetime import timedelta
from typing import Any

import aio_pika
import httpx
import pytest

from common.broker import Topology
from common.db import Mongo
from common.ids import is_workflow_id
from common.messages import ResumeSubmitted, WorkflowStarted, decode
from common.settings import Settings
from common.timeutil import utcnow
from gateway.collections import RESUME_PROFILES, RESUME_RESULTS
from tests.gateway import samples
from tests.gateway.conftest import User, gateway_settings, running_gateway
from tests.gateway.fake_tracker import FakeTracker
from tests.gateway.test_files import upload
from tests.gateway.test_job_descriptions import create_jd

pytestmark = pytest.mark.integration
TOP_MATCH_KEYS = {
    "id",
    "resume_id",
    "workflow_id",
    "candidate_name",
    "current_position",
    "email",
    "phone",
    "location",
    "total_experience",
    "skills_matched",
    "match_score",
    "fit_category",
    "selection_reason",
    "match_breakdown",
}
BREAKDOWN_KEYS = {
    "skills_match",
    "experience_match",
    "location_match",
    "stability",
    "overqualified",
}


async def drain(channel: aio_pika.abc.AbstractChannel, queue: str, expected: int) -> list[Any]:
    """Every message on `queue`, waiting (bounded) until `expected` have arrived."""
    found: list[Any] = []
    q = await channel.get_queue(queue, ensure=True)
    async with asyncio.timeout(10):
        while len(found) < expected:
            message = await q.get(no_ack=True, fail=False)
            if message is None:
                await asyncio.sleep(0.05)
                continue
            found.append(decode(message.body, message.routing_key))
    assert await q.get(no_ack=True, fail=False) is None, f"more than {expected} on {queue}"
    return found


async def test_batch_publishes_start_and_every_task_confirmed(
    fresh_settings: Settings, mongo: Mongo, make_user: object
) -> None:
    # Given a gateway on a private broker prefix, a JD and three resumes
    settings = gateway_settings(fresh_settings, mongodb_db=mongo.db.name)
    tracker = FakeTracker(settings)
    user: User = await make_user()  # type: ignore[operator]
    async with running_gateway(
        settings, tracker_transport=httpx.ASGITransport(tracker.app)
    ) as client:
        jd = await create_jd(client, user)
        ids = [
            (await upload(client, user, f"r{i}.pdf", samples.pdf())).json()["resume_id"]
            for i in range(3)
        ]
        # When the app starts a batch with no resume_ids (= all of the caller's)
        answer = await client.post(
            "/matching/batch",
            headers=user.headers,
            json={"jd_id": jd["id"], "resume_ids": [], "force_reprocess": False},
        )
        assert answer.status_code == 202, answer.text
        body = answer.json()
        data = body["data"]
        assert body["success"] is True and body["message"]
        assert data["jd_id"] == jd["id"] and data["total_resumes"] == 3
        assert data["status"] == "pending" and is_workflow_id(data["workflow_id"])
        # Then the pending record is readable right away
        record = await client.get(
            f"/workflow/executions/{data['workflow_id']}", headers=user.headers
        )
        assert record.status_code == 200 and record.json()["status"] == "pending"
    # And the start event and every per-resume task are on the broker
    topology = Topology.from_settings(settings)
    connection = await aio_pika.connect(settings.amqp_url)
    async with connection:
        channel = await connection.channel()
        to_tracker = await drain(channel, topology.work_queue("tracker"), 1)
        to_reader = await drain(channel, topology.work_queue("jd-reader"), 1)
        tasks = await drain(channel, topology.work_queue("resume-extractor"), 3)
    for started in (to_tracker[0], to_reader[0]):
        assert isinstance(started, WorkflowStarted)
        assert started.workflow_id == data["workflow_id"] and started.started_by == user.id
        assert sorted(started.resume_ids) == sorted(ids) and started.jd_text
    assert all(isinstance(t, ResumeSubmitted) for t in tasks)
    assert sorted(t.resume_id for t in tasks) == sorted(ids)
    assert {t.file.content_type for t in tasks} == {"application/pdf"}
    assert all(len(t.file.sha256) == 64 and t.owner_id == user.id for t in tasks)


async def test_broker_unreachable_is_503_and_leaves_no_record(
    gw_settings: Settings, mongo: Mongo, make_user: object
) -> None:
    # Given a gateway whose broker does not answer
    settings = gw_settings.model_copy(update={"amqp_url": "amqp://guest:guest@127.0.0.1:1/"})
    tracker = FakeTracker(settings)
    user: User = await make_user()  # type: ignore[operator]
    async with running_gateway(
        settings, tracker_transport=httpx.ASGITransport(tracker.app)
    ) as client:
        jd = await create_jd(client, user)
        await upload(client, user, "r.txt", samples.txt())
        # When a workflow is started
        answer = await client.post(
            "/matching/batch", headers=user.headers, json={"jd_id": jd["id"]}
        )
    # Then it fails with 503 and a clear detail, and the pending record was removed again
    assert answer.status_code == 503, answer.text
    assert "broker" in answer.json()["detail"] and "nothing was started" in answer.json()["detail"]
    assert ("POST", "/executions") in tracker.calls
    assert any(method == "DELETE" for method, _ in tracker.calls)
    assert tracker.executions == {}


async def test_batch_checks_and_limits(
    gateway: httpx.AsyncClient,
    settings: Settings,
    make_user: object,
    bob: User,
    fake_tracker: FakeTracker,
) -> None:
    user: User = await make_user()  # type: ignore[operator]
    jd = await create_jd(gateway, user)
    # no resumes yet
    none = await gateway.post("/matching/batch", headers=user.headers, json={"jd_id": jd["id"]})
    assert none.status_code == 400 and "no resumes" in none.json()["detail"]
    mine = (await upload(gateway, user, "r.txt", samples.txt())).json()["resume_id"]
    theirs = (await upload(gateway, bob, "b.txt", samples.txt())).json()["resume_id"]
    # someone else's JD or resume is 404
    other_jd = await create_jd(gateway, bob)
    assert (
        await gateway.post("/matching/batch", headers=user.headers, json={"jd_id": other_jd["id"]})
    ).status_code == 404
    stolen = await gateway.post(
        "/matching/batch",
        headers=user.headers,
        json={"jd_id": jd["id"], "resume_ids": [mine, theirs]},
    )
    assert stolen.status_code == 404 and theirs in stolen.json()["detail"]
    assert (
        await gateway.post("/matching/batch", headers=user.headers, json={"resume_ids": [mine]})
    ).status_code == 422
    # per-workflow and in-flight limits come from settings
    tight = gateway_settings(settings, workflow_max_resumes=1, workflows_in_flight_per_user=1)
    transport = httpx.ASGITransport(fake_tracker.app)
    async with running_gateway(tight, tracker_transport=transport) as client:
        await upload(client, user, "r2.txt", samples.txt())
        too_many = await client.post(
            "/matching/batch", headers=user.headers, json={"jd_id": jd["id"]}
        )
        assert too_many.status_code == 400 and "at most 1" in too_many.json()["detail"]
        first = await client.post(
            "/matching/batch", headers=user.headers, json={"jd_id": jd["id"], "resume_ids": [mine]}
        )
        assert first.status_code == 202, first.text
        second = await client.post(
            "/matching/batch", headers=user.headers, json={"jd_id": jd["id"], "resume_ids": [mine]}
        )
        assert second.status_code == 429 and "running" in second.json()["detail"]


def _result(
    workflow_id: str,
    resume_id: str,
    jd_id: str,
    owner: str,
    score: float,
    age_s: int = 0,
    name: str = "Jane Doe",
) -> dict[str, Any]:
    fit = "Best Fit" if score >= 80 else "Partial Fit" if score >= 50 else "Not Fit"
    return {
        "_id": f"{workflow_id}:{resume_id}",
        "id": f"{workflow_id}:{resume_id}",
        "workflow_id": workflow_id,
        "resume_id": resume_id,
        "jd_id": jd_id,
        "started_by": owner,
        "owner_id": owner,
        "candidate_name": name,
        "current_position": "Engineer",
        "email": "jane@example.com",
        "phone": "+1 555 0100",
        "location": "Berlin",
        "total_experience": 4.5,
        "skills_matched": ["python", "sql"],
        "skills_missing": ["spark"],
        "match_score": score,
        "score": score,
        "fit_category": fit,
        "selection_reason": "Strong Python.",
        "components": {"required_skills": 0.8},
        "weights": {"required_skills": 0.5, "weights_version": "w1"},
        "evidence": [
            {
                "requirement": "python",
                "kind": "skill",
                "status": "met",
                "evidence": "5 years",
                "weight": 0.2,
            }
        ],
        "match_breakdown": {
            "skills_match": 80.0,
            "experience_match": 90.0,
            "location_match": 100.0,
            "stability": 70.0,
            "overqualified": 0.0,
        },
        "versions": {"hr-comparator": "1"},
        "created_at": utcnow() - timedelta(seconds=age_s),
    }


async def test_top_matches_results_and_one_result(
    gateway: httpx.AsyncClient, mongo: Mongo, make_user: object, bob: User, admin: User
) -> None:
    user: User = await make_user()  # type: ignore[operator]
    jd = await create_jd(gateway, user)
    jd_id = str(jd["id"])
    # Given results of two workflows: r1 scored twice (newest counts), r2 once
    await mongo.collection(RESUME_RESULTS).insert_many(
        [
            _result("WF-1700000000000-aaaaaaaaaa", "r1", jd_id, user.id, 40.0, age_s=100),
            _result("WF-1700000000001-bbbbbbbbbb", "r1", jd_id, user.id, 91.0),
            _result("WF-1700000000001-bbbbbbbbbb", "r2", jd_id, user.id, 65.5),
            _result("WF-1700000000002-cccccccccc", "r9", jd_id, bob.id, 99.0),
        ]
    )
    top = await gateway.get(
        f"/matching/top-matches/{jd_id}", headers=user.headers, params={"limit": 200}
    )
    assert top.status_code == 200, top.text
    body = top.json()
    assert body["jd_id"] == jd_id and body["jd_designation"] == "Backend Engineer"
    assert body["total_candidates"] == 2
    assert [m["match_score"] for m in body["top_matches"]] == [91.0, 65.5]
    first = body["top_matches"][0]
    assert first.keys() >= TOP_MATCH_KEYS and first["match_breakdown"].keys() >= BREAKDOWN_KEYS
    assert isinstance(first["total_experience"], float) and first["fit_category"] == "Best Fit"
    limited = await gateway.get(
        f"/matching/top-matches/{jd_id}", headers=user.headers, params={"limit": 1}
    )
    assert len(limited.json()["top_matches"]) == 1 and limited.json()["total_candidates"] == 2
    for bad in (0, 501):
        assert (
            await gateway.get(
                f"/matching/top-matches/{jd_id}", headers=user.headers, params={"limit": bad}
            )
        ).status_code == 422
    old = await gateway.get(
        f"/matching/results/{jd_id}",
        headers=user.headers,
        params={"workflow_id": "WF-1700000000000-aaaaaaaaaa"},
    )
    assert [r["match_score"] for r in old.json()["results"]] == [40.0]
    assert old.json()["results"][0]["evidence"][0]["status"] == "met"
    one = await gateway.get("/matching/result/WF-1700000000001-bbbbbbbbbb/r2", headers=user.headers)
    assert one.status_code == 200 and one.json()["components"] == {"required_skills": 0.8}
    # others get 404; admins see all
    assert (
        await gateway.get(f"/matching/top-matches/{jd_id}", headers=bob.headers)
    ).status_code == 404
    assert (
        await gateway.get("/matching/result/WF-1700000000001-bbbbbbbbbb/r2", headers=bob.headers)
    ).status_code == 404
    seen = await gateway.get(f"/matching/top-matches/{jd_id}", headers=admin.headers)
    assert seen.json()["total_candidates"] == 3


async def test_resume_and_jd_profiles(
    gateway: httpx.AsyncClient, mongo: Mongo, alice: User, bob: User
) -> None:
    resume_id = (await upload(gateway, alice, "p.txt", samples.txt())).json()["resume_id"]
    jd = await create_jd(gateway, alice)
    assert (
        await gateway.get(f"/resumes/{resume_id}/profile", headers=alice.headers)
    ).status_code == 404
    await mongo.collection(RESUME_PROFILES).insert_one(
        {
            "resume_id": resume_id,
            "workflow_id": "WF-1700000000001-bbbbbbbbbb",
            "updated_at": utcnow(),
            "profile": {
                "name": "Ann Lee",
                "email": "ann@example.com",
                "phone": None,
                "location": "Oslo",
                "current_title": "Analyst",
                "total_years_experience": 3.0,
                "skills": [{"name": "python", "family": "lang", "sources": [], "evidence": None}],
                "highest_degree": "MSc",
                "education": [],
                "work_history": [],
                "certifications": [],
            },
        }
    )
    await mongo.collection("comparator_workflows").insert_one(
        {
            "workflow_id": "WF-1700000000001-bbbbbbbbbb",
            "jd_id": jd["id"],
            "status": "parsed",
            "created_at": utcnow(),
            "jd_profile": {
                "title": "Backend Engineer",
                "required_skills": ["python"],
                "preferred_skills": ["go"],
                "min_years": 3,
                "education_level": None,
            },
        }
    )
    profile = await gateway.get(f"/resumes/{resume_id}/profile", headers=alice.headers)
    assert profile.status_code == 200
    assert profile.json()["name"] == "Ann Lee" and profile.json()["skills"][0]["name"] == "python"
    assert (
        await gateway.get(f"/resumes/{resume_id}/profile", headers=bob.headers)
    ).status_code == 404
    jd_profile = await gateway.get(f"/job-descriptions/{jd['id']}/profile", headers=alice.headers)
    assert jd_profile.status_code == 200
    assert jd_profile.json()["required_skills"] == ["python"]
    assert jd_profile.json()["min_years"] == 3


async def test_a_jd_id_used_again_never_shows_the_earlier_jds_profile(
    gateway: httpx.AsyncClient, mongo: Mongo, alice: User, bob: User
) -> None:
    # Given alice's JD was read by a workflow, then deleted
    jd_id = f"JD-{1_700_000_000_000 + secrets.randbelow(10**9)}"
    body = {"id": jd_id, "designation": "Payroll Officer", "description": "Sage payroll. " * 30}
    assert (await gateway.post("/job-descriptions/", headers=alice.headers, json=body)).is_success
    await mongo.collection("comparator_workflows").insert_one(
        {
            "workflow_id": "WF-1700000000002-cccccccccc",
            "jd_id": jd_id,
            "status": "parsed",
            "created_at": utcnow(),
            "jd_profile": {"title": "Payroll Officer", "required_skills": ["Sage Payroll"]},
        }
    )
    assert (
        await gateway.get(f"/job-descriptions/{jd_id}/profile", headers=alice.headers)
    ).is_success
    assert (await gateway.delete(f"/job-descriptions/{jd_id}", headers=alice.headers)).is_success
    # When bob creates a JD with the same id
    body = {**body, "designation": "Nurse", "description": "Ward nursing. " * 30}
    assert (await gateway.post("/job-descriptions/", headers=bob.headers, json=body)).is_success
    # Then bob's JD has no profile until a workflow of his reads it
    answer = await gateway.get(f"/job-descriptions/{jd_id}/profile", headers=bob.headers)
    assert answer.status_code == 404, answer.text
    assert "has not been read yet" in answer.json()["detail"]
