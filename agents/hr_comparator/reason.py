"""`selection_reason`: a short paragraph written from the evidence, never from the person."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from agents.hr_comparator.score import ScoreResult


def _names(items: list[str], limit: int = 5) -> str:
    shown = ", ".join(items[:limit])
    return shown + (f" and {len(items) - limit} more" if len(items) > limit else "")


def selection_reason(result: ScoreResult) -> str:
    """E.g. 'Partial Fit (64/100): one must-have missed: Terraform. Uses 4 of 5 required skills
    in dated work (Python, ...); listed only: Kafka. 3.5 years in relevant roles against 4...'."""
    parts = [f"{result.fit} ({result.score:.0f}/100): {result.rule}."]
    req = [e for e in result.evidence if e.kind == "required_skill"]
    met = [e.requirement for e in req if e.status == "met"]
    listed = [e.requirement for e in req if e.status == "partial"]
    missing = [e.requirement for e in req if e.status == "missing"]
    if req:
        sentence = f"Uses {len(met)} of {len(req)} required skills in dated work"
        sentence += f" ({_names(met)})" if met else ""
        if listed:
            sentence += f"; listed, without dated work behind them: {_names(listed)}"
        if missing:
            sentence += f"; missing: {_names(missing)}"
        parts.append(sentence + ".")
    pref = [
        e.requirement
        for e in result.evidence
        if e.kind == "preferred_skill" and e.status != "missing"
    ]
    if pref:
        parts.append(f"Also brings preferred skills: {_names(pref)}.")
    label = {"met": "meets", "partial": "partly meets", "missing": "does not meet"}
    for kind in ("role", "experience", "education", "credential", "location"):
        for e in result.evidence:
            if e.kind == kind and e.status != "not_stated":
                parts.append(
                    f"{e.requirement[:80].capitalize()}: {label[e.status]} ({e.evidence[:120]})."
                )
    if result.breakdown.overqualified >= 50:
        parts.append("Considerably more experienced than the role asks for.")
    return " ".join(parts)
