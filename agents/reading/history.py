"""Work history: dated jobs found wherever a resume writes them.

Every date range in the document is a candidate job, except where it dates an education,
training, certification or volunteering entry: those are told by their section *and* by what
the line says ("BSc", "University", "course", "volunteer"), so a two-column PDF whose reading
order put job lines under the sidebar's "Education" heading still yields its jobs. A job's title
and employer are chosen from the text around its dates — the same line, or up to two lines
above or below — by what a title and a company look like (`titles.py`), never by position
alone: "Acme Ltd\nSenior Developer\nJan 2019 – Present", "Senior Developer — Acme  2019 – now",
"2015 - 2018 | Analyst | Foo plc" and "01/2019 – Present  Staff Nurse" all read the same way.
"""

# ruff: noqa: RUF001, RUF002
# (en dashes, curly quotes and look-alikes are data here)

from __future__ import annotations

import re
from dataclasses import dataclass, field

from agents.reading.dates import DateRange, YearMonth, find_ranges
from agents.reading.degrees import degree_level
from agents.reading.titles import clean_title, company_score, looks_like_place, title_score

# Sections whose dates are never work, unless the line itself reads like a job.
NOT_WORK_SECTIONS = {
    "education",
    "training",
    "certifications",
    "volunteering",
    "projects",
    "publications",
    "achievements",
    "personal",
}
# Sections whose dates are work only when no better-placed date exists.
WEAK_SECTIONS = {"summary", "skills", "other", "languages"}
_EDUCATION = re.compile(
    r"\b(?:universit\w*|college|school|academy|institute|polytechnic|faculty|bootcamp|"
    r"[ée]cole|universidad|universidade|hochschule|instituto|lyc[ée]e|faculdade|politecnico|"
    r"escuela|scuola|gymnasium|cégep|cegep|"
    r"degree|diploma|graduated|graduation|studies|studied|student at|coursework|thesis|"
    r"dissertation|gpa|honours|hons|cum laude|major|minor in)\b",
    re.IGNORECASE,
)
_TRAINING = re.compile(
    r"\b(?:course|courses|training|certificate|certification|certified|licen[cs]e|workshop|"
    r"seminar|webinar|cpd|module|bootcamp|accreditation|award in|level [1-7] (?:award|"
    r"certificate|diploma))\b",
    re.IGNORECASE,
)
_VOLUNTEER = re.compile(r"\b(?:volunteer\w*|voluntary|unpaid|charity shop)\b", re.IGNORECASE)
_PLACEMENT = re.compile(r"\b(?:placement|practicum|clinical rotation|co-?op term)\b", re.I)
# Time out of work, dated like a job: 'Career break - travelling, 2019 - 2020', 'Gap year'.
_BREAK = re.compile(
    r"\b(?:career break|gap year|sabbatical|parental leave|maternity leave|paternity leave|"
    r"family (?:leave|time)|time off|break from work|unemployed|job[- ]seeking|"
    r"stay[- ]at[- ]home (?:parent|mum|mom|dad)|full[- ]time (?:parent|carer|caregiver))\b",
    re.IGNORECASE,
)
# Study whatever its title looks like ('Data Analytics bootcamp (full-time)'), unless the line
# says the person taught it.
_STUDY_PROGRAMME = re.compile(
    r"\b(?:boot-?camps?|coding school|immersive (?:course|program(?:me)?)|career[- ]change "
    r"program(?:me)?)\b",
    re.IGNORECASE,
)
_TEACHING_ROLE = re.compile(
    r"\b(?:instructor|teacher|tutor|trainer|mentor|coach|lecturer|teaching assistant|"
    r"facilitator)s?\b",
    re.IGNORECASE,
)
_BULLET = re.compile(r"^\s*(?:[-•*▪◦●·–○■>]|\d+[.)])\s+")
# Where a job header splits into title, employer, place: separators that start with their own
# character (a leading `\s+` would rescan a long run of spaces from every position).
_SPLIT = re.compile(r"(?<=\s)(?:—|–|--|-|@|at|for)(?=\s)|\||,(?=\s)|\t+|\s{2,}|·")


@dataclass
class Line:
    """One line of the document and the section it sits in."""

    text: str
    section: str


