"""Find canonical skills and role families in free text, respecting word boundaries.

A term matches only where it stands alone: not inside a longer word ("Java" in "JavaScript"),
not glued to `+`/`#` ("C" in "C++"), not before a dotted suffix ("Node" in "Node.js"), not after
a dot ("C" in "D.C."). A version glued to a term does not hide it: "Python3", "C++17", "ES6+",
"Java8", ".NET6", "Vue3". Terms are tried longest first at each position, so "React Native" wins
over "React" and "SAP FICO" over "SAP".

Three rules keep ordinary words from becoming skills:
- **Case.** A term written `=Term` in the data, and every all-capitals term of up to five
  letters ("IPS", "SOC", "ATS"), matches only in that exact case: "IPs" is not IPS, "safe" is
  not SAFe.
- **Context.** A term written `~Term`, and every term of one or two characters ("R", "C", "Go"),
  is ambiguous: it counts only when another skill of its own or an adjacent family stands within
  a couple of lines of it, or the caller says the text is a skills list. "Swift response times"
  is not Swift; "Swift, Kotlin and Java" is.
- **Shape.** An ambiguous term glued to a hyphenated word ("R-Style", "Go-getter", "C-level") or
  followed by a year ("Spring 2020") is not a skill.
"""

# ruff: noqa: RUF001
# (en dashes, curly quotes and look-alikes are data here)

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

DATA_FILE = Path(__file__).with_name("skills.yaml")
_CONTINUED = re.compile(r"\s-\s+\S")  # "A | B - C": an indented line folded into this one

# Left: not after a letter/digit, nor after a dot that follows a word ("D.C.", "ASP.NET").
_LEFT = r"(?<![\w])(?<!\w\.)"
# A version glued to the term ("Python3", "C++17", "ES6+", "Angular 2+"), then the right
# boundary: not before a letter/digit, `+`, `#`, or a dot that starts a suffix ("Node.js").
_VERSION = r"(?P<ver>\d{1,4}(?:\.\d{1,3}){0,2}\+?|\+)?"
_RIGHT = r"(?![\w+#])(?!\.\w)"
# How far (characters) another skill may stand from an ambiguous term and still vouch for it.
CONTEXT_WINDOW = 160
# A skill of an adjacent family (not the term's own) must stand closer: "Python and R" vouches
# for R, "weekly forecasting with the hotel GM and the Head Chef" does not vouch for Chef.
ADJACENT_WINDOW = 40
# A new bullet or a blank line ends an item: a skill in another item does not vouch for an
# ambiguous term that opens its own ("Swift response matters…" under a bullet about .NET).
_ITEM_BREAK = re.compile(r"\n\s*(?:\n|[•*▪◦●‣∙·-]\s)")
_ITEM_OPENING = re.compile(r"(?:^|\n)[\s•*▪◦●‣∙·-]*$")
_YEAR_AFTER = re.compile(r"[ ,]{1,3}(?:19|20)\d{2}\b")


@dataclass(frozen=True)
class SkillHit:
    """One occurrence of a canonical skill in a text (`start`/`end` are character offsets);
    `term` is the text that matched and `rule` how it was accepted."""

    name: str
    family: str
    start: int
    end: int
    term: str = ""
    rule: str = "alias"

    @property
    def implied(self) -> bool:
        """Not written: a parent the skill written here implies ('SQL' for 'MySQL')."""
        return self.rule.startswith(IMPLIED)


IMPLIED = "implied by"


@dataclass(frozen=True)
class _Term:
    name: str
    exact: bool
    ambiguous: bool


_AND = "\x00"  # the word 'and' or '&'
_SEP = "\x01"  # any run of spaces, hyphens or line breaks between words
_END = ""


def _trie_pattern(terms: object, fold: bool) -> str:
    """One pattern for every term, factored character by character ('machine learning' and
    'machine vision' share 'machine '): the engine follows one branch per character instead
    of trying thousands of terms at each position. A longer continuation is tried before a
    term ends, so the longest term wins, as in a plain alternation sorted by length."""
    trie: dict[str, dict] = {}
    for term in terms:  # type: ignore[attr-defined]
        node = trie
        for token in _tokens(term, fold):
            node = node.setdefault(token, {})
        node[_END] = {}
    return _branches(trie)


