"""Each reading rule of the readers issue, in three wordings other than the one it was built
from: a class of failure is fixed, not one example."""

from datetime import date

import pytest

from agents.jd_reader.parse import read_jd
from agents.reading.dates import find_range
from agents.reading.degrees import degree_level
from agents.reading.places import find_location
from agents.resume_reader.parse import read_resume
from agents.taxonomy import load_taxonomy

pytestmark = pytest.mark.unit
TODAY = date(2026, 12, 1)


@pytest.mark.parametrize(
    ("text", "group"),
    [
        ("Requirements:\n- Strong Java or Kotlin\n", {"Java", "Kotlin"}),
        (
            "Requirements:\n- Experience with Tableau, Power BI or Looker\n",
            {"Tableau", "Power BI", "Looker"},
        ),
        ("Requirements:\n- Either PostgreSQL or MySQL in production\n", {"PostgreSQL", "MySQL"}),
    ],
)
def test_alternatives(text, group):
    assert group in [set(g) for g in read_jd(text).alternatives]


@pytest.mark.parametrize(
    ("text", "skill"),
    [
        (
            "Requirements:\n- 5+ years of hands-on welding in a fab shop\n- Forklift licence",
            "Welding",
        ),
        ("Requirements:\n- At least 3 years of recruiting experience\n- Workday\n", "Recruiting"),
        (
            "Requirements:\n- Four years of bookkeeping for small businesses\n- Xero\n",
            "Bookkeeping",
        ),
    ],
)
def test_an_activity_named_only_for_the_years_is_their_field(text, skill):
    jd = read_jd(text)
    assert skill not in jd.required_skills and skill in jd.years_field


@pytest.mark.parametrize(
    ("text", "wished"),
    [
        (
            "Requirements: SQL and Python. It's a plus if you know dbt, Airflow and Looker.",
            {"Apache Airflow", "Looker"},
        ),
        (
            "Requirements: SQL. We'd love it if you have used Snowflake, dbt or Fivetran.",
            {"Snowflake"},
        ),
        (
            "Requirements: Excel. Bonus points if you have worked with Power BI, Tableau and SQL.",
            {"Tableau", "SQL"},
        ),
    ],
)
def test_a_wish_opening_a_sentence_covers_its_list(text, wished):
    jd = read_jd(text)
    assert wished <= set(jd.preferred_skills) and not wished & set(jd.required_skills)


@pytest.mark.parametrize(
    "text", ["Pay: AUD 95,000 + super", "Salary 60k-70k CAD", "CAD $85,000 per annum"]
)
def test_a_currency_beside_an_amount(text):
    assert "CAD" not in load_taxonomy().names(text)


@pytest.mark.parametrize(
    ("text", "end"),
    [
        ("2019-05 ➔ 2022-01 Analyst", (2022, 1)),
        ("Jan 2018 -> Dec 2020 Developer", (2020, 12)),
        ("03/2016 → 06/2019 Nurse", (2019, 6)),
    ],
)
def test_arrows_in_dates(text, end):
    found = find_range(text)
    assert found is not None and found.end == end


@pytest.mark.parametrize(
    ("text", "skill"),
    [
        (
            "Requirements:\n- Python\n- Kubernetes is not required, we run the platform\n",
            "Kubernetes",
        ),
        ("Requirements:\n- SQL\n- Tableau is not required\n", "Tableau"),
        (
            "Requirements:\n- Java\n- AWS knowledge is not required for this role\n",
            "Amazon Web Services",
        ),
    ],
)
def test_not_required_wants_nothing(text, skill):
    jd = read_jd(text)
    assert skill not in jd.required_skills + jd.preferred_skills


@pytest.mark.parametrize(
    ("line", "skill"),
    [
        ("Account Manager | Bluewater Payroll Partners, Cork   03/2019 - 04/2023", "Payroll"),
        (
            "Data Analyst | Northgate Cloud Migration Partners, Leeds   01/2020 - 02/2022",
            "Cloud migration",
        ),
        ("Nurse | Riverside Clinical Trials Centre, Leeds   2018 - 2021", "Clinical trials"),
    ],
)
def test_an_employers_name_on_a_job_header(line, skill):
    resume = read_resume(
        f"Jo Bloggs\nAnalyst\n\nExperience\n{line}\n- Weekly reports in Excel\n", TODAY
    )
    assert skill not in {s.name for s in resume.skills}


@pytest.mark.parametrize(
    ("line", "skill"),
    [
        ("Diploma in Payroll Administration, 2017, and Xero certified", "Payroll"),
        ("Minor in Accounting (2012), Dean's list", "Accounting"),
        ("Thesis: load balancing for edge networks, 2016", "Load balancing"),
    ],
)
def test_the_subject_of_a_qualification(line, skill):
    resume = read_resume(f"Jo Bloggs\nAnalyst\n\nEducation\n{line}\n", TODAY)
    assert skill not in {s.name for s in resume.skills}


@pytest.mark.parametrize(
    ("text", "skills"),
    [
        ("automated and manual testing of releases", {"Manual testing"}),
        ("Microsoft Excel, Word and PowerPoint", {"Microsoft Word", "Microsoft PowerPoint"}),
        ("integration and unit tests in pytest", {"Integration testing", "Unit testing"}),
        ("Prospected and negotiated with CFOs", {"Prospecting"}),
        ("Interviewed 200 candidates", {"Interviewing"}),
        ("budgeted and forecasted the P&L", {"Budget management"}),
    ],
)
def test_shortened_and_inflected_terms(text, skills):
    assert skills <= set(load_taxonomy().names(text))


@pytest.mark.parametrize(
    ("line", "place"),
    [
        ("Fremantle WA 6160 | 0412 000 000", "Fremantle, WA"),
        ("Darwin NT 0800", "Darwin, NT"),
        ("Umhlanga KZN 4319", "Umhlanga, KZN"),
    ],
)
def test_addresses_without_a_comma(line, place):
    assert find_location([line]) == place


@pytest.mark.parametrize(
    ("line", "level"),
    [
        ("Grade 12 (Matric), 2005", "high_school"),
        ("Diploma of Community Services, TAFE NSW", "associate"),
    ],
)
def test_school_leaving_and_diploma_forms(line, level):
    assert degree_level(line) == level


def test_a_degree_not_completed():
    resume = read_resume("Jo\nDeveloper\n\nEducation\nBSc Computing (did not complete)\n", TODAY)
    assert resume.highest_degree is None
