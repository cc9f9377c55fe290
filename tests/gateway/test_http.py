"""CORS, trailing slashes without redirects, OpenAPI, health, unknown input never 500."""

from __future__ import annotations

import httpx
import pytest

from common.db import Mongo
from common.settings import Settings
from tests.gateway.conftest import User, gateway_settings, running_gateway
from tests.gateway.fake_tracker import FakeTracker

pytestmark = pytest.mark.integration
ORIGIN = "http://localhost:5173"


async def test_cors_preflight_and_exposed_headers(gateway: httpx.AsyncClient, alice: User) -> None:
    preflight = await gateway.options(
        "/resumes/",
        headers={
            "Origin": ORIGIN,
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": "authorization,content-type",
        },
    )
    assert preflight.status_code == 200
    assert preflight.headers["access-control-allow-origin"] == ORIGIN
    allowed = preflight.headers["access-control-allow-headers"].lower()
    assert "authorization" in allowed and "content-type" in allowed
    answer = await gateway.get("/workflow/executions", headers={**alice.headers, "Origin": ORIGIN})
    exposed = answer.headers["access-control-expose-headers"].lower()
    assert "content-disposition" in exposed and "x-total-count" in exposed
    # an error answer carries CORS headers too, so the app can read its detail
    denied = await gateway.get("/auth/me", headers={"Origin": ORIGIN, "Authorization": ""})
    assert denied.status_code == 401
    assert denied.headers["access-control-allow-origin"] == ORIGIN
    stranger = await gateway.options(
        "/resumes/",
        headers={"Origin": "http://evil.example", "Access-Control-Request-Method": "GET"},
    )
    assert "access-control-allow-origin" not in stranger.headers


@pytest.mark.parametrize(
    "path",
    [
        "/resumes/",
        "/resumes",
        "/job-descriptions/",
        "/job-descriptions",
        "/auth/me/",
        "/files/user-stats/",
    ],
)
async def test_trailing_slash_is_served_without_redirect(
    gateway: httpx.AsyncClient, alice: User, path: str
) -> None:
    answer = await gateway.get(path, headers=alice.headers)
    assert answer.status_code == 200 and answer.history == []


async def test_openapi_documents_every_route(gateway: httpx.AsyncClient) -> None:
    docs = await gateway.get("/docs")
    assert docs.status_code == 200 and "swagger" in docs.text.lower()
    paths = (await gateway.get("/openapi.json")).json()["paths"]
    for path in (
        "/auth/login",
        "/auth/me",
        "/auth/register",
        "/auth/logout",
        "/job-descriptions",
        "/job-descriptions/{jd_id}",
        "/files/upload-jd",
        "/files/upload-resume",
        "/files/download-resume/{resume_id}",
        "/files/user-stats",
        "/resumes",
        "/resumes/{resume_id}",
        "/matching/batch",
        "/matching/top-matches/{jd_id}",
        "/workflow/status",
        "/workflow/executions",
        "/workflow/executions/{workflow_id}",
        "/workflow/executions/{workflow_id}/status",
        "/workflow/executions/{workflow_id}/cancel",
        "/workflow/executions/{workflow_id}/events",
        "/audit-logs/recent",
        "/analytics/trends",
        "/analytics/stats",
        "/matching/results/{jd_id}",
        "/matching/result/{workflow_id}/{resume_id}",
        "/resumes/{resume_id}/profile",
        "/job-descriptions/{jd_id}/profile",
        "/internal/files/{file_id}",
    ):
        assert path in paths, path
    login = paths["/auth/login"]["post"]
    assert "requestBody" in login and "200" in login["responses"]


async def test_health_and_ready(gateway: httpx.AsyncClient) -> None:
    assert (await gateway.get("/health")).json()["status"] == "ok"
    ready = await gateway.get("/ready")
    assert ready.status_code == 200 and ready.json()["mongo"] is True


async def test_metrics_are_served_only_to_the_metrics_token(
    gw_settings: Settings, fake_tracker: FakeTracker, mongo: Mongo
) -> None:
    token = "metrics-token-for-prometheus-only"
    with_token = gateway_settings(gw_settings, metrics_token=token)
    transport = httpx.ASGITransport(app=fake_tracker.app)
    async with running_gateway(with_token, tracker_transport=transport) as client:
        for header in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": token}):
            refused = await client.get("/metrics", headers=header)
            assert refused.status_code == 401 and "METRICS_TOKEN" in refused.json()["detail"]
        served = await client.get("/metrics", headers={"Authorization": f"Bearer {token}"})
        assert served.status_code == 200 and "hrflow_" in served.text
    # Production without a token serves the page to no one
    production = gateway_settings(gw_settings, environment="production")
    async with running_gateway(production, tracker_transport=transport) as client:
        assert (await client.get("/metrics")).status_code == 404


@pytest.mark.parametrize(
    ("method", "path", "kwargs"),
    [
        ("post", "/matching/batch", {"content": b"{"}),
        ("post", "/matching/batch", {"json": {"jd_id": 5, "resume_ids": "x"}}),
        ("post", "/auth/login", {"json": {"email": "x"}}),
        ("post", "/files/upload-resume", {"data": {"source": "direct"}}),
        ("get", "/workflow/executions", {"params": {"limit": "many"}}),
        ("get", "/resumes/", {"params": {"skip": -1}}),
    ],
)
async def test_bad_input_is_a_clear_4xx(
    gateway: httpx.AsyncClient, alice: User, method: str, path: str, kwargs: dict[str, object]
) -> None:
    answer = await getattr(gateway, method)(path, headers=alice.headers, **kwargs)
    assert 400 <= answer.status_code < 500, answer.text
    assert answer.json()["detail"]
