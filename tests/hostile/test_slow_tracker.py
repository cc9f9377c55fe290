"""A tracker too slow to answer must not leave orphan `pending` workflows behind.

Found by the load benchmark on a saturated machine: the gateway's call that creates the
`pending` record timed out after the tracker had stored it; the request failed with 503, the
record stayed `pending` for good (no message was ever published for it) and counted against
the user's in-flight limit, so the user's next starts were refused with 429.
"""

from __future__ import annotations

import httpx
import pytest

from common.db import Mongo
from common.settings import Settings
from tests.gateway import samples
from tests.gateway.conftest import gateway_settings, make_account, running_gateway
from tracker.app import create_app as create_tracker

pytestmark = pytest.mark.integration


class TimesOutAfterCreating(httpx.AsyncBaseTransport):
    """Passes every call to the tracker app, but `POST /executions` answers with a timeout
    after the tracker has handled it (the tracker was slow, the gateway gave up)."""

    def __init__(self, app: object) -> None:
        self.inner = httpx.ASGITransport(app=app)  # type: ignore[arg-type]
        self.timed_out = 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = await self.inner.handle_async_request(request)
        if request.method == "POST" and request.url.path == "/executions":
            await response.aread()
            self.timed_out += 1
            raise httpx.ReadTimeout("the tracker took too long", request=request)
        return response


async def test_a_start_the_tracker_times_out_on_leaves_no_pending_record(
    fresh_settings: Settings,
) -> None:
    settings = gateway_settings(fresh_settings, workflows_in_flight_per_user=1)
    mongo = Mongo(settings)
    tracker = create_tracker(settings, consume=True, sweep=False)
    transport = TimesOutAfterCreating(tracker)
    try:
        async with (
            tracker.router.lifespan_context(tracker),
            running_gateway(settings, tracker_transport=transport) as client,
        ):
            user = await make_account(mongo, settings)
            jd = await client.post(
                "/job-descriptions/",
                headers=user.headers,
                json={"id": "JD-slow-1", "designation": "Engineer", "description": "Python"},
            )
            assert jd.status_code == 201, jd.text
            up = await client.post(
                "/files/upload-resume",
                headers=user.headers,
                files={"file": ("cv.txt", samples.txt())},
            )
            assert up.status_code == 201, up.text
            # When the tracker stores the record but answers too late, twice
            for _ in range(2):
                answer = await client.post(
                    "/matching/batch", headers=user.headers, json={"jd_id": "JD-slow-1"}
                )
                assert answer.status_code == 503, answer.text
                assert "unavailable" in answer.json()["detail"]
            assert transport.timed_out == 2
            # Then no execution is left behind, and nothing counts against the limit of 1
            history = await client.get("/workflow/executions", headers=user.headers)
            assert history.json() == [] and history.headers["x-total-count"] == "0"
            assert await mongo.collection("workflow_executions").count_documents({}) == 0
    finally:
        mongo.close()
