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


def _skills_of(body: str) -> set[str]:
    return {s.name for s in read_resume(f"Jo Bloggs\nAnalyst\n\n{body}", TODAY).skills}


@pytest.mark.parametrize(
    ("text", "skill"),
    [
        (
            "Experience\nAnalyst, Kestrel Fleet Management, 2019 - 2022\n- Excel\n\n"
            "Kestrel Fleet Management — Analyst\n- Weekly reports in Excel\n",
            "Fleet management",
        ),
        (
            "Experience\n| 2018 – 2021 | Clerk | Oakridge Payroll Services, York |\n\n"
            "Oakridge Payroll Services - Clerk\n- Filing and post\n",
            "Payroll",
        ),
        (
            "Experience\nNurse | Lindenbrook Wound Care Clinic | 2016 - 2020\n- Shifts\n\n"
            "Lindenbrook Wound Care Clinic\n- Ward rounds with the consultant\n",
            "Wound care",
        ),
    ],
)
def test_an_employers_name_anywhere_in_the_document(text, skill):
    assert skill not in _skills_of(text)


@pytest.mark.parametrize(
    ("text", "skill"),
    [
        (
            "Experience\nBirchfield (payroll software for charities), 2019 - 2023\nAnalyst\n",
            "Payroll",
        ),
        ("Experience\nAnalyst, Corvane Ltd (e-commerce marketplace), 2020 - 2024\n", "E-commerce"),
        ("Experience\nTester, Quillon (logistics software, 40 staff), 2018 - 2022\n", "Logistics"),
    ],
)
def test_what_an_employer_does_in_brackets_after_its_name(text, skill):
    assert skill not in _skills_of(text)


@pytest.mark.parametrize(
    ("line", "skill"),
    [
        ("- Sent the monthly changes to the payroll team", "Payroll"),
        ("- Weekly calls with the finance and procurement teams", "Procurement"),
        ("- Escalations from the customer support desk", "Customer support"),
        ("- Quarterly review with our VP of Customer Success", "Customer success"),
    ],
)
def test_another_team_is_not_a_skill(line, skill):
    assert skill not in _skills_of(f"Experience\nAnalyst, 2019 - 2023\n{line}\n")


def test_the_team_one_works_in_still_says_how():
    assert "Agile" in _skills_of("Experience\nDeveloper, 2019 - 2023\n- Worked in an agile team\n")


@pytest.mark.parametrize(
    ("line", "skill"),
    [
        ("- A move to Kubernetes is planned for 2027", "Kubernetes"),
        ("- Snowflake migration is scheduled for next year", "Snowflake"),
        ("- They look after Google Ads; I write the copy", "Google Ads"),
    ],
)
def test_planned_or_done_by_others(line, skill):
    assert skill not in _skills_of(f"Experience\nAnalyst, 2019 - 2023\n{line}\n")


@pytest.mark.parametrize(
    ("text", "skill"),
    [
        ("- Deployed the Python services\n- Swift turnaround on every ticket", "Swift"),
        ("- Wrote Terraform modules\n- Rider safety briefings each morning", "JetBrains IDEs"),
        ("* Kubernetes upgrades\n* Swift onboarding of every new starter", "Swift"),
    ],
)
def test_a_common_word_is_not_vouched_for_by_another_item(text, skill):
    assert skill not in _skills_of(f"Experience\nEngineer, 2019 - 2023\n{text}\n")


@pytest.mark.parametrize(
    ("text", "skill"),
    [
        ("Managed the departmental budget of £400k", "Budget management"),
        ("negotiating contracts with suppliers", "Contract negotiation"),
        ("I schedule interviews for six hiring managers", "Interview scheduling"),
    ],
)
def test_an_action_done_to_its_object(text, skill):
    assert skill in load_taxonomy().names(text)


@pytest.mark.parametrize(
    "text",
    ["reviewed code changes before release", "tracked budget variances", "designed fixture plates"],
)
def test_an_object_that_goes_on_is_not_the_object(text):
    names = set(load_taxonomy().names(text))
    assert not names & {"Code review", "Budget tracking", "Fixture design"}


def test_an_over_indented_skill_line_is_refused(tmp_path):
    data = tmp_path / "skills.yaml"
    data.write_text(
        "version: 1\nadjacent: {}\nfamilies:\n  x:\n    titles: [a]\n    skills:\n"
        "      - Alpha | alpha tool\n          - Beta\n"
    )
    load_taxonomy.cache_clear()
    try:
        with pytest.raises(ValueError, match="runs into the next one"):
            load_taxonomy(str(data))
    finally:
        load_taxonomy.cache_clear()


RESUME_HEAD = (
    "Jo Bloggs\nPlatform Engineer\n\nExperience\nPlatform Engineer, Acme Ltd, 2019 - present\n"
)


@pytest.mark.parametrize(
    ("line", "skill"),
    [
        ("Skills: Python, SQL\nDocker - limited exposure only", "Docker"),
        ("Skills: Python, SQL\nTerraform – never used", "Terraform"),
        ("Skills: Python, SQL\nAnsible: minimal exposure (a workshop)", "Ansible"),
        ("Skills: Python, SQL\nLearning: Rust", "Rust"),
        ("Python, SQL, Kafka (no commercial use yet), Go", "Apache Kafka"),
        ("We are moving to Jenkins soon, so I haven't used one yet.", "Jenkins"),
        ("Skills: Python, SQL\nJira: one training day, I don't count it", "Jira"),
    ],
)
def test_a_qualifier_after_the_item_takes_the_claim_back(line, skill):
    resume = read_resume(f"{RESUME_HEAD}\n{line}\n", TODAY)
    names = {s.name for s in resume.skills}
    assert skill not in names
    assert "Python" in names or "Go" in names or skill == "Jenkins"


