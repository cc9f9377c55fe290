"""Synthetic job descriptions with ground truth."""

from __future__ import annotations

import random
from dataclasses import dataclass

from samples.families import FAMILIES
from samples.people import PLACES

REQ_HEADINGS = [
    "Requirements",
    "Must have",
    "What you need",
    "Required qualifications",
    "What we're looking for",
]
PREF_HEADINGS = ["Nice to have", "Preferred qualifications", "Bonus points", "Preferred"]
EDU_TEXT = {
    "bachelor": "Bachelor's degree in {f} or equivalent experience",
    "master": "Master's degree in {f}",
    None: "",
}


@dataclass(frozen=True)
class JDTruth:
    """What a perfect jd-reader extracts."""

    title: str
    role_family: str
    required_skills: list[str]
    preferred_skills: list[str]
    min_years: int
    education_level: str | None
    location: str | None
    remote: bool


@dataclass(frozen=True)
class SampleJD:
    """A generated JD: id, text and truth."""

    jd_id: str
    text: str
    truth: JDTruth


def make_jd(family: str, seed: int, jd_id: str | None = None) -> SampleJD:
    """A JD for one role family (seeded: same inputs, same text)."""
    rng = random.Random(f"jd-{family}-{seed}")
    fam = FAMILIES[family]
    title = rng.choice(fam.titles)
    required = rng.sample(fam.core, 6)
    preferred = rng.sample([s for s in fam.core + fam.extra if s not in required], 3)
    min_years = rng.randint(2, 5)
    education = rng.choice(["bachelor", "bachelor", "master", None])
    remote = rng.random() < 0.25
    location = None if remote else rng.choice(PLACES)[0]
    where = "Remote" if remote else f"{location} (on-site)"
    lines = [
        title,
        f"Kestrel Partners — {where}",
        "",
        "About the role",
        f"We are hiring a {title} to join a small team that values clear thinking and care.",
        f"Familiarity with {preferred[0]} is a plus.",
        "",
        rng.choice(REQ_HEADINGS) + ":",
        f"- {min_years}+ years of experience as a {title} or similar role",
    ]
    lines += [f"- Hands-on experience with {skill}" for skill in required]
    if education:
        lines.append("- " + EDU_TEXT[education].format(f=fam.degree_field))
    lines += ["", rng.choice(PREF_HEADINGS) + ":"]
    lines += [f"- {skill}" for skill in preferred[1:]]
    lines += ["", "We offer flexible hours, a learning budget and a friendly team."]
    truth = JDTruth(title, family, required, preferred, min_years, education, location, remote)
    return SampleJD(jd_id or f"JD-{family}-{seed}", "\n".join(lines) + "\n", truth)
