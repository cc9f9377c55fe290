"""Find canonical skills and role families in free text, respecting word boundaries.

A term matches only where it stands alone: not inside a longer word ("Java" in "JavaScript"),
not glued to `+`/`#` ("C" in "C++"), not before a dotted suffix ("Node" in "Node.js"), not after
a dot ("C" in "D.C."). Terms are tried longest first at each position, so "React Native" wins over
"React" and "SAP FICO" over "SAP".
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

DATA_FILE = Path(__file__).with_name("skills.yaml")

# Left: not after a letter/digit, nor after a dot that follows a word ("D.C.", "ASP.NET").
_LEFT = r"(?<![\w])(?<!\w\.)"
# Right: not before a letter/digit, `+`, `#`, or a dot that starts a suffix ("Node.js").
_RIGHT = r"(?![\w+#])(?!\.\w)"


@dataclass(frozen=True)
class SkillHit:
    """One occurrence of a canonical skill in a text (`start`/`end` are character offsets)."""

    name: str
    family: str
    start: int
    end: int


def _term_pattern(term: str) -> str:
    # Any run of spaces, hyphens or line breaks between words matches any other such run:
    # "scikit learn" = "scikit-learn", and a term broken across lines still counts.
    words = re.split(r"[\s\-]+", term.strip())
    return r"[\s\-]+".join(re.escape(w) for w in words if w)


class Taxonomy:
    """Skills (canonical name → family, aliases) and role-family title phrases."""

    def __init__(self, data: dict) -> None:
        self.version = f"{data['version']}-{_digest(data)}"
        self.family_of: dict[str, str] = {}
        self.titles: dict[str, list[str]] = {}
        self.aliases: dict[str, list[str]] = {}
        folded: dict[str, str] = {}
        exact: dict[str, str] = {}
        for family, spec in data["families"].items():
            self.titles[family] = [t.lower() for t in spec.get("titles", [])]
            for line in spec["skills"]:
                terms = [t.strip() for t in str(line).split("|") if t.strip()]
                name = terms[0].lstrip("=")
                if name in self.family_of:
                    raise ValueError(f"skill {name!r} listed twice in the taxonomy")
                self.family_of[name] = family
                self.aliases[name] = [t for t in terms[1:] if not t.startswith("=")]
                for term in terms:
                    if term.startswith("="):
                        exact[term[1:]] = name
                    else:
                        folded.setdefault(term.lower(), name)
        self._folded = folded
        self._exact = exact
        self._folded_re = _alternation(folded.keys(), re.IGNORECASE)
        self._exact_re = _alternation(exact.keys(), 0)
        self._by_lower = {name.lower(): name for name in self.family_of}

    @property
    def skill_count(self) -> int:
        """How many canonical skills the taxonomy holds."""
        return len(self.family_of)

    def canonical(self, name: str) -> str | None:
        """The canonical spelling of a skill name or alias, or None when unknown."""
        lowered = name.strip().lower()
        if lowered in self._by_lower:
            return self._by_lower[lowered]
        return self._folded.get(lowered) or self._exact.get(name.strip())

    def find(self, text: str) -> list[SkillHit]:
        """Every skill occurrence in `text`, in text order (overlaps resolved longest-first)."""
        hits: list[SkillHit] = []
        for match in self._folded_re.finditer(text):
            key = re.sub(r"[\s\-]+", " ", match.group(0).lower())
            name = self._folded.get(key) or self._folded_lookup(key)
            if name:
                hits.append(SkillHit(name, self.family_of[name], match.start(), match.end()))
        if self._exact:
            for match in self._exact_re.finditer(text):
                name = self._exact[re.sub(r"[\s\-]+", " ", match.group(0))]
                hits.append(SkillHit(name, self.family_of[name], match.start(), match.end()))
        return _drop_overlaps(hits)

    def names(self, text: str) -> list[str]:
        """The distinct canonical skills in `text`, in order of first appearance."""
        return list(dict.fromkeys(hit.name for hit in self.find(text)))

    def role_family(self, title: str, skills: list[str] | None = None) -> str | None:
        """The role family a job title names; failing that, the family most skills belong to."""
        lowered = f" {title.lower()} "
        best: tuple[int, str] | None = None
        for family, phrases in self.titles.items():
            for phrase in phrases:
                if re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", lowered) and (
                    best is None or len(phrase) > best[0]
                ):
                    best = (len(phrase), family)
        if best:
            return best[1]
        counts: dict[str, int] = {}
        for skill in skills or []:
            family = self.family_of.get(skill)
            if family:
                counts[family] = counts.get(family, 0) + 1
        return max(counts, key=lambda f: counts[f]) if counts else None

    def _folded_lookup(self, key: str) -> str | None:
        # Hyphenated spellings ("scikit-learn") are stored with their hyphen.
        for term, name in self._folded.items():
            if re.sub(r"[\s\-]+", " ", term) == key:
                return name
        return None


def _alternation(terms: object, flags: int) -> re.Pattern[str]:
    ordered = sorted(set(terms), key=lambda t: (-len(t), t))  # type: ignore[arg-type]
    body = "|".join(_term_pattern(t) for t in ordered) or r"(?!x)x"
    return re.compile(f"{_LEFT}(?:{body}){_RIGHT}", flags)


def _drop_overlaps(hits: list[SkillHit]) -> list[SkillHit]:
    hits.sort(key=lambda h: (h.start, -(h.end - h.start)))
    kept: list[SkillHit] = []
    last_end = -1
    for hit in hits:
        if hit.start >= last_end:
            kept.append(hit)
            last_end = hit.end
    return kept


def _digest(data: dict) -> str:
    return hashlib.sha256(repr(data).encode()).hexdigest()[:8]


@lru_cache(maxsize=1)
def load_taxonomy(path: str | None = None) -> Taxonomy:
    """The taxonomy from `skills.yaml` (parsed once per process)."""
    source = Path(path) if path else DATA_FILE
    return Taxonomy(yaml.safe_load(source.read_text(encoding="utf-8")))