@pytest.mark.parametrize(
    "heading", ["Never used", "Not yet used", "Currently learning", "Would like to learn"]
)
def test_a_heading_that_says_not_had_covers_its_items(heading):
    resume = read_resume(f"{RESUME_HEAD}\nSkills\nPython\nDocker\n\n{heading}\nKotlin\n", TODAY)
    names = {s.name for s in resume.skills}
    assert {"Python", "Docker"} <= names
    assert "Kotlin" not in names


@pytest.mark.parametrize(
    ("text", "required", "preferred"),
    [
        (
            "Must:\n- Python\n- PostgreSQL\n\nNice to haves\n- Go\n",
            {"Python", "PostgreSQL"},
            {"Go"},
        ),
        (
            "You must have\n- Java\n- Kafka\n\nHighly regarded\n- Scala\n",
            {"Java", "Apache Kafka"},
            {"Scala"},
        ),
        (
            "Requirements\n- Python\n- Kafka desirable\n- Docker\n",
            {"Python", "Docker"},
            {"Apache Kafka"},
        ),
        (
            "What you bring\n- Excel\n\nWould be an advantage\n- Power BI\n",
            {"Microsoft Excel"},
            {"Power BI"},
        ),
    ],
)
def test_requirement_headings_and_items_that_are_not_headings(text, required, preferred):
    jd = read_jd("Data Engineer\n\n" + text)
    assert required <= set(jd.required_skills)
    assert preferred <= set(jd.preferred_skills)
    assert not preferred & set(jd.required_skills)


@pytest.mark.parametrize(
    ("line", "years"),
    [
        ("You will need a minimum of 18 months post-registration experience.", 1.5),
        ("At least 24 months of experience in a warehouse.", 2.0),
        ("7 (seven) years or more in infrastructure engineering", 7.0),
        ("Ten (10) years or more of accounting experience", 10.0),
    ],
)
def test_years_in_months_and_with_a_bracketed_number(line, years):
    assert read_jd(f"Engineer\n\nRequirements\n- {line}\n").min_years == years


@pytest.mark.parametrize(
    "line", ["MPharm (Hons), University of Bath, 2017", "MChem Chemistry, 2012", "MPhys, 2019"]
)
def test_integrated_masters(line):
    assert degree_level(line) == "master"


@pytest.mark.parametrize(
    "line",
    [
        "Jan 2024 - Jun 2024: Data Analytics Bootcamp (full-time), Northwind Academy",
        "Software Engineering Immersive Course, Generalist Labs   03/2023 - 06/2023",
        "UX Design boot-camp | Bright Path | 2022 - 2023",
    ],
)
def test_a_bootcamp_is_training_whatever_its_title_looks_like(line):
    job = "Data Analyst, Acme Ltd, Jan 2025 - present"
    text = f"Jo Bloggs\nData Analyst\n\nExperience\n{job}\n{line}\n"
    resume = read_resume(text, TODAY)
    assert len(resume.work_history) == 1
    assert resume.total_years_experience <= 2.0  # the job alone (24 months)


def test_teaching_at_a_bootcamp_is_work():
    text = (
        "Jo Bloggs\nInstructor\n\nExperience\n"
        "Lead Instructor, Data Analytics Bootcamp, Northwind Academy, Jan 2020 - Dec 2023\n"
    )
    assert read_resume(text, TODAY).total_years_experience >= 3.9


@pytest.mark.parametrize(
    "line", ["Analyst, Acme   03/2023 - 06/2023", "2019 - 2021  Acme Ltd", "04/2018 – 11/2020 Foo"]
)
def test_a_date_range_is_not_a_phone_number(line):
    assert read_resume(f"Jo Bloggs\nAnalyst\n\nExperience\n{line}\n", TODAY).phone is None


@pytest.mark.parametrize(
    ("line", "credential"),
    [
        ("Certifications: CIMA finalist (Strategic Case Study in 2027)", "CIMA"),
        ("Certifications: ACCA part-qualified", "ACCA"),
        ("Certifications:\nCIPD Level 5 – studying, exam planned for June", "CIPD"),
    ],
)
def test_a_qualification_on_its_way_is_not_held(line, credential):
    text = f"Jo Bloggs\nAccountant\n\nExperience\nAccountant, Acme Ltd, 2019 - present\n\n{line}\n"
    assert credential not in read_resume(text, TODAY).credentials


@pytest.mark.parametrize(
    ("line", "place"),
    [
        ("Jo Bloggs | Victoria, BC | jo@example.com", "Victoria, BC"),
        ("Jo Bloggs · Ballarat VIC · 0491 570 110", "Ballarat, VIC"),
        ("Address: 12 MG Road, Sector 14, Gurugram, Haryana – 122001", "Gurugram, Haryana"),
        ("Jo Bloggs  Da Nang City, Vietnam", "Da Nang City, Vietnam"),
        ("Jo Bloggs, Wrexham, North Wales", "Wrexham, North Wales"),
        ("Jo Bloggs | İzmir/Türkiye | jo@example.com", "İzmir, Türkiye"),
    ],
)
def test_places_the_gazetteer_did_not_know(line, place):
    assert find_location([line]) == place


@pytest.mark.parametrize(
    ("education", "level"),
    [
        ("Business Diploma (two-year program), Lakeside College, 2014 - 2016", "associate"),
        ("Diploma (2-year full-time), Northern College, 2010", "associate"),
        (
            "Diploma (two years), Seneca Polytechnic, 2012\nBSc Computing - paused in 2020",
            "associate",
        ),
        ("HND Engineering, 2009\nBEng (on hold since 2021)", "associate"),
    ],
)
def test_two_year_diplomas_and_degrees_put_on_hold(education, level):
    job = "Analyst, Acme, 2019 - present"
    text = f"Jo Bloggs\nAnalyst\n\nExperience\n{job}\n\nEducation\n{education}\n"
    assert read_resume(text, TODAY).highest_degree == level