@dataclass
class RawJob:
    """A job as found: its header, dates, the lines under it, and how it was read."""

    title: str
    company: str
    start: YearMonth | None  # None: only a duration is written ('(3 yrs)'), in `months`
    end: YearMonth | None
    lines: list[str] = field(default_factory=list)
    date_text: str = ""
    rule: str = ""
    anchor: int = 0  # the line of its dates
    stop: int = 0  # the line after its last one
    months: int | None = None


def is_bullet(text: str) -> bool:
    """A bulleted or numbered list line."""
    return bool(_BULLET.match(text))


def _not_work(line: Line, rest: str) -> str | None:
    """Why a dated entry is not a job (or None when it may be one). `rest` is the entry's own
    text: the clause before its dates and the one after, not the whole line."""
    if _VOLUNTEER.search(rest) or line.section == "volunteering":
        return "volunteering"
    if _BREAK.search(rest):
        return "a break"
    jobish = title_score(rest) > 0 or any(title_score(p) >= 1 for p in _SPLIT.split(rest))
    schoolish = bool(_EDUCATION.search(rest) or degree_level(rest))
    if _STUDY_PROGRAMME.search(rest) and not _TEACHING_ROLE.search(rest):
        return "training"
    if schoolish and not (jobish and line.section in ("experience", "header")):
        return "education"
    if _TRAINING.search(rest) and not jobish:
        return "training"
    if _PLACEMENT.search(rest) and (schoolish or line.section in NOT_WORK_SECTIONS):
        return "placement"
    if line.section in NOT_WORK_SECTIONS and not jobish:
        return line.section
    return None


def _titleish(text: str) -> float:
    """The best title score of a text's pieces (-5 for none)."""
    return max((title_score(p) for p in _pieces(text)), default=-5.0)


def _employer(text: str) -> bool:
    """A piece of the text names an employer by a company word ('Brightwater Insurance Group,
    London since 2022')."""
    return max((company_score(p) for p in _pieces(text)), default=-5.0) >= 2


def _pieces(text: str) -> list[str]:
    return [p for p in (clean_title(x) for x in _SPLIT.split(text)) if p and len(p) > 1]


# A clause ends at a full stop, but not at the one of an abbreviation ('Crestline Telecom
# Inc.\tToronto', 'Sr. Analyst', 'J. Smith'), which is part of the name it ends.
_ABBREVIATED = "".join(
    rf"(?<!\b{a})"
    for a in ("Inc", "Ltd", "Co", "Corp", "LLC", "Pty", "Bros", "Sr", "Jr", "St", "Dr", "Mr",
              "Ms", "Mrs", "No", "Dept", "Assoc", "Intl", "Mfg", "inc", "ltd", "co", "sp", "Sp",
              "[A-Za-z]")
)  # fmt: skip
_CLAUSE_END = re.compile(rf"{_ABBREVIATED}\.(?:\s|$)|[!?;•·](?:\s|$)|\s[-–]\s(?=[A-Z][a-z]+ed\b)")


def _own_text(text: str, found: DateRange, seg: tuple[int, int]) -> tuple[str, str]:
    """The clause just before the dates and the one just after, within the line's segment."""
    before = text[seg[0] : found.span[0]]
    cuts = [m.end() for m in _CLAUSE_END.finditer(before)]
    if cuts:
        before = before[cuts[-1] :]
    after = text[found.span[1] : seg[1]]
    stop = _CLAUSE_END.search(after)
    if stop:
        after = after[: stop.start()]
    return _glued_header(before.strip()), after.strip()


def _glued_header(before: str) -> str:
    """The job header at the end of a clause that ran into the previous job's last duty
    ('precepted 9 new nurses Patient Care Technician (PRN) Scioto Valley'): the shortest
    tail starting at a capital after a lower-case word whose pieces read as a title."""
    words = before.split()
    if len(words) <= 8 and not before[:1].islower():
        return before
    for k in range(1, len(words)):
        if words[k][:1].isupper() and words[k - 1][:1].islower():
            tail = " ".join(words[k:])
            if any(title_score(p) >= 1 for p in _SPLIT.split(tail)):
                return tail
    return before


# A line of prose: more than ten words, two of them small words of a sentence, and a
# sentence's full stop (not an abbreviation's: 'Nordhavn Business Services Sp. z o.o.').
_PROSE = re.compile(
    rf"^(?=(?:\S+\s+){{10,}}\S)(?=(?:.*?\b(?:the|a|an|and|of|for|with|to|in|on|at|from)\b){{2}})"
    rf".*?[a-z\d)]{_ABBREVIATED}[.;](?:\s|$)"
)


