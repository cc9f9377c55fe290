"""Resume text → `ResumeProfile`: contact, work history, experience, skills, education.

A pure function of the text (and today's date, for jobs that are still ongoing). It degrades
gracefully: nothing depends on finding one exact heading. Sections only weigh what is found;
skills are read from the whole document; every date range that is not an education, training or
volunteering entry is a job; titles are chosen by what a title looks like. Personal details are
read for display only, and blanked out before skills are matched, so a name like "Ruby Rose"
never becomes a skill. Every decision is kept in `notes` (which text, which rule).
"""

# ruff: noqa: RUF001
# (en dashes, curly quotes and look-alikes are data here)

from __future__ import annotations

import re
from datetime import date

from agents.reading.contact import find_email, find_name, find_phone, personal_mask
from agents.reading.dates import (
    day_first,
    last_month_worked,
    merged_months,
    months_between,
    ym_str,
)
from agents.reading.degrees import IN_PROGRESS, degree_level, rank
from agents.reading.history import Line, RawJob, find_jobs, is_bullet
from agents.reading.places import find_location
from agents.reading.sections import RESUME_VOCABULARY, split_sections
from agents.reading.skills import Mention, find_mentions
from agents.reading.text import normalise, stated_years
from agents.reading.titles import (
    COMPANY_MARKERS,
    clean_title,
    display_title,
    looks_like_place,
    title_score,
)
from agents.taxonomy import Taxonomy, load_taxonomy
from common.profiles import (
    Education,
    Job,
    ReadingNote,
    ResumeProfile,
    SkillMention,
    SkillSource,
)

READER_VERSION = "resume-reader-2.5"
_SOURCE: dict[str, SkillSource] = {
    "skills": "skills_section",
    "languages": "skills_section",
    "experience": "experience",
    "summary": "summary",
    "header": "header",
    "projects": "projects",
    "education": "education",
    "training": "education",
    "certifications": "certifications",
    "achievements": "achievements",
}
_CERT_RE = re.compile(
    r"\b(certified|certification|certificate|license|licence|registration|registered)\b"
    r"|^[A-Z]{2,6}\b",
    re.IGNORECASE,
)
_INSTITUTION = re.compile(
    r"universit\w*|college|institut\w*|school|hochschule|academy|polytechnic|conservatoire", re.I
)
_MAX_MASKED_LINES = 400
_HEADLINE_SPLIT = re.compile(r"[|•·,]|\s{2,}|(?<=\s)[-–—](?=\s)")
_CLAUSES = re.compile(r"(?<=[.;])\s+|\s[·•|]\s")
_MAX_EMPLOYERS_MASKED = 20
# Sections whose places are an employer's or a school's, never the candidate's home.
_NOT_HOME = {"experience", "education", "projects", "volunteering", "training", "references"}


def reader_version() -> str:
    """The version that keys the cache: code version plus taxonomy version."""
    return f"{READER_VERSION}+tx{load_taxonomy().version}"


def read_resume(text: str, today: date | None = None) -> ResumeProfile:
    """Structure one resume's text."""
    tx = load_taxonomy()
    now = today or date.today()
    text = normalise(text)
    sections = split_sections(text, RESUME_VOCABULARY)
    lines = [Line(x, s.key) for s in sections for x in s.lines]
    top = [ln.text for ln in lines[:10]]
    personal = [ln.text for ln in lines if ln.section == "personal"]
    name = find_name(top)
    email = find_email("\n".join(top + personal)) or find_email(text)
    phone = find_phone("\n".join(top + personal)) or find_phone("\n".join(ln.text for ln in lines))
    location = find_location(top + personal) or find_location(
        [ln.text for ln in lines[:40] if ln.section not in _NOT_HOME], strict=True
    )
    notes: list[ReadingNote] = []

    raw = find_jobs(lines, day_first(text))
    employers = _employers(raw, tx)

    # Personal details and employers' names are never skills ('Redmark Logistics').
    mask = personal_mask(name, phone, email, *employers)

    mentions = _not_employers(find_mentions(lines, tx, mask), raw, lines)
    worked = last_month_worked(now)
    jobs = _jobs(raw, lines, mentions, tx, worked, mask)
    found, negated = _skills(mentions, jobs, tx, worked)
    skills = [m for m in found if m.family != "languages" and m.name not in tx.credentials]
    education = _education(lines)
    current = _current(jobs)
    title = display_title(current.title) if current else _headline(top, name)
    ranges = [(_ym(j.start), _ym(j.end) if j.end else worked) for j in jobs if j.start]
    undated = sum(j.months or 0 for j in jobs if not j.start)  # lengths only: '(3 yrs)'
    months = merged_months(ranges) + undated
    years = round(months / 12, 1)
    if (ranges or undated) and years == 0:
        years = 0.1  # a dated job is never no experience
    if not ranges and not undated:
        claimed = stated_years(" ".join(ln.text for ln in lines[:40]))
        if claimed:
            years = claimed
            notes.append(
                ReadingNote(
                    field="total_years_experience",
                    value=str(claimed),
                    rule="no dated job: the years the resume states",
                )
            )
    notes += [
        ReadingNote(
            field="work_history",
            value=f"{j.title} ({j.start}..{j.end or 'now'})",
            text=j.company,
            rule=j.rule,
        )
        for j in jobs
    ]
    if current is None and title:
        notes.append(ReadingNote(field="current_title", value=title, rule="headline near the name"))
    families = _families(jobs, skills, tx, title)
    return ResumeProfile(
        name=name,
        email=email,
        phone=phone,
        location=location,
        current_title=title or None,
        total_years_experience=years,
        skills=skills,
        highest_degree=max(
            (e.level for e in education if e.level and e.completed), key=rank, default=None
        ),
        education=education,
        work_history=jobs,
        certifications=_certifications(lines),
        credentials=[m.name for m in found if m.name in tx.credentials],
        languages=[m.name for m in found if m.family == "languages"],
        role_family=families[0] if families else None,
        role_families=families,
        negated_skills=negated,
        summary=" ".join(ln.text for ln in lines if ln.section == "summary")[:500],
        masked_lines=_masked_lines(lines, mask),
        notes=notes,
        reader_version=reader_version(),
    )