@pytest.mark.parametrize(
    ("text", "skills"),
    [
        (
            "Methods: regression, smoke, exploratory testing",
            {"Regression testing", "Exploratory testing"},
        ),
        ("unit, integration and end-to-end testing", {"Unit testing", "Integration testing"}),
        ("Databases: MS SQL, Postgres", {"Microsoft SQL Server", "PostgreSQL"}),
    ],
)
def test_a_head_shared_by_a_list_of_modifiers(text, skills):
    assert skills <= {h.name for h in load_taxonomy().find(text, listed=True)}


def test_two_items_joined_by_a_bare_comma_share_nothing():
    found = {h.name for h in load_taxonomy().find("statistics (regression, hypothesis tests)")}
    assert "Regression testing" not in found


@pytest.mark.parametrize(
    "text",
    [
        "Pharmacist. Acme Pharmacies is independent and we are recruiting a Pharmacist for our"
        " branch. You must hold an MPharm.",
        "Warehouse Lead. Northwind is hiring a night-shift lead who knows WMS and stock control.",
        "Store Manager. We're currently recruiting for a manager to run our Leeds store.",
    ],
)
def test_the_employer_hiring_is_not_a_requirement(text):
    assert "Recruiting" not in read_jd(text).required_skills


def test_regional_names_of_health_and_safety():
    found = {h.name for h in load_taxonomy().find("WHS inspections, OH&S audits, EHS reporting")}
    assert "Health and safety" in found


@pytest.mark.parametrize(
    ("today", "years"),
    [(date(2026, 12, 3), 2.9), (date(2026, 12, 20), 3.0), (date(2027, 1, 2), 3.0)],
)
def test_an_ongoing_job_counts_the_months_worked(today, years):
    # 'present' on 3 December has not worked December yet; on the 20th half of it is worked
    text = "Jo Bloggs\nHR Coordinator\n\nExperience\nHR Coordinator, Acme, Jan 2024 - present\n"
    assert read_resume(text, today).total_years_experience == pytest.approx(years, abs=0.01)


@pytest.mark.parametrize(
    ("text", "skill"),
    [
        ("Manage a renewal and expansion pipeline with the VP", "Sales pipeline management"),
        ("Managed the new-build capital works budget.", "Budget management"),
        ("Administered medication to 30 residents each shift.", "Medication administration"),
        ("Safely administering IV medications and blood products.", "Medication administration"),
        ("Analysed monthly budget variances for the board.", "Variance analysis"),
        ("Handled customer complaints by phone and email.", "Complaints handling"),
        ("Onboarded 40 new B2B customers.", "Customer onboarding"),
        ("Prevented falls with hourly rounding.", "Falls prevention"),
    ],
)
def test_a_skill_written_as_the_action_done_to_its_object(text, skill):
    # '<object> <action>' skills (and aliases) found as '<verb> ... <object>', up to five
    # words apart
    assert skill in {h.name for h in load_taxonomy().find(text)}


@pytest.mark.parametrize(
    ("text", "skill"),
    [
        ("Drop-test correlation with the test lab.", "Test equipment"),
        ("Tested the prototypes in the lab.", "Test equipment"),
        ("Managed the office move for the budget team.", "Budget management"),
    ],
)
def test_the_object_of_an_action_is_not_a_noun_after_it(text, skill):
    # 'the test lab': 'test' is a noun; 'tested ... in the lab': the object came before 'in'
    assert skill not in {h.name for h in load_taxonomy().find(text)}


@pytest.mark.parametrize(
    ("text", "skill"),
    [
        ("Screening forms only (I do not administer vaccines)", "Immunization administration"),
        ("I don't administer medication; the nurses do.", "Medication administration"),
        ("We never dispense medication from this desk.", "Medication dispensing"),
    ],
)
def test_a_negated_verb_negates_the_skill_it_names(text, skill):
    body = f"Jo Bloggs\nCare Assistant\n\nExperience\nCare Assistant, Acme, 2020 - 2024\n- {text}\n"
    assert skill not in {s.name for s in read_resume(body, TODAY).skills}


@pytest.mark.parametrize(
    ("raw", "title"),
    [
        ("EMPLOYMENT HISTORY Head of Chemistry", "Head of Chemistry"),
        ("Experience Customer Support Agent II", "Customer Support Agent II"),
        ("WORK EXPERIENCE Senior Staff Nurse", "Senior Staff Nurse"),
        ("Designation : Senior Software Engineer", "Senior Software Engineer"),
        ("Job title: Payroll Officer", "Payroll Officer"),
        ("Experience Designer", "Experience Designer"),
    ],
)
def test_a_heading_or_label_run_into_a_title(raw, title):
    from agents.reading.titles import display_title

    assert display_title(raw) == title


@pytest.mark.parametrize(
    "line",
    [
        "JOB APPLIED FOR Operations Manager",
        "Position applied for: Staff Nurse",
        "Desired employment Warehouse Supervisor",
    ],
)
def test_the_job_applied_for_is_not_a_job_held(line):
    from agents.reading.titles import title_score

    assert title_score(line) <= 0


@pytest.mark.parametrize(
    "header",
    [
        "Sonoran Mechanical, Tempe AZ -- Commercial HVAC Service Technician, 2019 - present",
        "Acme Freight Ltd -- Transport Planner -- Jan 2020 - present",
        "Brightwater Clinic -- Practice Nurse, since 2019",
    ],
)
def test_a_double_hyphen_separates_a_job_header(header):
    body = f"Jo Bloggs\n\nExperience\n{header}\n- Did the work\n"
    title = read_resume(body, TODAY).current_title
    assert title is not None and "--" not in title and "Tempe" not in title


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("Desenvolvedor .NET Pleno, jan/2022 – atual", (2022, 1), None),
        ("Desarrollador Full Stack  abr. 2018 – dic. 2021", (2018, 4), (2021, 12)),
        ("Softwareentwickler, März 2019 – heute", (2019, 3), None),
        ("Analista de Sistemas, set/2015 - out/2017", (2015, 9), (2017, 10)),
        ("Chargé de projet, janv. 2019 – aujourd'hui", (2019, 1), None),
    ],
)
def test_dates_in_the_language_the_cv_kept(text, start, end):
    found = find_range(text)
    assert found is not None and (found.start, found.end) == (start, end)


