"""`hrflow eval`: run the agents' logic over the seeded labelled set and print the metrics."""

from __future__ import annotations

import typer

app = typer.Typer(
    help="Measure extraction, reading and ranking quality.", invoke_without_command=True
)


@app.callback()
def run(
    seed: int = typer.Option(7, help="Seed of the generated evaluation set."),
    show_misses: bool = typer.Option(False, help="List every field the readers got wrong."),
) -> None:
    """Print field accuracy of both readers, nDCG@5/@10, Kendall tau and the name-swap gap;
    exit 1 when a bar is missed."""
    from samples.evalset import make_eval_set
    from samples.evaluate import BARS, evaluate

    es = make_eval_set(seed)
    report = evaluate(es)
    typer.echo(
        f"evaluation set: {len(es.jds)} JDs, {len(es.resumes)} resumes, "
        f"{len(es.bad)} bad files (seed {seed})"
    )
    _table("jd-reader field accuracy", report.jd_fields)
    _table("resume-reader field accuracy", report.resume_fields)
    _table("ranking (mean over JDs)", report.ranking)
    for jd_id, per in report.per_jd.items():
        typer.echo(f"  {jd_id}: " + ", ".join(f"{k} {v:.3f}" for k, v in per.items()))
    _table("bad files", report.bad_files)
    if show_misses:
        typer.echo("\nmisses:")
        for miss in report.misses:
            typer.echo(f"  {miss}")
    failures = report.failures()
    typer.echo(f"\nbars: {BARS}")
    if failures:
        typer.echo("FAILED: " + "; ".join(failures))
        raise typer.Exit(1)
    typer.echo("all bars met")


def _table(title: str, values: dict) -> None:
    typer.echo(f"\n{title}")
    for key, value in values.items():
        shown = f"{value:.3f}" if isinstance(value, float) else str(value)
        typer.echo(f"  {key:<24} {shown}")
