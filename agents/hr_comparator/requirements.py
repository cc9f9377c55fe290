"""Every JD requirement, checked against a blind candidate: met / partial / missing.

Must-haves are the role family, each required skill, the minimum years, a degree the JD makes
mandatory, and required licences or registrations; preferred skills, a preferred degree, the
location and other phrases are wanted but never decide the category. Each check keeps the
resume text that met it and the rule that judged it (`Evidence`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from agents.hr_comparator.blind import BlindCandidate, BlindJob, BlindSkill
from agents.hr_comparator.phrases import match_phrase
from agents.hr_comparator.weights import Weights
from agents.reading.dates import last_month_worked, merged_months
from agents.reading.degrees import rank
from agents.reading.places import country_of, place_parts
from agents.taxonomy import Taxonomy, load_taxonomy
from common.profiles import JDProfile

_WORD = re.compile(r"[a-z]+")
_TITLE_STOP = {
    "senior", "junior", "lead", "staff", "principal", "part", "time", "the", "of", "and",
    "head", "i", "ii", "iii", "sr", "jr", "in", "for", "a", "an", "to", "at",
}  # fmt: skip


@dataclass
class Evidence:
    """One JD requirement and what the resume shows for it."""

    requirement: str
    kind: str  # role / required_skill / preferred_skill / experience / education / credential
    #            / other_requirement / location
    status: str  # met / partial / missing / not_stated
    evidence: str
    weight: float = 0.0
    must: bool = False
    rule: str = ""
    credit: float = 0.0

    def as_dict(self) -> dict[str, object]:
        """The stored form."""
        return dict(self.__dict__)


def check_all(
    jd: JDProfile, cand: BlindCandidate, weights: Weights
) -> tuple[list[Evidence], float]:
    """(evidence for every requirement, relevant years)."""
    tx = load_taxonomy()
    years = relevant_years(cand, jd, tx)
    evidence = [_role(jd, cand, weights, tx)]
    evidence += _required_skills(jd, cand, weights)
    evidence += [_skill(s, "preferred_skill", False, cand, weights) for s in jd.preferred_skills]
    evidence.append(_experience(jd, cand, years))
    evidence.append(_education(jd, cand))
    evidence += [
        _other(r.phrase, r.kind, r.strength == "required", cand, tx) for r in jd.other_requirements
    ]
    evidence.append(_location(jd, cand))
    return evidence, years


def skill_credit(cand: BlindCandidate, skill: str, weights: Weights) -> tuple[float, str, str]:
    """(credit 0..1, status, evidence) of one skill: used in dated work earns 0.85-1.0 by how
    long; only listed earns `listed_skill_credit` (times how much its mention says)."""
    found = cand.skills.get(skill) or _kind_of(cand, skill)
    if found is None:
        if skill in cand.credentials or skill in cand.languages:
            return 1.0, "met", f"{skill} (stated)"
        return 0.0, "missing", "not found in the resume"
    if found.months_used > 0 or "experience" in found.sources:
        return 0.85 + 0.15 * min(found.months_used / 24, 1.0), "met", found.evidence
    where = ", ".join(s.replace("_", " ") for s in found.sources) or "resume"
    credit = weights.listed_skill_credit * max(found.weight, 0.5)
    return credit, "partial", f"listed ({where}), no dated work behind it: {found.evidence}"


def _required_skills(jd: JDProfile, cand: BlindCandidate, weights: Weights) -> list[Evidence]:
    """One must-have per required skill, and one per group of alternatives ("Python or
    Java"), met by its best member."""
    grouped = {name for group in jd.alternatives for name in group}
    out = [
        _skill(s, "required_skill", True, cand, weights)
        for s in jd.required_skills
        if s not in grouped
    ]
    for group in jd.alternatives:
        members = [_skill(s, "required_skill", True, cand, weights) for s in group]
        best = max(members, key=lambda e: e.credit)
        best.requirement = " or ".join(group)
        best.rule = f"one of {len(group)} alternatives: {best.rule}"
        if best.status != "missing":
            met_by = next(s for s, e in zip(group, members, strict=True) if e is best)
            best.evidence = f"{met_by}: {best.evidence}"
        out.append(best)
    return out


def _kind_of(cand: BlindCandidate, skill: str) -> BlindSkill | None:
    """A skill the resume names that is a kind of the one asked for: 'PLC troubleshooting'
    for 'Troubleshooting', 'Unit testing' for 'Testing' (the longest-used one)."""
    suffix = " " + skill.lower()
    kinds = [s for name, s in cand.skills.items() if name.lower().endswith(suffix)]
    if not kinds:
        return None
    best = max(kinds, key=lambda s: (s.months_used, s.weight))
    return BlindSkill(
        skill, best.sources, best.months_used, f"{best.name}: {best.evidence}", best.weight
    )


_PRACTICE = re.compile(
    r"^(?P<base>.+) (?:administration|troubleshooting|programming|development|maintenance"
    r"|configuration|support|operation)$",
    re.IGNORECASE,
)


def _practice_of(cand: BlindCandidate, skill: str) -> str | None:
    """Evidence that the candidate works hands-on with what a practice is done on ('Linux'
    used in dated work for 'Linux administration', 'PLC' for 'PLC troubleshooting'): met at
    a lower credit, as a listed skill is; None when there is no such work."""
    m = _PRACTICE.match(skill)
    base = cand.skills.get(m["base"]) if m else None
    if base is None or base.months_used <= 0:
        return None
    months = base.months_used
    return f"{base.name} used in dated work ({months} months), not {skill} as such: {base.evidence}"


def _skill(skill: str, kind: str, must: bool, cand: BlindCandidate, weights: Weights) -> Evidence:
    credit, status, text = skill_credit(cand, skill, weights)
    rule = {
        "met": "used in dated work" if "dated work" not in text else "stated",
        "partial": "listed without dated work: met, at lower credit",
        "missing": "named nowhere in the resume",
    }[status]
    practice = _practice_of(cand, skill) if status == "missing" else None
    if practice is not None:
        credit, status, text = weights.listed_skill_credit, "partial", practice
        rule = "what the practice is done on used in dated work: met, at lower credit"
    return Evidence(skill, kind, status, text, must=must, rule=rule, credit=credit)


def candidate_families(cand: BlindCandidate) -> list[str]:
    """The role families the candidate's work shows: current title first."""
    out = list(cand.role_families)
    for job in cand.jobs:
        if job.role_family and job.role_family not in out:
            out.append(job.role_family)
    return out


def _role(jd: JDProfile, cand: BlindCandidate, weights: Weights, tx: Taxonomy) -> Evidence:
    title = jd.title or "role"
    families = candidate_families(cand)
    words = _title_overlap(jd.title, [cand.current_title, *[j.title for j in cand.jobs[:3]]])
    worked_in = ", ".join(families) or "no known family"
    shown = f"current title: {cand.current_title or 'none'}; work in {worked_in}"
    if jd.role_family is None:
        return Evidence(
            title, "role", "not_stated", shown, rule="the JD names no role family", credit=1.0
        )
    same = jd.role_family in families
    near = (
        jd.role_family if same else next((f for f in families if tx.near(jd.role_family, f)), None)
    )
    if near:
        rule = (
            f"work in the JD's family ({near})"
            if same
            else f"work in an adjacent family ({near} next to {jd.role_family})"
        )
        credit = 1.0 if same else weights.adjacent_family_credit
        return Evidence(title, "role", "met", shown, must=True, rule=rule, credit=credit)
    return Evidence(
        title,
        "role",
        "missing",
        shown,
        must=True,
        rule=f"no work in {jd.role_family} or a family next to it",
        credit=0.25 * words,
    )


def _title_overlap(jd_title: str, titles: list[str]) -> float:
    want = {w for w in _WORD.findall(jd_title.lower()) if w not in _TITLE_STOP}
    best = 0.0
    for title in titles:
        have = {w for w in _WORD.findall((title or "").lower()) if w not in _TITLE_STOP}
        if want and have:
            best = max(best, len(want & have) / len(want))
    return best


def title_similarity(jd: JDProfile, cand: BlindCandidate) -> float:
    """Share of the JD title's words in the candidate's recent titles (0..1)."""
    return _title_overlap(jd.title, [cand.current_title, *[j.title for j in cand.jobs[:3]]])


def _relevant(job: BlindJob, jd: JDProfile, cand: BlindCandidate, tx: Taxonomy) -> bool:
    """A job counts toward the JD's years when it is in the JD's family or an adjacent one
    (the family rule), or uses its required skills (two, or one when the JD names one or
    two); a job with no known family takes the candidate's own."""
    if jd.role_family is None:
        return True
    family = job.role_family or (
        cand.role_families[0] if cand.role_families and len(cand.jobs) == 1 else None
    )
    if family and tx.near(jd.role_family, family):
        return True
    wanted = set(jd.required_skills) | {s for g in jd.alternatives for s in g}
    wanted = wanted or set(jd.preferred_skills)
    used = len(wanted & set(job.skills))
    return used >= (1 if len(wanted) <= 2 else 2)


def relevant_years(cand: BlindCandidate, jd: JDProfile, tx: Taxonomy | None = None) -> float:
    """Years in the work the JD's minimum is about: jobs naming its field ('6 years of
    mechanical design'), when any does; otherwise jobs of the JD's role family (or one next
    to it), or using its skills. Overlaps merged; every year when the JD names no family."""
    tx = tx or load_taxonomy()
    if not cand.jobs and jd.role_family is None:
        return cand.total_years
    if jd.years_field:
        field = [job for job in cand.jobs if _in_field(job, jd.years_field, jd, cand, tx)]
        if field:
            return _years_of(field)
    return _years_of([job for job in cand.jobs if _relevant(job, jd, cand, tx)])


def _in_field(
    job: BlindJob, field: list[str], jd: JDProfile, cand: BlindCandidate, tx: Taxonomy
) -> bool:
    """The job uses one of the field's skills (or one that implies it), its title names one,
    or, in the JD's family, its title shares a word with one ('Design Engineer' for
    'mechanical design', 'Content Marketing Lead' for 'digital marketing')."""
    named = {hit.name for hit in tx.find(job.title)} | set(tx.title_skills(job.title))
    used = set(job.skills) | named
    used |= {parent for skill in used for parent in tx.implies.get(skill, ())}
    if set(field) & used:
        return True
    family = job.role_family or (cand.role_families[0] if cand.role_families else None)
    if not (jd.role_family and family and tx.near(jd.role_family, family)):
        return False
    words = {w for name in field for w in _words(name)} - _GENERIC_FIELD_WORDS
    return bool(words & _words(job.title))


_GENERIC_FIELD_WORDS = {
    "management", "manager", "and", "of", "the", "skills", "operations", "services",
    "systems", "support", "development", "engineering", "engineer", "senior", "lead",
}  # fmt: skip


def _words(text: str) -> set[str]:
    """Words with '-er', '-ing', '-ment', '-ant', '-s' taken off: 'marketer' meets 'marketing',
    'accountant' meets 'accounting'."""
    return {_STEM.sub("", w) or w for w in re.findall(r"[a-z0-9+#]+", text.lower())}


_STEM = re.compile(r"(?<=\w{4})(?:ers|er|ing|ments|ment|ants|ant|ancy|s)$")


def _years_of(jobs: list[BlindJob]) -> float:
    year, month = last_month_worked(date.today())
    now = f"{year:04d}-{month:02d}"
    ranges = [(_ym(job.start), _ym(job.end or now)) for job in jobs if job.start]
    undated = sum(job.months for job in jobs if not job.start)  # only a length written
    return (merged_months(ranges) + undated) / 12


def _ym(text: str) -> tuple[int, int]:
    year, month = text.split("-")
    return int(year), int(month)


def _experience(jd: JDProfile, cand: BlindCandidate, years: float) -> Evidence:
    shown = f"{years:.1f} years in relevant roles ({cand.total_years:.1f} in total)"
    if jd.min_years is None:
        return Evidence(
            "years of experience",
            "experience",
            "not_stated",
            shown,
            rule="the JD states no minimum",
            credit=1.0,
        )
    need = jd.min_years
    credit = min(1.0, years / need) if need > 0 else 1.0
    status = "met" if years >= need else "partial" if years > 0 else "missing"
    return Evidence(
        f"{need:g}+ years of experience",
        "experience",
        status,
        shown,
        must=True,
        rule=f"{years:.1f} relevant years against {need:g}",
        credit=credit,
    )


def _education(jd: JDProfile, cand: BlindCandidate) -> Evidence:
    shown = f"highest degree: {cand.highest_degree or 'none listed'}"
    if jd.education_level is None:
        return Evidence(
            "education", "education", "not_stated", shown, rule="the JD names no degree", credit=1.0
        )
    gap = rank(cand.highest_degree) - rank(jd.education_level)
    must = bool(jd.education_required)
    status = "met" if gap >= 0 else "partial" if gap == -1 else "missing"
    credit = 1.0 if gap >= 0 else 0.5 if gap == -1 else 0.0
    if not must:
        credit = max(credit, 0.5)
    return Evidence(
        f"{jd.education_level} degree",
        "education",
        status,
        shown,
        must=must,
        rule=("required" if must else "preferred, or equivalent experience"),
        credit=credit,
    )


def _other(phrase: str, kind: str, required: bool, cand: BlindCandidate, tx: Taxonomy) -> Evidence:
    """A licence, registration or other phrase the taxonomy holds no skill for."""
    named = [h.name for h in tx.find(phrase, listed=True)]
    held = next((n for n in named if cand.has(n)), None)
    kind_name = "credential" if kind == "credential" else "other_requirement"
    must = required and kind == "credential"
    if held:
        return Evidence(
            phrase,
            kind_name,
            "met",
            f"{held} (stated in the resume)",
            must=must,
            rule="a credential the resume names",
            credit=1.0,
        )
    if any(n in tx.credentials for n in named):
        # The phrase names known credentials: the reader decided which the resume holds
        # ('I plan to register with CIMA' holds none).
        return Evidence(
            phrase,
            kind_name,
            "missing",
            "not held according to the resume",
            must=must,
            rule=f"none of {', '.join(named)} held",
            credit=0.0,
        )
    place = _PLACE_REQUIREMENT.search(phrase)
    if place:
        return _place_requirement(phrase, place.group(1), kind_name, must, cand)
    found = match_phrase(phrase, cand.lines)
    return Evidence(
        phrase,
        kind_name,
        "met" if found.met else "missing",
        found.evidence or "not found in the resume",
        must=must,
        rule=found.rule,
        credit=1.0 if found.met else 0.0,
    )


_PLACE_REQUIREMENT = re.compile(
    r"\b(?:located|based|live|living|reside|resident|authori[sz]ed to work|eligible to work|"
    r"right to work|permission to work|work permit)\b[^.;]{0,40}?\bin\s+(?:the\s+)?"
    r"([A-Z][\w.]*(?:\s[A-Z][\w.]*){0,3})",
)


def _place_requirement(
    phrase: str, where: str, kind: str, must: bool, cand: BlindCandidate
) -> Evidence:
    """'You must be located in and authorised to work in the United States': judged by the
    candidate's place (unknown is not missing: the resume may just not say)."""
    want = country_of(where) or where.lower()
    have = country_of(cand.location)
    if have is None:
        return Evidence(
            phrase,
            kind,
            "partial",
            cand.location or "the resume states no location",
            must=False,
            rule="the resume's place cannot be told",
            credit=0.6,
        )
    met = have == want
    return Evidence(
        phrase,
        kind,
        "met" if met else "missing",
        f"based in {cand.location}",
        must=must,
        rule=f"based in {have}, the role asks for {want}",
        credit=1.0 if met else 0.0,
    )


def _location(jd: JDProfile, cand: BlindCandidate) -> Evidence:
    if not jd.location_required or not jd.location:
        why = "the role is remote" if jd.remote else "the JD makes no location a requirement"
        return Evidence(
            jd.location or "location",
            "location",
            "not_stated",
            cand.location or "no location stated",
            rule=why,
            credit=1.0,
        )
    if not cand.location:
        return Evidence(
            jd.location,
            "location",
            "partial",
            "the resume states no location",
            rule="unknown location",
            credit=0.6,
        )
    a = place_parts(cand.location)
    b = place_parts(jd.location)
    if a[0] & b[0]:
        return Evidence(
            jd.location,
            "location",
            "met",
            f"based in {cand.location}",
            rule="same city",
            credit=1.0,
        )
    if a[1] & b[1] or (not b[0] and a[1] & b[1]):
        return Evidence(
            jd.location,
            "location",
            "partial",
            f"based in {cand.location}",
            rule="same region or country",
            credit=0.7,
        )
    return Evidence(
        jd.location,
        "location",
        "missing",
        f"based in {cand.location}",
        rule=f"elsewhere than {jd.location}",
        credit=0.3,
    )