def test_a_foreign_month_that_is_an_english_word_needs_its_year_glued():
    assert find_range("Set 2019 targets and met them by 2021") is None


@pytest.mark.parametrize(
    "line",
    ["February 2019 – Date", "03/2020 - date", "Jan 2018 — Date"],
)
def test_date_after_a_dash_is_ongoing(line):
    found = find_range(line)
    assert found is not None and found.end is None


@pytest.mark.parametrize(
    ("text", "preferred"),
    [
        (
            "Your profile\n• Strong C# and SQL\n\nNice if\n• Docker\n• Kafka",
            {"Docker", "Apache Kafka"},
        ),
        ("Requirements\n- Python\n\nBrownie points\n- Airflow\n- dbt", {"Apache Airflow", "dbt"}),
        ("Must have\n- React\n\nWhat would make you stand out\n- GraphQL", {"GraphQL"}),
    ],
)
def test_more_headings_of_what_is_merely_wanted(text, preferred):
    profile = read_jd(f"Software Engineer\n\n{text}\n")
    assert preferred <= set(profile.preferred_skills)
    assert not preferred & set(profile.required_skills)


@pytest.mark.parametrize(
    ("text", "preferred", "required"),
    [
        (
            "You must know Python and SQL. Brownie points for Mixpanel or Amplitude.",
            {"Mixpanel", "Amplitude"},
            {"Python", "SQL"},
        ),
        (
            "Deep knowledge of Laravel is a must. Nice if you've touched Docker or Redis.",
            {"Docker", "Redis"},
            {"Laravel"},
        ),
        (
            "You need strong Java. We don't expect you to know Kotlin, but if you have, tell us"
            " about it.",
            {"Kotlin"},
            {"Java"},
        ),
    ],
)
def test_wishes_in_one_paragraph(text, preferred, required):
    profile = read_jd(f"Backend Developer. {text}")
    assert preferred <= set(profile.preferred_skills)
    assert required <= set(profile.required_skills)


@pytest.mark.parametrize(
    "sentence",
    [
        "We don't expect you to know Elasticsearch – you'll learn it here.",
        "We do not expect you to have used Kubernetes.",
        "You won't need Terraform: you'll learn it on the job.",
    ],
)
def test_what_the_employer_does_not_expect_is_not_wanted(sentence):
    profile = read_jd(f"Backend Developer\n\nRequirements\n- Python\n- {sentence}\n")
    wanted = set(profile.required_skills) | set(profile.preferred_skills)
    assert not wanted & {"Elasticsearch", "Kubernetes", "Terraform"}
    assert "Python" in profile.required_skills


def test_a_person_specification_table_marks_essential_and_desirable():
    text = (
        "Paralegal\n\nPERSON SPECIFICATION\nCriterion | Essential / Desirable | Assessed by\n"
        "X1. Residential conveyancing, taking files to completion | E | A, I\n"
        "S2. Use of a legal case management system, ideally Iken | D | A\n"
        "S3. Knowledge of Stamp Duty Land Tax (SDLT) returns | Desirable | I\n"
        "This post is not subject to a DBS check.\n"
    )
    profile = read_jd(text)
    assert "Conveyancing" in profile.required_skills
    assert {"Iken", "Stamp Duty Land Tax"} <= set(profile.preferred_skills)
    phrases = " ".join(r.phrase for r in profile.other_requirements)
    assert "DBS" not in phrases and "Assessed by" not in phrases and "| E |" not in phrases


@pytest.mark.parametrize(
    "line",
    ["ECS gold card", "Valid ECS card (JIB)", "CSCS or ECS card required"],
)
def test_a_trade_card_is_not_a_cloud_service(line):
    assert "Amazon ECS" not in {h.name for h in load_taxonomy().find(line)}


def _resume_skills(body: str) -> set[str]:
    return {s.name for s in read_resume(f"Jo Bloggs\nEngineer\n\n{body}\n", TODAY).skills}


@pytest.mark.parametrize(
    ("body", "skill"),
    [
        (
            "Summary\nI have not yet worked with a SIEM tool or as part of a formal\n"
            "incident response team.",
            "Incident response",
        ),
        ("Summary\nI have never used Python in a\nreal project, only tutorials.", "Python"),
        ("Summary\nNo experience with Kubernetes or\nhelm charts so far.", "Kubernetes"),
    ],
)
def test_a_negation_runs_on_across_a_wrapped_line(body, skill):
    assert skill not in _resume_skills(body)


@pytest.mark.parametrize(
    ("body", "skill"),
    [
        (
            "Summary\nResearch here is owned by a dedicated UX research team, so I design.",
            "User research",
        ),
        ("Summary\nThe Spark jobs are owned by the data engineers; I deploy them.", "Apache Spark"),
        (
            "Summary\nLine-voltage electrical installation is outside my scope.",
            "Electrical installation",
        ),
    ],
)
def test_work_done_by_someone_else_or_outside_the_persons_scope(body, skill):
    assert skill not in _resume_skills(body)


@pytest.mark.parametrize(
    ("body", "skill"),
    [
        ("Skills\nData | Excel (advanced); SQL – no, working on it", "SQL"),
        ("Skills\nScala : no hands-on, all Spark work done in PySpark", "Scala"),
        ("Skills\nScripting (PowerShell): none yet – would like to learn it", "PowerShell"),
        ("Summary\nI'm not hands-on with SQL; my analyst pulls the data.", "SQL"),
        ("Summary\nI deploy them but I never developed Spark code myself.", "Apache Spark"),
    ],
)
def test_a_short_answer_that_takes_the_claim_back(body, skill):
    assert skill not in _resume_skills(body)


@pytest.mark.parametrize("heading", ["Not yet", "Still to learn", "Learning next"])
def test_a_heading_of_what_the_person_has_not_done_yet(heading):
    skills = _resume_skills(
        f"Skills\nSelenium, Cypress\n\n{heading}\nPerformance testing (JMeter, k6)"
    )
    assert "Apache JMeter" not in skills and "Selenium" in skills


