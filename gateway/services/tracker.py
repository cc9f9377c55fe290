"""The tracker's HTTP API, as the gateway calls it (one shared `httpx.AsyncClient`).

User calls forward the caller's own `Authorization` header, so the tracker applies its own
ownership rules; the gateway's internal calls (creating or removing a pending record) use the
service token. Transport failures become `TransientError` (HTTP 503); the tracker's 404 becomes
`NotFound`; its other 4xx answers are passed on with their `detail`.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress
from typing import Any
from urllib.parse import quote

import httpx
from fastapi import HTTPException

from common.errors import NotFound, TransientError
from common.settings import Settings

IN_FLIGHT = ("pending", "in_progress")
TERMINAL = ("completed", "failed", "cancelled")
STATUSES = (*IN_FLIGHT, *TERMINAL)
# What a workflow id can look like (`WF-<epoch ms>-<random>`, with room for other schemes).
WORKFLOW_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$")


def execution_path(workflow_id: str, suffix: str = "") -> str:
    """`/executions/<id><suffix>`; an id that no workflow can have is `NotFound` right away.

    The id comes from the caller's URL: quoting it keeps `?`, `#`, `/`, `..` and control
    characters from changing the tracker call (or making an invalid URL, a 500).
    """
    if not WORKFLOW_ID_RE.match(workflow_id):
        raise NotFound(f"Workflow {workflow_id[:100]!r} not found")
    return f"/executions/{quote(workflow_id, safe='')}{suffix}"


class TrackerClient:
    """Typed calls to the tracker's `/executions` API."""

    def __init__(
        self,
        http: httpx.AsyncClient,
        settings: Settings,
        streams: httpx.AsyncClient | None = None,
    ) -> None:
        self._http = http
        # Live streams hold their connection for minutes: they get a client of their own, so
        # they never take the connections every other tracker-backed route needs.
        self._streams = streams or http
        self._service_auth = f"Bearer {settings.service_token}"

    async def create_pending(self, record: dict[str, Any]) -> dict[str, Any]:
        """Create the `pending` execution record (idempotent at the tracker)."""
        return await self._call("POST", "/executions", self._service_auth, json=record)

    async def delete_as_service(self, workflow_id: str) -> None:
        """Remove a record the gateway created (when publishing its workflow failed)."""
        with suppress(NotFound):
            await self._call("DELETE", execution_path(workflow_id), self._service_auth)

    async def count_in_flight(self, user_id: str) -> int:
        """How many of the user's workflows are pending or in progress."""
        page = await self._call(
            "GET",
            "/executions",
            self._service_auth,
            params={"started_by": user_id, "status": ",".join(IN_FLIGHT), "limit": 1},
        )
        return int(page.get("total", 0))

    async def list(self, auth: str, params: dict[str, Any]) -> dict[str, Any]:
        """`{items, total, skip, limit}` of executions visible to `auth`."""
        clean = {k: v for k, v in params.items() if v is not None}
        return await self._call("GET", "/executions", auth, params=clean)

    async def get(self, auth: str, workflow_id: str) -> dict[str, Any]:
        """One execution document."""
        return await self._call("GET", execution_path(workflow_id), auth)

    async def resumes(self, auth: str, workflow_id: str, params: dict[str, Any]) -> dict[str, Any]:
        """`{items, total, skip, limit}`: each resume's stage and outcome in one workflow."""
        clean = {k: v for k, v in params.items() if v is not None}
        return await self._call("GET", execution_path(workflow_id, "/resumes"), auth, params=clean)

    async def report(self, auth: str, kind: str, params: dict[str, Any]) -> dict[str, Any]:
        """`/reports/summary`, `/reports/agents` or `/reports/overview` (all three at once) for
        what `auth` may see."""
        if kind not in ("summary", "agents", "overview"):
            raise ValueError(f"no report {kind!r}")
        clean = {k: v for k, v in params.items() if v is not None}
        return await self._call("GET", f"/reports/{kind}", auth, params=clean)

    async def delete(self, auth: str, workflow_id: str) -> dict[str, Any]:
        """Delete one execution (owner or admin)."""
        return await self._call("DELETE", execution_path(workflow_id), auth)

    async def set_status(self, auth: str, workflow_id: str, body: dict[str, Any]) -> dict[str, Any]:
        """Operators' status override."""
        return await self._call("PUT", execution_path(workflow_id, "/status"), auth, json=body)

    async def cancel(self, auth: str, workflow_id: str) -> dict[str, Any]:
        """Ask the tracker to cancel a workflow."""
        return await self._call("POST", execution_path(workflow_id, "/cancel"), auth)

    @asynccontextmanager
    async def events(self, auth: str, workflow_id: str) -> AsyncIterator[httpx.Response]:
        """The tracker's live SSE stream for one workflow (an open streaming response)."""
        request = self._streams.build_request(
            "GET",
            execution_path(workflow_id, "/events"),
            headers={"Authorization": auth, "Accept": "text/event-stream"},
            timeout=httpx.Timeout(10.0, read=None),
        )
        try:
            response = await self._streams.send(request, stream=True)
        except httpx.HTTPError as exc:
            raise TransientError(f"The workflow tracker is unavailable: {exc}") from exc
        try:
            if response.status_code >= 400:
                await response.aread()
                _raise_for(response)
            yield response
        finally:
            await response.aclose()

    async def _call(self, method: str, path: str, auth: str, **kwargs: Any) -> Any:
        try:
            response = await self._http.request(
                method, path, headers={"Authorization": auth}, **kwargs
            )
        except httpx.HTTPError as exc:
            raise TransientError(f"The workflow tracker is unavailable: {exc}") from exc
        if response.status_code >= 400:
            _raise_for(response)
        if response.status_code == 204 or not response.content:
            return {}
        return response.json()


def _raise_for(response: httpx.Response) -> None:
    detail = _detail(response)
    if response.status_code == 404:
        raise NotFound(detail or "Workflow not found")
    if response.status_code >= 500:
        raise TransientError(f"The workflow tracker failed: {detail or response.status_code}")
    raise HTTPException(response.status_code, detail or "The workflow tracker refused the call")


def _detail(response: httpx.Response) -> str:
    try:
        body = response.json()
    except ValueError:
        return response.text[:300]
    if isinstance(body, dict):
        detail = body.get("detail") or body.get("message")
        return detail if isinstance(detail, str) else str(detail or "")
    return ""
