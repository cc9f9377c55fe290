"""Degree levels from the ways people spell degrees: US, UK, Indian and European forms.

"B.S.", "BSc (Hons)", "BEng", "B.Tech", "MSc", "MEng", "MBA", "MPhil", "Ph.D.", "DPhil",
"Associate of Applied Science", "HND", "Foundation degree", "A-levels", "GED", "High School
Diploma", "EQF level 6"... A degree still being studied ("expected 2027", "in progress",
"final year", "PhD candidate") is read but not held.
"""

from __future__ import annotations

import re

LEVELS = ["high_school", "associate", "bachelor", "master", "phd"]
# (level, pattern read in any case, pattern read only as written): acronyms that are also
# words or units ("MPH", "MFA", "B.Ed" vs "bed", "B.E." vs "be") only count in capitals.
_PATTERNS: list[tuple[str, str, str]] = [
    (
        "phd",
        r"\bph\.?\s?d\b\.?|\bd\.?phil\b|\bdoctor of (?:philosophy|science|education|engineering)\b"
        r"|\bdoctorate\b|\bdoctoral degree\b|\beqf level 8\b"
        r"|\bdoutorado\b|\bdoctorado\b|\bdoktor\w*\b|\bdottorato\b|\bdr\.? rer\.? nat\b",
        r"\bEd\.?D\b|\bDBA\b",
    ),
    (
        "master",
        r"\bmasters?'?s?\b(?! of ceremonies)|\bm\.\s?sc\b|\bmsc\b|\bm\.s\.|\bmba\b|\bm\.?eng\b"
        r"|\bm\.a\.|\bma in\b|\bmphil\b|\bm\.?tech\b|\bmres\b|\bdiplom\b|\beqf level 7\b"
        # UK integrated masters: 'MPharm (Hons)', 'MChem', 'MPhys', 'MMath'
        r"|\bm\.?pharm\b|\bm\.?chem\b|\bm\.?phys\b|\bm\.?math\b|\bintegrated master"
        # Portuguese, Spanish, Italian, post-Soviet and Polish second-cycle degrees
        r"|\bmestrado\b|\bmaestr[ií]a\b|\blaurea magistrale\b|\bspecialist degree\b"
        r"|\bspecialist diploma\b|\bmagist(?:er|ra)\b|\bdiplom-\w+",
        r"\bM\.?A\.?(?= \(?[A-Z][a-z])|\bM\.?Sc\.?(?= \(?[A-Z])|\bMS in\b|\bMS,|\bM\.?A\.? \("
        r"|\bMA,|\bMCA\b|\bM\.?Com\b|\bM\.?Ed\b|\bLLM\b|\bMPA\b"
        r"|\bMPH\b|\bMSN\b|\bMSW\b|\bMSci\b|\bMBiol\b|\bMBiochem\b|\bM\.?Des\b"
        r"|\bM\.?Arch\b|\bMFA\b|\bM\.?Plan\b",
    ),
    (
        "bachelor",
        r"\bbachelor'?s?\b|\bb\.?\s?sc\b|\bb\.s\.|\bb\.a\.|\bba in\b|\bba \(hons\)|\bb\.?eng\b"
        r"|\bb\.?tech\b|\bundergraduate degree\b|\bhonours degree\b|\bpgce\b|\bpg ?cert\b"
        r"|\bpostgraduate (?:certificate|diploma)\b|\bpgdip\b|\beqf level 6\b"
        r"|\b(?:4|four|5|five)-year (?:\w+ )?degree\b"
        # Portuguese, Spanish, Italian, French first degrees
        r"|\bbacharelado\b|\bbacharel\b|\blicenciatura\b|\blicenciad[oa]\b"
        r"|\bingenier[ií]a en\b|\bingeniero en\b|\bengenharia\b|\blaurea(?: triennale)?\b"
        r"|\blicence (?:en|professionnelle)\b|\bengineering degree\b"
        # Polish first degrees
        r"|\blicencjat\b|\binżynier\b|\binzynier\b",
        r"\bB\.A\.A\.|\bBAA\b|\bbaccalaur[ée]at\b"
        r"|\bB\.?A\.?(?= \(?[A-Z][a-z])|\bB\.?S\.?(?= [A-Z][a-z])|\bBS in\b|\bBS,|\bBA,|\bB\.E\."
        r"|\bBE in\b|\bBCA\b|\bB\.?Com\b|\bBBA\b|\bBSN\b"
        r"|\bB\.?Ed\b|\bLLB\b|\bBFA\b|\bBSW\b|\bB\.?Des\b|\bB\.?Arch\b|\bB\.?Pharm\b"
        r"|\bB\.?Mus\b|\bB\.?Plan\b|\bBHSc\b|\bB\.?N\.?(?= \(?[A-Z])|\((?:BA|BSc|BS|BEng)\)",
    ),
    (
        "associate",
        r"\bassociate'?s? degree\b|\bassociate of (?:arts|science|applied science)\b"
        r"|\bfoundation degree\b|\bdiploma of higher education\b|\bcollege diploma\b"
        r"|\b(?:two|2)-year (?:college )?diploma\b|\bontario college diploma\b|\beqf level 5\b"
        # (a UK 'Advanced Diploma' or 'Associate Diploma' is a professional qualification)
        r"|\bdiploma \((?:two|2)[- ]years?(?: (?:program(?:me)?|course|full[- ]time))?\)"
        r"|\bdiploma of (?!higher)\w+"
        r"|\bnational diploma\b|\baqf level [56]\b"
        r"|\bt[ée]cnico superior\b|\btecn[óo]logo\b|\bhigher technician diploma\b"
        r"|\bbts\b|\bdut\b|\btechnicien sp[ée]cialis[ée]\b"
        r"|\b(?:two|2)[- ]years?\b[^.,;()]{0,30}\bdiploma\b",
        r"\bA\.A\.S\.?|\bA\.A\.|\bA\.S\. in\b|\bAAS\b|\bHND\b|\bHNC\b|\bDipHE\b",
    ),
    (
        "high_school",
        r"\bhigh school (?:diploma|graduate|certificate)\b"
        r"|\bsecondary school (?:certificate|diploma)\b"
        r"|\ba-?levels?\b|\bgcses?\b|\bbtec\b|\bnvq level [23]\b|\bleaving certificate\b"
        r"|\babitur\b|\bmatriculation\b|\bsixth form\b|\beqf level [34]\b|\bhigh school\b"
        r"|\bmatric\b|\bnational senior certificate\b|\bgrade 12\b|\byear 12\b"
        r"|\bsecondary school\b|\bleaving cert\b",
        r"\bGED\b|\bHSC\b|\bSSC\b|\b12th (?:grade|standard|std)\b|\bVCE\b|\bSACE\b|\bWACE\b"
        r"|\bQCE\b|\bNSC\b",
    ),
]
_COMPILED = [
    (level, re.compile(loose, re.IGNORECASE), re.compile(strict))
    for level, loose, strict in _PATTERNS
]
IN_PROGRESS = re.compile(
    r"\b(?:expected|anticipated|in progress|ongoing|currently|now studying|studying for|"
    r"(?:first|second|third|fourth|final)[- ]year|completing|student|"
    r"pursuing|final[- ]year|predicted|to be completed|candidate|enrolled|not completed|"
    r"incomplete|unfinished|studying towards|working towards|due to graduate|graduating|"
    r"did not (?:complete|finish|graduate)|didn'?t (?:complete|finish|graduate)|withdrew|"
    r"without (?:completing|graduating)|discontinued|dropped out|left (?:after|before|in)|"
    r"paused|on hold|deferred|interrupted|abandoned)\b",
    re.IGNORECASE,
)


def degree_level(text: str) -> str | None:
    """The highest degree level a line mentions, or None."""
    for level, loose, strict in _COMPILED:
        if loose.search(text) or strict.search(text):
            return level
    return None


def lowest_level(text: str) -> str | None:
    """The lowest level a requirement line names ("Bachelor's or Master's" → bachelor)."""
    found = [
        level for level, loose, strict in _COMPILED if loose.search(text) or strict.search(text)
    ]
    return min(found, key=LEVELS.index) if found else None


def rank(level: str | None) -> int:
    """0 for none, 1..5 from high school to PhD."""
    return LEVELS.index(level) + 1 if level in LEVELS else 0
