"""A small HTTP client of the gateway, used by `hrflow run`, `make demo` and the benchmarks."""

from __future__ import annotations

import json
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from typing import Any

import httpx

from common.timeutil import epoch_ms

TERMINAL = ("completed", "failed", "cancelled")


class GatewayError(RuntimeError):
    """The gateway answered with an error status."""


@dataclass
class HrflowClient:
    """Calls the gateway as the React frontend does."""

    base_url: str
    token: str | None = None
    timeout_s: float = 30.0

    def __post_init__(self) -> None:
        self._http = httpx.AsyncClient(base_url=self.base_url, timeout=self.timeout_s)

    async def close(self) -> None:
        """Close the HTTP connection pool."""
        await self._http.aclose()

    async def sign_in(
        self, email: str, password: str, first_name: str = "Demo", last_name: str = "User"
    ) -> dict[str, Any]:
        """Log in, registering the account first when it does not exist yet."""
        response = await self._http.post("/auth/login", json={"email": email, "password": password})
        if response.status_code == 401:
            await self._call(
                "POST",
                "/auth/register",
                json={
                    "email": email,
                    "password": password,
                    "firstName": first_name,
                    "lastName": last_name,
                    "role": "recruiter",
                },
            )
            response = await self._http.post(
                "/auth/login", json={"email": email, "password": password}
            )
        body = _checked(response)
        self.token = body["access_token"]
        return body["user"]

    async def create_jd(self, designation: str, description: str) -> str:
        """Create a JD from text, with an id made the way the frontend makes it."""
        jd_id = f"JD-{epoch_ms()}"
        await self._call(
            "POST",
            "/job-descriptions/",
            json={
                "id": jd_id,
                "designation": designation,
                "description": description,
                "status": "active",
            },
        )
        return jd_id

    async def upload_jd(self, filename: str, data: bytes, designation: str) -> str:
        """Create a JD from a file."""
        jd_id = f"JD-{epoch_ms()}"
        await self._call(
            "POST",
            "/files/upload-jd",
            files={"file": (filename, data)},
            data={"jd_id": jd_id, "designation": designation},
        )
        return jd_id

    async def upload_resume(self, filename: str, data: bytes) -> str:
        """Upload one resume; returns its id (the existing one for a duplicate)."""
        body = await self._call(
            "POST",
            "/files/upload-resume",
            files={"file": (filename, data)},
            data={"source": "direct"},
        )
        return body["resume_id"]

    async def start(self, jd_id: str, resume_ids: list[str], force_reprocess: bool = False) -> str:
        """Start a workflow; returns its id."""
        body = await self._call(
            "POST",
            "/matching/batch",
            json={"jd_id": jd_id, "resume_ids": resume_ids, "force_reprocess": force_reprocess},
        )
        return body["data"]["workflow_id"]

    async def execution(self, workflow_id: str) -> dict[str, Any]:
        """The workflow execution document."""
        return await self._call("GET", f"/workflow/executions/{workflow_id}")

    async def follow(
        self,
        workflow_id: str,
        on_update: Callable[[dict[str, Any]], None],
        timeout_s: float = 900.0,
    ) -> dict[str, Any]:
        """Follow the live event stream until the workflow ends; polls if the stream breaks."""
        deadline = time.monotonic() + timeout_s
        latest: dict[str, Any] = {}
        try:
            async for execution in self._events(workflow_id, timeout_s):
                latest = execution
                on_update(execution)
                if execution.get("status") in TERMINAL:
                    return execution
        except httpx.HTTPError:
            pass
        while time.monotonic() < deadline:
            latest = await self.execution(workflow_id)
            on_update(latest)
            if latest.get("status") in TERMINAL:
                return latest
            await _sleep(1.0)
        raise TimeoutError(f"{workflow_id} still {latest.get('status')} after {timeout_s:.0f} s")

    async def top_matches(self, jd_id: str, limit: int = 200) -> list[dict[str, Any]]:
        """The ranked results for a JD."""
        body = await self._call("GET", f"/matching/top-matches/{jd_id}", params={"limit": limit})
        return body["top_matches"]

    async def result(self, workflow_id: str, resume_id: str) -> dict[str, Any]:
        """One explained score."""
        return await self._call("GET", f"/matching/result/{workflow_id}/{resume_id}")

    async def _events(self, workflow_id: str, timeout_s: float) -> AsyncIterator[dict[str, Any]]:
        timeout = httpx.Timeout(timeout_s, connect=10.0)
        async with self._http.stream(
            "GET",
            f"/workflow/executions/{workflow_id}/events",
            headers=self._auth(),
            timeout=timeout,
        ) as response:
            if response.status_code != 200:
                raise httpx.HTTPError(f"event stream answered {response.status_code}")
            data: list[str] = []
            async for line in response.aiter_lines():
                if line.startswith("data:"):
                    data.append(line[5:].strip())
                elif not line and data:
                    payload = json.loads("\n".join(data))
                    data.clear()
                    if isinstance(payload, dict) and "workflow_id" in payload:
                        yield payload

    async def _call(self, method: str, path: str, **kwargs: Any) -> Any:
        response = await self._http.request(method, path, headers=self._auth(), **kwargs)
        return _checked(response)

    def _auth(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"} if self.token else {}


def _checked(response: httpx.Response) -> Any:
    if response.status_code >= 400:
        try:
            detail = response.json().get("detail")
        except ValueError:
            detail = response.text[:300]
        raise GatewayError(
            f"{response.request.method} {response.request.url.path} → "
            f"{response.status_code}: {detail}"
        )
    return response.json()


async def _sleep(seconds: float) -> None:
    import asyncio

    await asyncio.sleep(seconds)
