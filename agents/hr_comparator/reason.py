"""`selection_reason`: a short paragraph written from the evidence, never from the person."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from agents.hr_comparator.score import ScoreResult


def _names(items: list[str], limit: int = 5) -> str:
    shown = ", ".join(items[:limit])
    return shown + (f" and {len(items) - limit} more" if len(items) > limit else "")


def selection_reason(result: ScoreResult, fit: str) -> str:
    """E.g. 'Partial Fit (64/100). Uses 4 of 6 required skills in dated work (Python, ...);
    listed only: Kafka; missing: Terraform. 3.5 years in relevant roles against 4 required...'."""
    req = [e for e in result.evidence if e.kind == "required_skill"]
    met = [e.requirement for e in req if e.status == "met"]
    listed = [e.requirement for e in req if e.status == "partial"]
    missing = [e.requirement for e in req if e.status == "missing"]
    parts = [f"{fit} ({result.score:.0f}/100)."]
    if req:
        sentence = f"Uses {len(met)} of {len(req)} required skills in dated work"
        sentence += f" ({_names(met)})" if met else ""
        if listed:
            sentence += f"; listed only, without experience behind them: {_names(listed)}"
        if missing:
            sentence += f"; missing: {_names(missing)}"
        parts.append(sentence + ".")
    pref = [
        e.requirement for e in result.evidence if e.kind == "preferred_skill" and e.status == "met"
    ]
    if pref:
        parts.append(f"Also brings preferred skills: {_names(pref)}.")
    for kind in ("experience", "education", "role", "location"):
        for e in result.evidence:
            if e.kind == kind and e.status != "not_stated":
                label = {"met": "meets", "partial": "partly meets", "missing": "does not meet"}
                parts.append(f"{e.requirement.capitalize()}: {label[e.status]} ({e.evidence}).")
    if result.breakdown.overqualified >= 50:
        parts.append("Considerably more experienced than the role asks for.")
    return " ".join(parts)
