"""Auth contract: login, me, register, logout; 401 for every bad token; login throttling."""

from __future__ import annotations

import asyncio
import secrets
import uuid
from collections.abc import AsyncIterator
from datetime import timedelta

import httpx
import jwt
import pytest

from common.auth import ALGORITHM
from common.db import Mongo
from common.settings import Settings
from common.timeutil import utcnow
from gateway.collections import AUDIT_LOGS
from tests.gateway.conftest import MakeUser, User, gateway_settings, running_gateway

pytestmark = pytest.mark.integration
USER_KEYS = {"id", "email", "firstName", "lastName", "role"}


def _email() -> str:
    return f"u-{uuid.uuid4().hex[:10]}@example.com"


async def test_register_login_me_logout_contract(gateway: httpx.AsyncClient, mongo: Mongo) -> None:
    # Given a self-registered recruiter
    email = _email()
    answer = await gateway.post(
        "/auth/register",
        json={
            "email": email,
            "password": "s3cret-pass",
            "firstName": "Ada",
            "lastName": "Byron",
            "company": "Acme",
        },
    )
    assert answer.status_code == 201, answer.text
    body = answer.json()
    assert body["success"] is True and isinstance(body["message"], str)
    user_id = body["data"]["user_id"]
    assert isinstance(user_id, str)
    # When they log in
    login = await gateway.post(
        "/auth/login",
        headers={"User-Agent": "pytest-agent"},
        json={"email": email.upper(), "password": "s3cret-pass"},
    )
    assert login.status_code == 200, login.text
    token = login.json()
    assert token["token_type"] == "bearer" and token["access_token"]
    assert token["user"].keys() >= USER_KEYS
    expected = {
        "id": user_id,
        "email": email,
        "firstName": "Ada",
        "lastName": "Byron",
        "role": "recruiter",
    }
    assert {key: token["user"][key] for key in USER_KEYS} == expected
    headers = {"Authorization": f"Bearer {token['access_token']}"}
    # Then /auth/me returns the same user, and logout answers {success} with an audit entry
    me = await gateway.get("/auth/me", headers=headers)
    assert me.status_code == 200 and me.json()["id"] == user_id
    out = await gateway.post("/auth/logout", headers=headers)
    assert out.status_code == 200 and out.json()["success"] is True
    actions = [d["action"] async for d in mongo.collection(AUDIT_LOGS).find({"user_id": user_id})]
    assert {"register", "login", "logout"} <= set(actions)
    entry = await mongo.collection(AUDIT_LOGS).find_one({"user_id": user_id, "action": "login"})
    assert entry["client_ip"] == "203.0.113.7" and entry["user_agent"] == "pytest-agent"


async def test_register_refuses_admin_and_duplicate_email(gateway: httpx.AsyncClient) -> None:
    email = _email()
    admin = await gateway.post(
        "/auth/register", json={"email": email, "password": "s3cret-pass", "role": "admin"}
    )
    assert admin.status_code == 400 and "admin" in admin.json()["detail"]
    first = await gateway.post("/auth/register", json={"email": email, "password": "s3cret-pass"})
    assert first.status_code == 201
    again = await gateway.post("/auth/register", json={"email": email, "password": "other-pass"})
    assert again.status_code == 400 and "exists" in again.json()["detail"]
    manager = await gateway.post(
        "/auth/register", json={"email": _email(), "password": "s3cret-pass", "role": "hr_manager"}
    )
    assert manager.status_code == 201


async def test_bad_login_is_401_with_the_apps_message(
    gateway: httpx.AsyncClient, alice: User
) -> None:
    wrong = await gateway.post("/auth/login", json={"email": alice.email, "password": "nope"})
    assert wrong.status_code == 401
    assert wrong.json()["detail"] == "Incorrect email or password"
    unknown = await gateway.post("/auth/login", json={"email": _email(), "password": "nope"})
    assert unknown.status_code == 401
    assert unknown.json()["detail"] == "Incorrect email or password"


def _tokens(settings: Settings, user: User) -> dict[str, str]:
    now = utcnow()
    claims = {"sub": user.id, "role": user.role, "email": user.email}
    expired = jwt.encode(
        {**claims, "iat": now - timedelta(hours=2), "exp": now - timedelta(hours=1)},
        settings.jwt_secret,
        ALGORITHM,
    )
    forged = jwt.encode(
        {**claims, "role": "admin", "exp": now + timedelta(hours=1)},
        "another-secret-of-enough-length-123",
        ALGORITHM,
    )
    head, payload, signature = user.token.split(".")
    tampered = f"{head}.{payload}.{signature[:-4]}AAAA"
    return {
        "": "",
        "Bearer": "Bearer",
        "Bearer ": "Bearer ",
        "basic": "Basic abc",
        "garbage": "Bearer not-a-jwt",
        "expired": f"Bearer {expired}",
        "forged": f"Bearer {forged}",
        "tampered": f"Bearer {tampered}",
    }