def _header_candidates(
    lines: list[Line], i: int, own: tuple[str, str], lo: int, hi: int
) -> list[str]:
    """The texts that may hold job i's title: its own line without the dates, then the lines
    just above and below it (short, not bullets, not dated)."""
    out = [part for part in own if part]
    for j in (i - 1, i - 2, i + 1, i - 3, i + 2):
        if lo <= j < hi and j != i and lines[j].section == lines[i].section:
            text = lines[j].text
            if len(text) > 110 or find_ranges(text) or _PROSE.search(text):
                continue  # too long, dated, or a sentence of the duties ('Tech lead for ...')
            if is_bullet(text) and (len(text) > 70 or title_score(text) <= 0):
                continue  # a bullet is a duty, unless it is short and reads as a title
            out.append(text)
    return out


def _choose(candidates: list[str]) -> tuple[str, str, str]:
    """(title, company, rule) from the candidate header texts."""
    best_title, best_score, where = "", 0.0, ""
    companies: list[tuple[float, str]] = []
    for rank, text in enumerate(candidates):
        for piece in _pieces(text):
            score = title_score(piece) - 0.3 * rank
            if score > best_score:
                best_title, best_score, where = piece, score, "same line" if rank == 0 else "nearby"
            companies.append((company_score(piece) - 0.3 * rank, piece))
    company = next(
        (
            p
            for s, p in sorted(companies, key=lambda c: -c[0])
            if p != best_title and s > 0 and not looks_like_place(p)
        ),
        "",
    )
    if best_title:
        return best_title, company, f"title by its words ({where})"
    first = next((p for t in candidates for p in _pieces(t) if not looks_like_place(p)), "")
    return first, company if company != first else "", "first text beside the dates"


def find_jobs(lines: list[Line], day_first: bool = True) -> list[RawJob]:
    """Jobs in the order written, with the lines under each."""
    strong: list[tuple[int, DateRange, tuple[str, str]]] = []
    weak: list[tuple[int, DateRange, tuple[str, str]]] = []
    dated = [_dated(lines, i, day_first) for i in range(len(lines))]
    for i, (line, ranges) in enumerate(dated):
        for k, found in enumerate(ranges):
            seg = (
                ranges[k - 1].span[1] if k else 0,
                ranges[k + 1].span[0] if k + 1 < len(ranges) else len(line.text),
            )
            own = _own_text(line.text, found, seg)
            rest = " ".join(own)
            if _not_work(line, rest):
                continue
            if is_bullet(line.text) and _titleish(own[0]) < 1 and len(line.text) > 80:
                continue  # dates inside a long bullet date a project or an award, not a job
            jobish = _titleish(own[0]) > 0 or _titleish(own[1]) > 0
            target = weak if line.section in WEAK_SECTIONS and not jobish else strong
            if (
                line.text[found.span[0] : found.span[0] + 5].lower() == "since"
                and not (
                    (_titleish(own[0]) > 0 or _employer(own[0]) or not (own[0] or own[1]))
                    and not _SPLIT.split(own[0])[-1].strip()[:1].islower()  # 'writing Go since
                    and not is_bullet(line.text)
                    and "(" not in own[0][-3:]
                    and not own[0].rstrip().endswith("(")
                    and line.section in ("experience", "header")
                )
            ):
                # 'since 2021' inside a sentence or a bracket dates a duty or a membership,
                # not a job: it counts only when nothing else does.
                target = weak
            target.append((i, found, own))
    anchors = strong or weak
    if not anchors:
        return _duration_jobs(lines)
    jobs: list[RawJob] = []
    for n, (i, found, own) in enumerate(anchors):
        lo = anchors[n - 1][0] + 1 if n else 0
        hi = anchors[n + 1][0] if n + 1 < len(anchors) else len(lines)
        same_line = (n and anchors[n - 1][0] == i) or (
            n + 1 < len(anchors) and anchors[n + 1][0] == i
        )
        candidates = (
            [part for part in own if part]
            if same_line
            else _header_candidates(lines, i, own, lo, hi)
        )
        if i > lo and _BREAK.search(lines[i - 1].text) and not "".join(own):
            continue  # 'Gap year — travelling' over its dates: time out of work
        title, company, rule = _choose(candidates)
        date_text = dated[i][0].text[found.span[0] : found.span[1]]
        job = RawJob(title, company, found.start, found.end, [], date_text, rule, i)
        if own[1]:
            job.lines.append(own[1])
        jobs.append(job)
    return _with_lines(jobs, lines)


