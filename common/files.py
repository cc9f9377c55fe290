"""Reading uploaded files through the gateway's internal API (the gateway owns GridFS)."""

from __future__ import annotations

import httpx

from common.errors import NotFound, PermanentError, TransientError
from common.settings import Settings


class FileClient:
    """Fetches an uploaded file's bytes from `GET {GATEWAY_URL}/internal/files/{file_id}`."""

    def __init__(self, settings: Settings, client: httpx.AsyncClient | None = None) -> None:
        self._client = client or httpx.AsyncClient(
            base_url=settings.gateway_url,
            headers={"Authorization": f"Bearer {settings.service_token}"},
            timeout=httpx.Timeout(30.0, connect=5.0),
        )

    async def read(self, file_id: str) -> bytes:
        """The file's bytes; `NotFound` if the gateway has no such file, else `TransientError`."""
        try:
            response = await self._client.get(f"/internal/files/{file_id}")
        except httpx.HTTPError as exc:
            raise TransientError(f"gateway unreachable for file {file_id}: {exc!r}") from exc
        if response.status_code == 404:
            raise NotFound(f"file {file_id} does not exist (deleted?)")
        if response.status_code in (401, 403):
            raise PermanentError(f"gateway refused the service token ({response.status_code})")
        if response.status_code >= 400:
            raise TransientError(f"gateway answered {response.status_code} for file {file_id}")
        return response.content

    async def close(self) -> None:
        """Close the HTTP client."""
        await self._client.aclose()
