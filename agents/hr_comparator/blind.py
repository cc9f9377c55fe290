"""The blind view of a candidate: only what the job needs, never who the person is.

Scoring takes a `BlindCandidate`, which has no field for a name, e-mail, phone, photo or
pronoun. Two resumes that differ only in those details produce the same `BlindCandidate` and
therefore the same score: blindness by construction, not by care. `lines` holds the resume's
lines with personal details and employers' names already blanked by the reader; they are read
only to match JD requirements the skills taxonomy cannot name ("NMC registration").
"""

from __future__ import annotations

from dataclasses import dataclass

from agents.taxonomy import load_taxonomy
from common.profiles import ResumeProfile


@dataclass(frozen=True)
class BlindSkill:
    """A skill, where it was found, how much its best mention says, how long it was used."""

    name: str
    sources: tuple[str, ...]
    months_used: int
    evidence: str
    weight: float = 1.0


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
    role_families: tuple[str, ...] = ()
    credentials: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    lines: tuple[str, ...] = ()

    def has(self, skill: str) -> bool:
        """The candidate claims this skill, credential or language."""
        return skill in self.skills or skill in self.credentials or skill in self.languages


def blind(profile: ResumeProfile, implies: dict[str, list[str]] | None = None) -> BlindCandidate:
    """Drop every personal field of a profile (evidence lines were masked by the reader), and
    add what its skills imply (`implies`, the taxonomy's by default): the resume names MySQL,
    a JD that asks for SQL finds it, with MySQL's evidence and months."""
    implies = load_taxonomy().implies if implies is None else implies
    skills = {
        s.name: BlindSkill(s.name, tuple(s.sources), s.months_used, s.evidence or "", s.weight)
        for s in profile.skills
    }
    # A parent the resume does not name takes the evidence of its longest-used child.
    children = sorted(profile.skills, key=lambda s: s.months_used, reverse=True)
    for s in children:
        for parent in implies.get(s.name, ()):
            if parent not in skills:
                evidence = f"implied by {s.name}: {s.evidence or ''}"
                skills[parent] = BlindSkill(
                    parent, tuple(s.sources), s.months_used, evidence, s.weight
                )
    return BlindCandidate(
        skills=skills,
        jobs=tuple(
            BlindJob(
                j.title, j.role_family, j.months or 0, _implied(j.skills, implies), j.start, j.end
            )
            for j in profile.work_history
        ),
        total_years=profile.total_years_experience,
        highest_degree=profile.highest_degree,
        current_title=profile.current_title or "",
        role_family=profile.role_family,
        location=profile.location,
        role_families=tuple(
            profile.role_families or ([profile.role_family] if profile.role_family else [])
        ),
        credentials=tuple(profile.credentials),
        languages=tuple(profile.languages),
        lines=tuple(profile.masked_lines),
    )


def _implied(skills: list[str], implies: dict[str, list[str]]) -> tuple[str, ...]:
    return tuple(dict.fromkeys([*skills, *(p for s in skills for p in implies.get(s, ()))]))