def _tokens(term: str, fold: bool) -> list[str]:
    out: list[str] = []
    for word in (w for w in re.split(r"[\s\-]+", term.strip()) if w):
        if out:
            out.append(_SEP)
        if word.lower() in ("and", "&"):
            out.append(_AND)
        else:
            out += list(word.lower() if fold else word)
    return out


def _branches(node: dict[str, dict]) -> str:
    parts = []
    for token in sorted(k for k in node if k != _END):
        text, child = _atom(token), node[token]
        while len(child) == 1 and _END not in child:  # a chain of single characters
            ((token, child),) = child.items()
            text += _atom(token)
        rest = _branches(child)
        if rest:
            text += f"(?:{rest})?" if _END in child else f"(?:{rest})"
        parts.append(text)
    return "|".join(parts)


def _atom(token: str) -> str:
    # Any run of spaces, hyphens or line breaks between words matches any other such run
    # ("scikit learn" = "scikit-learn", a term broken across lines still counts); the run is
    # bounded so that a long run of spaces costs bounded work per start.
    if token == _SEP:
        return r"[\s\-]{1,4}"
    if token == _AND:
        return r"(?:and|&)"
    return re.escape(token)


def _key(text: str) -> str:
    return re.sub(r"[\s\-]+", " ", text.strip()).replace(" & ", " and ")


# A term whose last word is a gerund also matches its noun and its verb: "load tests" is load
# testing, "cold calls" cold calling, "management reports" management reporting; a one-word
# activity also matches its past tense: "recruited, interviewed and onboarded" names
# Recruiting, Interviewing and Onboarding. Past tenses that mostly mean something else
# ("detailed", "filed", "accounted for", "drafted a plan") are left out.
_NO_PAST = {
    "detailing", "typing", "drafting", "filing", "rigging", "accounting", "networking",
    "branding", "sourcing", "purchasing", "spring", "grinding", "compounding", "housekeeping",
    "training", "learning", "marketing", "planning", "catering", "banqueting",
}  # fmt: skip


def _singular(word: str) -> str | None:
    """'agreements' -> 'agreement', 'policies' -> 'policy'; None when not a plural."""
    if len(word) < 4 or not word.endswith("s") or word.endswith(("ss", "us", "is")):
        return None
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith(("sses", "xes", "ches", "shes")):
        return word[:-2]
    return word[:-1]


def _stem_variants(key: str) -> list[str]:
    words = key.split(" ")
    last = words[-1]
    one = _singular(last) if len(words) >= 2 and last.isalpha() else None
    if one:
        return [" ".join([*words[:-1], one])]  # 'settlement agreement', 'aerial lift'
    if not (last.endswith("ing") and len(last) >= 6 and last[:-3].isalpha()):
        return []
    stem = last[:-3]
    if len(words) == 1:
        return [] if last in _NO_PAST else [stem + "ed"]
    if len(stem) >= 3 and stem[-1] == stem[-2] and stem[-1] not in "ls":
        stem = stem[:-1]  # 'planning' -> 'plan'
    forms = [stem, stem + "e"] if stem[-1] not in "aeiouy" else [stem]
    return [" ".join([*words[:-1], form]) for form in forms]


