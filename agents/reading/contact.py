"""Personal details from a resume's header: name, e-mail, phone (E.164) and location.

These are displayed to recruiters and never used in scoring (see hr_comparator/blind.py).
"""

# ruff: noqa: RUF001 - en dashes, curly quotes and look-alikes are data here

from __future__ import annotations

import re
from collections.abc import Callable

import phonenumbers

# An e-mail address. A regex cannot be stopped by the thread time limit, so this one must not
# backtrack over a long token: the local part and every domain label are bounded as RFC 5321
# bounds them (64 and 63 characters), which makes each start position cost a bounded amount of
# work and a search linear in the text. Real addresses never reach the bounds, so on them this
# finds exactly what the unbounded r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+" found. There are no
# lookarounds on purpose: a match never depends on the text around it, so once `sub` has
# blanked the matches no match is left in the result.
EMAIL_RE = re.compile(r"[\w.+'-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63})+", re.UNICODE)
URL_RE = re.compile(r"(?:https?://|www\.)\S+|\b(?:linkedin|github)\.com/\S+", re.IGNORECASE)
_REGION_HINTS = {
    "uk": "GB",
    "united kingdom": "GB",
    "england": "GB",
    "london": "GB",
    "germany": "DE",
    "deutschland": "DE",
    "berlin": "DE",
    "canada": "CA",
    "toronto": "CA",
    "australia": "AU",
    "sydney": "AU",
    "france": "FR",
    "paris": "FR",
    "india": "IN",
    "spain": "ES",
    "ireland": "IE",
    "netherlands": "NL",
    "sweden": "SE",
    "norway": "NO",
    "singapore": "SG",
    "brazil": "BR",
}
_US_STATE = re.compile(r",\s*[A-Z]{2}\b")
_NAME_WORD = re.compile(r"^[^\W\d_][^\W\d_'’.\-]*(?:['’.\-][^\W\d_]+)*\.?$", re.UNICODE)
_CJK = re.compile(r"^[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]{2,6}$")
_NOT_NAME = {"resume", "curriculum vitae", "cv", "contact", "profile"}


def find_email(text: str) -> str | None:
    """The first e-mail address, lower-cased."""
    match = EMAIL_RE.search(text)
    return match.group(0).lower().rstrip(".") if match else None


def region_hint(text: str) -> str:
    """A phone region guessed from place names in the text (default US)."""
    lowered = text.lower()
    for word, region in _REGION_HINTS.items():
        if re.search(rf"\b{re.escape(word)}\b", lowered):
            return region
    return "US"


_DATE_LIKE = re.compile(r"\d{1,2}/(?:19|20)\d{2}|(?:19|20)\d{2}\s*[-–]\s*(?:19|20)\d{2}")


def find_phone(text: str) -> str | None:
    """The first phone number, in E.164; numbers without a country code use the region
    the text's place names suggest."""
    cleaned = EMAIL_RE.sub(" ", text)
    for region in dict.fromkeys([region_hint(cleaned), "US", "GB"]):
        for match in phonenumbers.PhoneNumberMatcher(cleaned, region):
            number = match.number
            if _DATE_LIKE.search(match.raw_string):
                continue  # '03/2023 - 06/2023', '2019 - 2021': dates, not a number
            if phonenumbers.is_possible_number(number):
                return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    return None


def find_name(lines: list[str]) -> str | None:
    """The candidate's name: the first short line of name-like words near the top."""
    for line in lines[:6]:
        candidate = re.sub(r"^(?:name:\s*)", "", line.strip(), flags=re.IGNORECASE).strip()
        if not candidate or candidate.lower() in _NOT_NAME:
            continue
        if _CJK.match(candidate.replace(" ", "")):
            return candidate
        words = candidate.split()
        if (
            2 <= len(words) <= 4
            and all(_NAME_WORD.match(w) for w in words)
            and not EMAIL_RE.search(candidate)
        ):
            return candidate
    return None


def mask_personal(text: str, *values: str | None) -> str:
    """`text` with e-mails, URLs and the given values blanked out (same length)."""
    return personal_mask(*values)(text)


def personal_mask(*values: str | None) -> Callable[[str], str]:
    """A function that blanks e-mails, URLs and the given values (longest first) out of a
    text, keeping its length; the values are compiled once, for every line of a document."""
    chosen = sorted({v for v in values if v}, key=len, reverse=True)
    named = re.compile("|".join(re.escape(v) for v in chosen)) if chosen else None

    def blank(match: re.Match[str]) -> str:
        return " " * len(match.group(0))

    def mask(text: str) -> str:
        text = EMAIL_RE.sub(blank, URL_RE.sub(blank, text))
        return named.sub(blank, text) if named else text

    return mask


def has_us_state(text: str) -> bool:
    """True when a 'City, ST' US-style location is present."""
    return bool(_US_STATE.search(text))
