"""Reading order of the project's layout fixtures (`tests/agents/fixtures/layouts.py`): a
sidebar on either side, a full-width header above the columns, a page that changes layout half
way, dates at the right edge of a one-column page; as text PDFs and as scans read by OCR."""

from __future__ import annotations

from datetime import date

import pytest

from agents.resume_extractor.extract import Limits, extract, extract_any
from agents.resume_reader.parse import read_resume
from samples.scans import scanned_twin
from tests.agents.fixtures.layouts import JOBS, YEARS, Fixture, fixtures

pytestmark = pytest.mark.unit
TODAY = date(2026, 12, 1)
FIXTURES = fixtures()


def assert_runs_in_order(text: str, runs: list[list[str]]) -> None:
    """Each run's lines come out as consecutive lines, and the runs in the order given."""
    lines = [" ".join(line.split()) for line in text.splitlines() if line.strip()]
    at = 0
    for run in runs:
        assert run[0] in lines[at:], (run[0], lines)
        start = lines.index(run[0], at)
        assert lines[start : start + len(run)] == run, (run, lines[start : start + len(run)])
        at = start + len(run)


def assert_history(text: str) -> None:
    profile = read_resume(text, TODAY)
    assert [j.title for j in profile.work_history] == [t.split(",")[0] for t, _, _ in JOBS]
    assert abs(profile.total_years_experience - YEARS) <= 1


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda f: f.name)
def test_a_layout_reads_in_its_written_order(fixture: Fixture):
    text = extract(fixture.data, Limits()).text
    assert_runs_in_order(text, fixture.runs)
    assert_history(text)


@pytest.mark.parametrize("fixture", FIXTURES[:4], ids=lambda f: f.name)
def test_a_scanned_layout_keeps_its_work_history(fixture: Fixture):
    read = extract_any(scanned_twin(fixture.data, seed=3), Limits())
    assert read.ocr
    assert_history(read.text)