def _ym(text: str) -> tuple[int, int]:
    year, month = text.split("-")
    return int(year), int(month)


def _jobs(
    raw: list[RawJob], lines: list[Line], mentions: list[Mention], tx: Taxonomy, now, mask
) -> list[Job]:
    jobs: list[Job] = []
    for r in raw:
        description = "\n".join(r.lines)
        jobs.append(
            Job(
                title=clean_title(r.title),
                company=clean_title(r.company),
                start=ym_str(r.start),
                end=ym_str(r.end),
                months=r.months if r.start is None else months_between(r.start, r.end or now),
                description=description[:2000],
                skills=_job_skills(r, lines, mentions, tx, mask),
                role_family=tx.role_family(r.title),
                rule=f"{'dates' if r.start else 'length'} '{r.date_text}'; {r.rule}",
            )
        )
    return jobs


_PIECES = re.compile(r"(?<=\s)(?:—|–|-|@|at)(?=\s)|\||,(?=\s)|\t+|\s{2,}|·|\(|\)")
_COURSE_CODE = re.compile(r"^[A-Z]{2,5}\d{3,5}$")  # 'COMP5110 Probabilistic Modelling'
_NAME_WORD = re.compile(r"^(?:[A-Z0-9][\w.'’&-]*|&|of|and|the|for|de|la)$")


def _employers(raw: list[RawJob], tx: Taxonomy) -> list[str]:
    """The employers' names the work history gives, longest first, to be blanked wherever
    they are written ('Harborview Medical Billing' under a table of jobs is not Medical
    billing): a name with a company marker, or a proper name of two or more words that is
    not a title or a place and has a word of its own besides the skills it contains."""
    names = set()
    for job in raw:
        company = job.company.strip(" ,;")
        if len(company) < 4:
            continue
        if COMPANY_MARKERS.search(company) or _proper_name(company, tx):
            names.add(company)
    return sorted(names, key=len, reverse=True)[:_MAX_EMPLOYERS_MASKED]


def _proper_name(piece: str, tx: Taxonomy) -> bool:
    words = piece.split()
    if len(words) < 2 or not all(_NAME_WORD.match(w) for w in words):
        return False
    if title_score(piece) > 0 or looks_like_place(piece):
        return False
    rest = piece
    for hit in sorted(tx.find(piece), key=lambda h: -h.start):
        rest = rest[: hit.start] + " " + rest[hit.end :]
    return any(w[:1].isupper() and len(w) > 1 for w in rest.split())


def _not_employers(mentions: list[Mention], raw: list[RawJob], lines: list[Line]) -> list[Mention]:
    """Drop mentions inside an employer's name on a job's header lines ('Harborview Medical
    Billing', 'Quillstone Procurement', 'Norrland Hydraulics Inc.'): a piece of the header that
    is a proper name of two or more words, not a job title, with a word of its own besides
    the term."""
    header: set[int] = set()
    companies = {j.company.split("(")[0].strip() for j in raw} - {""}
    for job in raw:
        section = lines[job.anchor].section if job.anchor < len(lines) else None
        for i in range(max(0, job.anchor - 2), min(len(lines), job.anchor + 2)):
            line = lines[i]
            if line.section == section and not is_bullet(line.text) and len(line.text) <= 140:
                header.add(i)
    return [
        m
        for m in mentions
        if m.line not in header
        or not (
            _in_a_name(m, lines[m.line].text) or _about_employer(m, lines[m.line].text, companies)
        )
    ]


