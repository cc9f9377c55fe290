"""What a job title looks like, as opposed to a company, a place, a date or a sentence.

`title_score` rates a short phrase: role nouns ("Engineer", "Nurse", "Electrician", "Chef") and
the taxonomy's title phrases count for it; company markers ("Ltd", "Inc", "NHS Trust",
"Hospital"), a "City, Region" shape, digits, and the shape of a sentence (a leading past-tense
verb, a full stop, many words) count against it. The readers pick a job's title as the
best-scoring piece of the text around its dates.
"""

# ruff: noqa: RUF001
# (en dashes, curly quotes and look-alikes are data here)

from __future__ import annotations

import re
from functools import lru_cache

from agents.taxonomy import load_taxonomy

ROLE_NOUNS = re.compile(
    r"\b(engineer|developer|programmer|architect|manager|director|analyst|designer|scientist|"
    r"nurse|midwife|physician|doctor|surgeon|pharmacist|therapist|physiotherapist|paramedic|"
    r"technician|technologist|tech|assistant|associate|administrator|coordinator|co-ordinator|"
    r"officer|specialist|consultant|advisor|adviser|representative|executive|agent|clerk|"
    r"accountant|bookkeeper|auditor|controller|recruiter|generalist|partner|lead|head|chief|"
    r"supervisor|superintendent|foreman|intern|trainee|apprentice|teacher|lecturer|professor|"
    r"tutor|instructor|trainer|librarian|researcher|fellow|postdoc|editor|writer|copywriter|"
    r"marketer|strategist|buyer|planner|tester|operator|cashier|electrician|welder|fabricator|"
    r"machinist|mechanic|plumber|carpenter|joiner|millwright|pipefitter|installer|drafter|"
    r"draughtsman|chef|cook|baker|bartender|barista|server|waiter|waitress|receptionist|"
    r"concierge|housekeeper|host|hostess|auditor|carer|worker|aide|owner|founder|co-founder|"
    r"president|"
    r"counsel|lawyer|attorney|solicitor|paralegal|dentist|hygienist|optometrist|psychologist|"
    r"counsellor|counselor|social worker|driver|courier|operative|inspector|surveyor|"
    r"estimator|scheduler|dispatcher|investigator|underwriter|actuary|economist|statistician|"
    r"sourcer|sales|marketing|support|practitioner|registrar|sister|matron|coach|mentor|"
    r"student|graduate|freelancer|contractor|owner-operator|steward|stewardess)s?\b",
    re.IGNORECASE,
)
# Short role words that are only role words in capitals ("IT Support", "HR Advisor", "QA").
ROLE_ACRONYMS = re.compile(
    r"\b(VP|CTO|CEO|CFO|COO|CIO|SDR|BDR|SRE|DBA|QA|UX|UI|HR|IT|PM|PO|RN|LPN|CNA|EMT|HCA|GP|PA)\b"
)
_SENIORITY = re.compile(
    r"\b(senior|sr|junior|jr|principal|staff|lead|deputy|assistant|associate|trainee|graduate|"
    r"interim|acting|i|ii|iii|iv|band \d)\b\.?",
    re.IGNORECASE,
)
COMPANY_MARKERS = re.compile(
    r"\b(ltd|limited|inc|incorporated|llc|llp|plc|gmbh|ag|s\.?a\.?|b\.?v\.?|pty|corp|"
    r"corporation|company|co\.|group|holdings|hospital|hospitals|trust|nhs|university|college|"
    r"school|academy|bank|agency|studio|studios|labs|laboratories|partners|consulting|"
    r"consultancy|foundation|council|clinic|centre|center|hotel|hotels|restaurant|bistro|"
    r"brasserie|café|cafe|pub|inn|resort|surgery|pharmacy|ministry|department|army|navy|"
    r"air force|regiment|battalion|plc\.|industries|manufacturing|logistics|technologies|"
    r"solutions|systems|software|services|networks|digital|media|health|healthcare|care home|"
    r"homes|insure|insurance|payments|capital|ventures|enterprises)\b",
    re.IGNORECASE,
)
_PLACE = re.compile(r"^[A-Z][\w .'\-]{1,30},\s*(?:[A-Z]{2}|[A-Z][\w .'\-]{1,30})$")
_SENTENCE_START = re.compile(
    r"^(?:managed|developed|led|built|designed|created|implemented|delivered|worked|responsible|"
    r"supported|maintained|provided|handled|ran|drove|owned|wrote|helped|assisted|improved|"
    r"reduced|increased|introduced|launched|coordinated|prepared|performed|conducted|trained|"
    r"mentored|supervised|oversaw|established|achieved|completed|collaborated|partnered|"
    r"administered|processed|answered|greeted|served|cooked|installed|repaired|inspected|"
    r"operated|welded|fabricated|machined|taught|planned|organised|organized|using|with|and|"
    r"in|for|to|the|a|an|i|my|our|as|at|on|of|from|by|while|during)\b",
    re.IGNORECASE,
)
# A present-tense verb and its object: "Lead a team of 5", "Manage the rota", "Run two wards".
_VERB_PHRASE = re.compile(
    r"^(?:lead|manage|run|own|support|build|design|develop|deliver|teach|oversee|write|handle|"
    r"coordinate|prepare|provide|maintain|work|help|assist|drive|create|train|mentor|plan|"
    r"organise|organize|supervise|monitor|review|process|answer|serve|install|repair|inspect|"
    r"operate|weld|machine|report|track|analyse|analyze|test|ensure|act|liaise)\s+(?:a|an|the|"
    r"our|my|all|two|three|four|five|six|\d+|team|teams|with|on|in|for|and|to|up|across|"
    r"every|each|new|daily|weekly)\b",
    re.IGNORECASE,
)
_NOT_A_JOB_END = re.compile(
    r"\b(?:program|programme|course|certificate|certification|diploma|degree|training|"
    r"qualification|module|membership|member)\W*$",
    re.IGNORECASE,
)
_BRACKETS = re.compile(r"\([^)]*\)?")
_ALTERNATIVES = re.compile(r"(?<=\s)[/→](?=\s)")
_ARTICLE = re.compile(r"\s(?:a|an|the|and i|i|we|our|my)\s", re.IGNORECASE)
_DIGITS = re.compile(r"\d{3,}|\d+[/.-]\d+")


