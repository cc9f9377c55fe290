"""A table of hostile requests across the gateway API: each is a clear 4xx, never a 500.

The gateway runs with the real tracker app (consuming events), the run's RabbitMQ and Mongo.
Two recruiters (alice, bob) and an admin are seeded; bob has a JD, a resume and a running
workflow, so "someone else's id" rows aim at real records. Every row states the status and a
substring its `detail` must contain (or, for validation errors, FastAPI's 422 shape naming the
offending field). After the table: `/health` is 200, the gateway's and tracker's collections,
GridFS and the agents' queues hold exactly what they held before, and no message was published.
"""

from __future__ import annotations

import asyncio
import base64
import io
import json
import zipfile
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import aio_pika
import httpx
import jwt
import pytest

from common.broker import GROUPS, Topology
from common.db import Mongo
from common.metrics import MESSAGES_PUBLISHED
from common.settings import Settings
from common.timeutil import utcnow
from gateway.collections import (
    AUDIT_LOGS,
    FILES_BUCKET,
    JOB_DESCRIPTIONS,
    LOGIN_FAILURES,
    RESUMES,
    USERS,
)
from tests.gateway import samples
from tests.gateway.conftest import UPLOAD_LIMIT, User, gateway_settings, make_account
from tests.hostile.conftest import stack

pytestmark = pytest.mark.integration

VALIDATION = "__422_shape__"
COUNTED = (
    USERS,
    JOB_DESCRIPTIONS,
    RESUMES,
    AUDIT_LOGS,
    LOGIN_FAILURES,
    f"{FILES_BUCKET}.files",
    f"{FILES_BUCKET}.chunks",
    "workflow_executions",
)
JD_BODY = {
    "id": "JD-1",
    "designation": "Backend Engineer",
    "description": "Python and SQL",
    "status": "active",
}


@dataclass(frozen=True)
class Bad:
    """One hostile request and the answer it must get."""

    name: str
    method: str
    path: str  # may name {alice_jd}, {bob_jd}, {bob_resume}, {bob_file}, {bob_wf}
    status: int
    detail: str  # a substring of `detail`, or VALIDATION + the field the 422 must name
    auth: str = "alice"  # a key of Ctx.auth
    json: Any = None
    content: bytes | None = None
    params: dict[str, Any] | None = None
    data: dict[str, str] | None = None
    files: dict[str, tuple[str, bytes]] | None = None
    headers: dict[str, str] = field(default_factory=dict)
    chunked: bool = False  # send `content` without a Content-Length, in 64 KB chunks


def invalid(field_name: str) -> str:
    """Expect FastAPI's 422 shape with an error whose `loc` names `field_name`."""
    return f"{VALIDATION}{field_name}"


def resume(name: str, data: bytes, status: int, detail: str, **extra: Any) -> Bad:
    """An upload of one file to `/files/upload-resume`."""
    return Bad(
        f"upload {name!r}: {detail}",
        "POST",
        "/files/upload-resume",
        status,
        detail,
        files={"file": (name, data)},
        data={"source": "direct", **extra},
    )


