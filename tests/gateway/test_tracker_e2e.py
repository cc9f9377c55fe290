"""End to end with the real tracker app (consumer running) and real RabbitMQ and Mongo.

Proves the cross-process behaviour the fake tracker only imitates: the pending record, the
tracker consuming the gateway's start event, the frontend's status shape from a real execution
document, history, cancel through the tracker's confirmed publish, the SSE relay, and no
orphan record when the gateway's broker is unreachable.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
import pytest

from common.db import Mongo
from common.settings import Settings
from tests.gateway import samples
from tests.gateway.conftest import User, gateway_settings, make_account, running_gateway
from tests.gateway.test_files import upload
from tests.gateway.test_job_descriptions import create_jd
from tracker.app import create_app as create_tracker

pytestmark = pytest.mark.integration


@asynccontextmanager
async def real_tracker(settings: Settings) -> AsyncIterator[httpx.ASGITransport]:
    app = create_tracker(settings, consume=True, sweep=False)
    async with app.router.lifespan_context(app):
        yield httpx.ASGITransport(app=app)


async def account_in(settings: Settings) -> User:
    """An account in the database this test's gateway reads (its token alone is not enough)."""
    mongo = Mongo(settings)
    try:
        return await make_account(mongo, settings)
    finally:
        mongo.close()


async def wait_for_status(
    client: httpx.AsyncClient, user: User, workflow_id: str, wanted: str
) -> dict[str, object]:
    async with asyncio.timeout(15):
        while True:
            body = (
                await client.get(
                    "/workflow/status", headers=user.headers, params={"workflow_id": workflow_id}
                )
            ).json()
            if body["status"] == wanted:
                return body
            await asyncio.sleep(0.1)


async def test_workflow_through_the_real_tracker(
    fresh_settings: Settings,
) -> None:
    settings = gateway_settings(fresh_settings)
    user = await account_in(settings)
    async with (
        real_tracker(settings) as transport,
        running_gateway(settings, tracker_transport=transport) as client,
    ):
        # Given a JD and two resumes
        jd = await create_jd(client, user)
        for i in range(2):
            await upload(client, user, f"r{i}.txt", samples.txt())
        # When the app starts a workflow
        started = await client.post(
            "/matching/batch", headers=user.headers, json={"jd_id": jd["id"]}
        )
        assert started.status_code == 202, started.text
        workflow_id = started.json()["data"]["workflow_id"]
        # Then it is readable at once, and the tracker consumes the start event
        first = await client.get(f"/workflow/executions/{workflow_id}", headers=user.headers)
        assert first.status_code == 200
        assert first.json()["status"] in ("pending", "in_progress")
        status = await wait_for_status(client, user, workflow_id, "in_progress")
        assert status["success"] is True and status["monitoring"] is True
        assert status["jdId"] == jd["id"] and status["totalResumes"] == 2
        assert [a["id"] for a in status["agents"]] == [  # type: ignore[index]
            "resume-extractor",
            "jd-reader",
            "resume-reader",
            "hr-comparator",
        ]
        latest = await client.get("/workflow/status", headers=user.headers)
        assert latest.json()["workflowId"] == workflow_id
        history = await client.get("/workflow/executions", headers=user.headers)
        assert history.headers["x-total-count"] == "1"
        assert history.json()[0]["workflow_id"] == workflow_id
        # When it is cancelled through the gateway
        cancelled = await client.post(
            f"/workflow/executions/{workflow_id}/cancel", headers=user.headers
        )
        assert cancelled.status_code == 200, cancelled.text
        final = await wait_for_status(client, user, workflow_id, "cancelled")
        assert final["monitoring"] is False
        # Then the SSE relay delivers the terminal snapshot and ends
        async with asyncio.timeout(15):
            events = await client.get(
                f"/workflow/executions/{workflow_id}/events", headers=user.headers
            )
        assert events.status_code == 200 and "cancelled" in events.text


async def test_unreachable_broker_leaves_no_record_at_the_real_tracker(
    fresh_settings: Settings,
) -> None:
    tracker_settings = gateway_settings(fresh_settings)
    broken = tracker_settings.model_copy(update={"amqp_url": "amqp://guest:guest@127.0.0.1:1/"})
    user = await account_in(tracker_settings)
    async with (
        real_tracker(tracker_settings) as transport,
        running_gateway(broken, tracker_transport=transport) as client,
    ):
        jd = await create_jd(client, user)
        await upload(client, user, "r.txt", samples.txt())
        answer = await client.post(
            "/matching/batch", headers=user.headers, json={"jd_id": jd["id"]}
        )
        assert answer.status_code == 503 and "broker" in answer.json()["detail"]
        history = await client.get("/workflow/executions", headers=user.headers)
        assert history.json() == [] and history.headers["x-total-count"] == "0"
