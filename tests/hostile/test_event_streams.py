"""One user's open event streams cannot starve anyone: caps per user and per gateway, streams
on their own tracker connections, through real HTTP (uvicorn) to the real tracker."""

from __future__ import annotations

import asyncio
import time
import uuid

import httpx
import pytest

from common.db import Mongo
from common.settings import Settings
from tests.gateway.conftest import make_account
from tests.hostile.conftest import LoopbackStack

pytestmark = pytest.mark.integration
PER_USER, TOTAL, OPENED = 5, 8, 150


async def _open(
    client: httpx.AsyncClient, url: str, token: str
) -> tuple[int, str, httpx.Response | None]:
    """Open one stream; keep it open when accepted (returns the open response)."""
    request = client.build_request(
        "GET", url, headers={"Authorization": f"Bearer {token}", "Accept": "text/event-stream"}
    )
    response = await client.send(request, stream=True)
    if response.status_code != 200:
        await response.aread()
        detail = response.json().get("detail", "")
        await response.aclose()
        return response.status_code, detail, None
    return 200, "", response


async def test_a_flood_of_streams_gets_429s_and_other_users_still_answer(
    settings: Settings, mongo: Mongo
):
    stack = LoopbackStack(
        settings.model_copy(update={"sse_max_streams_per_user": PER_USER, "sse_max_streams": TOTAL})
    )
    stack.start()
    flooder = await make_account(mongo, stack.settings)
    others = [await make_account(mongo, stack.settings) for _ in range(2)]
    workflow_id, other_id = (
        f"WF-{int(time.time() * 1000)}-{uuid.uuid4().int % 10**10:010d}" for _ in range(2)
    )
    limits = httpx.Limits(max_connections=OPENED + 20)
    accepted: list[httpx.Response] = []
    async with httpx.AsyncClient(base_url=stack.base_url, timeout=20, limits=limits) as client:
        try:
            # Given a running workflow of the flooder's (registered, never finishing)
            created = await client.post(
                f"{stack.settings.tracker_url}/executions",
                headers={"Authorization": f"Bearer {stack.settings.service_token}"},
                json={
                    "workflow_id": workflow_id,
                    "jd_id": "JD-1",
                    "jd_title": "Flood",
                    "started_by": flooder.id,
                    "resume_ids": ["r1"],
                },
            )
            assert created.status_code == 201, created.text
            url = f"/workflow/executions/{workflow_id}/events"
            # When the flooder opens 150 streams at once
            results = await asyncio.gather(
                *(_open(client, url, flooder.token) for _ in range(OPENED))
            )
            accepted += [r for code, _, r in results if code == 200]
            refused = [(code, detail) for code, detail, _ in results if code != 200]
            # Then only the per-user cap is open and every other one is a clear 429
            assert len(accepted) == PER_USER
            assert len(refused) == OPENED - PER_USER
            assert all(code == 429 and "event streams" in d for code, d in refused)
            # And another user's status answers at once
            began = time.monotonic()
            status = await client.get(
                "/workflow/status", headers={"Authorization": f"Bearer {others[0].token}"}
            )
            assert status.status_code == 200 and time.monotonic() - began < 1.0
            # And the gateway's own cap holds across users
            theirs = await client.post(
                f"{stack.settings.tracker_url}/executions",
                headers={"Authorization": f"Bearer {stack.settings.service_token}"},
                json={
                    "workflow_id": other_id,
                    "jd_id": "JD-2",
                    "jd_title": "Other",
                    "started_by": others[1].id,
                    "resume_ids": ["r2"],
                },
            )
            assert theirs.status_code == 201, theirs.text
            other_url = f"/workflow/executions/{other_id}/events"
            more = [await _open(client, other_url, others[1].token) for _ in range(TOTAL)]
            accepted += [r for code, _, r in more if code == 200]
            assert sum(code == 200 for code, _, _ in more) == TOTAL - PER_USER
            assert "limit of 8 open event streams" in more[-1][1]
            # And closing a stream gives its slot back
            await accepted.pop(0).aclose()
            await asyncio.sleep(0.5)
            code, _, again = await _open(client, url, flooder.token)
            assert code == 200
            accepted.append(again)
        finally:
            for response in accepted:
                await response.aclose()
            stack.stop()