def zipped(parts: dict[str, bytes]) -> bytes:
    """A zip archive of these parts."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def nested_json(depth: int) -> bytes:
    """`{"jd_id": [[[...]]]}` nested `depth` levels."""
    return b'{"jd_id": ' + b"[" * depth + b"]" * depth + b"}"


TRUNCATED_PDF = samples.pdf()[:-600]
ELF = b"\x7fELF\x02\x01\x01" + b"\x00" * 200
WINDOWS_EXE = b"MZ\x90\x00" + b"\x00" * 200 + b"This program cannot be run in DOS mode"
RTF = rb"{\rtf1\ansi Jane Doe, Python developer}"

TABLE: list[Bad] = [
    # --- tokens: every missing, malformed, forged or expired token is 401 ---------------------
    Bad("no Authorization header", "GET", "/auth/me", 401, "Not authenticated", auth="none"),
    Bad("empty Authorization header", "GET", "/auth/me", 401, "Not authenticated", auth="empty"),
    Bad("Basic instead of Bearer", "GET", "/auth/me", 401, "Bearer <token>", auth="basic"),
    Bad("Bearer without a token", "GET", "/auth/me", 401, "Bearer <token>", auth="bearer-only"),
    Bad("garbage token", "GET", "/auth/me", 401, "Could not validate", auth="garbage"),
    Bad(
        "admin token signed with another secret",
        "GET",
        "/resumes",
        401,
        "Could not validate",
        auth="forged",
    ),
    Bad("expired token", "GET", "/auth/me", 401, "expired", auth="expired"),
    Bad("unsigned alg=none token", "GET", "/auth/me", 401, "Could not validate", auth="alg-none"),
    Bad(
        "token with an unknown role", "GET", "/auth/me", 401, "Could not validate", auth="bad-role"
    ),
    Bad("token without a subject", "GET", "/auth/me", 401, "Could not validate", auth="no-sub"),
    Bad(
        "valid token of a user that does not exist",
        "GET",
        "/auth/me",
        401,
        "no longer exists",
        auth="ghost",
    ),
    Bad("20 KB token", "GET", "/workflow/executions", 401, "Could not validate", auth="huge"),
    Bad(
        "upload without a token",
        "POST",
        "/files/upload-resume",
        401,
        "Not authenticated",
        auth="none",
        files={"file": ("cv.txt", samples.txt())},
    ),
    Bad(
        "workflow start with an expired token",
        "POST",
        "/matching/batch",
        401,
        "expired",
        auth="expired",
        json={"jd_id": "{alice_jd}"},
    ),
    Bad(
        "SSE with a forged ?access_token",
        "GET",
        "/workflow/executions/{bob_wf}/events",
        401,
        "Could not validate",
        auth="none",
        params={"access_token": "forged"},
    ),
    Bad(
        "guessed service token on an internal endpoint",
        "GET",
        "/internal/files/{bob_file}",
        401,
        "Could not validate",
        auth="wrong-service",
    ),
    Bad(
        "user token on an internal endpoint",
        "GET",
        "/internal/files/{bob_file}",
        403,
        "for hrflow services",
    ),
    Bad(
        "admin token on an internal endpoint",
        "GET",
        "/internal/files/{bob_file}",
        403,
        "for hrflow services",
        auth="admin",
    ),
    # --- accounts ------------------------------------------------------------------------------
    Bad(
        "login with malformed JSON",
        "POST",
        "/auth/login",
        422,
        invalid("body"),
        content=b'{"email": "a@b.co", "password": ',
        auth="none",
        headers={"Content-Type": "application/json"},
    ),
    Bad(
        "login with wrong types",
        "POST",
        "/auth/login",
        422,
        invalid("password"),
        auth="none",
        json={"email": "a@b.co", "password": ["x"]},
    ),
    Bad(
        "login with a 10 KB password",
        "POST",
        "/auth/login",
        422,
        invalid("password"),
        auth="none",
        json={"email": "a@b.co", "password": "x" * 10_000},
    ),
    Bad(
        "login body is an array",
        "POST",
        "/auth/login",
        422,
        invalid("body"),
        auth="none",
        json=[{"email": "a@b.co", "password": "x"}],
    ),
    Bad(
        "self-registration as admin",
        "POST",
        "/auth/register",
        400,
        "cannot create an admin",
        auth="none",
        json={"email": "mallory@example.com", "password": "long-enough-1", "role": "admin"},
    ),
    Bad(
        "registration with an invalid email",
        "POST",
        "/auth/register",
        422,
        invalid("email"),
        auth="none",
        json={"email": "not-an-email", "password": "long-enough-1"},
    ),
    Bad(
        "registration with a short password",
        "POST",
        "/auth/register",
        422,
        invalid("password"),
        auth="none",
        json={"email": "eve@example.com", "password": "short"},
    ),
    Bad(
        "registration of a taken email (other case, blanks)",
        "POST",
        "/auth/register",
        400,
        "already exists",
        auth="none",
        json={"email": "  {alice_email_upper}  ", "password": "long-enough-1"},
    ),
    Bad(
        "registration with a 100 KB first name",
        "POST",
        "/auth/register",
        422,
        invalid("firstName"),
        auth="none",
        json={"email": "big@example.com", "password": "long-enough-1", "firstName": "A" * 100_000},
    ),
    # --- job descriptions ----------------------------------------------------------------------
    Bad(
        "JD id with path traversal",
        "POST",
        "/job-descriptions/",
        422,
        invalid("id"),
        json={**JD_BODY, "id": "../../etc/passwd"},
    ),
    Bad(
        "JD id that is a Mongo operator",
        "POST",
        "/job-descriptions/",
        422,
        invalid("id"),
        json={**JD_BODY, "id": "$where"},
    ),
    Bad(
        "JD with an empty designation",
        "POST",
        "/job-descriptions/",
        422,
        invalid("designation"),
        json={**JD_BODY, "id": "JD-hostile-1", "designation": ""},
    ),
    Bad(
        "JD with a 150 KB description",
        "POST",
        "/job-descriptions/",
        422,
        invalid("description"),
        json={**JD_BODY, "id": "JD-hostile-2", "description": "x" * 150_000},
    ),
    Bad(
        "JD with an unknown status",
        "POST",
        "/job-descriptions/",
        422,
        invalid("status"),
        json={**JD_BODY, "id": "JD-hostile-3", "status": "bogus"},
    ),
    Bad(
        "JD designation is a query object",
        "POST",
        "/job-descriptions/",
        422,
        invalid("designation"),
        json={**JD_BODY, "id": "JD-hostile-4", "designation": {"$gt": ""}},
    ),
    Bad(
        "JD sent as a form",
        "POST",
        "/job-descriptions/",
        422,
        invalid("body"),
        data={"id": "JD-hostile-5", "designation": "x", "description": "y"},
    ),
    Bad(
        "JD with a taken id (own)",
        "POST",
        "/job-descriptions/",
        400,
        "already exists",
        json={**JD_BODY, "id": "{alice_jd}"},
    ),
    Bad(
        "JD with a taken id (someone else's)",
        "POST",
        "/job-descriptions/",
        400,
        "already exists",
        json={**JD_BODY, "id": "{bob_jd}"},
    ),
    Bad(
        "1 MB JSON body",
        "POST",
        "/job-descriptions/",
        413,
        "larger than",
        json={**JD_BODY, "id": "JD-hostile-6", "description": "x" * 1_000_000},
    ),
    Bad(
        "2 MB chunked body without a Content-Length",
        "POST",
        "/job-descriptions/",
        413,
        "larger than",
        content=b'{"description": "' + b"x" * 2_000_000 + b'"}',
        chunked=True,
        headers={"Content-Type": "application/json"},
    ),
    Bad("someone else's JD", "GET", "/job-descriptions/{bob_jd}", 404, "not found"),
    Bad(
        "update someone else's JD",
        "PUT",
        "/job-descriptions/{bob_jd}",
        404,
        "not found",
        json={"designation": "Pwned"},
    ),
    Bad("delete someone else's JD", "DELETE", "/job-descriptions/{bob_jd}", 404, "not found"),
    Bad("someone else's JD profile", "GET", "/job-descriptions/{bob_jd}/profile", 404, "not found"),
    Bad(
        "update with a wrong type",
        "PUT",
        "/job-descriptions/{alice_jd}",
        422,
        invalid("status"),
        json={"status": 5},
    ),
    Bad(
        "JD list with an unknown status",
        "GET",
        "/job-descriptions/",
        422,
        invalid("status"),
        params={"status": "bogus"},
    ),
    Bad(
        "JD list with limit=0",
        "GET",
        "/job-descriptions",
        422,
        invalid("limit"),
        params={"limit": 0},
    ),
    Bad(
        "JD list with a negative skip",
        "GET",
        "/job-descriptions",
        422,
        invalid("skip"),
        params={"skip": -1},
    ),
    Bad(
        "JD list with a 20-digit limit",
        "GET",
        "/job-descriptions",
        422,
        invalid("limit"),
        params={"limit": "9" * 20},
    ),
    Bad("a 5000-character JD id", "GET", "/job-descriptions/" + "A" * 5000, 404, "not found"),
    # --- uploads -------------------------------------------------------------------------------
    Bad(
        "upload without a file",
        "POST",
        "/files/upload-resume",
        422,
        invalid("file"),
        data={"source": "direct"},
    ),
    resume("cv.txt", b"", 422, "empty"),
    resume("cv.txt", b" \n\t\r\n   ", 422, "blank"),
    resume("cv.bin", samples.random_bytes(), 415, "not recognised"),
    resume("cv.pdf", samples.txt(), 415, "named"),
    resume("cv.pdf", WINDOWS_EXE, 415, "Windows executable"),
    resume("cv.txt", ELF, 415, "ELF executable"),
    resume("cv.rtf", RTF, 415, "RTF"),
    resume("cv.exe", samples.txt(), 415, "not accepted"),
    resume("cv.docx", samples.zip_bomb_docx(), 415, "zip bomb"),
    resume("cv.docx", zipped({"a.txt": b"hello"}), 415, "not a Word"),
    resume("cv.pdf", TRUNCATED_PDF, 422, "truncated"),
    resume("big.txt", b"a" * (UPLOAD_LIMIT + 1), 413, "larger than"),
    resume("huge.txt", b"a" * (3 * UPLOAD_LIMIT), 413, "larger than"),
    resume("../../etc/passwd.txt", samples.txt(), 400, "without directories"),
    resume("..\\..\\windows\\win.ini.txt", samples.txt(), 400, "without directories"),
    resume("/etc/passwd", samples.txt(), 400, "without directories"),
    resume("..", samples.txt(), 400, "without directories"),
    resume("cv\u202etxt.pdf", samples.txt(), 400, "control characters"),
    resume("a" * 300 + ".txt", samples.txt(), 400, "too long"),
    resume("cv.txt", samples.txt(), 422, invalid("source"), source="s" * 1000),
    Bad(
        "JD upload with a traversal id",
        "POST",
        "/files/upload-jd",
        422,
        invalid("jd_id"),
        files={"file": ("jd.txt", samples.txt())},
        data={"jd_id": "../../x", "designation": "Engineer"},
    ),
    Bad(
        "JD upload with a taken id",
        "POST",
        "/files/upload-jd",
        400,
        "already exists",
        files={"file": ("jd.txt", samples.txt())},
        data={"jd_id": "{alice_jd}", "designation": "Engineer"},
    ),
    Bad(
        "JD upload without a designation",
        "POST",
        "/files/upload-jd",
        422,
        invalid("designation"),
        files={"file": ("jd.txt", samples.txt())},
        data={"jd_id": "JD-hostile-7"},
    ),
    Bad(
        "download someone else's resume",
        "GET",
        "/files/download-resume/{bob_resume}",
        404,
        "not found",
    ),
    Bad(
        "download a resume that does not exist",
        "GET",
        "/files/download-resume/nope",
        404,
        "not found",
    ),
    # --- resumes -------------------------------------------------------------------------------
    Bad(
        "resume list with limit=100000",
        "GET",
        "/resumes/",
        422,
        invalid("limit"),
        params={"limit": 100_000},
    ),
    Bad(
        "resume list with a skip past 2**63",
        "GET",
        "/resumes",
        422,
        invalid("skip"),
        params={"skip": str(2**64)},
    ),
    Bad(
        "JD list with a skip past 2**31",
        "GET",
        "/job-descriptions",
        422,
        invalid("skip"),
        params={"skip": str(2**31)},
    ),
    Bad(
        "resume list with a non-numeric skip",
        "GET",
        "/resumes",
        422,
        invalid("skip"),
        params={"skip": "1; DROP TABLE"},
    ),
    Bad("delete someone else's resume", "DELETE", "/resumes/{bob_resume}", 404, "not found"),
    Bad("someone else's resume profile", "GET", "/resumes/{bob_resume}/profile", 404, "not found"),
    Bad("a method the route does not have", "PATCH", "/resumes", 405, "Method Not Allowed"),
    Bad("a path that does not exist", "GET", "/admin/../../etc/passwd", 404, "Not Found"),
    # --- starting workflows --------------------------------------------------------------------
    Bad(
        "10 000 resume ids in one batch",
        "POST",
        "/matching/batch",
        400,
        "at most 200",
        json={"jd_id": "{alice_jd}", "resume_ids": [f"r{i}" for i in range(10_000)]},
    ),
    Bad(
        "someone else's resume in a batch",
        "POST",
        "/matching/batch",
        404,
        "not found",
        json={"jd_id": "{alice_jd}", "resume_ids": ["{bob_resume}"]},
    ),
    Bad(
        "someone else's JD in a batch",
        "POST",
        "/matching/batch",
        404,
        "not found",
        json={"jd_id": "{bob_jd}"},
    ),
    Bad(
        "a JD that does not exist",
        "POST",
        "/matching/batch",
        404,
        "not found",
        json={"jd_id": "JD-0"},
    ),
    Bad(
        "batch without jd_id",
        "POST",
        "/matching/batch",
        422,
        invalid("jd_id"),
        json={"resume_ids": []},
    ),
    Bad(
        "batch with a 10 000-character jd_id",
        "POST",
        "/matching/batch",
        422,
        invalid("jd_id"),
        json={"jd_id": "J" * 10_000},
    ),
    Bad(
        "resume_ids is a string",
        "POST",
        "/matching/batch",
        422,
        invalid("resume_ids"),
        json={"jd_id": "{alice_jd}", "resume_ids": "{alice_resume}"},
    ),
    Bad(
        "resume_ids holds a query object",
        "POST",
        "/matching/batch",
        422,
        invalid("resume_ids"),
        json={"jd_id": "{alice_jd}", "resume_ids": [{"$ne": None}]},
    ),
    Bad(
        "force_reprocess is not a boolean",
        "POST",
        "/matching/batch",
        422,
        invalid("force_reprocess"),
        json={"jd_id": "{alice_jd}", "force_reprocess": "maybe"},
    ),
    Bad(
        "batch body is null",
        "POST",
        "/matching/batch",
        422,
        invalid("body"),
        content=b"null",
        headers={"Content-Type": "application/json"},
    ),
    Bad(
        "batch body is not UTF-8",
        "POST",
        "/matching/batch",
        400,
        "error parsing the body",
        content=b'{"jd_id": "\xff\xfe"}',
        headers={"Content-Type": "application/json"},
    ),
    Bad(
        "batch body nested 50 000 deep",
        "POST",
        "/matching/batch",
        400,
        "error parsing",
        content=nested_json(50_000),
        headers={"Content-Type": "application/json"},
    ),
    # --- results -------------------------------------------------------------------------------
    Bad(
        "top matches with limit=0",
        "GET",
        "/matching/top-matches/{alice_jd}",
        422,
        invalid("limit"),
        params={"limit": 0},
    ),
    Bad(
        "top matches with limit=501",
        "GET",
        "/matching/top-matches/{alice_jd}",
        422,
        invalid("limit"),
        params={"limit": 501},
    ),
    Bad(
        "top matches of someone else's JD",
        "GET",
        "/matching/top-matches/{bob_jd}",
        404,
        "not found",
    ),
    Bad("results of someone else's JD", "GET", "/matching/results/{bob_jd}", 404, "not found"),
    Bad(
        "a result that does not exist",
        "GET",
        "/matching/result/{bob_wf}/{bob_resume}",
        404,
        "No result",
    ),
    # --- workflow history and control ----------------------------------------------------------
    Bad(
        "history with limit=0",
        "GET",
        "/workflow/executions",
        422,
        invalid("limit"),
        params={"limit": 0},
    ),
    Bad(
        "history with limit=201",
        "GET",
        "/workflow/executions",
        422,
        invalid("limit"),
        params={"limit": 201},
    ),
    Bad(
        "history with a negative skip",
        "GET",
        "/workflow/executions",
        422,
        invalid("skip"),
        params={"skip": -5},
    ),
    Bad(
        "history with a 30-digit skip",
        "GET",
        "/workflow/executions",
        422,
        invalid("skip"),
        params={"skip": "9" * 30},
    ),
    Bad(
        "a workflow id that climbs to another tracker route",
        "GET",
        "/workflow/status",
        404,
        "not found",
        params={"workflow_id": "../reports/summary"},
    ),
    Bad(
        "a workflow id with a query string",
        "GET",
        "/workflow/status",
        404,
        "not found",
        params={"workflow_id": "{bob_wf}?started_by=x"},
    ),
    Bad(
        "a workflow id with a control character",
        "DELETE",
        "/workflow/executions/WF-1%0A2",
        404,
        "not found",
    ),
    Bad(
        "a workflow id with a percent sign",
        "POST",
        "/workflow/executions/WF-%25zz/cancel",
        404,
        "not found",
    ),
    Bad("someone else's execution", "GET", "/workflow/executions/{bob_wf}", 404, "not found"),
    Bad(
        "someone else's workflow status",
        "GET",
        "/workflow/status",
        404,
        "not found",
        params={"workflow_id": "{bob_wf}"},
    ),
    Bad(
        "delete someone else's execution",
        "DELETE",
        "/workflow/executions/{bob_wf}",
        404,
        "not found",
    ),
    Bad(
        "cancel someone else's workflow",
        "POST",
        "/workflow/executions/{bob_wf}/cancel",
        404,
        "not found",
    ),
    Bad(
        "someone else's live events",
        "GET",
        "/workflow/executions/{bob_wf}/events",
        404,
        "not found",
    ),
    Bad(
        "an execution that does not exist",
        "GET",
        "/workflow/executions/WF-1-nope",
        404,
        "not found",
    ),
    Bad(
        "status override by a recruiter",
        "PUT",
        "/workflow/executions/{bob_wf}/status",
        403,
        "Only administrators",
        json={"status": "failed"},
    ),
    Bad(
        "status override with an unknown field",
        "PUT",
        "/workflow/executions/{bob_wf}/status",
        422,
        invalid("started_by"),
        auth="admin",
        json={"status": "failed", "started_by": "x"},
    ),
    Bad(
        "status override with an empty status",
        "PUT",
        "/workflow/executions/{bob_wf}/status",
        422,
        invalid("status"),
        auth="admin",
        json={"status": ""},
    ),
    # --- dashboard -----------------------------------------------------------------------------
    Bad(
        "recent activity with limit=0",
        "GET",
        "/audit-logs/recent",
        422,
        invalid("limit"),
        params={"limit": 0},
    ),
    Bad(
        "recent activity with a non-numeric limit",
        "GET",
        "/audit-logs/recent",
        422,
        invalid("limit"),
        params={"limit": "four"},
    ),
]


@dataclass
class Ctx:
    """The seeded records and the Authorization header of each `auth` key."""

    ids: dict[str, str]
    auth: dict[str, str | None]

    def fill(self, value: Any) -> Any:
        """`value` with every `{name}` placeholder replaced by the seeded id."""
        if isinstance(value, str):
            for key, real in self.ids.items():
                value = value.replace("{" + key + "}", real)
            return value
        if isinstance(value, list):
            return [self.fill(v) for v in value]
        if isinstance(value, dict):
            return {k: self.fill(v) for k, v in value.items()}
        if isinstance(value, tuple):
            return tuple(self.fill(v) for v in value)
        return value


def _token(
    settings: Settings, secret: str | None = None, algorithm: str = "HS256", **claims: Any
) -> str:
    now = utcnow()
    body = {
        "sub": "someone",
        "role": "recruiter",
        "email": "x@example.com",
        "iat": now,
        "exp": now + timedelta(minutes=10),
        **claims,
    }
    body = {k: v for k, v in body.items() if v is not None}
    return jwt.encode(body, secret or settings.jwt_secret, algorithm=algorithm)


def _unsigned(claims: dict[str, Any]) -> str:
    def part(obj: dict[str, Any]) -> str:
        return base64.urlsafe_b64encode(json.dumps(obj).encode()).rstrip(b"=").decode()

    return f"{part({'alg': 'none', 'typ': 'JWT'})}.{part(claims)}."


def auth_headers(settings: Settings, alice: User, admin: User) -> dict[str, str | None]:
    """Every Authorization header the table uses (None: the header is left out)."""
    exp = int((utcnow() + timedelta(minutes=10)).timestamp())
    return {
        "alice": f"Bearer {alice.token}",
        "admin": f"Bearer {admin.token}",
        "none": None,
        "empty": "",
        "basic": "Basic " + base64.b64encode(f"{alice.email}:correct-horse-1".encode()).decode(),
        "bearer-only": "Bearer ",
        "garbage": "Bearer abc.def.ghi",
        "forged": "Bearer "
        + _token(settings, secret="not-the-secret" * 3, sub=admin.id, role="admin"),
        "expired": "Bearer " + _token(settings, sub=alice.id, exp=utcnow() - timedelta(minutes=1)),
        "alg-none": "Bearer " + _unsigned({"sub": admin.id, "role": "admin", "exp": exp}),
        "bad-role": "Bearer " + _token(settings, sub=alice.id, role="superuser"),
        "no-sub": "Bearer " + _token(settings, sub=None),
        "ghost": "Bearer " + _token(settings, sub="no-such-user"),
        "huge": "Bearer " + "A" * 20_000,
        "wrong-service": "Bearer " + settings.service_token[::-1] + "x",
    }


async def seed(client: httpx.AsyncClient, alice: User, bob: User) -> dict[str, str]:
    """A JD and a resume for alice and bob, and a running workflow of bob's."""
    ids: dict[str, str] = {"alice_email_upper": alice.email.upper()}
    for who, user in (("alice", alice), ("bob", bob)):
        jd_id = f"JD-{who}-{user.id[:8]}"
        made = await client.post(
            "/job-descriptions/",
            headers=user.headers,
            json={
                **JD_BODY,
                "id": jd_id,
                "description": "Python, SQL and 3+ years of backend work.",
            },
        )
        assert made.status_code == 201, made.text
        up = await client.post(
            "/files/upload-resume",
            headers=user.headers,
            files={"file": (f"{who}.txt", samples.txt())},
            data={"source": "direct"},
        )
        assert up.status_code == 201, up.text
        ids[f"{who}_jd"], ids[f"{who}_resume"] = jd_id, up.json()["resume_id"]
        ids[f"{who}_file"] = up.json()["file_id"]
    started = await client.post(
        "/matching/batch", headers=bob.headers, json={"jd_id": ids["bob_jd"]}
    )
    assert started.status_code == 202, started.text
    ids["bob_wf"] = started.json()["data"]["workflow_id"]
    async with asyncio.timeout(20):  # the tracker has consumed the start event
        while True:
            execution = await client.get(
                f"/workflow/executions/{ids['bob_wf']}", headers=bob.headers
            )
            if execution.json().get("status") == "in_progress":
                break
            await asyncio.sleep(0.05)
    return ids