# '<object> <action>' skill names and the verbs that do the action: 'Budget management' is
# 'manage a budget'. One row per verb: its written forms, and the action nouns it does (the
# row's key names the verb in the pattern's groups and in `_by_action`).
_VERBS: dict[str, tuple[str, tuple[str, ...]]] = {
    "manag": (r"manag(?:e|es|ed|ing)", ("management",)),
    "negot": (r"negotiat(?:e|es|ed|ing)", ("negotiation",)),
    "plan": (r"plan(?:s|ned|ning)?", ("planning",)),
    "desig": (r"design(?:s|ed|ing)?", ("design",)),
    "sched": (r"schedul(?:e|es|ed|ing)", ("scheduling",)),
    "proce": (r"process(?:es|ed|ing)?", ("processing",)),
    "forec": (r"forecast(?:s|ed|ing)?", ("forecasting",)),
    "recon": (r"reconcil(?:e|es|ed|ing)", ("reconciliation",)),
    "super": (r"supervis(?:e|es|ed|ing)", ("supervision",)),
    "write": (r"(?:write|writes|wrote|written|writing)", ("writing",)),
    "track": (r"track(?:s|ed|ing)?", ("tracking",)),
    "mento": (r"mentor(?:s|ed|ing)?", ("mentoring",)),
    "revie": (r"review(?:s|ed|ing)?", ("review",)),
    "admin": (r"administer(?:s|ed|ing)?", ("administration",)),
    "onboa": (r"onboard(?:s|ed|ing)?", ("onboarding",)),
    "analy": (r"analy[sz](?:e|es|ed|ing)", ("analysis",)),
    "test": (r"test(?:s|ed|ing)?", ("testing",)),
    "devel": (r"develop(?:s|ed|ing)?", ("development",)),
    "migra": (r"migrat(?:e|es|ed|ing)", ("migration",)),
    "autom": (r"automat(?:e|es|ed|ing)", ("automation",)),
    "repor": (r"report(?:s|ed|ing)?", ("reporting",)),
    "handl": (r"handl(?:e|es|ed|ing)", ("handling",)),
    "preve": (r"prevent(?:s|ed|ing)?", ("prevention",)),
    "asses": (r"assess(?:es|ed|ing)?", ("assessment",)),
    "insta": (r"install(?:s|ed|ing)?", ("installation",)),
    "maint": (r"maintain(?:s|ed|ing)?", ("maintenance",)),
    "optim": (r"optimi[sz](?:e|es|ed|ing)", ("optimization", "optimisation")),
    "train": (r"train(?:s|ed|ing)?", ("training",)),
}
_ACTIONS = {action: verb for verb, (_, actions) in _VERBS.items() for action in actions}
_PARAPHRASE = re.compile(
    r"(?<![\w-])(?:" + "|".join(f"(?P<{k}>{v})" for k, (v, _) in _VERBS.items()) + r")"
    r"(?:[ ](?:[A-Za-z][\w&'-]*|[£$€]?\d[\d.,]*[kmb]?)){1,5}",
    re.IGNORECASE,
)
_DETERMINER = re.compile(r"(?<![\w-])(?:the|a|an|our|my|their|its|his|her)\s$", re.IGNORECASE)
_PREPOSITIONS = frozenset(
    [
        "in",
        "on",
        "at",
        "for",
        "with",
        "to",
        "from",
        "by",
        "into",
        "onto",
        "across",
        "within",
        "under",
        "over",
        "via",
        "per",
        "through",
    ]
)
_WORD_RE = re.compile(r"[A-Za-z][\w&'-]*")
# What may follow an object for it to end its phrase ('budgets of £2m', 'contracts and SLAs').
_ENDS_PHRASE = re.compile(
    r"\s*(?:[,.;:()!?\n]|$)|\s+(?:and|or|&|for|with|in|on|at|to|from|across|of|by|up|within|"
    r"per|under|each|every|weekly|monthly|daily|annually)\b",
    re.IGNORECASE,
)


def _by_action(aliases: dict[str, list[str]]) -> dict[tuple[str, str], str]:
    """(verb key, object words) -> the one skill named or aliased '<object words> <action>'."""
    seen: dict[tuple[str, str], set[str]] = {}
    for name, others in aliases.items():
        for term in (name, *others):
            words = term.lower().split()
            if not 2 <= len(words) <= 4 or words[-1] not in _ACTIONS:
                continue
            if not all(w.isalpha() for w in words[:-1]):
                continue
            obj = [*words[:-2], _singular(words[-2]) or words[-2]]
            seen.setdefault((_ACTIONS[words[-1]], " ".join(obj)), set()).add(name)
    return {key: next(iter(names)) for key, names in seen.items() if len(names) == 1}


def _add(table: dict[str, list[_Term]], key: str, entry: _Term) -> None:
    """First meaning wins, except that an ambiguous term may have several meanings, one per
    family (EMR: health records, or Amazon's MapReduce), chosen by the skills around it."""
    entries = table.setdefault(key, [])
    if any(e.name == entry.name for e in entries):
        return
    if not entries or (entry.ambiguous and all(e.ambiguous for e in entries)):
        entries.append(entry)


