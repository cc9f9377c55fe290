"""`hrflow eval`: run the agents' logic over both labelled sets and print the metrics side by
side — the set `samples/` generates (seeded) and the hand-written golden set (tests/golden),
which no code of this project shaped."""

from __future__ import annotations

import typer

app = typer.Typer(
    help="Measure extraction, reading and ranking quality.", invoke_without_command=True
)

# What the golden set is held to (the readers and scoring issues), and the floor below which
# `hrflow eval` (and tests/eval) fail: a reading change that makes the golden set worse.
GOLDEN_TARGETS = {
    "skills_f1": 0.95,
    "years_within_1_worst_layout": 0.95,
    "title_token_f1": 0.90,
    "highest_degree": 0.95,
    "required_skills_f1": 0.90,
    "min_years_exact": 0.95,
    "education": 0.90,
    "ndcg@5": 0.95,
    "best_fit_precision": 0.90,
    "best_fit_recall": 0.90,
    "partial_fit_recall": 0.80,
    "kendall_tau": 0.80,
}
GOLDEN_FLOORS = {
    "skills_f1": 0.87,
    "years_within_1_worst_layout": 0.90,
    "title_token_f1": 0.90,
    "highest_degree": 0.95,
    "required_skills_f1": 0.89,
    "min_years_exact": 0.90,
    "education": 0.85,
    "ndcg@5": 0.95,
    "best_fit_precision": 0.90,
    "best_fit_recall": 0.90,
    "partial_fit_recall": 0.75,
    "grade0_as_best_or_partial": 0,
}


@app.callback()
def run(
    seed: int = typer.Option(7, help="Seed of the generated evaluation set."),
    show_misses: bool = typer.Option(False, help="List every field the readers got wrong."),
    golden_only: bool = typer.Option(False, help="Only the hand-written golden set."),
) -> None:
    """Print field accuracy of both readers, per layout, and the ranking figures, for the
    generated and the golden set; exit 1 when a bar or a golden floor is missed."""
    from samples.evalset import make_eval_set
    from samples.evaluate import BARS, evaluate
    from samples.golden_eval import evaluate_golden

    golden = evaluate_golden()
    generated = None
    if not golden_only:
        es = make_eval_set(seed)
        generated = evaluate(es)
        typer.echo(
            f"generated set: {len(es.jds)} JDs, {len(es.resumes)} resumes, {len(es.bad)} bad "
            f"files (seed {seed}); golden set: {golden.jds['jds']} JDs, "
            f"{golden.resumes['resumes']} resumes, hand-written and labelled"
        )
    gen = generated
    _side_by_side(
        "resume-reader",
        golden.resumes,
        {
            "skills_f1": gen and gen.resume_fields["skills_f1"],
            "skills_precision": gen and gen.resume_fields["skills_precision"],
            "skills_recall": gen and gen.resume_fields["skills_recall"],
            "years_within_1": gen and gen.resume_fields["years_within_1"],
            "highest_degree": gen and gen.resume_fields["highest_degree"],
            "location_city": gen and gen.resume_fields["location"],
        },
    )
    _side_by_side(
        "jd-reader",
        golden.jds,
        {
            "required_skills_f1": gen and gen.jd_fields["required_skills_f1"],
            "preferred_skills_f1": gen and gen.jd_fields["preferred_skills_f1"],
            "min_years_exact": gen and gen.jd_fields["min_years"],
            "education": gen and gen.jd_fields["education_level"],
        },
    )
    _side_by_side(
        "ranking (mean over JDs)",
        golden.ranking,
        {k: gen and gen.ranking.get(k) for k in ("ndcg@5", "kendall_tau")},
    )
    typer.echo("\ngolden set per layout")
    for layout in sorted(golden.per_layout, key=lambda name: (name == "all", name)):
        row = golden.per_layout[layout]
        shown = "  ".join(f"{k} {v:.3f}" for k, v in row.items() if k != "n")
        typer.echo(f"  {layout:<15} {shown}  (n={row['n']:.0f})")
    if show_misses:
        typer.echo("\nmisses (golden):")
        for miss in golden.misses:
            typer.echo(f"  {miss}")
        if gen:
            typer.echo("\nmisses (generated):")
            for miss in gen.misses:
                typer.echo(f"  {miss}")
    _holdout(show_misses)
    figures = {**golden.resumes, **golden.jds, **golden.ranking}
    typer.echo(
        "\ngolden targets (the readers and scoring issues): "
        + ", ".join(
            f"{k} {figures[k]:.3f}{'' if figures[k] >= v else ' < ' + str(v)}"
            for k, v in GOLDEN_TARGETS.items()
        )
    )
    failures = golden_failures(figures)
    if gen:
        failures += gen.failures()
        typer.echo(f"generated bars: {BARS}")
    if failures:
        typer.echo("FAILED: " + "; ".join(failures))
        raise typer.Exit(1)
    typer.echo("generated bars met; golden floors met")


HOLDOUT_FIGURES = (
    "skills_f1", "years_within_1", "title_token_f1", "highest_degree", "location_city",
    "required_skills_f1", "min_years_exact", "education", "ndcg@5", "kendall_tau",
    "best_fit_precision", "best_fit_recall", "partial_fit_recall", "grade0_as_best_or_partial",
)  # fmt: skip


def _holdout(show_misses: bool) -> None:
    """The held-out sets (tests/holdout/*), written by people who read no code and first
    measured before any rule looked at them (bench/results/holdout.md): reported, no floor."""
    from samples.golden import GOLDEN_DIR, load_golden
    from samples.golden_eval import evaluate_golden

    folders = sorted(p for p in (GOLDEN_DIR.parent / "holdout").glob("*") if p.is_dir())
    if not folders:
        return
    reports = {folder.name: evaluate_golden(load_golden(folder)) for folder in folders}
    typer.echo(f"\nheld-out sets{'':<19}" + "".join(f"{name:>10}" for name in reports))
    for key in HOLDOUT_FIGURES:
        values = [{**r.resumes, **r.jds, **r.ranking}.get(key) for r in reports.values()]
        typer.echo(f"  {key:<30}" + "".join(f"{_shown(v):>10}" for v in values))
    if show_misses:
        for name, report in reports.items():
            typer.echo(f"\nmisses ({name}):")
            for miss in report.misses:
                typer.echo(f"  {miss}")


def golden_failures(figures: dict) -> list[str]:
    """The golden floors a report misses."""
    out = []
    for key, floor in GOLDEN_FLOORS.items():
        value = figures[key]
        worse = value > floor if key == "grade0_as_best_or_partial" else value < floor
        if worse:
            out.append(f"golden {key} {value:.3f} (floor {floor})")
    return out


def _side_by_side(title: str, golden: dict, generated: dict) -> None:
    typer.echo(f"\n{title:<32} {'generated':>10} {'golden':>10}")
    keys = list(
        dict.fromkeys([*generated, *(k for k in golden if k not in ("resumes", "jds", "n"))])
    )
    for key in keys:
        typer.echo(f"  {key:<30} {_shown(generated.get(key)):>10} {_shown(golden.get(key)):>10}")


def _shown(value: object) -> str:
    if value is None:
        return "-"
    return f"{value:.3f}" if isinstance(value, float) else str(value)