# The end of a range wrapped onto the next line: '... Nottingham, Mar 2022' / '- Present',
# '... Jan 2018 - May' / '2020'.
_WRAPPED_END = re.compile(
    r"^\s*(?:[–—-]\s*(?:present|current|now|today|date|(?:[A-Za-z]{3,9}\.?\s+)?(?:19|20)\d{2})"
    r"|(?:19|20)\d{2})\b",
    re.IGNORECASE,
)


def _dated(lines: list[Line], i: int, day_first: bool) -> tuple[Line, list[DateRange]]:
    """Line i and its date ranges; with the end of a range the next line carries when the
    line's text breaks inside it (a PDF column that wrapped), each parsed once."""
    line = lines[i]
    ranges = find_ranges(line.text, day_first)
    if i + 1 >= len(lines) or not line.text or not line.text[-1:].isalnum():
        return line, ranges
    m = _WRAPPED_END.match(lines[i + 1].text)
    if m is None or not re.search(r"(?:19|20)\d{2}|[A-Za-z]{3}\.?$", line.text[-12:]):
        return line, ranges
    joined = Line(f"{line.text} {m.group(0).strip()}", line.section)
    wrapped = find_ranges(joined.text, day_first)
    if any(r.span[1] > len(line.text) for r in wrapped):
        return joined, wrapped
    return line, ranges


def _with_lines(jobs: list[RawJob], lines: list[Line]) -> list[RawJob]:
    """Each job with the lines under it, up to the next job; volunteer posts left out."""
    for n, job in enumerate(jobs):
        stop = jobs[n + 1].anchor if n + 1 < len(jobs) else len(lines)
        job.stop = stop
        section = lines[job.anchor].section
        job.lines += [ln.text for ln in lines[job.anchor + 1 : stop] if ln.section == section]
    return [j for j in jobs if not _unpaid(j)]


# A job's length written instead of its dates: '(3 yrs)', '(2 years 4 months)', '- 18 months'.
_DURATION = re.compile(
    r"[(\[,–—-]\s*(?:(?P<years>\d{1,2}(?:[.,]5)?)\+?\s*(?:yrs?|years?)\b\.?"
    r"(?:\s*(?:and\s*)?(?P<and_months>\d{1,2})\s*(?:mos?|months?)\b\.?)?"
    r"|(?P<months>\d{1,2})\s*(?:mos?|months?)\b\.?)\s*(?:[)\],]|$)",
    re.IGNORECASE,
)


def _duration_jobs(lines: list[Line]) -> list[RawJob]:
    """Jobs of a work history that gives lengths, not dates ('Senior PHP Developer — Vinhal
    Digital, Porto (3 yrs)'): only read when no line is dated at all."""
    jobs: list[RawJob] = []
    for i, line in enumerate(lines):
        text = line.text
        if len(text) > 140 or is_bullet(text) or line.section in NOT_WORK_SECTIONS:
            continue
        m = _DURATION.search(text)
        if m is None or _not_work(line, text[: m.start()]):
            continue
        title, company, rule = _choose([text[: m.start()]])
        if title_score(title) <= 0:
            continue
        years = float((m["years"] or "0").replace(",", "."))
        months = round(years * 12) + int(m["and_months"] or m["months"] or 0)
        if months <= 0:
            continue
        duration = m.group(0).strip(" ()[],–—-")
        rule = f"{rule}; only its length written"
        jobs.append(RawJob(title, company, None, None, [], duration, rule, i, months=months))
    return _with_lines(jobs, lines)


def _unpaid(job: RawJob) -> bool:
    """A volunteer post: said by its title or employer, or by a first line that starts so."""
    first = job.lines[0] if job.lines else ""
    return bool(
        _VOLUNTEER.search(f"{job.title} {job.company}")
        or re.match(r"^\W*(?:unpaid|voluntary|volunteer)\b", first, re.IGNORECASE)
    )
