"""Date ranges as people write them, read by a small grammar over tokens in linear time.

'Jan 2019 – Present', '2019-01 to 2021-06', '03/2018 - 12/2020', '2017 – 2019', '2015-2019',
'March 2019 — now', '2020 - now', '2016 to date', 'till now', 'since 2020', 'Summer 2019',
"Jan '19 – Mar '21", 'Jan – Mar 2019', UK '01/03/2019 - 31/08/2021', and ranges whose only
separator is white space: '04/2022  07/2022', 'February 2017\tPresent'.

The line is cut into tokens by one pattern whose every branch is bounded or a single greedy run,
so the scan is linear in the line's length whatever it holds (a regex with optional white space
on both sides of optional tokens is not: 32 k spaces took the old pattern 22 s). The grammar then
walks the tokens once.
"""

# ruff: noqa: RUF001, RUF002, RUF003
# (en dashes, curly quotes and look-alikes are data here)

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
# Month names of the languages CVs in English most often keep their dates in (Portuguese,
# Spanish, French, German, Italian, Dutch): 'jan/2022 – atual', 'abr. 2018 - dic. 2021',
# 'März 2019 – heute'.
_FOREIGN_MONTHS = {
    "fev": 2, "abr": 4, "mai": 5, "ago": 8, "dez": 12, "ene": 1, "dic": 12,
    "janv": 1, "févr": 2, "fév": 2, "mars": 3, "avr": 4, "juin": 6, "juil": 7, "août": 8,
    "déc": 12, "mär": 3, "mrz": 3, "okt": 10, "jän": 1, "giu": 6, "lug": 7, "ott": 10,
    "mrt": 3, "mei": 5,
    "janeiro": 1, "fevereiro": 2, "março": 3, "abril": 4, "maio": 5, "junho": 6, "julho": 7,
    "agosto": 8, "setembro": 9, "outubro": 10, "novembro": 11, "dezembro": 12,
    "enero": 1, "febrero": 2, "marzo": 3, "mayo": 5, "junio": 6, "julio": 7,
    "septiembre": 9, "setiembre": 9, "octubre": 10, "noviembre": 11, "diciembre": 12,
    "janvier": 1, "février": 2, "avril": 4, "juillet": 7, "septembre": 9, "octobre": 10,
    "novembre": 11, "décembre": 12, "januar": 1, "februar": 2, "märz": 3, "juni": 6,
    "juli": 7, "oktober": 10, "dezember": 12, "gennaio": 1, "febbraio": 2, "aprile": 4,
    "maggio": 5, "giugno": 6, "luglio": 7, "settembre": 9, "ottobre": 10, "dicembre": 12,
    "januari": 1, "februari": 2, "maart": 3, "augustus": 8,
}  # fmt: skip
# Foreign months that are also English words count only glued to their year: 'set/2019',
# 'out-2020', not 'set 2019 targets'.
_GLUED_MONTHS = {"set": 9, "out": 10, "gen": 1, "mag": 5}
_MONTH_WORDS = {
    **_MONTHS,
    **_FOREIGN_MONTHS,
    "january": 1, "february": 2, "march": 3, "april": 4, "june": 6, "july": 7,
    "august": 8, "sept": 9, "september": 9, "october": 10, "november": 11, "december": 12,
}  # fmt: skip
# A season names the months it covers: the start of a season that starts a range, its end when
# it ends one.
_SEASONS = {
    "spring": (3, 5),
    "summer": (6, 8),
    "autumn": (9, 11),
    "fall": (9, 11),
    "winter": (12, 2),
    # quarters and halves: 'Q3 2020 – Q1 2022', 'H2 2019'
    "q1": (1, 3),
    "q2": (4, 6),
    "q3": (7, 9),
    "q4": (10, 12),
    "h1": (1, 6),
    "h2": (7, 12),
}
_PRESENT = {
    "present", "now", "current", "currently", "today", "ongoing", "date", "presently",
    # pt, es, fr, de, it, nl
    "atual", "atualmente", "actual", "actualidad", "actualmente", "presente", "hoy", "hoje",
    "présent", "aujourd", "maintenant", "heute", "aktuell", "jetzt", "oggi", "attuale", "heden",
}  # fmt: skip
_RANGE_WORDS = {"to", "until", "till", "til", "through", "thru", "untill", "até", "hasta", "bis"}
_SINCE = {"since", "desde", "seit", "depuis", "dal"}

YearMonth = tuple[int, int]

# The years a resume date can plausibly name; every written form is held to this one bound,
# so 'Jan 0001 - Present' is not read as two thousand years of experience.
MIN_YEAR, MAX_YEAR = 1950, 2100

