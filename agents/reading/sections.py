"""Split a document into sections by their headings, however people write them.

A heading is recognised by what it says and how it looks, not by an exact list: a short line
whose words name a section kind ("Hard Skills", "Professional Skills", "Career so far",
"EXPERIENCE SUMMARY", "Skills:") when it looks like a heading (upper case, title case, a
trailing colon, or three words or fewer). A heading may share its line with its content
("Skills: C#, .NET Core", "SKILLS   Python, Go"); a pasted document whose sections ran together
on one line is cut again before each heading it holds. Text before the first heading is the
`header` section — it is kept, never dropped.

Every scan here is linear in the text: no pattern has two unbounded quantifiers that can both
match the same characters.
"""

# ruff: noqa: RUF001
# (en dashes, curly quotes and look-alikes are data here)

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from agents.reading.degrees import degree_level
from agents.reading.titles import names_a_role

# (key, keyword patterns), in priority order: the first key whose keyword a heading holds wins,
# so "Experience Summary" is a summary, "Volunteer Experience" is volunteering and "Education
# and Training" is education.
Vocabulary = list[tuple[str, tuple[str, ...]]]

RESUME_VOCABULARY: Vocabulary = [
    (
        "personal",
        (
            r"personal (?:information|details|data|info)",
            r"contact(?: details| info\w*)?",
            # the headings of CVs written in Portuguese, Spanish, French, German, Italian
            r"contat[oa]s?|contactos?|kontakt|dados pessoais|datos personales|persönliche daten",
        ),
    ),
    ("volunteering", (r"volunteer\w*", r"community (?:service|involvement)")),
    (
        "certifications",
        (r"certif\w*", r"licen[cs]\w*", r"accreditations?", r"registrations?", r"zertifikate"),
    ),
    (
        "education",
        (
            r"(?<!continuing )education\w*",
            r"academic\w*(?! (?:appointments?|positions?|experience|employment))",
            r"qualifications?",
            r"degrees?",
            r"studies",
            r"schooling",
            r"ausbildung",
            r"forma[çc][ãa]o(?: acad[êé]mica)?|formaci[óo]n(?: acad[ée]mica)?|educa[çc][ãa]o|"
            r"educaci[óo]n|estudios|escolaridade|formation|studium|istruzione|formazione",
        ),
    ),
    ("training", (r"training", r"courses?", r"coursework", r"continuing education", r"cpd")),
    # What the person says they do not do: every skill under it is negated.
    (
        "gaps",
        (
            r"not my (?:area|areas|strengths?|thing|things|field)",
            r"(?:things|what) i (?:don't|do not) do",
            r"(?:areas|skills|tools) i (?:don't|do not) (?:cover|have|use)",
            r"outside my (?:area|experience|expertise)",
            r"(?:skill |knowledge )?gaps",
            # what the person has not used, or only means to learn
            r"(?:never|not yet|not) used",
            r"not yet(?: (?:tried|learned|learnt|covered|done))?",
            r"(?:still |next )?to learn",
            r"learning next",
            r"(?:currently |still )?learning(?: now)?",
            r"(?:would like|want|wish|hoping|planning|keen) to learn",
            r"(?:not|less) familiar(?: with)?",
            r"no (?:experience|exposure)(?: with| in| yet)?",
        ),
    ),
    (
        "skills",
        (
            r"skills?",
            r"skill ?set",
            r"competenc\w*",
            r"toolbox",
            r"tools?",
            r"technolog\w*",
            r"tech stack",
            r"expertise",
            r"proficienc\w*",
            r"programming languages?",
            r"software (?:skills|knowledge|packages|proficiency)",
            r"computer (?:skills|literacy)",
            r"it knowledge",
            r"know[- ]how",
            r"capabilit\w*",
            r"strengths",
            r"keywords",
            r"specialities|specialties|specialisms?",
            r"habilidades|compet[êe]ncias|competencias|conhecimentos|kenntnisse|f[äa]higkeiten|"
            r"comp[ée]tences|tecnolog[ií]as|ferramentas|herramientas",
        ),
    ),
    (
        "summary",
        (
            r"summary",
            r"profile",
            r"objective",
            r"about(?: me)?",
            r"personal statement",
            r"statement",
            r"overview",
            r"introduction",
            r"highlights",
            r"who i am",
            r"perfil|resumo|resumen|sobre m[ií]m?|objetivo|profil|zusammenfassung",
        ),
    ),
    ("projects", (r"projects?", r"portfolio")),
    ("publications", (r"publications?", r"papers", r"presentations", r"conferences?")),
    (
        "experience",
        (
            r"experience",
            r"employment",
            r"work",
            r"career",
            r"positions?",
            r"appointments?",
            r"professional (?:background|history)",
            r"(?:work|employment|career|job|professional|position) history",
            r"jobs?",
            r"what i'?ve done",
            r"berufserfahrung",
            r"experi[êe]ncia(?: profissional| laboral| profesional)?|exp[ée]rience professionnelle|"
            r"esperienza(?: lavorativa)?|historial laboral|trayectoria(?: profesional)?",
            r"responsibilit\w*",
            r"(?:main|key) activities",
            r"duties",
        ),
    ),
    ("achievements", (r"achievements?", r"accomplishments?", r"awards?", r"honou?rs?", r"grants?")),
    (
        "languages",
        (
            r"languages?(?: skills)?",
            r"language (?:skills|proficiency)",
            r"idiomas|l[íi]nguas|sprachen|langues|lingue",
        ),
    ),
    (
        "other",
        (
            r"interests?",
            r"hobbies",
            r"references?",
            r"referees?",
            r"memberships?",
            r"affiliations?",
            r"additional information",
            r"other",
        ),
    ),
]

