"""Resume text → `ResumeProfile`: contact, work history, experience, skills, education.

Pure function of the text (and today's date, for jobs that are still ongoing). Personal details
are read for display only; skills are matched on text with those details blanked out, so a name
like "Ruby Rose" never becomes a skill.
"""

from __future__ import annotations

import re
from datetime import date

from agents.reading.contact import find_email, find_location, find_name, find_phone, mask_personal
from agents.reading.dates import merged_months, months_between, ym_str
from agents.reading.degrees import degree_level, rank
from agents.reading.history import RawJob, parse_jobs, title_score
from agents.reading.sections import RESUME_HEADINGS, Section, split_sections
from agents.taxonomy import Taxonomy, load_taxonomy
from common.profiles import Education, Job, ResumeProfile, SkillMention, SkillSource

READER_VERSION = "resume-reader-1.0"
_SOURCE: dict[str, SkillSource] = {
    "skills": "skills_section",
    "experience": "experience",
    "summary": "summary",
    "education": "education",
    "certifications": "education",
}
_CERT_RE = re.compile(
    r"\b(certified|certification|certificate|license|licence)\b|^[A-Z]{2,6}$", re.IGNORECASE
)


def reader_version() -> str:
    """The version that keys the cache: code version plus taxonomy version."""
    return f"{READER_VERSION}+tx{load_taxonomy().version}"


def read_resume(text: str, today: date | None = None) -> ResumeProfile:
    """Structure one resume's text."""
    tx = load_taxonomy()
    now = today or date.today()
    sections = split_sections(text, RESUME_HEADINGS)
    header = sections[0].lines
    top = header[:8] if header else text.splitlines()[:8]
    name = find_name(top)
    email = find_email("\n".join(top)) or find_email(text)
    phone = find_phone("\n".join(top))
    location = find_location(top)
    jobs = _jobs(sections, tx, (now.year, now.month))
    skills = _skills(sections, jobs, tx, name, phone, (now.year, now.month))
    education = _education(sections)
    current = _current(jobs)
    ranges = [
        (_ym(j.start), _ym(j.end) if j.end else (now.year, now.month)) for j in jobs if j.start
    ]
    return ResumeProfile(
        name=name,
        email=email,
        phone=phone,
        location=location,
        current_title=current.title if current else None,
        total_years_experience=round(merged_months(ranges) / 12, 1),
        skills=skills,
        highest_degree=max((e.level for e in education if e.level), key=rank, default=None),
        education=education,
        work_history=jobs,
        certifications=_certifications(sections),
        role_family=tx.role_family(current.title if current else "", [s.name for s in skills]),
        summary=" ".join(x for s in sections if s.key == "summary" for x in s.lines)[:500],
        reader_version=reader_version(),
    )


def _ym(text: str) -> tuple[int, int]:
    year, month = text.split("-")
    return int(year), int(month)


def _title_score(tx: Taxonomy) -> object:
    def score(text: str) -> int:
        lowered = text.lower()
        phrase = any(p in lowered for phrases in tx.titles.values() for p in phrases)
        return title_score(text) + (2 if phrase else 0)

    return score


def _jobs(sections: list[Section], tx: Taxonomy, now: tuple[int, int]) -> list[Job]:
    lines = [line for s in sections if s.key == "experience" for line in s.lines]
    if not lines:  # no heading found: dated lines anywhere may still be jobs
        lines = [line for s in sections if s.key in ("header", "other") for line in s.lines]
    raw: list[RawJob] = parse_jobs(lines, _title_score(tx))  # type: ignore[arg-type]
    jobs: list[Job] = []
    for r in raw:
        description = "\n".join(r.lines)
        skills = tx.names(f"{r.title}\n{description}")
        jobs.append(
            Job(
                title=r.title,
                company=r.company,
                start=ym_str(r.start),
                end=ym_str(r.end),
                months=months_between(r.start, r.end or now),
                description=description[:2000],
                skills=skills,
                role_family=tx.role_family(r.title),
            )
        )
    return jobs


def _current(jobs: list[Job]) -> Job | None:
    if not jobs:
        return None
    ongoing = [j for j in jobs if j.end is None and not j.title.lower().startswith("part-time")]
    pool = ongoing or [j for j in jobs if j.end is None] or jobs
    return max(pool, key=lambda j: (j.end or "9999-99", j.start or "", j.months or 0))


def _skills(
    sections: list[Section],
    jobs: list[Job],
    tx: Taxonomy,
    name: str | None,
    phone: str | None,
    now: tuple[int, int],
) -> list[SkillMention]:
    found: dict[str, SkillMention] = {}
    for section in sections:
        if section.key == "header" and len(sections) > 1:
            continue  # the contact block: personal data, never skills
        source = _SOURCE.get(section.key, "other")
        for line in section.lines:
            masked = mask_personal(line, name, phone)
            for hit in tx.find(masked):
                mention = found.setdefault(hit.name, SkillMention(name=hit.name, family=hit.family))
                if source not in mention.sources:
                    mention.sources.append(source)
                if mention.evidence is None or (
                    source == "experience" and "experience" not in mention.sources[:-1]
                ):
                    mention.evidence = " ".join(masked.split())[:300]
    for job in jobs:
        end = job.end or f"{now[0]:04d}-{now[1]:02d}"
        for skill in job.skills:
            mention = found.setdefault(skill, SkillMention(name=skill, family=tx.family_of[skill]))
            mention.months_used += job.months or 0
            if "experience" not in mention.sources:
                mention.sources.append("experience")
            if mention.last_used is None or end > mention.last_used:
                mention.last_used = end
    return list(found.values())


def _education(sections: list[Section]) -> list[Education]:
    out: list[Education] = []
    for line in (x for s in sections if s.key == "education" for x in s.lines):
        level = degree_level(line)
        if level is None:
            continue
        year = re.findall(r"\b(?:19|20)\d{2}\b", line)
        school = next(
            (
                p.strip()
                for p in line.split(",")
                if re.search(r"universit|college|institut|school|hochschule|academy", p, re.I)
            ),
            None,
        )
        field = re.search(r"\b(?:in|of)\s+([A-Z][\w &]+?)(?:,|$)", line)
        out.append(
            Education(
                degree=line.split(",")[0].strip(),
                level=level,
                field=field.group(1).strip() if field else None,
                institution=school,
                year=int(year[-1]) if year else None,
            )
        )
    return out


def _certifications(sections: list[Section]) -> list[str]:
    certs = [
        x.lstrip("-•* ").strip() for s in sections if s.key == "certifications" for x in s.lines
    ]
    return [c for c in dict.fromkeys(certs) if c and (_CERT_RE.search(c) or len(c) < 80)]
