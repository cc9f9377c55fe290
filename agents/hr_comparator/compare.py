"""`compare(jd, candidate, weights)`: the fit category, the score and the evidence of one resume
for one JD. See `fit.py` (category), `score.py` (score) and `requirements.py` (evidence)."""

from __future__ import annotations

from agents.hr_comparator.blind import BlindCandidate
from agents.hr_comparator.fit import decide
from agents.hr_comparator.reason import selection_reason
from agents.hr_comparator.requirements import check_all, title_similarity
from agents.hr_comparator.score import ScoreResult, banded, breakdown, components, quality
from agents.hr_comparator.weights import Weights
from common.profiles import JDProfile

COMPARATOR_VERSION = "hr-comparator-2.1"
DEFAULT_BEST_MIN, DEFAULT_PARTIAL_MIN = 80.0, 50.0


def compare(
    jd: JDProfile,
    cand: BlindCandidate,
    weights: Weights,
    *,
    best_min: float = DEFAULT_BEST_MIN,
    partial_min: float = DEFAULT_PARTIAL_MIN,
) -> ScoreResult:
    """Score 0-100 inside the category the must-haves decide, with per-requirement evidence."""
    evidence, years = check_all(jd, cand, weights)
    fit, rule, _missed = decide(evidence, weights)
    parts = components(evidence, years, title_similarity(jd, cand), _stability(cand))
    q = quality(parts, weights)
    score = banded(fit, q, best_min, partial_min)
    for e in evidence:
        weight = getattr(weights, _COMPONENT.get(e.kind, "required_skills"), 0.0)
        same = [x for x in evidence if x.kind == e.kind]
        e.weight = round(weight / max(len(same), 1), 4)
    matched = [
        e.requirement
        for e in evidence
        if e.kind in ("required_skill", "preferred_skill") and e.status != "missing"
    ]
    missing = [
        e.requirement for e in evidence if e.kind == "required_skill" and e.status == "missing"
    ]
    ceiling = (jd.max_years or (jd.min_years or 0) + 12) if jd.min_years is not None else None
    overqualified = (
        min(1.0, max(0.0, (cand.total_years - ceiling) / 10)) if ceiling is not None else 0.0
    )
    return ScoreResult(
        score=score,
        components={k: round(v, 4) for k, v in parts.items()},
        breakdown=breakdown(parts, overqualified),
        evidence=evidence,
        skills_matched=matched,
        skills_missing=missing,
        relevant_years=round(years, 1),
        fit=fit,
        rule=rule,
        quality=round(q, 4),
    )


def score_in_child(
    jd: JDProfile, cand: BlindCandidate, weights: Weights, best_min: float, partial_min: float
) -> ScoreResult:
    """`compare` with positional arguments, for a parser pool's child."""
    return compare(jd, cand, weights, best_min=best_min, partial_min=partial_min)


_COMPONENT = {
    "role": "title",
    "required_skill": "required_skills",
    "preferred_skill": "preferred_skills",
    "experience": "experience",
    "education": "education",
    "credential": "credentials",
    "other_requirement": "credentials",
    "location": "location",
}


def _stability(cand: BlindCandidate) -> float:
    tenures = [j.months for j in cand.jobs if j.months and not j.title.lower().startswith("part")]
    if not tenures:
        return 0.0
    return min(1.0, (sum(tenures) / len(tenures)) / 36)


__all__ = ["COMPARATOR_VERSION", "compare", "score_in_child", "selection_reason"]