@pytest.mark.parametrize(
    "path", ["/auth/me", "/resumes/", "/job-descriptions/", "/workflow/status", "/files/user-stats"]
)
async def test_every_bad_token_is_401_never_403(
    gateway: httpx.AsyncClient, gw_settings: Settings, alice: User, path: str
) -> None:
    missing = await gateway.get(path)
    assert missing.status_code == 401, missing.text
    for name, header in _tokens(gw_settings, alice).items():
        answer = await gateway.get(path, headers={"Authorization": header})
        assert answer.status_code == 401, (name, answer.status_code, answer.text)
        assert answer.json()["detail"], name


@pytest.mark.filterwarnings("ignore:The HMAC key")  # the published defaults are short, too
async def test_a_token_signed_with_any_published_default_is_refused(
    gateway: httpx.AsyncClient, alice: User
) -> None:
    from common.settings import PUBLISHED_SECRETS

    for secret in PUBLISHED_SECRETS:
        now = utcnow()
        claims = {"sub": alice.id, "role": "admin", "iat": now, "exp": now + timedelta(hours=1)}
        forged = jwt.encode(claims, secret, algorithm=ALGORITHM)
        answer = await gateway.get("/auth/me", headers={"Authorization": f"Bearer {forged}"})
        assert answer.status_code == 401, secret
        as_service = await gateway.get(
            "/internal/files/nothing", headers={"Authorization": f"Bearer {secret}"}
        )
        assert as_service.status_code == 401, secret  # not a service token either


async def test_me_is_401_when_the_account_is_gone(
    gateway: httpx.AsyncClient, mongo: Mongo, make_user: MakeUser
) -> None:
    ghost = await make_user()
    await mongo.collection("users").delete_one({"_id": ghost.id})
    assert (await gateway.get("/auth/me", headers=ghost.headers)).status_code == 401


async def test_login_failures_are_throttled_per_account(
    gateway: httpx.AsyncClient, gw_settings: Settings, make_user: MakeUser
) -> None:
    # Given an account that has used up its failures (3 in the test settings)
    victim = await make_user(password="right-password")
    for _ in range(gw_settings.login_max_failures_per_account):
        bad = await gateway.post("/auth/login", json={"email": victim.email, "password": "x"})
        assert bad.status_code == 401
    # When even the right password is tried
    blocked = await gateway.post(
        "/auth/login", json={"email": victim.email, "password": "right-password"}
    )
    # Then it is refused with 429 and a Retry-After, without checking the password
    assert blocked.status_code == 429, blocked.text
    assert "Too many failed logins" in blocked.json()["detail"]
    assert int(blocked.headers["Retry-After"]) > 0


async def test_concurrent_guesses_check_at_most_the_budget_of_passwords(
    gateway: httpx.AsyncClient, gw_settings: Settings, make_user: MakeUser, monkeypatch
) -> None:
    import gateway.services.signin as auth_routes

    checked: list[str] = []
    real_verify = auth_routes.verify_password

    async def counting(password, hashed):
        checked.append(password)
        return await real_verify(password, hashed)

    monkeypatch.setattr(auth_routes, "verify_password", counting)
    victim = await make_user(password="right-password")
    # When 60 wrong guesses arrive at once
    answers = await asyncio.gather(
        *(
            gateway.post("/auth/login", json={"email": victim.email, "password": f"guess-{i}"})
            for i in range(60)
        )
    )
    # Then at most the account's budget of passwords was checked; the rest were refused first
    codes = sorted(a.status_code for a in answers)
    assert len(checked) <= gw_settings.login_max_failures_per_account
    assert codes.count(401) == len(checked) and codes.count(429) == 60 - len(checked)


async def test_someone_who_knows_an_address_cannot_lock_its_owner_out(
    settings: Settings, make_user: MakeUser
) -> None:
    proxied = gateway_settings(settings, trusted_proxies=["203.0.113.0/24"])
    owner = await make_user(password="right-password")
    async with running_gateway(proxied) as client:
        for _ in range(proxied.login_max_failures_per_account + 2):
            await client.post(
                "/auth/login",
                json={"email": owner.email, "password": "x"},
                headers={"X-Forwarded-For": "198.51.100.66"},
            )
        mine = await client.post(
            "/auth/login",
            json={"email": owner.email, "password": "right-password"},
            headers={"X-Forwarded-For": "198.51.100.7"},
        )
        assert mine.status_code == 200, mine.text