@lru_cache(maxsize=1)
def _title_phrases() -> re.Pattern[str]:
    phrases = sorted(
        {p for ps in load_taxonomy().titles.values() for p in ps}, key=lambda p: -len(p)
    )
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(p) for p in phrases) + r")(?!\w)", re.I)


_LEGAL_SUFFIX = re.compile(
    r"\b(?:ltd|limited|inc|incorporated|llc|llp|plc|gmbh|pty|corp|corporation|s\.a\.|b\.v\.)\b\.?",
    re.IGNORECASE,
)


def _ends_in_role(text: str) -> bool:
    words = re.findall(r"[\w-]+", re.sub(r"\([^)]*\)?", " ", text))
    return bool(words) and bool(
        ROLE_NOUNS.fullmatch(words[-1]) or ROLE_ACRONYMS.fullmatch(words[-1])
    )


_NOT_BLOCKERS = {
    "sales", "marketing", "support", "lead", "head", "chief", "associate", "assistant",
    "partner", "partners", "worker", "student", "students", "graduate", "fellow", "owner",
    "host", "server", "agent", "coach", "mentor", "trainee", "apprentice", "tech",
}  # fmt: skip


def names_a_role(text: str) -> bool:
    """'Senior Software Engineer', 'Training Manager', 'Project Coordinator - Implementations':
    a phrase that names a job, so it is not a section heading."""
    words = re.findall(r"[\w-]+", text)
    if words and (ROLE_NOUNS.fullmatch(words[-1]) or ROLE_ACRONYMS.fullmatch(words[-1])):
        return True
    return any(
        ROLE_NOUNS.fullmatch(w)
        and w.lower().rstrip("s") not in _NOT_BLOCKERS
        and w.lower() not in _NOT_BLOCKERS
        for w in words
    )


# A section heading run into the title it heads, as one-paragraph text reads ('EMPLOYMENT
# HISTORY Head of Chemistry', 'Experience Customer Support Agent II').
_LEADING_HEADING = re.compile(
    r"^(?:(?:(?:employment|work|career|professional|relevant|job)\s+)?"
    r"(?:history|experience|background|record)[\s:]+"
    r"|(?:designation|(?:current\s+|job\s+)?(?:title|position|role))\s*[:\-–]\s*)(?=[A-Z])",
    re.IGNORECASE,
)
# The job wanted, not one held: Europass's 'JOB APPLIED FOR', 'Desired employment'.
_ASPIRATION = re.compile(
    r"^(?:job|position|post|role)\s+applied\s+for\b|^(?:desired|preferred|target)\s+"
    r"(?:employment|job|position|role)\b|^(?:applying|applied)\s+for\b|^career\s+objective\b",
    re.IGNORECASE,
)


