"""The scoring weights: explicit, configurable (settings), and versioned in every result."""

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
    "stability",
)


@dataclass(frozen=True)
class Weights:
    """Relative weight of each score component (renormalised over the components the JD
    states), and how much a skill that is only listed, never used in dated work, counts."""

    required_skills: float = 0.40
    preferred_skills: float = 0.10
    experience: float = 0.20
    education: float = 0.07
    title: float = 0.15
    location: float = 0.08
    stability: float = 0.0
    listed_skill_credit: float = 0.3

    @classmethod
    def from_settings(cls, settings: Settings) -> Weights:
        """The weights configured by `COMPARATOR_WEIGHT_*` settings."""
        return cls(
            required_skills=settings.comparator_weight_required_skills,
            preferred_skills=settings.comparator_weight_preferred_skills,
            experience=settings.comparator_weight_experience,
            education=settings.comparator_weight_education,
            title=settings.comparator_weight_title,
            location=settings.comparator_weight_location,
            stability=settings.comparator_weight_stability,
            listed_skill_credit=settings.comparator_listed_skill_credit,
        )

    @property
    def version(self) -> str:
        """A short digest of the values: two results with the same version used the same
        weights."""
        blob = json.dumps(asdict(self), sort_keys=True).encode()
        return "w-" + hashlib.sha256(blob).hexdigest()[:10]

    def as_dict(self) -> dict[str, float | str]:
        """The weights and their version, as stored in each result."""
        return {**asdict(self), "weights_version": self.version}