async def test_login_failures_are_throttled_per_address_behind_a_trusted_proxy(
    settings: Settings, mongo: Mongo, make_user: MakeUser
) -> None:
    # Given a gateway behind a trusted proxy (the test client's address is the proxy)
    proxied = gateway_settings(settings, trusted_proxies=["203.0.113.0/24"])
    target = await make_user(password="right-password")
    spray = {"X-Forwarded-For": "198.51.100.23"}
    async with running_gateway(proxied) as client:
        # When one client address fails against many accounts
        for _ in range(proxied.login_max_failures_per_address):
            await client.post(
                "/auth/login", json={"email": _email(), "password": "x"}, headers=spray
            )
        # Then that address is throttled even for a valid login; another address is not
        blocked = await client.post(
            "/auth/login", headers=spray, json={"email": target.email, "password": "right-password"}
        )
        assert blocked.status_code == 429 and "address" in blocked.json()["detail"]
        other = await client.post(
            "/auth/login",
            headers={"X-Forwarded-For": "198.51.100.99"},
            json={"email": target.email, "password": "right-password"},
        )
        assert other.status_code == 200
    entry = await mongo.collection(AUDIT_LOGS).find_one({"user_id": target.id, "action": "login"})
    assert entry["client_ip"] == "198.51.100.99"


def _somewhere() -> dict[str, str]:
    """An address of its own: the throttling tests above use up the test client's budget."""
    address = f"10.{secrets.randbelow(250)}.{secrets.randbelow(250)}.{secrets.randbelow(250)}"
    return {"X-Forwarded-For": address}


async def _login(client: httpx.AsyncClient, email: str, password: str) -> httpx.Response:
    return await client.post(
        "/auth/login", json={"email": email, "password": password}, headers=_somewhere()
    )


@pytest.fixture
async def proxied(settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    """A gateway behind a trusted proxy (the test client), so each login names its address."""
    async with running_gateway(gateway_settings(settings, trusted_proxies=["203.0.113.0/24"])) as c:
        yield c


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}", **_somewhere()}


async def test_logout_ends_every_token_of_the_account(
    proxied: httpx.AsyncClient, make_user: MakeUser
) -> None:
    gateway = proxied
    # Given one account signed in on two devices
    user = await make_user(password="right-password-1")
    phone = (await _login(gateway, user.email, "right-password-1")).json()["access_token"]
    laptop = (await _login(gateway, user.email, "right-password-1")).json()["access_token"]
    assert (await gateway.get("/auth/me", headers=_bearer(phone))).status_code == 200
    # When it signs out on the phone
    assert (await gateway.post("/auth/logout", headers=_bearer(phone))).status_code == 200
    # Then neither token works any more, with a reason; signing in again does
    for token in (phone, laptop):
        answer = await gateway.get("/resumes/", headers=_bearer(token))
        assert answer.status_code == 401 and "session has ended" in answer.json()["detail"]
    again = (await _login(gateway, user.email, "right-password-1")).json()["access_token"]
    assert (await gateway.get("/auth/me", headers=_bearer(again))).status_code == 200


async def test_a_password_change_revokes_older_tokens_and_returns_a_new_one(
    proxied: httpx.AsyncClient, make_user: MakeUser
) -> None:
    gateway = proxied
    user = await make_user(password="old-password-1")
    old = (await _login(gateway, user.email, "old-password-1")).json()["access_token"]
    change = "/auth/change-password"
    wrong = await gateway.post(
        change,
        headers=_bearer(old),
        json={"current_password": "not-it-at-all", "new_password": "new-password-2"},
    )
    assert wrong.status_code == 400 and "current password is incorrect" in wrong.json()["detail"]
    short = await gateway.post(
        change,
        headers=_bearer(old),
        json={"current_password": "old-password-1", "new_password": "x"},
    )
    assert short.status_code == 422
    changed = await gateway.post(
        change,
        headers=_bearer(old),
        json={"current_password": "old-password-1", "new_password": "new-password-2"},
    )
    assert changed.status_code == 200, changed.text
    new = changed.json()["access_token"]
    assert (await gateway.get("/auth/me", headers=_bearer(new))).status_code == 200
    assert (await gateway.get("/auth/me", headers=_bearer(old))).status_code == 401
    assert (await _login(gateway, user.email, "old-password-1")).status_code == 401
    assert (await _login(gateway, user.email, "new-password-2")).status_code == 200


async def test_a_token_speaks_with_the_accounts_current_role_and_state(
    gw_settings: Settings, mongo: Mongo, make_user: MakeUser
) -> None:
    # Given a gateway that reads an account on every request (no cache) and an admin's token
    settings = gw_settings.model_copy(update={"auth_account_cache_s": 0.0})
    async with running_gateway(settings) as client:
        admin = await make_user(role="admin")
        assert (await client.get("/admin/dead-letters", headers=admin.headers)).status_code == 200
        # When the account is demoted, Then the same token is a recruiter's
        await mongo.collection("users").update_one(
            {"_id": admin.id}, {"$set": {"role": "recruiter"}}
        )
        demoted = await client.get("/admin/dead-letters", headers=admin.headers)
        assert demoted.status_code == 403, demoted.text
        # When it is deactivated, Then the token is refused with a reason
        await mongo.collection("users").update_one(
            {"_id": admin.id}, {"$set": {"is_active": False}}
        )
        off = await client.get("/auth/me", headers=admin.headers)
        assert off.status_code == 401 and "disabled" in off.json()["detail"]
