"""hr-comparator scoring: explainable, blind, and not fooled by keyword lists."""

import dataclasses

import pytest

from agents.hr_comparator.blind import blind
from agents.hr_comparator.compare import compare, fit_category
from agents.hr_comparator.weights import Weights
from common.profiles import JDProfile, Job, ResumeProfile, SkillMention

pytestmark = pytest.mark.unit

JD = JDProfile(
    title="Backend Developer",
    role_family="software_engineering",
    required_skills=["Python", "Django", "PostgreSQL"],
    preferred_skills=["Redis"],
    min_years=3,
    education_level="bachelor",
    remote=True,
)


def _worker(**personal) -> ResumeProfile:
    return ResumeProfile(
        **personal,
        current_title="Software Engineer",
        total_years_experience=5,
        highest_degree="bachelor",
        role_family="software_engineering",
        skills=[
            SkillMention(name=s, sources=["experience"], months_used=60, evidence=f"used {s}")
            for s in ("Python", "Django", "PostgreSQL")
        ],
        work_history=[
            Job(
                title="Software Engineer",
                start="2021-01",
                end=None,
                months=60,
                skills=["Python", "Django", "PostgreSQL"],
                role_family="software_engineering",
            )
        ],
    )


def _stuffer() -> ResumeProfile:
    return ResumeProfile(
        current_title="Store Assistant",
        total_years_experience=5,
        highest_degree="bachelor",
        skills=[
            SkillMention(name=s, sources=["skills_section"], evidence="Python, Django")
            for s in ("Python", "Django", "PostgreSQL", "Redis")
        ],
        work_history=[Job(title="Store Assistant", start="2021-01", end=None, months=60)],
    )


def test_name_swapped_twins_score_identically():
    a = _worker(name="Emily Walsh", email="e@example.com", phone="+14155550100")
    b = _worker(name="Lakisha Washington", email="l@example.org", phone="+442079460000")
    assert blind(a) == blind(b)
    assert compare(JD, blind(a), Weights()).score == compare(JD, blind(b), Weights()).score


def test_blind_candidate_has_no_personal_fields():
    fields = {f.name for f in dataclasses.fields(blind(_worker()))}
    assert not fields & {"name", "email", "phone", "photo", "pronouns"}


def test_keyword_stuffing_scores_below_real_experience():
    real = compare(JD, blind(_worker()), Weights())
    stuffed = compare(JD, blind(_stuffer()), Weights())
    assert real.score >= 80 > 50 > stuffed.score
    statuses = {e.requirement: e.status for e in stuffed.evidence if e.kind == "required_skill"}
    assert statuses == {"Python": "partial", "Django": "partial", "PostgreSQL": "partial"}


def test_every_requirement_has_evidence():
    result = compare(JD, blind(_worker()), Weights())
    by_kind = {e.kind for e in result.evidence}
    assert {
        "required_skill",
        "preferred_skill",
        "experience",
        "education",
        "role",
        "location",
    } <= by_kind
    redis = next(e for e in result.evidence if e.requirement == "Redis")
    assert redis.status == "missing"
    python = next(e for e in result.evidence if e.requirement == "Python")
    assert python.status == "met" and "used Python" in python.evidence


def test_unstated_requirements_do_not_count():
    silent = JD.model_copy(update={"min_years": None, "education_level": None})
    result = compare(silent, blind(_worker()), Weights())
    assert "experience" not in result.components and "education" not in result.components
    assert any(e.status == "not_stated" for e in result.evidence)


def test_weights_change_the_score_and_its_version():
    heavy = Weights(
        required_skills=1.0,
        preferred_skills=0.0,
        experience=0.0,
        education=0.0,
        title=0.0,
        location=0.0,
    )
    assert compare(JD, blind(_stuffer()), heavy).score == pytest.approx(30.0)
    assert heavy.version != Weights().version


@pytest.mark.parametrize(
    ("score", "fit"),
    [(80, "Best Fit"), (79.9, "Partial Fit"), (50, "Partial Fit"), (49.9, "Not Fit")],
)
def test_fit_categories(score, fit):
    assert fit_category(score, 80, 50) == fit
