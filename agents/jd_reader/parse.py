"""JD text → `JDProfile`: title, role family, required vs preferred skills, years, degree, place.

It reads a JD as a job board exports it (one long paragraph) as well as one with headings and
bullets. The text is cut into sections (headings inline or on their own line, "Nice to haves:",
"What you'll need") and then into clauses (sentences, bullets, `;`). Each clause takes a
strength from its own cues first — "... is a plus", "bonus", "ideally", "(Not Required)",
"preferred but not required", "must" — and from its section second. Skills named only in the
duties count as required only when the JD states no requirements at all; skills in the company
blurb and the benefits never count; negated ones ("You don't need to know Swift") never count.
Requirements the taxonomy cannot name (licences, registrations, clearances) are kept as phrases.
Every decision is kept in `notes`.
"""

# ruff: noqa: RUF001
# (en dashes, curly quotes and look-alikes are data here)

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from agents.reading.degrees import lowest_level
from agents.reading.negation import negated_scopes, negation_at
from agents.reading.places import find_place
from agents.reading.sections import JD_VOCABULARY, heading_key, split_sections
from agents.reading.skills import names_a_domain
from agents.reading.text import normalise, years_statements
from agents.reading.titles import clean_title, display_title, title_score
from agents.taxonomy import SkillHit, Taxonomy, load_taxonomy
from common.profiles import JDProfile, ReadingNote, Requirement

