"""Job descriptions: the bare-array list, CRUD, JD file uploads, ownership, trailing slashes."""

from __future__ import annotations

import time

import httpx
import pytest

from common.settings import Settings
from tests.common.broker.helpers import event_probe
from tests.gateway import samples
from tests.gateway.conftest import User

pytestmark = pytest.mark.integration
JD_KEYS = {
    "id",
    "designation",
    "company",
    "location",
    "status",
    "createdAt",
    "updatedAt",
    "description_preview",
}


def _jd_id() -> str:
    time.sleep(0.002)  # the app's ids are JD-<epoch ms>: keep them distinct
    return f"JD-{int(time.time() * 1000)}"


async def create_jd(
    client: httpx.AsyncClient,
    user: User,
    description: str = "Python, SQL, 3+ years of backend work. " * 20,
) -> dict[str, object]:
    answer = await client.post(
        "/job-descriptions/",
        headers=user.headers,
        json={
            "id": _jd_id(),
            "designation": "Backend Engineer",
            "description": description,
            "status": "active",
        },
    )
    assert answer.status_code == 201, answer.text
    return answer.json()


async def test_jd_crud_contract(
    gateway: httpx.AsyncClient, gw_settings: Settings, make_user: object, bob: User
) -> None:
    user = await make_user()  # type: ignore[operator]
    created = await create_jd(gateway, user)
    jd_id = created["id"]
    assert created.keys() >= JD_KEYS
    assert created["createdAt"].endswith("Z") and len(created["description_preview"]) <= 201
    for path in ("/job-descriptions/", "/job-descriptions"):
        listed = await gateway.get(path, headers=user.headers)
        assert listed.status_code == 200 and listed.history == []
        assert isinstance(listed.json(), list) and listed.json()[0]["id"] == jd_id
        assert listed.json()[0].keys() >= JD_KEYS
    active = await gateway.get(
        "/job-descriptions/", headers=user.headers, params={"status": "active"}
    )
    assert [jd["id"] for jd in active.json()] == [jd_id]
    closed = await gateway.get(
        "/job-descriptions/", headers=user.headers, params={"status": "closed"}
    )
    assert closed.json() == []
    one = await gateway.get(f"/job-descriptions/{jd_id}", headers=user.headers)
    assert one.status_code == 200 and one.json()["designation"] == "Backend Engineer"
    updated = await gateway.put(
        f"/job-descriptions/{jd_id}",
        headers=user.headers,
        json={"designation": "Senior Backend Engineer"},
    )
    assert updated.status_code == 200
    assert updated.json()["designation"] == "Senior Backend Engineer"
    assert updated.json()["updatedAt"] >= updated.json()["createdAt"]
    # another user sees nothing of it
    assert (await gateway.get(f"/job-descriptions/{jd_id}", headers=bob.headers)).status_code == 404
    assert (
        await gateway.put(
            f"/job-descriptions/{jd_id}", headers=bob.headers, json={"designation": "x"}
        )
    ).status_code == 404
    assert (
        await gateway.delete(f"/job-descriptions/{jd_id}", headers=bob.headers)
    ).status_code == 404
    async with event_probe(gw_settings, "jd.deleted") as received:
        deleted = await gateway.delete(f"/job-descriptions/{jd_id}", headers=user.headers)
        assert deleted.status_code == 200 and deleted.json()["success"] is True
        assert deleted.json()["message"]
        # the jd-reader is told to forget its cached profiles of this JD
        assert (await received())["jd_id"] == jd_id
    gone = await gateway.get(f"/job-descriptions/{jd_id}", headers=user.headers)
    assert gone.status_code == 404


async def test_duplicate_jd_id_is_400_already_exists(
    gateway: httpx.AsyncClient, alice: User
) -> None:
    created = await create_jd(gateway, alice)
    again = await gateway.post(
        "/job-descriptions/",
        headers=alice.headers,
        json={"id": created["id"], "designation": "x", "description": "y", "status": "active"},
    )
    assert again.status_code == 400 and "already exists" in again.json()["detail"]


async def test_upload_jd_contract(gateway: httpx.AsyncClient, alice: User, admin: User) -> None:
    jd_id = _jd_id()
    form = {"jd_id": jd_id, "designation": "Data Engineer"}
    answer = await gateway.post(
        "/files/upload-jd",
        headers=alice.headers,
        data=form,
        files={"file": ("jd.pdf", samples.pdf("Data engineer, Spark"), "application/pdf")},
    )
    assert answer.status_code == 201, answer.text
    assert answer.json()["id"] == jd_id and answer.json()["file"]["filename"] == "jd.pdf"
    dup = await gateway.post(
        "/files/upload-jd",
        headers=alice.headers,
        data=form,
        files={"file": ("jd.txt", samples.txt(), "text/plain")},
    )
    assert dup.status_code == 400 and "already exists" in dup.json()["detail"]
    bad = await gateway.post(
        "/files/upload-jd",
        headers=alice.headers,
        data={"jd_id": _jd_id(), "designation": "x"},
        files={"file": ("jd.docx", samples.random_bytes(), "text/plain")},
    )
    assert bad.status_code == 415
    # admins see everyone's JDs
    seen = await gateway.get(f"/job-descriptions/{jd_id}", headers=admin.headers)
    assert seen.status_code == 200


async def test_bad_jd_input_is_422_not_500(gateway: httpx.AsyncClient, alice: User) -> None:
    for body in (
        {},
        {"designation": "x"},
        {"id": "../x", "designation": "x", "description": "y"},
        {"designation": "x", "description": "y", "status": "weird"},
    ):
        answer = await gateway.post("/job-descriptions/", headers=alice.headers, json=body)
        assert answer.status_code == 422, (body, answer.text)
        assert isinstance(answer.json()["detail"], list)
    assert (
        await gateway.post("/job-descriptions/", headers=alice.headers, content=b"not json")
    ).status_code == 422
