"""The 0-100 score: it orders candidates inside their fit category and never contradicts it.

`quality` (0..1) is a weighted mean over a fixed set of components, so the weights add up the
same for every JD. A requirement the JD does not state takes the component's neutral value —
no gap for a must-have type (skills, years, degree, licences, location), the middle for a
bonus type (preferred skills) — so silence neither raises nor lowers a candidate against one
JD relative to another. The score is then placed in its category's band: `Best Fit` from
`BEST_FIT_MIN_SCORE` to 100, `Partial Fit` from `PARTIAL_FIT_MIN_SCORE`, `Not Fit` below, so
a Best Fit always scores above a Partial Fit.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from agents.hr_comparator.requirements import Evidence
from agents.hr_comparator.weights import Weights
from common.profiles import MatchBreakdown

# The value of a component the JD does not state.
NEUTRAL = {
    "required_skills": 1.0,
    "preferred_skills": 0.5,
    "experience": 1.0,
    "education": 1.0,
    "title": 1.0,
    "location": 1.0,
    "credentials": 1.0,
}
DEPTH_FULL_YEARS = 10.0


@dataclass
class ScoreResult:
    """A score, its fit category and the rule that set it, its parts and their evidence."""

    score: float
    components: dict[str, float]
    breakdown: MatchBreakdown
    evidence: list[Evidence] = field(default_factory=list)
    skills_matched: list[str] = field(default_factory=list)
    skills_missing: list[str] = field(default_factory=list)
    relevant_years: float = 0.0
    fit: str = "Not Fit"
    rule: str = ""
    quality: float = 0.0


def components(
    evidence: list[Evidence], relevant_years: float, title_words: float, stability: float
) -> dict[str, float]:
    """Each component 0..1 from the evidence (neutral where the JD states nothing)."""

    def mean(kind: str, neutral: float) -> float:
        items = [e.credit for e in evidence if e.kind == kind]
        return sum(items) / len(items) if items else neutral

    by_kind = {
        e.kind: e for e in evidence if e.kind in ("role", "experience", "education", "location")
    }
    role = by_kind["role"]
    other = [e.credit for e in evidence if e.kind in ("credential", "other_requirement")]
    return {
        "required_skills": mean("required_skill", NEUTRAL["required_skills"]),
        "preferred_skills": mean("preferred_skill", NEUTRAL["preferred_skills"]),
        "experience": by_kind["experience"].credit,
        "education": by_kind["education"].credit,
        "title": 0.75 * role.credit + 0.25 * title_words,
        "location": by_kind["location"].credit,
        "credentials": sum(other) / len(other) if other else NEUTRAL["credentials"],
        "depth": min(1.0, relevant_years / DEPTH_FULL_YEARS),
        "stability": stability,
    }


def quality(parts: dict[str, float], weights: Weights) -> float:
    """The weighted mean of the components (0..1)."""
    total = weight_sum = 0.0
    for name, value in parts.items():
        w = getattr(weights, name)
        if w > 0:
            total += w * value
            weight_sum += w
    return total / weight_sum if weight_sum else 0.0


def banded(fit: str, q: float, best_min: float, partial_min: float) -> float:
    """A quality placed inside its category's band of the 0-100 scale."""
    low, high = {
        "Best Fit": (best_min, 100.0),
        "Partial Fit": (partial_min, best_min - 0.1),
        "Not Fit": (0.0, partial_min - 0.1),
    }[fit]
    return round(low + (high - low) * max(0.0, min(1.0, q)), 1)


def breakdown(parts: dict[str, float], overqualified: float) -> MatchBreakdown:
    """The frontend's breakdown, each 0-100."""
    return MatchBreakdown(
        skills_match=round(
            100 * (0.8 * parts["required_skills"] + 0.2 * parts["preferred_skills"]), 1
        ),
        experience_match=round(100 * parts["experience"], 1),
        location_match=round(100 * parts["location"], 1),
        stability=round(100 * parts["stability"], 1),
        overqualified=round(100 * overqualified, 1),
    )
