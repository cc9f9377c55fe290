"""The console over plain HTTP against the running system: sessions, CSRF, origins, redirects,
roles, headers and clear errors (what a browser test would only see indirectly)."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator

import httpx
import pytest

from cli.client import HrflowClient
from tests.console.conftest import PASSWORD, Console, admins_workflow

pytestmark = pytest.mark.integration
CSRF = re.compile(r'name="csrf" value="([0-9a-f]{64})"')


@pytest.fixture
async def http(console: Console) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=console.system.gateway_url, timeout=30) as client:
        yield client


async def signed_in(http: httpx.AsyncClient, email: str) -> str:
    """Sign `http` in (its cookie jar keeps the session); returns the session's form token."""
    answer = await http.post("/console/login", data={"email": email, "password": PASSWORD})
    assert answer.status_code == 303, answer.text
    page = await http.get("/console/workflows")
    found = CSRF.search(page.text)
    assert found, page.text[:500]
    return found.group(1)


async def finished_workflow(console: Console) -> str:
    workflow_id = await admins_workflow(console, 21, "Console HTTP test")
    client = HrflowClient(console.system.gateway_url, timeout_s=60)
    try:
        await client.sign_in(console.admin_email, PASSWORD)
        done = await client.follow(workflow_id, lambda _: None, timeout_s=120)
        assert done["status"] == "completed", done
        return workflow_id
    finally:
        await client.close()


async def test_a_page_without_a_session_sends_to_sign_in_and_back(
    http: httpx.AsyncClient, console: Console
):
    answer = await http.get("/console/reports?group_by=jd")
    assert answer.status_code == 303
    assert answer.headers["location"] == "/console/login?next=/console/reports%3Fgroup_by%3Djd"
    login = await http.post(
        "/console/login",
        data={
            "email": console.admin_email,
            "password": PASSWORD,
            "next": "/console/reports?group_by=jd",
        },
    )
    assert login.status_code == 303 and login.headers["location"] == "/console/reports?group_by=jd"


@pytest.mark.parametrize(
    "target", ["https://evil.example/", "//evil.example/console/x", "/docs", "javascript:alert(1)"]
)
async def test_signing_in_never_leads_off_the_console(
    http: httpx.AsyncClient, console: Console, target: str
):
    answer = await http.post(
        "/console/login", data={"email": console.admin_email, "password": PASSWORD, "next": target}
    )
    assert answer.headers["location"] == "/console/workflows"


async def test_a_wrong_password_is_a_401_page_that_says_so_and_opens_no_session(
    http: httpx.AsyncClient, console: Console
):
    answer = await http.post(
        "/console/login", data={"email": console.recruiter_email, "password": "nope-nope-nope"}
    )
    assert answer.status_code == 401
    assert "Incorrect email or password" in answer.text
    assert "set-cookie" not in answer.headers


async def test_the_session_cookie_is_httponly_strict_and_only_sent_to_the_console(
    http: httpx.AsyncClient, console: Console
):
    answer = await http.post(
        "/console/login", data={"email": console.recruiter_email, "password": PASSWORD}
    )
    cookie = answer.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie and "path=/console" in cookie


async def test_a_form_without_its_token_or_from_another_site_is_refused(
    http: httpx.AsyncClient, console: Console
):
    workflow_id = await finished_workflow(console)
    csrf = await signed_in(http, console.admin_email)
    path = f"/console/workflows/{workflow_id}/cancel"
    missing = await http.post(path)
    assert missing.status_code == 403 and "security token" in missing.text
    wrong = await http.post(path, data={"csrf": "0" * 64})
    assert wrong.status_code == 403
    elsewhere = await http.post(
        path, data={"csrf": csrf}, headers={"Origin": "https://evil.example"}
    )
    assert elsewhere.status_code == 403 and "another site" in elsewhere.text
    # the right token from this origin reaches the tracker, which refuses a finished workflow
    right = await http.post(
        path, data={"csrf": csrf}, headers={"Origin": console.system.gateway_url}
    )
    assert right.status_code == 409, right.text
    # deleting asks for the confirmation box, then deletes
    unconfirmed = await http.post(f"/console/workflows/{workflow_id}/delete", data={"csrf": csrf})
    assert unconfirmed.status_code == 422 and "confirmation" in unconfirmed.text
    deleted = await http.post(
        f"/console/workflows/{workflow_id}/delete", data={"csrf": csrf, "confirm": "yes"}
    )
    assert deleted.status_code == 303
    assert (await http.get(f"/console/workflows/{workflow_id}")).status_code == 404


async def test_a_recruiter_may_not_replay_or_purge_dead_letters(
    http: httpx.AsyncClient, console: Console
):
    csrf = await signed_in(http, console.recruiter_email)
    for action in ("replay", "purge"):
        answer = await http.post(
            f"/console/queues/hr-comparator/{action}", data={"csrf": csrf, "confirm": "yes"}
        )
        assert answer.status_code == 403, action


async def test_purging_needs_the_confirmation_box_and_an_existing_queue(
    http: httpx.AsyncClient, console: Console
):
    csrf = await signed_in(http, console.admin_email)
    answer = await http.post("/console/queues/hr-comparator/purge", data={"csrf": csrf})
    assert answer.status_code == 422 and "confirmation" in answer.text
    answer = await http.post(
        "/console/queues/no-such-group/purge", data={"csrf": csrf, "confirm": "yes"}
    )
    assert answer.status_code == 404 and "no-such-group" in answer.text


async def test_the_service_token_is_no_console_session(http: httpx.AsyncClient, console: Console):
    token = console.settings.service_token
    # (it is the running system's service token: the API takes it as the service)
    as_service = await http.get(
        "/workflow/executions", headers={"Authorization": f"Bearer {token}"}
    )
    assert as_service.status_code == 200, as_service.text
    http.cookies.set("hrflow_console", token, path="/console")
    answer = await http.get("/console/workflows")
    assert answer.status_code == 303 and answer.headers["location"].startswith("/console/login")


@pytest.mark.parametrize(
    ("query", "reason"),
    [
        ("status=bogus", "status: use one of"),
        ("from=yesterday", "is not a date"),
        ("page=0", "page"),
    ],
)
async def test_bad_filters_are_a_422_page_with_the_reason(
    http: httpx.AsyncClient, console: Console, query: str, reason: str
):
    await signed_in(http, console.admin_email)
    answer = await http.get(f"/console/workflows?{query}")
    assert answer.status_code == 422 and reason in answer.text


async def test_signing_out_ends_the_accounts_api_tokens_too(
    http: httpx.AsyncClient, console: Console
):
    api = await http.post(
        "/auth/login", json={"email": console.recruiter_email, "password": PASSWORD}
    )
    token = api.json()["access_token"]
    csrf = await signed_in(http, console.recruiter_email)
    assert (await http.post("/console/logout", data={"csrf": csrf})).status_code == 303
    assert (
        await http.get("/auth/me", headers={"Authorization": f"Bearer {token}"})
    ).status_code == 401
    assert (await http.get("/console/workflows")).status_code == 303


async def test_the_api_and_the_console_answer_with_the_security_headers(
    http: httpx.AsyncClient, console: Console
):
    for path in ("/health", "/console/login"):
        headers = (await http.get(path)).headers
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["x-frame-options"] == "DENY"
        assert headers["referrer-policy"] == "same-origin"
    console_page = (await http.get("/console/login")).headers
    assert "script-src 'self'" in console_page["content-security-policy"]
    assert console_page["cache-control"] == "no-store"
