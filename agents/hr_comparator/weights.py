"""The scoring weights and the fit rules: explicit, configurable (settings), versioned.

Weights order candidates (the 0-100 score); the fit rules decide the category from the
must-haves. Both are stored with every result under one `weights_version`.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass

from common.settings import Settings

COMPONENTS = (
    "required_skills",
    "preferred_skills",
    "experience",
    "education",
    "title",
    "location",
    "credentials",
    "depth",
    "stability",
)


@dataclass(frozen=True)
class Weights:
    """Relative weight of each score component, how much a skill that is only listed (never
    used in dated work) counts, and the fit rules (see `fit.py`).

    A component the JD does not state takes its neutral value (`NEUTRAL` in `score.py`), so
    the weights always add up the same way and one resume's scores against two JDs sit on
    one scale."""

    required_skills: float = 0.34
    preferred_skills: float = 0.08
    experience: float = 0.14
    education: float = 0.05
    title: float = 0.22
    location: float = 0.04
    credentials: float = 0.05
    depth: float = 0.08
    stability: float = 0.0
    listed_skill_credit: float = 0.7
    # Fit rules.
    years_shortfall_tolerance: float = 1.0
    adjacent_family_credit: float = 0.7

    @classmethod
    def from_settings(cls, settings: Settings) -> Weights:
        """The weights configured by `COMPARATOR_WEIGHT_*` and `FIT_*` settings."""
        return cls(
            required_skills=settings.comparator_weight_required_skills,
            preferred_skills=settings.comparator_weight_preferred_skills,
            experience=settings.comparator_weight_experience,
            education=settings.comparator_weight_education,
            title=settings.comparator_weight_title,
            location=settings.comparator_weight_location,
            credentials=settings.comparator_weight_credentials,
            depth=settings.comparator_weight_depth,
            stability=settings.comparator_weight_stability,
            listed_skill_credit=settings.comparator_listed_skill_credit,
            years_shortfall_tolerance=settings.fit_years_shortfall_tolerance,
            adjacent_family_credit=settings.fit_adjacent_family_credit,
        )

    @property
    def version(self) -> str:
        """A short digest of the values: two results with the same version used the same
        weights and rules."""
        blob = json.dumps(asdict(self), sort_keys=True).encode()
        return "w-" + hashlib.sha256(blob).hexdigest()[:10]

    def as_dict(self) -> dict[str, float | str]:
        """The weights and their version, as stored in each result."""
        return {**asdict(self), "weights_version": self.version}
