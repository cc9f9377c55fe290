"""Negation and intent: which parts of a text say a skill is *not* had, or *not* required.

"No experience with Java, Scala or Kotlin", "I'd like to learn Rust", "currently learning
TypeScript", "I don't want to work with PHP again", "Azure (Not Required)", "Kubernetes is not
required". A cue opens a scope that runs to the end of its clause (a sentence, a `;`, a bullet,
or a contrast: "no Java, but strong Python" negates only Java); a cue that follows what it
negates ("Docker (learning)", "Azure is not required") reaches back to the start of its list
item. Commas do not end a scope: a negated list stays negated.

Each scan is one pass of a pattern whose branches are bounded phrases, so it is linear in the
text.
"""

# ruff: noqa: RUF001
# (en dashes, curly quotes and look-alikes are data here)

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

_PREFIX = [
    r"no(?:\s+(?:prior|previous|real|hands-on|professional|commercial|production|formal|"
    r"practical|direct))?\s+(?:experience|exposure|knowledge|background|familiarity|"
    r"expertise|skills?)(?:\s+(?:with|in|of|using|on))?",
    r"(?:not|never)(?:\s+yet)?\s+(?:been\s+)?(?:experienced|familiar|proficient|comfortable|"
    r"confident|worked|used|touched|tried|done|exposed|trained|signed\s+off)(?:\s+(?:with|in|on|to|for))?",
    # any past participle: 'have not processed payroll', 'haven't administered IV drugs'
    r"(?:have|has|had|i've|i\s+have|we\s+have)(?:n't|\s+not|\s+never)(?:\s+yet)?\s+"
    r"(?:[a-z]{2,}ed|had|done|led|run|given|built|written|taken|made|held|drawn|been\s+"
    r"trained|been\s+exposed\s+to|been\s+involved\s+in)(?:\s+(?:with|in|on|for))?",
    r"(?:i|we)\s+(?:have\s+)?never\s+(?:[a-z]{2,}ed|done|led|built|wrote|written|run|"
    r"taken|made|held)(?:\s+(?:with|in|on))?",
    # the work wished for next: 'my next role should be in Go or Java'
    r"(?:my\s+)?next\s+(?:role|job|position|step|move)\s+(?:should|would|will|must)\s+"
    r"(?:ideally\s+)?(?:be\s+)?(?:in|with|using|on|into)",
    r"(?:would|'d|i'd|i\s+would|we'd)\s+(?:really\s+|also\s+|eventually\s+)?(?:like|love)\s+to\s+"
    r"(?:learn|try|explore|get\s+into|pick\s+up|gain|develop|study|move\s+into|work\s+towards)",
    r"(?:want|wants|wish|hope|hoping|plan|planning|aim|aiming|looking|eager|keen|interested|"
    r"excited|intend|intending)\s+(?:to|in|on)\s+(?:learn\w*|study\w*|explor\w*|pick\w*\s+up|"
    r"get\w*\s+into|gain\w*|mov\w*\s+into|transition\w*|tr\w+|develop\w*)",
    r"(?:with\s+a\s+)?view\s+to\s+(?:develop\w*|learn\w*|gain\w*)",
    r"(?:i\s+)?(?:will|shall|plan\s+to|intend\s+to|am\s+going\s+to|hope\s+to)\s+"
    r"(?:apply\s+for|register|obtain|sit|take|complete|gain|start)",
    r"(?:applying|working\s+towards|studying\s+for|awaiting|pending)\b",
    r"(?:currently|now|still|just\s+started|started|beginning\s+to|i\s+am|i'm)\s+"
    r"(?:learning|studying|teaching\s+myself|self-teaching|"
    r"taking\s+(?:an?\s+)?(?:[\w-]+\s+){0,2}course\s+(?:in|on))",
    # not the person's part: 'I wasn't part of the month-end close', 'not involved in audits'
    r"(?:(?:was|were|am|is|are)(?:n't|\s+not|\s+never)|not|never)\s+(?:directly\s+)?"
    r"(?:part\s+of|involved\s+(?:in|with)|responsible\s+for|in\s+charge\s+of)",
    r"learning\s+now\s*:?",
    r"teaching\s+myself",
    # 'Learning Siemens NX because ...' at the start of a line, sentence or item (not
    # 'machine learning').
    r"(?:(?<=\n)|(?<=^)|(?<=[.;:•]\s)|(?<=[.;:•]))\s?learning(?:\s*:|(?=\s+(?-i:[A-Z])))"
    r"(?!\s+(?:management|technolog\w*|design|analytics|experience|disabilit\w*|support|"
    r"difficult\w*|outcomes?|objectives?|platforms?|paths?|agreements?|culture|organi[sz]ation|"
    r"partner|lead|specialist|coordinator|manager|consultant|officer|advisor|facilitator|"
    r"sciences?|resources?|centre|center|hub|zone|tech|systems?|and|&))",
    r"current(?:ly\s+studying\s+the)?\s+module(?:\s+is)?",
    r"(?:don't|do\s+not|doesn't|does\s+not|won't|will\s+not|wouldn't|would\s+not|never|"
    r"rather\s+not|can't|cannot)\s+(?:want\s+to\s+|wish\s+to\s+|like\s+to\s+|care\s+to\s+)?"
    r"(?:work|use|code|program|do|touch|run|own|lead|have|hold|manage|offer|speak|know|"
    r"administer|give|prescribe|perform|dispense|operate|sell|teach|drive|deploy|handle|cover)"
    r"(?:\s+(?:with|in|on|any))?",
    r"(?:not|no)\s+interest(?:ed)?\s+in",
    r"not\s+yet\s*[|:–—-]?",
    r"unfamiliar\s+with",
    r"not\s+(?:really\s+)?hands-on\s+(?:with|in|on)",
    r"lack(?:ing|s)?\s+(?:of\s+)?(?:any\s+)?(?:experience|knowledge|exposure)?\s*(?:with|in|of)?",
    r"without\s+(?:any\s+)?(?:experience|knowledge|exposure)\s+(?:with|in|of)",
    r"no\s+need\s+(?:for|to\s+know)",
    r"(?:is|are)\s+not\s+required\s*:",
    r"not\s+(?:required|needed|necessary|essential|mandatory)\s*:",
    r"not\s+my\s+(?:area|strength|thing)s?\s*:?",
    r"(?:except|excluding|other\s+than)",
    # Done by someone else: 'they look after Search Console', 'the agency handles Google Ads'.
    r"(?:they|the\s+agency|the\s+vendor|(?:the|their|another|a\s+separate)\s+(?:[\w-]+\s+){1,2}team)"
    r"\s+(?:look\s+after|handles?|manages?|owns?|runs?|takes?\s+care\s+of|does)",
]
_SUFFIX = [
    r"\(\s*(?:not\s+required|not\s+needed|not\s+essential|optional|learning|currently\s+learning|"
    r"still\s+learning|self-study(?:ing)?|not\s+yet[^)]{0,40}|planned|want\s+to\s+learn|"
    r"would\s+like\s+to\s+learn|none|no|pending|awaiting[^)]{0,30}|[^)]{0,30}in\s+progress)\s*\)",
    r"(?:(?:is|are|was|were)\s++)?(?:not|n't)\s++(?:required|needed|necessary|essential|mandatory)",
    r"(?:is|are)\s+optional",
    r"(?:is|are)\s+(?:planned|scheduled|proposed)\b",
    r"(?:is|are)\s+something\s+i\s+(?:want|would\s+like|hope|plan)\s+to\s+learn",
    r"[-–—:|]\s*(?:learning|currently\s+learning|(?:currently\s+)?studying|not\s+yet|planned|"
    r"would\s+like\s+to\s+learn|exam\s+(?:planned|booked|pending))\b",
    r"[-–—:|]\s*no\s+(?:hands-on\s+|real\s+|commercial\s+|professional\s+)?(?:experience|exposure)",
    r"(?:i\s+)?(?:have\s+)?never\s+used\s+(?:it|them|this)",
    # 'Salesforce: I haven't used it', 'A note on Jira - I have not worked with it'.
    r"(?:i\s+)?(?:haven't|have\s+not|didn't|did\s+not|don't|do\s+not)\s+(?:yet\s+|really\s+|actually\s+)?"
    r"(?:used|worked\s+with|touched|tried|use|know|had)\s+(?:it|them|this|that|one|any)\b",
    # '- not productive in it yet', ', not at a production level yet'.
    r"[-–—,;(]\s*not\s+(?:[\w'-]+\s+){0,5}?yet\b",
    # '— classroom only', '(theory only)', ', no hands-on plant experience yet'.
    r"[-–—,;(]\s*(?:classroom|theory|theoretical|coursework|course|training|academic)\s+only\b",
    r"[-–—,;(]\s*no\s+(?:hands-on\s+|real\s+|commercial\s+|professional\s+)?(?:[\w-]+\s+)?"
    r"(?:experience|exposure)\b",
    r"(?:not\s+my\s+(?:area|strength|thing))",
    # A qualifier after the item that takes the claim back: 'JMeter - basic exposure only',
    # 'Azure - never used', 'K8s | basic exposure (online course), never in production',
    # 'Kubernetes (no production use yet)', 'Azure DevOps: one workshop, I don't count it'.
    r"[-–—:|,;(]\s*(?:(?:only\s+)?(?:basic|minimal|limited|little|brief|light|some)\s+)?"
    r"(?:exposure|awareness)\s+only\b",
    r"[-–—:|,;(]\s*(?:only\s+)?(?:basic|minimal|limited|little|brief)\s+exposure\b",
    r"[-–—:|,;(]\s*(?:i\s+have\s+|i've\s+)?never\s+(?:used|touched|worked\s+with|"
    r"(?:been\s+)?in\s+production|in\s+a\s+real\s+project)\b",
    r"[-–—,;(]\s*no\s+(?:[\w-]+\s+){0,3}?(?:use|usage|experience|exposure)\s+yet\b",
    r"(?:i|we)\s+(?:don't|do\s+not|wouldn't|would\s+not)\s+count\s+(?:it|them|this)\b",
    # Done by someone else: 'Google Ads is managed by them', 'payroll is run by our bureau'.
    r"(?:is|are|was|were)\s+(?:managed|handled|run|done|owned|looked\s+after|outsourced|"
    r"taken\s+care\s+of)\s+(?:by|to)\s+(?:them|others|someone\s+else|another\s+team|"
    r"(?:an?|our|the|my)(?:\s+[\w-]+){1,3}?\s+(?:agency|team|firm|partner|provider|bureau|"
    r"contractor|colleagues?|manager|department|vendor|consultants?|engineers|developers|"
    r"specialists|analysts|admins|administrators|staff|electricians?))\b",
    # 'line-voltage electrical installation is outside my scope', 'SQL - no, working on it',
    # 'Scala : no hands-on', 'Scripting (Python/PowerShell): none yet'.
    r"(?:is|are|was|were)\s+(?:outside|beyond|not\s+(?:in|within|part\s+of))\s+(?:my|our)\s+"
    r"(?:scope|remit|role|job)\b",
    r"[-–—:|]\s*(?:none\s+yet\b|no\s+hands-on\b|(?:no|none|nope)(?:\s+yet)?\s*(?=[,;.]|$|\s[-–—]))",
]
# 'no SQL', 'No hands-on AWS so far', 'No Creo or NX experience': a bare 'no' negates the item
# right after it and the items listed with it, not the rest of its sentence ('no downtime
# using Kubernetes' negates nothing).
_BARE_NO = re.compile(
    r"(?<![\w'])no\s+(?:(?:real|prior|hands-on|commercial|production|professional|formal)\s+)?",
    re.IGNORECASE,
)
_ITEM = re.compile(r"[\w+#./&-]+(?:\s[\w+#./&-]+){0,3}")
_LIST_JOIN = re.compile(r"(?:,|/|&|\bor\b|\band\b|\bnor\b)", re.IGNORECASE)
# What ends a scope: the end of a sentence, a `;`, a bullet or pipe, a line break, and a
# contrast.
_BOUNDARY = re.compile(
    r"[.!?;](?=\s|$)|[|•▪●\n]|\s(?:but|however|although|though|whereas|instead|yet)\b",
    re.IGNORECASE,
)
_ITEM_START = re.compile(r"[,/(:]|\s(?:and|or|&)\s", re.IGNORECASE)
# A qualification on its way, not held: 'CIMA finalist', 'ACCA part-qualified', 'CFA Level II
# candidate'. Only the name just before the cue is negated.
_UNFINISHED = re.compile(
    r"(?<![\w-])((?-i:[A-Z][\w-]{1,15})(?: (?-i:[A-Z][\w-]{1,15})){0,2})\s(?:finalist|"
    r"part[- ]qualified|(?:level\s(?:[1-3]|i{1,3})\s)?candidate)\b",
    re.IGNORECASE,
)
_PREFIX_RE = re.compile(r"(?<![\w'])(?:" + "|".join(_PREFIX) + r")(?![\w])", re.IGNORECASE)
_SUFFIX_RE = re.compile(r"(?:" + "|".join(_SUFFIX) + r")(?![\w])", re.IGNORECASE)