def _is_acronym(term: str) -> bool:
    letters = [c for c in term if c.isalpha()]
    return 2 <= len(term) <= 5 and bool(letters) and all(c.isupper() for c in letters)


class Taxonomy:
    """Skills (canonical name → family, aliases), role-family title phrases, and which
    families sit next to each other."""

    def __init__(self, data: dict) -> None:
        self.version = f"{data['version']}-{_digest(data)}"
        self.family_of: dict[str, str] = {}
        self.titles: dict[str, list[str]] = {}
        self.aliases: dict[str, list[str]] = {}
        self.adjacent: dict[str, set[str]] = {}
        self.credentials: set[str] = set()
        self.implies: dict[str, list[str]] = {}
        folded: dict[str, list[_Term]] = {}
        exact: dict[str, list[_Term]] = {}
        later: list[tuple[str, _Term]] = []
        for family, spec in data["families"].items():
            self.titles[family] = [t.lower() for t in spec.get("titles", [])]
            self.adjacent.setdefault(family, set())
            for line in spec["skills"]:
                terms = [t.strip() for t in str(line).split("|") if t.strip()]
                if any(_CONTINUED.search(t) for t in terms):
                    # YAML folds an over-indented "- Next skill" into the line above it.
                    raise ValueError(f"a skill line runs into the next one: {line!r}")
                parents = [t[1:].strip() for t in terms if t.startswith(">")]
                terms = [t for t in terms if not t.startswith(">")]
                name = terms[0].lstrip("=~^")
                if name in self.family_of:
                    raise ValueError(f"skill {name!r} listed twice in the taxonomy")
                self.family_of[name] = family
                if "^" in terms[0][:3]:
                    self.credentials.add(name)
                if parents:
                    self.implies[name] = parents
                self.aliases[name] = [t.lstrip("=~^") for t in terms[1:]]
                for raw in terms:
                    flags, term = re.match(r"([=~^]*)(.*)", raw).groups()  # type: ignore[union-attr]
                    is_exact = "=" in flags or _is_acronym(term)
                    ambiguous = "~" in flags or len(term) <= 2
                    entry = _Term(name, is_exact, ambiguous)
                    table, key = (exact, _key(term)) if is_exact else (folded, _key(term).lower())
                    _add(table, key, entry)
                    if not (is_exact or ambiguous):
                        later += [(variant, entry) for variant in _stem_variants(key)]
        self._by_action = _by_action(self.aliases)
        for variant, entry in later:  # a written form never loses its key to a variant
            if variant not in folded:
                _add(folded, variant, entry)
        self._title_skills = [
            (re.compile(rf"(?<!\w){re.escape(phrase.lower())}(?!\w)"), skill)
            for skill, phrases in (data.get("title_skills") or {}).items()
            for phrase in phrases
        ]
        for _, skill in self._title_skills:
            if skill not in self.family_of:
                raise ValueError(f"title_skills names {skill!r}, which is not a skill")
        for family, others in (data.get("adjacent") or {}).items():
            for other in others:
                self.adjacent.setdefault(family, set()).add(other)
                self.adjacent.setdefault(other, set()).add(family)
        self._title_of = {p: f for f, phrases in self.titles.items() for p in phrases}
        ordered = sorted(self._title_of, key=lambda p: (-len(p), p))
        self._titles_re = re.compile(
            "(?:" + "|".join(re.escape(p) for p in ordered) + r")(?![\w])" if ordered else r"(?!x)x"
        )
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
        lowered = _key(name).lower()
        for form in (lowered, lowered + "s", lowered[:-1] if lowered.endswith("s") else ""):
            if form in self._by_lower:
                return self._by_lower[form]
            entries = self._folded.get(form)
            if entries:
                return entries[0].name
        entries = self._exact.get(_key(name))
        return entries[0].name if entries else None

    def near(self, family: str | None, other: str | None) -> bool:
        """The same family, or two families configured as adjacent."""
        return family is not None and (family == other or other in self.adjacent.get(family, ()))

    def find(self, text: str, *, listed: bool = False) -> list[SkillHit]:
        """Every skill occurrence in `text`, in text order (overlaps resolved longest-first).

        `listed=True` says the text is a skills list, where an ambiguous term that is a whole
        item of the list needs no other skill beside it."""
        raw: list[tuple[SkillHit, bool]] = []
        meanings: dict[tuple[int, int], list[_Term]] = {}
        for pattern, table, folded in (
            (self._folded_re, self._folded, True),
            (self._exact_re, self._exact, False),
        ):
            if not table:
                continue
            for match in _with_overlapping(pattern, text):
                tail = len(match.group("ver") or "") + len(match.group("plural") or "")
                body = match.group(0)[: len(match.group(0)) - tail]
                key = _key(body).lower() if folded else _key(body)
                entries = table.get(key)
                if not entries or not _shape_ok(text, match, body, entries[0]):
                    continue
                if body.upper() in _CURRENCIES and _beside_an_amount(text, match):
                    continue  # '$68,000-$80,000 CAD' is Canadian dollars, not CAD
                entry = entries[0]
                if len(entries) > 1:
                    meanings[(match.start(), match.end())] = entries
                hit = SkillHit(
                    entry.name,
                    self.family_of[entry.name],
                    match.start(),
                    match.end(),
                    term=body,
                    rule="exact-case alias" if entry.exact else "alias",
                )
                raw.append((hit, entry.ambiguous))
        raw += self._elided(text, raw)
        raw += self._paraphrased(text, raw)
        kept = _drop_overlaps(raw)
        out: list[SkillHit] = []
        for hit, ambiguous in kept:
            accepted = None
            whole_item = listed and _whole_item(text, hit.start, hit.end)
            for meaning in meanings.get((hit.start, hit.end), [None]):  # type: ignore[list-item]
                candidate = (
                    hit
                    if meaning is None
                    else SkillHit(
                        meaning.name,
                        self.family_of[meaning.name],
                        hit.start,
                        hit.end,
                        hit.term,
                        hit.rule,
                    )
                )
                accepted = self._vouch(text, candidate, ambiguous, kept, whole_item)
                if accepted is not None:
                    break
            if accepted is None:
                continue
            out.append(accepted)
            for parent in self.implies.get(hit.name, ()):
                if parent in self.family_of:
                    rule = f"{IMPLIED} {hit.name}"
                    out.append(
                        SkillHit(parent, self.family_of[parent], hit.start, hit.end, hit.term, rule)
                    )
        return out

    def _lookup(self, phrase: str) -> _Term | None:
        entries = self._folded.get(_key(phrase).lower()) or self._exact.get(_key(phrase))
        return entries[0] if entries and not entries[0].ambiguous else None

    def _elided(self, text: str, hits: list[tuple[SkillHit, bool]]) -> list[tuple[SkillHit, bool]]:
        """Terms written once for two items: a shared head ('manual and exploratory testing',
        'competency-based and structured interviewing') or a shared first word ('Microsoft
        Outlook / Word / Teams', 'AWS Lambda, S3 and Glue'). The elided term counts only when
        the phrase it stands for is a term itself."""
        out: list[tuple[SkillHit, bool]] = []
        for hit, ambiguous in hits:
            words = hit.term.split()
            if ambiguous:
                continue
            window = max(0, hit.start - 60)
            if len(words) == 1:
                # 'stock and WIP valuation': the head is the term, each modifier takes it
                before = _ELIDED_BEFORE_MODIFIER.search(text, window, hit.start)
                head = hit.term
            else:
                before = _ELIDED_BEFORE.search(text, window, hit.start)
                head = " ".join(words[1:])
            for modifier in self._modifiers(text, before, single=len(words) == 1):
                entry = self._lookup(f"{modifier.group(1)} {head}")
                if entry is not None:
                    out.append((self._hit_of(entry, modifier, "alias (shared head)"), False))
            pos = hit.end
            while (
                len(words) >= 2
                and (item := _ELIDED_AFTER.match(text, pos, min(len(text), pos + 40))) is not None
            ):
                entry = self._lookup(f"{words[0]} {item.group(1)}")
                if entry is None:
                    break
                out.append((self._hit_of(entry, item, "alias (shared first word)"), False))
                pos = item.end()
        return out

    @staticmethod
    def _modifiers(text: str, first: re.Match[str] | None, single: bool) -> list[re.Match[str]]:
        """The modifiers that share a head, nearest first: 'manual and exploratory testing',
        and a list of three or more ('regression, smoke, exploratory testing'). Two items
        joined by a bare comma are two items ('regression, hypothesis tests')."""
        if first is None:
            return []
        if single:
            return [first]
        chain = [first]
        while len(chain) < 5:
            more = _ELIDED_BEFORE.search(text, max(0, chain[-1].start() - 40), chain[-1].start())
            if more is None:
                break
            chain.append(more)
        if chain[0].group(0).endswith(", ") and len(chain) < 2:
            return []
        return chain

    def _paraphrased(
        self, text: str, hits: list[tuple[SkillHit, bool]]
    ) -> list[tuple[SkillHit, bool]]:
        """A skill named '<object> <action>' written as the action done to the object: 'managed
        a £2m budget' (Budget management), 'negotiated contracts', 'designing test fixtures',
        'schedule interviews'. The verb and the whole object stand in one clause, at most
        three words apart, the object ends its phrase, and only one skill has that verb and
        object."""
        taken = [(h.start, h.end) for h, _ in hits]
        out: list[tuple[SkillHit, bool]] = []
        for match in _PARAPHRASE.finditer(text):
            if _DETERMINER.search(text, max(0, match.start() - 6), match.start()):
                continue  # 'the test lab', 'a design review': a noun, not a verb
            verb = next(k for k in _VERBS if match.group(k))
            words = list(_WORD_RE.finditer(text, match.end(verb), match.end()))
            for i, word in enumerate(words):
                if word[0].lower() in _PREPOSITIONS:
                    break  # 'tested the boards in the lab': the object came before 'in'
                name = None
                for n in (3, 2, 1):  # the whole object: 'designed plastic parts', not 'parts'
                    if i + 1 >= n:
                        phrase = [w[0].lower() for w in words[i + 1 - n : i + 1]]
                        phrase[-1] = _singular(phrase[-1]) or phrase[-1]
                        name = name or self._by_action.get((verb, " ".join(phrase)))
                if name is None:
                    continue
                if not _ENDS_PHRASE.match(text, word.end()):
                    continue  # 'managed product launches': the object goes on
                if not any(a < word.end() and match.start() < b for a, b in taken):
                    start, end = match.start(), word.end()
                    family = self.family_of[name]
                    hit = SkillHit(name, family, start, end, text[start:end], "verb and object")
                    out.append((hit, False))
                break
        return out

    def _hit_of(self, entry: _Term, match: re.Match[str], rule: str) -> SkillHit:
        """The hit of `entry` at the match's first group (an elided term's written word)."""
        return SkillHit(
            entry.name,
            self.family_of[entry.name],
            match.start(1),
            match.end(1),
            match.group(1),
            rule,
        )

    def _vouch(
        self,
        text: str,
        hit: SkillHit,
        ambiguous: bool,
        hits: list[tuple[SkillHit, bool]],
        listed: bool,
    ) -> SkillHit | None:
        if not ambiguous:
            return hit
        if listed:
            return SkillHit(**{**hit.__dict__, "rule": "ambiguous alias in a skills list"})
        # A word that opens its item is capitalised whatever it means ('Swift response
        # matters'): only its own item may vouch for it. Inside a sentence a capital says more.
        initial = bool(_ITEM_OPENING.search(text, max(0, hit.start - 8), hit.start))
        for other, other_ambiguous in hits:
            if (
                other is not hit
                and not other_ambiguous
                and abs(other.start - hit.start) <= CONTEXT_WINDOW
                and not (initial and _ITEM_BREAK.search(text, *sorted((other.start, hit.start))))
                and (
                    other.family == hit.family
                    or (
                        abs(other.start - hit.start) <= ADJACENT_WINDOW
                        and self.near(hit.family, other.family)
                    )
                )
            ):
                rule = f"ambiguous alias vouched for by {other.name}"
                return SkillHit(**{**hit.__dict__, "rule": rule})
        return None

    def names(self, text: str, *, listed: bool = False) -> list[str]:
        """The distinct canonical skills in `text`, in order of first appearance."""
        return list(dict.fromkeys(hit.name for hit in self.find(text, listed=listed)))

    @property
    def disciplines(self) -> set[str]:
        """Skills a job title names as its discipline (Product management, Recruiting)."""
        return {skill for _, skill in self._title_skills}

    def title_skills(self, title: str) -> list[str]:
        """The disciplines a job title names ('Senior Product Manager' → Product management)."""
        lowered = title.lower()
        return list(
            dict.fromkeys(skill for pattern, skill in self._title_skills if pattern.search(lowered))
        )

    def title_family(self, title: str) -> tuple[str, str] | None:
        """(family, phrase) of the longest role-family title phrase in a job title."""
        best: tuple[str, str] | None = None
        lowered = title.lower()[:300]
        for start in range(len(lowered)):
            if start and (lowered[start - 1].isalnum()):
                continue
            m = self._titles_re.match(lowered, start)
            if m and (best is None or len(m.group(0)) > len(best[1])):
                best = (self._title_of[m.group(0)], m.group(0))
        return best

    def role_family(self, title: str, skills: list[str] | None = None) -> str | None:
        """The role family a job title names; failing that, the family most skills belong to
        (when they clearly agree: at least three, and more than half of them)."""
        named = self.title_family(title)
        if named:
            return named[0]
        return self.skills_family(skills or [])

    def skills_family(self, skills: list[str], minimum: int = 3) -> str | None:
        """The family most of these skills belong to, or None when they do not clearly agree."""
        counts: dict[str, int] = {}
        for skill in skills:
            family = self.family_of.get(skill)
            if family:
                counts[family] = counts.get(family, 0) + 1
        if not counts:
            return None
        family = max(counts, key=lambda f: (counts[f], f))
        total = sum(counts.values())
        return family if counts[family] >= minimum and counts[family] * 2 > total else None