def _about_employer(m: Mention, line: str, companies: set[str]) -> bool:
    """'Tallyforge (accounting automation for SMEs)', 'R-Style Ltd (womenswear brand)': what
    an employer does, in brackets after its name, is not the person's skill."""
    opened = line.rfind("(", 0, m.column)
    if opened < 0 or ")" in line[opened : m.column]:
        return False
    before = line[:opened].rstrip(" ,")
    return any(before.endswith(c) for c in companies)


def _in_a_name(m: Mention, line: str) -> bool:
    if ":" in line[: m.column]:
        return False  # 'Standards: MISRA C, AUTOSAR': a labelled list, not a header
    start = 0
    for piece in _PIECES.split(line):
        at = line.find(piece, start)
        start = at + len(piece) if at >= 0 else start
        if not (at <= m.column < at + len(piece)):
            continue
        words = piece.split()
        rest = " ".join(piece.replace(m.term or m.name, " ").split())
        return (
            len(words) >= 2
            and all(_NAME_WORD.match(w) for w in words)
            and not _COURSE_CODE.match(words[0])
            and title_score(piece) <= 0
            and not looks_like_place(piece)
            and any(w[:1].isupper() for w in rest.split())
        )
    return False


def _job_skills(
    job: RawJob, lines: list[Line], mentions: list[Mention], tx: Taxonomy, mask
) -> list[str]:
    """What the job's title names, and the document's mentions on the job's own lines: the
    same mentions, with the same rules (negation, domains, courses), as the skills list; what
    a skill implies is left to the comparison."""
    section = lines[job.anchor].section if job.anchor < len(lines) else ""
    own = [
        m.name
        for m in mentions
        if job.anchor <= m.line < job.stop and m.section == section and not m.negated_by
    ]
    titled = [h.name for h in tx.find(mask(job.title)) if not h.implied]
    return list(dict.fromkeys([*titled, *own, *tx.title_skills(job.title)]))


def _current(jobs: list[Job]) -> Job | None:
    if not jobs:
        return None
    titled = [j for j in jobs if title_score(j.title) > 0] or [j for j in jobs if j.title] or jobs
    ongoing = [j for j in titled if j.end is None and "part-time" not in j.title.lower()]
    if ongoing:
        return ongoing[0]  # the first ongoing job written is the main one; side roles follow
    ended = [j for j in titled if j.end is None] or titled
    return max(ended, key=lambda j: (j.end or "9999-99", j.start or "", j.months or 0))


def _headline(top: list[str], name: str | None) -> str:
    """A title written under the name when no dated job gives one ('QA Automation Engineer')."""
    for line in top[:6]:
        for piece in _HEADLINE_SPLIT.split(line):
            piece = piece.replace(name or "\0", "").strip()
            if piece and title_score(piece) > 1.5 and len(piece.split()) <= 6:
                return clean_title(piece)
    return ""


def _skills(
    mentions: list[Mention], jobs: list[Job], tx: Taxonomy, now: tuple[int, int]
) -> tuple[list[SkillMention], list[SkillMention]]:
    found: dict[str, SkillMention] = {}
    negated: dict[str, SkillMention] = {}
    for m in mentions:
        if m.negated_by:
            negated.setdefault(
                m.name,
                SkillMention(
                    name=m.name,
                    family=m.family,
                    evidence=m.evidence,
                    weight=0.0,
                    rule=f"{m.rule}; negated by '{m.negated_by}'",
                ),
            )
            continue
        source = _SOURCE.get(m.section, "other")
        mention = found.get(m.name)
        if mention is None:
            mention = found[m.name] = SkillMention(
                name=m.name, family=m.family, evidence=m.evidence, weight=m.weight, rule=m.rule
            )
        if source not in mention.sources:
            mention.sources.append(source)
        if m.weight > mention.weight:
            mention.weight, mention.evidence, mention.rule = m.weight, m.evidence, m.rule
    for job in jobs:
        end = job.end or f"{now[0]:04d}-{now[1]:02d}"
        for skill in job.skills:
            mention = found.get(skill)
            if mention is None:
                if skill in negated:
                    continue
                mention = found[skill] = SkillMention(
                    name=skill, family=tx.family_of[skill], weight=1.0, rule="in a dated job"
                )
            mention.months_used += job.months or 0
            if "experience" not in mention.sources:
                mention.sources.append("experience")
            if mention.last_used is None or end > mention.last_used:
                mention.last_used = end
    return list(found.values()), [m for k, m in negated.items() if k not in found]


