"""The fit category, decided by the must-haves a candidate meets — a structured scorecard.

- `Best Fit`: every must-have met (work in the JD's role family or an adjacent one, every
  required skill, relevant years >= the minimum, a mandatory degree or licence).
- `Partial Fit`: exactly one must-have missed, or only a small shortfall in years
  (`FIT_YEARS_SHORTFALL_TOLERANCE`); a candidate whose work is in an unrelated family is a
  Partial Fit only if that is the one thing missed (a career changer with every skill).
- `Not Fit`: anything more.

The rule that decided is returned in words, for the explanation.
"""

from __future__ import annotations

from agents.hr_comparator.requirements import Evidence
from agents.hr_comparator.weights import Weights

BEST, PARTIAL, NOT = "Best Fit", "Partial Fit", "Not Fit"


def decide(evidence: list[Evidence], weights: Weights) -> tuple[str, str, list[str]]:
    """(category, the rule that decided it, the must-haves missed)."""
    musts = [e for e in evidence if e.must]
    missed: list[str] = []
    short = False
    skills = [e for e in musts if e.kind == "required_skill"]
    # A skill only listed is met when dated work shows at least one required skill, or the
    # work is in the JD's own family; a resume that lists every required skill, uses none
    # and works elsewhere is keyword stuffing.
    own_family = any(e.kind == "role" and e.credit >= 1.0 for e in musts)
    unproven = bool(skills) and not own_family and not any(e.status == "met" for e in skills)
    for e in musts:
        if unproven and e.kind == "required_skill" and e.status == "partial":
            missed.append(f"{e.requirement} (listed, never used in dated work)")
            continue
        if e.kind == "experience" and e.status != "met":
            gap = _years_gap(e)
            if gap is not None and gap <= weights.years_shortfall_tolerance:
                short = True
                continue
        below = e.kind in ("experience", "education") and e.status != "met"
        if e.status == "missing" or below:
            missed.append(_label(e))
    met = len(musts) - len(missed) - short
    if not missed and not short:
        return BEST, f"every must-have met ({met} of {len(musts)})", missed
    if not missed and short:
        return PARTIAL, "every must-have met but the years, short by a little", missed
    if len(missed) == 1:
        return PARTIAL, f"one must-have missed: {missed[0]}", missed
    return NOT, f"{len(missed)} must-haves missed: {', '.join(missed[:5])}", missed


def _years_gap(e: Evidence) -> float | None:
    """How many years short an experience requirement is ('5+ years', '3.2 years in ...')."""
    try:
        need = float(e.requirement.split("+")[0])
        have = float(e.evidence.split(" ")[0])
    except ValueError:
        return None
    return need - have


def _label(e: Evidence) -> str:
    if e.kind == "role":
        return f"work in the role's family ({e.rule.split('in ')[-1].split(' or')[0]})"
    if e.kind == "experience":
        return e.requirement
    return e.requirement