JD_VOCABULARY: Vocabulary = [
    (
        "about",
        (
            r"about (?:us|the company|the team|our company|our team|the business)",
            r"about (?!(?:the |this |our )?(?:role|job|position|opportunity|you|vacancy)\b)"
            r"[a-z][\w&'.-]*(?: [a-z][\w&'.-]*){0,3}",
            r"who we are",
            r"benefits",
            r"(?:what )?we offer",
            r"what(?:'s| is) on offer",
            r"(?:what )?(?:our|the) client offers",
            r"(?:what )?(?:you'll|you will) get(?: in return)?",
            r"in return",
            r"perks",
            r"compensation",
            r"salary",
            r"pay",
            r"why (?:join|work)\w*(?: us)?",
            r"our (?:values|mission|culture|story)",
            r"equal (?:opportunit\w*|employment)",
            r"how to apply",
            r"the company",
            r"company",
            r"(?:a (?:bit|little) )?more about us",
            r"good to know",
            r"interview process",
            r"our (?:stack|tech stack|technology)",
            r"where and how",
            r"(?:work )?location",
            r"where you'?ll work",
            r"working (?:pattern|hours|arrangements?)",
            r"hours",
        ),
    ),
    (
        "preferred",
        (
            r"nice[- ]to[- ]haves?(?: but not required)?",
            r"preferred(?: but not (?:required|essential))?(?: qualifications| skills)?",
            r"(?:not required|not essential),? but (?:nice|a plus|helpful|preferred)",
            r"bonus points?(?: if you (?:have|bring))?",
            r"it would be (?:great|nice|a plus) if you (?:have|had|also have)",
            r"desirable(?: criteria| skills)?",
            r"bonus(?: points)?",
            r"pluses",
            r"plus",
            r"desir\w*",
            r"good[- ]to[- ]haves?",
            r"extra credit",
            r"ideal(?:ly)?",
            r"advantageous",
            r"optional",
            r"(?:would be )?an? advantage",
            r"(?:highly |well )regarded",
            r"advantages?",
            r"(?:not required,? but )?(?:helpful|useful)",
            r"we(?:'d| would) love (?:it )?if you (?:have|had|also have|bring)",
            r"even better if you (?:have|bring)",
            r"even better",
            r"nice if(?: you (?:have|bring|know|also have))?",
            r"(?:it(?:'s| is) )?nice to know",
            r"would be nice",
            r"(?:a )?plus(?: points)?",
            r"brownie points",
            r"(?:what (?:would|will|could) )?(?:make|makes|help) you stand out",
            r"(?:what )?sets you apart",
            r"(?:extra|bonus|added) (?:points|skills|extras)",
        ),
    ),
    (
        "duties",
        (
            r"(?:key |main |core |your |the )?responsibilit\w*",
            r"roles? (?:&|and) responsibilit\w*",
            r"(?:key |main )?duties",
            r"what you'?ll (?:do|be doing)",
            r"what you will (?:do|be doing)",
            r"day[- ]to[- ]day",
            r"(?:the|your|about the) (?:role|job|position|opportunity)",
            r"role",
            r"key (?:tasks|accountabilities)",
            r"(?:your |main |the )?tasks",
            r"what awaits you",
            r"accountabilities",
            r"the job",
            r"job description",
            r"overview",
            r"mission",
        ),
    ),
    (
        "required",
        (
            r"requirements?",
            r"required",
            r"mandatory(?: skills| requirements| qualifications| criteria)?",
            r"(?:primary|key|core|technical) skills",
            r"must[- ]haves?",
            r"musts?",
            r"(?:what )?you must (?:have|bring|be)",
            r"non[- ]negotiables?",
            r"we require",
            r"qualifications?",
            r"what you(?:'ll|'d| will| would)? (?:need|have|bring)(?: to (?:the role|succeed))?",
            r"what we need(?: from you)?",
            r"what we(?:'d| would) like(?: to see)?",
            r"(?:the )?person specification",
            r"(?:essential|key|selection) criteria",
            r"(?:your|the ideal candidate'?s?) (?:skills|experience|qualifications|background)"
            r"(?: and \w+)?",
            r"the ideal candidate",
            r"about the candidate",
            r"what we(?:'re| are) looking for",
            # an agency's: 'What our client is looking for', 'Who our client wants'
            r"(?:what|who) (?:our|the|my) client (?:is looking for|wants|needs|requires)",
            r"(?:what|who) (?:they|the company|the business) (?:are|is) looking for",
            r"you (?:have|bring|are)",
            r"who you are",
            r"about you",
            r"your (?:profile|background|skills|experience)",
            r"skills",
            r"experience",
            r"essentials?",
            r"minimum",
            r"competenc\w*",
            r"criteria",
            r"knowledge",
        ),
    ),
    (
        # After 'required', so that 'Education and experience' stays a requirement heading.
        "education",
        (
            r"education(?: (?:and|&) (?:training|qualifications?|certifications?))?",
            r"academic (?:background|requirements?)",
        ),
    ),
]

