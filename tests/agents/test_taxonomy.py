"""The skills taxonomy: size, families, and word-boundary matching."""

import pytest

from agents.taxonomy import load_taxonomy
from samples.families import FAMILIES, FILLER

pytestmark = pytest.mark.unit


def test_taxonomy_is_big_enough_and_spans_families():
    tx = load_taxonomy()
    assert tx.skill_count >= 500
    assert len(set(tx.family_of.values())) >= 10


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("JavaScript and TypeScript", ["JavaScript", "TypeScript"]),
        ("C++, C# and .NET", ["C++", "C#", ".NET"]),
        ("k8s on Postgres", ["Kubernetes", "PostgreSQL", "SQL"]),  # PostgreSQL implies SQL
        ("ML with React.js", ["Machine learning", "React"]),
        ("Node.js backend", ["Node.js"]),
        ("statistics in R", ["Statistics", "R"]),
    ],
)
def test_aliases_resolve_to_canonical_names(text, expected):
    assert load_taxonomy().names(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Washington, D.C. office",
        "Research and development",
        "let us go home",
        "rust proofing",
        "I excel at teamwork",
        "5 ml doses",
        "at the helm",
    ],
)
def test_no_skill_hides_in_ordinary_words(text):
    assert load_taxonomy().names(text) == []


def test_java_is_not_found_inside_javascript():
    assert "Java" not in load_taxonomy().names("Senior JavaScript developer")


def test_generator_families_use_only_taxonomy_skills_and_skill_free_filler():
    tx = load_taxonomy()
    for fam in FAMILIES.values():
        assert all(s in tx.family_of for s in fam.core + fam.extra), fam.key
        assert all(not tx.names(t) for t in fam.titles + fam.seniors + fam.duties), fam.key
    assert all(not tx.names(line) for line in FILLER)