@pytest.mark.parametrize(
    "line",
    [
        "Hands-on experience with at least one SIEM platform (e.g., Splunk, QRadar)",
        "Experience with a SIEM platform",
        "Familiarity with an ERP system",
    ],
)
def test_a_tool_category_named_with_its_kind_is_a_requirement(line):
    profile = read_jd(f"Analyst\n\nRequirements\n- {line}\n")
    assert {"SIEM", "ERP"} & set(profile.required_skills)


@pytest.mark.parametrize(
    "line",
    [
        "Ability to work a rotating shift schedule, including nights",
        "Willing to work shifts and weekends",
        "Must be able to work on a 24/7 rota",
    ],
)
def test_working_the_hours_is_no_skill(line):
    assert "Rota management" not in read_jd(f"Analyst\n\nRequirements\n- {line}\n").required_skills


@pytest.mark.parametrize(
    ("heading", "line"),
    [
        ("Formação Acadêmica", "Bacharelado em Sistemas de Informação – PUC Minas, 2013 – 2017"),
        ("Formación", "Licenciatura en Administración, Universidad de Guadalajara, 2010 – 2014"),
        ("Ausbildung", "Diplom-Informatiker, TU Dresden, 2004 – 2010"),
    ],
)
def test_degrees_and_headings_of_cvs_in_other_languages(heading, line):
    text = f"Jo Bloggs\nDeveloper\n\n{heading}\n{line}\n"
    assert read_resume(text, TODAY).highest_degree in ("bachelor", "master")


@pytest.mark.parametrize(
    ("line", "level"),
    [
        ("B.Des. (Communication Design), Coromandel Institute of Design, 2019 - 2023", "bachelor"),
        ("Specialist degree in Computer Engineering (5.5 years), 2014 - 2019", "master"),
        ("Técnico Superior en Dirección de Cocina, 2014 – 2016", "associate"),
    ],
)
def test_more_degree_names(line, level):
    assert degree_level(line) == level


def test_a_degree_abbreviation_keeps_its_in_progress_note():
    text = (
        "Jo Bloggs\nData Engineer\n\nEducation\n"
        "M.Sc. Data Science (part-time, in progress – expected 2027), Lagoon State University\n"
        "B.Eng. Petroleum Engineering, Federal University of Technology, 2008 – 2013\n"
    )
    assert read_resume(text, TODAY).highest_degree == "bachelor"


@pytest.mark.parametrize(
    ("line", "city"),
    [
        ("Curitiba – PR, Brasil", "Curitiba"),
        ("No. 00 Ogui Road, Enugu, Enugu State, Nigeria", "Enugu"),
        ("Carlos Ibarra — Guadalajara, Jalisco, México — +52 33 0000 0526", "Guadalajara"),
    ],
)
def test_places_written_with_state_codes_dashes_and_native_country_names(line, city):
    found = find_location([line])
    assert found is not None and found.split(",")[0].strip() in (city, f"{city} State")


@pytest.mark.parametrize(
    ("history", "years"),
    [
        (
            "Senior PHP Developer — Vinhal Digital, Porto (3 yrs)\n- Laravel services\n"
            "PHP Developer — Mar Digital, Braga (2 years 4 months)\n- REST APIs\n",
            5.3,
        ),
        ("Payroll Clerk, Maple Foods Inc. (1 yr 6 mos)\n- weekly payroll runs\n", 1.5),
        ("Line Cook – The Copper Pot [18 months]\n- grill and sauté station\n", 1.5),
    ],
)
def test_jobs_that_give_only_their_length_count_their_years(history, years):
    p = read_resume(f"Jo Bloggs\n\nExperience\n{history}", TODAY)
    assert p.total_years_experience == years
    assert p.work_history and p.work_history[0].start is None
    assert p.current_title == p.work_history[0].title


@pytest.mark.parametrize(
    ("line", "title"),
    [
        (
            "Senior Data Analyst\tCrestline Telecom Inc.\tToronto\t04/2022 – present",
            "Senior Data Analyst",
        ),
        (
            "Accounts Payable Clerk    Harbour Foods Ltd.    Hamilton ON    01/2022 - present",
            "Accounts Payable Clerk",
        ),
        (
            "Java Developer    Infosoft Systems sp. z o.o., Wroclaw    Jul 2016 - present",
            "Java Developer",
        ),
    ],
)
def test_an_abbreviations_full_stop_does_not_end_the_job_header(line, title):
    assert read_resume(f"Jo Bloggs\n\nExperience\n{line}\n- duties\n", TODAY).current_title == title


@pytest.mark.parametrize(
    ("header", "title"),
    [
        (
            "Brightwater Insurance Group, London since 2022\nSenior Data Engineer",
            "Senior Data Engineer",
        ),
        (
            "HVAC Install Technician\nDesert Crest Home Services — Mesa, AZ — since March 2023",
            "HVAC Install Technician",
        ),
        ("Store Manager\nNorthgate Retail Ltd since 2021", "Store Manager"),
    ],
)
def test_since_at_the_end_of_an_employers_header_dates_a_job(header, title):
    earlier = "Assistant    Lendbridge Ltd, London    07/2015 – 12/2016\n- filing\n"
    p = read_resume(f"Jo Bloggs\n\nExperience\n{header}\n- duties\n{earlier}", TODAY)
    assert p.current_title == title and p.total_years_experience >= 4


@pytest.mark.parametrize(
    "summary",
    [
        "Backend engineer, 10 years in, writing Go since 2019 (Java before that).",
        "Nurse by training, working nights since 2020 and loving it.",
        "Accountant, using Xero since 2018 for my own clients.",
    ],
)
def test_since_inside_a_summary_sentence_is_no_job(summary):
    p = read_resume(
        f"Jo Bloggs\n{summary}\n\nExperience\nPayroll Officer    Acme Ltd    03/2023 - present\n",
        TODAY,
    )
    assert [j.title for j in p.work_history] == ["Payroll Officer"]


