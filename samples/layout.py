"""Turn a `ResumeDoc` into the lines every renderer lays out (headings, entries, bullets)."""

# ruff: noqa: RUF002 - en dashes, curly quotes and look-alikes are data here

from __future__ import annotations

import random
from dataclasses import dataclass

from samples.resume import JobSpec, ResumeDoc

MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
MONTHS_LONG = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
DATE_STYLES = ["mon", "month", "iso", "slash", "mon", "iso", "year"]
HEADINGS = {
    "summary": ["Summary", "Profile", "About Me", "Professional Summary"],
    "experience": [
        "Experience",
        "Work History",
        "Professional Experience",
        "Employment",
        "WORK EXPERIENCE",
        "Employment History",
    ],
    "skills": ["Skills", "Technical Skills", "Core Competencies", "SKILLS", "Key Skills"],
    "education": ["Education", "EDUCATION", "Academic Background", "Education & Training"],
    "certifications": ["Certifications", "Licenses & Certifications", "Certificates"],
    "interests": ["Interests", "Other", "Personal"],
}


@dataclass(frozen=True)
class Line:
    """One rendered line: `kind` is name / contact / heading / entry / bullet / text."""

    kind: str
    text: str


def pick_headings(rng: random.Random) -> dict[str, str]:
    """One spelling per section for one resume."""
    return {key: rng.choice(options) for key, options in HEADINGS.items()}


def fmt_date(ym: tuple[int, int] | None, style: str, present: str) -> str:
    """A month in the given style ('Present' for None)."""
    if ym is None:
        return present
    year, month = ym
    return {
        "mon": f"{MONTHS[month - 1]} {year}",
        "month": f"{MONTHS_LONG[month - 1]} {year}",
        "iso": f"{year}-{month:02d}",
        "slash": f"{month:02d}/{year}",
        "year": str(year),
    }[style]


def date_range(job: JobSpec, style: str, rng: random.Random) -> str:
    """'Jan 2019 – Present', '2019-01 to 2021-06', '03/2018 - 12/2020', '2017 – 2019'."""
    present = rng.choice(["Present", "Present", "Now", "Current", "today"])
    sep = {"iso": " to ", "slash": " - "}.get(style, rng.choice([" – ", " - ", " — "]))
    return f"{fmt_date(job.start, style, present)}{sep}{fmt_date(job.end, style, present)}"


def entry_line(job: JobSpec, dates: str, pattern: int) -> list[Line]:
    """A job's heading line(s) in one of the shapes resumes use."""
    if pattern == 0:
        return [Line("entry", f"{job.title} — {job.company}"), Line("text", dates)]
    if pattern == 1:
        return [Line("entry", f"{job.company} | {job.title} | {dates}")]
    return [Line("entry", f"{job.title} at {job.company} ({dates})")]


def contact_lines(doc: ResumeDoc) -> list[Line]:
    """Name, then e-mail / phone / location."""
    p = doc.person
    return [Line("name", p.name), Line("contact", f"{p.email} | {p.phone} | {p.location}")]


def body_lines(doc: ResumeDoc, rng: random.Random, *, include_sidebar: bool = True) -> list[Line]:
    """Every section after the contact block, in the usual order."""
    h = doc.headings
    out: list[Line] = []
    if doc.summary:
        out += [Line("heading", h["summary"]), Line("text", doc.summary)]
    out.append(Line("heading", h["experience"]))
    pattern = rng.randrange(3)
    for job in doc.jobs:
        out += entry_line(job, date_range(job, doc.date_style, rng), pattern)
        out += [Line("bullet", line) for line in job.lines]
    if include_sidebar:
        out += sidebar_lines(doc)
    if doc.filler:
        out += [Line("heading", h["interests"]), Line("text", " ".join(doc.filler))]
    return out


def sidebar_lines(doc: ResumeDoc) -> list[Line]:
    """Skills, education and certifications (a two-column PDF puts them in the sidebar)."""
    h = doc.headings
    out: list[Line] = []
    if doc.skills_list:
        out += [Line("heading", h["skills"]), Line("text", ", ".join(doc.skills_list))]
    if doc.education:
        out.append(Line("heading", h["education"]))
        for degree, school, _level, year in doc.education:
            out.append(Line("text", f"{degree}, {school}, {year}"))
    if doc.certifications:
        out.append(Line("heading", h["certifications"]))
        out += [Line("bullet", c) for c in doc.certifications]
    return out


def as_text(lines: list[Line]) -> str:
    """Plain-text rendering: headings on their own line, bullets with a dash."""
    out: list[str] = []
    for line in lines:
        if line.kind == "heading":
            out += ["", line.text]
        elif line.kind == "bullet":
            out.append(f"- {line.text}")
        else:
            out.append(line.text)
    return "\n".join(out).strip() + "\n"
