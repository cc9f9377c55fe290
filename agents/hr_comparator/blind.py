"""The blind view of a candidate: only what the job needs, never who the person is.

Scoring takes a `BlindCandidate`, which has no field for a name, e-mail, phone, photo, pronoun
or any free text about the person. So two resumes that differ only in those details produce the
same `BlindCandidate` and therefore the same score: blindness by construction, not by care.
"""

from __future__ import annotations

from dataclasses import dataclass

from common.profiles import ResumeProfile


@dataclass(frozen=True)
class BlindSkill:
    """A skill, where it was found, and how long it was used in dated work."""

    name: str
    sources: tuple[str, ...]
    months_used: int
    evidence: str


@dataclass(frozen=True)
class BlindJob:
    """A dated position (title and duration; no employer or free text)."""

    title: str
    role_family: str | None
    months: int
    skills: tuple[str, ...]
    start: str | None
    end: str | None


@dataclass(frozen=True)
class BlindCandidate:
    """Everything the comparator may score."""

    skills: dict[str, BlindSkill]
    jobs: tuple[BlindJob, ...]
    total_years: float
    highest_degree: str | None
    current_title: str
    role_family: str | None
    location: str | None


def blind(profile: ResumeProfile) -> BlindCandidate:
    """Drop every personal field of a profile (evidence lines were masked by the reader)."""
    return BlindCandidate(
        skills={
            s.name: BlindSkill(s.name, tuple(s.sources), s.months_used, s.evidence or "")
            for s in profile.skills
        },
        jobs=tuple(
            BlindJob(j.title, j.role_family, j.months or 0, tuple(j.skills), j.start, j.end)
            for j in profile.work_history
        ),
        total_years=profile.total_years_experience,
        highest_degree=profile.highest_degree,
        current_title=profile.current_title or "",
        role_family=profile.role_family,
        location=profile.location,
    )
