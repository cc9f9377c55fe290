"""Uploads, downloads, user stats and the internal file endpoint."""

from __future__ import annotations

from urllib.parse import quote

import httpx
import pytest

from common.db import Mongo
from common.settings import Settings
from gateway.collections import FILES_BUCKET, RESUMES
from tests.common.broker.helpers import event_probe
from tests.gateway import samples
from tests.gateway.conftest import UPLOAD_LIMIT, User

pytestmark = pytest.mark.integration
UPLOAD_KEYS = {"success", "message", "file_id", "resume_id"}


async def upload(
    client: httpx.AsyncClient,
    user: User,
    name: str,
    data: bytes,
    content_type: str = "application/octet-stream",
) -> httpx.Response:
    return await client.post(
        "/files/upload-resume",
        headers=user.headers,
        files={"file": (name, data, content_type)},
        data={"source": "direct"},
    )


async def stored_counts(mongo: Mongo) -> tuple[int, int]:
    return (
        await mongo.collection(RESUMES).count_documents({}),
        await mongo.collection(f"{FILES_BUCKET}.files").count_documents({}),
    )


@pytest.mark.parametrize(
    ("name", "make", "kind"),
    [
        ("cv.pdf", samples.pdf, "application/pdf"),
        ("cv.docx", samples.docx, "wordprocessingml"),
        ("cv.doc", samples.doc, "application/msword"),
        ("cv.txt", samples.txt, "text/plain"),
        ("cv", samples.pdf, "application/pdf"),
        ("scan.png", samples.png, "image/png"),
        ("photo.jpg", samples.jpeg, "image/jpeg"),
        ("photo.jpeg", samples.jpeg, "image/jpeg"),
    ],
)
async def test_upload_accepts_each_type_from_its_bytes(
    gateway: httpx.AsyncClient, alice: User, name: str, make: object, kind: str
) -> None:
    data = make()  # type: ignore[operator]
    answer = await upload(gateway, alice, name, data, "text/html")
    assert answer.status_code == 201, answer.text
    body = answer.json()
    assert body.keys() >= UPLOAD_KEYS and body["success"] is True
    assert kind in body["content_type"] and body["size_bytes"] == len(data)


async def test_utf16_text_is_accepted(gateway: httpx.AsyncClient, alice: User) -> None:
    data = "\ufeffMaría Núñez\nPython, Go\n".encode("utf-16-le")
    answer = await upload(gateway, alice, "maria.txt", data)
    assert answer.status_code == 201, answer.text


async def test_duplicate_upload_returns_the_existing_resume(
    gateway: httpx.AsyncClient, mongo: Mongo, alice: User, bob: User
) -> None:
    data = samples.pdf()
    first = await upload(gateway, alice, "a.pdf", data)
    again = await upload(gateway, alice, "renamed.pdf", data)
    assert first.status_code == 201 and again.status_code == 200
    assert again.json()["resume_id"] == first.json()["resume_id"]
    assert again.json()["duplicate"] is True and "already uploaded" in again.json()["message"]
    assert await mongo.collection(RESUMES).count_documents({"owner_id": alice.id}) == 1
    # another owner uploading the same bytes gets their own resume
    other = await upload(gateway, bob, "a.pdf", data)
    assert other.status_code == 201 and other.json()["resume_id"] != first.json()["resume_id"]


def _bad_uploads() -> list[tuple[str, bytes, int, str]]:
    corrupt_pdf = b"%PDF-1.7\n1 0 obj << /Type /Catalog >>\n" + samples.random_bytes(2000)
    return [
        ("empty.pdf", b"", 422, "empty"),
        ("corrupt.pdf", corrupt_pdf, 422, "PDF"),
        ("random.docx", samples.random_bytes(), 415, "not recognised"),
        ("text.pdf", samples.txt(), 415, "TXT"),
        ("bomb.docx", samples.zip_bomb_docx(), 415, "zip bomb"),
        ("../../etc/passwd.txt", samples.txt(), 400, "plain name"),
        ("..\\evil.txt", samples.txt(), 400, "plain name"),
        ("resume.rtf", b"{\\rtf1\\ansi Jane Doe}", 415, "RTF"),
        ("resume.exe", b"MZ\x90\x00" + samples.random_bytes(), 415, "executable"),
        ("setup.pdf", b"\x7fELF" + samples.random_bytes(), 415, "executable"),
        ("notes.html", b"<html>hi</html>", 415, ".html"),
        ("sheet.docx", _plain_zip(), 415, "not a Word"),
        ("blank.txt", b"   \n\n ", 422, "blank"),
        ("bomb.png", samples.png_claiming(60_000, 60_000), 415, "megapixels"),
        ("big.png", samples.png_claiming(9_000, 9_000), 415, "megapixels"),
        ("cut.png", samples.png()[:30], 422, "corrupt"),
        ("photo.png", samples.jpeg(), 415, "JPEG"),
        ("cv.jpg", samples.pdf(), 415, "PDF"),
        ("scan.gif", b"GIF89a" + samples.random_bytes(), 415, "not recognised"),
    ]


