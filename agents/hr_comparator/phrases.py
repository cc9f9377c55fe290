"""Match a requirement the taxonomy does not name against the resume's own words.

"NMC registration (Registered Nurse, Adult)", "valid driving licence", "Enhanced DBS check",
"experience in a B2B SaaS company": the phrase is reduced to its content words (lower case,
stop words dropped, simple suffixes folded: "registered" ~ "registration", "licence" ~
"license") and a resume line meets it when it holds most of them — every acronym or code word
among them, and at least two thirds of the rest. The line that met it is the evidence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_STOP = {
    "a", "an", "the", "and", "or", "of", "in", "on", "for", "to", "with", "by", "at", "as",
    "be", "is", "are", "you", "your", "we", "our", "must", "have", "has", "hold", "held",
    "holding", "current", "currently", "valid", "active", "able", "ability", "experience",
    "experienced", "knowledge", "understanding", "strong", "good", "excellent", "proven",
    "working", "work", "any", "some", "e", "g", "eg", "i", "e.g", "etc", "such", "similar",
    "equivalent", "within", "from", "this", "that", "will", "can", "also", "well", "least",
    "preferably", "ideally", "required", "essential", "desirable", "preferred", "plus",
    "before", "after", "start", "date", "day", "first", "may", "obtained", "obtain",
    "minimum", "year", "years", "role", "position", "team", "new", "all", "other", "check",
    "checks", "checked",
    # emphasis and the standing of a licence, which resumes do not repeat: 'NON-NEGOTIABLE',
    # 'with no conditions', 'unrestricted', 'in good standing'
    "non-negotiable", "negotiable", "mandatory", "compulsory", "no", "conditions", "condition",
    "unrestricted", "restrictions", "standing", "full", "fully", "up-to-date",
}  # fmt: skip
_SYNONYMS = {
    "license": "licence", "licensed": "licence", "licences": "licence", "licenses": "licence",
    "registered": "registration", "register": "registration", "registrant": "registration",
    "certified": "certification", "certificate": "certification", "cert": "certification",
    "driver": "driving", "drivers": "driving", "driver's": "driving", "clearance": "clearance",
}  # fmt: skip
_OPTIONS = re.compile(r"(?<=\s)or(?=\s)|/")
_BRACKETS = re.compile(r"\([^()]{0,200}\)")
_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9+#'&.-]*")


@dataclass(frozen=True)
class PhraseMatch:
    """Whether a requirement phrase is met, and the line that met it."""

    met: bool
    evidence: str
    rule: str


def _norm(word: str) -> str:
    w = word.lower().strip(".'-")
    w = _SYNONYMS.get(w, w)
    for suffix in ("ations", "ation", "ings", "ing", "ed", "es", "s"):
        if len(w) > len(suffix) + 3 and w.endswith(suffix):
            return w[: -len(suffix)]
    return w


def content_words(phrase: str) -> tuple[set[str], set[str]]:
    """(key words: acronyms and codes, other content words) of a phrase, normalised."""
    phrase = _BRACKETS.sub(" ", phrase)  # '(Registered Nurse, Adult)' is detail
    keys: set[str] = set()
    rest: set[str] = set()
    for raw in _TOKEN.findall(phrase):
        if raw.lower() in _STOP or len(raw) < 2:
            continue
        if (raw.isupper() and len(raw) >= 2) or any(c.isdigit() for c in raw):
            keys.add(raw.upper())
        else:
            rest.add(_norm(raw))
    return keys, rest


def match_phrase(phrase: str, lines: tuple[str, ...] | list[str]) -> PhraseMatch:
    """The best resume line for a requirement phrase ('A or B': either), and whether it
    meets it."""
    options = [p for p in _OPTIONS.split(_BRACKETS.sub(" ", phrase)) if p.strip()]
    results = [_match_one(option, lines) for option in options or [phrase]]
    return next((r for r in results if r.met), results[0])


def _match_one(phrase: str, lines: tuple[str, ...] | list[str]) -> PhraseMatch:
    keys, rest = content_words(phrase)
    if not keys and not rest:
        return PhraseMatch(False, "", "nothing to match in the phrase")
    best: tuple[float, str] = (0.0, "")
    for line in lines:
        words = {_norm(w) for w in _TOKEN.findall(line)}
        upper = {w.upper() for w in _TOKEN.findall(line)}
        if keys and not keys <= upper:
            continue
        share = len(rest & words) / len(rest) if rest else 1.0
        if share > best[0]:
            best = (share, line)
    needed = 1.0 if len(rest) <= 1 else 2 / 3
    met = best[0] >= needed and bool(best[1])
    rule = f"{best[0]:.0%} of the phrase's words in one line" + (
        f" (and {', '.join(sorted(keys))})" if keys else ""
    )
    return PhraseMatch(met, best[1][:300] if met else "", rule)
