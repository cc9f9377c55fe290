"""Console pages of the broker (admins): queue depths live, and each dead-letter queue's
messages grouped by workflow and reason, with replay and purge — through `common.broker.dlq`,
the code behind `hrflow dlq` and `/admin/dead-letters`."""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import RedirectResponse, Response

from common.broker.dlq import DeadLetter, DeadLetters
from common.broker.queue_stats import QueueStatsSampler
from common.broker.topology import GROUPS, Topology
from gateway.api.deps import StateDep
from gateway.console import session
from gateway.console.render import page
from gateway.console.session import AdminDep
from gateway.console.workflows import DEAD_NOW

router = APIRouter(prefix=session.PATH, include_in_schema=False)

WORKFLOW_PATTERN = r"^(|WF-\d{13}-[0-9a-z]{10})$"
SHOWN_LETTERS = 500
NOTICES = {
    "replayed": "Sent back to the work queue",
    "purged": "Deleted",
    "nothing": "Nothing matched",
}


@dataclass
class DepthRates:
    """Change of each queue's depth per second between this process's last two samples."""

    last: dict[str, tuple[float, int]] = field(default_factory=dict)

    def observe(self, depths: dict[str, int], now: float) -> dict[str, float | None]:
        rates: dict[str, float | None] = {}
        for name, depth in depths.items():
            before = self.last.get(name)
            span = now - before[0] if before else 0.0
            rates[name] = (depth - before[1]) / span if before and span > 0.5 else None
            if before is None or span > 0.5:
                self.last[name] = (now, depth)
        return rates


RATES = DepthRates()


@dataclass(frozen=True)
class GroupRow:
    """One consumer group's queues at a glance."""

    group: str
    work: str
    depth: int | None
    consumers: int | None
    rate: float | None
    retrying: int
    dead: int
    oldest_dead_s: float | None


async def _group_rows(state: StateDep) -> list[GroupRow]:
    topology = Topology.from_settings(state.settings)
    stats = await QueueStatsSampler(state.settings).sample_once()
    rates = RATES.observe({name: depth for name, (depth, _) in stats.items()}, time.monotonic())
    dead = {d.group: d for d in await DeadLetters(state.settings).depths()}
    rows = []
    for group in (*GROUPS,):
        work = topology.work_queue(group)
        depth, consumers = stats.get(work, (None, None))
        retrying = sum(n for name, (n, _) in stats.items() if name.startswith(f"{work}.retry."))
        letters = dead.get(group)
        rows.append(
            GroupRow(
                group,
                work,
                depth,
                consumers,
                rates.get(work),
                retrying,
                letters.depth if letters else 0,
                letters.oldest_age_s if letters else None,
            )
        )
    return rows


@router.get("/queues")
async def queues(
    request: Request, state: StateDep, signed: AdminDep, fragment: bool = False
) -> Response:
    """Every consumer group's work, retry and dead-letter queues, refreshed live."""
    context = {"session": signed, "rows": await _group_rows(state)}
    return page(request, "_queue_rows.html" if fragment else "queues.html", context)


@dataclass(frozen=True)
class LetterGroup:
    """Dead letters of one workflow that failed for one reason."""

    workflow_id: str
    reason: str
    count: int
    first: str | None
    last: str | None


def _grouped(letters: list[DeadLetter]) -> list[LetterGroup]:
    counts = Counter((d.workflow_id or "", d.reason or "unknown") for d in letters)
    out = []
    for (workflow_id, reason), count in counts.most_common():
        times = sorted(
            d.failed_at or ""
            for d in letters
            if (d.workflow_id or "", d.reason or "unknown") == (workflow_id, reason)
        )
        out.append(LetterGroup(workflow_id, reason, count, times[0] or None, times[-1] or None))
    return out


def _group_of(group: str) -> str:
    if group not in GROUPS:
        raise HTTPException(
            404, f"No dead-letter queue {group[:60]!r}; groups: {', '.join(GROUPS)}"
        )
    return group


@router.get("/queues/{group}")
async def dead_letters(request: Request, group: str, state: StateDep, signed: AdminDep) -> Response:
    """One dead-letter queue: its messages grouped by workflow and reason, each inspectable."""
    letters = await DeadLetters(state.settings).show(_group_of(group), None, limit=None)
    context: dict[str, Any] = {
        "session": signed,
        "group": group,
        "total": len(letters),
        "groups": _grouped(letters),
        "letters": letters[:SHOWN_LETTERS],
        "shown": min(len(letters), SHOWN_LETTERS),
        "notice": NOTICES.get(request.query_params.get("notice", "")),
        "count": request.query_params.get("count", ""),
    }
    return page(request, "dead_letters.html", context)


def _back(group: str, notice: str, count: int) -> RedirectResponse:
    query = urlencode({"notice": notice if count else "nothing", "count": count})
    return RedirectResponse(f"{session.PATH}/queues/{group}?{query}", status_code=303)


WorkflowField = Annotated[str, Form(pattern=WORKFLOW_PATTERN)]


@router.post("/queues/{group}/replay")
async def replay(
    request: Request,
    group: str,
    state: StateDep,
    signed: session.FormSession,
    workflow: WorkflowField = "",
) -> Response:
    """Replay one workflow's dead letters of this queue, or all of them."""
    if not signed.is_admin:
        raise HTTPException(403, "Only administrators may replay dead letters")
    done = await DeadLetters(state.settings).replay(_group_of(group), workflow or None)
    DEAD_NOW.forget(workflow or None)
    details = {"group": group, "workflow": workflow or None, "count": len(done)}
    await session.record(request, state, signed, "dlq_replay", "queue", group, details)
    return _back(group, "replayed", len(done))


@router.post("/queues/{group}/purge")
async def purge(
    request: Request,
    group: str,
    state: StateDep,
    signed: session.FormSession,
    workflow: WorkflowField = "",
    confirm: Annotated[str, Form()] = "",
) -> Response:
    """Delete one workflow's dead letters of this queue, or all, once confirmed."""
    if not signed.is_admin:
        raise HTTPException(403, "Only administrators may purge dead letters")
    if confirm != "yes":
        raise HTTPException(422, "Tick the confirmation box to delete these dead letters")
    count = await DeadLetters(state.settings).purge(_group_of(group), workflow or None)
    DEAD_NOW.forget(workflow or None)
    details = {"group": group, "workflow": workflow or None, "count": count}
    await session.record(request, state, signed, "dlq_purge", "queue", group, details)
    return _back(group, "purged", count)
