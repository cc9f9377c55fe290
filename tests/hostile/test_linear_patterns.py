"""Every pattern the readers and the comparator scan untrusted text with runs in linear time.

A regular expression that can backtrack over a run of characters (two unbounded quantifiers
that match the same characters, or an alternative that starts with `\\s*` and can fail) costs
quadratic time or worse on a crafted input: 300 spaces once took the jd-reader 14 s. This test
finds every compiled pattern in the reading modules and scans inputs made of one repeated piece
— spaces, tabs, letters, digits, dashes, dates, cue words — at two sizes four times apart: a
linear scan takes about four times longer, a quadratic one sixteen. CPU time of this process is
measured (not wall time), the best of five runs with the garbage collector off, and a ratio
over the bar is measured again, so other work on the machine does not decide.
The same is checked for the readers and the comparator as a whole.
"""

from __future__ import annotations

import gc
import importlib
import re
import time
from collections.abc import Callable, Iterator

import pytest

from agents.hr_comparator.blind import blind
from agents.hr_comparator.compare import compare
from agents.hr_comparator.weights import Weights
from agents.jd_reader.parse import read_jd
from agents.resume_reader.parse import read_resume

pytestmark = pytest.mark.unit

MODULES = [
    "agents.reading.contact",
    "agents.reading.dates",
    "agents.reading.degrees",
    "agents.reading.history",
    "agents.reading.negation",
    "agents.reading.places",
    "agents.reading.sections",
    "agents.reading.skills",
    "agents.reading.text",
    "agents.reading.titles",
    "agents.jd_reader.parse",
    "agents.resume_reader.parse",
    "agents.hr_comparator.phrases",
    "agents.hr_comparator.requirements",
    "agents.taxonomy.matcher",
]
PIECES = [
    " ", "\t", "a", "A", "1", "- ", ". ", ", ", "|", "( ", ": ", "aA1 -./|,:;", "no ", "lack ",
    "not ", "years ", "5 ", "Jan 2019 ", "2019 ", "since ", "no experience ", "Skills ",
    "SKILLS ", "#", "•", "* ", "or ", "and ", "London, ", "Ltd ", "in ", "the ",
]  # fmt: skip
SMALL, LARGE = 3_000, 12_000  # four times apart: linear ~4x, quadratic ~16x
MAX_RATIO = 7.0


def _patterns() -> Iterator[tuple[str, re.Pattern[str]]]:
    for name in MODULES:
        module = importlib.import_module(name)
        for attr, value in vars(module).items():
            if isinstance(value, re.Pattern):
                yield f"{name}.{attr}", value


def _cpu_pair(small: Callable[[], object], large: Callable[[], object]) -> tuple[float, float]:
    """The best of five CPU times of each, measured in turn (small, large, small, ...) with the
    garbage collector off: a slow spell of a shared machine then costs both sizes alike instead
    of inflating one, and a collection that the larger input's allocations happen to trigger is
    not the pattern's cost."""
    best_small = best_large = float("inf")
    enabled = gc.isenabled()
    gc.disable()
    try:
        for _ in range(5):
            start = time.process_time()
            small()
            best_small = min(best_small, time.process_time() - start)
            start = time.process_time()
            large()
            best_large = min(best_large, time.process_time() - start)
    finally:
        if enabled:
            gc.enable()
    return best_small, best_large


def _ratio(fn: Callable[[str], object], piece: str) -> float:
    """Large-input time over small-input time. A ratio over the bar is measured again (twice
    at most) and the lowest kept: a pause of the machine does not repeat, a quadratic scan
    does."""
    small = (piece * (SMALL // len(piece) + 1))[:SMALL]
    large = (piece * (LARGE // len(piece) + 1))[:LARGE]
    ratio = float("inf")
    for _ in range(3):
        t_small, t_large = _cpu_pair(lambda: fn(small), lambda: fn(large))
        ratio = min(ratio, t_large / max(t_small, 2e-4))  # below 0.2 ms the clock says nothing
        if ratio <= MAX_RATIO:
            break
    return ratio


@pytest.mark.parametrize(
    ("name", "pattern"), list(_patterns()), ids=lambda v: v if isinstance(v, str) else ""
)
def test_every_pattern_scans_in_linear_time(name: str, pattern: re.Pattern[str]) -> None:
    for piece in PIECES:
        ratio = _ratio(lambda text: [m.span() for m in pattern.finditer(text)], piece)
        assert ratio <= MAX_RATIO, f"{name} on {piece!r} x{LARGE}: {ratio:.1f}x for 4x the input"


@pytest.mark.parametrize(
    "reader",
    [
        read_resume,
        lambda text: read_jd(text, designation="Engineer"),
        lambda text: compare(
            read_jd("Requirements: Python, SQL. 3+ years."), blind(read_resume(text)), Weights()
        ),
    ],
    ids=["resume-reader", "jd-reader", "comparator"],
)
def test_the_readers_take_linear_time_on_hostile_text(reader: Callable[[str], object]) -> None:
    for piece in [" ", "Jan 2019 - ", "no experience with Python ", "SKILLS: ", "• ", "5+ years "]:
        ratio = _ratio(reader, piece)
        assert ratio <= MAX_RATIO, f"{piece!r}: {ratio:.1f}x for 4x the input"


def test_the_measure_tells_a_quadratic_scan_from_a_linear_one() -> None:
    quadratic = re.compile(r"\s+x")  # every start in a run of spaces scans to its end
    linear = re.compile(r"\s+")
    # A busy machine can only lower a quadratic scan's measured ratio toward the bar (its
    # small run is what a pause inflates): it shows over the bar in one of three measures.
    assert (
        max(_ratio(lambda text: list(quadratic.finditer(text)), " ") for _ in range(3)) > MAX_RATIO
    )
    assert _ratio(lambda text: list(linear.finditer(text)), " ") <= MAX_RATIO
