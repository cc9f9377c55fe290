"""Small builders shared by the broker tests."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

from common.messages import ResumeExtracted
from common.timeutil import utcnow


def extracted(workflow_id: str, resume_id: str, text: str = "Python developer") -> ResumeExtracted:
    """A valid `resume.extracted` event."""
    return ResumeExtracted(
        workflow_id=workflow_id,
        resume_id=resume_id,
        text=text,
        text_sha256="0" * 64,
        started_at=utcnow(),
        duration_ms=1.0,
    )


async def wait_until(
    predicate: Callable[[], Awaitable[bool]] | Callable[[], bool],
    timeout_s: float = 15.0,
    what: str = "condition",
) -> None:
    """Poll `predicate` every 50 ms until true, or fail after `timeout_s`."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout_s
    while True:
        result = predicate()
        if asyncio.iscoroutine(result):
            result = await result
        if result:
            return
        if loop.time() > deadline:
            raise AssertionError(f"timed out after {timeout_s} s waiting for {what}")
        await asyncio.sleep(0.05)