_COMPILED: dict[int, list[tuple[str, re.Pattern[str]]]] = {}
_MAX_HEADING_CHARS = 48
_MAX_HEADING_WORDS = 6
_MODIFIERS = {
    "professional", "technical", "key", "core", "relevant", "additional", "personal", "career",
    "academic", "other", "selected", "main", "areas", "my", "your", "hard", "soft", "it",
    "computer", "digital", "transferable", "industry", "clinical", "teaching", "research",
    "work", "employment", "summary", "i", "i'm", "i've", "we", "we're", "you", "you'll", "you're",
    "what", "who", "why", "how", "us", "our", "is", "are", "will", "be", "have", "need", "do",
    "doing", "looking", "bring", "offer", "can", "also", "plus", "but", "not", "if", "would",
    "great", "it'd", "ideal", "candidate", "person", "specification", "essential", "criteria",
    "from", "into", "they", "them", "this", "that", "these", "get", "want", "see", "should",
    "must", "needs", "needed", "day", "daily", "role's", "job's", "more", "bit", "little",
}  # fmt: skip
# Sections in which a "Label: content" line labels that line only (a job's "Tech stack: ...").
_LABELS_INSIDE = {"experience", "duties", "required", "preferred"}
_SMALL_WORDS = {"and", "or", "of", "the", "a", "an", "in", "to", "for", "&", "with", "on", "at"}


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