@dataclass(frozen=True)
class Scope:
    """A stretch of text (`start`..`end`) that is negated, and the cue that negated it."""

    start: int
    end: int
    cue: str


def negated_scopes(text: str) -> list[Scope]:
    """Every negated stretch of `text`, in order, overlapping stretches merged."""
    bounds = [m.start() for m in _BOUNDARY.finditer(text) if not _wrapped(text, m)]
    scopes: list[Scope] = []
    for m in _PREFIX_RE.finditer(text):
        i = bisect.bisect_left(bounds, m.end())
        end = bounds[i] if i < len(bounds) else len(text)
        scopes.append(Scope(m.end(), end, m.group(0).strip()))
    for m in _BARE_NO.finditer(text):
        end = _list_end(text, m.end())
        if end > m.end():
            scopes.append(Scope(m.end(), end, m.group(0).strip()))
    for m in _UNFINISHED.finditer(text):
        scopes.append(Scope(m.start(1), m.end(1), text[m.end(1) : m.end()].strip()))
    for m in _SUFFIX_RE.finditer(text):
        i = bisect.bisect_left(bounds, m.start())
        clause_start = bounds[i - 1] + 1 if i > 0 else 0
        if m.group(0).lstrip().startswith("|"):
            # A table row ('Venepuncture | CCU | Currently learning'): the whole row.
            clause_start = text.rfind("\n", 0, m.start()) + 1
        start = clause_start
        if m.group(0).lstrip().startswith("("):
            # '(learning)' negates only the item just before it.
            window = text[clause_start : m.start()]
            items = [x.end() for x in _ITEM_START.finditer(window)]
            start = clause_start + items[-1] if items else clause_start
        # 'is owned by a dedicated UX research team': the team's own work is not the person's.
        end = m.end() if re.search(r"\sby\s", m.group(0)) else m.start()
        scopes.append(Scope(start, end, m.group(0).strip()))
    return _merged(scopes)


