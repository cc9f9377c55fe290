"""Structured profiles the readers produce and the comparator consumes.

They travel inside `jd.parsed` / `resume.parsed` events and are stored by the agent that owns
them. Extra fields are allowed to grow here; renaming one is a schema change (bump
`SCHEMA_VERSION` in `common.messages.base`).
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

SkillSource = Literal[
    "skills_section",
    "experience",
    "summary",
    "header",
    "projects",
    "education",
    "certifications",
    "achievements",
    "other",
]


class Profile(BaseModel):
    """Base of the profile models: tolerant of fields added by newer readers."""

    model_config = ConfigDict(extra="allow")


class ReadingNote(Profile):
    """One reading decision, kept so that it can be traced: which field got which value, from
    which text, by which rule."""

    field: str
    value: str = ""
    text: str = ""
    rule: str = ""


class Requirement(Profile):
    """A JD requirement the skills taxonomy does not name ("NMC registration", "a valid
    driving licence", "experience in logistics"), matched against the resume's own words."""

    phrase: str
    strength: Literal["required", "preferred"] = "required"
    kind: Literal["credential", "skill", "other"] = "other"
    text: str = ""


class JDProfile(Profile):
    """What a job description asks for."""

    title: str = ""
    role_family: str | None = None
    required_skills: list[str] = Field(default_factory=list)
    preferred_skills: list[str] = Field(default_factory=list)
    # Skills of which any one will do ("Python or Java", "Sage or Xero"): each group is one
    # must-have; its members are not in `required_skills`, where every skill is a must.
    alternatives: list[list[str]] = Field(default_factory=list)
    min_years: float | None = None
    max_years: float | None = None
    # The skills the minimum years are about ('6 years of mechanical design experience').
    years_field: list[str] = Field(default_factory=list)
    education_level: str | None = None
    education_required: bool | None = None
    location: str | None = None
    remote: bool | None = None
    location_required: bool = False
    other_requirements: list[Requirement] = Field(default_factory=list)
    excluded_skills: list[str] = Field(default_factory=list)
    notes: list[ReadingNote] = Field(default_factory=list)
    reader_version: str = ""


class SkillMention(Profile):
    """A canonical skill found in a resume, and where it was found."""

    name: str
    family: str | None = None
    sources: list[SkillSource] = Field(default_factory=list)
    evidence: str | None = None
    months_used: int = 0
    last_used: str | None = None
    weight: float = 1.0
    rule: str = ""


class Job(Profile):
    """One position in a resume's work history (dates as `YYYY-MM`, `end` None = present)."""

    title: str = ""
    company: str = ""
    start: str | None = None
    end: str | None = None
    months: int | None = None
    description: str = ""
    skills: list[str] = Field(default_factory=list)
    role_family: str | None = None
    rule: str = ""


class Education(Profile):
    """One degree or school entry."""

    degree: str | None = None
    level: str | None = None
    field: str | None = None
    institution: str | None = None
    year: int | None = None
    completed: bool = True


class ResumeProfile(Profile):
    """What a resume says about its candidate."""

    name: str | None = None
    email: str | None = None
    phone: str | None = None
    location: str | None = None
    current_title: str | None = None
    total_years_experience: float = 0.0
    skills: list[SkillMention] = Field(default_factory=list)
    highest_degree: str | None = None
    education: list[Education] = Field(default_factory=list)
    work_history: list[Job] = Field(default_factory=list)
    certifications: list[str] = Field(default_factory=list)
    credentials: list[str] = Field(default_factory=list)
    languages: list[str] = Field(default_factory=list)
    role_family: str | None = None
    role_families: list[str] = Field(default_factory=list)
    negated_skills: list[SkillMention] = Field(default_factory=list)
    summary: str = ""
    masked_lines: list[str] = Field(default_factory=list)
    notes: list[ReadingNote] = Field(default_factory=list)
    reader_version: str = ""
    extractor_version: str = ""


class MatchBreakdown(Profile):
    """The frontend's breakdown of a score, each 0-100."""

    skills_match: float = 0.0
    experience_match: float = 0.0
    location_match: float = 0.0
    stability: float = 0.0
    overqualified: float = 0.0