# 'manual and [exploratory testing]': one word, a conjunction, then the term.
_ELIDED_BEFORE = re.compile(r"(?<![\w-])([A-Za-z][\w-]{1,30})(?: and | & | or |/| / |, )$")
_ELIDED_BEFORE_MODIFIER = re.compile(
    r"(?<![\w-])([A-Za-z][\w-]{1,30})(?: and | & | or |/| / )[A-Za-z][\w-]{0,30} $"
)
# 'Microsoft Outlook[ / Word][ / Teams]': items after the term, each a word or two.
_ELIDED_AFTER = re.compile(r"(?: ?/ ?|, | and | & | or )([A-Za-z][\w.+#-]*(?: [A-Z][\w.+#-]*)?)")
_ITEM_EDGE = set(",|/;•·()[]:\n\t")


def _whole_item(text: str, start: int, end: int) -> bool:
    """The term is a whole item of a list ('Go, Swift, Kotlin'), not a word inside a longer
    one ('WCAG 2.1 AA audits')."""
    i = start - 1
    while i >= 0 and text[i] == " ":
        i -= 1
    j = end
    while j < len(text) and text[j] == " ":
        j += 1
    before_ok = i < 0 or text[i] in _ITEM_EDGE or (text[i] in "-–" and i > 0 and text[i - 1] == " ")
    after_ok = j >= len(text) or text[j] in _ITEM_EDGE or text[j : j + 4].lower() in ("and ", "or ")
    return before_ok and after_ok


