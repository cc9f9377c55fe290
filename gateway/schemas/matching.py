"""Starting workflows and reading the comparator's results."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class BatchRequest(BaseModel):
    """`POST /matching/batch` body; no `resume_ids` means all of the caller's resumes."""

    jd_id: str = Field(min_length=1, max_length=64)
    resume_ids: list[str] | None = None
    force_reprocess: bool = False


class BatchData(BaseModel):
    """The started workflow."""

    workflow_id: str
    jd_id: str
    total_resumes: int
    status: str


class BatchResponse(BaseModel):
    """`{success, message, data}`."""

    success: bool = True
    message: str
    data: BatchData


class MatchBreakdown(BaseModel):
    """Each part of a score, 0-100."""

    model_config = ConfigDict(extra="allow")

    skills_match: float = 0.0
    experience_match: float = 0.0
    location_match: float = 0.0
    stability: float = 0.0
    overqualified: float = 0.0


class TopMatch(BaseModel):
    """One candidate in `top_matches`."""

    id: str
    resume_id: str
    workflow_id: str
    candidate_name: str | None = None
    current_position: str | None = None
    email: str | None = None
    phone: str | None = None
    location: str | None = None
    total_experience: float = 0.0
    skills_matched: list[str] = Field(default_factory=list)
    skills_missing: list[str] = Field(default_factory=list)
    match_score: float
    fit_category: str
    selection_reason: str = ""
    match_breakdown: MatchBreakdown
    created_at: str | None = None


class TopMatches(BaseModel):
    """`GET /matching/top-matches/{jd_id}`."""

    jd_id: str
    jd_designation: str
    total_candidates: int
    top_matches: list[TopMatch]


class ResultFull(TopMatch):
    """A full explained score: components, weights, evidence and versions."""

    model_config = ConfigDict(extra="allow")

    jd_id: str
    components: dict[str, float] = Field(default_factory=dict)
    weights: dict[str, object] = Field(default_factory=dict)
    evidence: list[dict[str, object]] = Field(default_factory=list)
    versions: dict[str, object] = Field(default_factory=dict)


class Results(BaseModel):
    """`GET /matching/results/{jd_id}`: every result (newest per resume, or one workflow's)."""

    jd_id: str
    jd_designation: str
    workflow_id: str | None = None
    total: int
    results: list[ResultFull]
