"""Degree levels from the ways people spell degrees."""

from __future__ import annotations

import re

LEVELS = ["high_school", "associate", "bachelor", "master", "phd"]
_PATTERNS: list[tuple[str, str]] = [
    ("phd", r"\bph\.?\s?d\b|\bdoctor of philosophy\b|\bdoctorate\b|\bdphil\b"),
    (
        "master",
        r"\bmaster'?s?\b|\bm\.?\s?sc\b|\bm\.s\.|\bmba\b|\bm\.?eng\b|\bm\.a\.|\bma in\b"
        r"|\bms in\b|\bmsc\b|\bdiplom\b",
    ),
    (
        "bachelor",
        r"\bbachelor'?s?\b|\bb\.?\s?sc\b|\bb\.s\.|\bb\.a\.|\bba in\b|\bbs in\b|\bba,"
        r"|\bb\.?eng\b|\bb\.?tech\b|\bundergraduate degree\b",
    ),
    ("associate", r"\bassociate'?s? degree\b|\ba\.a\.s\.?|\ba\.a\.\b|\bassociate of\b"),
    ("high_school", r"\bhigh school\b|\bsecondary school\b|\bged\b|\ba-levels?\b"),
]


def degree_level(text: str) -> str | None:
    """The highest degree level a line mentions, or None."""
    lowered = text.lower()
    for level, pattern in _PATTERNS:
        if re.search(pattern, lowered):
            return level
    return None


def lowest_level(text: str) -> str | None:
    """The lowest level a requirement line names ("Bachelor's or Master's" → bachelor)."""
    found = [level for level, pattern in _PATTERNS if re.search(pattern, text.lower())]
    return min(found, key=LEVELS.index) if found else None


def rank(level: str | None) -> int:
    """0 for none, 1..5 from high school to PhD."""
    return LEVELS.index(level) + 1 if level in LEVELS else 0
