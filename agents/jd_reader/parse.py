"""JD text → `JDProfile`: title, role family, required vs preferred skills, years, degree, place.

A skill is preferred when it sits under a "nice to have / preferred / bonus" heading or its line
says so ("... is a plus", "ideally"); required when under a requirements heading or its line says
"must / required"; skills only named in the duties count as required, in the company blurb not
at all.
"""

# ruff: noqa: RUF001 - en dashes, curly quotes and look-alikes are data here

from __future__ import annotations

import re

from agents.reading.degrees import lowest_level
from agents.reading.sections import JD_HEADINGS, split_sections
from agents.taxonomy import load_taxonomy
from common.profiles import JDProfile

READER_VERSION = "jd-reader-1.0"
_PREFERRED_LINE = re.compile(
    r"\b(nice to have|is a plus|are a plus|a plus|bonus|preferred|ideally|desirable|"
    r"good to have|advantage|advantageous|familiarity with)\b",
    re.IGNORECASE,
)
_REQUIRED_LINE = re.compile(
    r"\b(must|required|requires|mandatory|essential|need to)\b", re.IGNORECASE
)
_YEARS = re.compile(
    r"(?:at least|minimum(?: of)?|min\.?)?\s*(\d{1,2})\s*(?:\+|plus)?\s*(?:(?:-|–|to)\s*(\d{1,2}))?"
    r"\s*\+?\s*(?:years?|yrs?)\b",
    re.IGNORECASE,
)
_TITLE_PREFIX = re.compile(r"^(?:job title|title|position|role)\s*:\s*", re.IGNORECASE)
_REMOTE = re.compile(r"\b(remote|work from home|wfh|anywhere)\b", re.IGNORECASE)
_ONSITE = re.compile(r"\b(on-?site|in[- ]office|hybrid)\b", re.IGNORECASE)
_PLACE = re.compile(r"([^\W\d_][\w .'\-]{1,40},\s*[^\W\d_][\w .'\-]{1,30}?)(?:\s*\(|$)")


def reader_version() -> str:
    """Code version plus taxonomy version (part of the cache key)."""
    return f"{READER_VERSION}+tx{load_taxonomy().version}"


def read_jd(text: str) -> JDProfile:
    """Structure one job description."""
    tx = load_taxonomy()
    sections = split_sections(text, JD_HEADINGS)
    lines = [line for s in sections for line in s.lines]
    title = _title(lines)
    required: list[str] = []
    preferred: list[str] = []
    for section in sections:
        for line in section.lines:
            if line == title or section.key == "about":
                continue
            # "Strong SQL; Tableau is a plus": each clause is bucketed on its own.
            for clause in re.split(
                r";\s+|\.\s+|,\s+(?:and\s+)?(?=[a-z\s]*(?:is|are)\s+a\s+plus)", line
            ):
                names = tx.names(clause)
                target = _bucket(section.key, clause) if names else None
                if target is not None:
                    (required if target == "required" else preferred).extend(names)
    required = list(dict.fromkeys(required))
    preferred = [s for s in dict.fromkeys(preferred) if s not in required]
    min_years, max_years = _years(sections)
    location, remote = _place(lines[:6], text)
    return JDProfile(
        title=title,
        role_family=tx.role_family(title, required + preferred),
        required_skills=required,
        preferred_skills=preferred,
        min_years=min_years,
        max_years=max_years,
        education_level=_education(lines),
        location=location,
        remote=remote,
        reader_version=reader_version(),
    )


def _title(lines: list[str]) -> str:
    for line in lines[:5]:
        if _TITLE_PREFIX.match(line):
            return _TITLE_PREFIX.sub("", line).strip()
    for line in lines[:3]:
        cleaned = line.strip(" #*-")
        if cleaned and len(cleaned) <= 80 and cleaned.lower() not in ("job description", "jd"):
            return cleaned
    return ""


def _bucket(section: str, line: str) -> str | None:
    if _PREFERRED_LINE.search(line):
        return "preferred"
    if section == "preferred":
        return "preferred"
    if section in ("required", "duties") or _REQUIRED_LINE.search(line):
        return "required"
    return "required" if section == "header" else None


def _years(sections: list) -> tuple[float | None, float | None]:
    candidates: list[tuple[int, int | None]] = []
    for section in sections:
        if section.key == "about":
            continue
        for line in section.lines:
            if "experience" not in line.lower() and section.key != "required":
                continue
            for match in _YEARS.finditer(line):
                low = int(match.group(1))
                high = int(match.group(2)) if match.group(2) else None
                if 0 < low <= 30:
                    candidates.append((low, high))
    if not candidates:
        return None, None
    low, high = min(candidates)
    return float(low), float(high) if high else None


def _education(lines: list[str]) -> str | None:
    for line in lines:
        if re.search(r"degree|bachelor|master|ph\.?d|diploma|b\.?sc|m\.?sc", line, re.I):
            level = lowest_level(line)
            if level:
                return level
    return None


def _place(head: list[str], text: str) -> tuple[str | None, bool | None]:
    remote: bool | None = None
    location: str | None = None
    for line in head:
        explicit = re.match(r"^location\s*:\s*(.+)$", line, re.IGNORECASE)
        if explicit:
            line = explicit.group(1)
        if _REMOTE.search(line):
            remote = True
        elif _ONSITE.search(line):
            remote = False
        for piece in re.split(r"\s+[—–|-]\s+", line):
            match = _PLACE.search(piece.strip())
            if match and location is None:
                location = match.group(1).strip()
    if remote is None and _REMOTE.search(text[:2000]):
        remote = True
    if location and remote is None:
        remote = False
    return location, remote