def _families(jobs: list[Job], skills: list[SkillMention], tx: Taxonomy, title: str) -> list[str]:
    """Role families by the work: the current title's family first, then the families of the
    other dated jobs by months, then the family the skills clearly agree on; none at all rather
    than a guess when titles and skills are silent."""
    months: dict[str, int] = {}
    named = tx.title_family(title) if title else None
    for job in jobs:
        if job.role_family:
            months[job.role_family] = months.get(job.role_family, 0) + (job.months or 0)
    ordered = sorted(months, key=lambda f: -months[f])
    if named:
        ordered = [named[0], *[f for f in ordered if f != named[0]]]
    if not ordered:
        # No title names a family: the work described may, when its skills clearly agree.
        used = [s.name for s in skills if s.months_used > 0 or "experience" in s.sources]
        by_skills = tx.skills_family(used, minimum=4)
        if by_skills:
            ordered.append(by_skills)
    return ordered


_DIPLOMA_FIRST = re.compile(r"^\W*diploma\b(?!.*\b(?:level\s*\d|btec|nvq)\b)", re.IGNORECASE)


def _college_diploma(line: Line, near: str) -> str | None:
    """'Diploma, Accounting' over 'Humberline College, 2013 - 2015': a diploma of two years or
    more at a college is an associate-level award (a UK 'Level 3 Diploma' is not)."""
    if line.section != "education" or not _DIPLOMA_FIRST.match(line.text):
        return None
    years = [int(y) for y in re.findall(r"\b(?:19|20)\d{2}\b", near)]
    if re.search(r"\bcollege\b", near, re.IGNORECASE) and years and max(years) - min(years) >= 2:
        return "associate"
    return None


def _education(lines: list[Line]) -> list[Education]:
    out: list[Education] = []
    seen: set[str] = set()
    for i, line in enumerate(lines):
        text = line.text
        near = " ".join(ln.text for ln in lines[max(0, i - 1) : i + 2])
        level = degree_level(text) or _college_diploma(line, near)
        if level is None:
            continue
        in_section = line.section in ("education", "training")
        if not in_section:
            # Elsewhere a degree counts when the line starts with it and a school or a year
            # stands by ("BSc (Hons) Chemistry, University of X, 2011"), not when a duty
            # mentions one ("supervised 4 PhD students").
            if degree_level(text[:70]) is None or not (
                _INSTITUTION.search(near) or re.search(r"\b(?:19|20)\d{2}\b", text)
            ):
                continue
            if level == "high_school":
                continue
        clause = _clause_of(text, level)
        completed = not IN_PROGRESS.search(clause)
        years = [int(y) for y in re.findall(r"\b(?:19|20)\d{2}\b", clause)]
        if completed and years and max(years) > date.today().year:
            completed = False
        key = f"{level}:{clause[:60]}"
        if key in seen:
            continue
        seen.add(key)
        school = next(
            (p.strip() for p in re.split(r",|\||\t| – ", near) if _INSTITUTION.search(p)), None
        )
        field = re.search(r"\b(?:in|of)\s+([A-Z][\w &]+?)(?:,|\(|$|\s-\s)", clause)
        out.append(
            Education(
                degree=clean_title(re.split(r",|\t|\s{2,}", clause)[0])[:120],
                level=level,
                field=field.group(1).strip() if field else None,
                institution=school[:120] if school else None,
                year=max(years) if years else None,
                completed=completed,
            )
        )
    return out


def _clause_of(text: str, level: str) -> str:
    """The sentence of a line that names the degree (a line may hold several)."""
    clauses = _CLAUSES.split(text)
    for k, clause in enumerate(clauses):
        if degree_level(clause) == level:
            if len(clause) < 12 and k + 1 < len(clauses):
                return f"{clause} {clauses[k + 1]}"  # 'M.Sc. Data Science (in progress)'
            return clause
    return text


def _certifications(lines: list[Line]) -> list[str]:
    certs = [
        clean_title(ln.text) for ln in lines if ln.section == "certifications" and ln.text.strip()
    ]
    return [c for c in dict.fromkeys(certs) if c and (_CERT_RE.search(c) or len(c) < 80)][:40]


def _masked_lines(lines: list[Line], mask) -> list[str]:
    """The resume's lines with personal details blanked, for matching requirement phrases the
    taxonomy does not know (bounded: a long document keeps its first lines)."""
    out = []
    for ln in lines:
        text = " ".join(mask(ln.text).split())
        if text and not (is_bullet(text) and len(text) < 3):
            out.append(text[:400])
        if len(out) >= _MAX_MASKED_LINES:
            break
    return out