READER_VERSION = "jd-reader-2.5"
_PREFERRED = re.compile(
    r"\b(?:nice[- ]to[- ]haves?|is a (?:big |huge |real )?plus|are a (?:big )?plus|"
    r"a (?:big |huge )?plus|"
    r"(?<![\d%] )(?<!annual )(?<!signing )bonus(?: points)?(?! scheme| structure| plan| pay)|"
    r"preferred|preferably|ideally|desirable|desired|good[- ]to[- ]have|"
    r"advantage|advantageous|beneficial|helpful|would be (?:great|nice|useful|welcome)|"
    r"welcome|optional|not (?:required|essential|mandatory|necessary)|extra credit|"
    r"pluses|we'?d love|love to see|would help|helps|useful|handy|nice if|brownie points?|"
    r"stand out|tell us about (?:it|them|that))\b",
    re.IGNORECASE,
)
_REQUIRED = re.compile(
    r"\b(?:must|required|requires|mandatory|essential|need to|you need|you'll need|you will need|"
    r"minimum|at least|non-negotiable|not negotiable)\b",
    re.IGNORECASE,
)
_NOT_NEEDED = re.compile(
    r"\b(?:(?:do|does)n'?t need|do not need|don't have to|won't (?:have|need) to|you won't|"
    r"no need (?:for|to)|not needed|not a requirement|not part of (?:this|the) role|"
    r"is not required(?! but)|are not required(?! but)|"
    r"(?:we )?(?:don't|do not|won't|will not) expect you to (?:know|have|bring|be)|"
    r"(?:is|are) not subject to|"
    r"(?:you'll|you will) learn (?:it|them|that|those) (?:here|on the job|with us))\b",
    re.IGNORECASE,
)
# A negation that makes a skill optional rather than unwanted: "Azure (Not Required)".
_OPTIONAL_CUE = re.compile(
    r"not\s+(?:required|needed|essential|mandatory|necessary)|optional", re.I
)
# The employer's own tools named inside a requirement: what they use, not what they require.
_STACK_NOTE = re.compile(
    r"\((?:we|our team)\s+(?:also\s+|currently\s+)?(?:use|run|work with|are on)\b[^)]*$"
    r"|\bwe(?:'re| are)? (?:also |currently )?(?:use|run|on|using|running)\b[^.;)]*$",
    re.I,
)
_ATTITUDE = re.compile(
    r"^(?:you\s+)?(?:care|enjoy|love|like|are passionate|get excited|take pride|thrive)\b", re.I
)
_WHOLE_SUFFIX = re.compile(
    r"(?:\((?:not required|not essential|optional|preferred|nice to have|desirable|a plus|"
    r"bonus)\)|\b(?:are a (?:big |real )?plus|are (?:desirable|preferred|optional|a bonus)|"
    r"preferred|optional|desirable|would be (?:great|nice|a plus))|\bnot required)\W*$",
    re.IGNORECASE,
)
# The employer hiring, right before 'recruiting' / 'hiring': 'we are recruiting a ...',
# 'Acme is hiring', 'we're currently recruiting for'.
_EMPLOYER_HIRING = re.compile(
    r"\b(?:we|we're|we are|is|are|currently|now|actively)\s+(?:currently\s+|now\s+|actively\s+)?$",
    re.IGNORECASE,
)
# A person specification's criteria table: '... conveyancing ... | E | A, I', '| Desirable |'.
_CRITERION_MARK = re.compile(r"\|\s*(E|D|Essential|Desirable)\s*(?=\||$)", re.IGNORECASE)
_CRITERION_HEADER = re.compile(r"\bessential\s*/\s*desirable\b|\bassessed by\b", re.I)
_COMPANY_TALK = re.compile(r"^(?:our|we|we're|we've|the team|the company|this team)\b", re.I)
# 'Acme Health is a leading provider ...': a named company describing itself.
_NAMED_COMPANY_TALK = re.compile(
    r"^[A-Z][\w&.'-]*(?: [A-Z&][\w&.'-]*){0,4} (?:is|are|was|has been|has|makes|builds|"
    r"provides|offers|serves|operates)\s+(?:a|an|the|one|proud|committed|headquartered|based|"
    r"founded|leading|hiring|growing|trusted|home|over|more than|\d)\b"
)
# Hiring process, not a skill: 'offers are contingent on a background check'.
_PROCESS = re.compile(
    r"\b(?:contingent|drug[- ]free|background (?:check|screening)|drug (?:screen|test)\w*|"
    r"pre-employment|equal opportunity employer|e-verify|shortlist\w*|"
    r"interview (?:process|stages?)|"
    r"(?:first|second|final|video|phone|guaranteed?) interview|"
    r"(?:send|email|e-mail|submit) (?:us )?(?:your|a) (?:cv|resume|résumé|application)|"
    r"no agencies|recruitment agencies|supporting statement|closing date|notice period|"
    r"(?:current|expected) (?:ctc|salary)|ctc|interested candidates|referrals? (?:are )?welcome|"
    r"(?:share|forward|mail) (?:your |an? )?(?:updated |latest )?(?:cv|resume|résumé|profile)|"
    r"how to apply|apply (?:now|today|online)|acting as an? employment (?:agency|business)|"
    r"(?:required|carried out|completed|needed|arranged) (?:on|upon|after) "
    r"(?:appointment|offer)|subject to (?:an? )?(?:[\w-]+ ){0,2}(?:dbs|background|police|security|"
    r"criminal record|disclosure) (?:check|clearance|screening|vetting))\b",
    re.I,
)
# Years stated about a field: '5 years in finance', '3+ years of Python', 'years as a nurse'.
_YEARS_CONTEXT = re.compile(r"experience|expérience|working|in (?:a|the|an)\b|as an?\b|post", re.I)
_YEARS_FIELD = re.compile(
    r"\W{0,3}(?:(?:or more|or above|or longer|and above|plus)\W{0,3})?"
    r"(?:of|in|with|as|using|doing|building|leading)\s+\w",
    re.I,
)
# A cue inside brackets covers only the bracket: 'GA4 (Google Tag Manager is a bonus)'.
_BRACKET = re.compile(r"\(([^()]*)\)")
# '(Not Required)', '(a plus)', '(strongly preferred)': a bracket that is only a cue.
_BRACKET_FILLER = re.compile(
    r"\b(?:not|strongly|highly|very|much|would be|is|are|a|an|big|real|definitely|also|"
    r"required|preferred|optional|desirable|essential|mandatory|nice to have|plus|bonus|"
    r"advantage|advantageous|must|needed|necessary|helpful|welcome)\b|\W",
    re.I,
)
_ASKS = re.compile(
    r"\b(?:you|your|need|needs|looking for|require|requires|want|expect|seek)\b", re.I
)
_TITLE_PREFIX = re.compile(r"^(?:job title|title|position|role|vacancy)\s*:\s*", re.IGNORECASE)
_REMOTE = re.compile(
    r"\b(?:remote|work from home|wfh|work from anywhere|fully distributed)\b", re.I
)
_ONSITE = re.compile(r"\b(?:on-?site|in[- ]office|in the office|hybrid|office-based)\b", re.I)
_MUST_BE_BASED = re.compile(
    r"\b(?:must (?:be|live|reside) (?:based )?(?:in|within|near)|(?:us|uk|eu|canada)[- ]only|"
    r"only (?:hire|candidates) in|commut\w+ distance|located in|authori[sz]ed to work in)\b",
    re.IGNORECASE,
)
_EDUCATION_LINE = re.compile(
    r"\b(?:degree|bachelor|master|ph\.?d|doctorate|diploma|b\.?sc|m\.?sc|ged|a-levels?|"
    r"high school|graduate of|qualified to degree level|matric|grade 12|year 12|b\.e\.|"
    r"b\.?tech|mca|hnd|national senior certificate|secondary school|leaving cert)\b",
    re.IGNORECASE,
)
_EDUCATION_SOFT = re.compile(
    r"\b(?:preferred|desirable|desired|a plus|advantage|nice to have|ideally|or equivalent|"
    r"equivalent (?:practical |work |professional )?experience|not (?:required|essential)|"
    r"isn'?t required|not necessary|helpful|beneficial|bonus)\b",
    re.IGNORECASE,
)
_NO_DEGREE = re.compile(
    r"\b(?:(?:a |no )?degree (?:is(?:n'?t| not) (?:required|necessary|needed|essential)|"
    r"not required)|"
    r"no degree (?:required|needed|necessary|requirement)|don'?t need a degree|"
    r"without a degree|"
    r"degree (?:is(?:n'?t| not)|isn'?t) (?:something|what) we "
    r"(?:screen|look|filter|hire) (?:on|for)|"
    r"(?:don'?t|do not) (?:screen|filter) (?:on|for) degrees)\b",
    re.IGNORECASE,
)
_CREDENTIAL = re.compile(
    r"\b(?:licen[cs]e[ds]?|registration|registered|certif\w+|clearance|permit|right to work|"
    r"authori[sz](?:ed|ation) to work|driving|driver'?s|background check|dbs|pin)\b",
    re.IGNORECASE,
)
_CLAUSE_SPLIT = re.compile(r"(?<=[.;!?])\s+(?=[A-Z(•\-*])|[•▪●]|;\s+|\n|(?<=\s)[-*](?=\s)")
# Where a header line or a designation splits ("Engineer - Acme | Remote"): separators that
# start with their own character, never with white space (a long run of spaces would make
# a leading `\s+` rescan it from every position).
_HEAD_SPLIT = re.compile(r"(?<=\s)[-–—|](?=\s)|\s{2,}")
_PLACE_SPLIT = re.compile(r"[|•·()]|(?<=\s)[-–—](?=\s)")
_PART_SPLIT = re.compile(r"[()]|,\s+(?:and\s+|or\s+)?|(?<=\s)and\s+(?=[A-Z])")
_NOT_REQUIREMENT = re.compile(
    r"[£$€]\s?\d|\b\d+k\b|\b(?:we|our|us|benefits?|salary|pay|bonus scheme|pension|holiday|"
    r"pto|401\(?k\)?|"
    r"per annum|per hour|full[- ]time|part[- ]time|permanent|contract|"
    r"equal opportunit\w*|apply|application)\b",
    re.IGNORECASE,
)