@pytest.mark.parametrize(
    "duty",
    [
        "Tech lead for the tracking domain, 9 Go microservices handling traffic at peak. Moved",
        "Team leader for a crew of six on night shifts, covering three sites. Trained",
        "Lead developer for the billing rewrite in Kotlin and Postgres, shipped in 2023. Then",
    ],
)
def test_a_sentence_of_duties_beside_the_dates_is_no_title(duty):
    p = read_resume(
        "Jo Bloggs\n\nExperience\n"
        f"Senior Backend Engineer    Parcelwise B.V.    Sep 2021 - present\n{duty}\n",
        TODAY,
    )
    assert p.current_title == "Senior Backend Engineer"


@pytest.mark.parametrize(
    ("line", "title"),
    [
        ("Lead Welder / Fitter    Red Butte Fabrication    2019 - present", "Lead Welder / Fitter"),
        ("Owner / Electrician, Petersen Electrical    Feb 2017 - present", "Owner / Electrician"),
        (
            "Senior Statistician / Statistical Analyst    NHS Trust    2020 - present",
            "Senior Statistician",
        ),
    ],
)
def test_a_slash_before_one_word_joins_one_roles_halves(line, title):
    assert read_resume(f"Jo Bloggs\n\nExperience\n{line}\n", TODAY).current_title == title


@pytest.mark.parametrize(
    ("designation", "text", "family"),
    [
        (
            "RN - Cardiac Step-Down (Nights)",
            "Registered Nurse – Cardiac Step-Down\nAbout the job\n",
            "healthcare",
        ),
        ("Ref 4471 (Nights)", "Staff Nurse - Ward 5\nWhat you bring\n", "healthcare"),
        ("Req 2231 - EMEA", "Business Development Representative\nAbout you\n", "sales"),
    ],
)
def test_a_jd_whose_designation_names_no_role_takes_its_written_title(designation, text, family):
    jd = read_jd(text + "You will care for patients.\n", designation=designation)
    assert jd.role_family == family and jd.title != designation.split(" - ")[0]


def test_a_jd_naming_no_role_takes_the_family_of_the_skills_it_names():
    text = (
        "Position 12\nAbout the job\nYou will perform patient assessments, medication"
        " administration, wound care and patient education on a busy ward.\n"
        "What you bring\nA caring attitude and a current licence.\n"
    )
    assert read_jd(text, designation="Ref 12").role_family == "healthcare"


@pytest.mark.parametrize(
    "clause",
    [
        "You must hold an active, unencumbered RN license in the State of Ohio on your start date,"
        " and we ask for at least two (2) years of acute-care nursing experience.",
        "Minimum 3 years in a hospital pharmacy and a current PTCB certification are essential.",
        "A current NMC registration and at least 12 months of post-registration experience"
        " are required.",
    ],
)
def test_a_licence_in_a_years_clause_is_still_a_requirement(clause):
    jd = read_jd(f"Requirements\n{clause}\n", designation="Nurse")
    credentials = [r.phrase for r in jd.other_requirements if r.kind == "credential"]
    assert credentials and jd.min_years is not None


@pytest.mark.parametrize(
    "line",
    [
        "Notice period: immediate to 30 days preferred.",
        "Interested candidates kindly share updated CV to hr@example.com with current CTC.",
        "Referrals welcome!!",
    ],
)
def test_hiring_process_lines_are_no_requirements(line):
    jd = read_jd(f"Requirements\n- Python and Django\n- {line}\n", designation="Developer")
    assert not jd.other_requirements


@pytest.mark.parametrize(
    ("body", "skill"),
    [
        ("I review the payroll journals but have not processed payroll myself.", "Payroll"),
        (
            "I haven't administered chemotherapy; oncology was observation only.",
            "Chemotherapy administration",
        ),
        ("We have never deployed Kubernetes in production here.", "Kubernetes"),
    ],
)
def test_have_not_with_any_past_participle_negates(body, skill):
    p = read_resume(f"Jo Bloggs\n\nSummary\n{body}\n", TODAY)
    assert skill not in {s.name for s in p.skills}


@pytest.mark.parametrize(
    "line",
    [
        "I would like to move away from PHP: my next role should be in Go or Java.",
        "My next job will ideally be with Rust and Elixir.",
        "Next step should be into Kotlin.",
    ],
)
def test_the_next_role_wished_for_is_no_skill(line):
    p = read_resume(f"Jo Bloggs\n\nSummary\n{line}\n", TODAY)
    assert not {"Go", "Java", "Rust", "Elixir", "Kotlin"} & {s.name for s in p.skills}


@pytest.mark.parametrize(
    ("line", "credential"),
    [
        ("BLS Provider, American Heart Association — expires 04/2027", "Basic Life Support"),
        ("ACLS Provider, AHA — 2025", "Advanced Cardiac Life Support"),
        ("Registered Nurse, Ohio Board of Nursing — active, expires 10/31/2027", "RN license"),
    ],
)
def test_a_provider_card_or_board_licence_is_a_credential(line, credential):
    p = read_resume(f"Jo Bloggs, RN\n\nLicensure & Certifications\n{line}\n", TODAY)
    assert credential in p.credentials


@pytest.mark.parametrize(
    ("lines", "level"),
    [
        ("Diploma, Accounting    2013 – 2015\nHumberline College, Toronto, ON", "associate"),
        ("Diploma in Human Resources Management\nRouge Valley College, 2016 – 2018", "associate"),
        ("Diploma, Business Administration\nSeneca College 2010 - 2012", "associate"),
    ],
)
def test_a_two_year_college_diploma_is_associate(lines, level):
    p = read_resume(f"Jo Bloggs\n\nEducation\n{lines}\n", TODAY)
    assert p.highest_degree == level


