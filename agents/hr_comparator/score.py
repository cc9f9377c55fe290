"""Score a blind candidate against a JD profile: components, breakdown and evidence.

Each component is 0..1. Components the JD does not state (no minimum years, no degree, no
location) are left out and the remaining weights renormalised, so a JD is never penalised for
silence. A skill only listed (skills section, summary) earns `listed_skill_credit`; a skill used
in dated work earns 0.7 to 1.0 by how long it was used: keyword stuffing does not pay.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from agents.hr_comparator.blind import BlindCandidate, BlindJob
from agents.hr_comparator.weights import Weights
from agents.reading.dates import merged_months
from common.profiles import JDProfile, MatchBreakdown

_WORD = re.compile(r"[a-z]+")
_STOP = {
    "senior",
    "junior",
    "lead",
    "staff",
    "principal",
    "part",
    "time",
    "the",
    "of",
    "and",
    "head",
    "i",
    "ii",
    "iii",
}


@dataclass
class Evidence:
    """One JD requirement and what the resume shows for it."""

    requirement: str
    kind: str  # required_skill / preferred_skill / experience / education / location / role
    status: str  # met / partial / missing / not_stated
    evidence: str
    weight: float

    def as_dict(self) -> dict[str, object]:
        """The stored form."""
        return dict(self.__dict__)


@dataclass
class ScoreResult:
    """A score, its parts and their evidence."""

    score: float
    components: dict[str, float]
    breakdown: MatchBreakdown
    evidence: list[Evidence] = field(default_factory=list)
    skills_matched: list[str] = field(default_factory=list)
    skills_missing: list[str] = field(default_factory=list)
    relevant_years: float = 0.0


def skill_credit(cand: BlindCandidate, skill: str, weights: Weights) -> tuple[float, Evidence]:
    """How much of one skill the candidate shows, and the line that shows it."""
    found = cand.skills.get(skill)
    if found is None:
        return 0.0, Evidence(skill, "", "missing", "not found in the resume", 0.0)
    if found.months_used > 0 or "experience" in found.sources:
        credit = 0.7 + 0.3 * min(found.months_used / 24, 1.0)
        return credit, Evidence(skill, "", "met", found.evidence, 0.0)
    where = ", ".join(s.replace("_", " ") for s in found.sources) or "resume"
    return weights.listed_skill_credit, Evidence(
        skill,
        "",
        "partial",
        f"listed only ({where}), no dated work behind it: {found.evidence}",
        0.0,
    )


def _skills(
    jd_skills: list[str], kind: str, cand: BlindCandidate, weights: Weights, weight: float
) -> tuple[float | None, list[Evidence]]:
    if not jd_skills:
        return None, [
            Evidence(f"{kind.replace('_', ' ')}s", kind, "not_stated", "the JD lists none", weight)
        ]
    credits, evidence = [], []
    for skill in jd_skills:
        credit, ev = skill_credit(cand, skill, weights)
        ev.kind, ev.weight = kind, round(weight / len(jd_skills), 4)
        credits.append(credit)
        evidence.append(ev)
    return sum(credits) / len(credits), evidence


def _relevant(job: BlindJob, jd: JDProfile) -> bool:
    wanted = set(jd.required_skills) | set(jd.preferred_skills)
    return (jd.role_family is not None and job.role_family == jd.role_family) or bool(
        wanted & set(job.skills)
    )


def relevant_years(cand: BlindCandidate, jd: JDProfile) -> float:
    """Years in jobs of the JD's role family or using its skills (overlaps merged)."""
    ranges = []
    for job in cand.jobs:
        if _relevant(job, jd) and job.start:
            end = job.end or _latest_end(cand)
            ranges.append((_ym(job.start), _ym(end)))
    return merged_months(ranges) / 12


def _latest_end(cand: BlindCandidate) -> str:
    # An ongoing job runs to "now"; its length (months) already counts up to today.
    from datetime import date

    today = date.today()
    return f"{today.year:04d}-{today.month:02d}"


def _ym(text: str) -> tuple[int, int]:
    year, month = text.split("-")
    return int(year), int(month)


def _title_similarity(cand: BlindCandidate, jd: JDProfile) -> float:
    jd_words = {w for w in _WORD.findall(jd.title.lower()) if w not in _STOP}
    best = 0.0
    for job in cand.jobs[:3] or ():
        words = {w for w in _WORD.findall(job.title.lower()) if w not in _STOP}
        overlap = len(words & jd_words) / len(jd_words | words) if jd_words | words else 0.0
        family = 0.6 if jd.role_family and job.role_family == jd.role_family else 0.0
        best = max(best, min(1.0, family + 0.4 * overlap) if family else 0.5 * overlap)
    return best


def _location(cand: BlindCandidate, jd: JDProfile) -> tuple[float | None, str]:
    if jd.remote:
        return 1.0, "the role is remote"
    if not jd.location:
        return None, "the JD states no location"
    if not cand.location:
        return 0.5, "the resume states no location"
    a = [p.strip().lower() for p in cand.location.split(",")]
    b = [p.strip().lower() for p in jd.location.split(",")]
    if a[0] == b[0]:
        return 1.0, f"based in {cand.location}"
    if a[-1] == b[-1]:
        return 0.7, f"based in {cand.location}, same region as {jd.location}"
    return 0.2, f"based in {cand.location}; the role is in {jd.location}"


def _stability(cand: BlindCandidate) -> float:
    tenures = [j.months for j in cand.jobs if j.months and not j.title.lower().startswith("part")]
    if not tenures:
        return 0.0
    return min(1.0, (sum(tenures) / len(tenures)) / 36)