@dataclass
class Clause:
    """A clause of the JD, its section and the strength it was given (or None)."""

    text: str
    section: str
    strength: str | None
    rule: str
    section_strength: str | None = None


def reader_version() -> str:
    """Code version plus taxonomy version (part of the cache key)."""
    return f"{READER_VERSION}+tx{load_taxonomy().version}"


def read_jd(text: str, designation: str = "") -> JDProfile:
    """Structure one job description; `designation` is the title typed with it."""
    tx = load_taxonomy()
    text = normalise(text)
    sections = split_sections(text, JD_VOCABULARY)
    notes: list[ReadingNote] = []
    title = _title(sections, designation, notes)
    clauses = _clauses(sections)
    has_requirements = any(c.section in ("required", "preferred") for c in clauses)
    one_of = _OneOf()
    required, preferred, excluded = _skills(clauses, tx, title, has_requirements, notes, one_of)
    required, alternatives = one_of.apply(required, notes)
    min_years, max_years, years_field = _years(clauses, notes)
    required, alternatives, years_field = _without_years_field(
        required, alternatives, (min_years, years_field), clauses, tx, notes
    )
    required = _without_generic(required, notes)
    required, preferred = _capabilities_wished(required, preferred, notes)
    education, education_required = _education(clauses, notes)
    location, remote, location_required = _place(text, sections, notes)
    return JDProfile(
        title=title,
        role_family=tx.role_family(title, required + preferred) or _text_family(text, tx),
        required_skills=required,
        alternatives=alternatives,
        preferred_skills=preferred,
        min_years=min_years,
        max_years=max_years,
        years_field=years_field,
        education_level=education,
        education_required=education_required,
        location=location,
        remote=remote,
        location_required=location_required,
        other_requirements=_other_requirements(clauses, tx),
        excluded_skills=excluded,
        notes=notes,
        reader_version=reader_version(),
    )


def _title(sections: list, designation: str, notes: list[ReadingNote]) -> str:
    lines = [line for s in sections for line in s.lines][:8]
    for line in lines[:6]:
        if _TITLE_PREFIX.match(line):
            value = display_title(_TITLE_PREFIX.sub("", line).split("  ")[0])
            notes.append(ReadingNote(field="title", value=value, text=line, rule="'Title:' line"))
            return value
    first = _first_title_line(lines)
    if designation.strip():
        value = display_title(_HEAD_SPLIT.split(designation.strip())[0].strip())
        tx = load_taxonomy()
        if first and not tx.title_family(value) and tx.title_family(first[0]):
            # 'RN - Cardiac Step-Down' typed, 'Registered Nurse - ...' written: the written
            # title names the role family, the typed one does not
            notes.append(
                ReadingNote(
                    field="title",
                    value=first[0],
                    text=first[1],
                    rule="title-like first line (the designation names no role family)",
                )
            )
            return first[0]
        notes.append(
            ReadingNote(
                field="title",
                value=value,
                text=designation,
                rule="the designation typed with the JD",
            )
        )
        return value
    if first:
        notes.append(
            ReadingNote(field="title", value=first[0], text=first[1], rule="title-like first line")
        )
        return first[0]
    return ""


def _text_family(text: str, tx: Taxonomy) -> str | None:
    """The family most skills named anywhere in the JD belong to (duties included), for a JD
    whose title and requirements name none ('RN', a nurse JD whose requirements are phrases)."""
    return tx.skills_family([h.name for h in tx.find(text[:20000]) if not h.implied])


def _first_title_line(lines: list[str]) -> tuple[str, str] | None:
    """(title, line) of the first of the first three lines that reads as a job title."""
    for line in lines[:3]:
        head = _HEAD_SPLIT.split(line.strip(" #*-"))[0].strip()
        if 0 < len(head) <= 80 and title_score(head) > 0:
            return display_title(head), line
    return None


def _clauses(sections: list) -> list[Clause]:
    out: list[Clause] = []
    for section in sections:
        heading_strength = _heading_strength(section.key)
        for line in section.lines:
            for raw in _items(line):
                clause = raw.strip(" -*•")
                if not clause:
                    continue
                key, heading = _labelled(clause, section.key, heading_strength)
                strength, rule = _strength(clause, key, heading)
                base = heading or (key if key in ("duties", "header") else None)
                out.append(Clause(clause, key, strength, rule, base))
    return out


# A requirement item that starts mid-line, after a lower-case word: how bullets read once a
# job board has joined them ('... based workflows Experience with Azure DevOps ...').
_ITEM_START = re.compile(
    r"(?<=[a-z0-9)]) (?=(?:Experience|Familiarity|Knowledge|Strong|Solid|Comfortable|Excellent|"
    r"Proven|Ability|Background|Understanding|Working|Hands-on|Demonstrable|Deep|Good|"
    r"Advanced|Fluent|Fluency|Proficien\w+|Bachelor'?s?|Master'?s?|Degree|At least|Minimum|"
    r"Three|Four|Five|Two|Six|\d\+? years|Production|Professional|Commercial|Practical|Prior|"
    r"Previous|Expert\w*|Exposure|Track record|Confident|Skilled|Must|Certified)\b)"
)


def _heading_strength(key: str) -> str | None:
    """The strength a section's heading gives its clauses: only requirement headings give one."""
    return key if key in ("required", "preferred") else None


_LABEL = re.compile(r"^([A-Za-z][\w&' -]{2,40}):\s")


def _labelled(clause: str, key: str, heading: str | None) -> tuple[str, str | None]:
    """A clause that opens with a heading's words and a colon ('Roles & Responsibilities:
    design and maintain ...', in a paragraph a job board joined) is under that heading."""
    m = _LABEL.match(clause)
    own = heading_key(m.group(1), JD_VOCABULARY) if m else None
    if own is None or own == key:
        return key, heading
    return own, _heading_strength(own)