def test_a_uk_level_3_diploma_at_a_college_is_no_associate_degree():
    p = read_resume(
        "Jo Bloggs\n\nEducation\nDiploma Level 3 in Plumbing\nLeeds College, 2014 – 2016\n", TODAY
    )
    assert p.highest_degree != "associate"


@pytest.mark.parametrize(
    ("lines", "place"),
    [
        (["District 7, Ho Chi Minh City,", "Vietnam"], "Ho Chi Minh City, Vietnam"),
        (["Northampton NN1 4ZZ, United", "Kingdom"], "Northampton, United Kingdom"),
        (["12 Rue Verte, Lyon,", "France"], "Lyon, France"),
    ],
)
def test_an_address_broken_over_two_lines_is_read_whole(lines, place):
    assert find_location(lines) == place


@pytest.mark.parametrize(
    ("line", "place"),
    [
        ("Geneviève Tremblay — Montréal (QC) — gt@example.com", "Montréal, QC"),
        ("Pune (Maharashtra) · +91 90000 00000", "Pune, Maharashtra"),
        ("Austin (TX) | jo@example.com", "Austin, TX"),
    ],
)
def test_a_region_in_brackets_after_the_city(line, place):
    assert find_location([line]) == place


@pytest.mark.parametrize(
    ("line", "place"),
    [
        ("JORDAN TSANG Halifax, NS", "Halifax, NS"),
        ("Nurse Mount Gambier, SA", "Mount Gambier, SA"),
        ("PRIYA NAIR Kochi, Kerala", "Kochi, Kerala"),
    ],
)
def test_a_name_or_title_run_into_the_city_is_not_part_of_it(line, place):
    assert find_location([line]) == place


@pytest.mark.parametrize(
    ("line", "place"),
    [
        ("Makati City, Metro Manila", "Makati City, Metro Manila"),
        ("Salford, Greater Manchester, UK", "Salford, Greater Manchester, UK"),
        (
            "Unit 4B Palm Residences, BF Homes, Parañaque City, Metro Manila 1720",
            "Parañaque City, Metro Manila",
        ),
    ],
)
def test_a_district_before_its_metro_area_is_kept_as_written(line, place):
    assert find_location([line]) == place


def test_based_inside_a_word_is_no_location_cue():
    lines = [
        "Leeds, UK | jo@example.com",
        "services and Kafka-based integrations. Moved from Wroclaw to Manchester in 2024.",
    ]
    assert find_location(lines) == "Leeds, UK"


@pytest.mark.parametrize(
    "sidebar",
    [
        "jo@example.com\nwww.linkedin.com/in/jo\nTop Skills\nReact Native\nTypeScript\nRedux\n"
        "Languages\nUkrainian\nEnglish\nPolish\nCertifications\nReact Native Specialization\n"
        "Meta Front-End\nJo Bloggs\nSenior React Native Developer\nKraków, Małopolskie, Poland\n",
    ],
)
def test_a_place_further_down_the_first_page_is_read_when_the_top_has_none(sidebar):
    p = read_resume(
        sidebar + "\nExperience\nDeveloper    Acme Ltd, Warsaw    2020 - present\n", TODAY
    )
    assert p.location == "Kraków, Małopolskie, Poland"


@pytest.mark.parametrize(
    ("line", "level"),
    [
        ("Licencjat (BA) in Tourism and Recreation, Kraków School of Tourism", "bachelor"),
        ("Inżynier, Computer Science, Politechnika Wrocławska, 2016", "bachelor"),
        ("Diplôme de Technicien Spécialisé en Gestion Hôtelière, 2019", "associate"),
        ("(2-year post-baccalaureate diploma in hotel management)", "associate"),
        ("Two year full-time diploma in Early Childhood Education", "associate"),
    ],
)
def test_first_degrees_and_two_year_diplomas_in_other_words(line, level):
    assert degree_level(line) == level


@pytest.mark.parametrize(
    ("board", "required", "preferred"),
    [
        (
            "Responsibilities Build web apps in React. Qualifications 3-5 years of frontend work"
            " Strong React skills, including hooks and context Production experience with"
            " TypeScript Preferred Qualifications Next.js GraphQL (Apollo Client) Storybook"
            " Benefits Medical and dental.",
            {"React", "TypeScript"},
            {"Next.js", "GraphQL", "Storybook"},
        ),
        (
            "About the job We build payroll software for small firms across the country."
            " Requirements 4+ years of Python in production Professional experience with"
            " PostgreSQL Preferred Qualifications Kubernetes Terraform Benefits Pension.",
            {"Python", "PostgreSQL"},
            {"Kubernetes", "Terraform"},
        ),
        (
            "The role Keep the books for our clients. Qualifications 2+ years in accounts"
            " payable Commercial experience with Xero Preferred Skills Sage Accounting"
            " QuickBooks Benefits 25 days holiday.",
            {"Xero"},
            {"Sage Accounting", "QuickBooks"},
        ),
    ],
)
def test_a_job_board_paragraph_keeps_its_qualifications_apart(board, required, preferred):
    jd = read_jd(board, designation="Engineer")
    assert required <= set(jd.required_skills)
    assert preferred <= set(jd.preferred_skills) and not preferred & set(jd.required_skills)


@pytest.mark.parametrize(
    "heading",
    ["What our client is looking for:", "Who our client needs:", "What they are looking for:"],
)
def test_an_agencys_requirements_heading(heading):
    text = (
        "The role:\n- Advise managers\n"
        f"{heading}\n- Strong employee relations casework\n- Absence management\n"
        "Desirable:\n- TUPE experience\n"
        "What's on offer:\n- Private medical insurance after probation\n"
    )
    jd = read_jd(text, designation="HR Business Partner")
    assert {"Employee relations", "Absence management"} <= set(jd.required_skills)
    assert not jd.other_requirements


