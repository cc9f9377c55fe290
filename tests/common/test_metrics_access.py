"""`/metrics` of a worker's probe follows the same rule as the gateway's and the tracker's
(`common.metrics.metrics_response`): the token when one is set, closed in production."""

from __future__ import annotations

import httpx
import pytest

from common.broker.probe import Probe
from common.settings import Settings

pytestmark = pytest.mark.integration  # the run's settings fixture


async def _get(settings: Settings, headers: dict[str, str]) -> httpx.Response:
    app = Probe(settings, "resume-reader", None, None, None).app()  # type: ignore[arg-type]
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://probe") as client:
        return await client.get("/metrics", headers=headers)


async def test_a_workers_metrics_need_the_metrics_token(settings: Settings):
    token = "probe-metrics-token-for-prometheus"
    guarded = settings.model_copy(update={"metrics_token": token})
    refused = await _get(guarded, {"Authorization": "Bearer nope"})
    assert refused.status_code == 401 and "METRICS_TOKEN" in refused.json()["detail"]
    served = await _get(guarded, {"Authorization": f"Bearer {token}"})
    assert served.status_code == 200 and "hrflow_" in served.text
    production = settings.model_copy(update={"environment": "production", "metrics_token": ""})
    assert (await _get(production, {})).status_code == 404
