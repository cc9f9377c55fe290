"""hr-comparator: fit from must-haves, one scale, evidence for every requirement, blind."""

import dataclasses

import pytest

from agents.hr_comparator.blind import blind
from agents.hr_comparator.compare import compare
from agents.hr_comparator.phrases import match_phrase
from agents.hr_comparator.weights import Weights
from common.profiles import JDProfile, Job, Requirement, ResumeProfile, SkillMention

pytestmark = pytest.mark.unit

JD = JDProfile(
    title="Backend Developer",
    role_family="software_engineering",
    required_skills=["Python", "Django", "PostgreSQL"],
    preferred_skills=["Redis"],
    min_years=3,
    education_level="bachelor",
    education_required=True,
    remote=True,
)


def _worker(skills=("Python", "Django", "PostgreSQL"), months=60, **personal) -> ResumeProfile:
    return ResumeProfile(
        **personal,
        current_title="Software Engineer",
        total_years_experience=months / 12,
        highest_degree="bachelor",
        role_family="software_engineering",
        role_families=["software_engineering"],
        skills=[
            SkillMention(name=s, sources=["experience"], months_used=months, evidence=f"used {s}")
            for s in skills
        ],
        work_history=[
            Job(
                title="Software Engineer",
                start="2020-01",
                end=f"{2020 + (months - 1) // 12:04d}-{(months - 1) % 12 + 1:02d}",
                months=months,
                skills=list(skills),
                role_family="software_engineering",
            )
        ],
        masked_lines=["Registered with the Nursing and Midwifery Council, PIN 12A3456B"],
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


def test_every_must_have_met_is_a_best_fit_and_scores_in_its_band():
    result = compare(JD, blind(_worker()), Weights())
    assert result.fit == "Best Fit" and result.score >= 80
    assert result.rule.startswith("every must-have met")


def test_one_missed_skill_is_a_partial_fit_two_are_not_fit():
    partial = compare(JD, blind(_worker(skills=("Python", "Django"))), Weights())
    assert partial.fit == "Partial Fit" and 50 <= partial.score < 80
    assert "PostgreSQL" in partial.rule
    bad = compare(JD, blind(_worker(skills=("Python",))), Weights())
    assert bad.fit == "Not Fit" and bad.score < 50


def test_one_of_alternatives_meets_the_must_have():
    jd = JD.model_copy(
        update={"required_skills": ["Python", "PostgreSQL"], "alternatives": [["Django", "Flask"]]}
    )
    with_flask = compare(jd, blind(_worker(skills=("Python", "PostgreSQL", "Flask"))), Weights())
    assert with_flask.fit == "Best Fit"
    group = next(e for e in with_flask.evidence if e.requirement == "Django or Flask")
    assert group.status == "met" and group.evidence.startswith("Flask")
    neither = compare(jd, blind(_worker(skills=("Python", "PostgreSQL"))), Weights())
    assert neither.fit == "Partial Fit" and "Django or Flask" in neither.rule


def test_the_jd_reader_finds_alternatives():
    from agents.jd_reader.parse import read_jd

    jd = read_jd(
        "Requirements:\n- 3+ years with Python or Java\n- Sage (we run Sage 200) or Xero\n"
        "- Docker, Kubernetes and Terraform\n"
    )
    assert sorted(map(sorted, jd.alternatives)) == [["Java", "Python"], ["Sage Accounting", "Xero"]]
    assert {"Docker", "Kubernetes", "Terraform"} <= set(jd.required_skills)
    assert not {"Python", "Java", "Xero"} & set(jd.required_skills)


def test_an_alternative_to_a_skill_required_on_its_own_is_no_must_have():
    from agents.jd_reader.parse import read_jd

    jd = read_jd(
        "Requirements:\n- FEA experience - SolidWorks Simulation, ANSYS or a similar package\n"
        "- 5 years of SolidWorks modelling\n"
    )
    assert "SolidWorks" in jd.required_skills and "ANSYS" not in jd.required_skills
    assert jd.alternatives == []


def test_the_years_field_and_a_generic_skill_are_one_must_have_each():
    from agents.jd_reader.parse import read_jd

    jd = read_jd(
        "Requirements:\n- Hands-on PLC troubleshooting and general troubleshooting\n"
        "- 4+ years of hands-on electrical troubleshooting in an industrial setting\n"
    )
    assert "PLC troubleshooting" in jd.required_skills
    assert "Troubleshooting" not in jd.required_skills  # named by the specific one
    assert "Electrical troubleshooting" not in jd.required_skills  # what the years are about
    assert jd.years_field == ["Electrical troubleshooting"] and jd.min_years == 4
    tool = read_jd("Requirements:\n- 3+ years of Python\n- SQL\n")
    assert "Python" in tool.required_skills  # a named tool stays a skill of its own


def test_kinds_of_work_that_count_for_the_years_are_the_years_field():
    from agents.jd_reader.parse import read_jd

    jd = read_jd(
        "Requirements:\n- 2+ years in a B2B sales role - inside sales, telesales or lead "
        "generation all count\n- Confident cold calling\n- HubSpot or Salesforce\n"
    )
    assert jd.required_skills == ["Cold calling"]
    assert jd.alternatives == [["HubSpot", "Salesforce"]]
    assert {"Inside sales", "Lead generation"} <= set(jd.years_field) and jd.min_years == 2


def test_a_general_capability_is_a_wish_not_a_must_have():
    from agents.jd_reader.parse import GENERAL_CAPABILITIES, read_jd
    from agents.taxonomy import load_taxonomy

    assert set(load_taxonomy().family_of) >= GENERAL_CAPABILITIES
    jd = read_jd("Mandatory skills: Kubernetes, Terraform, strong troubleshooting skills.")
    assert "Troubleshooting" in jd.preferred_skills and "Troubleshooting" not in jd.required_skills


def test_a_kind_of_the_skill_asked_for_meets_it():
    jd = JD.model_copy(update={"required_skills": ["Python", "Testing"], "alternatives": []})
    result = compare(jd, blind(_worker(skills=("Python", "Unit testing"))), Weights())
    testing = next(e for e in result.evidence if e.requirement == "Testing")
    assert testing.status == "met" and testing.evidence.startswith("Unit testing")


def test_a_small_shortfall_in_years_is_partial_a_large_one_counts_as_a_miss():
    short = compare(JD, blind(_worker(months=26)), Weights())  # 2.2 years of 3
    assert short.fit == "Partial Fit" and "years" in short.rule
    shorter = compare(JD, blind(_worker(skills=("Python", "Django"), months=12)), Weights())
    assert shorter.fit == "Not Fit"


def test_a_best_fit_never_scores_below_a_partial_fit():
    weights = Weights()
    best = compare(JD, blind(_worker(months=40)), weights)
    partial = compare(
        JD, blind(_worker(skills=("Python", "Django", "PostgreSQL", "Redis"), months=200)), weights
    )
    partial_jd = JD.model_copy(update={"required_skills": [*JD.required_skills, "Kubernetes"]})
    worse = compare(partial_jd, blind(_worker(months=200)), weights)
    assert best.fit == "Best Fit" and worse.fit == "Partial Fit"
    assert best.score > worse.score and partial.fit == "Best Fit"


def test_keyword_stuffing_is_not_fit():
    real = compare(JD, blind(_worker()), Weights())
    stuffed = compare(JD, blind(_stuffer()), Weights())
    assert real.fit == "Best Fit" and stuffed.fit == "Not Fit" and stuffed.score < 50
    statuses = {e.requirement: e.status for e in stuffed.evidence if e.kind == "required_skill"}
    assert statuses == {"Python": "partial", "Django": "partial", "PostgreSQL": "partial"}
    assert "never used in dated work" in stuffed.rule


def test_every_requirement_has_evidence_with_its_text_and_rule():
    result = compare(JD, blind(_worker()), Weights())
    kinds = {e.kind for e in result.evidence}
    assert {
        "role",
        "required_skill",
        "preferred_skill",
        "experience",
        "education",
        "location",
    } <= kinds
    redis = next(e for e in result.evidence if e.requirement == "Redis")
    assert redis.status == "missing" and not redis.must
    python = next(e for e in result.evidence if e.requirement == "Python")
    assert python.status == "met" and "used Python" in python.evidence and python.must
    assert all(e.rule for e in result.evidence)


def test_requirements_outside_the_taxonomy_are_in_the_evidence():
    jd = JD.model_copy(
        update={
            "other_requirements": [
                Requirement(phrase="Current NMC registration", kind="credential"),
                Requirement(phrase="Enhanced DBS check", kind="credential"),
                Requirement(
                    phrase="Valid driving licence", kind="credential", strength="preferred"
                ),
            ]
        }
    )
    worker = _worker().model_copy(
        update={
            "credentials": ["NMC registration"],
            "masked_lines": ["Enhanced DBS certificate (2024)"],
        }
    )
    result = compare(jd, blind(worker), Weights())
    by = {e.requirement: e for e in result.evidence}
    assert by["Current NMC registration"].status == "met" and by["Current NMC registration"].must
    assert by["Enhanced DBS check"].status == "met"
    assert by["Enhanced DBS check"].evidence == "Enhanced DBS certificate (2024)"
    assert by["Valid driving licence"].status == "missing" and not by["Valid driving licence"].must
    assert result.fit == "Best Fit"  # a missing preferred phrase never decides the category
    without = compare(jd, blind(_worker()), Weights())
    assert without.fit == "Not Fit"  # no NMC registration and no DBS check: two must-haves


@pytest.mark.parametrize(
    ("phrase", "line"),
    [
        ("AHPRA registration as a Registered Nurse, with no conditions", "AHPRA: Registered Nurse"),
        (
            "Trade Tested Electrician (Section 13) – NON-NEGOTIABLE",
            "Trade tested electrician, 2014",
        ),
    ],
)
def test_emphasis_and_a_licence_standing_are_not_words_to_find(phrase, line):
    assert match_phrase(phrase, [line]).met
    assert not match_phrase(phrase, ["Electrician's mate, warehouse"]).met


def test_phrases_match_on_their_content_words():
    lines = ["Full UK driving licence (clean)", "Registered with the NMC since 2019 (PIN 19A1)"]
    assert match_phrase("A valid driving license", lines).met
    assert match_phrase("Current NMC registration", lines).met
    assert not match_phrase("Security clearance (SC)", lines).met
    assert match_phrase("PTCB or NHA certification", ["NHA certified pharmacy technician"]).met


def test_unstated_requirements_neither_raise_nor_lower_the_score():
    cand = blind(_worker())
    silent = JD.model_copy(
        update={"min_years": None, "education_level": None, "education_required": None}
    )
    stated = compare(JD, cand, Weights())
    quiet = compare(silent, cand, Weights())
    assert stated.score == quiet.score  # met and not stated weigh the same
    assert any(e.status == "not_stated" for e in quiet.evidence)


def test_remote_and_unrequired_locations_never_move_a_score():
    cand = blind(_worker())
    base = compare(JD.model_copy(update={"remote": None}), cand, Weights())
    remote = compare(JD.model_copy(update={"remote": True}), cand, Weights())
    placed = compare(
        JD.model_copy(update={"location": "Berlin, Germany", "remote": None}), cand, Weights()
    )
    assert base.score == remote.score == placed.score


def test_weights_change_the_score_and_their_version():
    heavy = Weights(
        required_skills=1.0,
        preferred_skills=0.0,
        experience=0.0,
        education=0.0,
        title=0.0,
        location=0.0,
        credentials=0.0,
        depth=0.0,
    )
    partial = blind(_worker(skills=("Python", "Django")))
    assert compare(JD, partial, heavy).score != compare(JD, partial, Weights()).score
    assert heavy.version != Weights().version


def test_years_about_a_field_count_only_the_jobs_in_that_field():
    # '6 years of mechanical design': six years as a vehicle mechanic before three in design
    # are not design years; the same JD without a field counts the whole family.
    jd = JDProfile(
        title="Mechanical Design Engineer",
        role_family="mechanical",
        required_skills=["SolidWorks"],
        min_years=6,
        years_field=["Mechanical design"],
    )
    jobs = [
        Job(title="Mechanical Design Engineer", start="2021-01", end="2023-12", months=36,
            skills=["SolidWorks"], role_family="mechanical"),
        Job(title="Vehicle Mechanic", start="2015-01", end="2020-12", months=72,
            role_family="mechanical"),
    ]  # fmt: skip
    cand = ResumeProfile(
        current_title="Mechanical Design Engineer",
        total_years_experience=9,
        role_families=["mechanical"],
        skills=[SkillMention(name="SolidWorks", sources=["experience"], evidence="SolidWorks")],
        work_history=jobs,
    )
    by_field = compare(jd, blind(cand), Weights())
    by_family = compare(jd.model_copy(update={"years_field": []}), blind(cand), Weights())
    field_years, family_years = (
        next(e for e in r.evidence if e.kind == "experience") for r in (by_field, by_family)
    )
    assert field_years.evidence.startswith("3.0 years") and by_field.fit != "Best Fit"
    assert family_years.status == "met" and by_family.fit == "Best Fit"


def test_a_field_no_job_names_falls_back_to_the_family():
    jd = JD.model_copy(update={"years_field": ["Microservices"]})
    result = compare(jd, blind(_worker()), Weights())
    assert next(e for e in result.evidence if e.kind == "experience").status == "met"


@pytest.mark.parametrize(
    ("required", "used"),
    [
        ("Linux administration", "Linux"),
        ("PLC troubleshooting", "PLC"),
    ],
)
def test_a_practice_is_met_at_lower_credit_by_work_on_what_it_is_done_on(required, used):
    jd = JD.model_copy(update={"required_skills": ["Python", required], "alternatives": []})
    e = next(
        e
        for e in compare(jd, blind(_worker(skills=("Python", used))), Weights()).evidence
        if e.requirement == required
    )
    assert e.status == "partial" and used in e.evidence and e.credit < 1.0
    listed_only = _worker(skills=("Python",))
    listed_only.skills.append(SkillMention(name=used, sources=["skills_section"]))
    e = next(
        e for e in compare(jd, blind(listed_only), Weights()).evidence if e.requirement == required
    )
    assert e.status == "missing"  # only listed, never used: nothing shows the practice


@pytest.mark.parametrize(
    ("required", "named"),
    [
        ("CI/CD", "GitLab CI"),
        ("Linux", "Ubuntu"),
        ("Python", "Django"),
        ("Kubernetes", "Amazon EKS"),
    ],
)
def test_a_tool_meets_the_practice_or_language_it_is_a_kind_of(required, named):
    jd = JD.model_copy(update={"required_skills": [required], "alternatives": []})
    e = compare(jd, blind(_worker(skills=(named,))), Weights()).evidence
    met = next(x for x in e if x.requirement == required)
    assert met.status == "met" and named in met.evidence


def test_jobs_with_only_a_length_count_towards_relevant_years():
    worker = _worker(months=12)
    worker.work_history.append(
        Job(
            title="Software Engineer",
            months=48,
            skills=["Python"],
            role_family="software_engineering",
        )
    )
    result = compare(JD, blind(worker), Weights())
    assert result.relevant_years == 5.0 and result.fit == "Best Fit"
