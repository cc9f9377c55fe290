"""What each agent consumes and emits, said in three places that must agree: its `Worker`
declaration (handlers and `emits`), the topology's bindings, and the table in docs/agents.md."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from agents.hr_comparator.main import WORKER as COMPARATOR
from agents.jd_reader.main import WORKER as JD_READER
from agents.resume_extractor.main import WORKER as EXTRACTOR
from agents.resume_reader.main import WORKER as READER
from common.broker import Worker
from common.broker.topology import GROUP_BINDINGS
from tracker.consumer import WORKER as TRACKER

pytestmark = pytest.mark.unit
DOC = Path(__file__).resolve().parents[2] / "docs" / "agents.md"
WORKERS = (EXTRACTOR, JD_READER, READER, COMPARATOR)


def documented() -> dict[str, tuple[set[str], set[str]]]:
    """`{agent: (consumes, emits)}` from the table at the top of docs/agents.md."""
    rows = {}
    for line in DOC.read_text().splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 4 and cells[0].startswith("`") and cells[0] != "`name`":
            name = cells[0].strip("`")
            rows[name] = (
                set(re.findall(r"`([a-z_]+\.[a-z_]+)`", cells[1])),
                set(re.findall(r"`([a-z_]+\.[a-z_]+)`", cells[2])),
            )
    return rows


@pytest.mark.parametrize("worker", (*WORKERS, TRACKER), ids=lambda w: w.group)
def test_a_consumer_settles_everything_its_queue_receives(worker: Worker):
    # by a handler, or by a middleware of its chain (cancellation: SkipCancelled), never by
    # a special case of the consumer loop
    by_handler = {cls.TYPE for cls in worker.handlers}
    by_middleware = {cls.TYPE for step in worker.middleware for cls in step.CONSUMES}
    assert by_handler | by_middleware == set(GROUP_BINDINGS[worker.group])


@pytest.mark.parametrize("worker", WORKERS, ids=lambda w: w.group)
def test_the_table_says_what_the_declaration_says(worker: Worker):
    consumes, emits = documented()[worker.group]
    assert consumes == set(GROUP_BINDINGS[worker.group])
    assert emits == {cls.TYPE for cls in worker.emits}


@pytest.mark.parametrize("worker", WORKERS, ids=lambda w: w.group)
def test_everything_an_agent_emits_reaches_the_tracker(worker: Worker):
    assert worker.emits
    assert {cls.TYPE for cls in worker.emits} <= set(GROUP_BINDINGS["tracker"])


def test_the_table_names_every_agent_and_the_cancellation_record():
    assert set(documented()) == {w.group for w in WORKERS}
    assert "`cancelled_workflows`" in DOC.read_text()