def _shape_ok(text: str, match: re.Match[str], body: str, entry: _Term) -> bool:
    """False for an ambiguous term in a shape that makes it an ordinary word."""
    if not entry.ambiguous:
        return True
    if len(body) == 1 and match.group("ver"):
        return False  # 'R2', 'C4'
    end = match.end()
    if (
        end + 1 < len(text)
        and text[end] in "-'’&"
        and text[end + 1].isalpha()
        and not (text[end] == "-" and _PARTICIPLE.match(text, end + 1))
    ):
        return False  # 'R-Style', 'Go-getter', "C'est", 'R&D' (not 'Fanuc-controlled')'
    start = match.start()
    if start >= 2 and text[start - 1] in "-&" and text[start - 2].isalpha():
        return False  # 'T-R', 'B&C'
    if len(body) == 1 and _abbreviation(text, start, end):
        return False  # 'A/R', 'C/O', a grade '(C)', a trademark '(R)'
    return _YEAR_AFTER.match(text, end) is None  # 'Spring 2020'


# 'Fanuc-controlled lathes', 'Go-based services': the term, then what it does to the noun.
_PARTICIPLE = re.compile(
    r"(?:based|controlled|powered|driven|certified|enabled|hosted|backed|compatible|native|"
    r"integrated|managed|built|written|heavy|first)\b",
    re.IGNORECASE,
)


