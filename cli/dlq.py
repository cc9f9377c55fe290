"""`hrflow dlq ...`: list, show, replay and purge dead-letter queues."""

from __future__ import annotations

import asyncio
import json

import typer

from common.broker.dlq import DeadLetters
from common.settings import get_settings

app = typer.Typer(help="Dead-letter queues: list, show, replay, purge.", no_args_is_help=True)

WorkflowOpt = typer.Option(None, "--workflow", help="Only messages of this workflow (WF-...).")


def _dlq() -> DeadLetters:
    return DeadLetters(get_settings())


@app.command("list")
def list_queues() -> None:
    """Every DLQ with its depth and the age of its oldest message."""
    for depth in asyncio.run(_dlq().depths()):
        age = f"{depth.oldest_age_s:.0f}s" if depth.oldest_age_s is not None else "-"
        typer.echo(f"{depth.queue:50} depth={depth.depth:<6} oldest={age}")


@app.command()
def show(
    queue: str,
    workflow: str | None = WorkflowOpt,
    limit: int = typer.Option(50, help="Show at most this many."),
) -> None:
    """Decoded dead letters (event, workflow, resume, reason, x-death, last error)."""
    try:
        letters = asyncio.run(_dlq().show(queue, workflow, limit))
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from exc
    for letter in letters:
        typer.echo(json.dumps(letter.as_dict(), default=str, ensure_ascii=False))
    typer.echo(f"{len(letters)} message(s)", err=True)


@app.command()
def replay(
    queue: str,
    workflow: str | None = WorkflowOpt,
    limit: int | None = typer.Option(None, help="Replay at most this many."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Only list what would be replayed."),
) -> None:
    """Republish dead letters to their work queue (confirmed before removal)."""
    try:
        done = asyncio.run(_dlq().replay(queue, workflow, limit, dry_run))
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from exc
    verb = "would replay" if dry_run else "replayed"
    typer.echo(f"{verb} {len(done)} message(s) from {queue}")


@app.command()
def purge(
    queue: str,
    workflow: str | None = WorkflowOpt,
    yes: bool = typer.Option(False, "--yes", help="Do not ask for confirmation."),
) -> None:
    """Delete dead letters (all, or one workflow's)."""
    if not yes:
        typer.confirm(f"Delete dead letters from {queue}?", abort=True)
    try:
        count = asyncio.run(_dlq().purge(queue, workflow))
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from exc
    typer.echo(f"purged {count} message(s) from {queue}")
