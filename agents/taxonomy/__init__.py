"""The skills taxonomy (data in `skills.yaml`) and the matcher that finds skills in text."""

from agents.taxonomy.matcher import SkillHit, Taxonomy, load_taxonomy

__all__ = ["SkillHit", "Taxonomy", "load_taxonomy"]
