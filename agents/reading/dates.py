"""Date ranges as people write them: 'Jan 2019 – Present', '2019-01 to 2021-06',
'03/2018 - 12/2020', '2017 – 2019', 'March 2019 — now'."""

# ruff: noqa: RUF001, RUF002 - en dashes, curly quotes and look-alikes are data here

from __future__ import annotations

import re
from dataclasses import dataclass

_MONTHS = {
    m: i + 1
    for i, m in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    )
}
_MONTHS["sept"] = 9
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DATE = (
    rf"(?:{_MONTH}\s*,?\s*\d{{4}}|\d{{4}}[-/.]\d{{1,2}}(?!\d)|\d{{1,2}}[/.]\d{{4}}"
    r"|(?:19|20)\d{2})"
)
_PRESENT = r"(?:present|now|current(?:ly)?|today|ongoing|to date|date)"
RANGE_RE = re.compile(
    rf"(?P<start>{_DATE})\s*(?:–|—|-|−|to|until|till|through)\s*(?P<end>{_DATE}|{_PRESENT})"
    r"(?![\w])",
    re.IGNORECASE,
)

YearMonth = tuple[int, int]

# The years a resume date can plausibly name; every written form is held to this one bound,
# so 'Jan 0001 - Present' is not read as two thousand years of experience.
MIN_YEAR, MAX_YEAR = 1950, 2100


@dataclass(frozen=True)
class DateRange:
    """A parsed range; `end` None means ongoing. `span` is where it sat in the line."""

    start: YearMonth
    end: YearMonth | None
    span: tuple[int, int]


def parse_date(text: str, *, is_end: bool) -> YearMonth | None:
    """One date → (year, month); a bare year reads as mid-year (July start, June end)."""
    t = text.strip().lower().rstrip(".")
    if m := re.fullmatch(rf"({_MONTH})\s*,?\s*(\d{{4}})", t):
        return _valid(int(m.group(2)), _MONTHS[m.group(1).rstrip(".")[:3]])
    if m := re.fullmatch(r"(\d{4})[-/.](\d{1,2})", t):
        return _valid(int(m.group(1)), int(m.group(2)))
    if m := re.fullmatch(r"(\d{1,2})[/.](\d{4})", t):
        return _valid(int(m.group(2)), int(m.group(1)))
    if m := re.fullmatch(r"(\d{4})", t):
        # Only the year is known: the middle of it halves the worst-case error.
        return _valid(int(m.group(1)), 6 if is_end else 7)
    return None


def _valid(year: int, month: int) -> YearMonth | None:
    """(year, month) when both are plausible, else None: the one check every form goes through."""
    return (year, month) if 1 <= month <= 12 and MIN_YEAR <= year <= MAX_YEAR else None


def find_range(line: str) -> DateRange | None:
    """The first date range in a line, or None."""
    for match in RANGE_RE.finditer(line):
        start = parse_date(match.group("start"), is_end=False)
        end_text = match.group("end")
        end = (
            None
            if re.fullmatch(_PRESENT, end_text, re.IGNORECASE)
            else parse_date(end_text, is_end=True)
        )
        if start is None or (end is None and not re.fullmatch(_PRESENT, end_text, re.I)):
            continue
        if end is not None and end < start:
            continue
        return DateRange(start, end, match.span())
    return None


def month_index(ym: YearMonth) -> int:
    """Months since year 0."""
    return ym[0] * 12 + ym[1] - 1


def months_between(start: YearMonth, end: YearMonth) -> int:
    """Inclusive month count: Jan–Dec of one year is 12."""
    return max(0, month_index(end) - month_index(start) + 1)


def merged_months(ranges: list[tuple[YearMonth, YearMonth]]) -> int:
    """Months covered by the union of the ranges (overlapping jobs counted once)."""
    spans = sorted((month_index(a), month_index(b)) for a, b in ranges if b >= a)
    total, cur_start, cur_end = 0, None, None
    for s, e in spans:
        if cur_end is None or s > cur_end + 1:
            if cur_end is not None and cur_start is not None:
                total += cur_end - cur_start + 1
            cur_start, cur_end = s, e
        else:
            cur_end = max(cur_end, e)
    if cur_end is not None and cur_start is not None:
        total += cur_end - cur_start + 1
    return total


def ym_str(ym: YearMonth | None) -> str | None:
    """(2019, 1) → '2019-01'."""
    return None if ym is None else f"{ym[0]:04d}-{ym[1]:02d}"