def _plain_zip() -> bytes:
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "data", "status", "words"), _bad_uploads(), ids=[case[0] for case in _bad_uploads()]
)
async def test_bad_uploads_are_clear_4xx_and_store_nothing(
    gateway: httpx.AsyncClient,
    mongo: Mongo,
    alice: User,
    name: str,
    data: bytes,
    status: int,
    words: str,
) -> None:
    before = await stored_counts(mongo)
    answer = await upload(gateway, alice, name, data, "application/pdf")
    assert answer.status_code == status, answer.text
    assert words.lower() in answer.json()["detail"].lower()
    assert await stored_counts(mongo) == before


async def test_oversized_upload_is_413_and_stores_nothing(
    gateway: httpx.AsyncClient, mongo: Mongo, alice: User
) -> None:
    before = await stored_counts(mongo)
    # just over the file limit, inside the multipart overhead: the route's counting read refuses
    over = b"a" * (UPLOAD_LIMIT + 1)
    answer = await upload(gateway, alice, "big.txt", over)
    assert answer.status_code == 413 and "upload limit" in answer.json()["detail"]
    # far over: the declared Content-Length is refused before the body is read
    huge = await upload(gateway, alice, "huge.txt", b"a" * (UPLOAD_LIMIT * 3))
    assert huge.status_code == 413
    assert await stored_counts(mongo) == before


async def test_chunked_body_over_the_cap_is_cut_off(
    gateway: httpx.AsyncClient, alice: User
) -> None:
    # Given a body without Content-Length, streamed in chunks past the cap
    sent = 0

    async def body() -> object:
        nonlocal sent
        yield (
            b'--abc\r\nContent-Disposition: form-data; name="file"; filename="big.txt"\r\n'
            b"Content-Type: text/plain\r\n\r\n"
        )
        for _ in range(64):
            sent += 64 * 1024
            yield b"x" * (64 * 1024)

    answer = await gateway.post(
        "/files/upload-resume",
        content=body(),
        headers={**alice.headers, "Content-Type": "multipart/form-data; boundary=abc"},
    )
    # Then the gateway answers 413 without consuming the whole stream
    assert answer.status_code == 413
    assert sent < 64 * 64 * 1024


async def test_download_streams_the_original_with_a_safe_name(
    gateway: httpx.AsyncClient, alice: User, bob: User
) -> None:
    data = samples.pdf()
    name = "Zoë; résumé final.pdf"
    resume_id = (await upload(gateway, alice, name, data)).json()["resume_id"]
    answer = await gateway.get(f"/files/download-resume/{resume_id}", headers=alice.headers)
    assert answer.status_code == 200 and answer.content == data
    disposition = answer.headers["content-disposition"]
    assert disposition.startswith('attachment; filename="')
    assert f"filename*=UTF-8''{quote(name, safe='')}" in disposition
    assert 'filename="Zoe_ resume final.pdf"' in disposition
    assert answer.headers["content-type"] == "application/pdf"
    plain = (await upload(gateway, alice, "plain.txt", samples.txt())).json()["resume_id"]
    simple = await gateway.get(f"/files/download-resume/{plain}", headers=alice.headers)
    assert simple.headers["content-disposition"] == 'attachment; filename="plain.txt"'
    # another user gets 404, not the file
    denied = await gateway.get(f"/files/download-resume/{resume_id}", headers=bob.headers)
    assert denied.status_code == 404


