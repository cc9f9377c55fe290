"""Split a document into sections by their headings, however people spell them."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

RESUME_HEADINGS: dict[str, tuple[str, ...]] = {
    "summary": (
        "summary",
        "profile",
        "about me",
        "about",
        "professional summary",
        "objective",
        "career objective",
        "career summary",
        "personal statement",
        "overview",
    ),
    "experience": (
        "experience",
        "work experience",
        "work history",
        "professional experience",
        "employment",
        "employment history",
        "career history",
        "relevant experience",
        "professional background",
        "positions held",
        "berufserfahrung",
    ),
    "skills": (
        "skills",
        "technical skills",
        "core competencies",
        "key skills",
        "competencies",
        "skills & tools",
        "skills and tools",
        "tools",
        "technologies",
        "expertise",
        "areas of expertise",
        "tech stack",
        "skills summary",
        "keywords",
    ),
    "education": (
        "education",
        "academic background",
        "education & training",
        "education and training",
        "qualifications",
        "academic qualifications",
        "ausbildung",
    ),
    "certifications": (
        "certifications",
        "certificates",
        "licenses & certifications",
        "licenses and certifications",
        "licences",
        "licenses",
        "certification",
    ),
    "projects": ("projects", "selected projects", "personal projects"),
    "other": (
        "interests",
        "hobbies",
        "other",
        "personal",
        "languages",
        "references",
        "volunteering",
        "awards",
        "publications",
        "additional information",
    ),
}
JD_HEADINGS: dict[str, tuple[str, ...]] = {
    "required": (
        "requirements",
        "must have",
        "must-have",
        "must haves",
        "what you need",
        "required qualifications",
        "required skills",
        "qualifications",
        "what we're looking for",
        "what we are looking for",
        "you have",
        "minimum qualifications",
        "basic qualifications",
        "who you are",
        "skills & experience",
        "skills and experience",
        "requirements & skills",
    ),
    "preferred": (
        "nice to have",
        "nice-to-have",
        "preferred qualifications",
        "preferred",
        "bonus points",
        "bonus",
        "pluses",
        "desirable",
        "good to have",
        "preferred skills",
        "nice to haves",
        "extra credit",
    ),
    "duties": (
        "responsibilities",
        "what you'll do",
        "what you will do",
        "the role",
        "key responsibilities",
        "duties",
        "your role",
        "about the role",
        "role",
    ),
    "about": (
        "about us",
        "about the company",
        "who we are",
        "benefits",
        "we offer",
        "what we offer",
        "perks",
        "compensation",
    ),
}


@dataclass
class Section:
    """A heading's key (or `header` for text before the first heading) and its lines."""

    key: str
    heading: str
    lines: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        """The section's lines joined by newlines."""
        return "\n".join(self.lines)


def _norm(line: str) -> str:
    text = line.strip().strip(":").strip().lower()
    text = re.sub(r"^[#*\-•=_\s]+|[#*\-•=_\s]+$", "", text)
    return re.sub(r"\s+", " ", text)


def heading_key(line: str, vocabulary: dict[str, tuple[str, ...]]) -> str | None:
    """The section key a line names when the line is a heading, else None."""
    if len(line) > 60 or not line.strip():
        return None
    norm = _norm(line)
    for key, names in vocabulary.items():
        if norm in names:
            return key
    return None


def split_sections(text: str, vocabulary: dict[str, tuple[str, ...]]) -> list[Section]:
    """Sections in document order; text before any heading is the `header` section."""
    sections = [Section("header", "")]
    for raw in text.splitlines():
        line = raw.strip()
        key = heading_key(line, vocabulary)
        if key is not None:
            sections.append(Section(key, line))
        elif line:
            sections[-1].lines.append(line)
    return sections