def published_total() -> float:
    """Messages this process has published and had confirmed, all types."""
    return sum(
        sample.value
        for metric in MESSAGES_PUBLISHED.collect()
        for sample in metric.samples
        if sample.name.endswith("_total")
    )


async def snapshot(mongo: Mongo, settings: Settings) -> dict[str, float]:
    """Document counts, agent queue depths and the published-message counter."""
    counts: dict[str, float] = {
        name: await mongo.collection(name).count_documents({}) for name in COUNTED
    }
    topology = Topology.from_settings(settings)
    connection = await aio_pika.connect(settings.amqp_url)
    try:
        channel = await connection.channel()
        for group in GROUPS:
            if group == "tracker":  # consumed by the tracker app: the counter covers it
                continue
            queue = await channel.declare_queue(topology.work_queue(group), passive=True)
            counts[f"queue {group}"] = queue.declaration_result.message_count or 0
    finally:
        await connection.close()
    counts["published"] = published_total()
    return counts


def check(row: Bad, response: httpx.Response) -> list[str]:
    """What is wrong with the answer to `row` (empty when it is right)."""
    problems = []
    if response.status_code != row.status:
        problems.append(f"status {response.status_code}, expected {row.status}")
    try:
        detail = response.json().get("detail")
    except (ValueError, AttributeError):
        return [*problems, f"not a JSON object: {response.text[:200]!r}"]
    if row.detail.startswith(VALIDATION):
        wanted = row.detail.removeprefix(VALIDATION)
        shaped = (
            isinstance(detail, list)
            and detail
            and all(isinstance(e, dict) and {"loc", "msg", "type"} <= e.keys() for e in detail)
        )
        if not shaped:
            problems.append(f"not FastAPI's 422 shape: {detail!r:.300}")
        elif not any(wanted in [str(p) for p in e["loc"]] for e in detail):
            problems.append(f"no error names {wanted!r}: {[e['loc'] for e in detail]}")
    elif not isinstance(detail, str) or row.detail.lower() not in detail.lower():
        problems.append(f"detail {detail!r:.300} lacks {row.detail!r}")
    return problems