# ISO 4217 codes that are also skills' acronyms somewhere ('CAD'), or could become one.
_CURRENCIES = frozenset({
    "CAD", "AUD", "NZD", "USD", "GBP", "EUR", "CHF", "ZAR", "INR", "SGD", "HKD", "JPY", "CNY",
    "SEK", "NOK", "DKK", "PLN", "MXN", "BRL", "AED", "SAR",
})  # fmt: skip
_AMOUNT_BEFORE = re.compile(r"[\d$€£¥][\d,.]{0,12}[kKmM]?\s{0,3}$")
_AMOUNT_AFTER = re.compile(r"\s{0,3}[$€£¥]?\s?\d[\d,.]{1,12}(?![A-Za-z\d])")


def _beside_an_amount(text: str, match: re.Match[str]) -> bool:
    before = text[max(0, match.start() - 20) : match.start()]
    return bool(_AMOUNT_BEFORE.search(before) or _AMOUNT_AFTER.match(text, match.end()))


def _abbreviation(text: str, start: int, end: int) -> bool:
    """A single letter that is half of a slashed abbreviation ('A/R', 'P/L') or alone in
    brackets ('Sociology (C)', 'Excel(R)')."""
    before = text[max(0, start - 2) : start]
    after = text[end : end + 2]
    slashed = (
        len(before) == 2
        and before[1] == "/"
        and before[0].isalpha()
        and (start < 3 or not text[start - 3].isalnum())
    ) or (
        len(after) == 2
        and after[0] == "/"
        and after[1].isalpha()
        and (end + 2 >= len(text) or not text[end + 2].isalnum())
    )
    bracketed = before[-1:] == "(" and after[:1] == ")"
    return slashed or bracketed


