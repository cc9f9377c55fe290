"""Work history: job entries (title, company, dates, description) from an experience section."""

# ruff: noqa: RUF001 - en dashes, curly quotes and look-alikes are data here

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from agents.reading.dates import DateRange, YearMonth, find_range

TITLE_WORDS = re.compile(
    r"\b(engineer|developer|manager|analyst|designer|scientist|nurse|director|lead|head|"
    r"architect|consultant|specialist|coordinator|officer|representative|executive|associate|"
    r"assistant|administrator|accountant|recruiter|generalist|partner|technician|intern|"
    r"programmer|teacher|advisor|adviser|owner|president|founder|clerk|agent|controller|"
    r"auditor|therapist|physician|pharmacist|supervisor|researcher|editor|writer|"
    r"marketer|strategist|buyer|planner|sales|tester|operator|trainer|cashier)s?\b",
    re.IGNORECASE,
)
_SEPARATORS = re.compile(r"\s+(?:—|–|-|@|\bat\b)\s+|\s*\|\s*|\s*,\s+")


@dataclass
class RawJob:
    """A job as found: its header text, dates and the lines under it."""

    title: str
    company: str
    start: YearMonth
    end: YearMonth | None
    lines: list[str] = field(default_factory=list)


def _is_bullet(line: str) -> bool:
    return bool(re.match(r"^\s*(?:[-•*▪◦●·–]|\d+[.)])\s+", line))


def title_score(text: str) -> int:
    """How much a phrase looks like a job title (count of title words)."""
    return len(TITLE_WORDS.findall(text))


def split_title_company(header: str, score: Callable[[str], int] = title_score) -> tuple[str, str]:
    """('Senior Engineer', 'Acme') from 'Senior Engineer — Acme', 'Acme | Senior Engineer',
    'Senior Engineer at Acme'; the part that looks like a job title is the title."""
    header = re.sub(r"[()\[\]]", " ", header).strip(" ,|—–-")
    parts = [p.strip(" ,|—–-") for p in _SEPARATORS.split(header) if p.strip(" ,|—–-")]
    if not parts:
        return "", ""
    if len(parts) == 1:
        return parts[0], ""
    best = max(parts, key=score)
    title = best if score(best) > 0 else parts[0]
    company = next((p for p in parts if p != title), "")
    return title, company


def parse_jobs(lines: list[str], score: Callable[[str], int] = title_score) -> list[RawJob]:
    """Jobs in the order written. A line holding a date range opens a job; its title and
    company come from that line or, when the line holds only dates, the line above it."""
    jobs: list[RawJob] = []
    previous: str | None = None
    for line in lines:
        found: DateRange | None = None if _is_bullet(line) else find_range(line)
        if found is None:
            if jobs:
                jobs[-1].lines.append(line)
            previous = line
            continue
        rest = (line[: found.span[0]] + " " + line[found.span[1] :]).strip(" ,|()—–-")
        if len(rest) < 3 and previous is not None:
            header = previous
            if jobs and jobs[-1].lines and jobs[-1].lines[-1] == previous:
                jobs[-1].lines.pop()  # the header line is not the last job's description
        else:
            header = rest
        title, company = split_title_company(header, score)
        jobs.append(RawJob(title, company, found.start, found.end))
        previous = line
    return jobs