def _items(line: str) -> list[str]:
    """A line's clauses; a long one (a joined list) is cut again where an item starts."""
    out = []
    for clause in _CLAUSE_SPLIT.split(line):
        out += _ITEM_START.split(clause) if len(clause) > 150 else [clause]
    return out


def _strength(clause: str, section: str, heading: str | None) -> tuple[str | None, str]:
    """A clause's own cue first ('... is a plus', 'must'), then its section's."""
    if section == "about":
        return None, "company or benefits text"
    if _COMPANY_TALK.match(clause) and not _ASKS.search(clause):
        return None, "the company talking about itself"
    if _PROCESS.search(clause):
        return None, "the hiring process"
    marked = _CRITERION_MARK.search(clause)
    if marked:
        strength = "preferred" if marked.group(1).lower().startswith("d") else "required"
        return strength, f"marked '{marked.group(1)}' in a criteria table"
    cued = _PREFERRED.search(clause) or _REQUIRED.search(clause)
    if _NAMED_COMPANY_TALK.match(clause) and not _ASKS.search(clause) and not cued:
        return None, "a company describing itself"
    if _ATTITUDE.match(clause):
        return "preferred", "a wish about how the person works"
    pref = _PREFERRED.search(clause)
    req = _REQUIRED.search(clause)
    if pref and not (req and req.start() < pref.start() and "not" not in pref.group(0).lower()):
        return "preferred", f"cue '{pref.group(0)}'"
    if req:
        return "required", f"cue '{req.group(0)}'"
    if heading:
        return heading, f"under a '{section}' heading"
    if section in ("duties", "header"):
        # Named in the duties or the introduction: a requirement only if the JD states none.
        return section, f"named in the {section}"
    return None, f"in the {section} text"


def _skills(
    clauses: list[Clause],
    tx: Taxonomy,
    title: str,
    has_requirements: bool,
    notes: list[ReadingNote],
    one_of: _OneOf,
) -> tuple[list[str], list[str], list[str]]:
    required: dict[str, str] = {}
    preferred: dict[str, str] = {}
    excluded: dict[str, str] = {}
    where: dict[str, set[int]] = {}
    details: set[str] = set()
    heads: set[str] = set()
    disciplines = tx.disciplines
    for index, clause in enumerate(clauses):
        if clause.strength is None:
            continue
        subject = _degree_subject(clause.text)
        not_needed = _NOT_NEEDED.search(clause.text)
        but_wished = bool(not_needed) and _but_wished(clause.text, not_needed.end())
        if clause.strength in ("required", "preferred"):
            for hit in tx.find(clause.text, listed=True):
                (details if _is_detail(clause.text, hit) else heads).add(hit.name)
        for part in _split_strength(clause):
            scopes = negated_scopes(part.text)
            hours = [(m.start(), m.end()) for m in _WORKS_THE_HOURS.finditer(part.text)]
            hour_starts = [a for a, _ in hours]
            hits = tx.find(part.text, listed=True)
            grouped = one_of.read(part.text, hits) if part.strength == "required" else set()
            for hit in hits:
                name = hit.name
                if hit.implied:
                    continue  # a JD asks for what it names ('Jest'), not for its category
                if subject and _inside(part, clause.text, hit, subject):
                    continue  # a degree's subject ('a degree in statistics') is not a skill
                if names_a_domain(part.text, hit):
                    continue  # 'accounting domain knowledge', 'logistics sector'
                if hit.term.lower() in ("recruiting", "hiring") and _EMPLOYER_HIRING.search(
                    part.text[max(0, hit.start - 30) : hit.start]
                ):
                    continue  # 'we are recruiting a full-time Pharmacist': the employer hiring

                k = bisect.bisect_right(hour_starts, hit.start) - 1
                if k >= 0 and hit.start < hours[k][1]:
                    continue  # 'able to work a rotating shift schedule': the hours, not a skill
                scope = negation_at(scopes, hit.start, hit.end)
                strength = part.strength
                if but_wished:
                    strength = "preferred"  # 'not expected, but if you have, tell us'
                elif not_needed and not _wished_besides(part.text):
                    excluded.setdefault(name, f"'{not_needed.group(0)}' in: {clause.text[:120]}")
                    continue
                if scope is not None and not _OPTIONAL_CUE.search(scope.cue):
                    excluded.setdefault(name, f"negated by '{scope.cue}'")
                    continue
                if strength == "required" and _STACK_NOTE.search(part.text[: hit.start][-40:]):
                    strength = "preferred"  # '(we use Greenhouse, any modern ATS is fine)'
                if strength in ("duties", "header"):
                    strength = None if has_requirements else "required"
                if name in tx.credentials:
                    continue  # a licence or registration: an other requirement, not a skill
                if strength in ("required", "preferred"):
                    where.setdefault(name, set()).add(index)
                if strength == "required" and name in disciplines and years_statements(part.text):
                    continue  # '5+ years in product management': the field, judged by the family
                if strength == "required":
                    required.setdefault(name, part.rule)
                    if name not in grouped:
                        one_of.standalone.add(name)
                elif strength == "preferred":
                    preferred.setdefault(name, part.rule)
    _fold_parts(required, where, tx)
    _fold_parts(preferred, where, tx)
    for name in details:
        if name not in heads:
            required.pop(name, None)
            preferred.pop(name, None)
    for name in required:
        preferred.pop(name, None)
        excluded.pop(name, None)
    for name in preferred:
        excluded.pop(name, None)
    notes += [ReadingNote(field="required_skills", value=n, rule=r) for n, r in required.items()]
    notes += [ReadingNote(field="preferred_skills", value=n, rule=r) for n, r in preferred.items()]
    notes += [ReadingNote(field="excluded_skills", value=n, rule=r) for n, r in excluded.items()]
    return list(required), list(preferred), list(excluded)