async def test_user_stats_contract(
    gateway: httpx.AsyncClient, gw_settings: Settings, make_user: object
) -> None:
    user = await make_user()  # type: ignore[operator]
    empty = await gateway.get("/files/user-stats", headers=user.headers)
    assert empty.status_code == 200
    assert empty.json()["resume_count"] == 0 and empty.json()["storage_used_mb"] == 0
    data = samples.pdf()
    await upload(gateway, user, "a.pdf", data)
    await upload(gateway, user, "b.txt", samples.txt("x" * 60_000))
    stats = (await gateway.get("/files/user-stats", headers=user.headers)).json()
    assert set(stats) >= {
        "resume_count",
        "limit",
        "per_workflow_limit",
        "storage_used_mb",
        "message",
    }
    assert stats["resume_count"] == 2
    assert stats["limit"] == gw_settings.resume_limit_per_user
    assert stats["per_workflow_limit"] == gw_settings.workflow_max_resumes
    expected = (len(data) + 60_033) / (1024 * 1024)
    assert stats["storage_used_mb"] == pytest.approx(expected, abs=0.001)


async def test_resume_limit_per_user(settings: Settings, mongo: Mongo, make_user: object) -> None:
    from tests.gateway.conftest import gateway_settings, running_gateway

    user = await make_user()  # type: ignore[operator]
    async with running_gateway(gateway_settings(settings, resume_limit_per_user=1)) as client:
        assert (await upload(client, user, "a.txt", samples.txt())).status_code == 201
        refused = await upload(client, user, "b.txt", samples.txt())
        assert refused.status_code == 400 and "limit" in refused.json()["detail"]


async def test_resumes_list_and_delete(
    gateway: httpx.AsyncClient, gw_settings: Settings, mongo: Mongo, make_user: object, bob: User
) -> None:
    user = await make_user()  # type: ignore[operator]
    ids = [
        (await upload(gateway, user, f"r{i}.txt", samples.txt())).json()["resume_id"]
        for i in range(3)
    ]
    for path in ("/resumes/", "/resumes"):
        listed = await gateway.get(path, headers=user.headers, params={"skip": 0, "limit": 2})
        assert listed.status_code == 200 and isinstance(listed.json(), list)
        assert [r["id"] for r in listed.json()] == ids[::-1][:2]
    others = (await gateway.get("/resumes/", headers=bob.headers)).json()
    assert all(r["owner_id"] == bob.id for r in others)
    assert (await gateway.delete(f"/resumes/{ids[0]}", headers=bob.headers)).status_code == 404
    doc = await mongo.collection(RESUMES).find_one({"_id": ids[0]})
    async with event_probe(gw_settings, "resume.deleted") as received:
        deleted = await gateway.delete(f"/resumes/{ids[0]}", headers=user.headers)
        assert deleted.status_code == 200 and deleted.json()["success"] is True
        # The agents are told to forget what they derived from it (confirmed before deleting)
        event = await received()
    assert (event["resume_id"], event["file_sha256"]) == (ids[0], doc["sha256"])
    assert event["workflow_id"] == f"resume:{ids[0]}"
    assert await mongo.collection(RESUMES).find_one({"_id": ids[0]}) is None
    assert (
        await mongo.collection(f"{FILES_BUCKET}.files").find_one(
            {"_id": __import__("bson").ObjectId(doc["file_id"])}
        )
        is None
    )


async def test_internal_files_is_for_services_only(
    gateway: httpx.AsyncClient, gw_settings: Settings, alice: User, admin: User
) -> None:
    data = samples.docx()
    file_id = (await upload(gateway, alice, "cv.docx", data)).json()["file_id"]
    service = {"Authorization": f"Bearer {gw_settings.service_token}"}
    answer = await gateway.get(f"/internal/files/{file_id}", headers=service)
    assert answer.status_code == 200 and answer.content == data
    assert answer.headers["content-length"] == str(len(data))
    for user in (alice, admin):
        refused = await gateway.get(f"/internal/files/{file_id}", headers=user.headers)
        assert refused.status_code == 403
    assert (await gateway.get(f"/internal/files/{file_id}")).status_code == 401
    missing = await gateway.get("/internal/files/0123456789abcdef01234567", headers=service)
    assert missing.status_code == 404
    assert (await gateway.get("/internal/files/not-an-id", headers=service)).status_code == 404


async def test_an_image_is_a_resume_but_not_a_jd(gateway: httpx.AsyncClient, alice: User) -> None:
    answer = await gateway.post(
        "/files/upload-jd",
        headers=alice.headers,
        files={"file": ("jd.png", samples.png(), "image/png")},
        data={"jd_id": "JD-1700000000001", "designation": "Nurse"},
    )
    assert answer.status_code == 415, answer.text
    assert "image" in answer.json()["detail"]
