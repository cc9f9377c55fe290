"""`hrflow executions`: export workflow executions to JSON lines and purge them."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import datetime
from pathlib import Path
from typing import Annotated, TypeVar

import typer

from common.db import Mongo
from common.settings import get_settings
from tracker.derive import STATUS_RANK
from tracker.indexes import INDEXES
from tracker.retention import Selection, export, purge, select_ids
from tracker.store import ExecutionStore

app = typer.Typer(help="Workflow executions: export (JSON lines) and purge.", no_args_is_help=True)
T = TypeVar("T")

StatusOpt = Annotated[
    str | None, typer.Option("--status", help="Comma list of statuses, e.g. failed,cancelled.")
]
BeforeOpt = Annotated[
    datetime | None,
    typer.Option(
        "--before", help="Only executions started before this time (ISO, UTC if no zone)."
    ),
]


def _selection(status: str | None, before: datetime | None) -> Selection:
    statuses = tuple(s.strip() for s in (status or "").split(",") if s.strip())
    unknown = [s for s in statuses if s not in STATUS_RANK]
    if unknown:
        raise typer.BadParameter(f"unknown status {unknown[0]!r}; use {', '.join(STATUS_RANK)}")
    return Selection(statuses, before)


def _run(work: Callable[[ExecutionStore], Awaitable[T]]) -> T:
    async def main() -> T:
        settings = get_settings()
        mongo = Mongo(settings)
        try:
            await mongo.ensure_indexes(INDEXES)
            return await work(ExecutionStore(mongo, settings))
        finally:
            mongo.close()

    return asyncio.run(main())


@app.command("export")
def export_cmd(
    out: Annotated[Path, typer.Option("--out", help="JSON-lines file to write.")],
    status: StatusOpt = None,
    before: BeforeOpt = None,
    purge_after: Annotated[
        bool,
        typer.Option(
            "--purge", help="Delete exactly the exported executions once the file is written."
        ),
    ] = False,
) -> None:
    """Write the selected executions to a JSON-lines file (then purge them with --purge)."""
    selection = _selection(status, before)

    async def work(store: ExecutionStore) -> tuple[int, int]:
        ids = await export(store, selection, out)
        return len(ids), (await purge(store, ids) if purge_after else 0)

    exported, purged = _run(work)
    typer.echo(
        f"exported {exported} executions to {out}" + (f"; purged {purged}" if purge_after else "")
    )


@app.command("purge")
def purge_cmd(
    status: StatusOpt = None,
    before: BeforeOpt = None,
    yes: Annotated[bool, typer.Option("--yes", help="Really delete.")] = False,
) -> None:
    """Delete the selected executions without exporting them."""
    selection = _selection(status, before)
    if not yes:
        typer.echo("refusing to purge without --yes", err=True)
        raise typer.Exit(2)

    async def work(store: ExecutionStore) -> int:
        return await purge(store, await select_ids(store, selection))

    typer.echo(f"purged {_run(work)} executions")
