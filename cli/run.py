"""`hrflow run`: one workflow against a running system, from files on disk."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import typer

from cli.client import HrflowClient
from cli.render import ProgressView, failures, shortlist
from common.settings import get_settings


@dataclass
class RunOutcome:
    """What a finished run produced."""

    workflow_id: str
    jd_id: str
    execution: dict[str, Any]
    matches: list[dict[str, Any]]


async def run_workflow(
    client: HrflowClient, jd: tuple[str, bytes, str], resumes: list[tuple[str, bytes]], echo=print
) -> RunOutcome:
    """Upload a JD (name, bytes, title) and resumes, start the workflow, follow it to the end."""
    name, data, title = jd
    if name.lower().endswith(".txt"):
        jd_id = await client.create_jd(title, data.decode("utf-8", "replace"))
    else:
        jd_id = await client.upload_jd(name, data, title)
    echo(f"JD {jd_id} ({title}) uploaded; uploading {len(resumes)} resumes…")
    resume_ids = [await client.upload_resume(n, d) for n, d in resumes]
    workflow_id = await client.start(jd_id, resume_ids)
    echo(f"workflow {workflow_id} started; live progress:")
    view = ProgressView()
    execution = await client.follow(workflow_id, view.update)
    matches = [m for m in await client.top_matches(jd_id) if m.get("workflow_id") == workflow_id]
    return RunOutcome(workflow_id, jd_id, execution, matches)


def report(outcome: RunOutcome, echo=print) -> None:
    """Print the shortlist and failures of a finished run."""
    execution = outcome.execution
    metrics = execution.get("metrics") or {}
    echo(
        f"\nworkflow {outcome.workflow_id}: {execution.get('status')} — "
        f"{metrics.get('candidates_scored', 0)} scored, "
        f"{len(execution.get('failed_resumes') or [])} failed, "
        f"{(metrics.get('processing_time_ms') or 0) / 1000:.1f} s"
    )
    echo("\nRanked shortlist (score, fit, candidate — top reasons):")
    echo(shortlist(outcome.matches))
    if execution.get("warnings"):
        echo("\nWarnings (scored, but read with care):")
        for w in execution["warnings"]:
            echo(f"  {w['resume_id']}: {w['warning']}")
    if execution.get("failed_resumes"):
        echo("\nResumes that could not be scored:")
        echo(failures(execution))


def command(
    jd: Path = typer.Option(..., exists=True, dir_okay=False, help="The JD (pdf, docx, txt)."),
    resumes: list[Path] = typer.Argument(..., exists=True, dir_okay=False, help="Resume files."),
    title: str = typer.Option("", help="The JD's title (default: the file name)."),
    gateway: str = typer.Option("", help="Gateway URL (default: GATEWAY_URL)."),
    email: str = typer.Option("demo@hrflow.example", help="Account to run as."),
    password: str = typer.Option("demo-password-123", help="Its password."),
) -> None:
    """Run one workflow from files on disk and print the ranked shortlist."""
    base_url = gateway or get_settings().gateway_url

    jd_file = (jd.name, jd.read_bytes(), title or jd.stem)
    resume_files = [(p.name, p.read_bytes()) for p in resumes]

    async def main() -> RunOutcome:
        client = HrflowClient(base_url)
        try:
            await client.sign_in(email, password)
            outcome = await run_workflow(
                client,
                jd_file,
                resume_files,
                echo=typer.echo,
            )
        finally:
            await client.close()
        return outcome

    outcome = asyncio.run(main())
    report(outcome, echo=typer.echo)
    raise typer.Exit(0 if outcome.execution.get("status") == "completed" else 1)