def _alternation(terms: object, flags: int) -> re.Pattern[str]:
    body = _trie_pattern(terms, fold=bool(flags & re.IGNORECASE)) or r"(?!x)x"
    # A plural does not hide a term ('reconciliations', 'code reviews'); exact-case terms are
    # acronyms and names, read as written.
    plural = (
        r"(?P<plural>(?<=[a-z])(?:e?s)(?=\W|$))?" if flags & re.IGNORECASE else "(?P<plural>(?!))?"
    )
    return re.compile(f"{_LEFT}(?:{body}){plural}{_VERSION}{_RIGHT}", flags)


def _with_overlapping(pattern: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """Every match, and a term that starts inside one and ends after it: 'person-centred care
    plans' is person-centred care and care plans. (Each match tries at most its few inner
    word starts, so the scan stays linear.)"""
    for match in pattern.finditer(text):
        yield match
        end = match.end()
        for inner in _INNER_WORD.finditer(text, match.start() + 1, end):
            later = pattern.match(text, inner.start())
            if later is not None and later.end() > end:
                yield later
                end = later.end()


_INNER_WORD = re.compile(r"(?<=[\s-])\w")


def _drop_overlaps(hits: list[tuple[SkillHit, bool]]) -> list[tuple[SkillHit, bool]]:
    """Longest first at each start; a hit inside a kept one goes, one that overlaps a kept
    one and runs past it stays ('person-centred care' and 'care plans')."""
    hits.sort(key=lambda h: (h[0].start, -(h[0].end - h[0].start)))
    kept: list[tuple[SkillHit, bool]] = []
    last_end = -1
    for item in hits:
        if item[0].end > last_end:
            kept.append(item)
            last_end = item[0].end
    return kept


def _digest(data: dict) -> str:
    return hashlib.sha256(repr(data).encode()).hexdigest()[:8]


@lru_cache(maxsize=1)
def load_taxonomy(path: str | None = None) -> Taxonomy:
    """The taxonomy from `skills.yaml` (parsed once per process)."""
    source = Path(path) if path else DATA_FILE
    return Taxonomy(yaml.safe_load(source.read_text(encoding="utf-8")))
