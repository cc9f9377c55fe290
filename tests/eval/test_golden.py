"""The hand-written golden set (tests/golden) read by the real readers and scored by the real
comparator: the floors below which a change made reading or ranking worse (the targets and the
measured figures are in docs/agents.md "Evaluation")."""

import pytest

from cli.eval import GOLDEN_FLOORS, golden_failures
from samples.golden import load_golden
from samples.golden_eval import evaluate_golden

pytestmark = pytest.mark.eval


@pytest.fixture(scope="module")
def report():
    return evaluate_golden()


def test_the_golden_set_is_complete():
    gs = load_golden()
    assert len(gs.resumes) >= 60 and len(gs.jds) >= 15
    assert len(gs.grades) == len(gs.resumes) * len(gs.jds)  # every pair graded by hand
    assert {r.layout for r in gs.resumes} == {"txt", "docx", "pdf", "pdf-two-column"}


def test_no_golden_floor_is_missed(report):
    figures = {**report.resumes, **report.jds, **report.ranking}
    assert golden_failures(figures) == [], {k: figures[k] for k in GOLDEN_FLOORS}


def test_a_dated_job_never_gives_zero_years(report):
    assert report.resumes["zero_years_with_jobs"] == 0


def test_negated_skills_are_not_read_as_skills(report):
    # 'no experience with X', 'would like to learn X': at most a few slip through
    assert report.resumes["negated_skills_added"] <= 0.1 * report.resumes["negated_labels"]


def test_no_unrelated_candidate_is_a_best_or_partial_fit(report):
    assert report.ranking["grade0_as_best_or_partial"] == 0
