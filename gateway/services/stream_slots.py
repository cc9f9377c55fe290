"""Caps on open server-sent-event streams, per user and per gateway process.

Every relayed `GET /workflow/executions/{id}/events` holds a connection to the tracker for as
long as the browser keeps it open. Streams have their own HTTP client (so they never take the
connections the other tracker-backed routes use), and a user may hold at most
`SSE_MAX_STREAMS_PER_USER` of them, the process at most `SSE_MAX_STREAMS`: beyond, a 429 with a
`detail` that says which limit and a `Retry-After`.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from fastapi import HTTPException, status


@dataclass
class StreamSlots:
    """Open streams by user, in this process (asyncio: no lock needed between awaits)."""

    per_user: int
    total: int
    open: Counter[str] = field(default_factory=Counter)

    def take(self, user: str) -> None:
        """Hold one slot for `user`, or raise a 429 that says which cap was reached."""
        if self.open[user] >= self.per_user:
            raise HTTPException(
                status.HTTP_429_TOO_MANY_REQUESTS,
                f"Too many open event streams for this account ({self.per_user} at most); "
                "close one (a browser tab) before opening another",
                headers={"Retry-After": "5"},
            )
        if sum(self.open.values()) >= self.total:
            raise HTTPException(
                status.HTTP_429_TOO_MANY_REQUESTS,
                f"The gateway holds its limit of {self.total} open event streams; "
                "try again shortly or poll GET /workflow/status",
                headers={"Retry-After": "5"},
            )
        self.open[user] += 1

    def give_back(self, user: str) -> None:
        """Release a slot taken by `take`."""
        self.open[user] -= 1
        if self.open[user] <= 0:
            del self.open[user]