# Between two skills of a one-of list: ', ', ' or ', ', or ', after a word or two of the
# first ('SolidWorks Simulation, ANSYS'), a bracketed aside ('Sage (we run Sage 200) or Xero'),
# and "or a similar/another ..." before the last.
_OR_GAP = re.compile(
    r"^\s*(?:(?!(?:and|with|plus|or)\b)[\w.+#-]+(?:\s+|(?=,))){0,2}?(?:\([^()]{0,60}\)\s*)?(?:,\s*)?(?:or|,)\s+"
    r"(?:(?:a|an|any|another|other)\s+)?"
    r"(?:(?:similar|equivalent|comparable|other|modern)\s+)?$",
    re.IGNORECASE,
)


# Capabilities every practitioner has and few resumes name ("strong troubleshooting skills"):
# a JD's wish, counted with the preferred skills, never a must-have a resume can miss.
GENERAL_CAPABILITIES = frozenset({"Troubleshooting"})


def _capabilities_wished(
    required: list[str], preferred: list[str], notes: list[ReadingNote]
) -> tuple[list[str], list[str]]:
    """(required, preferred) with the general capabilities moved to the wishes."""
    capabilities = [name for name in required if name in GENERAL_CAPABILITIES]
    _not_required(notes, set(capabilities), "a general capability: wanted, seldom named")
    wished = list(dict.fromkeys([*preferred, *capabilities]))
    return [name for name in required if name not in capabilities], wished


def _not_required(notes: list[ReadingNote], names: set[str], why: str) -> None:
    """Say, in the notes, why each of `names` is not a required skill after all."""
    notes += [ReadingNote(field="required_skills", value=n, rule=why) for n in sorted(names)]


def _without_generic(required: list[str], notes: list[ReadingNote]) -> list[str]:
    """'Troubleshooting' beside 'PLC troubleshooting': the kind the JD names says it all."""
    generic = {
        name
        for name in required
        if any(other.lower().endswith(" " + name.lower()) for other in required)
    }
    _not_required(notes, generic, "a more specific required skill names it")
    return [name for name in required if name not in generic]


def _without_years_field(
    required: list[str],
    alternatives: list[list[str]],
    years: tuple[float | None, list[str]],
    clauses: list[Clause],
    tx: Taxonomy,
    notes: list[ReadingNote],
) -> tuple[list[str], list[list[str]], list[str]]:
    """'4+ years of hands-on electrical troubleshooting', '2+ years in a B2B sales role -
    inside sales, telesales or lead generation all count': an activity (written in lower case,
    not a named tool like 'Python') named only in the clause of the minimum years is what the
    years are about — one must-have (years in that field), not more. Returns the required
    skills, the groups and the years' field without / with them."""
    min_years, years_field = years
    wanted = set(required) | {name for group in alternatives for name in group}
    candidates = set(years_field) & wanted
    for i, clause in enumerate(clauses):
        said = clause.strength == "required" and any(
            s.low == min_years for s in years_statements(clause.text)
        )
        if said and i + 1 < len(clauses) and clauses[i + 1].text[:1].islower():
            clause = Clause(  # '2+ years in B2B sales - inside sales or telesales all count'
                f"{clause.text} {clauses[i + 1].text}", clause.section, clause.strength, ""
            )
        if said:
            candidates |= {
                hit.name
                for hit in tx.find(clause.text, listed=True)
                if hit.name in wanted and clause.text[hit.start : hit.end].islower()
            }
    for i, clause in enumerate(clauses):
        if not candidates:
            break
        follows_years = (
            i > 0 and clause.text[:1].islower() and years_statements(clauses[i - 1].text)
        )
        if clause.strength != "required" or follows_years:
            continue
        for hit in tx.find(clause.text, listed=True):
            named = not clause.text[hit.start : hit.end].islower()
            if hit.name in candidates and (named or not years_statements(clause.text)):
                candidates.discard(hit.name)
    why = "named only as the field of the minimum years: judged by the years in it"
    _not_required(notes, candidates, why)
    return (
        [name for name in required if name not in candidates],
        [group for group in alternatives if not set(group) & candidates],
        list(dict.fromkeys([*years_field, *sorted(candidates)])),
    )


@dataclass
class _OneOf:
    """Groups of alternatives found in required parts, and the skills also required alone."""

    groups: list[list[str]] = field(default_factory=list)
    standalone: set[str] = field(default_factory=set)

    def read(self, text: str, hits: list[SkillHit]) -> set[str]:
        """Note the groups of a part (`hits`: its skills); return the skills in them."""
        found = _alternatives(text, hits)
        self.groups += [g for g in found if g not in self.groups]
        return {name for g in found for name in g}

    def apply(
        self, required: list[str], notes: list[ReadingNote]
    ) -> tuple[list[str], list[list[str]]]:
        """(required skills, groups): a group with a member required on its own elsewhere
        is met by that member, so its other members are no must-haves at all."""
        groups = [g for g in self.groups if all(name in required for name in g)]
        kept = [g for g in groups if not self.standalone & set(g)]
        dropped = {n for g in groups if g not in kept for n in g} - self.standalone
        grouped = {n for g in kept for n in g}
        notes += [
            ReadingNote(field="alternatives", value=" or ".join(g), rule="skills joined by 'or'")
            for g in kept
        ]
        why = "only an alternative to a skill the JD requires on its own"
        _not_required(notes, dropped, why)
        return [n for n in required if n not in grouped | dropped], kept


def _alternatives(text: str, found: list[SkillHit]) -> list[list[str]]:
    """Runs of skills joined by commas and a final 'or' ("Python or Java", "AWS, GCP or
    Azure", "Greenhouse, Lever or a similar ATS"): one of them meets the requirement."""
    hits = [h for h in found if not h.implied]
    container = _brackets(text)
    groups: list[list[str]] = []
    run: list[SkillHit] = []
    has_or = False

    def close() -> None:
        names = list(dict.fromkeys(h.name for h in run))
        if has_or and len(names) >= 2:
            groups.append(names)

    for hit in hits:
        if run and _OR_SIMILAR.match(text, run[-1].end):
            has_or = True  # 'SolidWorks Simulation, ANSYS Mechanical or a similar package'
        if run and container[hit.start] != container[run[-1].start]:
            continue  # '(we run Sage 200)': an aside inside the run, not one of its items
        if run:
            gap = text[run[-1].end : hit.start]
            if len(gap) <= 80 and _OR_GAP.match(gap):
                has_or = has_or or bool(re.search(r"\bor\b", gap, re.IGNORECASE))
                run.append(hit)
                continue
            close()
        run, has_or = [hit], False
    if run:
        has_or = has_or or bool(_OR_SIMILAR.match(text, run[-1].end))
        close()
    return groups


