"""`compare(jd, candidate, weights)`: the whole score of one resume for one JD."""

from __future__ import annotations

from agents.hr_comparator.blind import BlindCandidate
from agents.hr_comparator.reason import selection_reason
from agents.hr_comparator.score import (
    Evidence,
    ScoreResult,
    _location,
    _skills,
    _stability,
    _title_similarity,
    relevant_years,
)
from agents.hr_comparator.weights import Weights
from agents.reading.degrees import rank
from common.profiles import JDProfile, MatchBreakdown

COMPARATOR_VERSION = "hr-comparator-1.0"


def compare(jd: JDProfile, cand: BlindCandidate, weights: Weights) -> ScoreResult:
    """Score 0-100 with components, the frontend's breakdown and per-requirement evidence."""
    parts: dict[str, float | None] = {}
    evidence: list[Evidence] = []

    parts["required_skills"], ev = _skills(
        jd.required_skills, "required_skill", cand, weights, weights.required_skills
    )
    evidence += ev
    parts["preferred_skills"], ev = _skills(
        jd.preferred_skills, "preferred_skill", cand, weights, weights.preferred_skills
    )
    evidence += ev

    years = relevant_years(cand, jd)
    overqualified = 0.0
    if jd.min_years is None:
        parts["experience"] = None
        evidence.append(
            Evidence(
                "years of experience",
                "experience",
                "not_stated",
                f"{years:.1f} relevant years",
                weights.experience,
            )
        )
    else:
        need = max(jd.min_years, 0.5)
        ceiling = jd.max_years if jd.max_years else need + 12
        overqualified = min(1.0, max(0.0, (cand.total_years - ceiling) / 10))
        parts["experience"] = min(1.0, years / need) * (1 - 0.3 * overqualified)
        status = "met" if years >= jd.min_years else "partial" if years > 0 else "missing"
        evidence.append(
            Evidence(
                f"{jd.min_years:g}+ years of experience",
                "experience",
                status,
                f"{years:.1f} years in relevant roles ({cand.total_years:.1f} in total)",
                weights.experience,
            )
        )

    if jd.education_level is None:
        parts["education"] = None
        evidence.append(
            Evidence(
                "education",
                "education",
                "not_stated",
                cand.highest_degree or "no degree listed",
                weights.education,
            )
        )
    else:
        gap = rank(cand.highest_degree) - rank(jd.education_level)
        parts["education"] = 1.0 if gap >= 0 else 0.5 if gap == -1 else 0.0
        status = "met" if gap >= 0 else "partial" if gap == -1 else "missing"
        evidence.append(
            Evidence(
                f"{jd.education_level} degree",
                "education",
                status,
                f"highest degree: {cand.highest_degree or 'none listed'}",
                weights.education,
            )
        )

    parts["title"] = _title_similarity(cand, jd)
    evidence.append(
        Evidence(
            jd.title or "role",
            "role",
            "met" if parts["title"] >= 0.6 else "partial" if parts["title"] > 0 else "missing",
            f"current title: {cand.current_title or 'none'}",
            weights.title,
        )
    )

    parts["location"], where = _location(cand, jd)
    evidence.append(
        Evidence(
            "remote" if jd.remote else jd.location or "location",
            "location",
            "not_stated"
            if parts["location"] is None
            else "met"
            if parts["location"] >= 0.7
            else "partial",
            where,
            weights.location,
        )
    )

    stability = _stability(cand)
    parts["stability"] = stability if weights.stability > 0 else None

    score = _weighted(parts, weights)
    components = {k: round(v, 4) for k, v in parts.items() if v is not None}
    matched = [s for s in [*jd.required_skills, *jd.preferred_skills] if s in cand.skills]
    missing = [s for s in jd.required_skills if s not in cand.skills]
    breakdown = MatchBreakdown(
        skills_match=round(100 * _blend(parts["required_skills"], parts["preferred_skills"]), 1),
        experience_match=round(
            100 * (parts["experience"] if parts["experience"] is not None else 1.0), 1
        ),
        location_match=round(
            100 * (parts["location"] if parts["location"] is not None else 1.0), 1
        ),
        stability=round(100 * stability, 1),
        overqualified=round(100 * overqualified, 1),
    )
    result = ScoreResult(
        round(score, 1), components, breakdown, evidence, matched, missing, round(years, 1)
    )
    return result


def _weighted(parts: dict[str, float | None], weights: Weights) -> float:
    total = weight_sum = 0.0
    for name, value in parts.items():
        w = getattr(weights, name)
        if value is None or w <= 0:
            continue
        total += w * value
        weight_sum += w
    return 100 * total / weight_sum if weight_sum else 0.0


def _blend(required: float | None, preferred: float | None) -> float:
    if required is None and preferred is None:
        return 0.0
    if preferred is None:
        return required or 0.0
    if required is None:
        return preferred
    return 0.8 * required + 0.2 * preferred


def fit_category(score: float, best_min: float, partial_min: float) -> str:
    """`Best Fit` / `Partial Fit` / `Not Fit` by the configured thresholds."""
    if score >= best_min:
        return "Best Fit"
    if score >= partial_min:
        return "Partial Fit"
    return "Not Fit"


__all__ = ["COMPARATOR_VERSION", "compare", "fit_category", "selection_reason"]