_TOKEN = re.compile(
    r"(?P<num>\d{1,4})(?!\d)|(?P<longnum>\d{5,})"
    r"|(?P<word>[QqHh][1-4](?![\w])|[^\W\d_]+)\.?"
    r"|(?P<apos>['’‘`]\d{2})(?!\d)"
    r"|(?P<dash>[-–—−‒―~→⟶➔⇒]+>?)"  # any dash, and arrows: '2023-02 → present', '2019 -> 2021'
    r"|(?P<ws>[ \t\u00a0\u2002-\u200a\u3000]+)"
    r"|(?P<other>.)",
    re.DOTALL,
)


@dataclass(frozen=True)
class DateRange:
    """A parsed range; `end` None means ongoing. `span` is where it sat in the line."""

    start: YearMonth
    end: YearMonth | None
    span: tuple[int, int]


@dataclass(frozen=True)
class _Tok:
    kind: str
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class _Date:
    """A date read at token `first` .. `last`; `month` None when only the year is known."""

    year: int
    month: int | None
    last: int
    first: int
    season: str | None = None


def _valid(year: int, month: int) -> YearMonth | None:
    """(year, month) when both are plausible, else None: the one check every form goes through."""
    return (year, month) if 1 <= month <= 12 and MIN_YEAR <= year <= MAX_YEAR else None


def _tokens(line: str) -> list[_Tok]:
    out = []
    for m in _TOKEN.finditer(line):
        kind = m.lastgroup or "other"
        out.append(_Tok(kind, m.group(kind), m.start(), m.end()))
    return out


def _year(text: str) -> int | None:
    if len(text) == 4 and text.isdigit():
        value = int(text)
        return value if MIN_YEAR <= value <= MAX_YEAR else None
    return None


def _numeric(text: str, day_first: bool) -> list[tuple[int, int | None]]:
    """A numeric token as one date or, for '2015-2019' and '2019/2020', two years."""
    parts = re.split(r"[./-]", text)
    if len(parts) == 1:
        y = _year(parts[0])
        return [(y, None)] if y else []
    if len(parts) == 2:
        a, b = parts
        if len(a) == 4 and len(b) == 4:
            if "/" in text:
                return []  # '2016/2019' names two versions or two years, not a span
            ya, yb = _year(a), _year(b)
            return [(ya, None), (yb, None)] if ya and yb else []
        if len(a) == 4 and len(b) <= 2:
            y = _year(a)
            return [(y, int(b))] if y and _valid(y, int(b)) else []
        if len(a) <= 2 and len(b) == 4:
            y = _year(b)
            return [(y, int(a))] if y and _valid(y, int(a)) else []
        if len(a) <= 2 and len(b) == 2 and "/" in text:
            # '06/19': month and two-digit year (a year past next one is last century's)
            yy = int(b)
            y = 2000 + yy if yy <= date.today().year % 100 + 1 else 1900 + yy
            return [(y, int(a))] if _valid(y, int(a)) else []
        return []
    a, b, c = parts
    if len(a) == 4:  # 2019-03-15
        if len(b) > 2 or len(c) > 2:
            return []
        y = _year(a)
        return [(y, int(b))] if y and _valid(y, int(b)) else []
    if len(c) == 4:  # 15/03/2019 (UK) or 03/15/2019 (US)
        y = _year(c)
        if not y or len(a) > 2 or len(b) > 2:
            return []
        first, second = int(a), int(b)
        month = second if (day_first or first > 12) and second <= 12 else first
        if first > 12 and second > 12:
            return []
        return [(y, month)] if _valid(y, month) else []
    return []