_OR_SIMILAR = re.compile(
    r"[\w ]{0,20}?,? or (?:a |an |any )?(?:similar|equivalent|comparable|other)\b", re.IGNORECASE
)


def _brackets(text: str) -> list[int]:
    """For each character, where the innermost bracket around it opens (-1: none)."""
    out: list[int] = []
    stack: list[int] = []
    for i, ch in enumerate(text):
        if ch == "(":
            stack.append(i)
        out.append(stack[-1] if stack else -1)
        if ch == ")" and stack:
            stack.pop()
    return out


# Working the hours: 'ability to work a rotating shift schedule', 'willing to work shifts'.
_WORKS_THE_HOURS = re.compile(
    r"\b(?:work|working|works)\s+(?:a\s+|on\s+(?:a\s+)?|to\s+)?(?:(?:rotating|rotational|"
    r"flexible|varied|24/7|night|weekend|on-call)\s+)?(?:shift\s+)?(?:schedules?|rotas?|shifts?|"
    r"pattern)\b",
    re.IGNORECASE,
)


def _but_wished(text: str, after: int) -> bool:
    """'we don't expect you to know Kotlin or Swift, but if you've written a bridge in
    either, tell us about it': a wish after a 'but' takes the 'not needed' back."""
    rest = text[after:]
    but = re.search(r"\bbut\b", rest)
    return bool(but and _PREFERRED.search(rest, but.end()))


def _wished_besides(text: str) -> bool:
    """A wish in the text other than the 'not required' of a 'not needed' phrase: "PLC
    programming is not required" wants nothing, "Docker is not required but a plus" wants it."""
    needed = _NOT_NEEDED.search(text)
    return any(
        not (needed and needed.start() <= m.start() < needed.end())
        for m in _PREFERRED.finditer(text)
    )


_DETAIL_MARK = re.compile(r"\(|:|\b(?:including|incl\.?|such as|e\.g\.?|for example|like)\b", re.I)


def _is_detail(text: str, hit: SkillHit) -> bool:
    """'Strong SQL (joins, window functions)', 'SQL Server, including stored procedures and
    query tuning': a skill named inside the detail of another skill is part of it."""
    before = text[: hit.start]
    mark = None
    for m in _DETAIL_MARK.finditer(before):
        mark = m
    if mark is None:
        return False
    if mark.group(0) == "(" and ")" in before[mark.end() :]:
        return False  # the bracket closed before the skill
    if mark.group(0) == "(" and _cued(text[mark.end() :].split(")")[0]):
        return False  # '(Google Tag Manager is a bonus)': a wish of its own, not a detail
    if _ITEM_START.search(before, mark.end()):
        return False  # '..., including hooks Production experience with TypeScript': a new item
    head = before[: mark.start()]
    return bool(load_taxonomy().find(head, listed=True))


_PLATFORMS = {"Amazon Web Services", "Microsoft Azure", "Google Cloud Platform"}


def _fold_parts(found: dict[str, str], where: dict[str, set[int]], tx: Taxonomy) -> None:
    """'AWS (EKS, EC2, VPC, IAM)': services listed in the same clause as the platform they
    belong to are detail of that one requirement, not requirements of their own."""
    for name in list(found):
        for parent in tx.implies.get(name, ()):
            if parent not in _PLATFORMS:
                continue
            if parent in found and where.get(name, set()) <= where.get(parent, set()):
                del found[name]
                break


def _degree_subject(text: str) -> tuple[int, int] | None:
    """Where a clause names a degree and its subject ('Bachelor's degree in business,
    economics or statistics is required'): the span from the degree word to the sentence end
    (at most 120 characters)."""
    m = _EDUCATION_LINE.search(text)
    if m is None or lowest_level(text) is None:
        return None
    end = min(len(text), m.end() + 120)
    stop = re.search(r"[.;]\s", text[m.end() : end])
    return m.start(), m.end() + stop.start() if stop else end


def _inside(part: _Part, clause: str, hit: SkillHit, span: tuple[int, int]) -> bool:
    offset = clause.find(part.text)
    start = hit.start + max(offset, 0)
    return span[0] <= start < span[1]


@dataclass
class _Part:
    text: str
    strength: str | None
    rule: str


# A wish that opens a sentence covers its whole list: "It would be a bonus if you've worked on
# Shopify, know enough HTML ..., can build dashboards in Looker Studio, or speak French".
_WISH_LEAD = re.compile(
    r"^(?:nice to haves?|bonus points?|pluses|desirable|preferred"
    r"|it(?:'d| would)? be (?:a |an )?(?:big |huge |real )?(?:bonus|plus|advantage|nice|great)"
    r"|it(?:'s| is) (?:a |an )?(?:big |real )?(?:bonus|plus|advantage) (?:if|to)"
    r"|(?:we'?d|we would) (?:love|like) (?:it )?(?:if|to see)"
    r"|(?:bonus|extra|brownie) (?:points?|credit) (?:if|for)"
    r"|nice if(?: you)?"
    r"|ideally,? (?:you|you'll|you'd|we'd)"
    r"|(?:you'll|you will) stand out if)\b",
    re.IGNORECASE,
)


