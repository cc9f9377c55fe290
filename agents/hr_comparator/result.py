"""The `resume_result` document: one per (workflow_id, resume_id), never overwritten."""

from __future__ import annotations

from typing import Any

from agents.hr_comparator.compare import COMPARATOR_VERSION, selection_reason
from agents.hr_comparator.score import ScoreResult
from agents.hr_comparator.weights import Weights
from common.profiles import ResumeProfile
from common.settings import Settings
from common.timeutil import utcnow

RESULTS = "resume_result"


def result_id(workflow_id: str, resume_id: str) -> str:
    """The result's id, also the frontend's `top_matches[].id`."""
    return f"{workflow_id}:{resume_id}"


def build_result(
    *,
    workflow_id: str,
    resume_id: str,
    jd_id: str,
    started_by: str,
    profile: ResumeProfile,
    result: ScoreResult,
    weights: Weights,
    versions: dict[str, str],
    settings: Settings | None = None,
) -> dict[str, Any]:
    """Everything the gateway's top-matches and an auditor need, under the frontend's names.

    Display fields (name, e-mail, phone) are copied from the profile for recruiters; they
    played no part in `result`. The category is the one the must-haves decided (`fit_rule`
    says which rule); the score sits in that category's band.
    """
    del settings  # the bands were applied when the result was computed
    rid = result_id(workflow_id, resume_id)
    return {
        "_id": rid,
        "id": rid,
        "workflow_id": workflow_id,
        "resume_id": resume_id,
        "jd_id": jd_id,
        "started_by": started_by,
        "owner_id": started_by,
        "candidate_name": profile.name,
        "current_position": profile.current_title,
        "email": profile.email,
        "phone": profile.phone,
        "location": profile.location,
        "total_experience": round(profile.total_years_experience, 1),
        "relevant_experience": result.relevant_years,
        "skills_matched": result.skills_matched,
        "skills_missing": result.skills_missing,
        "match_score": result.score,
        "score": result.score,
        "fit_category": result.fit,
        "fit_rule": result.rule,
        "selection_reason": selection_reason(result),
        "match_breakdown": result.breakdown.model_dump(),
        "components": result.components,
        "weights": weights.as_dict(),
        "evidence": [e.as_dict() for e in result.evidence],
        "versions": {**versions, "hr-comparator": COMPARATOR_VERSION, "weights": weights.version},
        "created_at": utcnow(),
    }
