"""Role families the generator writes JDs and candidates for (skill names are canonical
taxonomy names; a test checks each one exists)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Family:
    """What a role family's jobs are called and which skills they use."""

    key: str
    titles: list[str]
    seniors: list[str]
    core: list[str]
    extra: list[str]
    degree_field: str
    duties: list[str] = field(default_factory=list)
    certifications: list[str] = field(default_factory=list)


FAMILIES: dict[str, Family] = {
    "software_engineering": Family(
        "software_engineering",
        ["Software Engineer", "Backend Developer", "Software Developer"],
        ["Senior Software Engineer", "Lead Backend Engineer"],
        ["Python", "Django", "PostgreSQL", "Docker", "REST APIs", "Kubernetes", "Redis",
         "Amazon Web Services", "Git", "Microservices", "FastAPI", "Apache Kafka"],
        ["JavaScript", "TypeScript", "React", "Go", "C++", "CI/CD", "Terraform", "GraphQL",
         "Java", "Linux", "pytest", "RabbitMQ"],
        "Computer Science",
        ["built and maintained services", "designed internal APIs", "improved release speed",
         "reduced response times", "mentored two junior engineers"],
        ["AWS Certified Developer"],
    ),
    "data": Family(
        "data",
        ["Data Scientist", "Data Analyst", "Applied Scientist"],
        ["Senior Data Scientist", "Lead Data Scientist"],
        ["Python", "SQL", "Machine learning", "Pandas", "scikit-learn", "Statistics",
         "Tableau", "A/B testing", "Apache Spark", "PyTorch", "Deep learning", "NumPy"],
        ["R", "TensorFlow", "Apache Airflow", "Snowflake", "Natural language processing",
         "Data visualization", "Jupyter", "XGBoost", "BigQuery", "Power BI"],
        "Mathematics",
        ["built models that predicted customer churn", "ran experiments for the growth team",
         "automated weekly reporting", "cleaned messy sources into one dataset"],
        ["Google Professional Data Engineer"],
    ),
    "design": Family(
        "design",
        ["Product Designer", "Experience Designer", "Visual Designer"],
        ["Senior Product Designer", "Lead Product Designer"],
        ["Figma", "User research", "Prototyping", "Wireframing", "Design systems",
         "Usability testing", "Interaction design", "Visual design", "Adobe Illustrator",
         "Accessibility", "Information architecture", "Typography"],
        ["Sketch", "Adobe Photoshop", "Motion design", "HTML", "CSS", "Design thinking",
         "User journey mapping", "Adobe After Effects"],
        "Graphic Design",
        ["redesigned the sign-up flow", "ran workshops with customers",
         "shipped a new mobile app design", "built a shared component library"],
        ["Nielsen Norman UX Certification"],
    ),
    "hr": Family(
        "hr",
        ["HR Generalist", "Recruiter", "HR Business Partner"],
        ["Senior HR Business Partner", "Head of People"],
        ["Talent acquisition", "Recruiting", "Onboarding", "Employee relations",
         "Performance management", "HRIS", "Workday", "Compensation and benefits",
         "Labor law", "Succession planning", "Employee engagement", "Sourcing"],
        ["Payroll", "Greenhouse", "Diversity and inclusion", "Change management",
         "Learning and development", "Workforce planning", "Conflict resolution",
         "Applicant tracking systems"],
        "Human Resources",
        ["partnered with managers across three sites", "hired over eighty people in a year",
         "rolled out a new review cycle", "handled sensitive employee cases"],
        ["SHRM-CP"],
    ),
    "finance": Family(
        "finance",
        ["Financial Analyst", "Accountant", "Budget Analyst"],
        ["Senior Financial Analyst", "Finance Manager"],
        ["Financial modeling", "Financial analysis", "Microsoft Excel", "Budgeting and forecasting",
         "Variance analysis", "GAAP", "Financial reporting", "Month-end close",
         "Reconciliation", "SAP FICO", "Valuation", "Cash flow management"],
        ["QuickBooks", "NetSuite", "IFRS", "VBA", "Power BI", "Internal audit",
         "Cost accounting", "SOX compliance"],
        "Finance",
        ["prepared the monthly board pack", "owned the annual budget process",
         "cut the close from ten days to six", "supported two acquisitions"],
        ["CPA"],
    ),
    "healthcare": Family(
        "healthcare",
        ["Registered Nurse", "Staff Nurse", "Clinical Nurse"],
        ["Senior Registered Nurse", "Charge Nurse"],
        ["Patient care", "Electronic health records", "Basic Life Support",
         "Advanced Cardiac Life Support", "Medication administration", "IV therapy",
         "Wound care", "Triage", "Infection control", "Critical care", "Patient education",
         "Care planning"],
        ["Epic Systems", "Phlebotomy", "Pediatrics", "Geriatrics", "HIPAA", "Telemedicine",
         "Discharge planning", "Case management"],
        "Health Sciences",
        ["cared for up to six patients per shift", "trained new nurses on the ward",
         "worked night shifts in a busy unit", "coordinated with doctors and families"],
        ["RN License"],
    ),
    "mechanical": Family(
        "mechanical",
        ["Mechanical Engineer", "Design Engineer", "Manufacturing Engineer"],
        ["Senior Mechanical Engineer", "Lead Design Engineer"],
        ["SolidWorks", "AutoCAD", "Finite element analysis",
         "Geometric dimensioning and tolerancing",
         "Mechanical design", "ANSYS", "Failure mode and effects analysis", "Root cause analysis",
         "Six Sigma", "Design for manufacturing", "Prototyping and testing", "Thermodynamics"],
        ["CATIA", "Computational fluid dynamics", "3D printing", "Injection molding", "HVAC",
         "Lean manufacturing", "Sheet metal design", "MATLAB"],
        "Mechanical Engineering",
        ["designed parts for a new pump line", "ran tests on early parts",
         "worked with suppliers on tooling", "cut scrap on the assembly line"],
        ["Certified SolidWorks Professional"],
    ),
    "sales": Family(
        "sales",
        ["Account Executive", "Sales Representative", "Sales Manager"],
        ["Senior Account Executive", "Sales Director"],
        ["Salesforce", "Lead generation", "Negotiation", "B2B sales", "Prospecting",
         "Sales pipeline management", "Account management", "Cold calling", "Closing deals",
         "CRM", "Solution selling", "Sales forecasting"],
        ["HubSpot", "SaaS sales", "Enterprise sales", "Upselling", "Territory management",
         "LinkedIn Sales Navigator", "Contract negotiation", "Customer success"],
        "Business Administration",
        ["beat quota four quarters in a row", "opened a new region",
         "grew the largest accounts", "met buyers on site every week"],
        [],
    ),
}

# Sentences with no skill in them: padding for "verbose" resumes. A test keeps them skill-free.
FILLER = [
    "Known for a calm manner and for keeping promises to colleagues.",
    "Enjoys hiking, cooking for friends and reading history books.",
    "Volunteered at the local library on weekends for several years.",
    "Believes that good work comes from clear goals and honest feedback.",
    "Has lived in three countries and enjoys meeting new people.",
    "Takes pride in careful, thorough work and in meeting deadlines.",
    "Coached a youth football team and organised their travel.",
    "Likes to write short stories and play the piano in the evenings.",
]