@pytest.mark.parametrize(
    "line",
    [
        "An enhanced DBS check and proof of Hepatitis B immunity will be required on appointment.",
        "Background checks will be carried out after offer.",
        "Pennant Talent Partners is acting as an Employment Agency in relation to this vacancy.",
    ],
)
def test_checks_made_on_appointment_are_the_hiring_process(line):
    jd = read_jd(f"Requirements\n- Infection control\n- {line}\n", designation="Dental Nurse")
    assert jd.required_skills == ["Infection control"] and not jd.other_requirements


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("Q3 2020 - Q1 2022", (2020, 7), (2022, 3)),
        ("Accountant (Level 2)   Q2 2021 – Present", (2021, 4), None),
        ("H2 2019 – H1 2021", (2019, 7), (2021, 6)),
    ],
)
def test_quarters_and_halves_date_a_range(text, start, end):
    found = find_range(text)
    assert found is not None and (found.start, found.end) == (start, end)


@pytest.mark.parametrize(
    ("body", "skill"),
    [
        ("Handled AP cut-off only: I wasn't part of the month-end close.", "Month-end close"),
        ("I'm taking a Udemy course in Playwright and would love to use it.", "Playwright"),
        ("The services team owns API testing; I only test the UI.", "API testing"),
    ],
)
def test_work_that_was_not_the_persons_part(body, skill):
    p = read_resume(f"Jo Bloggs\n\nSummary\n{body}\n", TODAY)
    assert skill not in {s.name for s in p.skills}


@pytest.mark.parametrize(
    "gap",
    [
        "Career break – travelling, Jun 2019 – Feb 2021",
        "Gap year — travelling and cooking courses in Asia\nAugust 2019 – August 2020",
        "Sabbatical (family time)    03/2019 - 02/2021",
    ],
)
def test_time_out_of_work_is_no_job(gap):
    text = (
        "Jo Bloggs\n\nExperience\nHR Advisor    Cabot Foods plc    03/2021 - 02/2022\n"
        f"{gap}\nHR Assistant    Redland Care Homes Ltd    01/2015 - 12/2018\n"
    )
    p = read_resume(text, TODAY)
    assert [j.title for j in p.work_history] == ["HR Advisor", "HR Assistant"]
    assert p.total_years_experience == 5.0


@pytest.mark.parametrize(
    "header",
    [
        "Senior Accountant, Record-to-Report – Nordhavn Business Services Sp. z o.o., Wrocław",
        "Lead Engineer, Platform and Tooling – Vireo Systems Co. Ltd. (Shenzhen office), China",
        "Staff Nurse, Ward 7 – St. Mary's Hospital NHS Trust, Dept. of Medicine, London",
    ],
)
def test_a_long_header_with_abbreviations_under_its_dates_gives_the_title(header):
    p = read_resume(f"Jo Bloggs\n\nExperience\n04.2022 - now\n{header}\n- duties\n", TODAY)
    assert p.current_title == header.split(",")[0]


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("06/19–11/21", (2019, 6), (2021, 11)),
        ("DATA ANALYST, ACME LTD, LEEDS, 12/21–PRESENT", (2021, 12), None),
        ("06/98 - 05/01", (1998, 6), (2001, 5)),
    ],
)
def test_month_and_two_digit_year_ranges(text, start, end):
    found = find_range(text)
    assert found is not None and (found.start, found.end) == (start, end)


@pytest.mark.parametrize(
    ("header", "years"),
    [
        ("Delivery Manager, Brackenfield Software, Nottingham, Mar 2022\n– Present", 4.8),
        ("Service Desk Analyst, Orchard Telecom, Derby, Jan 2018 – May\n2020", 2.4),
        ("Barista | Bean There Café | Leeds | September 2019\n- August 2021", 2.0),
    ],
)
def test_a_date_range_wrapped_onto_the_next_line(header, years):
    p = read_resume(f"Jo Bloggs\n\nExperience\n{header}\n- duties\n", TODAY)
    assert (
        p.total_years_experience == years
        and p.work_history[0].title == header.split(",")[0].split(" |")[0]
    )


@pytest.mark.parametrize("mark", ["### ", "## ", "**"])
def test_markdown_marks_are_not_part_of_a_title(mark):
    close = "**" if mark == "**" else ""
    title = f"{mark}Senior Site Reliability Engineer{close}"
    text = f"Jo Bloggs\n\n## Experience\n{title}\nAcme Ltd · 2018 — Present\n"
    assert read_resume(text, TODAY).current_title == "Senior Site Reliability Engineer"


@pytest.mark.parametrize(
    "heading", ["What we're looking for 👇", "Who you are 🙌", "What you'll bring ✨"]
)
def test_a_heading_dressed_in_emoji(heading):
    text = (
        "The role: you'll own the full sales cycle.\n"
        f"{heading}\n✅ You live in your CRM – Salesforce daily\n"
        "➕ Bonus: MEDDICC, Gong\n"
    )
    jd = read_jd(text, designation="Account Executive")
    assert "Salesforce" in set(jd.required_skills) | {s for g in jd.alternatives for s in g}


@pytest.mark.parametrize(
    "line",
    [
        "This post is subject to a basic DBS check.",
        "The role is subject to an enhanced background check.",
        "Appointment is subject to security vetting clearance.",
    ],
)
def test_a_post_subject_to_a_check_is_the_hiring_process(line):
    jd = read_jd(f"Requirements\n- Budget management\n- {line}\n", designation="Project Manager")
    assert not jd.other_requirements and "DBS checks" not in jd.required_skills


@pytest.mark.parametrize(
    "sentence",
    [
        "Kitewire makes route-planning software for regional courier firms.",
        "We build payroll software for 3,000 small businesses.",
        "Our bookkeeping apps are used by sole traders across Ireland.",
    ],
)
def test_the_software_a_company_makes_is_its_domain(sentence):
    text = f"{sentence} You will run our services on Kubernetes with Terraform and Python."
    jd = read_jd(text, designation="Platform Engineer")
    assert {"Kubernetes", "Terraform", "Python"} <= set(jd.required_skills)
    assert not {"Logistics planning", "Payroll", "Bookkeeping"} & set(jd.required_skills)
