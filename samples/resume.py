"""A synthetic resume as structured content plus its ground truth (rendering is elsewhere)."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from agents.taxonomy import load_taxonomy
from samples.families import FAMILIES, FILLER, Family
from samples.people import Person

COMPANIES = [
    "Northwind Labs",
    "Bluebird Systems",
    "Larkspur Holdings",
    "Kestrel Partners",
    "Granite Works",
    "Harbor & Finch",
    "Quillon Group",
    "Meridian Stores",
    "Solstice Clinic",
    "Tallpine Industries",
    "Copperleaf Capital",
    "Brightwater Hospital",
    "Ironbark Ltd",
    "Saltmarsh & Co",
    "Fernhill Group",
    "Juniper Fields",
]
SCHOOLS = [
    "University of Eastbrook",
    "Westmoor University",
    "Lakeside Institute of Technology",
    "Université de Valbonne",
    "Northgate College",
    "Technische Hochschule Rheinfeld",
]
DEGREES = {  # level → spellings people use
    "bachelor": [
        "Bachelor of Science in {f}",
        "B.Sc. in {f}",
        "BA in {f}",
        "Bachelor's degree, {f}",
    ],
    "master": ["Master of Science in {f}", "M.Sc. {f}", "MSc in {f}", "Master's in {f}"],
    "phd": ["Ph.D. in {f}", "PhD, {f}", "Doctor of Philosophy in {f}"],
    "associate": ["Associate Degree in {f}", "A.A.S. in {f}"],
}
LEVEL_ORDER = ["high_school", "associate", "bachelor", "master", "phd"]
USE_TEMPLATES = [
    "{duty} using {skills}.",
    "Worked daily with {skills}.",
    "Applied {skills} to real problems.",
    "{duty}; main tools were {skills}.",
]


@dataclass
class JobSpec:
    """One position as the generator decided it (end None = present)."""

    title: str
    company: str
    start: tuple[int, int]
    end: tuple[int, int] | None
    skills: list[str]
    lines: list[str] = field(default_factory=list)


@dataclass
class ResumeTruth:
    """What a perfect reader extracts from this resume."""

    resume_id: str
    kind: str
    family: str
    name: str
    email: str
    phone: str
    location: str
    current_title: str
    total_years: float
    skills: list[str]
    experienced_skills: list[str]
    listed_only_skills: list[str]
    highest_degree: str | None
    certifications: list[str]
    twin_of: str | None = None


@dataclass
class ResumeDoc:
    """Everything a renderer needs to lay out one resume."""

    person: Person
    summary: str
    jobs: list[JobSpec]
    skills_list: list[str]
    education: list[tuple[str, str, str, int]]  # (degree text, school, level, year)
    certifications: list[str]
    filler: list[str]
    date_style: str
    headings: dict[str, str]
    truth: ResumeTruth


def month_index(ym: tuple[int, int]) -> int:
    """Months since year 0 (inclusive counting uses +1 on ranges)."""
    return ym[0] * 12 + ym[1] - 1


def merged_years(jobs: list[JobSpec], as_of: tuple[int, int]) -> float:
    """Years covered by the union of the jobs' months (overlaps counted once)."""
    months: set[int] = set()
    for job in jobs:
        months.update(range(month_index(job.start), month_index(job.end or as_of) + 1))
    return round(len(months) / 12, 2)


def spell(rng: random.Random, skill: str, alias_rate: float) -> str:
    """The skill as a person might write it: canonical, or sometimes one of its aliases."""
    aliases = load_taxonomy().aliases.get(skill, [])
    if aliases and rng.random() < alias_rate:
        return rng.choice(aliases)
    return skill


def build_jobs(
    rng: random.Random,
    fam: Family,
    experienced: list[str],
    years: float,
    as_of: tuple[int, int],
    overlap: bool,
    alias_rate: float,
) -> list[JobSpec]:
    """A work history covering about `years`, newest first, using every experienced skill."""
    count = 1 if years < 2.5 else 2 if years < 6 else 3
    total = max(6, round(years * 12))
    cuts = sorted(rng.sample(range(3, total - 2), count - 1)) if count > 1 else []
    lengths = [b - a for a, b in zip([0, *cuts], [*cuts, total], strict=True)]
    jobs: list[JobSpec] = []
    end_idx = month_index(as_of)
    pool = list(experienced)
    rng.shuffle(pool)
    shares = [pool[i::count] for i in range(count)]
    for i, length in enumerate(lengths):
        start_idx = end_idx - length + 1
        gap = rng.choice([0, 0, 1, 2])
        title = rng.choice(fam.seniors if i == 0 and years > 6 else fam.titles)
        job = JobSpec(
            title,
            rng.choice(COMPANIES),
            divmod_ym(start_idx),
            None if i == 0 else divmod_ym(end_idx),
            shares[i],
        )
        jobs.append(job)
        end_idx = start_idx - 1 - gap
    if overlap and len(jobs) >= 2:
        # A part-time role running alongside the main one: the union must not double count.
        main = jobs[1]
        s = month_index(main.start) + 2
        jobs.insert(
            2,
            JobSpec(
                f"Part-time {rng.choice(fam.titles)}",
                rng.choice(COMPANIES),
                divmod_ym(s),
                divmod_ym(s + 5),
                [],
            ),
        )
    for job in jobs:
        job.lines = job_lines(rng, fam, job.skills, alias_rate)
    return jobs


def divmod_ym(index: int) -> tuple[int, int]:
    """Inverse of `month_index`."""
    year, month0 = divmod(index, 12)
    return (year, month0 + 1)


def job_lines(rng: random.Random, fam: Family, skills: list[str], alias_rate: float) -> list[str]:
    """Bullet lines that put each skill to use (two or three skills a line)."""
    lines: list[str] = []
    rest = list(skills)
    while rest:
        k = rng.randint(1, 3)
        take, rest = rest[:k], rest[k:]
        words = [spell(rng, s, alias_rate) for s in take]
        joined = words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]
        duty = rng.choice(fam.duties or ["delivered the team's work"])
        line = rng.choice(USE_TEMPLATES).format(duty=duty, skills=joined)
        lines.append(line[0].upper() + line[1:])
    if not lines:
        lines.append(rng.choice(fam.duties).capitalize() + ".")
    return lines


def education_for(
    rng: random.Random, fam: Family, level: str | None, grad_year: int
) -> list[tuple[str, str, str, int]]:
    """Degree entries up to `level` (a master's holder lists the bachelor's too)."""
    if level is None:
        return []
    out: list[tuple[str, str, str, int]] = []
    levels = ["bachelor", "master", "phd"]
    chain = levels[: levels.index(level) + 1] if level in levels else [level]
    year = grad_year - 2 * (len(chain) - 1)
    for lvl in chain:
        text = rng.choice(DEGREES[lvl]).format(f=fam.degree_field)
        out.append((text, rng.choice(SCHOOLS), lvl, year))
        year += 2
    return list(reversed(out))


def filler_lines(rng: random.Random, n: int) -> list[str]:
    """`n` skill-free sentences (for verbose resumes)."""
    return [rng.choice(FILLER) for _ in range(n)]


def family(key: str) -> Family:
    """The generator's role family by key."""
    return FAMILIES[key]
