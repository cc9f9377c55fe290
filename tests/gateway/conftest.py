"""Gateway fixtures: an in-process gateway on the run's real Mongo and RabbitMQ, and users.

`gateway` talks to the fake tracker (unit-level tracker behaviour); `test_tracker_e2e.py`
wires the real tracker app instead. Every request goes through the full ASGI stack
(middleware, CORS, exception handlers) via `httpx.ASGITransport`.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from common.auth import issue_token
from common.db import Mongo
from common.settings import Settings
from gateway.main import create_app
from gateway.services import users
from tests.gateway.fake_tracker import FakeTracker

UPLOAD_LIMIT = 512 * 1024


@asynccontextmanager
async def running_gateway(settings: Settings, **kwargs: Any) -> AsyncIterator[httpx.AsyncClient]:
    """A started gateway (lifespan run) and a client bound to it."""
    app = create_app(settings, **kwargs)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app, client=("203.0.113.7", 40000))
        async with httpx.AsyncClient(transport=transport, base_url="http://gateway") as client:
            client.app = app  # type: ignore[attr-defined]
            yield client


def gateway_settings(base: Settings, **overrides: Any) -> Settings:
    """The run's settings with gateway limits small enough for fast tests."""
    values: dict[str, Any] = {
        "upload_max_bytes": UPLOAD_LIMIT,
        "login_max_failures_per_account": 3,
        "login_max_failures_per_address": 6,
        "workflows_in_flight_per_user": 50,
    }
    values.update(overrides)
    return base.model_copy(update=values)


@pytest.fixture(scope="session")
def gw_settings(settings: Settings) -> Settings:
    """Gateway settings for the run."""
    return gateway_settings(settings)


@pytest.fixture(scope="session")
def fake_tracker(gw_settings: Settings) -> FakeTracker:
    """The in-memory tracker stand-in."""
    return FakeTracker(gw_settings)


@pytest.fixture(scope="session")
async def gateway(
    gw_settings: Settings, fake_tracker: FakeTracker, mongo: Mongo
) -> AsyncIterator[httpx.AsyncClient]:
    """The gateway on the run's Mongo and RabbitMQ, with the fake tracker."""
    transport = httpx.ASGITransport(app=fake_tracker.app)
    async with running_gateway(gw_settings, tracker_transport=transport) as client:
        yield client


@dataclass
class User:
    """A signed-in test user."""

    id: str
    email: str
    role: str
    token: str

    @property
    def headers(self) -> dict[str, str]:
        """`Authorization: Bearer ...`."""
        return {"Authorization": f"Bearer {self.token}"}


MakeUser = Callable[..., Awaitable[User]]


async def make_account(mongo: Mongo, settings: Settings, role: str = "recruiter") -> User:
    """An account stored directly (any role) and a valid token for it."""
    email = f"{role}-{uuid.uuid4().hex[:10]}@example.com"
    doc = await users.create_user(
        mongo,
        email=email,
        password="correct-horse-1",
        role=role,
        first_name="Hostile",
        last_name=role.title(),
    )
    return User(doc["_id"], email, role, issue_token(settings, doc["_id"], role, email))


@pytest.fixture
def make_user(mongo: Mongo, gw_settings: Settings) -> MakeUser:
    """Create an account directly (any role) and a token for it."""

    async def make(role: str = "recruiter", password: str = "correct-horse-1") -> User:
        email = f"{role}-{uuid.uuid4().hex[:10]}@example.com"
        doc = await users.create_user(
            mongo,
            email=email,
            password=password,
            role=role,
            first_name="Test",
            last_name=role.title(),
        )
        return User(doc["_id"], email, role, issue_token(gw_settings, doc["_id"], role, email))

    return make


@pytest.fixture
async def alice(make_user: MakeUser) -> User:
    """A recruiter."""
    return await make_user("recruiter")


@pytest.fixture
async def bob(make_user: MakeUser) -> User:
    """Another recruiter."""
    return await make_user("recruiter")


@pytest.fixture
async def admin(make_user: MakeUser) -> User:
    """An administrator."""
    return await make_user("admin")
