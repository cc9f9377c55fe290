"""Metamorphic tests: change a document the way people change documents, and the reading (or
the ranking) must not change in the ways that matter.

Over the hand-written golden set and the generated set (hypothesis picks the document and the
change): removing, renaming or inlining a heading never loses a skill; reordering sections keeps
the profile; adding "no experience with X" never adds X; adding an unrelated sentence never
removes a skill; joining a JD's lines into one paragraph keeps its required/preferred split and
its years; a JD's "remote" flag or a location it does not require never reorders the JDs for a
resume; two JDs that differ only in wording score a resume the same, within 2 points.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from agents.hr_comparator.blind import blind
from agents.hr_comparator.compare import compare
from agents.hr_comparator.weights import Weights
from agents.jd_reader.parse import read_jd
from agents.reading.sections import RESUME_VOCABULARY, heading_key
from agents.resume_extractor.extract import Limits, extract
from agents.resume_reader.parse import read_resume
from agents.taxonomy import load_taxonomy
from samples.evalset import make_eval_set
from samples.golden import load_golden

pytestmark = pytest.mark.unit

TODAY = date(2026, 12, 1)
FEW = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
FILLER = [
    "I enjoy hiking at weekends and volunteering at the local library.",
    "References are available on request.",
    "Happy to relocate for the right role.",
    "Full driving licence.",
]
SKILL_HEADINGS = ["Skills", "Technical Skills", "Toolbox", "Core competencies", "Key Skills:"]


@lru_cache(maxsize=1)
def resume_texts() -> list[str]:
    golden = [extract(r.data, Limits()).text for r in load_golden().resumes]
    generated = [extract(r.data, Limits()).text for r in make_eval_set().resumes[:20]]
    return golden + generated


@lru_cache(maxsize=1)
def jd_texts() -> list[tuple[str, str]]:
    golden = [(j.text, j.designation) for j in load_golden().jds]
    return golden + [(j.text, "") for j in make_eval_set().jds]


@lru_cache(maxsize=256)
def skills_of(text: str) -> frozenset[str]:
    return frozenset(s.name for s in read_resume(text, TODAY).skills)


def _skill_heading_lines(lines: list[str]) -> list[int]:
    return [i for i, line in enumerate(lines) if heading_key(line, RESUME_VOCABULARY) == "skills"]


resume_index = st.integers(min_value=0, max_value=10_000)


def _pick(items: list, n: int):
    return items[n % len(items)]


@FEW
@given(
    resume_index, st.sampled_from(["remove", "rename", "inline"]), st.sampled_from(SKILL_HEADINGS)
)
def test_removing_renaming_or_inlining_a_heading_never_loses_a_skill(n, change, new_heading):
    text = _pick(resume_texts(), n)
    lines = text.splitlines()
    headings = [i for i in _skill_heading_lines(lines) if i + 1 < len(lines)]
    if not headings:
        return
    i = headings[0]
    if change == "remove":
        changed = lines[:i] + lines[i + 1 :]
    elif change == "rename":
        changed = [*lines[:i], new_heading, *lines[i + 1 :]]
    else:
        changed = [*lines[:i], f"{lines[i].rstrip(':')}: {lines[i + 1]}", *lines[i + 2 :]]
    lost = skills_of(text) - skills_of("\n".join(changed))
    assert not lost, f"{change} of {lines[i]!r} lost {sorted(lost)}"


@FEW
@given(resume_index, st.randoms(use_true_random=False))
def test_reordering_sections_keeps_the_profile(n, rng):
    text = _pick(resume_texts(), n)
    lines = text.splitlines()
    starts = [i for i, line in enumerate(lines) if heading_key(line, RESUME_VOCABULARY)]
    if len(starts) < 3:
        return
    head = lines[: starts[0]]
    blocks = [lines[a:b] for a, b in zip(starts, [*starts[1:], len(lines)], strict=True)]
    rng.shuffle(blocks)
    shuffled = "\n".join(head + [line for block in blocks for line in block])
    before, after = read_resume(text, TODAY), read_resume(shuffled, TODAY)
    assert {s.name for s in after.skills} == {s.name for s in before.skills}
    assert after.total_years_experience == before.total_years_experience
    assert after.highest_degree == before.highest_degree


@FEW
@given(
    resume_index,
    st.integers(min_value=0, max_value=10_000),
    st.integers(min_value=0, max_value=10_000),
)
def test_no_experience_with_x_never_adds_x(n, skill_n, where):
    text = _pick(resume_texts(), n)
    have = skills_of(text)
    tx = load_taxonomy()
    pool = sorted(s for s in tx.family_of if s not in have and tx.family_of[s] != "languages")
    skill = _pick(pool, skill_n)
    lines = text.splitlines()
    at = where % (len(lines) + 1)
    changed = "\n".join([*lines[:at], f"I have no experience with {skill}.", *lines[at:]])
    assert skill not in skills_of(changed)


@FEW
@given(resume_index, st.sampled_from(FILLER), st.integers(min_value=0, max_value=10_000))
def test_an_unrelated_sentence_never_removes_a_skill(n, sentence, where):
    text = _pick(resume_texts(), n)
    lines = text.splitlines()
    # Between two sentences or items (not inside a phrase a line break cut in two).
    gaps = [0] + [i + 1 for i, line in enumerate(lines) if re.search(r"[.:;!?)]\s*$|^\s*$", line)]
    at = gaps[where % len(gaps)]
    changed = "\n".join([*lines[:at], sentence, *lines[at:]])
    lost = skills_of(text) - skills_of(changed)
    assert not lost, f"adding {sentence!r} at line {at} lost {sorted(lost)}"


jd_index = st.integers(min_value=0, max_value=10_000)


@settings(max_examples=25, deadline=None)
@given(jd_index)
def test_joining_a_jd_into_one_paragraph_keeps_its_split_and_years(n):
    text, designation = _pick(jd_texts(), n)
    joined = " ".join(line.strip() for line in text.splitlines() if line.strip())
    before, after = read_jd(text, designation), read_jd(joined, designation)
    assert set(after.required_skills) == set(before.required_skills)
    assert set(after.preferred_skills) == set(before.preferred_skills)
    assert after.min_years == before.min_years


def _reworded(text: str) -> str:
    """The same JD in other words: other heading names, other bullets, years in words."""
    swaps = [
        (r"(?im)^requirements:?$", "What you need"),
        (r"(?im)^(?:nice to haves?|bonus points|preferred qualifications):?$", "Nice to have"),
        (r"(?im)^responsibilities:?$", "What you'll do"),
        (r"(?m)^[-*•] ", "• "),
        (r"\b3\+ years\b", "three or more years"),
        (r"\b5\+ years\b", "at least five years"),
    ]
    for pattern, replacement in swaps:
        text = re.sub(pattern, replacement, text)
    return text


@lru_cache(maxsize=1)
def _jd_profiles() -> tuple:
    return tuple(read_jd(t, d) for t, d in jd_texts())


@lru_cache(maxsize=1)
def _profiles() -> list:
    return [read_resume(t, TODAY) for t in resume_texts()[:60]]


@settings(max_examples=20, deadline=None)
@given(jd_index)
def test_two_jds_that_differ_only_in_wording_score_alike(n):
    text, designation = _pick(jd_texts(), n)
    a, b = read_jd(text, designation), read_jd(_reworded(text), designation)
    weights = Weights()
    for profile in _profiles():
        cand = blind(profile)
        assert abs(compare(a, cand, weights).score - compare(b, cand, weights).score) <= 2.0


@settings(max_examples=20, deadline=None)
@given(jd_index, st.sampled_from(["remote", "location"]))
def test_a_remote_flag_or_an_unrequired_location_never_reorders_the_jds(n, change):
    jds = list(_jd_profiles())
    target = n % len(jds)
    update = {"remote": True} if change == "remote" else {"location": "Berlin, Germany"}
    if change == "location" and jds[target].location_required:
        update["location_required"] = jds[target].location_required  # stays as stated
        update.pop("location")
    changed = jds[target].model_copy(update=update)
    for scores in _scores_against_every_jd():
        cand = scores.candidate
        after = [*scores.by_jd[:target], compare(changed, cand, Weights()).score]
        after += scores.by_jd[target + 1 :]
        assert _order(scores.by_jd) == _order(after)


@dataclass(frozen=True)
class _Scores:
    candidate: object
    by_jd: list[float]


def _order(scores: list[float]) -> list[int]:
    return sorted(range(len(scores)), key=lambda i: -scores[i])


@lru_cache(maxsize=1)
def _scores_against_every_jd() -> tuple[_Scores, ...]:
    """Each of 25 profiles scored against every JD as read (computed once: only the changed
    JD is scored again per example)."""
    weights = Weights()
    out = []
    for profile in _profiles()[:25]:
        cand = blind(profile)
        out.append(_Scores(cand, [compare(jd, cand, weights).score for jd in _jd_profiles()]))
    return tuple(out)
