"""The public API: seeded corpora of resumes (with truth) for a JD, and the evaluation set.

make_jd(family, seed) -> SampleJD
make_resume(jd, grade_target, seed, fmt, kind="normal") -> SampleResume
make_corpus(n, seed, formats=("pdf", "docx", "txt"), jd=None) -> list[SampleResume]
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from datetime import date

from agents.taxonomy import load_taxonomy
from samples.families import FAMILIES
from samples.jd import SampleJD, make_jd
from samples.layout import DATE_STYLES, pick_headings
from samples.people import make_person
from samples.render import to_docx, to_pdf, to_txt
from samples.resume import (
    LEVEL_ORDER,
    ResumeDoc,
    ResumeTruth,
    build_jobs,
    education_for,
    filler_lines,
    merged_years,
)

__all__ = ["SampleJD", "SampleResume", "grade", "make_corpus", "make_jd", "make_resume"]

FORMATS = ("pdf", "docx", "txt")


@dataclass(frozen=True)
class SampleResume:
    """A generated resume file and what it truly says."""

    filename: str
    data: bytes
    truth: ResumeTruth
    fmt: str
    doc: ResumeDoc | None = None


def grade(jd: SampleJD, truth: ResumeTruth) -> int:
    """Relevance 0-3 of a resume for a JD, from the truth alone (the eval's gold label).

    3: same family, >= 75% of the required skills used in dated work, enough years.
    2: same family, >= 50% of them. 1: same family, or >= 25% of them. 0: otherwise.
    Skills only listed, never used, do not count: that is what makes a stuffer a stuffer.
    """
    required = set(jd.truth.required_skills)
    coverage = len(required & set(truth.experienced_skills)) / len(required)
    same = truth.family == jd.truth.role_family
    if same and coverage >= 0.75 and truth.total_years >= jd.truth.min_years:
        return 3
    if same and coverage >= 0.5:
        return 2
    if same or coverage >= 0.25:
        return 1
    return 0


def make_resume(
    jd: SampleJD,
    target: int,
    seed: int,
    fmt: str,
    kind: str = "normal",
    as_of: tuple[int, int] | None = None,
    resume_id: str | None = None,
) -> SampleResume:
    """A resume aimed at relevance `target` for `jd` (kinds: normal, stuffer, verbose).

    Dates run up to `as_of` (default: this month), so "Present" means the same to the reader.
    """
    if as_of is None:
        today = date.today()
        as_of = (today.year, today.month)
    rng = random.Random(f"resume-{jd.jd_id}-{target}-{seed}-{kind}")
    fam_key = jd.truth.role_family
    if target == 0 or kind in ("stuffer", "verbose"):
        fam_key = rng.choice([k for k in FAMILIES if k != jd.truth.role_family])
    fam = FAMILIES[fam_key]
    required = jd.truth.required_skills
    others = [s for s in fam.core + fam.extra if s not in required]
    if fam_key != jd.truth.role_family:
        others = [s for s in others if s not in jd.truth.preferred_skills]
    take = {3: rng.randint(5, 6), 2: 3, 1: 1, 0: 0}[target]
    if fam_key != jd.truth.role_family:
        take = 0
    experienced = rng.sample(required, take) + rng.sample(others, rng.randint(3, 6))
    years = {
        3: jd.truth.min_years + rng.uniform(1, 8),
        2: jd.truth.min_years + rng.uniform(-1, 3),
        1: rng.uniform(1, 3),
        0: rng.uniform(2, 12),
    }[target]
    if kind == "verbose":
        years = rng.uniform(8, 15)
    years = max(1.0, years)
    alias_rate = 0.25
    jobs = build_jobs(rng, fam, experienced, years, as_of, rng.random() < 0.2, alias_rate)
    listed = list(dict.fromkeys(s for j in jobs for s in j.skills))
    listed_only: list[str] = []
    if kind == "stuffer":
        listed_only = [s for s in required + jd.truth.preferred_skills if s not in listed]
        listed += listed_only
    elif rng.random() < 0.5:
        extra = [
            s
            for s in fam.extra
            if s not in listed and s not in required and s not in jd.truth.preferred_skills
        ]
        listed_only = rng.sample(extra, min(2, len(extra)))
        listed += listed_only
    level = rng.choice(["bachelor", "bachelor", "master", "phd", "associate", None])
    education = education_for(rng, fam, level, as_of[0] - int(years) - 1)
    certs = list(fam.certifications) if fam.certifications and rng.random() < 0.4 else []
    person = make_person(rng, allow_cjk=fmt != "pdf")
    tx = load_taxonomy()
    incidental = [s for c in certs for s in tx.names(c)]
    incidental += [s for e in education for s in tx.names(e[0])]
    all_skills = list(dict.fromkeys(listed + incidental))
    current = jobs[0].title
    truth = ResumeTruth(
        resume_id=resume_id or f"R-{jd.jd_id}-{target}-{seed}-{kind}",
        kind=kind,
        family=fam_key,
        name=person.name,
        email=person.email,
        phone=person.phone_e164,
        location=person.location,
        current_title=current,
        total_years=merged_years(jobs, as_of),
        skills=sorted(all_skills),
        experienced_skills=sorted({s for j in jobs for s in j.skills}),
        listed_only_skills=sorted(set(listed_only)),
        highest_degree=max((e[2] for e in education), key=LEVEL_ORDER.index, default=None),
        certifications=certs,
    )
    style = rng.choice(DATE_STYLES)
    summary = f"{current} with {int(years)} years of experience."
    filler = filler_lines(rng, 14 if kind == "verbose" else rng.choice([0, 0, 2]))
    if kind == "verbose":
        for job in jobs:
            job.lines += filler_lines(rng, 4)
    doc = ResumeDoc(
        person,
        summary,
        jobs,
        [_spell_listed(rng, s) for s in listed],
        education,
        certs,
        filler,
        style,
        pick_headings(rng),
        truth,
    )
    return render(doc, fmt, random.Random(f"render-{truth.resume_id}"))


def _spell_listed(rng: random.Random, skill: str) -> str:
    from samples.resume import spell

    return spell(rng, skill, 0.2)


def render(doc: ResumeDoc, fmt: str, rng: random.Random) -> SampleResume:
    """The file bytes for `doc` in `fmt`."""
    if fmt == "pdf":
        data = to_pdf(doc, rng, two_column=rng.random() < 0.35)
    elif fmt == "docx":
        data = to_docx(doc, rng)
    else:
        data = to_txt(doc, rng)
    return SampleResume(f"{doc.truth.resume_id}.{fmt}", data, doc.truth, fmt, doc)


def name_swapped_twin(original: SampleResume, seed: int) -> SampleResume:
    """The same resume with another person's name, e-mail and phone (location kept)."""
    assert original.doc is not None
    rng = random.Random(f"twin-{original.truth.resume_id}-{seed}")
    person = original.doc.person
    other = make_person(rng, allow_cjk=original.fmt != "pdf")
    while other.name == person.name:
        other = make_person(rng, allow_cjk=original.fmt != "pdf")
    other = replace(other, location=person.location)
    rid = f"{original.truth.resume_id}-twin"
    truth = replace(
        original.truth,
        resume_id=rid,
        name=other.name,
        email=other.email,
        phone=other.phone_e164,
        kind="twin",
        twin_of=original.truth.resume_id,
    )
    doc = replace(original.doc, person=other, truth=truth)
    # Same rng seed as the original rendering so layout choices are identical.
    return render(doc, original.fmt, random.Random(f"render-{original.truth.resume_id}"))


def make_corpus(
    n: int, seed: int, formats: tuple[str, ...] = FORMATS, jd: SampleJD | None = None
) -> list[SampleResume]:
    """`n` resumes of mixed relevance for `jd` (default: a software JD), formats round-robin."""
    jd = jd or make_jd("software_engineering", seed)
    rng = random.Random(f"corpus-{seed}")
    out: list[SampleResume] = []
    for i in range(n):
        target = rng.choice([3, 3, 2, 2, 1, 0])
        out.append(
            make_resume(
                jd,
                target,
                seed * 100_000 + i,
                formats[i % len(formats)],
                resume_id=f"R{seed}-{i:05d}",
            )
        )
    return out
