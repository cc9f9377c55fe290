"""Skills named anywhere in a document, each mention with its section, its line and its rule.

The whole document is read: the header, a summary, the skills list, job descriptions, projects,
education. A section only weighs a mention (`SECTION_WEIGHT`), it never hides one. A mention in
a negated scope ("no experience with X", "would like to learn X", "X (not required)") is kept as
negated evidence but does not make X a skill. Ambiguous aliases are vouched for by the skills
around them, or by a skills list (see `agents/taxonomy/matcher.py`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from agents.reading.degrees import degree_level
from agents.reading.history import Line
from agents.reading.negation import negated_scopes, negation_at
from agents.taxonomy import SkillHit, Taxonomy

# How much a mention in each section says about the skill (1 = a stated skill).
SECTION_WEIGHT = {
    "skills": 1.0,
    "experience": 1.0,
    "projects": 0.9,
    "summary": 0.8,
    "header": 0.8,
    "certifications": 0.8,
    "training": 0.7,
    "education": 0.6,
    "achievements": 0.8,
    "languages": 1.0,
    "volunteering": 0.6,
    "publications": 0.6,
    "other": 0.5,
    "personal": 0.3,
}
# A degree, a school, a course or a certificate names a subject, not a claim ("MSc Statistics",
# "AAT Diploma in Accounting", "Mental Health First Aid, 2023").
_COURSE_SECTIONS = {"education", "training"}
_COURSE_LINE = re.compile(
    r"\b(?:bsc|msc|ba|ma|mba|phd|bachelor|master|degree|diploma|certificate|certification|"
    r"certified|course|training|level \d|award|universit\w*|college|school|institute|academy|"
    r"dissertation|thesis|minor|major|module|gcse|a-?levels?)\b",
    re.IGNORECASE,
)
_SCHOOL_OR_YEAR = re.compile(
    r"\b(?:universit\w*|college|school|institute|academy|(?:19|20)\d{2})\b", re.IGNORECASE
)
_DOMAIN_HEAD = re.compile(
    # one modifier may stand between ('logistics software companies'), never a preposition
    # or a determiner ('margin analysis by customer' is an analysis, not a domain)
    # a line break only inside a sentence that goes on ('finance and\nhead office roles')
    r"(?:[ -]|\n(?=(?-i:[a-z])))(?:(?!(?:by|to|for|with|from|of|in|on|at|per|across|into|via|"
    r"the|a|an|our|their|each|every|all|new|existing)\b)\w+(?: |\n(?=(?-i:[a-z]))))?"
    r"(?:platforms?|compan(?:y|ies)|clients?|customers?|sectors?|industr(?:y|ies)|"
    r"sites?|business(?:es)?|firms?|departments?|lines|products?|providers?|"
    r"projects?|operators?|brands?|retailers?|market|space|domain|background|roles?|"
    r"positions?|environments?|settings?|sectors?|software|apps?)\b",
    re.IGNORECASE,
)
# The subject of a qualification or a piece of study, not a claim: "Certificate in Accounting",
# "Minor in Statistics", "Award in Supervising Food Safety in Catering", "Dissertation: price
# anchoring in e-commerce", a quoted thesis title.
_QUALIFICATION_OF = re.compile(
    r"\b(?:certificate|diploma|award|degree|minor|major|bachelor(?:'s)?|master(?:'s)?|"
    r"b\.?sc|m\.?sc|b\.?a|m\.?a|mba|phd|gcse|a-?level|nvq|hnd|hnc|qualification|module)"
    r"(?: of (?:science|arts|business))? (?:in|of) (?:[\w&-]+ ){0,5}$",
    re.IGNORECASE,
)
_STUDY_LINE = re.compile(r"^\W*(?:dissertation|thesis|research project)\b|^\W*[\"“]", re.I)
_STUDY_SECTIONS = {"education", "training", "certifications"}
_CONJUNCT = (
    r"(?!(?:the|a|an|own|our|their|my|his|her|other|related|closely|occasional)\b)[a-z][a-z-]*"
)
_COORDINATED_HEAD = re.compile(
    rf"(?-i:(?:(?:,|\s(?:and|&|or)|/)\s?{_CONJUNCT}(?:\s{_CONJUNCT})?){{1,4}}?)"
    + _DOMAIN_HEAD.pattern,
    re.IGNORECASE,
)
# Another team the person works with or hands to ('to the payroll team'), not the team they
# are in ('in an agile team', 'our data team' stay what they say).
_TEAM_AFTER = re.compile(r"[ -](?:teams?|desks?|squads?|departments?)\b", re.IGNORECASE)
_OTHER_UNIT_BEFORE = re.compile(
    r"\b(?:to|with|for|from|by|across)\s+(?:the\s+|their\s+|other\s+|an?\s+)?"
    r"(?:[\w-]+(?:,|\s+and|\s+&|\s+or)\s+){0,3}$",
    re.IGNORECASE,
)
# Who leads a unit: the term after it names the unit ('VP of Customer Success').
_HEAD_OF = re.compile(
    r"\b(?:VP|SVP|EVP|vice[ -]president|director|chief [a-z]+ officer)\s+(?:of|for)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
# Sections read as skills lists: an ambiguous alias there needs no other skill beside it.
LISTS = {"skills", "languages"}


@dataclass(frozen=True)
class Mention:
    """One mention of a canonical skill."""

    name: str
    family: str
    section: str
    line: int
    evidence: str
    rule: str
    negated_by: str | None = None
    column: int = 0  # where on its line the mention starts
    term: str = ""  # the words that matched ('Medical Billing' for Medical billing)

    @property
    def weight(self) -> float:
        """How much this mention says (0 when negated)."""
        return 0.0 if self.negated_by else SECTION_WEIGHT.get(self.section, 0.5)


def find_mentions(
    lines: list[Line], tx: Taxonomy, mask: Callable[[str], str] = lambda s: s
) -> list[Mention]:
    """Every skill mention in the document, block by block (a block is a run of lines in one
    section, read as one text so that a skill broken across lines, and the skills that vouch
    for an ambiguous alias, are seen)."""
    out: list[Mention] = []
    for first, block in _blocks(lines):
        texts = [mask(ln.text) for ln in block]
        text = "\n".join(texts)
        starts = []
        pos = 0
        for t in texts:
            starts.append(pos)
            pos += len(t) + 1
        section = block[0].section
        scopes = negated_scopes(text)
        hits = _hits(tx, text, texts, starts, listed=section in LISTS)
        per_line = [0] * len(texts)
        for hit in hits:
            per_line[_line_of(starts, hit.start)] += 1
        for hit in hits:
            index = _line_of(starts, hit.start)
            if (hit.name not in tx.credentials and names_a_domain(text, hit)) or (
                section in _COURSE_SECTIONS and per_line[index] <= 1 and _is_course(texts[index])
            ):
                continue  # a domain, or the subject of one course or degree
            if section in _STUDY_SECTIONS and studied(texts[index], hit.start - starts[index]):
                continue
            if hit.implied:
                continue  # the resume names MySQL, not SQL: the comparison infers the rest
            scope = negation_at(scopes, hit.start, hit.end)
            cue = scope.cue if scope else None
            if section == "gaps":
                cue = "under a heading of what the person does not do"
            elif cue is None:
                cue = _negated_earlier(out, hit.name, first + index, texts[index], hit, starts)
            evidence = " ".join(texts[index].split())[:300]
            out.append(
                Mention(
                    hit.name,
                    hit.family,
                    section,
                    first + index,
                    evidence,
                    f"{hit.rule} '{hit.term}' in {section}",
                    cue,
                    hit.start - starts[index],
                    hit.term,
                )
            )
    return out


_CONTRAST = re.compile(r"\b(?:but|however|although|though|whereas|instead)\b", re.I)


def _negated_earlier(
    found: list[Mention], name: str, line: int, text: str, hit: SkillHit, starts: list[int]
) -> str | None:
    """'And no machine learning: I've reviewed ML papers': a mention later on the line where
    the same skill was just negated, with no contrast in between, is negated too."""
    column = hit.start - starts[_line_of(starts, hit.start)]
    for m in reversed(found):
        if m.line != line:
            break
        earlier = m.name == name and m.negated_by and m.column < column
        if earlier and not _CONTRAST.search(text[m.column : column]):
            return f"{m.negated_by} (earlier on the line)"
    return None


_LIST_SEPARATORS = re.compile(r"[,|/;•·]")


def is_list_line(line: str) -> bool:
    """'Jira | Confluence | Onboarding', 'Python, Go, SQL, Docker': a line that is a list of
    short items reads as a skills list wherever it stands."""
    items = [i.strip() for i in _LIST_SEPARATORS.split(line) if i.strip()]
    return len(items) >= 3 and all(len(i.split()) <= 5 for i in items)


def _hits(
    tx: Taxonomy, text: str, texts: list[str], starts: list[int], *, listed: bool
) -> list[SkillHit]:
    """The block's hits; lines that are lists of short items are read as skills lists."""
    hits = tx.find(text, listed=listed)
    if listed:
        return hits
    list_lines = [i for i, line in enumerate(texts) if is_list_line(line)]
    if not list_lines:
        return hits
    replaced = set(list_lines)
    # A term broken across two lines ('objection\nhandling') is kept from the block's reading.
    kept = [
        h
        for h in hits
        if _line_of(starts, h.start) not in replaced
        or _line_of(starts, h.start) != _line_of(starts, max(h.start, h.end - 1))
    ]
    spanning = [
        (h.start, h.end)
        for h in kept
        if _line_of(starts, h.start) != _line_of(starts, max(h.start, h.end - 1))
    ]
    for i in list_lines:
        offset = starts[i]
        for h in tx.find(texts[i], listed=True):
            start, end = h.start + offset, h.end + offset
            if not any(a <= start < b for a, b in spanning):
                kept.append(SkillHit(h.name, h.family, start, end, h.term, h.rule))
    return sorted(kept, key=lambda h: h.start)