class _Reader:
    """One pass over a line's tokens."""

    def __init__(self, line: str, day_first: bool) -> None:
        self.line = line
        self.toks = _tokens(line)
        self.day_first = day_first

    def skip_ws(self, i: int) -> int:
        while i < len(self.toks) and self.toks[i].kind == "ws":
            i += 1
        return i

    def word(self, i: int) -> str:
        tok = self.toks[i] if i < len(self.toks) else None
        return tok.text.lower() if tok is not None and tok.kind == "word" else ""

    def date_at(self, i: int) -> list[_Date]:
        """The date (or, for '2015-2019', the two years) that starts at token i."""
        if i >= len(self.toks):
            return []
        tok = self.toks[i]
        if tok.kind == "num":
            return self._numeric_at(i)
        word = tok.text.lower()
        month = _MONTH_WORDS.get(word)
        season = word if word in _SEASONS else None
        if month is None and season is None:
            return self._glued_month_at(i)
        j = self.skip_ws(i + 1)
        if j == i + 1 and j < len(self.toks) and self.toks[j].text in ("/", "."):
            j = i + 2  # 'jan/2022' ('abr. 2018': the word token took the full stop)
        if j < len(self.toks) and self.toks[j].kind == "other" and self.toks[j].text == ",":
            j = self.skip_ws(j + 1)
        if j < len(self.toks) and self.toks[j].kind == "dash" and j == i + 1:
            j = i + 2  # 'Jan-2019'
        if j >= len(self.toks):
            return [_Date(0, month, i, i)] if month else []
        nxt = self.toks[j]
        year = None
        if nxt.kind == "num" and len(nxt.text) == 4:
            year = _year(nxt.text)
            if year is None:
                return []
        elif nxt.kind == "apos":
            year = 2000 + int(nxt.text[1:]) if int(nxt.text[1:]) < 50 else 1900 + int(nxt.text[1:])
        if year is None:
            return [_Date(0, month, i, i)] if month else []  # a month alone: 'Jan – Mar 2019'
        if season:
            return [_Date(year, None, j, i, season=season)]
        return [_Date(year, month, j, i)]

    def _glued_month_at(self, i: int) -> list[_Date]:
        """'set/2019', 'out-2020': a foreign month that is also an English word, glued to
        its year."""
        month = _GLUED_MONTHS.get(self.toks[i].text.lower())
        if month is None or i + 2 >= len(self.toks):
            return []
        sep, nxt = self.toks[i + 1], self.toks[i + 2]
        year = _year(nxt.text) if nxt.kind == "num" else None
        if not (self.glued(i) and sep.text in ("/", "-", ".") and year):
            return []
        return [_Date(year, month, i + 2, i)]

    def glued(self, i: int) -> bool:
        """Tokens i, i+1 and i+2 touch: '03/2019', 'set/2019'."""
        a, sep, b = self.toks[i], self.toks[i + 1], self.toks[i + 2]
        return sep.start == a.end and b.start == sep.end

    def _numeric_at(self, i: int) -> list[_Date]:
        """A numeric date written without spaces ('03/2019', '2019-03', '15.03.2019',
        '2015-2019'): the longest run of numbers joined by single '/', '.' or '-' that reads
        as a date."""
        parts = [i]
        j = i
        while len(parts) < 4 and j + 2 < len(self.toks):
            sep, nxt = self.toks[j + 1], self.toks[j + 2]
            if not (self.glued(j) and nxt.kind == "num" and sep.text in ("/", ".", "-")):
                break
            parts.append(j + 2)
            j += 2
        # Four numbers glued together ('1950-01-01/1950') are two dates, not one.
        for n in range(min(len(parts), 3 if len(parts) < 4 else 2), 0, -1):
            last = parts[n - 1]
            text = self.line[self.toks[i].start : self.toks[last].end]
            found = _numeric(text, self.day_first)
            if found:
                return [_Date(y, m, last, i) for y, m in found]
        return []

    def separator(self, i: int) -> tuple[int, str] | None:
        """(index after the separator, kind) at token i: a dash or range word with optional
        white space around it ('dash'), or white space alone ('space' / 'wide')."""
        j = i
        if j < len(self.toks) and self.toks[j].kind == "ws":
            ws = self.toks[j].text
            j += 1
        else:
            ws = ""
        if j < len(self.toks):
            tok = self.toks[j]
            if tok.kind == "dash" or (tok.kind == "word" and tok.text.lower() in _RANGE_WORDS):
                k = self.skip_ws(j + 1)
                kind = "word" if tok.kind == "word" else "dash"
                if tok.kind == "dash" and self.word(k) in _RANGE_WORDS:
                    k, kind = self.skip_ws(k + 1), "word"  # '– Till Date', '- to present'
                if kind == "word" and self.word(k) in ("the",):
                    k = self.skip_ws(k + 1)
                return k, kind
            if tok.kind == "other" and tok.text == "/" and ws:
                return self.skip_ws(j + 1), "dash"
        if ws:
            wide = "\t" in ws or len(ws) >= 2
            return j, "wide" if wide else "space"
        return None

    def present_at(self, i: int, sep: str) -> int | None:
        """Index of the last token of a 'present' ending at i ('now', 'to date', 'present day')."""
        word = self.word(i)
        if word not in _PRESENT:
            return None
        if word == "date" and sep not in ("word", "dash"):
            return None  # 'to date', 'February 2019 – Date'; not '2019 date'
        j = self.skip_ws(i + 1)
        if self.word(j) in ("day", "time"):
            return j
        return i

    def ranges(self) -> list[DateRange]:
        out: list[DateRange] = []
        i = 0
        n = len(self.toks)
        while i < n:
            found = self._range_at(i)
            if found is None:
                i += 1
                continue
            out.append(found[0])
            i = found[1]
        return out

    def _range_at(self, i: int) -> tuple[DateRange, int] | None:
        tok = self.toks[i]
        if tok.kind == "word" and tok.text.lower() in _SINCE:
            dates = self.date_at(self.skip_ws(i + 1))
            if dates and dates[0].year:
                d = dates[0]
                start = _start_of(d)
                if start:
                    return DateRange(start, None, (tok.start, self.toks[d.last].end)), d.last + 1
            return None
        dates = self.date_at(i)
        if not dates:
            return None
        first = dates[0]
        if len(dates) == 2:  # '2015-2019'
            start, end = _start_of(first), _end_of(dates[1])
            if start and end and end >= start:
                last_tok = self.toks[dates[1].last]
                return DateRange(start, end, (tok.start, last_tok.end)), dates[1].last + 1
            return None
        after = first.last + 1
        sep = self.separator(after)
        if sep is None:
            return None
        j, kind = sep
        end_tok = self.present_at(j, kind)
        if end_tok is not None:
            if kind == "space" and first.month is None and first.season is None:
                return None  # '2019 now' is too loose; '2019 - now' is not
            start = _start_of(first)
            if start is None:
                return None
            return DateRange(start, None, (tok.start, self.toks[end_tok].end)), end_tok + 1
        second = self.date_at(j)
        if not second:
            if kind == "dash" and self._line_ends(j) and first.year:
                start = _start_of(first)  # '2021 –' at the end: still going
                if start:
                    end_at = self.toks[j - 1].end if j > after else self.toks[after].end
                    span = (tok.start, len(self.line[:end_at].rstrip()))
                    return DateRange(start, None, span), j
            return None
        last = second[0]
        if kind == "space" and (first.month is None or last.month is None):
            return None  # 'in 2019 2020' is not a range; '03/2019 05/2021' is
        if first.year == 0 and last.year:  # 'Jan – Mar 2019'
            first = _Date(last.year, first.month, first.last, first.first)
        if first.year == 0 or last.year == 0:
            return None
        start, end = _start_of(first), _end_of(last)
        if first.month is None and last.month is None and first.year == last.year:
            start, end = _valid(first.year, 4), _valid(first.year, 9)  # '2019 - 2019'
        if start is None or end is None or end < start:
            return None
        return DateRange(start, end, (tok.start, self.toks[last.last].end)), last.last + 1

    def _line_ends(self, j: int) -> bool:
        j = self.skip_ws(j)
        return j >= len(self.toks) or self.toks[j].text in ("|", ")", "]", ",", ";")