def _split_strength(clause: Clause) -> list[_Part]:
    """'Strong SQL, Tableau is a plus': the comma-part that carries its own cue keeps it; a
    cue that opens a list ('Nice to have: Docker, Kubernetes') covers the whole clause."""
    pieces = _top_level_split(clause.text)
    if any(_cued_bracket(p) for p in pieces):
        return [part for piece in pieces for part in _bracket_parts(piece, clause)]
    if len(pieces) == 1:
        return [_Part(clause.text, clause.strength, clause.rule)]
    lead = _PREFERRED.match(clause.text.strip()) or _WISH_LEAD.match(clause.text.strip())
    if lead:
        return [_Part(clause.text, clause.strength, clause.rule)]
    if len(clause.text) < 160 and _WHOLE_SUFFIX.search(clause.text):
        # '... 204, 214 and 856 (Not Required)', 'Go, Rust or Elixir are a plus': a cue that
        # ends the clause covers all of it.
        return [_Part(clause.text, clause.strength, clause.rule)]
    if not any(_PREFERRED.search(p) or _REQUIRED.search(p) for p in pieces):
        return [_Part(clause.text, clause.strength, clause.rule)]
    # Each part carries its own cue ('Strong SQL, Tableau is a plus'); a part without one
    # takes its section's strength, not a cue of a neighbouring part.
    base, base_rule = clause.section_strength, f"under a '{clause.section}' heading"
    out = []
    for piece in pieces:
        pref, req = _PREFERRED.search(piece), _REQUIRED.search(piece)
        if pref:
            out.append(_Part(piece, "preferred", f"cue '{pref.group(0)}' in its part"))
        elif req and base != "preferred":
            out.append(_Part(piece, "required", f"cue '{req.group(0)}' in its part"))
        else:
            out.append(_Part(piece, base, base_rule))
    return out


def _cued(text: str) -> re.Match[str] | None:
    return _PREFERRED.search(text) or _REQUIRED.search(text)


def _cued_bracket(piece: str) -> re.Match[str] | None:
    """A bracket that carries its own cue while the text around it carries none."""
    for m in _BRACKET.finditer(piece):
        outside = piece[: m.start()] + piece[m.end() :]
        cue = _cued(m.group(1))
        subject = cue and re.search(r"[A-Za-z]{3}", _BRACKET_FILLER.sub("", m.group(1)))
        if subject and not _cued(outside) and re.search(r"\w", outside):
            return m
    return None


def _bracket_parts(piece: str, clause: Clause) -> list[_Part]:
    """'Experience with GA4 (Google Tag Manager is a bonus)': the bracket keeps its cue, the
    rest takes the section's strength (or the part's own cue)."""
    m = _cued_bracket(piece)
    if m is None:
        pref, req = _PREFERRED.search(piece), _REQUIRED.search(piece)
        if pref:
            return [_Part(piece, "preferred", f"cue '{pref.group(0)}' in its part")]
        if req:
            return [_Part(piece, "required", f"cue '{req.group(0)}' in its part")]
        return [_Part(piece, clause.section_strength, f"under a '{clause.section}' heading")]
    inner = m.group(1)
    inner_strength, inner_rule = _strength(inner, clause.section, clause.section_strength)
    outside = piece[: m.start()] + " " * (m.end() - m.start()) + piece[m.end() :]
    base = clause.section_strength or clause.strength
    return [
        _Part(outside, base, f"under a '{clause.section}' heading"),
        _Part(inner, inner_strength, f"{inner_rule} inside brackets"),
    ]


def _top_level_split(text: str) -> list[str]:
    """Comma / 'and' parts of a clause, never cutting inside brackets."""
    out, depth, last = [], 0, 0
    for m in _PART_SPLIT.finditer(text):
        token = m.group(0)
        if token == "(":
            depth += 1
        elif token == ")":
            depth = max(0, depth - 1)
            if depth == 0 and re.match(r" [A-Z]", text[m.end() : m.end() + 2]):
                out.append(text[last : m.end()])  # '... (Not Required) Familiarity with ...'
                last = m.end()
        elif depth == 0:
            out.append(text[last : m.start()])
            last = m.end()
    out.append(text[last:])
    return [p for p in out if p.strip()]


def _years(
    clauses: list[Clause], notes: list[ReadingNote]
) -> tuple[float | None, float | None, list[str]]:
    """The minimum years: a general 'N years of experience' in a requirement, before one
    about a single skill, before one that is only preferred."""
    ranked: list[tuple[int, float, float | None, str, str]] = []
    for clause in clauses:
        if clause.section == "about":
            continue
        for s in years_statements(clause.text):
            after = clause.text[s.end : s.end + 80].lower()
            before = clause.text[max(0, s.start - 40) : s.start].lower()
            counted = not re.match(r"an?\b", clause.text[s.start : s.end], re.I)  # not 'a year'
            field = counted and _YEARS_FIELD.match(after)
            if not (_YEARS_CONTEXT.search(after + before) or field):
                continue
            if re.search(
                r"\b(?:old|ago|history|in business|founded|warranty|contract|months?)\b", after[:25]
            ):
                continue
            general = (
                not re.search(r"\b(?:with|in|using)\s+[A-Z]\w+", after[:30])
                or "experience" in after[:15]
            )
            preferred = clause.strength == "preferred"
            rank = (2 if preferred else 0) + (0 if general else 1)
            ranked.append(
                (rank, s.low, s.high, clause.text[:160], clause.text[s.end : s.end + 100])
            )
    if not ranked:
        return None, None, []
    best = min(ranked, key=lambda r: (r[0], r[1]))
    notes.append(
        ReadingNote(
            field="min_years",
            value=f"{best[1]:g}",
            text=best[3],
            rule=[
                "general, required",
                "one skill, required",
                "general, preferred",
                "one skill, preferred",
            ][best[0]],
        )
    )
    field = _years_field(best[4])
    if field:
        notes.append(
            ReadingNote(
                field="years_field",
                value=", ".join(field),
                text=best[3],
                rule="the years are about what follows them",
            )
        )
    return float(best[1]), float(best[2]) if best[2] else None, field