def _patterns(vocabulary: Vocabulary) -> list[tuple[str, re.Pattern[str]]]:
    key = id(vocabulary)
    if key not in _COMPILED:
        _COMPILED[key] = [
            (name, re.compile(r"(?<![\w'])(?:" + "|".join(words) + r")(?![\w'])"))
            for name, words in vocabulary
        ]
    return _COMPILED[key]


def _norm(text: str) -> str:
    text = text.strip().lower().replace("’", "'")
    # marks and emoji around a heading: '✅ Requirements', 'What we're looking for 👇'
    text = re.sub(r"^(?:[^\w(]|\d)+", "", text)
    text = re.sub(r"[^\w)']+$", "", text)
    return re.sub(r"\s+", " ", text)


def _looks_like_heading(raw: str, norm: str) -> bool:
    """Upper case, title case, a trailing colon, or very short."""
    stripped = raw.strip().strip("#*=_-•|").strip()
    if stripped.endswith(":"):
        return True
    words = [w for w in re.split(r"\s+", stripped) if w]
    if len(words) <= 3:
        return True
    letters = [c for c in stripped if c.isalpha()]
    if letters and all(c.isupper() for c in letters):
        return True
    significant = [w for w in words if w.lower() not in _SMALL_WORDS]
    return all(w[:1].isupper() or not w[:1].isalpha() for w in significant)


_SCHOOL = re.compile(r"universit|college|institut|academy|polytechnic|school of", re.IGNORECASE)


def _names_a_school(text: str) -> bool:
    """'BA (Hons) History', 'Piedmont Technological University': a degree or a school."""
    return bool(_SCHOOL.search(text)) or degree_level(text) is not None


_BULLETED = re.compile(r"[-•*▪■●◆–]\s")  # a list item's mark


def heading_key(line: str, vocabulary: Vocabulary) -> str | None:
    """The section key a line names when the whole line is a heading, else None."""
    raw = line.strip()
    if not raw or len(raw) > _MAX_HEADING_CHARS + 4:
        return None
    if ":" in raw.rstrip(" :"):
        return None  # 'Skills: Python' is a heading with its content (see `inline_heading`)
    norm = _norm(raw)
    if not norm or len(norm) > _MAX_HEADING_CHARS or len(norm.split()) > _MAX_HEADING_WORDS:
        return None
    if re.search(r"[@\d]|[.!?]$|,", norm) and not re.fullmatch(r"[a-z &/']+", norm):
        return None
    if names_a_role(norm) or _names_a_school(raw) or "(" in norm:
        return None  # a job title, a school or degree, or an item with a note in brackets
    for key, pattern in _patterns(vocabulary):
        # A line that is exactly a section's phrase is its heading however it is cased
        # ("What we're looking for", "Nice to haves").
        m = pattern.search(norm)
        if m and m.start() == 0 and m.end() == len(norm):
            return key
    if _BULLETED.match(raw) or not _looks_like_heading(raw, norm):
        return None  # '- SAP experience desirable' is an item of a list, not its heading
    for key, pattern in _patterns(vocabulary):
        if pattern.search(norm):
            return key
    return None