def _wrapped(text: str, m: re.Match[str]) -> bool:
    """A line break inside a sentence (a PDF's or a paste's wrapping: '... part of a formal\n
    incident response team'): the line goes on in lower case after a word or a comma."""
    pos = m.start()
    if text[pos] != "\n" or pos == 0 or pos + 1 >= len(text):
        return False
    return (text[pos - 1].isalpha() or text[pos - 1] == ",") and text[pos + 1].islower()


def _list_end(text: str, pos: int) -> int:
    """Where the list that starts at `pos` ends: one item of up to four words, then more
    items joined by commas, slashes, 'or', 'and'."""
    m = _ITEM.match(text, pos)
    if m is None:
        return pos
    end = m.end()
    for _ in range(8):
        join = _LIST_JOIN.match(text, _skip_spaces(text, end))
        if join is None:
            break
        item = _ITEM.match(text, _skip_spaces(text, join.end()))
        if item is None:
            break
        end = item.end()
    return end


def _skip_spaces(text: str, pos: int, limit: int = 8) -> int:
    """`pos` moved past at most `limit` spaces (a list's joins are never far apart)."""
    end = min(len(text), pos + limit)
    while pos < end and text[pos] == " ":
        pos += 1
    return pos


def _merged(scopes: list[Scope]) -> list[Scope]:
    out: list[Scope] = []
    for scope in sorted(scopes, key=lambda s: (s.start, -s.end)):
        if out and scope.start <= out[-1].end:
            last = out[-1]
            out[-1] = Scope(last.start, max(last.end, scope.end), last.cue)
        else:
            out.append(scope)
    return out


def negation_at(scopes: list[Scope], start: int, end: int) -> Scope | None:
    """The scope that covers the span `start`..`end`, if any (`scopes` as returned by
    `negated_scopes`: sorted and disjoint)."""
    i = bisect.bisect_right([s.start for s in scopes], start) - 1
    # A span that starts in a scope is covered, also when it runs past its end: a term broken
    # across the line that ends the scope ('Not yet trained in sterile\ncompounding').
    if i >= 0 and scopes[i].start <= start < scopes[i].end:
        return scopes[i]
    # A span that runs into a scope: the skill named by the cue's own verb ('I do not
    # administer vaccines').
    if i + 1 < len(scopes) and scopes[i + 1].start < end:
        return scopes[i + 1]
    return None