# Where what the years are about ends: a sentence, or a wish after a comma ('five years in
# digital marketing, ideally in retail').
_FIELD_END = re.compile(
    r"[.;:!?\n]|,\s*(?:ideally|preferably|preferred|including|with|some of|of which|"
    r"at least|plus|and\s+(?:ideally|preferably))\b",
    re.I,
)


def _years_field(after: str) -> list[str]:
    """What the years are about: '6 years of hands-on mechanical design experience',
    '5+ years in recruiting', 'five years working in SRE or DevOps'."""
    after = _FIELD_END.split(after, maxsplit=1)[0][:70]
    return list(
        dict.fromkeys(
            hit.name for hit in load_taxonomy().find(after, listed=True) if not hit.implied
        )
    )


def _education(clauses: list[Clause], notes: list[ReadingNote]) -> tuple[str | None, bool | None]:
    """The degree a requirement names; the duties ('supervise MSc dissertations') and the
    company text only when no requirement names one."""
    ordered = [c for c in clauses if c.section in ("required", "preferred")] + [
        c for c in clauses if c.section not in ("required", "preferred", "about")
    ]
    for clause in ordered:
        if not _EDUCATION_LINE.search(clause.text):
            continue
        if _NO_DEGREE.search(clause.text):
            notes.append(
                ReadingNote(
                    field="education_level",
                    value="none",
                    text=clause.text[:160],
                    rule="the JD says no degree is needed",
                )
            )
            return None, None
        level = lowest_level(clause.text)
        if level is None and re.search(r"\bdegree\b", clause.text, re.I):
            level = "bachelor"
        if level is None:
            continue
        soft = bool(_EDUCATION_SOFT.search(clause.text)) or clause.strength == "preferred"
        notes.append(
            ReadingNote(
                field="education_level",
                value=level,
                text=clause.text[:160],
                rule="preferred" if soft else "required",
            )
        )
        return level, not soft
    return None, None


def _place(
    text: str, sections: list, notes: list[ReadingNote]
) -> tuple[str | None, bool | None, bool]:
    head = "\n".join(line for s in sections[:2] for line in s.lines[:6])[:1500]
    remote: bool | None = None
    location: str | None = None
    for m in re.finditer(
        r"(?:location|based in|onsite|on-site|office)\s*[:\-]\s*([^|\n.;]{3,80})", text, re.I
    ):
        location = find_place(m.group(1)) or location
        if location:
            break
    if _REMOTE.search(head) or _REMOTE.search(text[:3000]):
        remote = True
    if _ONSITE.search(head) or re.search(r"\b(?:on-?site|hybrid)\b", text[:3000], re.I):
        remote = bool(re.search(r"\bfully remote\b", text, re.I))
    if location is None:
        for line in head.split("\n"):
            for piece in _PLACE_SPLIT.split(line):
                found = find_place(piece)
                if found:
                    location = found
                    break
            if location:
                break
    if location is None:
        only = re.search(r"\b(US|UK|EU|Canada|United States)[- ]only\b", text, re.I)
        if only:
            location = {"us": "United States", "uk": "United Kingdom"}.get(
                only.group(1).lower(), only.group(1)
            )
    required = bool(location) and (remote is False or bool(_MUST_BE_BASED.search(text)))
    if location or remote is not None:
        notes.append(
            ReadingNote(
                field="location",
                value=f"{location} remote={remote} required={required}",
                rule="place in the header; remote/on-site cues",
            )
        )
    return location, remote, required


def _other_requirements(clauses: list[Clause], tx: Taxonomy) -> list[Requirement]:
    """Requirement clauses the taxonomy names no skill in: licences, registrations, and
    other must-haves, kept as phrases to be matched against the resume's own words."""
    out: list[Requirement] = []
    seen: set[str] = set()
    for clause in clauses:
        if clause.strength not in ("required", "preferred") or clause.section == "about":
            continue
        text = clause.text
        if len(text) > 220 or years_statements(text) or _EDUCATION_LINE.search(text):
            # too long to be one requirement, or about years or a degree: only the licences
            # the taxonomy names in it ('must hold an active RN license ..., and at least two
            # (2) years of ...')
            waived = _NOT_NEEDED.search(text) or _PROCESS.search(text)
            for hit in [] if waived else tx.find(text, listed=True):
                if hit.name in tx.credentials and hit.name.lower() not in seen:
                    seen.add(hit.name.lower())
                    out.append(
                        Requirement(
                            phrase=hit.name,
                            strength=clause.strength,
                            kind="credential",
                            text=text[:220],
                        )
                    )
            continue
        if _NOT_REQUIREMENT.search(text) and not _CREDENTIAL.search(text):
            continue
        if _NOT_NEEDED.search(text) or _PROCESS.search(text) or not re.search(r"[a-z]", text):
            continue  # 'This post is not subject to a DBS check', 'OTHER', 'No agencies'
        if _CRITERION_HEADER.search(text):
            continue
        found = tx.find(text, listed=True)
        credential = bool(_CREDENTIAL.search(text)) or any(h.name in tx.credentials for h in found)
        if found and not credential:
            continue
        if _CRITERION_MARK.search(text):
            text = text.split("|")[0]  # the criterion, not its 'E | A, I' columns
        phrase = clean_title(
            re.sub(
                r"^(?:must (?:have|hold|be)|you(?:'ll| will)? (?:have|hold|need)|"
                r"an?|the|current|valid|active)\s+",
                "",
                text,
                flags=re.I,
            )
        )
        key = phrase.lower()[:80]
        if len(phrase) < 4 or key in seen or re.search(r"(?:&|\band)$", phrase):
            continue
        seen.add(key)
        out.append(
            Requirement(
                phrase=phrase[:160],
                strength=clause.strength,
                kind="credential" if credential else "other",
                text=text[:220],
            )
        )
    return out[:15]