def inline_heading(line: str, vocabulary: Vocabulary) -> tuple[str, str, str] | None:
    """(key, heading, rest) when a line starts with a heading followed by its content:
    'Skills: C#, .NET Core', 'SKILLS   Python, Go', 'Tools — Jira, Confluence'."""
    head = line[: _MAX_HEADING_CHARS + 2]
    cut = _first_break(head)
    if cut is None:
        return None
    start, end = cut
    heading, rest = line[:start], line[end:].strip()
    if not rest or not heading.strip():
        return None
    words = re.findall(r"[\w'&/]+", heading.lower())
    if len(words) > 6 or any(w not in _heading_words(vocabulary) for w in words):
        return None  # 'Hands-on Tableau experience: ...' is a requirement, not a heading
    key = heading_key(heading + (":" if line[start:end].strip() == ":" else ""), vocabulary)
    return (key, heading.strip(), rest) if key else None


def _first_break(text: str) -> tuple[int, int] | None:
    """Where a heading could end: a colon, a tab, two or more spaces, or a spaced dash."""
    for i, ch in enumerate(text):
        if ch == ":" or ch == "\t":
            return i, _skip_spaces(text, i + 1)
        if ch == " " and i + 1 < len(text):
            nxt = text[i + 1]
            if nxt == " ":
                return i, _skip_spaces(text, i)
            if nxt in "-–—|*•" and i + 2 < len(text) and text[i + 2] == " ":
                return i, _skip_spaces(text, i + 2)
    return None


def _skip_spaces(text: str, i: int) -> int:
    while i < len(text) and text[i] in " \t":
        i += 1
    return i


# Candidates for a heading inside a long line: a run of upper-case words, or a capitalised phrase
# ending in a colon. Both are bounded in length, so each start costs a bounded amount of work.
_CAPS_RUN = re.compile(r"(?<![\w&])[A-Z][A-Z&/]+(?: [A-Z&/]{2,}){0,3}(?![\w&])")
_COLON_PHRASE = re.compile(r"(?<![\w&])[A-Z][\w&/']{1,20}(?: [\w&/']{1,20}){0,3}:")


@lru_cache(maxsize=8)
def _words_of(vocabulary_id: int) -> frozenset[str]:
    vocabulary = next(v for v in (RESUME_VOCABULARY, JD_VOCABULARY) if id(v) == vocabulary_id)
    words = {w for _, patterns in vocabulary for p in patterns for w in re.findall(r"[a-z]{2,}", p)}
    return frozenset(words | _SMALL_WORDS | _MODIFIERS)


def _heading_words(vocabulary: Vocabulary) -> frozenset[str]:
    """Every word a heading is made of: the vocabulary's own words and common modifiers."""
    return _words_of(id(vocabulary))


def _heading_end(run: str, vocabulary: Vocabulary) -> int:
    """How much of an upper-case run is a heading: the longest prefix made of heading words
    that names a section ('EDUCATION AND TRAINING' of 'EDUCATION AND TRAINING PGCE')."""
    words = run.split(" ")
    for n in range(len(words), 0, -1):
        candidate = " ".join(words[:n])
        if _exact_phrase(candidate, vocabulary):
            return len(candidate)
    known = _heading_words(vocabulary)
    for n in range(len(words), 0, -1):
        if words[n - 1].lower().strip("&/") not in known:
            continue
        candidate = " ".join(words[:n])
        if heading_key(candidate, vocabulary):
            return len(candidate)
    return 0


def split_glued(line: str, vocabulary: Vocabulary) -> list[str]:
    """A line that holds headings of its own, cut around them: 'EXPERIENCE Senior Developer'
    gives the heading and its content; a pasted paragraph ('... 2019. EDUCATION BSc ...
    Skills: Python') is cut before each heading it holds, and at each glued bullet."""
    cuts: set[int] = set()
    for m in _CAPS_RUN.finditer(line):
        if m.start() == 0 or len(line) >= 60:
            end = _heading_end(m.group(0), vocabulary)
            if end:
                cuts.update((m.start(), m.start() + end))
    if len(line) >= 60:
        for m in _COLON_PHRASE.finditer(line):
            before = line[: m.start()].rstrip()
            if (not before or before[-1] in ".;!?|•)") and heading_key(m.group(0), vocabulary):
                cuts.add(m.start())
        for m in re.finditer(r"\s[•▪■●◆]\s", line):
            cuts.add(m.start() + 1)
    if len(line) >= 150:
        cuts.update(_phrase_cuts(line, vocabulary))
    cuts.discard(0)
    cuts.discard(len(line))
    if not cuts:
        return [line]
    pieces, last = [], 0
    for cut in sorted(cuts):
        pieces.append(line[last:cut])
        last = cut
    pieces.append(line[last:])
    return [p.strip() for p in pieces if p.strip()]


