"""Relay a workflow's live events from the tracker to a browser, within the stream caps."""

from __future__ import annotations

from collections.abc import AsyncIterator

from fastapi.responses import StreamingResponse

from gateway.state import AppState


async def relay_events(
    state: AppState, auth: str, user_id: str, workflow_id: str
) -> StreamingResponse:
    """The tracker's SSE stream of one workflow as a streaming response; the caller's stream
    slot is taken here and given back when the browser goes away (429 past the caps)."""
    state.streams.take(user_id)
    try:
        opened = state.tracker.events(auth, workflow_id)
        upstream = await opened.__aenter__()  # errors (404, 503) surface before streaming
    except BaseException:
        state.streams.give_back(user_id)
        raise

    async def relay() -> AsyncIterator[bytes]:
        try:
            async for chunk in upstream.aiter_raw():
                yield chunk
        finally:
            state.streams.give_back(user_id)
            await opened.__aexit__(None, None, None)

    return StreamingResponse(
        relay(),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
    )