def _is_course(line: str) -> bool:
    """A degree or course entry ('MSc Statistics, University of X, 2019', 'AAT Level 3
    Diploma in Accounting (2013)'): course words and a school, a degree or a year."""
    return bool(_COURSE_LINE.search(line)) and bool(
        degree_level(line) or _SCHOOL_OR_YEAR.search(line)
    )


def studied(line: str, column: int) -> bool:
    """The term at `column` is the subject of a qualification or a dissertation on this line."""
    return bool(_QUALIFICATION_OF.search(line[max(0, column - 80) : column])) or bool(
        _STUDY_LINE.search(line)
    )


# 'experience with a SIEM platform', 'hands-on with at least one CRM system': the tool the
# person uses, not the kind of employer they worked for.
_USES_BEFORE = re.compile(
    r"\b(?:experience|familiarity|knowledge|proficiency|skills?|hands-on|comfortable|"
    r"familiar|proficient|worked|working)\s+(?:with|in|of|using|on)\s+(?:an?|any|at least one|"
    r"one or more|a modern|a major)?\s*$",
    re.IGNORECASE,
)


def names_a_domain(text: str, hit: SkillHit) -> bool:
    """'an accounting platform', 'logistics sites', 'e-commerce clients', 'CRM projects': a
    concept written in lower case (or an all-capitals concept) used as an attribute of an
    employer, a product or a team names a domain the person worked in, not a skill."""
    if _HEAD_OF.search(text, max(0, hit.start - 40), hit.start):
        return True  # 'our VP of Customer Success', 'Head of Procurement': a unit, a person
    term = text[hit.start : hit.end]
    concept = term.islower() or (term.isupper() and len(term) <= 4)
    if not concept:
        return False
    if _DOMAIN_HEAD.match(text, hit.end) and not _USES_BEFORE.search(
        text, max(0, hit.start - 60), hit.start
    ):
        return True
    if _TEAM_AFTER.match(text, hit.end) and _OTHER_UNIT_BEFORE.search(
        text, max(0, hit.start - 40), hit.start
    ):
        return True  # 'forms to the payroll team', 'with the finance and procurement teams'

    # Coordinated: 'logistics and manufacturing companies', 'payroll, HR or finance teams'.
    return bool(_COORDINATED_HEAD.match(text, hit.end))


def _blocks(lines: list[Line]) -> list[tuple[int, list[Line]]]:
    out: list[tuple[int, list[Line]]] = []
    for i, line in enumerate(lines):
        if out and out[-1][1][-1].section == line.section and len(out[-1][1]) < 400:
            out[-1][1].append(line)
        else:
            out.append((i, [line]))
    return out


def _line_of(starts: list[int], offset: int) -> int:
    lo, hi = 0, len(starts) - 1
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if starts[mid] <= offset:
            lo = mid
        else:
            hi = mid - 1
    return lo
