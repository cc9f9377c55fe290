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


def _plain_alternation(terms, flags):
    """The reference: every term as its own branch, longest first (what the factored
    pattern replaces)."""
    import re

    from agents.taxonomy import matcher

    def term(text):
        words = [w for w in re.split(r"[\s\-]+", text.strip()) if w]
        parts = [r"(?:and|&)" if w.lower() in ("and", "&") else re.escape(w) for w in words]
        return r"[\s\-]{1,4}".join(parts)

    body = "|".join(term(t) for t in sorted(set(terms), key=lambda t: (-len(t), t)))
    plural = (
        r"(?P<plural>(?<=[a-z])(?:e?s)(?=\W|$))?" if flags & re.IGNORECASE else "(?P<plural>(?!))?"
    )
    return re.compile(f"{matcher._LEFT}(?:{body}){plural}{matcher._VERSION}{matcher._RIGHT}", flags)


def test_the_factored_pattern_finds_what_a_plain_alternation_finds():
    # Every alias, in upper and lower case, glued by the separators people write, then the
    # golden JDs: the character trie must find exactly the same terms at the same places.
    import random
    import re

    from samples.golden import load_golden

    tx = load_taxonomy()
    aliases = [*tx._folded, *tx._exact]
    rng = random.Random(3)
    seps = [" ", ", ", " and ", "/", " - ", "\n", "s ", "3 ", ". "]
    glued = "".join(a.upper() if rng.random() < 0.2 else a + rng.choice(seps) for a in aliases)
    texts = [glued, *(jd.text for jd in load_golden().jds)]
    factored = {
        k: [(m.start(), m.end(), m.group(0)) for t in texts for m in p.finditer(t)]
        for k, p in (("folded", tx._folded_re), ("exact", tx._exact_re))
    }
    plain = {
        k: [(m.start(), m.end(), m.group(0)) for t in texts for m in p.finditer(t)]
        for k, p in (
            ("folded", _plain_alternation(tx._folded, re.IGNORECASE)),
            ("exact", _plain_alternation(tx._exact, 0)),
        )
    }
    assert factored == plain
    assert len(factored["folded"]) > len(aliases) // 2


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # one head written once for two terms
        (
            "Manual and exploratory testing of each release",
            {"Manual testing", "Exploratory testing"},
        ),
        ("wrote unit and integration tests", {"Unit testing", "Integration testing"}),
        # one first word written once
        (
            "Microsoft Outlook / Word / Teams",
            {"Microsoft Outlook", "Microsoft Word", "Microsoft Teams"},
        ),
        # the verb and the noun of an activity
        ("Recruited and interviewed 40 store staff", {"Recruiting", "Interviewing"}),
        ("made 60 cold calls a day", {"Cold calling"}),
    ],
)
def test_terms_people_shorten_or_inflect_are_found(text, expected):
    assert expected <= set(load_taxonomy().names(text))


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        ("detailed weekly reports for the board", "Detailing"),  # a past tense of another sense
        ("regression, hypothesis tests", "Regression testing"),  # a comma is not a shared head
        ("denial rates and days in A/R, reported with Python", "R"),  # half of an abbreviation
        ("A levels: Biology (B), Psychology (B), Sociology (C)", "C"),  # a grade
        # an adjacent family's skill far away does not vouch for a common word
        (
            "weekly forecasting with the hotel general manager, the sous chef and the Head Chef",
            "Chef",
        ),
    ],
)
def test_shortened_forms_do_not_invent_skills(text, absent):
    assert absent not in load_taxonomy().names(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("drafted the settlement agreement", "Settlement agreements"),  # a plural term, singular
        ("accruals, prepayments, stock and WIP valuation", "Stock valuation"),  # shared head
        ("margin analysis by customer and SKU", "Margin analysis"),  # 'by customer' is no domain
        ("Go-based services on Kubernetes", "Go"),  # a participle glued to a term
    ],
)
def test_more_written_forms_of_a_term(text, expected):
    assert expected in load_taxonomy().names(text)


def test_a_hyphenated_word_still_hides_an_ambiguous_term():
    assert "Go" not in load_taxonomy().names("a Go-getter attitude with Python")


def test_no_alias_shadows_another_skill():
    tx = load_taxonomy()
    shadowed = {
        name: tx.names(name, listed=True)
        for name in tx.family_of
        if name not in tx.names(name, listed=True)
    }
    assert not shadowed


def test_two_terms_that_share_a_word_are_both_found():
    names = load_taxonomy().names("Developing and reviewing person-centred care plans")
    assert {"Person-centred care", "Care planning"} <= set(names)
    assert load_taxonomy().names("React Native apps") == ["React Native"]  # nested: one