def _start_of(d: _Date) -> YearMonth | None:
    if d.season:
        return _valid(d.year, _SEASONS[d.season][0])
    # Only the year is known: the middle of it halves the worst-case error.
    return _valid(d.year, d.month if d.month else 7)


def _end_of(d: _Date) -> YearMonth | None:
    if d.season:
        first, last = _SEASONS[d.season]
        return _valid(d.year + (1 if last < first else 0), last)
    return _valid(d.year, d.month if d.month else 6)


def find_ranges(line: str, day_first: bool = True) -> list[DateRange]:
    """Every date range in a line, in order."""
    return _Reader(line, day_first).ranges()


def find_range(line: str, day_first: bool = True) -> DateRange | None:
    """The first date range in a line, or None."""
    found = find_ranges(line, day_first)
    return found[0] if found else None


def parse_date(text: str, *, is_end: bool) -> YearMonth | None:
    """One date → (year, month); a bare year reads as mid-year (July start, June end)."""
    reader = _Reader(text.strip(), day_first=True)
    if not reader.toks:
        return None
    dates = reader.date_at(0)
    if len(dates) != 1 or dates[0].year == 0 or dates[0].last != len(reader.toks) - 1:
        return None
    return _end_of(dates[0]) if is_end else _start_of(dates[0])


def day_first(text: str) -> bool:
    """Whether the document writes full dates day first (UK 31/08/2021) or month first (US
    08/31/2021); day first unless some date can only be read month first."""
    for m in re.finditer(r"\b(\d{1,2})[/.](\d{1,2})[/.]\d{4}\b", text[:200_000]):
        if int(m.group(2)) > 12:
            return False
        if int(m.group(1)) > 12:
            return True
    return True


def last_month_worked(today: date) -> YearMonth:
    """The last month an ongoing job ('2024 - present') counts, months being counted whole:
    this month once half of it has passed, else the one before (on 3 December, December has
    not been worked)."""
    if today.day >= 15:
        return today.year, today.month
    return (today.year, today.month - 1) if today.month > 1 else (today.year - 1, 12)


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
