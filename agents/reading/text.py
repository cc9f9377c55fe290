"""Text clean-up and numbers as people write them ("six (6)", "Three or more", "5-8", "2+").

`normalise` makes extracted text uniform before reading: line ends, Unicode compatibility forms
(ligatures, full-width letters), invisible characters, the private-use bullets Word and PDF
fonts leave behind. `years_statements` finds "N years of experience" in every written form with
one pass over word tokens (no backtracking pattern), so it is linear in the text.
"""

# ruff: noqa: RUF001
# (en dashes, curly quotes and look-alikes are data here)

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff\ufffe"), None)
_BULLETS = dict.fromkeys(
    map(ord, "\uf0b7\uf0a7\uf076\uf0d8\uf0fc\u25aa\u25cf\u2023\u2043\u25e6"), "•"
)

_QUOTES = dict.fromkeys(map(ord, "\u2019\u2018\u02bc\u2032"), "'")

NUMBER_WORDS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "a": 1, "an": 1, "single": 1, "couple": 2,
    "several": 3, "few": 2,
}  # fmt: skip
_TOKEN = re.compile(r"\d{1,3}(?:\.\d)?|[^\W\d_]+(?:'[a-z]+)?|[+\-–—/()]", re.IGNORECASE)
_YEAR_WORDS = {"year", "years", "yr", "yrs", "year's", "years'"}
# 'a minimum of 18 months': a span of months counts as its fraction of years; only spans of a
# year or more ('6 months' of anything is not what an experience requirement is written in).
_MONTH_WORDS = {"months", "month's", "months'"}
_LOWER_BOUND = {"least", "minimum", "min", "over", "more", "plus", "+", "exceeding"}


def normalise(text: str) -> str:
    """Uniform line ends, Unicode compatibility forms, no invisible characters."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x0c", "\n")
    text = text.translate(_BULLETS)
    text = unicodedata.normalize("NFKC", text).translate(_INVISIBLE).translate(_QUOTES)
    return "\n".join(line.rstrip() for line in text.split("\n"))


@dataclass(frozen=True)
class YearsStatement:
    """'5-8 years of experience': low 5, high 8, at `start`..`end` of the text."""

    low: float
    high: float | None
    start: int
    end: int


def _value(token: str) -> float | None:
    if token[:1].isdigit():
        return float(token)
    return NUMBER_WORDS.get(token.lower().replace("-", ""))


def years_statements(text: str) -> list[YearsStatement]:
    """Every "N years" in the text: '3+ years', 'six (6) years', 'Three or more years',
    'at least five years', '5-8 years', 'a minimum of 3 years'', 'over seven years'."""
    toks = [(m.group(0), m.start(), m.end()) for m in _TOKEN.finditer(text)]
    out: list[YearsStatement] = []
    for i, (tok, _start, end) in enumerate(toks):
        unit = 1.0 if tok.lower() in _YEAR_WORDS else 12.0 if tok.lower() in _MONTH_WORDS else 0
        if not unit:
            continue
        j = i - 1
        high: float | None = None
        # '(6)' after a number word, '+' or 'plus' after a number.
        while j >= max(0, i - 4) and toks[j][0].lower() in ("(", ")", "+", "plus"):
            j -= 1
        if j < 0:
            continue
        value = _value(toks[j][0])
        if value is None and toks[j][0].lower() == "more" and j >= 2:
            value = _value(toks[j - 2][0])  # 'three or more years'
            j -= 2
        if value is None:
            continue
        if (
            j >= 2
            and toks[j - 1][0] in ("-", "–", "—", "to")
            and _value(toks[j - 2][0]) is not None
        ):
            high, value = value, _value(toks[j - 2][0])  # '5-8 years', 'three to five years'
            j -= 2
        elif j >= 2 and toks[j - 1][0] == "(" and _value(toks[j - 2][0]) is not None:
            value = _value(toks[j - 2][0])  # 'six (6) years'
            j -= 2
        if value is None or not 0 < value <= 45 * unit or (unit > 1 and value < unit):
            continue
        if unit > 1:
            value, high = round(value / unit, 2), round(high / unit, 2) if high else None
        out.append(YearsStatement(value, high, toks[max(j, 0)][1], end))
    return out


def stated_years(text: str) -> float | None:
    """The years of experience a resume claims in words ('over seven years of experience'),
    when it gives no dates: the largest claim followed by 'experience' or 'in'."""
    best = None
    for s in years_statements(text):
        after = text[s.end : s.end + 40].lower()
        if re.match(r"[\s']*(?:of\s+)?(?:\w+\s+){0,3}(?:experience|in\b|working|as\b)", after):
            best = max(best or 0.0, s.low)
    return best