_WORD_START = re.compile(r"(?<![\w'])(?=[A-Z])")
_AFTER_HEADING = re.compile(r"[ \t]{0,3}(?::|[-–—•*](?=\s))")
_PHRASE_WORD = re.compile(r"[A-Za-z][A-Za-z'&/-]*")
_CAPITAL_NEXT = re.compile(r" [A-Z]| \d+(?:[-–+]\d*)?\+? (?:years?|yrs)\b")  # '... 3-5 years'
_BARE_HEADINGS = {"requirements", "responsibilities", "qualifications", "benefits", "duties"}


def _phrase_cuts(line: str, vocabulary: Vocabulary) -> set[int]:
    """Where a paragraph that lost its line breaks holds a section's exact phrase, capitalised
    and followed by a colon or a dash ('... dashboards What we're looking for - Three or more
    years'): cut before it (the bullet mark after it goes with its content)."""
    cuts: set[int] = set()
    inside = 0  # the end of the last heading found: a word inside it starts none of its own
    for m in _WORD_START.finditer(line):
        start = m.end()
        if start < inside:
            continue  # 'Qualifications' of 'Preferred Qualifications'
        words = []
        for word in line[start : start + 60].split(" "):
            if not _PHRASE_WORD.fullmatch(word.rstrip(":,.;")):
                break  # a heading is words; a dash or a number ends it
            words.append(word)
            if word != word.rstrip(":,.;"):
                break
        for n in range(min(6, len(words)), 0, -1):
            phrase = " ".join(words[:n]).rstrip(":,.;")
            end = start + len(phrase)
            marked = _AFTER_HEADING.match(line, end)
            # Without a colon or a dash after it, a phrase of two words or more followed by a
            # capitalised word still reads as a heading ('Who we are Tallyhouse makes...').
            bare = (n >= 2 or phrase.lower() in _BARE_HEADINGS) and _CAPITAL_NEXT.match(line, end)
            if (marked or bare) and _exact_phrase(phrase, vocabulary):
                cuts.add(start)
                inside = end
                if not marked:
                    cuts.add(end)  # the heading on a line of its own
                break
    return cuts


def _exact_phrase(text: str, vocabulary: Vocabulary) -> bool:
    norm = _norm(text)
    for _, pattern in _patterns(vocabulary):
        m = pattern.match(norm)
        if m and m.end() == len(norm):
            return True
    return False


def split_sections(text: str, vocabulary: Vocabulary) -> list[Section]:
    """Sections in document order; text before any heading is the `header` section."""
    sections = [Section("header", "")]
    for raw in text.splitlines():
        for line in split_glued(raw.strip(), vocabulary):
            key = heading_key(line, vocabulary)
            if key is not None:
                sections.append(Section(key, line))
                continue
            inline = inline_heading(line, vocabulary)
            if inline is None:
                if line:
                    sections[-1].lines.append(line)
                continue
            key, heading, rest = inline
            current = sections[-1]
            sections.append(Section(key, heading, [rest]))
            if current.key in _LABELS_INSIDE and key != current.key and len(rest) < 150:
                # 'Technologies: Go, Kafka' inside a job labels one line; the job goes on.
                sections.append(Section(current.key, current.heading))
    return sections


# Kept for callers that name the vocabularies by their old names.
RESUME_HEADINGS = RESUME_VOCABULARY
JD_HEADINGS = JD_VOCABULARY