def _without_heading(text: str) -> str:
    m = _LEADING_HEADING.match(text)
    if m is None:
        return text
    rest = text[m.end() :]
    if any(mark in m.group(0) for mark in ":-–"):
        return rest  # 'Designation : Senior Software Engineer'
    shouted = m.group(0).strip(" :").isupper() and not rest.isupper()
    if (shouted or len(rest.split()) >= 3) and title_score(rest) > 0:
        return rest
    return text


def display_title(text: str) -> str:
    """A job title as a recruiter reads it: the first of ' / ' alternatives that reads as a
    title (one role's halves stay: `_one_role`), without bracketed grades or notes
    ('Staff Nurse (Band 5)' → 'Staff Nurse'); the bracket itself when only it reads as a
    title ('Dunphy Books (self-employed bookkeeper)')."""
    text = _without_heading(clean_title(text))
    inside = re.findall(r"\(([^)]*)\)?", text)
    outside = clean_title(_BRACKETS.sub(" ", text))
    if title_score(outside) <= 0 and inside and title_score(inside[0]) > 0:
        outside = clean_title(inside[0])
    parts = [p.strip() for p in _ALTERNATIVES.split(outside) if p.strip()]
    if _one_role(outside, parts):
        return outside
    first = next((p for p in parts if title_score(p) > 0), outside)
    return clean_title(first) or text


def _one_role(text: str, parts: list[str]) -> bool:
    """'Lead Welder / Fitter', 'Owner / Electrician', 'Nurse - Medical-Surgical / Telemetry':
    a slash before single words joins one role's halves; 'Senior Statistician / Statistical
    Analyst' or a promotion arrow gives alternatives, of which the first is shown."""
    return (
        "→" not in text
        and len(parts) > 1
        and all(len(p.split()) == 1 for p in parts[1:])
        and title_score(parts[0]) > 0
    )


def clean_title(text: str) -> str:
    """A title without leading punctuation, list marks or trailing separators."""
    text = re.sub(r"^[\s\-–—|•*·:;,>()\[\]#]+|[\s\-–—|•*·:;,(\[#]+$", "", text)
    return re.sub(r"\s+", " ", text).strip()


def title_score(text: str) -> float:
    """How much a phrase looks like a job title (> 0: it does)."""
    phrase = clean_title(text)
    if not phrase or len(phrase) > 90:
        return -5.0
    words = phrase.split()
    score = 0.0
    nouns = ROLE_NOUNS.findall(phrase) + ROLE_ACRONYMS.findall(phrase)
    if nouns:
        score += 2.0 + 0.5 * min(len(nouns) - 1, 2)
    if _title_phrases().search(phrase):
        score += 2.0
    if _SENIORITY.search(phrase) and nouns:
        score += 0.5
    if _LEGAL_SUFFIX.search(phrase) or (
        COMPANY_MARKERS.search(phrase) and not _ends_in_role(phrase)
    ):
        score -= 2.5
    if _PLACE.match(phrase):
        score -= 2.0
    if _ASPIRATION.match(phrase):
        score -= 6.0
    if _DIGITS.search(phrase):
        score -= 1.0
    if len(words) > 7:
        score -= 0.5 * (len(words) - 7)
    if _NOT_A_JOB_END.search(phrase):
        score -= 3.0
    if phrase.endswith(".") or _SENTENCE_START.match(phrase) or _VERB_PHRASE.match(phrase):
        score -= 3.0
    elif _ARTICLE.search(phrase):
        score -= 1.5
    if phrase[:1].islower():
        score -= 1.5
    return score


def company_score(text: str) -> float:
    """How much a phrase looks like an employer (> 0: it does)."""
    phrase = clean_title(text)
    if not phrase:
        return -5.0
    score = 2.0 if COMPANY_MARKERS.search(phrase) else 0.0
    if (ROLE_NOUNS.search(phrase) or ROLE_ACRONYMS.search(phrase)) and not COMPANY_MARKERS.search(
        phrase
    ):
        score -= 2.0
    if phrase[:1].isupper():
        score += 0.5
    sentence_end = phrase.endswith(".") and not _LEGAL_SUFFIX.search(phrase[-6:])
    if _SENTENCE_START.match(phrase) or sentence_end:
        score -= 3.0  # 'Led the team.', not 'Crestline Telecom Inc.'
    return score


def looks_like_place(text: str) -> bool:
    """'Leeds, UK', 'Austin, TX', 'Cape Town, Western Cape'."""
    return bool(_PLACE.match(clean_title(text)))