async def chunks(data: bytes, size: int = 64 * 1024) -> AsyncIterator[bytes]:
    """`data` as a chunked body (no Content-Length for the server to check up front)."""
    for start in range(0, len(data), size):
        yield data[start : start + size]


async def send(client: httpx.AsyncClient, ctx: Ctx, row: Bad) -> httpx.Response:
    """Send one row's request."""
    headers = dict(row.headers)
    auth = ctx.auth[row.auth]
    if auth is not None:
        headers["Authorization"] = auth
    kwargs: dict[str, Any] = {"headers": headers}
    if row.json is not None:
        kwargs["json"] = ctx.fill(row.json)
    if row.content is not None:
        kwargs["content"] = chunks(row.content) if row.chunked else row.content
    if row.params is not None:
        kwargs["params"] = ctx.fill(row.params)
    if row.data is not None:
        kwargs["data"] = ctx.fill(row.data)
    if row.files is not None:
        kwargs["files"] = row.files
    return await client.request(row.method, ctx.fill(row.path), **kwargs)


def test_the_table_is_big_and_names_are_unique() -> None:
    assert len(TABLE) >= 40
    assert len({row.name for row in TABLE}) == len(TABLE)
    assert all(400 <= row.status < 500 for row in TABLE)


async def test_bad_requests_get_a_clear_4xx_and_store_nothing(
    fresh_settings: Settings, subtests: Any
) -> None:
    settings = gateway_settings(fresh_settings)
    mongo = Mongo(settings)
    try:
        async with stack(settings) as client:
            alice, bob, admin = [
                await make_account(mongo, settings, role)
                for role in ("recruiter", "recruiter", "admin")
            ]
            ctx = Ctx(await seed(client, alice, bob), auth_headers(settings, alice, admin))
            before = await snapshot(mongo, settings)
            bob_jd = (
                await client.get(f"/job-descriptions/{ctx.ids['bob_jd']}", headers=bob.headers)
            ).json()
            failures: list[str] = []
            for row in TABLE:
                with subtests.test(msg=row.name):
                    async with asyncio.timeout(30):
                        response = await send(client, ctx, row)
                    problems = check(row, response)
                    if problems:
                        failures.append(f"{row.name}: {'; '.join(problems)}")
                    assert not problems, problems
            assert not failures, "\n".join(failures)

            # The server is still healthy and still serves a good request.
            assert (await client.get("/health")).status_code == 200
            me = await client.get("/auth/me", headers=alice.headers)
            assert me.status_code == 200 and me.json()["id"] == alice.id
            # Nothing was stored, changed or published.
            after = await snapshot(mongo, settings)
            assert after == before
            again = await client.get(f"/job-descriptions/{ctx.ids['bob_jd']}", headers=bob.headers)
            assert again.json() == bob_jd
            execution = await client.get(
                f"/workflow/executions/{ctx.ids['bob_wf']}", headers=bob.headers
            )
            assert execution.json()["status"] == "in_progress"
    finally:
        mongo.close()
